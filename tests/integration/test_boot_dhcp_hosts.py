# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.boot_dhcp_hosts through ansible-playbook, on SQLite and PostgreSQL.

The files it writes are read by a real dnsmasq in tests/integration/test_boot_server_dhcp.py (static mode).
"""
from __future__ import annotations

import os

import pytest

from tests.integration.machines_setup import CATALOG, HARDWARE, machine_entry, machine_id, register

pytestmark = pytest.mark.playbook

MODULE = "metalfleet.datacenter.boot_dhcp_hosts"


def nics(*macs):
    return dict(HARDWARE, nics=[{"name": "eth%d" % i, "mac": mac} for i, mac in enumerate(macs)])


def sync(directory, name="sync", **options):
    return {"name": name, MODULE: dict(directory=str(directory), **options)}


def files(directory):
    if not directory.exists():
        return None
    return {p.name: p.read_text() for p in sorted(directory.iterdir())}


def test_sync_check_real_repeat_and_removal(fleet, tmp_path):
    hosts = tmp_path / "dhcp-hosts"
    fleet.run(CATALOG + [
        {"name": "other partition", "metalfleet.datacenter.partition": {"id": "ams-1"}},
        register([machine_entry(1, hardware=nics("aa:bb:cc:00:00:01", "AA:BB:CC:00:00:02")),
                  machine_entry(2, hardware=nics("aa:bb:cc:00:00:03")),
                  dict(machine_entry(3, hardware=nics("aa:bb:cc:00:00:04")), partition="ams-1")]),
    ])
    before = fleet.dump()

    check = fleet.run([sync(hosts, partition="fra-1")], check=True, diff=True).task("sync")["result"]
    assert check["changed"] is True and check["added"] == [machine_id(1), machine_id(2)]
    assert check["updated"] == [] and check["removed"] == [] and check["reload_needed"] is False
    assert [d["after_header"] for d in check["diff"]] == [str(hosts / (machine_id(n) + ".hosts")) for n in (1, 2)]
    assert files(hosts) is None, "check mode wrote the directory"

    real = fleet.run([sync(hosts, partition="fra-1")], diff=True).task("sync")["result"]
    for key in ("changed", "added", "updated", "removed", "machines", "diff", "reload_needed"):
        assert real[key] == check[key], key
    written = files(hosts)
    assert sorted(written) == [machine_id(1) + ".hosts", machine_id(2) + ".hosts"]
    lines = [line for line in written[machine_id(1) + ".hosts"].splitlines() if not line.startswith("#")]
    assert lines == ["aa:bb:cc:00:00:01", "aa:bb:cc:00:00:02"]
    assert oct(os.stat(hosts / (machine_id(1) + ".hosts")).st_mode & 0o777) == "0o644"
    assert real["machines"][0] == {"id": machine_id(1), "partition": "fra-1", "file": str(hosts / (machine_id(1) + ".hosts")),
                                   "macs": ["aa:bb:cc:00:00:01", "aa:bb:cc:00:00:02"]}

    for again in (fleet.run([sync(hosts, partition="fra-1")], check=True, diff=True),
                  fleet.run([sync(hosts, partition="fra-1")], diff=True)):
        result = again.task("sync")["result"]
        assert result["changed"] is False and result["added"] == result["updated"] == result["removed"] == []
        assert result["diff"] == [] and result["machines"] == real["machines"]
    assert files(hosts) == written
    assert fleet.dump() == before, "the module wrote to the store"

    # machine 2 leaves the store, machine 1 loses a NIC; a file the module does not own stays
    (hosts / "local-extra").write_text("de:ad:be:ef:00:01\n")
    fleet.run([{"name": "remove", "metalfleet.datacenter.machine": {"id": machine_id(2), "state": "absent"}},
               register([machine_entry(1, hardware=nics("aa:bb:cc:00:00:01"))])])
    predicted = fleet.run([sync(hosts, partition="fra-1")], check=True, diff=True).task("sync")["result"]
    assert predicted["changed"] is True and predicted["removed"] == [machine_id(2)] and predicted["updated"] == [machine_id(1)]
    assert predicted["reload_needed"] is True
    assert files(hosts) == dict(written, **{"local-extra": "de:ad:be:ef:00:01\n"})
    done = fleet.run([sync(hosts, partition="fra-1")], diff=True).task("sync")["result"]
    assert done["removed"] == predicted["removed"] and done["updated"] == predicted["updated"] and done["diff"] == predicted["diff"]
    assert sorted(files(hosts)) == sorted(["local-extra", machine_id(1) + ".hosts"])
    assert "aa:bb:cc:00:00:02" not in files(hosts)[machine_id(1) + ".hosts"]

    # without a partition every machine of the store gets a file
    everything = fleet.run([sync(hosts)]).task("sync")["result"]
    assert everything["added"] == [machine_id(3)] and everything["removed"] == []


def test_duplicate_mac_stays_with_the_first_machine(fleet, tmp_path):
    hosts = tmp_path / "dhcp-hosts"
    fleet.run(CATALOG + [register([machine_entry(1, hardware=nics("aa:bb:cc:00:00:01")),
                                   machine_entry(2, hardware=nics("aa:bb:cc:00:00:01", "aa:bb:cc:00:00:05"))])])
    run = fleet.run([sync(hosts)])
    result = run.task("sync")["result"]
    assert [m["macs"] for m in result["machines"]] == [["aa:bb:cc:00:00:01"], ["aa:bb:cc:00:00:05"]]
    assert "aa:bb:cc:00:00:01 of machine %s is also a NIC of machine %s" % (machine_id(2), machine_id(1)) in str(result["warnings"])


def test_bad_input_names_the_field_and_writes_nothing(fleet, tmp_path):
    fleet.run(CATALOG + [register([machine_entry(1)])])
    not_a_dir = tmp_path / "plain-file"
    not_a_dir.write_text("x")
    fleet.expect_failures([
        (sync("relative/dir"), "directory", "absolute path"),
        (sync(not_a_dir), "directory", "not a directory"),
        (sync(tmp_path / "hosts", partition="nowhere"), "partition", "unknown partition"),
    ])
    assert not (tmp_path / "hosts").exists() and not (tmp_path / "relative").exists()
    assert not_a_dir.read_text() == "x"
