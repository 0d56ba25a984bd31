# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.machine and machine_info through ansible-playbook, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from tests.integration.machines_setup import CATALOG, GPU_HARDWARE, HARDWARE, SECRET_KEY, machine_entry, machine_id, register

pytestmark = pytest.mark.playbook

MACHINE = "metalfleet.datacenter.machine"
PASSWORD = "Bmc-Passw0rd-never-shown"


def task(title, **options):
    return {"name": title, MACHINE: options}


def test_register_contract_and_secret_handling(fleet):
    fleet.run(CATALOG)
    bmc = {"address": "10.1.0.1", "port": 623, "driver": "ipmi", "username": "admin", "password": PASSWORD}
    (registered,) = fleet.four_way([task("register", secret_key=SECRET_KEY, bmc=bmc, **machine_entry(1))], result_keys=["machine"])
    machine = registered["machine"]
    assert machine["id"] == machine_id(1) and machine["size"] == "c1-medium" and machine["state"] == "waiting"
    assert machine["bmc"] == {"address": "10.1.0.1", "port": 623, "driver": "ipmi", "username": "admin",
                              "password_set": True, "password_version": 1}
    assert machine["hardware"]["memory"] == 64 * 1024 ** 3 and machine["hardware_summary"]["storage"] == 960 * 10 ** 9
    # a new password is encrypted again: the diff shows the version, never the password
    fleet.env = {"METALFLEET_SECRET_KEY": SECRET_KEY}
    rotated = fleet.run([task("rotate", id=machine_id(1), bmc={"password": PASSWORD + "2"})], diff=True)
    result = rotated.task("rotate")["result"]
    assert result["changed"] is True and result["machine"]["bmc"]["password_version"] == 2
    assert result["diff"]["after"]["machine %s" % machine_id(1)]["bmc"]["password_version"] == 2
    history = fleet.run([{"name": "audit", "metalfleet.datacenter.audit_info": {"kind": "machine"}}])
    for run in (rotated, history):
        assert PASSWORD not in run.stdout and PASSWORD not in str(run.results)
    assert PASSWORD not in str(fleet.dump()), "the password must be stored encrypted"


def test_size_matching_unknown_with_reason(fleet):
    fleet.run(CATALOG)
    run = fleet.run([register([machine_entry(1), machine_entry(2, hardware=GPU_HARDWARE),
                               machine_entry(3, hardware=dict(HARDWARE, memory="8GiB"))])])
    first, gpu, small = run.task("register")["result"]["machines"]
    assert first["size"] == "c1-medium" and first["size_reason"] == ""
    assert gpu["size"] == "unknown" and "no size found" in gpu["size_reason"]
    assert small["size"] == "unknown" and small["size_reason"]


def test_holds_issues_and_removal(fleet):
    fleet.run(CATALOG + [register([machine_entry(1), machine_entry(2)])])
    (held,) = fleet.four_way([task("hold", id=machine_id(1), hold="reserved", tags=["maintenance"])], result_keys=["machine"])
    assert held["machine"]["state"] == "reserved" and held["machine"]["tags"] == ["maintenance"]
    (faulty,) = fleet.four_way([task("faulty", id=machine_id(2), issues=["bmc-unreachable"])], result_keys=["machine"])
    assert faulty["machine"]["state"] == "faulty"
    (removed,) = fleet.four_way([task("remove", id=machine_id(2), state="absent")], result_keys=["machine"])
    assert removed["machine"] is None
    listing = fleet.run([{"name": "list", "metalfleet.datacenter.machine_info": {}},
                         {"name": "reserved", "metalfleet.datacenter.machine_info": {"state": "reserved"}}], check=True)
    assert [m["id"] for m in listing.task("list")["result"]["machines"]] == [machine_id(1)]
    assert [m["id"] for m in listing.task("reserved")["result"]["machines"]] == [machine_id(1)]


def test_list_form_is_one_transaction(fleet):
    fleet.run(CATALOG)
    (first,) = fleet.four_way([register([machine_entry(i, rack="rack-%d" % (i % 3)) for i in range(1, 13)])], result_keys=["machines"])
    assert len(first["machines"]) == 12 and len(first["diff"]["after"]) == 12
    assert all(summary["changed"] and summary["state"] == "waiting" for summary in first["machines"])
    # a long list: per-entry changed flags, and the invocation shows the list by its size only
    entries = [machine_entry(i, rack="rack-%d" % (i % 3)) for i in range(1, 52)]
    result = fleet.run([register(entries)]).task("register")["result"]
    assert [s["changed"] for s in result["machines"]] == [False] * 12 + [True] * 39
    assert result["invocation"]["module_args"]["machines"] == "<51 entries>"
    # the password comes from a variable, as from a vault: the task's source, which Ansible shows with errors, never holds it
    bad_port = dict(machine_entry(22, bmc={"address": "10.1.0.22", "port": "ipmi", "password": "{{ bmc_password }}"}))
    run = fleet.expect_failures([
        (register([machine_entry(20), machine_entry(21, hardware={"memory": "lots"})]), "machines[1].hardware.memory", "lots"),
        (register([machine_entry(20), machine_entry(21, rak="rack-2")]), "machines[1]", "unsupported option rak"),
        (register([machine_entry(20), bad_port]), "machines[1]", "unable to convert to int"),
        (register([machine_entry(20), dict(machine_entry(23), hold="maybe")]), "machines[1]", "hold must be one of"),
    ], extra_vars={"bmc_password": PASSWORD})
    assert PASSWORD not in run.stdout and PASSWORD not in str(run.results), "a failed entry's BMC password was shown"


def test_bad_input_names_the_field(fleet):
    fleet.run(CATALOG + [register([machine_entry(1)])])
    fleet.expect_failures([
        (task("x", id="not-a-uuid", partition="fra-1", hardware=HARDWARE), "id", "not a UUID"),
        (task("x", id=machine_id(5), partition="nowhere", hardware=HARDWARE), "partition", "unknown partition 'nowhere'"),
        (task("x", id=machine_id(5), partition="fra-1"), "hardware", "needs its hardware"),
        (task("x", id=machine_id(5), partition="fra-1", hardware=dict(HARDWARE, nics=[{"name": "eth0", "mac": "zz"}])),
         "hardware.nics[0].mac", "not a MAC address"),
        (task("x", id=machine_id(1), bmc={"password": PASSWORD}), "bmc.password", "without a secret key"),
    ])


def test_machines_are_rematched_when_sizes_change(fleet):
    fleet.run(CATALOG + [register([machine_entry(1), machine_entry(2, hardware=GPU_HARDWARE)])])
    gpu_size = {"name": "gpu size", "metalfleet.datacenter.size": {"id": "g1-medium", "constraints": [
        {"type": "cores", "min": 8, "max": 8}, {"type": "memory", "min": "60GiB", "max": "70GiB"},
        {"type": "storage", "min": "900GB", "max": "1TB", "identifier": "/dev/*"},
        {"type": "gpu", "min": 1, "max": 1, "identifier": "AD102GL*"}]}}
    (added,) = fleet.four_way([gpu_size], result_keys=["size"])
    assert added["machines_rematched"] == 1
    assert added["diff"]["after"]["machine %s" % machine_id(2)]["size"] == "g1-medium"
    listing = fleet.run([{"name": "m", "metalfleet.datacenter.machine_info": {"size": "g1-medium"}}]).task("m")["result"]
    assert [m["id"] for m in listing["machines"]] == [machine_id(2)]
