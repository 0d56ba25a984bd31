# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the table- and row-level config_db comparison."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.configdb_diff import differing_tables, row_changes, table_diff

BEFORE = {"VLAN": {"Vlan10": {"vlanid": "10"}, "Vlan20": {"vlanid": "20"}}, "NTP": {"global": {"src_intf": "eth0"}},
          "DNS_NAMESERVER": {"1.1.1.1": {}}}
AFTER = {"VLAN": {"Vlan10": {"vlanid": "10", "dhcp_servers": ["10.0.0.2"]}, "Vlan30": {"vlanid": "30"}}, "NTP": {"global": {"src_intf": "eth0"}},
         "SYSLOG_SERVER": {"10.0.0.9": {}}}


def test_only_differing_tables_are_listed_and_shown():
    assert differing_tables(BEFORE, AFTER) == ["DNS_NAMESERVER", "SYSLOG_SERVER", "VLAN"]
    diff = table_diff(BEFORE, AFTER)
    assert diff["before"] == {"DNS_NAMESERVER": BEFORE["DNS_NAMESERVER"], "VLAN": BEFORE["VLAN"]}
    assert diff["after"] == {"SYSLOG_SERVER": AFTER["SYSLOG_SERVER"], "VLAN": AFTER["VLAN"]}


def test_row_changes_name_table_and_key():
    changes = row_changes(BEFORE, AFTER)
    assert changes.added == ("SYSLOG_SERVER|10.0.0.9", "VLAN|Vlan30")
    assert changes.removed == ("DNS_NAMESERVER|1.1.1.1", "VLAN|Vlan20")
    assert changes.changed == ("VLAN|Vlan10",)
    assert changes.to_dict()["tables"] == ["DNS_NAMESERVER", "SYSLOG_SERVER", "VLAN"]
    assert not changes.empty


def test_equal_documents_and_missing_documents():
    assert row_changes(BEFORE, BEFORE).empty and table_diff(BEFORE, BEFORE) == {"before": {}, "after": {}}
    assert row_changes(None, {"VRF": {"VrfA": {}}}).added == ("VRF|VrfA",)
    assert differing_tables({"VRF": {}}, None) == []  # an empty table equals a missing one
