# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The discovery ramdisk, its agent and the test operating system in real QEMU machines (TCG, user-mode networking).

The real boot API (gunicorn over an SQLite store) runs on 127.0.0.1; each machine reaches it as 10.0.2.100:80
through QEMU's ``guestfwd`` (``tests/lab/usermode_vm.py``).  The kernel, ramdisk and test OS image are built once
per input by ``tests/lab/testos.py`` under ``.build/lab-images`` and served from there at ``/files/``.

* power-on -> PXE (iPXE, the boot API's scripts) -> the agent registers (size matched) -> allocation through the
  allocation service -> the agent installs the test OS (checksum verified, written to the virtio disk, boot
  information written) -> reboot from the disk -> the test OS phones home; the event sequence and the report are
  asserted, and the timings printed (power-on -> registered, power-on -> Phoned Home).
* an image whose checksum is wrong: the agent sends Crashed with the reason, the machine is in the crash loop; before
  the allocation the waiting agent's Alive refreshes the machine without being stored.

In the second test the partition's command line puts an address nothing answers at before the boot API's own: the
agent fails over to the second address (the console shows the failure) and keeps using it.
"""
from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import from_iso
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from tests.lab import testos
from tests.lab.usermode_vm import API_ADDRESS, UsermodeVm
from tests.support.boot_api import REPO_ROOT, BootApiServer

pytestmark = [pytest.mark.slow]

PARTITION = "lab"
SIZE = "lab-vm"
GOOD_IMAGE = "testos-1.0.0"
BAD_IMAGE = "badsum-1.0.0"
API_URL = "http://%s" % API_ADDRESS
#: Alive every 5 s and a 3 s long poll (so that a test sees Alive), 5 s from Crashed to the reboot
ALIVE_SECONDS = 5
COMMAND_LINE = "console=ttyS0,115200n8 quiet metalfleet.crash_delay=5 metalfleet.alive=%d metalfleet.wait=3" % ALIVE_SECONDS
#: an API address nothing answers at, put before the boot API's own (which the boot API appends) by one test: the
#: agent must fail over (each attempt there costs a TCP connect timeout, so the timed test does without it)
DEAD_API = "http://10.0.2.101"
#: one VM of 768 MiB, one core and a 2 GiB disk
SIZE_SPEC = {"id": SIZE, "constraints": [
    {"type": "cores", "min": 1, "max": 1}, {"type": "memory", "min": "512MiB", "max": "1GiB"},
    {"type": "storage", "min": "2GiB", "max": "2GiB", "identifier": "/dev/*"}]}
PROVISIONING = ["PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"]


def _missing_tools():
    return [tool for tool in ("qemu-system-x86_64", "qemu-img", "busybox", "extlinux", "mke2fs", "dpkg-deb", "apt-get")
            if shutil.which(tool) is None]


@pytest.fixture(scope="session")
def lab_images():
    missing = _missing_tools()
    if missing:
        pytest.fail("the discovery lab needs %s (scripts/install-system-deps)" % ", ".join(missing))
    return testos.lab_images(os.path.join(REPO_ROOT, ".build", "lab-images"))


class Lab:
    """The boot API over a store with the lab's partition, size, images and network; machines are numbered."""

    def __init__(self, workdir, images, command_line=COMMAND_LINE):
        self.workdir = workdir
        self.images = images
        self.command_line = command_line
        dsn = "sqlite://" + os.path.join(workdir, "fleet.db")
        self.store = open_store(parse_location(dsn))
        self.server = BootApiServer(dsn, workdir, partition=PARTITION, files_dir=images["files_dir"], workers=2, threads=8,
                                    env={"METALFLEET_BOOT_API_URL": API_URL})
        self.store.run(self._catalog)
        self.vms = []

    def _catalog(self, tx):
        PartitionStore(tx).ensure_present({"id": PARTITION, "description": "discovery lab", "boot": {
            "kernel_url": API_URL + "/files/" + self.images["kernel"], "initrd_url": API_URL + "/files/" + self.images["initrd"],
            "command_line": self.command_line}})
        SizeStore(tx).ensure_present(dict(SIZE_SPEC))
        url = "%s/files/%s" % (API_URL, self.images["image_name"])
        ImageStore(tx).ensure_present({"id": GOOD_IMAGE, "features": ["machine"], "url": url, "checksum": "sha256:" + self.images["image_sha256"]})
        ImageStore(tx).ensure_present({"id": BAD_IMAGE, "features": ["machine"], "url": url, "checksum": "sha256:" + "0" * 64})
        NetworkService(tx).ensure_present({"name": "internet", "type": "external", "prefixes": ["185.1.0.0/24"]})

    @staticmethod
    def uuid(number):
        return "6d657461-6c66-4c65-8574-%012x" % number

    def machine(self, number) -> UsermodeVm:
        vm = UsermodeVm(self.workdir, "vm%d" % number, self.uuid(number), "MF-LAB-%04d" % number, "52:54:00:6d:66:%02x" % number,
                        self.server.port)
        self.vms.append(vm)
        return vm.start()

    def events(self, number) -> dict:
        return self.store.run(lambda tx: ProvisioningService(tx).events(self.uuid(number)), write=False)

    def event_names(self, number) -> list:
        try:
            return [event["event"] for event in self.events(number)["events"]]
        except Exception:  # pylint: disable=broad-except  # not registered and no event yet
            return []

    def wait_event(self, number, name, timeout, vm) -> float:
        """Seconds from the machine's power-on until its events contain ``name``."""
        deadline = time.monotonic() + timeout
        while name not in self.event_names(number):
            if time.monotonic() > deadline:
                raise AssertionError("machine %d: no %s within %s s; events %s\nconsole:\n%s\napi log:\n%s" % (
                    number, name, timeout, self.event_names(number), vm.console_text()[-5000:], self.server.log()[-3000:]))
            if vm.proc.poll() is not None:
                raise AssertionError("machine %d: QEMU exited; events %s\n%s" % (number, self.event_names(number), vm.console_text()[-5000:]))
            time.sleep(0.5)
        return time.monotonic() - vm.started_at

    def machine_row(self, number) -> dict:
        """The machine's row (``size_id``, ``netboot_allowed``, ``hardware`` as the stored JSON document)."""
        row = dict(self.store.run(lambda tx: MachineStore(tx).find(self.uuid(number)), write=False))
        row["hardware"] = json.loads(row["hardware"])
        return row

    def allocate(self, number, image, hostname) -> dict:
        spec = {"project": "lab", "hostname": hostname, "partition": PARTITION, "size": SIZE, "image": image,
                "machine": self.uuid(number), "userdata": "#cloud-config\n", "networks": [{"network": "internet"}]}
        return self.store.run(lambda tx: Allocator(tx).ensure_present(spec))

    def close(self):
        for vm in self.vms:
            vm.stop()
        self.server.stop()
        self.store.close()


@pytest.fixture
def make_lab(lab_images, tmp_path):
    """``make_lab(command_line=COMMAND_LINE)``: a started lab with that partition command line (stopped after the test)."""
    opened = []

    def make(command_line=COMMAND_LINE):
        lab = Lab(str(tmp_path), lab_images, command_line)
        opened.append(lab)
        lab.server.start()
        return lab

    yield make
    for lab in opened:
        lab.close()


def test_power_on_to_phoned_home(make_lab, record_property):
    lab = make_lab()
    number = 1
    vm = lab.machine(number)
    registered_after = lab.wait_event(number, "Waiting", 180, vm)
    machine = lab.machine_row(number)
    assert machine["size_id"] == SIZE, machine
    hardware = machine["hardware"]
    assert hardware["disks"] == [{"name": "/dev/vda", "size": 2 * 1024 ** 3, "rotational": True, "serial": "MF-LAB-0001-disk0"}]
    # no LLDP neighbour on QEMU's user-mode network: lldpad ran and heard nothing, the NIC has no neighbor, and the
    # wait for one (metalfleet.lldp_wait, from lldpad's start) is what the timings below include
    assert hardware["nics"] == [{"name": "eth0", "mac": "52:54:00:6d:66:01", "speed": 10000, "carrier": True}]
    vm.wait_console(r"metalfleet: lldpad receiving on eth0", 1)
    assert "metalfleet: LLDP failed" not in vm.console_text(), vm.console_text()[-3000:]
    assert hardware["gpus"] == [], "-vga none: no display controller"
    assert hardware["cpus"][0]["cores"] == 1
    lab.allocate(number, GOOD_IMAGE, "lab-vm-1")
    allocated = lab.machine_row(number)
    assert (allocated["project"], allocated["hostname"], allocated["image_id"]) == ("lab", "lab-vm-1", GOOD_IMAGE)
    phoned_after = lab.wait_event(number, "Phoned Home", 420, vm)
    vm.wait_console(r"metalfleet-testos: phoned home as lab-vm-1", 30)
    events = lab.events(number)
    assert [e["event"] for e in events["events"]] == PROVISIONING + ["Phoned Home"], events
    assert not events["crash_loop"]
    assert not lab.machine_row(number)["netboot_allowed"], "phone home after the install: local boot from now on"
    timings = {"power_on_to_registered_s": round(registered_after, 1), "power_on_to_phoned_home_s": round(phoned_after, 1),
               "events_after_power_on_s": {e["event"]: round(from_iso(e["time"]) - vm.started_wall, 1) for e in events["events"]}}
    record_property("timings", timings)
    print(json.dumps({"test": "discovery_usermode", **timings}))


def test_bad_image_checksum_crashes_with_the_reason_after_failing_over_and_alive(make_lab):
    lab = make_lab(COMMAND_LINE + " metalfleet.api=" + DEAD_API)
    number = 2
    vm = lab.machine(number)
    lab.wait_event(number, "Waiting", 180, vm)
    waiting_at = from_iso(lab.events(number)["events"][-1]["time"])
    deadline = time.monotonic() + 60
    while from_iso(lab.events(number)["last_event_time"]) < waiting_at + ALIVE_SECONDS:
        assert time.monotonic() < deadline, "no Alive while waiting: %s\n%s" % (lab.events(number), vm.console_text()[-3000:])
        time.sleep(0.5)
    heard = lab.events(number)
    assert heard["last_event"] == "Waiting" and heard["liveliness"] == "Alive", "Alive refreshes the machine and is never stored"
    lab.allocate(number, BAD_IMAGE, "lab-vm-2")
    lab.wait_event(number, "Crashed", 300, vm)
    events = lab.events(number)
    names = [e["event"] for e in events["events"]]
    assert names == PROVISIONING[:5] + ["Crashed"], events
    crashed = events["events"][-1]["message"]
    assert "image checksum mismatch: expected sha256:%s, got sha256:%s" % ("0" * 64, lab.images["image_sha256"]) in crashed
    assert events["crash_loop"] is True
    vm.wait_console(r"metalfleet: POST %s/v1/machines/%s/events failed" % (DEAD_API, lab.uuid(number)), 1)
    vm.wait_console(r"metalfleet: rebooting in 5 s", 30)
