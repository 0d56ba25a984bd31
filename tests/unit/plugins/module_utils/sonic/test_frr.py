# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for frr.conf rendering: the metal-roles leaf golden file, and spine/exit structure."""
from __future__ import annotations

import os

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr import render_frr_conf
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_model import (
    FrrConfig,
    Peering,
    PolicyBlock,
    RouteMap,
    RouteMapStanza,
    TenantVrf,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_sonic_vars import frr_config_from_sonic_vars

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *([os.pardir] * 5)))
SHARED = os.environ.get("METALFLEET_SHARED", os.path.join(REPO_ROOT, os.pardir, "shared"))
FIXTURES = os.path.join(SHARED, "sonic", "fixtures")


def blocks(text):
    """{top-level line: [indented lines below it]}; repeated headers get ' #n' appended."""
    result, current = {}, None
    for line in text.splitlines():
        if line.startswith(" "):
            result[current].append(line.strip())
        elif line != "!":
            current = line
            while current in result:
                current += " #"
            result[current] = []
    return result


def test_leaf_matches_the_metal_roles_golden_file():
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the shared fixture")
    leaf_dir = os.path.join(FIXTURES, "metal-roles-sonic-config-leaf")
    defaults = os.path.join(FIXTURES, "metal-roles-sonic-config-defaults", "defaults-main.yaml")
    if not os.path.isdir(leaf_dir) or not os.path.exists(defaults):
        pytest.skip(f"metal-roles sonic-config fixtures not found under {FIXTURES} (set METALFLEET_SHARED)")
    with open(defaults, encoding="utf-8") as handle:
        variables = yaml.safe_load(handle)
    with open(os.path.join(leaf_dir, "input.yaml"), encoding="utf-8") as handle:
        variables.update(yaml.safe_load(handle))
    with open(os.path.join(leaf_dir, "frr.conf"), encoding="utf-8") as handle:
        expected = handle.read()
    assert render_frr_conf(frr_config_from_sonic_vars(variables, role="leaf")).strip() == expected.strip()


SPINE_VARS = {
    "inventory_hostname": "spine01",
    "sonic_config_asn": 4200000001,
    "sonic_config_loopback_address": "10.0.0.11",
    "sonic_config_bgp_ports": [f"Ethernet{4 * i}" for i in range(6)],
    "sonic_config_frr_l2vpn_evpn": True,
}


def test_spine_structure():
    text = render_frr_conf(frr_config_from_sonic_vars(SPINE_VARS, role="spine"))
    parsed = blocks(text)
    router = parsed["router bgp 4200000001"]
    assert "bgp router-id 10.0.0.11" in router
    assert [line for line in router if line.endswith("interface peer-group FABRIC")] == \
        [f"neighbor Ethernet{4 * i} interface peer-group FABRIC" for i in range(6)]
    assert "address-family l2vpn evpn" in router and "neighbor FABRIC activate" in router
    assert "neighbor FABRIC allowas-in 2" in router and "advertise-all-vni" not in router
    assert "redistribute connected route-map DENY_MGMT" in router
    assert not [header for header in parsed if header.startswith(("vrf ", "router bgp 4200000001 vrf"))]
    assert parsed["route-map DENY_MGMT deny 10"] == ["match interface eth0"]
    assert parsed["route-map RM_SET_SRC permit 10"] == ["set src 10.0.0.11"]
    assert "ip protocol bgp route-map RM_SET_SRC" in parsed
    assert all(f"interface Ethernet{4 * i}" in parsed for i in range(6))
    assert text.endswith("line vty\n!\n")


EXIT_VARS = {
    "inventory_hostname": "exit01",
    "sonic_config_asn": "4200000003",
    "sonic_config_loopback_address": "10.0.0.21",
    "sonic_config_bgp_ports": ["Ethernet120", "Ethernet124"],
    "sonic_config_frr_l2vpn_evpn": True,
    "sonic_config_vtep": {"enabled": True},
    "sonic_config_frr_static_routes_mgmt": ["0.0.0.0/0 192.168.0.1"],
    "sonic_config_frr_static_routes": ["10.10.0.0/16 10.0.0.99"],
    "sonic_config_vlans": [{"id": 4003, "vrrp": {"group": 3, "priority": 110, "ip": "10.3.3.1/24"}}],
    "sonic_config_interconnects": {
        "internet": {
            "vrf": "VrfInternet", "vni": 104009, "peer_group": "INTERNET", "no_default_ipv4family": True,
            "static_routes": ["0.0.0.0/0 203.0.113.1"],
            "prefixlists": ["ip prefix-list INET_IN seq 10 permit 0.0.0.0/0", "ip prefix-list INET6_IN seq 10 permit ::/0"],
            "extended_neighbors": [
                {"ip": "203.0.113.1", "families": ["v4"],
                 "routemap_in": {"name": "UPLINK-IN", "entries": ["match ip address prefix-list INET_IN"]}},
                {"ip": "2001:db8::1", "families": ["v6"],
                 "routemap_in": {"name": "UPLINK6-IN", "entries": ["match ipv6 address prefix-list INET6_IN"]}},
            ],
        },
        "mpls": {
            "vrf": "VrfMpls", "vni": 104000, "peer_group": "MPLS", "remote_as": 65000, "neighbor_ip": "10.200.0.1",
            "bgp_md5_password": "s3cret",
            "routemap_out": {"name": "MPLS-OUT", "entries": ["match ip address prefix-list MPLS_OUT"]},
            "prefixlists": ["ip prefix-list MPLS_OUT seq 10 permit 10.0.0.0/8"],
        },
        "pxe": {"peer_group": "PXE", "neighbors": ["Ethernet1 interface"], "evpn_peer": True},
    },
}


def test_exit_structure():
    parsed = blocks(render_frr_conf(frr_config_from_sonic_vars(EXIT_VARS, role="exit")))
    assert parsed["vrf VrfInternet"] == ["vni 104009", "ip route 0.0.0.0/0 203.0.113.1"]
    assert parsed["vrf VrfMpls"] == ["vni 104000"]
    assert parsed["vrf mgmt"] == ["ip route 0.0.0.0/0 192.168.0.1"]
    assert parsed["interface Vlan4003"] == ["vrrp 3", "vrrp 3 priority 110", "vrrp 3 ip 10.3.3.1"]
    default = parsed["router bgp 4200000003"]
    assert "neighbor Ethernet1 interface peer-group PXE" in default
    assert "advertise-all-vni" in default and "neighbor PXE activate" in default
    assert "redistribute static" in default
    internet = parsed["router bgp 4200000003 vrf VrfInternet"]
    assert "no bgp default ipv4-unicast" in internet
    assert internet.index("address-family ipv4 unicast") < internet.index("neighbor 203.0.113.1 activate")
    assert "neighbor 203.0.113.1 route-map UPLINK-IN in" in internet
    v6 = internet[internet.index("address-family ipv6 unicast"):]
    assert v6[:4] == ["address-family ipv6 unicast", "neighbor INTERNET remove-private-AS all",
                      "neighbor 2001:db8::1 activate", "neighbor 2001:db8::1 route-map UPLINK6-IN in"]
    assert "advertise ipv4 unicast" in internet
    mpls = parsed["router bgp 4200000003 vrf VrfMpls"]
    assert mpls[2:6] == ["neighbor MPLS peer-group", "neighbor MPLS remote-as 65000", "neighbor MPLS timers 1 3",
                         "neighbor 10.200.0.1 peer-group MPLS"]
    assert "neighbor 10.200.0.1 password s3cret" in mpls and "neighbor MPLS route-map MPLS-OUT out" in mpls
    assert parsed["route-map MPLS-OUT permit 20"] == ["match ip address prefix-list MPLS_OUT"]
    assert parsed["route-map UPLINK6-IN permit 10"] == ["match ipv6 address prefix-list INET6_IN"]
    assert "ip prefix-list INET6_IN seq 10 permit ::/0" in parsed
    assert "ip route 10.10.0.0/16 10.0.0.99" in parsed


def test_model_without_evpn_or_vni():
    config = FrrConfig(
        hostname="lab1", asn=65001, router_id="192.0.2.1", fabric_interfaces=("Ethernet0",),
        vrfs=(TenantVrf("VrfLocal", peerings=(Peering(interfaces=("Ethernet8",), bfd="3 300 300", password="pw"),)),),
        redistribute_connected_route_map="LOOPS",
        policies=(PolicyBlock(route_maps=(RouteMap("LOOPS", (RouteMapStanza("permit", 10, ("match interface Loopback0",)),)),)),),
    )
    text = render_frr_conf(config)
    parsed = blocks(text)
    assert parsed["vrf VrfLocal"] == []
    assert parsed["interface Ethernet8 vrf VrfLocal"][0] == "ipv6 nd ra-interval 6"
    vrf = parsed["router bgp 65001 vrf VrfLocal"]
    assert "neighbor EXTERNAL bfd 3 300 300" in vrf and "neighbor Ethernet8 password pw" in vrf
    assert "address-family l2vpn evpn" not in vrf
    assert "address-family l2vpn evpn" not in parsed["router bgp 65001"]
    assert "route-map RM_SET_SRC permit 10" not in parsed
    assert "router bgp 65001\n" in text and "\n!\nrouter bgp 65001 vrf VrfLocal" in text
