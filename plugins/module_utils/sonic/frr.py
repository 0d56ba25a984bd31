# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Render frr.conf for a SONiC switch in split routing mode from an FrrConfig.

Private to the metalfleet.datacenter collection; not a public API.

Layout of the output (the order FRR's own ``write`` would not change):
header, tenant VRF definitions (``vrf X / vni N``), interfaces with IPv6 RAs for
BGP unnumbered, VRRP interfaces, the default BGP instance (FABRIC underlay,
default-VRF peer groups, ipv4 unicast, optional l2vpn evpn), one BGP instance
per tenant VRF (type-5 ``advertise ipv4 unicast``), policy blocks (prefix lists
and route maps), source-address route map, management-VRF and static routes,
``line vty``.  Sections are separated by ``!`` lines; one-space indentation
inside a block, two inside an address family.
"""
from __future__ import annotations

from typing import List, Optional

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_model import (
    FrrConfig,
    Peering,
    PolicyBlock,
    TenantVrf,
    check_frr_config,
)

FABRIC_GROUP = "FABRIC"
EVPN_ALLOWAS_IN = 2
RA_INTERVAL = 6


def render_frr_conf(config: FrrConfig) -> str:
    """Validate ``config`` and return the frr.conf text (ends with a newline)."""
    check_frr_config(config)
    lines: List[str] = []
    _header(lines, config)
    for vrf in config.vrfs:
        _vrf_definition(lines, vrf)
    _interfaces(lines, config)
    _vrrp(lines, config)
    _default_instance(lines, config)
    for vrf in config.vrfs:
        _vrf_instance(lines, config, vrf)
    for block in config.policies:
        _policy_block(lines, block)
    _source_address(lines, config)
    _static_routes(lines, config)
    lines.extend(["line vty", "!"])
    return "\n".join(lines) + "\n"


def _header(lines: List[str], config: FrrConfig) -> None:
    lines.extend([
        "frr defaults datacenter",
        f"hostname {config.hostname}",
        "!",
        "service integrated-vtysh-config",
        "!",
        "agentx",
        f"log syslog {config.syslog_level}",
        "!",
    ])


def _vrf_definition(lines: List[str], vrf: TenantVrf) -> None:
    lines.append(f"vrf {vrf.name}")
    if vrf.vni is not None:
        lines.append(f" vni {vrf.vni}")
    lines.extend(f" ip route {route}" for route in vrf.static_routes)
    lines.extend(["exit-vrf", "!"])


def _interfaces(lines: List[str], config: FrrConfig) -> None:
    ports = [(name, None) for name in config.fabric_interfaces]
    ports.extend((name, None) for peering in config.peerings for name in peering.interfaces)
    ports.extend((name, vrf.name) for vrf in config.vrfs for peering in vrf.peerings for name in peering.interfaces)
    for name, vrf_name in ports:
        lines.append(f"interface {name}" + (f" vrf {vrf_name}" if vrf_name else ""))
        lines.extend([f" ipv6 nd ra-interval {RA_INTERVAL}", " no ipv6 nd suppress-ra", "!"])


def _vrrp(lines: List[str], config: FrrConfig) -> None:
    for vrrp in config.vrrp:
        lines.extend([f"interface Vlan{vrrp.vlan_id}", f" vrrp {vrrp.group}"])
        if vrrp.priority is not None:
            lines.append(f" vrrp {vrrp.group} priority {vrrp.priority}")
        lines.extend([f" vrrp {vrrp.group} ip {vrrp.address.split('/', 1)[0]}", "!"])


def _router_head(lines: List[str], config: FrrConfig, vrf: Optional[TenantVrf]) -> None:
    lines.append(f"router bgp {config.asn}" + (f" vrf {vrf.name}" if vrf else ""))
    lines.extend([f" bgp router-id {config.router_id}", " bgp bestpath as-path multipath-relax"])
    if vrf is not None and vrf.no_default_ipv4_unicast:
        lines.append(" no bgp default ipv4-unicast")


def _peer_group(lines: List[str], name: str, remote_as: str, timers: str, bfd: Optional[str] = None) -> None:
    lines.extend([f" neighbor {name} peer-group", f" neighbor {name} remote-as {remote_as}", f" neighbor {name} timers {timers}"])
    if bfd:
        lines.append(f" neighbor {name} bfd {bfd}")


def _peering_members(lines: List[str], peering: Peering) -> None:
    _peer_group(lines, peering.peer_group, peering.remote_as, peering.timers, peering.bfd)
    members = [(neighbor, f" neighbor {neighbor} peer-group {peering.peer_group}") for neighbor in peering.neighbors]
    members.extend((name, f" neighbor {name} interface peer-group {peering.peer_group}") for name in peering.interfaces)
    members.extend((ext.address, f" neighbor {ext.address} peer-group {peering.peer_group}") for ext in peering.extended_neighbors)
    for member, line in members:
        lines.append(line)
        if peering.password:
            lines.append(f" neighbor {member.split(' ', 1)[0]} password {peering.password}")


def _peering_family(lines: List[str], peering: Peering, family: str, activate: bool) -> None:
    """Per-peering lines inside ``address-family <family> unicast``."""
    if family == "ipv4":
        lines.extend(f"  {announcement}" for announcement in peering.announcements)
    if peering.remove_private_as:
        lines.append(f"  neighbor {peering.peer_group} remove-private-AS all")
    if family == "ipv4":
        if peering.route_map_in:
            lines.append(f"  neighbor {peering.peer_group} route-map {peering.route_map_in} in")
        if peering.route_map_out:
            lines.append(f"  neighbor {peering.peer_group} route-map {peering.route_map_out} out")
    for ext in peering.extended_neighbors:
        if family not in ext.families:
            continue
        if activate:
            lines.append(f"  neighbor {ext.address} activate")
        if ext.route_map_in:
            lines.append(f"  neighbor {ext.address} route-map {ext.route_map_in} in")
        if ext.route_map_out:
            lines.append(f"  neighbor {ext.address} route-map {ext.route_map_out} out")


def _default_instance(lines: List[str], config: FrrConfig) -> None:
    _router_head(lines, config, None)
    _peer_group(lines, FABRIC_GROUP, "external", config.fabric_timers)
    lines.extend(f" neighbor {name} interface peer-group {FABRIC_GROUP}" for name in config.fabric_interfaces)
    for peering in config.peerings:
        _peering_members(lines, peering)
    lines.extend([" !", " address-family ipv4 unicast", f"  redistribute connected route-map {config.redistribute_connected_route_map}"])
    if config.static_routes:
        lines.append("  redistribute static")
    for peering in config.peerings:
        _peering_family(lines, peering, "ipv4", activate=False)
    lines.append(" exit-address-family")
    _ipv6_family(lines, config.peerings, activate=True)
    if not config.evpn:
        lines.append("!")
        return
    lines.extend([" !", " address-family l2vpn evpn"])
    if config.advertise_all_vni:
        lines.append("  advertise-all-vni")
    evpn_groups = [FABRIC_GROUP] + [peering.peer_group for peering in config.peerings if peering.evpn_peer]
    for group in evpn_groups:
        lines.extend([f"  neighbor {group} activate", f"  neighbor {group} allowas-in {EVPN_ALLOWAS_IN}"])
    lines.extend([" exit-address-family", "!"])


def _ipv6_family(lines: List[str], peerings, activate: bool) -> None:
    """An ipv6 unicast family, only when some extended neighbour speaks IPv6."""
    if not any("ipv6" in ext.families for peering in peerings for ext in peering.extended_neighbors):
        return
    lines.extend([" !", " address-family ipv6 unicast"])
    for peering in peerings:
        _peering_family(lines, peering, "ipv6", activate)
    lines.append(" exit-address-family")


def _vrf_instance(lines: List[str], config: FrrConfig, vrf: TenantVrf) -> None:
    _router_head(lines, config, vrf)
    for peering in vrf.peerings:
        _peering_members(lines, peering)
    lines.extend([" !", " address-family ipv4 unicast"])
    for peering in vrf.peerings:
        _peering_family(lines, peering, "ipv4", activate=vrf.no_default_ipv4_unicast)
    lines.append(" exit-address-family")
    _ipv6_family(lines, vrf.peerings, activate=True)
    if vrf.vni is not None:
        lines.extend([" !", " address-family l2vpn evpn", "  advertise ipv4 unicast", " exit-address-family"])
    lines.append("!")


def _policy_block(lines: List[str], block: PolicyBlock) -> None:
    if block.prefix_lists:
        lines.extend(block.prefix_lists)
        lines.append("!")
    for route_map in block.route_maps:
        for stanza in route_map.stanzas:
            lines.append(f"route-map {route_map.name} {stanza.action} {stanza.seq}")
            lines.extend(f" {entry}" for entry in stanza.entries)
        lines.append("!")


def _source_address(lines: List[str], config: FrrConfig) -> None:
    if config.set_source_from_loopback:
        lines.extend([
            "route-map RM_SET_SRC permit 10",
            f" set src {config.router_id}",
            "exit",
            "!",
            "ip protocol bgp route-map RM_SET_SRC",
            "!",
        ])


def _static_routes(lines: List[str], config: FrrConfig) -> None:
    if config.mgmt_static_routes:
        lines.append("vrf mgmt")
        lines.extend(f" ip route {route}" for route in config.mgmt_static_routes)
        lines.extend(["exit-vrf", "!"])
    if config.static_routes:
        lines.extend(f"ip route {route}" for route in config.static_routes)
        lines.append("!")
