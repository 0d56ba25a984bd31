# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for the config_db renderer: golden reference cases, reference behaviours, fixed quirks."""
from __future__ import annotations

import json
import os

import pytest
import yaml

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import configdb
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import platform_from_json, port_number
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.port_table import render_port_tables
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import (
    DeviceContext,
    Interconnect,
    SonicValues,
    SyslogServer,
    Vlan,
    VxlanTunnelMap,
    Vtep,
    parse_values,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values_checks import validate_values
from tests.unit.plugins.module_utils.sonic import sonic_fixtures

DEVICE = DeviceContext(platform="x86_64-test-r0", hwsku="Test-Sku", mac="aa:aa:aa:aa:aa:aa", branch="ec202111")
PLATFORM = platform_from_json({"interfaces": {
    f"Ethernet{n * 4}": {"index": ",".join([str(n + 1)] * 4), "lanes": ",".join(str(n * 4 + lane) for lane in range(1, 5)),
                         "breakout_modes": {"1x100G[40G]": [f"Eth{n + 1}"], "4x25G": [f"Eth{n + 1}/{i}" for i in range(1, 5)]}}
    for n in range(8)}})


def _golden_params():
    dirs = sonic_fixtures.golden_case_dirs()
    if not dirs:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no configdb-utils-* cases under {sonic_fixtures.FIXTURES_DIR} (set METALFLEET_SHARED)"))]
    return [pytest.param(path, id=os.path.basename(path)) for path in dirs]


@pytest.mark.parametrize("case_dir", _golden_params())
def test_golden_case_is_byte_identical_in_compat_mode(case_dir):
    values, device, platform, expected = sonic_fixtures.load_golden_case(case_dir)
    rendered = configdb.dumps_config_db(configdb.render_config_db(values, device, platform, compat=True))
    if rendered != expected:
        expected_tables, rendered_tables = json.loads(expected), json.loads(rendered)
        differing = sorted(name for name in set(expected_tables) | set(rendered_tables) if expected_tables.get(name) != rendered_tables.get(name))
        pytest.fail(f"{os.path.basename(case_dir)}: tables differ from expected.json: {differing}")


def _behaviours(section):
    if not os.path.isfile(sonic_fixtures.UNIT_BEHAVIOURS):
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{sonic_fixtures.UNIT_BEHAVIOURS} not found (set METALFLEET_SHARED)"))]
    with open(sonic_fixtures.UNIT_BEHAVIOURS, encoding="utf-8") as handle:
        cases = yaml.safe_load(handle)[section]
    return [pytest.param(case, id=case["name"]) for case in cases]


def _case_values(case):
    return parse_values({key: case[key] for key in ("ports", "bgp_ports", "interconnects", "vlans", "breakouts", "sag") if key in case})


@pytest.mark.parametrize("case", _behaviours("interfaces"))
def test_interface_table_behaviour(case):
    assert configdb.interfaces(_case_values(case)) == case["want"]


@pytest.mark.parametrize("case", _behaviours("vrfs"))
def test_vrf_table_behaviour(case):
    assert configdb.vrfs(_case_values(case), compat=True) == case["want"]


@pytest.mark.parametrize("case", _behaviours("sag"))
def test_sag_behaviour(case):
    values = _case_values(case)
    device = DeviceContext("p", "h", "aa:aa:aa:aa:aa:aa", case["branch"])
    if case.get("error"):
        with pytest.raises(ValidationError):
            validate_values(values, device, compat=True)
        return
    validate_values(values, device, compat=True)
    assert (configdb.sag(values) or None) == case["want"]


@pytest.mark.parametrize("case", _behaviours("ports_and_breakouts"))
def test_port_and_breakout_behaviour(case):
    platform = platform_from_json({"interfaces": case["platform"]})
    values = _case_values(case)
    if "error" in case:
        with pytest.raises(ValidationError) as error:
            render_port_tables(values, platform, compat=True)
        assert case["error"] in str(error.value)
        return
    ports, breakouts = render_port_tables(values, platform, compat=True)
    assert ports == case["want_ports"]
    if "want_breakouts" in case:
        assert breakouts == case["want_breakouts"]


@pytest.mark.parametrize("case", _behaviours("ports_from_breakout"))
def test_ports_from_breakout_behaviour(case):
    if case.get("error"):
        with pytest.raises(ValidationError, match="EthernetX"):
            port_number(case["port"])
        return
    defaults = case.get("defaults", {})
    values = parse_values({"breakouts": {case["port"]: case["mode"]},
                           "ports": {"default_autoneg": defaults.get("autoneg"), "default_fec": defaults.get("fec"), "default_mtu": defaults.get("mtu")}})
    ports = render_port_tables(values, platform_from_json({"interfaces": case["platform"]}), compat=True)[0]
    assert ports == case["want"]


def fixture_one_values():
    case_dir = sonic_fixtures.require(os.path.join(sonic_fixtures.FIXTURES_DIR, "configdb-utils-1"))
    return sonic_fixtures.load_golden_case(case_dir)


def test_fixed_mode_refuses_addresses_without_prefix_of_reference_input():
    values, device, platform = fixture_one_values()[:3]
    with pytest.raises(ValidationError) as error:
        configdb.render_config_db(values, device, platform)
    assert error.value.field == "ports.list[0].ips[0]"


def test_fixed_mode_drops_empty_vrf_and_honours_fallback():
    values = parse_values({"interconnects": {"xconnect": {"unnumbered_interfaces": ["Ethernet0"]}, "mpls": {"vni": "5", "vrf": "VrfMpls"}},
                           "portchannels": {"list": [{"number": "01", "fallback": False, "members": ["Ethernet4"]},
                                                     {"number": "02", "fallback": True}]}})
    compat = configdb.render_config_db(values, DEVICE, PLATFORM, compat=True)
    fixed = configdb.render_config_db(values, DEVICE, PLATFORM)
    assert "" in compat["VRF"] and "" not in fixed["VRF"]
    assert fixed["VRF"] == {"VrfMpls": {"vni": "5"}}
    assert compat["PORTCHANNEL"]["PortChannel01"]["fallback"] == "true"
    assert fixed["PORTCHANNEL"]["PortChannel01"]["fallback"] == "false"
    assert fixed["PORTCHANNEL"]["PortChannel02"]["fallback"] == "true"


def test_fixed_mode_renders_sub_interface_cidrs_and_vrf():
    values = parse_values({"vlan_subinterfaces": [{"port": "Ethernet0", "vlan": 1000, "cidrs": ["1.2.3.1/24", "fd00::1/64"], "vrf": "Vrf45"}]})
    fixed = configdb.render_config_db(values, DEVICE, PLATFORM)
    assert set(fixed["VLAN_SUB_INTERFACE"]) == {"Ethernet0.1000", "Ethernet0.1000|1.2.3.1/24", "Ethernet0.1000|fd00::1/64"}
    assert fixed["VRF"] == {"Vrf45": {}}
    compat = configdb.render_config_db(values, DEVICE, PLATFORM, compat=True)
    assert "Ethernet0.1000|" in compat["VLAN_SUB_INTERFACE"]
    assert "VRF" not in compat


def test_static_anycast_gateway_written_without_vrf_outside_compat():
    device = DeviceContext("p", "h", "aa:aa:aa:aa:aa:aa", "ec202211_ecsonic")
    values = parse_values({"vlans": [{"id": 10, "sag": True}], "sag": {"mac": "bb:bb:bb:bb:bb:bb"}})
    assert configdb.render_config_db(values, device)["VLAN_INTERFACE"]["Vlan10"] == {"static_anycast_gateway": "true"}
    assert configdb.render_config_db(values, device, compat=True)["VLAN_INTERFACE"]["Vlan10"] == {}
    assert configdb.render_config_db(values, device)["SAG"] == {"GLOBAL": {"gateway_mac": "bb:bb:bb:bb:bb:bb"}}


def test_lldp_depends_on_branch():
    values = parse_values({"lldp_hello_time": 10})
    assert configdb.lldp(values, "ec202111") == {"Global": {"hello_timer": "10"}}
    assert configdb.lldp(values, "ec202211_ecsonic") == {"GLOBAL": {"hello_time": "10"}}
    assert configdb.lldp(values, "master") == {}


@pytest.mark.parametrize("data, field_name", [
    ({"bgp_ports": ["Ethernet99"]}, "bgp_ports[0]"),
    ({"vlans": [{"id": 4000, "untagged_ports": ["Ethernet1"]}]}, "vlans[0].untagged_ports"),
    ({"vlans": [{"id": 4000, "tagged_ports": ["PortChannel01"]}]}, "vlans[0].tagged_ports"),
    ({"interconnects": {"x": {"unnumbered_interfaces": ["Ethernet2"]}}}, "interconnects.x.unnumbered_interfaces[0]"),
    ({"mclag": {"keepalive_vlan": 10, "member_port_channels": [22]}}, "mclag.member_port_channels[0]"),
])
def test_unknown_port_references_rejected_outside_compat(data, field_name):
    values = parse_values(data)
    with pytest.raises(ValidationError) as error:
        configdb.render_config_db(values, DEVICE, PLATFORM)
    assert error.value.field == field_name


def test_unknown_port_in_ports_list_rejected_in_both_modes():
    values = parse_values({"ports": {"list": [{"name": "Ethernet1"}]}})
    for compat in (True, False):
        with pytest.raises(ValidationError, match="invalid port name Ethernet1") as error:
            configdb.render_config_db(values, DEVICE, PLATFORM, compat=compat)
        assert error.value.field == "ports.list[0].name"


def test_breakout_mode_the_platform_lacks_rejected():
    values = parse_values({"breakouts": {"Ethernet0": "2x50G"}})
    with pytest.raises(ValidationError, match="invalid breakout mode 2x50G") as error:
        configdb.render_config_db(values, DEVICE, PLATFORM)
    assert error.value.field == "breakouts.Ethernet0"


def test_speed_outside_mode_options_rejected():
    values = parse_values({"ports": {"list": [{"name": "Ethernet0", "speed": 25000}]}})
    with pytest.raises(ValidationError, match="only allows speed options") as error:
        configdb.render_config_db(values, DEVICE, PLATFORM)
    assert error.value.field == "ports.list[0].speed"


def test_ports_need_platform_data():
    with pytest.raises(ValidationError) as error:
        configdb.render_config_db(parse_values({"ports": {}}), DEVICE, None)
    assert error.value.field == "platform"


def test_values_built_by_a_native_front_end_render_like_parsed_ones():
    """A front end may construct SonicValues directly (fleet store); the tables come out the same."""
    built = SonicValues(
        hostname="leaf1", docker_routing_config_mode="split", loopback_address="10.0.0.1", bgp_ports=("Ethernet0", "Ethernet4"),
        interconnects={"tenant": Interconnect(vni="1001", vrf="Vrf1001")},
        vlans=(Vlan(id="4000", ip="10.255.0.1/24", dhcp_servers=("10.1.0.1",), untagged_ports=("Ethernet8",)),
               Vlan(id="1001", vrf="Vrf1001")),
        vtep=Vtep(enabled=True, vxlan_tunnel_maps=(VxlanTunnelMap(vni="1001", vlan="Vlan1001"),)),
        syslog_servers=(SyslogServer(address="10.0.0.5", port=514, protocol="udp"),),
    )
    parsed = parse_values({
        "hostname": "leaf1", "docker_routing_config_mode": "split", "loopback_address": "10.0.0.1", "bgp_ports": ["Ethernet0", "Ethernet4"],
        "interconnects": {"tenant": {"vni": 1001, "vrf": "Vrf1001"}},
        "vlans": [{"id": 4000, "ip": "10.255.0.1/24", "dhcp_servers": ["10.1.0.1"], "untagged_ports": ["Ethernet8"]}, {"id": 1001, "vrf": "Vrf1001"}],
        "vtep": {"enabled": True, "vxlan_tunnel_maps": [{"vni": 1001, "vlan": "Vlan1001"}]},
        "syslog_servers": [{"address": "10.0.0.5", "port": 514, "protocol": "udp"}],
    })
    rendered = configdb.render_config_db(built, DEVICE, PLATFORM)
    assert rendered == configdb.render_config_db(parsed, DEVICE, PLATFORM)
    assert rendered["VRF"] == {"Vrf1001": {"vni": "1001"}}
    assert rendered["VXLAN_TUNNEL"] == {"vtep": {"src_ip": "10.0.0.1"}}
    assert rendered["VXLAN_TUNNEL_MAP"] == {"vtep|map_1001_Vlan1001": {"vlan": "Vlan1001", "vni": "1001"}}
    assert rendered["VLAN"]["Vlan4000"] == {"dhcp_servers": ["10.1.0.1"], "vlanid": "4000"}
    assert rendered["SYSLOG_SERVER"] == {"10.0.0.5": {"port": "514", "protocol": "udp"}}
    assert rendered["INTERFACE"] == {"Ethernet0": {"ipv6_use_link_local_only": "enable"}, "Ethernet4": {"ipv6_use_link_local_only": "enable"}}


def test_minimal_values_render_the_always_present_tables():
    rendered = configdb.render_config_db(SonicValues(), DEVICE)
    assert set(rendered) == {"DEVICE_METADATA", "MGMT_PORT", "MGMT_VRF_CONFIG", "NTP"}
    assert rendered["NTP"] == {"global": {"src_intf": "eth0"}}
    assert rendered["DEVICE_METADATA"]["localhost"] == {
        "frr_mgmt_framework_config": "false", "hwsku": "Test-Sku", "mac": "aa:aa:aa:aa:aa:aa", "platform": "x86_64-test-r0", "type": "LeafRouter",
    }


def test_acl_rules_for_ssh_source_ranges():
    rendered = configdb.render_config_db(parse_values({"ssh_sourceranges": ["10.0.0.0/8", "192.168.0.0/16"]}), DEVICE)
    assert rendered["ACL_RULE"]["ALLOW_SSH|RULE_2"] == {"PACKET_ACTION": "ACCEPT", "PRIORITY": "92", "SRC_IP": "192.168.0.0/16"}
    assert set(rendered["ACL_TABLE"]) == {"ALLOW_SSH", "ALLOW_NTP"}


def test_vxlan_needs_loopback():
    values = parse_values({"vtep": {"enabled": True}})
    assert "VXLAN_TUNNEL" not in configdb.render_config_db(values, DEVICE)


def test_dumps_matches_reference_format():
    assert configdb.dumps_config_db({"b": {}, "a": {"y": "1", "x": "2"}}) == '{\n  "a": {\n    "x": "2",\n    "y": "1"\n  },\n  "b": {}\n}'
