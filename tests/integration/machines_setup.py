# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared set-up for the machine tests: a partition with a catalog, networks, and sample hardware."""
from __future__ import annotations

from tests.support.sample_hardware import HARDWARE

SECRET_KEY = "integration-tests-secret-key-0001"

GPU_HARDWARE = dict(HARDWARE, gpus=[{"vendor": "NVIDIA", "model": "AD102GL [RTX 6000 Ada Generation]"}])

CATALOG = [
    {"name": "partition", "metalfleet.datacenter.partition": {"id": "fra-1", "description": "Frankfurt 1"}},
    {"name": "size", "metalfleet.datacenter.size": {"id": "c1-medium", "constraints": [
        {"type": "cores", "min": 8, "max": 8}, {"type": "memory", "min": "60GiB", "max": "70GiB"},
        {"type": "storage", "min": "900GB", "max": "1TB", "identifier": "/dev/*"}]}},
    {"name": "image", "metalfleet.datacenter.image": {
        "id": "ubuntu-24.4.20250101", "features": ["machine"], "classification": "supported", "url": "https://images.example/ubuntu.tar",
    }},
    {"name": "firewall image", "metalfleet.datacenter.image": {
        "id": "firewall-3.0.20250101", "features": ["firewall"], "classification": "supported", "url": "https://images.example/fw.tar",
    }},
    {"name": "super", "metalfleet.datacenter.network": {
        "name": "tenant-super", "partition": "fra-1", "type": "private_super", "prefixes": ["10.0.0.0/16", "2001:db8::/56"],
        "default_child_prefix_length": {"IPv4": 22, "IPv6": 64}}},
    {"name": "shop net", "metalfleet.datacenter.network": {"name": "shop-net", "partition": "fra-1", "project": "shop"}},
    {"name": "internet", "metalfleet.datacenter.network": {"name": "internet", "type": "external", "prefixes": ["185.1.2.0/24"]}},
]


def machine_id(number: int) -> str:
    return "00000000-0000-4000-8000-%012d" % number


def machine_entry(number: int, rack: str = "rack-1", hardware=None, **extra) -> dict:
    entry = {"id": machine_id(number), "partition": "fra-1", "rack": rack, "hardware": hardware or HARDWARE}
    entry.update(extra)
    return entry


def register(machines, name: str = "register") -> dict:
    return {"name": name, "metalfleet.datacenter.machine": {"machines": machines}}
