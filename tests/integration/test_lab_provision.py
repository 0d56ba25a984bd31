# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lifecycle end to end in the fleet lab (tests/lab/fleet_lab.py, docs/lab.md): the real provision playbook.

One lab for the whole module (building it and booting QEMU machines under TCG is what costs): five BMCs, machines
0-2 provisioned together, 3 gets an image whose checksum is wrong, 4's BMC is dead. The tests run in file order
and build on each other (the second run and the second power cycle need the installed machines); each asserts its
own preconditions first, so a failure names the step that broke.

Serial (tests/conftest.py SERIAL_PATHS): three TCG machines load both cores for minutes; beside other tests on
``-n 2`` the timeouts of the machines (DHCP, long poll, install) would be shared with unrelated work.
"""
from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import from_iso

from tests.lab import fleet_lab as lab_module
from tests.lab import lab_artifacts
from tests.support.playbook import REPO_ROOT, play, run_playbook

pytestmark = [pytest.mark.playbook, pytest.mark.slow, pytest.mark.serial]

SUBNET = 30
PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "provision.yml")
PROJECT = "lab"
GOOD, BAD_IMAGE, DEAD_BMC = (0, 1, 2), 3, 4
FULL_SEQUENCE = ["PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel", "Phoned Home"]


@pytest.fixture(scope="module")
def fleet_lab():
    missing = lab_module.missing_tools()
    if missing:
        pytest.skip("the fleet lab needs " + ", ".join(missing))
    try:
        files, images = lab_artifacts.lab_boot_files(lab_module.api_url_for(SUBNET), lab_module.IMAGE, lab_module.BAD_IMAGE)
    except lab_artifacts.Unavailable as error:
        pytest.skip(str(error))
    lab = lab_module.FleetLab(count=5, subnet=SUBNET, files=files, images=images)
    lab.start()
    yield lab
    lab.close()
    lab.remove()


def provision(lab, indexes, **overrides):
    machines = []
    for index in indexes:
        image = lab_module.BAD_IMAGE if index == BAD_IMAGE else lab_module.IMAGE
        machines.append(lab.machines[index].target(image=image))
    extra = {"provision_machines": machines, "provision_project": PROJECT, "provision_partition": lab_module.PARTITION,
             "provision_size": lab_module.SIZE, "provision_networks": [{"network": lab_module.NETWORK}],
             "provision_bmc_driver": "ipmi", "provision_poll_interval": 2, "provision_register_timeout": 240,
             "provision_install_timeout": 480}
    extra.update(overrides)
    return run_playbook(PLAYBOOK, lab.dsn, os.path.join(lab.workdir, "runs"), extra_vars=extra, timeout=1200)


def events_of(lab, index) -> dict:
    run = run_playbook(play([{"name": "events", "metalfleet.datacenter.machine_events_info": {"id": [lab.machines[index].uuid]}}]),
                       lab.dsn, os.path.join(lab.workdir, "runs"))
    assert run.returncode == 0, run.stdout[-3000:]
    machines = run.task("events")["result"]["machines"]
    assert len(machines) == 1, machines
    return machines[0]


def machine_record(lab, index) -> dict:
    run = run_playbook(play([{"name": "machines", "metalfleet.datacenter.machine_info": {"partition": lab_module.PARTITION}}]),
                       lab.dsn, os.path.join(lab.workdir, "runs"))
    assert run.returncode == 0, run.stdout[-3000:]
    found = [m for m in run.task("machines")["result"]["machines"] if m["id"] == lab.machines[index].uuid]
    assert found, "machine %d is not in the store" % index
    return found[0]


def metric(lab, name: str) -> str:
    """The boot API's /metrics lines of ``name`` (asked inside the namespace)."""
    text = subprocess.run(lab.in_ns(["curl", "--silent", "--fail", lab.api_url + "/metrics"]), capture_output=True, text=True,
                          check=True, timeout=30).stdout
    return "\n".join(line for line in text.splitlines() if line.startswith(name))


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(2)
    raise AssertionError("timed out after %s s waiting for %s" % (timeout, what))


def test_three_machines_from_power_off_to_phoned_home(fleet_lab, record_property):
    run = provision(fleet_lab, GOOD)
    assert run.returncode == 0, run.stdout[-6000:]
    report = run.task("Sum up every machine")["result"]["ansible_facts"]["provision_report"]
    for index in GOOD:
        machine = fleet_lab.machines[index]
        assert report[machine.uuid] == {"state": "phoned_home", "reason": ""}, report
        events = events_of(fleet_lab, index)
        assert [e["event"] for e in events["events"]] == FULL_SEQUENCE, events["events"]
        assert events["crash_loop"] is False and events["project"] == PROJECT and events["hostname"] == machine.hostname
        record = machine_record(fleet_lab, index)
        assert record["size"] == lab_module.SIZE, record
        hardware = json.dumps(record)
        assert machine.mac in hardware.lower(), "the reported NIC is not in the record"
        # LLDP: the agent's lldpad heard the lab switch (lldpd) on this machine's tap, and registration kept it
        nics = [nic for nic in record["hardware"]["nics"] if nic["mac"].lower() == machine.mac]
        assert [nic.get("neighbor") for nic in nics] == [{"switch": lab_module.SWITCH_NAME, "port": machine.tap}], \
            (record["hardware"]["nics"], fleet_lab.lldp_ports()[-2000:])
        assert "198.51.100." in json.dumps(record.get("allocation")), "no IP of %s allocated: %s" % (lab_module.NETWORK, record)
        # the boot order followed the BMC: PXE once at power-on, then the disk (the agent's reboot after the install)
        assert machine.chassis_calls()[:3] == ["set boot pxe", "set power 1", "qemu start boot=network-once"]
        assert "metalfleet-testos: phoned home as " + machine.hostname in machine.console()
    # timings (printed, not asserted): seconds from each machine's PXE Booting (its first event) to registered
    # (Waiting, stored after the report) and to Phoned Home; the three machines boot at once on two cores
    timings = {}
    for index in GOOD:
        times = {e["event"]: from_iso(e["time"]) for e in events_of(fleet_lab, index)["events"]}
        timings[fleet_lab.machines[index].name] = {"pxe_to_registered_s": round(times["Waiting"] - times["PXE Booting"], 1),
                                                   "pxe_to_phoned_home_s": round(times["Phoned Home"] - times["PXE Booting"], 1)}
    record_property("timings", timings)
    print(json.dumps({"test": "lab_provision", "timings": timings}))


def test_a_second_run_changes_nothing(fleet_lab):
    before = {index: fleet_lab.machines[index].chassis_calls() for index in GOOD}
    run = provision(fleet_lab, GOOD)
    assert run.returncode == 0, run.stdout[-4000:]
    changed = [r["task"] for r in run.results if r["result"].get("changed")]
    assert changed == [], changed
    assert {index: fleet_lab.machines[index].chassis_calls() for index in GOOD} == before, "a BMC was asked to do something"


def test_a_second_power_cycle_boots_from_disk_and_phones_home_again(fleet_lab):
    machine = fleet_lab.machines[GOOD[0]]
    before = events_of(fleet_lab, GOOD[0])
    assert before["last_event"] == "Phoned Home"
    local_before = metric(fleet_lab, 'metalfleet_boot_api_boot_scripts_total{mode="local"}')
    consoles = machine.console().count("metalfleet-testos: phoned home as")
    target = {"name": machine.uuid, "bmc_host": machine.bmc.host, "bmc_port": machine.bmc.port,
              "bmc_username": machine.bmc.username, "bmc_password": machine.bmc.password, "driver": "ipmi"}
    run = run_playbook(play([{"name": "pxe", "metalfleet.datacenter.bmc_boot": {"targets": [target], "device": "network"}},
                             {"name": "cycle", "metalfleet.datacenter.bmc_power": {"targets": [target], "state": "cycle"}}]),
                       fleet_lab.dsn, os.path.join(fleet_lab.workdir, "runs"))
    assert run.returncode == 0, run.stdout[-3000:]
    wait_for(lambda: machine.console().count("metalfleet-testos: phoned home as") > consoles, 300, "the second phone home")
    after = events_of(fleet_lab, GOOD[0])
    assert after["events"] == before["events"], "the repeated Phoned Home was stored"
    assert after["last_event"] == "Phoned Home" and after["crash_loop"] is False
    assert metric(fleet_lab, 'metalfleet_boot_api_boot_scripts_total{mode="local"}') != local_before, \
        "the boot API did not answer a local boot"
    answer = [line for line in machine.console().splitlines() if line.startswith("metalfleet-testos: phoned home as")][-1]
    assert '"swallowed": true' in answer and '"recorded": false' in answer, answer
    assert "qemu start boot=network-once" in machine.chassis_calls()[-3:], machine.chassis_calls()


def test_a_wrong_checksum_crashes_and_a_dead_bmc_is_reported_while_the_other_goes_on(fleet_lab):
    dead = fleet_lab.machines[DEAD_BMC]
    dead.bmc.stop()
    run = provision(fleet_lab, (BAD_IMAGE, DEAD_BMC), provision_bmc_timeout=2)
    assert run.returncode != 0, "the play did not fail although two machines were left behind"
    report = run.task("Sum up every machine")["result"]["ansible_facts"]["provision_report"]
    bad = fleet_lab.machines[BAD_IMAGE]
    assert report[dead.uuid]["state"] == "bmc_failed" and report[dead.uuid]["reason"], report
    assert report[bad.uuid]["state"] == "crashed", report
    assert "checksum" in report[bad.uuid]["reason"].lower(), report
    events = events_of(fleet_lab, BAD_IMAGE)
    assert events["crash_loop"] is True and "checksum" in events["last_error"].lower(), events
    names = [e["event"] for e in events["events"]]
    assert names[:5] == FULL_SEQUENCE[:5] and "Crashed" in names and "Phoned Home" not in names, names
    failed = run.task("Fail naming the machines that were left behind")
    assert dead.uuid in failed["result"]["msg"] and bad.uuid in failed["result"]["msg"]
    assert dead.chassis_calls() == [], "the dead BMC's machine was touched"
