# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""machines.hardware: normalization, summaries and the hardware document built from Ansible facts."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.hardware import (
    hardware_from_facts,
    matching_view,
    normalize_hardware,
    summarize,
)

GIB = 1024 ** 3


def test_normalize_fills_every_key_and_converts_units():
    hardware = normalize_hardware({
        "memory": "64GiB",
        "cpus": [{"model": "Xeon", "cores": 8}],
        "disks": [{"name": "/dev/sda", "size": "960GB"}, {"name": "/dev/sdb", "size": 1000}],
        "nics": [{"name": "eth0", "mac": "AA:BB:CC:DD:EE:01", "neighbour": {"switch": "leaf01", "port": "Ethernet0"}}],
    })
    assert hardware == {
        "memory": 64 * GIB,
        "cpus": [{"vendor": "", "model": "Xeon", "cores": 8, "threads": 0}],
        "disks": [{"name": "/dev/sda", "size": 960 * 10 ** 9}, {"name": "/dev/sdb", "size": 1000}],
        "gpus": [],
        "nics": [{"name": "eth0", "mac": "aa:bb:cc:dd:ee:01", "neighbor": {"switch": "leaf01", "port": "Ethernet0"}}],
    }


def test_normalize_is_idempotent():
    once = normalize_hardware({"memory": "1GiB", "gpus": [{"vendor": "NVIDIA", "model": "A100"}],
                               "nics": [{"name": "eth1", "mac": "aa:bb:cc:dd:ee:02"}]})
    assert normalize_hardware(once) == once
    assert "neighbor" not in once["nics"][0]


@pytest.mark.parametrize("data, field, part", [
    ("64GiB", "hardware", "expected a mapping"),
    ({"memory": "64GiB", "ram": 1}, "hardware", "unknown hardware keys ram"),
    ({"memory": "lots"}, "hardware.memory", "lots"),
    ({"disks": [{"name": "/dev/sda", "size": "x"}, ]}, "hardware.disks[0].size", "x"),
    ({"cpus": [{"model": "Xeon", "cores": 8, "threads": -1}]}, "hardware.cpus[0].threads", "non-negative"),
    ({"cpus": [{"model": "Xeon", "cores": 8, "vendor": 7}]}, "hardware.cpus[0].vendor", "not a string"),
    ({"cpus": [{"model": "Xeon", "cores": True}]}, "hardware.cpus[0].cores", "non-negative"),
    ({"nics": ["eth0"]}, "hardware.nics[0]", "expected a mapping"),
    ({"nics": [{"name": "eth0", "mac": "aa:bb:cc:dd:ee"}]}, "hardware.nics[0].mac", "not a MAC address"),
    ({"nics": [{"name": "eth0", "mac": "aa:bb:cc:dd:ee:01", "neighbor": "leaf01"}]}, "hardware.nics[0].neighbor", "switch and port"),
])
def test_bad_hardware_names_the_field(data, field, part):
    with pytest.raises(ValidationError) as caught:
        normalize_hardware(data)
    assert caught.value.field == field
    assert part in caught.value.reason


def test_optional_disk_and_nic_details_are_kept_only_when_given():
    data = {"memory": "1GiB", "disks": [{"name": "/dev/sda", "size": "1TB", "rotational": True, "serial": "Z1", "wwn": "naa.5"},
                                        {"name": "/dev/sdb", "size": "1TB"}],
            "nics": [{"name": "eth0", "mac": "AA:BB:CC:DD:EE:01", "speed": 1000, "carrier": False}, {"name": "eth1", "mac": "aa:bb:cc:dd:ee:02"}]}
    hardware = normalize_hardware(data)
    assert hardware["disks"] == [{"name": "/dev/sda", "size": 10 ** 12, "rotational": True, "serial": "Z1", "wwn": "naa.5"},
                                 {"name": "/dev/sdb", "size": 10 ** 12}]
    assert hardware["nics"] == [{"name": "eth0", "mac": "aa:bb:cc:dd:ee:01", "speed": 1000, "carrier": False},
                                {"name": "eth1", "mac": "aa:bb:cc:dd:ee:02"}]
    assert normalize_hardware(hardware) == hardware


@pytest.mark.parametrize("data, field", [
    ({"disks": [{"name": "/dev/sda", "size": 1, "rotational": "no"}]}, "hardware.disks[0].rotational"),
    ({"nics": [{"name": "eth0", "mac": "aa:bb:cc:dd:ee:01", "carrier": 1}]}, "hardware.nics[0].carrier"),
    ({"nics": [{"name": "eth0", "mac": "aa:bb:cc:dd:ee:01", "speed": -5}]}, "hardware.nics[0].speed"),
])
def test_bad_optional_details_name_the_field(data, field):
    with pytest.raises(ValidationError) as caught:
        normalize_hardware(data)
    assert caught.value.field == field


def test_errors_use_the_given_field_prefix():
    with pytest.raises(ValidationError) as caught:
        normalize_hardware({"nics": [{"name": "eth0", "mac": "zz"}]}, field="machines[3].hardware")
    assert caught.value.field == "machines[3].hardware.nics[0].mac"


def test_summary_counts_and_totals():
    hardware = normalize_hardware({
        "memory": "128GiB",
        "cpus": [{"model": "EPYC", "cores": 16, "threads": 32}, {"model": "EPYC", "cores": 16, "threads": 32}],
        "disks": [{"name": "/dev/nvme0n1", "size": "1TB"}, {"name": "/dev/nvme1n1", "size": "2TB"}],
        "gpus": [{"vendor": "NVIDIA", "model": "L40"}],
        "nics": [{"name": "eth0", "mac": "aa:bb:cc:dd:ee:01"}, {"name": "eth1", "mac": "aa:bb:cc:dd:ee:02"}],
    })
    assert summarize(hardware) == {"cpus": 2, "cores": 32, "memory": 128 * GIB, "storage": 3 * 10 ** 12, "gpus": 1, "nics": 2}
    assert summarize({}) == {"cpus": 0, "cores": 0, "memory": 0, "storage": 0, "gpus": 0, "nics": 0}


def test_matching_view_feeds_the_size_matcher():
    view = matching_view(normalize_hardware({"memory": "8GiB", "cpus": [{"model": "Xeon", "cores": 4}],
                                             "disks": [{"name": "/dev/sda", "size": "100GB"}]}))
    assert view.memory == 8 * GIB
    assert view.cpus == (("Xeon", 4),) and view.disks == (("/dev/sda", 100 * 10 ** 9),)


# -- from facts ---------------------------------------------------------------------------------------------------
FACTS = {
    "processor": ["0", "GenuineIntel", "Intel(R) Xeon(R) Silver 4208 CPU @ 2.10GHz", "1", "GenuineIntel", "Intel(R) Xeon(R) Silver 4208"],
    "processor_count": 2,
    "processor_cores": 8,
    "processor_threads_per_core": 2,
    "memtotal_mb": 65536,
    "devices": {
        "sda": {"sectors": "1875385008", "sectorsize": "512"},
        "nvme0n1": {"sectors": 250069680, "sectorsize": 4096},
        "loop0": {"sectors": "100", "sectorsize": "512"},
        "ram0": {"sectors": "100", "sectorsize": "512"},
        "sr0": {"sectors": "2097151", "sectorsize": "2048"},
        "dm-0": {"sectors": "100", "sectorsize": "512"},
        "zram0": {"sectors": "100", "sectorsize": "512"},
        "sdz": {"sectors": "0", "sectorsize": "512"},
    },
    "interfaces": ["lo", "eth0", "br-lan", "tun0"],
    "lo": {"macaddress": "00:00:00:00:00:00"},
    "eth0": {"macaddress": "AA:BB:CC:DD:EE:01"},
    "br_lan": {"macaddress": "aa:bb:cc:dd:ee:02"},
    "tun0": {},
}


def test_facts_become_hardware():
    hardware = hardware_from_facts(FACTS)
    cpu = {"vendor": "GenuineIntel", "model": "Intel(R) Xeon(R) Silver 4208 CPU @ 2.10GHz", "cores": 8, "threads": 16}
    assert hardware == {
        "memory": 65536 * 1024 * 1024,
        "cpus": [cpu, cpu],
        "disks": [{"name": "/dev/nvme0n1", "size": 250069680 * 4096}, {"name": "/dev/sda", "size": 1875385008 * 512}],
        "gpus": [],
        "nics": [{"name": "br-lan", "mac": "aa:bb:cc:dd:ee:02"}, {"name": "eth0", "mac": "aa:bb:cc:dd:ee:01"}],
    }
    assert normalize_hardware(hardware) == hardware, "facts give hardware the machine module accepts as it is"


def test_facts_with_the_ansible_prefix_give_the_same_hardware():
    prefixed = {"ansible_" + key: value for key, value in FACTS.items()}
    assert hardware_from_facts(prefixed) == hardware_from_facts(FACTS)


def test_missing_facts_give_empty_hardware():
    assert hardware_from_facts({}) == {"memory": 0, "cpus": [], "disks": [], "gpus": [], "nics": []}
