# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for the FrrConfig model checks."""
from __future__ import annotations

import dataclasses

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_model import (
    ExtendedNeighbor,
    FrrConfig,
    Peering,
    PolicyBlock,
    RouteMap,
    RouteMapStanza,
    TenantVrf,
    VrrpGroup,
    check_frr_config,
)

GOOD = FrrConfig(
    hostname="leaf01", asn=4200000000, router_id="10.0.0.1", fabric_interfaces=("Ethernet120",),
    peerings=(Peering(peer_group="XCONNECT", remote_as="4200000000", neighbors=("192.168.255.2",), route_map_in="IN"),),
    vrfs=(TenantVrf("Vrf46", vni=46, peerings=(Peering(interfaces=("Ethernet96",)),)),),
    policies=(PolicyBlock(route_maps=(RouteMap("IN", (RouteMapStanza(),)),
                                      RouteMap("DENY_MGMT", (RouteMapStanza("deny", 10, ("match interface eth0",)),)))),),
)


def test_good_config_passes():
    assert check_frr_config(GOOD) is None


@pytest.mark.parametrize("changes, field", [
    ({"role": "border"}, "role"),
    ({"syslog_level": "loud"}, "syslog_level"),
    ({"hostname": "bad name"}, "hostname"),
    ({"asn": 0}, "asn"),
    ({"asn": True}, "asn"),
    ({"router_id": "10.0.0.256"}, "router_id"),
    ({"fabric_interfaces": ("Ethernet 1",)}, "fabric_interfaces"),
    ({"fabric_timers": "1"}, "fabric_timers"),
    ({"role": "spine", "advertise_all_vni": True}, "advertise_all_vni"),
    ({"redistribute_connected_route_map": "LOOPS"}, "redistribute_connected_route_map"),
    ({"peerings": (Peering(route_map_out="MISSING"),)}, "peerings[0].route_map_out"),
    ({"peerings": (Peering(peer_group="FABRIC"),)}, "peerings[0].peer_group"),
    ({"peerings": (Peering(remote_as="far"),)}, "peerings[0].remote_as"),
    ({"peerings": (Peering(neighbors=("",)),)}, "peerings[0].neighbors"),
    ({"peerings": (Peering(extended_neighbors=(ExtendedNeighbor("x"),)),)}, "peerings[0].extended_neighbors[0].address"),
    ({"peerings": (Peering(extended_neighbors=(ExtendedNeighbor("10.0.0.9", families=("ipv5",)),)),)},
     "peerings[0].extended_neighbors[0].families"),
    ({"vrfs": (TenantVrf("Vrf1"), TenantVrf("Vrf1"))}, "vrfs[1].name"),
    ({"vrfs": (TenantVrf("mgmt"),)}, "vrfs[0].name"),
    ({"vrfs": (TenantVrf("Vrf1", vni=2 ** 24),)}, "vrfs[0].vni"),
    ({"vrfs": (TenantVrf("Vrf1", peerings=(Peering(), Peering())),)}, "vrfs[0].peerings[1].peer_group"),
    ({"vrrp": (VrrpGroup(4096, 1, "10.0.0.1"),)}, "vrrp[0]"),
    ({"vrrp": (VrrpGroup(10, 1, "10.0.0.300/24"),)}, "vrrp[0].address"),
    ({"policies": (PolicyBlock(route_maps=(RouteMap("EMPTY"),)),)}, "route-map EMPTY"),
    ({"policies": (PolicyBlock(route_maps=(RouteMap("X", (RouteMapStanza("allow"),)),)),)}, "route-map X action"),
])
def test_bad_values_name_the_field(changes, field):
    with pytest.raises(ValidationError) as info:
        check_frr_config(dataclasses.replace(GOOD, **changes))
    assert info.value.field == field


def test_peer_groups_may_repeat_across_vrfs():
    config = dataclasses.replace(GOOD, vrfs=(TenantVrf("Vrf1", peerings=(Peering(),)), TenantVrf("Vrf2", peerings=(Peering(),))))
    assert check_frr_config(config) is None
