# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the ownership rules and the apply plan (nothing / config load / config reload)."""
from __future__ import annotations

import copy

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import ownership
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.ownership import machine_ports, plan_apply


def port(lanes, admin="up", mtu="9000"):
    return {"admin_status": admin, "alias": "Eth", "index": "1", "lanes": lanes, "mtu": mtu, "speed": "100000"}


DESIRED = {
    "DEVICE_METADATA": {"localhost": {"hostname": "leaf01", "hwsku": "X", "mac": "0c:29:ef:aa:00:11", "platform": "p", "type": "LeafRouter"}},
    "FEATURE": {"metal-core": {"auto_restart": "enabled", "state": "enabled"}},
    "INTERFACE": {"Ethernet8": {"ipv6_use_link_local_only": "enable"}},
    "PORT": {"Ethernet0": port("1,2,3,4"), "Ethernet4": port("5,6,7,8"), "Ethernet8": port("9,10,11,12")},
    "VLAN": {"Vlan4000": {"vlanid": "4000"}},
    "VLAN_MEMBER": {"Vlan4000|Ethernet0": {"tagging_mode": "untagged"}},
    "DNS_NAMESERVER": {"1.1.1.1": {}},
}
METAL_CORE_ROWS = {
    "VRF": {"Vrf30": {"vni": "30"}},
    "VLAN": {"Vlan1001": {"vlanid": "1001"}},
    "VLAN_INTERFACE": {"Vlan1001": {"vrf_name": "Vrf30"}},
    "VXLAN_TUNNEL_MAP": {"vtep|map_30_Vlan1001": {"vlan": "Vlan1001", "vni": "30"}},
    "SUPPRESS_VLAN_NEIGH": {"Vlan1001": {"suppress": "on"}},
    "INTERFACE": {"Ethernet4": {"ipv6_use_link_local_only": "enable", "vrf_name": "Vrf30"}},
    "VLAN_MEMBER": {"Vlan4000|Ethernet4": {"tagging_mode": "untagged"}},
}


def running_with(*extra):
    """The desired config as it runs on the switch, plus image fields and the given extra tables."""
    running = copy.deepcopy(DESIRED)
    running["DEVICE_METADATA"]["localhost"]["bgp_asn"] = "65100"
    running["FEATURE"]["bgp"] = {"auto_restart": "enabled", "state": "enabled"}
    running["PORT"]["Ethernet4"]["parent_port"] = "Ethernet4"
    running["VERSIONS"] = {"DATABASE": {"VERSION": "version_4_0_1"}}
    for tables in extra:
        for table, rows in tables.items():
            running.setdefault(table, {}).update(copy.deepcopy(rows))
    return running


def test_machine_ports_are_the_ports_the_desired_config_does_not_use():
    assert machine_ports(DESIRED, {}) == frozenset({"Ethernet4"})
    without_port_table = {key: value for key, value in DESIRED.items() if key != "PORT"}
    assert machine_ports(without_port_table, {"PORT": {"Ethernet4": {}, "Ethernet8": {}, "Ethernet12": {}}}) == {"Ethernet4", "Ethernet12"}


def test_in_sync_switch_with_image_fields_and_metal_core_rows_needs_nothing():
    plan = plan_apply(running_with(METAL_CORE_ROWS), DESIRED)
    assert plan.action == "none" and plan.load_config == {} and plan.diff == {"before": {}, "after": {}}
    assert plan.foreign == {"dynamic VLAN Vlan1001 (metal-core)": 3, "machine port Ethernet4 (metal-core)": 2,
                            "row managed by the image": 1, "table not managed by the collection": 2, "tenant VRF (metal-core)": 1}


def test_additions_and_changed_fields_are_loaded():
    running = running_with(METAL_CORE_ROWS)
    del running["VLAN"]["Vlan4000"]
    running["DEVICE_METADATA"]["localhost"]["hostname"] = "sonic"
    plan = plan_apply(running, DESIRED)
    assert plan.action == "load"
    assert plan.added == ("VLAN|Vlan4000",) and plan.modified == ("DEVICE_METADATA|localhost",) and plan.removed == ()
    assert plan.load_config == {"VLAN": {"Vlan4000": {"vlanid": "4000"}}, "DEVICE_METADATA": DESIRED["DEVICE_METADATA"]}
    assert set(plan.diff["after"]) == {"DEVICE_METADATA", "VLAN"}
    assert "bgp_asn" not in plan.diff["before"]["DEVICE_METADATA"]["localhost"], "an image field showed up in the diff"


def test_machine_port_admin_status_and_mtu_keep_their_running_values():
    running = running_with(METAL_CORE_ROWS)
    running["PORT"]["Ethernet4"].update(admin_status="down", mtu="9216")  # metal-core's doing
    running["PORT"]["Ethernet4"]["speed"] = "40000"  # but the speed is ours
    running["PORT"]["Ethernet0"]["admin_status"] = "down"  # Ethernet0 is used (PXE VLAN member): ours
    plan = plan_apply(running, DESIRED)
    assert plan.action == "load" and plan.modified == ("PORT|Ethernet0", "PORT|Ethernet4")
    assert plan.load_config["PORT"]["Ethernet4"] == dict(port("5,6,7,8"), admin_status="down", mtu="9216")
    assert plan.load_config["PORT"]["Ethernet0"]["admin_status"] == "up"


def test_removed_rows_and_fields_need_a_reload():
    running = running_with(METAL_CORE_ROWS, {"DNS_NAMESERVER": {"8.8.8.8": {}}, "VRF": {"VrfInternet": {}}})
    running["VLAN"]["Vlan4000"]["dhcp_servers"] = ["10.0.0.2"]
    plan = plan_apply(running, DESIRED)
    assert plan.action == "reload"
    assert plan.removed == ("DNS_NAMESERVER|8.8.8.8", "VRF|VrfInternet")
    assert plan.removed_fields == ("VLAN|Vlan4000 dhcp_servers",)
    assert "VRF|Vrf30" not in plan.removed


def test_port_tables_are_left_alone_when_the_desired_config_has_none():
    desired = {key: value for key, value in DESIRED.items() if key != "PORT"}
    running = running_with({"BREAKOUT_CFG": {"Ethernet0": {"brkout_mode": "1x100G[40G]"}}})
    plan = plan_apply(running, desired)
    assert plan.action == "none"
    assert plan.foreign["table not managed by the collection"] == 1 + 3 + 1  # VERSIONS, 3 PORT rows, BREAKOUT_CFG


def test_desired_rows_in_metal_core_space_are_applied_but_reported():
    desired = copy.deepcopy(DESIRED)
    desired["VRF"] = {"Vrf46": {"vni": "46"}}
    desired["VLAN"]["Vlan1500"] = {"vlanid": "1500"}
    plan = plan_apply(running_with(), desired)
    assert plan.action == "load" and plan.added == ("VLAN|Vlan1500", "VRF|Vrf46")
    assert plan.conflicts == ("VLAN|Vlan1500: dynamic VLAN Vlan1500 (metal-core)", "VRF|Vrf46: tenant VRF (metal-core)")


@pytest.mark.parametrize("table,key,row,reason", [
    ("VXLAN_TUNNEL_MAP", "vtep|map_30", {"vlan": "Vlan1999", "vni": "30"}, "dynamic VLAN Vlan1999 (metal-core)"),
    ("VLAN_INTERFACE", "Vlan2000|10.0.0.1/24", {}, "dynamic VLAN Vlan2000 (metal-core)"),
    ("INTERFACE", "Ethernet60", {"vrf_name": "Vrf7"}, "port in a tenant VRF (metal-core)"),
    ("VLAN", "Vlan1000", {}, None),
    ("VLAN", "Vlan2001", {}, None),
    ("VRF", "VrfMpls", {}, None),
])
def test_metal_core_reasons(table, key, row, reason):
    rules = ownership.ownership_for(DESIRED, {})
    assert ownership.metal_core_reason(table, key, row, rules) == reason


def test_dynamic_vlan_range_is_configurable():
    running = running_with({"VLAN": {"Vlan2500": {"vlanid": "2500"}}})
    assert plan_apply(running, DESIRED).removed == ("VLAN|Vlan2500",)
    assert plan_apply(running, DESIRED, dynamic_vlans=(2001, 3000)).action == "none"


def test_extra_machine_ports():
    running = running_with({"INTERFACE": {"Ethernet12": {"vrf_name": "default"}}})
    assert plan_apply(running, DESIRED).removed == ("INTERFACE|Ethernet12",)
    assert plan_apply(running, DESIRED, extra_machine_ports=["Ethernet12"]).action == "none"
