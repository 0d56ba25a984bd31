# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sample hardware reports: the collection's flat form and metal-hammer's register payload (JSON form)."""
from __future__ import annotations

import copy

GIB = 1024 ** 3


def machine_uuid(number: int) -> str:
    return "00000000-0000-4000-8000-%012d" % number


def report(number: int = 1, **changes) -> dict:
    """A report whose hardware matches the unit tests' size ``c1-medium`` (8 cores, 64 GiB, 960 GB)."""
    doc = {
        "uuid": machine_uuid(number).upper(),
        "memory": 64 * GIB,
        "cpus": [{"vendor": "GenuineIntel", "model": "Intel Xeon Silver 4208", "cores": 8, "threads": 16}],
        "disks": [{"name": "/dev/sda", "size": 960 * 10 ** 9}],
        "nics": [
            {"name": "lan0", "mac": "AA:BB:CC:%02X:00:01" % number,
             "neighbors": [{"mac": "02:00:00:00:01:01", "name": "Ethernet%d" % number, "hostname": "leaf01"}]},
            {"name": "lan1", "mac": "aa:bb:cc:%02x:00:02" % number,
             "neighbors": [{"mac": "02:00:00:00:01:02", "identifier": "swp%d" % number}]},
        ],
        "bios": {"vendor": "American Megatrends", "version": "3.3", "date": "2024-01-01"},
        "bmc": {"address": "10.1.0.%d:623" % number, "mac": "02:00:00:00:02:%02x" % number, "user": "metal",
                "password": "Bmc-Passw0rd-from-agent", "bmc_version": "1.2"},
        "fru": {"product_serial": "SN%04d" % number, "product_manufacturer": "Supermicro"},
        "agent_version": "0.1.0",
    }
    doc.update(copy.deepcopy(changes))
    return doc


def metal_hammer_payload(number: int = 1) -> dict:
    """What metal-hammer's ``BootServiceRegisterRequest`` looks like as JSON: hardware nested, the BMC as ``ipmi``."""
    flat = report(number)
    return {
        "uuid": flat["uuid"],
        "partition_id": "fra-1",
        "hardware": {"memory": flat["memory"], "cpu_cores": 8, "cpus": flat["cpus"], "disks": flat["disks"], "nics": flat["nics"],
                     "gpus": []},
        "bios": flat["bios"],
        "ipmi": {"address": "10.1.0.%d:623" % number, "mac": "02:00:00:00:02:01", "user": "metal", "password": "x",
                 "interface": "lanplus", "bmc_version": "1.2", "power_state": "ON", "fru": flat["fru"]},
        "tags": [],
        "metal_hammer_version": "v0.13.0",
    }
