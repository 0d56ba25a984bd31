# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for mapping metal-roles sonic-config variables onto the FrrConfig model."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_model import (
    ExtendedNeighbor,
    Peering,
    RouteMapStanza,
    TenantVrf,
    VrrpGroup,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_sonic_vars import DENY_MGMT, frr_config_from_sonic_vars

MINIMAL = {"inventory_hostname": "leaf02", "sonic_config_asn": "4200000002", "sonic_config_loopback_address": "10.0.0.2"}


def with_vars(**extra):
    variables = dict(MINIMAL)
    variables.update({f"sonic_config_{name}": value for name, value in extra.items()})
    return variables


def test_role_defaults_apply():
    config = frr_config_from_sonic_vars(MINIMAL)
    assert (config.hostname, config.asn, config.router_id, config.role) == ("leaf02", 4200000002, "10.0.0.2", "leaf")
    assert config.set_source_from_loopback and not config.evpn and not config.advertise_all_vni
    assert config.redistribute_connected_route_map == "DENY_MGMT" and config.policies[-1].route_maps == (DENY_MGMT,)
    assert config.peerings == () and config.vrfs == () and config.syslog_level == "informational"


@pytest.mark.parametrize("missing", ["sonic_config_asn", "sonic_config_loopback_address"])
def test_required_variables(missing):
    variables = dict(MINIMAL)
    del variables[missing]
    with pytest.raises(ValidationError) as info:
        frr_config_from_sonic_vars(variables)
    assert info.value.field == missing


def test_interconnect_in_vrf_and_in_default_vrf():
    config = frr_config_from_sonic_vars(with_vars(interconnects={
        "a": {"vrf": "Vrf7", "vni": "7", "unnumbered_interfaces": ["Ethernet8"], "static_routes": ["10.7.0.0/16 10.0.0.9"]},
        "b": {"vrf": "Vrf7", "vni": 7, "peer_group": "B", "neighbors": ["10.9.9.9"], "keep_private_as": True, "evpn_peer": True},
        "c": {"peer_group": "C", "neighbor_ip": "10.1.1.1", "remote_as": 65000, "evpn_peer": True, "bgp_timers": "2 8",
              "routemaps": [{"name": "RM", "entries": ["match tag 1"]}]},
    }))
    assert config.vrfs == (TenantVrf("Vrf7", 7, ("10.7.0.0/16 10.0.0.9",), (
        Peering(interfaces=("Ethernet8",), remove_private_as=True),
        Peering(peer_group="B", neighbors=("10.9.9.9",)),
    )),)
    assert config.peerings == (Peering(peer_group="C", remote_as="65000", timers="2 8", neighbors=("10.1.1.1",), evpn_peer=True),)
    assert config.policies[2].route_maps[0].stanzas == (RouteMapStanza("permit", 10, ("match tag 1",)),)


def test_extended_neighbors_and_route_map_sequence_numbers():
    config = frr_config_from_sonic_vars(with_vars(interconnects={"inet": {
        "vrf": "VrfInternet", "vni": 104009, "no_default_ipv4family": True,
        "routemap_in": {"name": "IN", "entries": ["match ip address prefix-list P"]},
        "routemap_out": {"name": "OUT", "entries": []},
        "extended_neighbors": [{"ip": "2001:db8::1", "families": ["v6"], "routemap_out": {"name": "X-OUT", "entries": []}}],
    }}))
    vrf = config.vrfs[0]
    assert vrf.no_default_ipv4_unicast
    assert vrf.peerings[0].extended_neighbors == (ExtendedNeighbor("2001:db8::1", ("ipv6",), None, "X-OUT"),)
    assert [(m.name, m.stanzas[0].seq) for m in config.policies[0].route_maps] == [("IN", 10), ("OUT", 20), ("X-OUT", 20)]


def test_redistribute_route_map_vrrp_and_vtep():
    config = frr_config_from_sonic_vars(with_vars(
        frr_route_map={"name": "LOOPBACKS", "match": "interface Loopback0"},
        vlans=[{"id": 10}, {"id": "4003", "vrrp": {"group": 1, "ip": "10.1.1.1/24", "priority": "66"}}],
        vtep={"vxlan_tunnel_maps": [{"vni": 1, "vlan": "Vlan10"}]},
    ))
    assert config.redistribute_connected_route_map == "LOOPBACKS"
    assert config.vrrp == (VrrpGroup(4003, 1, "10.1.1.1/24", 66),)
    assert config.advertise_all_vni


@pytest.mark.parametrize("extra, field", [
    ({"interconnects": {"x": {"vrf": "Vrf1", "colour": "red"}}}, "sonic_config_interconnects.x"),
    ({"interconnects": {"x": {"vrf": "Vrf1", "vni": 1}, "y": {"vrf": "Vrf1", "vni": 2}}}, "sonic_config_interconnects.y.vni"),
    ({"interconnects": {"x": {"static_routes": ["0.0.0.0/0 10.0.0.1"]}}}, "sonic_config_interconnects.x.static_routes"),
    ({"interconnects": {"x": {"routemap_in": {"entries": []}}}}, "sonic_config_interconnects.x.routemap_in.name"),
    ({"interconnects": {"x": {"extended_neighbors": [{"ip": "10.0.0.1", "families": ["v5"]}]}}},
     "sonic_config_interconnects.x.extended_neighbors[0].families"),
    ({"interconnects": {"x": {"extended_neighbors": [{"families": ["v4"]}]}}}, "sonic_config_interconnects.x.extended_neighbors[0].ip"),
    ({"interconnects": ["x"]}, "sonic_config_interconnects"),
    ({"bgp_ports": "Ethernet0"}, "sonic_config_bgp_ports"),
    ({"asn": "42x"}, "sonic_config_asn"),
    ({"vlans": [{"id": 5, "vrrp": {"group": 1}}]}, "sonic_config_vlans[0].vrrp.ip"),
])
def test_bad_variables_name_the_variable(extra, field):
    with pytest.raises(ValidationError) as info:
        frr_config_from_sonic_vars(with_vars(**extra))
    assert info.value.field == field
