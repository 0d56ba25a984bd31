# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.ip and ip_info through ansible-playbook, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.playbook

IP = "metalfleet.datacenter.ip"
SETUP = [
    {"name": "super", "metalfleet.datacenter.network": {
        "name": "tenant-super", "partition": "fra-1", "type": "private_super",
        "prefixes": ["10.0.0.0/16", "2001:db8:0:10::/64"], "default_child_prefix_length": {"IPv4": 22, "IPv6": 96}}},
    {"name": "shop", "metalfleet.datacenter.network": {"name": "shop", "partition": "fra-1", "project": "p1"}},
    {"name": "internet", "metalfleet.datacenter.network": {
        "name": "internet", "type": "external", "prefixes": ["185.1.2.0/29", "185.1.3.0/30"]}},
    {"name": "v6only", "metalfleet.datacenter.network": {
        "name": "v6only", "partition": "fra-1", "type": "external", "prefixes": ["2001:db8:99::/120"]}},
]


def task(title, **options):
    return {"name": title, IP: options}


def test_acquire_contract(fleet):
    fleet.run(SETUP)
    (first,) = fleet.four_way([task("lb", network="shop", name="lb", type="static", tags=["role=lb"])], result_keys=["ip", "record"])
    assert first["ip"] == "10.0.0.1"
    record = first["record"]
    assert record["project"] == "p1" and record["type"] == "static" and record["prefix"] == "10.0.0.0/22"
    assert first["diff"]["after"] == {"ip fra-1/p1/shop/10.0.0.1": {
        "address": "10.0.0.1", "network": "shop", "network_id": record["network_id"], "partition": "fra-1",
        "namespace": "root", "family": "IPv4", "name": "lb", "description": "", "project": "p1", "type": "static", "tags": ["role=lb"],
        "machine": None}}
    (v6,) = fleet.four_way([task("v6", network="shop", name="lb6", address_family="IPv6")], result_keys=["ip"])
    assert v6["ip"] == "2001:db8:0:10::1"
    (only6,) = fleet.four_way([task("only6", network="v6only", name="x")], result_keys=["ip"])
    assert only6["ip"] == "2001:db8:99::1", "an IPv6-only network hands out IPv6 without being asked"
    (specific,) = fleet.four_way([task("specific", network="shop", ip="10.0.3.254", name="gw")], result_keys=["ip", "record"])
    assert specific["ip"] == "10.0.3.254"


def test_update_and_release(fleet):
    fleet.run(SETUP + [task("lb", network="shop", name="lb")])
    (updated,) = fleet.four_way([task("describe", network="shop", name="lb", description="front door", type="static")],
                                result_keys=["ip", "record"])
    assert updated["diff"]["before"]["ip fra-1/p1/shop/10.0.0.1"]["type"] == "ephemeral"
    assert updated["diff"]["after"]["ip fra-1/p1/shop/10.0.0.1"]["description"] == "front door"
    (released,) = fleet.four_way([task("release", network="shop", name="lb", state="absent")], result_keys=["ip"])
    assert released["ip"] is None and released["diff"]["after"] == {}
    again = fleet.run([task("again", network="shop", name="other")]).task("again")["result"]
    assert again["ip"] == "10.0.0.1", "a released address is handed out again, lowest first"


def test_list_form_one_transaction(fleet):
    fleet.run(SETUP)
    pool = task("pool", network="shop", ips=[{"name": "pool-%d" % i} for i in range(50)] + [
        {"name": "pool-v6", "address_family": "IPv6"}, {"network": "internet", "name": "public", "type": "static"}])
    (first,) = fleet.four_way([pool], result_keys=["ips"])
    addresses = [r["address"] for r in first["ips"]]
    assert addresses[:3] == ["10.0.0.1", "10.0.0.2", "10.0.0.3"] and addresses[49] == "10.0.0.50"
    assert addresses[50] == "2001:db8:0:10::1" and addresses[51] == "185.1.2.1"
    assert len(set(addresses)) == 52 and len(first["diff"]["after"]) == 52
    # one bad entry fails the whole list: nothing of it lands, and the message names the entry and field
    fleet.expect_failures([
        (task("x", network="shop", ips=[{"name": "ok-1"}, {"name": "bad", "ip": "10.9.9.9"}]), "ips[1].ip", "is not in network"),
        (task("x", network="shop", ips=[{"name": "ok-1"}, {"nmae": "typo"}]), "ips[1]", "unsupported option nmae"),
        (task("x", network="shop", ips=[{"name": "ok-1", "address_family": "IPv5"}]), "ips[0]", "address_family must be one of"),
    ])


def test_info(fleet):
    fleet.run(SETUP + [task("pool", network="shop", ips=[{"name": "a", "tags": ["x"]}, {"name": "b"}]),
                       task("pub", network="internet", name="pub", type="static")])
    run = fleet.run([
        {"name": "all", "metalfleet.datacenter.ip_info": {}},
        {"name": "shop", "metalfleet.datacenter.ip_info": {"network": "shop"}},
        {"name": "static", "metalfleet.datacenter.ip_info": {"type": "static"}},
        {"name": "tagged", "metalfleet.datacenter.ip_info": {"tags": ["x"]}},
        {"name": "one", "metalfleet.datacenter.ip_info": {"ip": "10.0.0.2"}},
    ])
    assert [i["address"] for i in run.task("all")["result"]["ips"]] == ["185.1.2.1", "10.0.0.1", "10.0.0.2"]
    assert [i["name"] for i in run.task("shop")["result"]["ips"]] == ["a", "b"]
    assert [i["name"] for i in run.task("static")["result"]["ips"]] == ["pub"]
    assert [i["name"] for i in run.task("tagged")["result"]["ips"]] == ["a"]
    assert [i["name"] for i in run.task("one")["result"]["ips"]] == ["b"]


def test_bad_input_names_the_field(fleet):
    fleet.run(SETUP + [task("full1", network="internet", ips=[{"name": "f%d" % i} for i in range(8)])])  # 6 + 2 usable addresses
    fleet.expect_failures([
        (task("x", network="nope", name="a"), "network", "no network 'nope'"),
        (task("x", network="shop", ip="10.0.0.300"), "ip", "not valid"),
        (task("x", network="shop", ip="10.1.0.1", name="y"), "ip", "is not in network 'shop'"),
        (task("x", network="shop"), "name", "give name or ip"),
        (task("x", network="shop", name="y", project="someone-else"), "project", "belongs to project 'p1'"),
        (task("x", network="internet", name="one-too-many"), "network", "no free IPv4 address left"),
        (task("x", network="shop", name="y", address_family="IPv6", ip="10.0.0.9"), "address_family", "not both"),
    ])


def test_already_taken_address_is_refused(fleet):
    fleet.run(SETUP + [task("a", network="shop", ip="10.0.0.7", name="a")])
    fleet.expect_failures([(task("x", network="shop", ip="10.0.0.7", name="b"), "ip", "already held as 'a'")])
