# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A boot partition and machines for the boot API's tests and benchmark, built through the collection's services.

``machine_uuid(n)`` / ``machine_mac(n)`` number the machines; ``report(n)`` is the hardware report of machine ``n``
(it matches the size ``c1-medium``); ``allocate`` and ``hold`` put a registered machine into the other states.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore

PARTITION = "p1"
SIZE = "c1-medium"
IMAGE = "ubuntu-24.4.20250101"
IMAGE_URL = "https://images.example/ubuntu-24.4.tar.lz4"
IMAGE_CHECKSUM = "sha256:" + "ab" * 32
COMMAND_LINE = "console=ttyS0,115200n8 ip=dhcp"
GIB = 1024 ** 3
SIZE_SPEC = {"id": SIZE, "constraints": [
    {"type": "cores", "min": 8, "max": 8}, {"type": "memory", "min": "60GiB", "max": "70GiB"},
    {"type": "storage", "min": "900GB", "max": "1TB", "identifier": "/dev/*"}]}


def machine_uuid(number: int) -> str:
    return "00000000-0000-4000-8000-%012x" % number


def machine_mac(number: int, nic: int = 0) -> str:
    value = (0x02 << 40) | (nic << 32) | number
    return ":".join("%02x" % ((value >> shift) & 0xFF) for shift in range(40, -8, -8))


def report(number: int, memory: int = 64 * GIB, **extra) -> dict:
    doc = {
        "uuid": machine_uuid(number),
        "memory": memory,
        "cpus": [{"vendor": "GenuineIntel", "model": "Intel Xeon Silver 4208", "cores": 8, "threads": 16}],
        "disks": [{"name": "/dev/sda", "size": 960 * 1000 ** 3}],
        "nics": [{"name": "eth0", "mac": machine_mac(number), "neighbors": [{"mac": "0a:00:00:00:00:01", "name": "Ethernet%d" % (number % 48),
                                                                             "hostname": "leaf01"}]},
                 {"name": "eth1", "mac": machine_mac(number, 1)}],
        "bios": {"vendor": "SeaBIOS", "version": "1.16", "date": "04/01/2014"},
        "agent_version": "tests",
    }
    doc.update(extra)
    return doc


def build_partition(store, api_url: str) -> None:
    """Partition ``p1`` booting the kernel and ramdisk from the API's ``/files``, the size, the image, a network."""
    def work(tx):
        PartitionStore(tx).ensure_present({"id": PARTITION, "description": "boot API tests", "boot": {
            "kernel_url": api_url + "/files/vmlinuz", "initrd_url": api_url + "/files/initrd.img", "command_line": COMMAND_LINE}})
        SizeStore(tx).ensure_present(dict(SIZE_SPEC))
        ImageStore(tx).ensure_present({"id": IMAGE, "features": ["machine"], "classification": "supported", "url": IMAGE_URL,
                                       "checksum": IMAGE_CHECKSUM})
        NetworkService(tx).ensure_present({"name": "internet", "type": "external", "prefixes": ["185.1.0.0/16"]})
    store.run(work)


def allocate(store, number: int, hostname: str, userdata: str = "#cloud-config\n") -> dict:
    spec = {"project": "shop", "hostname": hostname, "partition": PARTITION, "size": SIZE, "image": "ubuntu-24.4",
            "machine": machine_uuid(number), "userdata": userdata, "networks": [{"network": "internet"}]}
    return store.run(lambda tx: Allocator(tx).ensure_present(spec))


def hold(store, number: int, kind: str = "reserved") -> dict:
    return store.run(lambda tx: MachineStore(tx).ensure_present({"id": machine_uuid(number), "partition": PARTITION, "hold": kind}))
