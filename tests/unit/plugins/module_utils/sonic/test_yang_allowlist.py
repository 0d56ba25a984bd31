# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for allow-list rules and their application to config_db."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_allowlist import (
    AllowRule,
    allow_rules,
    parse_allow_rule,
    split_allowed,
)


@pytest.mark.parametrize("text, expected", [
    ("LOOPBACK", AllowRule("LOOPBACK")),
    ("LLDP|Global hello_timer", AllowRule("LLDP", "Global", "hello_timer")),
    ("PORTCHANNEL mix_speed", AllowRule("PORTCHANNEL", "*", "mix_speed")),
    ("VLAN|Vlan39* dhcp_relay_*", AllowRule("VLAN", "Vlan39*", "dhcp_relay_*")),
    ({"table": "DNS", "reason": "Enterprise"}, AllowRule("DNS", reason="Enterprise")),
])
def test_parse_allow_rule(text, expected):
    assert parse_allow_rule(text) == expected


@pytest.mark.parametrize("bad", ["", "|Global hello_timer", {"table": "A", "colour": 1}, 42, {"field": "x"}])
def test_parse_allow_rule_rejects(bad):
    with pytest.raises(ValidationError, match="allow_list"):
        parse_allow_rule(bad)


def test_branch_rules_plus_extra_rules():
    described = [rule.describe() for rule in allow_rules("ec202111", ["DNS"])]
    assert "LLDP|Global hello_timer" in described and "MCLAG_DOMAIN mclag_system_id" in described
    assert described[-1] == "DNS"
    assert allow_rules("community-202505") == []
    assert allow_rules() == []


def test_split_allowed_removes_rows_and_fields_and_keeps_input():
    config = {
        "LLDP": {"Global": {"hello_timer": "10"}},
        "PORTCHANNEL": {"PortChannel01": {"mix_speed": "false", "mtu": "9000"}},
        "LOOPBACK": {"Loopback0": {}},
        "VLAN": {"Vlan10": {"vlanid": "10"}},
    }
    rules = allow_rules(extra=["LLDP|Global hello_timer", "PORTCHANNEL mix_speed", "LOOPBACK"])
    remaining, allowed, emptied = split_allowed(config, rules)
    assert remaining == {"LLDP": {"Global": {}}, "PORTCHANNEL": {"PortChannel01": {"mtu": "9000"}}, "VLAN": {"Vlan10": {"vlanid": "10"}}}
    assert sorted((a.table, a.key, a.field) for a in allowed) == [
        ("LLDP", "Global", "hello_timer"), ("LOOPBACK", "Loopback0", None), ("PORTCHANNEL", "PortChannel01", "mix_speed")]
    assert emptied == [("LLDP", "Global")]
    assert config["PORTCHANNEL"]["PortChannel01"] == {"mix_speed": "false", "mtu": "9000"}


def test_rule_key_glob_limits_rows():
    remaining, allowed, _emptied = split_allowed({"LLDP": {"GLOBAL": {"hello_timer": "1"}}}, [parse_allow_rule("LLDP|Global hello_timer")])
    assert allowed == [] and remaining == {"LLDP": {"GLOBAL": {"hello_timer": "1"}}}
