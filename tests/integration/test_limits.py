# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bounds of names and numbers (``_common.limits``) through ansible-playbook, on both backends.

Oversized names, control characters and integers the store cannot hold (2^63) fail with a message naming the
field, never with a traceback, and leave the store unchanged.
"""
from __future__ import annotations

import pytest

from tests.integration.machines_setup import CATALOG, machine_entry, register

pytestmark = pytest.mark.playbook

TOO_BIG = 2 ** 63
TEN_MB_NAME = "{{ 'a' * 10485760 }}"
NETWORK = "metalfleet.datacenter.network"
SIZE_CONSTRAINTS = [{"type": "cores", "min": 1, "max": TOO_BIG}, {"type": "memory", "min": "1GiB", "max": "2GiB"}]


def test_out_of_bounds_input_fails_naming_the_field_and_changes_nothing(fleet):
    fleet.run(CATALOG + [register([machine_entry(1)])])
    fleet.expect_failures([
        ({"metalfleet.datacenter.machine_allocation": {
            "project": "shop", "hostname": TEN_MB_NAME, "partition": "fra-1", "size": "c1-medium", "image": "ubuntu-24.4",
            "networks": [{"network": "shop-net"}]}}, "hostname", "is 10485760 characters long; at most 253 are allowed"),
        ({NETWORK: {"name": "web\nnet", "type": "external", "prefixes": ["203.0.113.0/24"]}}, "name", "control character U+000A"),
        ({NETWORK: {"name": "edge", "type": "external", "prefixes": ["203.0.113.0/24"], "vrf": TOO_BIG}},
         "vrf", "VRF 9223372036854775808 is out of range 1..16777215"),
        ({"metalfleet.datacenter.size": {"id": "c1-huge", "constraints": SIZE_CONSTRAINTS}},
         "constraints[0].max", "9223372036854775808 is out of range 0..9223372036854775807"),
        ({"metalfleet.datacenter.size": {"id": "c1-medium", "reservations": [{"amount": TOO_BIG, "project": "shop", "partitions": ["fra-1"]}]}},
         "reservations[0].amount", "out of range 1..2147483647"),
        ({"metalfleet.datacenter.machine": {"id": machine_entry(2)["id"], "partition": "fra-1", "hardware": machine_entry(2)["hardware"],
                                            "bmc": {"address": "not a host!"}}}, "bmc.address", "neither an IP address nor a host name"),
        ({"metalfleet.datacenter.machine": {"machines": [machine_entry(3, rack="rack\n3")]}}, "machines[0].rack", "U+000A"),
        ({"metalfleet.datacenter.switch": {"name": "leaf01", "partition": "fra-1", "role": "leaf", "os": "cumulus", "asn": TOO_BIG,
                                           "loopback": "10.9.0.1"}}, "asn", "out of range 1..4294967295"),
        ({"metalfleet.datacenter.audit_info": {"limit": TOO_BIG}}, "limit", "out of range"),
    ])
