# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet lab's own wiring, without the discovery ramdisk: BMC -> chassis control -> QEMU -> iPXE -> dnsmasq ->
boot API, driven by the real provision playbook.

The partition's kernel is not there (``/files/vmlinuz`` answers 404), so no machine registers: the playbook powers
the machines on through their BMCs, they PXE-boot and ask the boot API for their script (``PXE Booting`` is
recorded under their SMBIOS UUID), and the playbook reports them as not registered - and the machine whose BMC is
dead as such - without waiting for it. Power off through the BMC ends QEMU. Serial: see test_lab_provision.py.
"""
from __future__ import annotations

import os

import pytest

from tests.lab import fleet_lab as lab_module
from tests.lab import vmctl
from tests.support.playbook import REPO_ROOT, play, run_playbook

pytestmark = [pytest.mark.playbook, pytest.mark.slow, pytest.mark.serial]

PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "provision.yml")


@pytest.fixture(scope="module")
def fleet_lab():
    missing = lab_module.missing_tools()
    if missing:
        pytest.skip("the fleet lab needs " + ", ".join(missing))
    lab = lab_module.FleetLab(count=3, subnet=31)
    lab.start()
    yield lab
    lab.close()
    lab.remove()


def pxe_booted(lab, machine) -> bool:
    run = run_playbook(play([{"name": "events", "metalfleet.datacenter.machine_events_info": {"id": [machine.uuid]}}]),
                       lab.dsn, os.path.join(lab.workdir, "runs"))
    assert run.returncode == 0, run.stdout[-3000:]
    found = run.task("events")["result"]["machines"]
    return bool(found) and [e["event"] for e in found[0]["events"]] == ["PXE Booting"]


def test_bmc_power_on_pxe_boots_the_vm_to_the_boot_api_and_a_dead_bmc_is_reported(fleet_lab):
    live, dead = fleet_lab.machines[:2], fleet_lab.machines[2]
    dead.bmc.stop()
    extra = {"provision_machines": [m.target() for m in live + [dead]], "provision_project": "lab",
             "provision_partition": lab_module.PARTITION, "provision_size": lab_module.SIZE, "provision_image": lab_module.IMAGE,
             "provision_bmc_driver": "ipmi", "provision_bmc_timeout": 2, "provision_poll_interval": 2,
             "provision_register_timeout": 60}
    run = run_playbook(PLAYBOOK, fleet_lab.dsn, os.path.join(fleet_lab.workdir, "runs"), extra_vars=extra, timeout=600)
    assert run.returncode != 0
    report = run.task("Sum up every machine")["result"]["ansible_facts"]["provision_report"]
    assert report[dead.uuid]["state"] == "bmc_failed" and report[dead.uuid]["reason"], report
    for machine in live:
        assert report[machine.uuid]["state"] == "not_registered", report
        assert machine.chassis_calls()[:3] == ["set boot pxe", "set power 1", "qemu start boot=network-once"], machine.chassis_calls()
        assert pxe_booted(fleet_lab, machine), "no PXE Booting recorded for %s" % machine.uuid
    log = fleet_lab.api.log()
    for machine in live:
        assert "uuid=%s" % machine.uuid in log, "machine %s never asked for its script" % machine.name
    dnsmasq = fleet_lab.logs()["dnsmasq"]
    assert all("DHCPACK(br0)" in dnsmasq and machine.mac in dnsmasq for machine in live)
    assert dead.chassis_calls() == []
    assert "not provisioned" in run.task("Fail naming the machines that were left behind")["result"]["msg"]

    targets = [{"name": m.uuid, "bmc_host": m.bmc.host, "bmc_port": m.bmc.port, "bmc_username": m.bmc.username,
                "bmc_password": m.bmc.password, "driver": "ipmi"} for m in live]
    off = run_playbook(play([{"name": "off", "metalfleet.datacenter.bmc_power": {"targets": targets, "state": "off"}}]),
                       fleet_lab.dsn, os.path.join(fleet_lab.workdir, "runs"))
    assert off.returncode == 0, off.stdout[-3000:]
    for machine in live:
        calls = machine.chassis_calls()
        assert calls[-2] == "set power 0" and calls[-1].startswith("qemu stop pid="), calls
        # (a zombie may linger: the daemonized QEMU's parent is PID 1, which need not reap it here)
        assert not vmctl.Machine(machine.dir).running(), "QEMU still runs after power off"
