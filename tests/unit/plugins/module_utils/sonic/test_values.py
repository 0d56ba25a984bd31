# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for SONiC values parsing (text and Ansible-typed input) and their semantic checks."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.generator_inputs import (
    load_sonic_config_text,
    parse_sonic_environment,
    parse_sonic_version,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import DeviceContext, parse_values
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values_checks import validate_values

DEVICE = DeviceContext(platform="x86_64-accton_as7726_32x-r0", hwsku="Accton-AS7726-32X", mac="aa:aa:aa:aa:aa:aa", branch="ec202111")


def test_text_yaml_keeps_literal_scalars_like_the_reference():
    values = parse_values(load_sonic_config_text("portchannels:\n  list:\n    - number: 01\nports:\n  default_autoneg: off\n  default_mtu: 9000\n"))
    assert values.portchannels.list[0].number == "01"
    assert values.ports.default_autoneg == "off"
    assert values.ports.default_mtu == 9000


def test_null_ports_differs_from_empty_ports():
    assert parse_values(load_sonic_config_text("ports:\n")).ports is None
    assert parse_values(load_sonic_config_text("ports: {}\n")).ports is not None


def test_ansible_typed_values_are_normalised():
    values = parse_values({"ports": {"default_autoneg": True, "list": [{"name": "Ethernet0", "autoneg": False, "mtu": "1500"}]},
                           "vlans": [{"id": 4000, "sag": "yes"}], "interconnects": {"x": {"vni": 104000, "neighbors": ["frr only"]}}})
    assert values.ports.default_autoneg == "on"
    assert values.ports.list[0].autoneg == "off"
    assert values.ports.list[0].mtu == 1500
    assert values.vlans[0].id == "4000"
    assert values.vlans[0].sag is True
    assert values.interconnects["x"].vni == "104000"


@pytest.mark.parametrize("data, field_name", [
    ({"ports": {"list": [{"name": "Ethernet0", "mtu": "big"}]}}, "ports.list[0].mtu"),
    ({"vlans": "4000"}, "vlans"),
    ({"mclag": {"system_mac": 1234567}}, "mclag.system_mac"),
    ({"mgmt_vrf": "maybe"}, "mgmt_vrf"),
    ({"hostname": True}, "hostname"),
    ({"features": {"x": {"enabled": "perhaps"}}}, "features.x.enabled"),
])
def test_wrong_types_name_the_field(data, field_name):
    with pytest.raises(ValidationError) as error:
        parse_values(data)
    assert error.value.field == field_name


@pytest.mark.parametrize("vlan_id", ["0", "4095", "abc", ""])
def test_vlan_out_of_range_rejected_in_both_modes(vlan_id):
    for compat in (True, False):
        with pytest.raises(ValidationError) as error:
            validate_values(parse_values({"vlans": [{"id": vlan_id}]}), DEVICE, compat=compat)
        assert error.value.field == "vlans[0].id"


@pytest.mark.parametrize("data, field_name", [
    ({"interconnects": {"a": {"vni": "100", "vrf": "VrfA"}, "b": {"vni": "100", "vrf": "VrfB"}}}, "interconnects.b.vni"),
    ({"vtep": {"vxlan_tunnel_maps": [{"vni": "100", "vlan": "Vlan100"}, {"vni": "100", "vlan": "Vlan101"}]}}, "vtep.vxlan_tunnel_maps[1].vni"),
])
def test_duplicate_vni_rejected(data, field_name):
    with pytest.raises(ValidationError, match="duplicate VNI 100") as error:
        validate_values(parse_values(data), DEVICE, compat=True)
    assert error.value.field == field_name


def test_vrf_vni_may_be_mapped_to_its_vlan():
    values = parse_values({"interconnects": {"a": {"vni": "100", "vrf": "VrfA"}}, "vtep": {"vxlan_tunnel_maps": [{"vni": "100", "vlan": "Vlan100"}]}})
    validate_values(values, DEVICE)


def test_vni_out_of_range_rejected():
    with pytest.raises(ValidationError, match="VNI"):
        validate_values(parse_values({"interconnects": {"a": {"vni": "16777216"}}}), DEVICE)


@pytest.mark.parametrize("data, field_name", [
    ({"ports": {"list": [{"name": "Ethernet0", "ips": ["10.0.0.1"]}]}}, "ports.list[0].ips[0]"),
    ({"vlans": [{"id": 10, "ip": "10.9.7.0"}]}, "vlans[0].ip"),
    ({"mgmt_interface": {"ip": "10.7.10.2"}}, "mgmt_interface.ip"),
    ({"vlan_subinterfaces": [{"port": "Ethernet0", "vlan": 10, "cidrs": ["1.2.3.4"]}]}, "vlan_subinterfaces[0].cidrs"),
    ({"vlans": [{"id": 2, "vrrp": {"group": 1, "ip": "10.1.2.1"}}]}, "vlans[0].vrrp.ip"),
])
def test_address_without_prefix_rejected_only_outside_compat(data, field_name):
    values = parse_values(data)
    validate_values(values, DEVICE, compat=True)
    with pytest.raises(ValidationError, match="no prefix length") as error:
        validate_values(values, DEVICE)
    assert error.value.field == field_name


def test_sag_branch_rules():
    on_202111 = parse_values({"sag": {}})
    with pytest.raises(ValidationError) as error:
        validate_values(on_202111, DEVICE, compat=True)
    assert error.value.field == "sag"
    validate_values(on_202111, DEVICE)  # an empty sag asks for nothing outside compat mode
    vlan_sag_false = parse_values({"vlans": [{"id": 5, "sag": False}]})
    with pytest.raises(ValidationError):
        validate_values(vlan_sag_false, DEVICE, compat=True)
    validate_values(vlan_sag_false, DEVICE)
    with pytest.raises(ValidationError):
        validate_values(parse_values({"vlans": [{"id": 5, "sag": True}]}), DEVICE)


def test_vrrp_only_on_202111():
    values = parse_values({"vlans": [{"id": 5, "vrrp": {"group": 1, "ip": "10.0.0.1/24"}}]})
    validate_values(values, DEVICE)
    with pytest.raises(ValidationError) as error:
        validate_values(values, DeviceContext("p", "h", "aa:aa:aa:aa:aa:aa", "ec202211_ecsonic"))
    assert error.value.field == "vlans[0].vrrp"


@pytest.mark.parametrize("device, field_name", [
    (DeviceContext("", "h", "aa:aa:aa:aa:aa:aa"), "device.platform"),
    (DeviceContext("p", "", "aa:aa:aa:aa:aa:aa"), "device.hwsku"),
    (DeviceContext("p", "h", ""), "device.mac"),
    (DeviceContext("p", "h", "not-a-mac"), "device.mac"),
])
def test_device_facts_required(device, field_name):
    with pytest.raises(ValidationError) as error:
        validate_values(parse_values({}), device)
    assert error.value.field == field_name


@pytest.mark.parametrize("data, field_name", [
    ({"vlans": [{"id": 4000}, {"id": "4000"}]}, "vlans[1].id"),
    ({"portchannels": {"list": [{"number": "01"}, {"number": "01"}]}}, "portchannels.list[1].number"),
    ({"portchannels": {"list": [{"number": "abc"}]}}, "portchannels.list[0].number"),
    ({"vtep": {"vxlan_tunnel_maps": [{"vni": "5", "vlan": "4000"}]}}, "vtep.vxlan_tunnel_maps[0].vlan"),
    ({"docker_routing_config_mode": "splits"}, "docker_routing_config_mode"),
    ({"loopback_address": "10.0.0.1/24"}, "loopback_address"),
    ({"ssh_sourceranges": ["nope"]}, "ssh_sourceranges[0]"),
    ({"ports": {"default_fec": "fast"}}, "ports.default_fec"),
    ({"syslog_servers": [{"address": "10.0.0.1", "protocol": "sctp"}]}, "syslog_servers[0].protocol"),
    ({"syslog_servers": [{"address": "10.0.0.1", "vrf": "mgmt"}]}, "syslog_servers[0].vrf"),
    ({"mclag": {"keepalive_vlan": "5000"}}, "mclag.keepalive_vlan"),
])
def test_strict_checks_outside_compat(data, field_name):
    values = parse_values(data)
    with pytest.raises(ValidationError) as error:
        validate_values(values, DEVICE)
    assert error.value.field == field_name


def test_environment_and_version_files():
    assert parse_sonic_environment("\tPLATFORM=x86_64-a\n    HWSKU=Sku-1\nnoise\n") == {"PLATFORM": "x86_64-a", "HWSKU": "Sku-1"}
    assert parse_sonic_version("---\nbranch: 'ec202111'\nbuild_version: x\n") == "ec202111"
    assert parse_sonic_version("build_version: x\n") == ""


def test_invalid_yaml_is_a_validation_error():
    with pytest.raises(ValidationError) as error:
        load_sonic_config_text("vlans: [\n")
    assert error.value.field == "sonic-config.yaml"
