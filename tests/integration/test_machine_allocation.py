# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.machine_allocation and partition_capacity_info through ansible-playbook, on both backends."""
from __future__ import annotations

import pytest

from tests.integration.machines_setup import CATALOG, machine_entry, machine_id, register

pytestmark = pytest.mark.playbook

ALLOC = "metalfleet.datacenter.machine_allocation"
SIX_MACHINES = register([machine_entry(i, rack="rack-%d" % (i % 3)) for i in range(1, 7)])


def allocate(title, hostname, project="shop", **extra):
    options = {"project": project, "hostname": hostname, "partition": "fra-1", "size": "c1-medium", "image": "ubuntu-24.4",
               "networks": [{"network": "shop-net"}]}
    options.update(extra)
    return {"name": title, ALLOC: options}


def test_allocation_contract_predicts_machine_ips_and_asn(fleet):
    fleet.run(CATALOG + [SIX_MACHINES])
    (first,) = fleet.four_way([allocate("web-1", "web-1", tags=["web"], ssh_keys=["ssh-ed25519 AAAA test"])], result_keys=["machine"])
    machine = first["machine"]
    allocation = machine["allocation"]
    assert machine["state"] == "allocated" and machine["id"] == machine_id(1), "all racks tie: the lowest id wins"
    assert allocation["asn"] == 4210000000 and allocation["image"] == "ubuntu-24.4.20250101"
    assert allocation["networks"][0]["ips"] == ["10.0.0.1", "2001:db8::1"]
    assert set(first["diff"]["after"]) == {"machine " + machine_id(1), "allocation shop/web-1", "ip fra-1/shop/shop-net/10.0.0.1",
                                           "ip fra-1/shop/shop-net/2001:db8::1"}
    # the next ones spread across the other racks
    (second,) = fleet.four_way([allocate("web-2", "web-2")], result_keys=["machine"])
    (third,) = fleet.four_way([allocate("web-3", "web-3")], result_keys=["machine"])
    # rack-1 is taken by the project now: rack-0 and rack-2 tie, machine 2 (rack-2) has the lower id; then rack-0
    assert [second["machine"]["rack"], third["machine"]["rack"]] == ["rack-2", "rack-0"]
    assert second["machine"]["allocation"]["asn"] == 4210000001


def test_update_reinstall_and_free(fleet):
    fleet.run(CATALOG + [SIX_MACHINES, allocate("web-1", "web-1")])
    tags_task = {"name": "tags", ALLOC: {"project": "shop", "hostname": "web-1", "tags": ["web", "prod"], "description": "front"}}
    (updated,) = fleet.four_way([tags_task], result_keys=["machine"])
    assert updated["machine"]["allocation"]["tags"] == ["web", "prod"]
    fleet.expect_failures([
        ({ALLOC: {"project": "shop", "hostname": "web-1", "image": "ubuntu-24.4.20250101"}}, "image", "needs reinstall: true"),
    ])
    reinstall_task = {"name": "reinstall", ALLOC: {"project": "shop", "hostname": "web-1", "image": "ubuntu-24.4.20250101", "reinstall": True}}
    (reinstalled,) = fleet.four_way([reinstall_task], result_keys=["machine"])
    assert reinstalled["machine"]["allocation"]["image"] == "ubuntu-24.4.20250101"
    (freed,) = fleet.four_way([{"name": "free", ALLOC: {"project": "shop", "hostname": "web-1", "state": "absent"}}],
                              result_keys=["machine"])
    assert freed["machine"] is None
    after = fleet.run([{"name": "m", "metalfleet.datacenter.machine_info": {"state": "allocated"}},
                       {"name": "ips", "metalfleet.datacenter.ip_info": {"network": "shop-net"}}])
    assert after.task("m")["result"]["machines"] == [] and after.task("ips")["result"]["ips"] == []
    again = fleet.run([allocate("again", "web-9")]).task("again")["result"]["machine"]["allocation"]
    assert again["asn"] == 4210000000 and again["networks"][0]["ips"][0] == "10.0.0.1", "ASN and IPs went back to their pools"


def test_list_form_and_reservations(fleet):
    reserved_size = dict(CATALOG[1])
    reserved_size["metalfleet.datacenter.size"] = dict(CATALOG[1]["metalfleet.datacenter.size"],
                                                       reservations=[{"amount": 2, "project": "vip", "partitions": ["fra-1"]}])
    fleet.run(CATALOG + [reserved_size, SIX_MACHINES])
    (batch,) = fleet.four_way([{"name": "batch", ALLOC: {"allocations": [
        allocate("", "w%d" % i)[ALLOC] for i in range(4)]}}], result_keys=["allocations"])
    assert len({m["id"] for m in batch["allocations"]}) == 4
    capacity = fleet.run([{"name": "cap", "metalfleet.datacenter.partition_capacity_info": {"partition": "fra-1"}}]).task("cap")
    row = capacity["result"]["capacity"][0]["sizes"][0]
    assert (row["total"], row["allocated"], row["allocatable"], row["free"], row["reservations"]) == (6, 4, 2, 0, 2)
    fleet.expect_failures([
        (allocate("x", "w5"), "size", "2 waiting, 0 reserved, 0 locked, 0 faulty, 2 held for other projects"),
    ])
    vip = fleet.run([allocate("vip", "db-1", project="vip", networks=[{"network": "internet"}])]).task("vip")["result"]
    assert vip["machine"]["allocation"]["project"] == "vip"


def test_bad_input_names_the_field(fleet):
    fleet.run(CATALOG + [SIX_MACHINES, {"name": "lock", "metalfleet.datacenter.machine": {"id": machine_id(1), "hold": "locked"}}])
    fleet.expect_failures([
        (allocate("x", "a", size="nope"), "size", "unknown size 'nope'"),
        (allocate("x", "a", partition="nope"), "partition", "unknown partition 'nope'"),
        (allocate("x", "a", image="debian-12"), "image", "no image for os:debian"),
        (allocate("x", "a", image="firewall-3"), "image", "not usable for a machine"),
        (allocate("x", "a", ips=["192.0.2.1"]), "ips[0]", "not in any network of the allocation"),
        (allocate("x", "a", machine=machine_id(1)), "machine", "it is locked"),
        (allocate("x", "a", networks=[{"network": "tenant-super"}]), "networks[0].network", "private super network"),
        (allocate("x", "a", project="other"), "networks[0].network", "belongs to project shop"),
    ])


def test_locked_allocation_cannot_be_freed(fleet):
    fleet.run(CATALOG + [SIX_MACHINES, allocate("a", "web-1")])
    allocated = fleet.run([{"name": "m", "metalfleet.datacenter.machine_info": {"state": "allocated"}}]).task("m")
    machine = allocated["result"]["machines"][0]["id"]
    fleet.run([{"name": "lock", "metalfleet.datacenter.machine": {"id": machine, "hold": "locked"}}])
    fleet.expect_failures([
        ({ALLOC: {"project": "shop", "hostname": "web-1", "state": "absent"}}, "hostname", "is locked"),
        ({"metalfleet.datacenter.machine": {"id": machine, "state": "absent"}}, "id", "free it before removing it"),
    ])
