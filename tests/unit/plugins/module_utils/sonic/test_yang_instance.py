# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for the config_db -> RFC 7951 translation (pure: specs are built by hand, no libyang)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_instance import (
    build_instance,
    translate_row,
    typed_value,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_schema import (
    KIND_BOOL,
    KIND_EMPTY,
    KIND_INT,
    KIND_STRING,
    InnerMapSpec,
    LeafSpec,
    RowSpec,
    TableSpec,
)


def leaf(name, *kinds, is_list=False, json_name=None):
    return LeafSpec(name=name, json_name=json_name or name, kinds=frozenset(kinds or (KIND_STRING,)), is_list=is_list)


VLAN = TableSpec(
    table="VLAN_MEMBER",
    module="sonic-vlan",
    lists=(RowSpec(name="VLAN_MEMBER_LIST", keys=(leaf("name"), leaf("port")), leaves={"tagging_mode": leaf("tagging_mode")}),),
    containers={},
)
NTP = TableSpec(
    table="NTP",
    module="sonic-ntp",
    lists=(),
    containers={"global": RowSpec(name="global", keys=(), leaves={"src_intf": leaf("src_intf", is_list=True), "vrf": leaf("vrf")})},
)
TC_MAP = TableSpec(
    table="TC_TO_QUEUE_MAP",
    module="sonic-tc-queue-map",
    lists=(RowSpec(name="TC_TO_QUEUE_MAP_LIST", keys=(leaf("name"),), leaves={},
                   inner_map=InnerMapSpec("TC_TO_QUEUE_MAP", leaf("tc"), leaf("qindex"))),),
    containers={},
)


@pytest.mark.parametrize("spec, raw, expected", [
    (leaf("mtu", KIND_INT), "9000", 9000),
    (leaf("mtu", KIND_INT), 9000, 9000),
    (leaf("mtu", KIND_INT), "9k", "9k"),
    (leaf("offset", KIND_INT), "-3", -3),
    (leaf("on", KIND_BOOL), "true", True),
    (leaf("on", KIND_BOOL), False, False),
    (leaf("on", KIND_BOOL), "yes", "yes"),
    (leaf("flag", KIND_EMPTY), "", [None]),
    (leaf("id", KIND_INT, KIND_STRING), "12", 12),
    (leaf("id", KIND_INT, KIND_STRING), "any", "any"),
    (leaf("speed"), 40000, "40000"),
    (leaf("ports", is_list=True), "Ethernet0, Ethernet4", ["Ethernet0", "Ethernet4"]),
    (leaf("ports", is_list=True), ["Ethernet0"], ["Ethernet0"]),
    (leaf("ports", is_list=True), "", []),
    (leaf("vlans", KIND_INT, is_list=True), ["10", 20], [10, 20]),
])
def test_typed_value(spec, raw, expected):
    assert typed_value(spec, raw) == expected


def test_key_is_split_onto_key_leaves():
    row, issues = translate_row(VLAN, "Vlan10|Ethernet0", {"tagging_mode": "tagged"})
    assert issues == []
    assert row.to_json() == {"name": "Vlan10", "port": "Ethernet0", "tagging_mode": "tagged"}
    assert not row.is_container


def test_container_row_and_custom_separator():
    row, issues = translate_row(NTP, "global", {"src_intf": "eth0;Loopback0", "vrf": "mgmt"})
    assert issues == []
    assert row.is_container and row.to_json() == {"src_intf": ["eth0", "Loopback0"], "vrf": "mgmt"}


def test_redis_list_suffix_is_a_leaf_list_field():
    row, issues = translate_row(NTP, "global", {"src_intf@": "eth0"})
    assert issues == [] and row.to_json() == {"src_intf": ["eth0"]}
    assert row.drop_field("src_intf@") and row.to_json() == {}


def test_unknown_field_and_unmatched_key_are_reported_with_names():
    _row, issues = translate_row(VLAN, "Vlan10|Ethernet0", {"tagging_mode": "tagged", "colour": "red"})
    assert [(i.table, i.key, i.field) for i in issues] == [("VLAN_MEMBER", "Vlan10|Ethernet0", "colour")]
    row, issues = translate_row(VLAN, "Vlan10", {})
    assert row is None
    assert issues[0].key == "Vlan10" and "VLAN_MEMBER_LIST [name, port]" in issues[0].message
    row, issues = translate_row(VLAN, "Vlan10|Ethernet0", "tagged")
    assert row is None and "mapping" in issues[0].message


def test_inner_map_rows():
    row, issues = translate_row(TC_MAP, "AZURE", {"0": "0", "1": "1"})
    assert issues == []
    assert row.to_json() == {"name": "AZURE", "TC_TO_QUEUE_MAP": [{"tc": "0", "qindex": "0"}, {"tc": "1", "qindex": "1"}]}
    assert not row.drop_field("0")


def test_build_instance_groups_rows_by_module_and_table():
    rows = [translate_row(VLAN, key, {})[0] for key in ("Vlan10|Ethernet0", "Vlan10|Ethernet4")]
    rows.append(translate_row(NTP, "global", {"vrf": "mgmt"})[0])
    assert build_instance(rows) == {
        "sonic-vlan:sonic-vlan": {"VLAN_MEMBER": {"VLAN_MEMBER_LIST": [
            {"name": "Vlan10", "port": "Ethernet0"}, {"name": "Vlan10", "port": "Ethernet4"}]}},
        "sonic-ntp:sonic-ntp": {"NTP": {"global": {"vrf": "mgmt"}}},
    }
