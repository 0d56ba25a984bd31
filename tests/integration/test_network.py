# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.network and network_info through ansible-playbook, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.playbook

SUPER = {"name": "tenant super", "metalfleet.datacenter.network": {
    "name": "tenant-super", "partition": "fra-1", "type": "private_super",
    "prefixes": ["10.0.0.0/16", "2001:db8:0:10::/64"], "default_child_prefix_length": {"IPv4": 22, "IPv6": 96}}}
UNDERLAY = {"name": "underlay", "metalfleet.datacenter.network": {
    "name": "underlay", "partition": "fra-1", "type": "underlay", "prefixes": ["10.1.0.0/24"]}}
INTERNET = {"name": "internet", "metalfleet.datacenter.network": {
    "name": "internet", "type": "external", "prefixes": ["185.1.2.0/24"], "destination_prefixes": ["0.0.0.0/0"],
    "nat": True, "vrf": 104009}}


def child(name, project, **extra):
    options = {"name": name, "partition": "fra-1", "project": project}
    options.update(extra)
    return {"name": "child %s" % name, "metalfleet.datacenter.network": options}


def test_super_networks_contract(fleet):
    first = fleet.four_way([SUPER, UNDERLAY, INTERNET], result_keys=["network"])
    tenant = first[0]["network"]
    assert tenant["prefixes"] == ["10.0.0.0/16", "2001:db8:0:10::/64"]
    assert tenant["usage"]["IPv4"] == {"available_ips": 65536, "used_ips": 2, "free_ips": 65534, "available_prefixes": 16384,
                                       "available_prefix_blocks": 1, "used_prefixes": 0}
    assert tenant["usage"]["IPv6"]["available_ips"] == 2 ** 31 - 1
    assert first[2]["network"]["vrf"] == 104009 and first[2]["network"]["nat"] is True
    diff = first[0]["diff"]
    assert diff["before"] == {} and list(diff["after"]) == ["network fra-1/tenant-super"]


def test_child_networks_contract(fleet):
    fleet.run([SUPER])
    # one task per four-way run: in check mode a task cannot see what an earlier task of the same run would have made
    (shop,) = (r["network"] for r in fleet.four_way([child("shop", "p1")], result_keys=["network"]))
    (web,) = (r["network"] for r in fleet.four_way([child("web", "p2", address_family="IPv4", length=26)], result_keys=["network"]))
    (v6,) = (r["network"] for r in fleet.four_way([child("v6", "p3", address_family="IPv6")], result_keys=["network"]))
    assert shop["prefixes"] == ["10.0.0.0/22", "2001:db8:0:10::/96"] and shop["vrf"] == 1 and shop["parent"] == "tenant-super"
    # best fit: the /26 goes into the smallest free block that holds it
    assert web["prefixes"] == ["10.0.4.0/26"] and web["vrf"] == 2
    assert v6["prefixes"] == ["2001:db8:0:10:0:1::/96"] and v6["vrf"] == 3


def test_update_and_remove(fleet):
    fleet.run([SUPER, child("shop", "p1")])
    update = {"name": "describe", "metalfleet.datacenter.network": {
        "name": "shop", "partition": "fra-1", "project": "p1", "description": "the shop", "labels": {"env": "prod"}}}
    (changed,) = fleet.four_way([update], result_keys=["network"])
    assert changed["diff"]["before"]["network fra-1/p1/shop"]["description"] == ""
    assert changed["diff"]["after"]["network fra-1/p1/shop"]["labels"] == {"env": "prod"}
    remove = {"name": "remove", "metalfleet.datacenter.network": {"name": "shop", "partition": "fra-1", "project": "p1", "state": "absent"}}
    (removed,) = fleet.four_way([remove], result_keys=["network"])
    assert removed["network"] is None and removed["diff"]["after"] == {}
    # the VRF and the prefix went back: a new child gets them again
    again = fleet.run([child("next", "p4")]).task("child next")["result"]["network"]
    assert again["vrf"] == 1 and again["prefixes"][0] == "10.0.0.0/22"


def test_removal_refused_while_in_use_unless_forced(fleet):
    fleet.run([SUPER, child("shop", "p1"), {"name": "ip", "metalfleet.datacenter.ip": {"network": "shop", "name": "a"}}])
    fleet.expect_failures([
        ({"metalfleet.datacenter.network": {"name": "shop", "partition": "fra-1", "project": "p1", "state": "absent"}},
         "name", "still holds 1 IPs"),
        ({"metalfleet.datacenter.network": {"name": "tenant-super", "partition": "fra-1", "state": "absent"}},
         "name", "child networks"),
    ])
    forced = fleet.run([{"name": "force", "metalfleet.datacenter.network": {
        "name": "tenant-super", "partition": "fra-1", "state": "absent", "force": True}}], diff=True).task("force")["result"]
    assert forced["changed"] is True
    assert set(forced["diff"]["before"]) == {"network fra-1/tenant-super", "network fra-1/p1/shop", "ip fra-1/p1/shop/10.0.0.1"}
    listing = fleet.run([{"name": "list", "metalfleet.datacenter.network_info": {}}]).task("list")["result"]
    assert listing["networks"] == []


def test_bad_input_names_the_field(fleet):
    fleet.run([SUPER])
    net = "metalfleet.datacenter.network"
    fleet.expect_failures([
        ({net: {"name": "x", "partition": "fra-1", "type": "external", "prefixes": ["10.300.0.0/16"]}}, "prefixes", "not a valid ip"),
        ({net: {"name": "x", "partition": "fra-1", "type": "external", "prefixes": ["10.0.128.0/17"]}}, "prefixes", "overlaps 10.0.0.0/16"),
        ({net: {"name": "x", "partition": "fra-1", "type": "external", "prefixes": ["10.2.0.1/16"]}}, "prefixes", "canonical form"),
        ({net: {"name": "y", "partition": "fra-2", "type": "private_super", "prefixes": ["10.8.0.0/16"],
                "default_child_prefix_length": {"IPv4": 16}}}, "default_child_prefix_length", "not greater than prefix length"),
        ({net: {"name": "y", "partition": "fra-2", "type": "private_super", "prefixes": ["10.8.0.0/16"]}},
         "default_child_prefix_length", "per addressfamily:IPv4"),
        ({net: {"name": "c", "partition": "fra-1", "project": "p", "length": 16}}, "length", "not greater than prefix length"),
        ({net: {"name": "c", "partition": "fra-9", "project": "p"}}, "partition", "no private_super network"),
        ({net: {"name": "c", "partition": "fra-1", "project": "p", "length": {"IPv5": 24}}}, "length", "IPv5"),
        ({net: {"name": "u", "partition": "fra-1", "type": "underlay", "prefixes": ["2001:db8:1::/64"]}}, "prefixes", "IPv4 only"),
    ])


def test_exhausted_parent(fleet):
    small = {"name": "small", "metalfleet.datacenter.network": {
        "name": "small", "partition": "lab", "type": "private_super", "prefixes": ["10.9.0.0/24"],
        "default_child_prefix_length": {"IPv4": 25}}}
    fleet.run([small, {"name": "a", "metalfleet.datacenter.network": {"name": "a", "partition": "lab", "project": "p"}},
               {"name": "b", "metalfleet.datacenter.network": {"name": "b", "partition": "lab", "project": "p"}}])
    fleet.expect_failures([
        ({"metalfleet.datacenter.network": {"name": "c", "partition": "lab", "project": "p"}}, "length", "no free IPv4 child prefix"),
    ])


def test_network_info_filters(fleet):
    fleet.run([SUPER, UNDERLAY, INTERNET, child("shop", "p1", labels={"tier": "web"})])
    run = fleet.run([
        {"name": "all", "metalfleet.datacenter.network_info": {}},
        {"name": "children", "metalfleet.datacenter.network_info": {"type": "child"}},
        {"name": "labelled", "metalfleet.datacenter.network_info": {"labels": {"tier": "web"}}},
        {"name": "global", "metalfleet.datacenter.network_info": {"partition": ""}},
    ], check=True)
    # ordered by partition, project, name
    assert [n["name"] for n in run.task("all")["result"]["networks"]] == ["internet", "tenant-super", "underlay", "shop"]
    assert [n["name"] for n in run.task("children")["result"]["networks"]] == ["shop"]
    assert [n["name"] for n in run.task("labelled")["result"]["networks"]] == ["shop"]
    assert [n["name"] for n in run.task("global")["result"]["networks"]] == ["internet"]
    assert all(r["result"]["changed"] is False for r in run.results)
    shop = run.task("children")["result"]["networks"][0]
    assert shop["usage"]["IPv4"]["used_ips"] == 2


def test_module_defaults_group_and_env_fallback(fleet, tmp_path):
    other = "sqlite://" + str(tmp_path / "other.db")
    run = fleet.run([dict(SUPER)], module_defaults={"group/metalfleet.datacenter.fleet": {"store": other}})
    assert run.task("tenant super")["result"]["changed"] is True
    # the default store (METALFLEET_STORE) is untouched, the group default went to the other file
    listing = fleet.run([{"name": "list", "metalfleet.datacenter.network_info": {}}]).task("list")["result"]
    assert listing["networks"] == []
    elsewhere = fleet.run([{"name": "list", "metalfleet.datacenter.network_info": {"store": other}}]).task("list")["result"]
    assert [n["name"] for n in elsewhere["networks"]] == ["tenant-super"]


def test_super_namespaced_children_of_projects_overlap(fleet):
    """Children of a super_namespaced network are allocated per project namespace (go-ipam namespaces)."""
    namespaced = {"name": "namespaced super", "metalfleet.datacenter.network": {
        "name": "tenant-ns", "type": "super_namespaced", "prefixes": ["10.128.0.0/16"],
        "default_child_prefix_length": {"IPv4": 22}}}
    (parent,) = fleet.four_way([namespaced], result_keys=["network"])
    assert parent["network"]["namespace"] == "root" and parent["network"]["partition"] == ""
    made = [fleet.four_way([child(name, project, parent="tenant-ns")], result_keys=["network"])[0]
            for name, project in (("a", "p1"), ("b", "p2"))]
    assert [(m["network"]["namespace"], m["network"]["prefixes"]) for m in made] == [
        ("p1", ["10.128.0.0/22"]), ("p2", ["10.128.0.0/22"])]
