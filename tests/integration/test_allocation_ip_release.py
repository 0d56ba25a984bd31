# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ip and network cannot release what an allocated machine uses (issue 13), through ansible-playbook on both backends."""
from __future__ import annotations

import pytest

from tests.integration.machines_setup import CATALOG, machine_entry, machine_id, register
from tests.support.allocation_invariants import allocation_ip_problems_in

pytestmark = pytest.mark.playbook

IP = "metalfleet.datacenter.ip"
NETWORK = "metalfleet.datacenter.network"
ALLOC = "metalfleet.datacenter.machine_allocation"
WEB_1 = {"name": "web-1", ALLOC: {"project": "shop", "hostname": "web-1", "partition": "fra-1", "size": "c1-medium",
                                  "image": "ubuntu-24.4", "networks": [{"network": "shop-net"}, {"network": "internet"}]}}
SETUP = CATALOG + [register([machine_entry(1), machine_entry(2)]), WEB_1,
                   {"name": "spare", IP: {"network": "shop-net", "name": "spare"}}]
USED_BY = "is used by machine %s (allocation shop/web-1)" % machine_id(1)


def test_addresses_of_an_allocated_machine_cannot_be_released(fleet):
    fleet.run(SETUP)
    web_1 = fleet.run([{"name": "m", "metalfleet.datacenter.machine_info": {"id": machine_id(1)}}]).task("m")["result"]["machines"][0]
    assert [n["ips"] for n in web_1["allocation"]["networks"]] == [["10.0.0.1", "2001:db8::1"], ["185.1.2.1"]]
    fleet.expect_failures([
        ({IP: {"network": "shop-net", "ip": "10.0.0.1", "state": "absent"}}, "ip", USED_BY),
        ({IP: {"network": "internet", "name": "web-1", "state": "absent"}}, "name", "ip with machine scope cannot be released"),
        ({IP: {"network": "shop-net", "ips": [{"name": "more"}, {"ip": "2001:db8::1", "state": "absent"}]}}, "ips[1].ip", USED_BY),
        ({IP: {"network": "internet", "ip": "185.1.2.1", "project": "acme"}}, "project", USED_BY),
        ({NETWORK: {"name": "shop-net", "partition": "fra-1", "project": "shop", "state": "absent", "force": True}}, "name",
         "network 'shop-net' cannot be removed: allocated machines use its addresses: 10.0.0.1, 2001:db8::1 of machine %s" % machine_id(1)),
        ({NETWORK: {"name": "tenant-super", "partition": "fra-1", "state": "absent", "force": True}}, "name",
         "child network 'shop-net': 10.0.0.1, 2001:db8::1 of machine"),
        ({NETWORK: {"name": "internet", "state": "absent", "force": True}}, "name", "free those allocations first"),
    ])
    # the refused addresses stay with the machine: the next acquire takes the next free one
    after = fleet.run([{"name": "next", IP: {"network": "shop-net", "name": "next"}},
                       {"name": "public", IP: {"network": "internet", "name": "public"}}])
    assert (after.task("next")["result"]["ip"], after.task("public")["result"]["ip"]) == ("10.0.0.3", "185.1.2.2")
    assert allocation_ip_problems_in(fleet.dsn) == []


def test_forced_network_removal_once_the_machines_are_freed(fleet):
    fleet.run(SETUP + [{"name": "free", ALLOC: {"project": "shop", "hostname": "web-1", "state": "absent"}}])
    remove = {"name": "remove", NETWORK: {"name": "tenant-super", "partition": "fra-1", "state": "absent", "force": True}}
    (removed,) = fleet.four_way([remove], result_keys=["network"])
    assert set(removed["diff"]["before"]) == {"network fra-1/tenant-super", "network fra-1/shop/shop-net", "ip fra-1/shop/shop-net/10.0.0.2"}
    assert removed["diff"]["after"] == {}
    assert allocation_ip_problems_in(fleet.dsn) == []
