# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plain input model for rendering a SONiC (split mode) frr.conf.

Private to the metalfleet.datacenter collection; not a public API.

The model says what the routing of one switch is, in FRR terms, with no
knowledge of any inventory format:

- ``FrrConfig``: hostname, ``asn``, ``router_id`` (the loopback), the BGP
  unnumbered underlay (``fabric_interfaces``, peer group FABRIC), EVPN switches,
  default-VRF ``peerings``, tenant ``vrfs``, VRRP groups, static routes, and the
  policy blocks (prefix lists and route maps, rendered in the given order).
- ``TenantVrf``: a VRF with its VNI, static routes and its own ``peerings``.
- ``Peering``: one BGP peer group with its neighbours (addresses, ``"X interface"``
  words or unnumbered interfaces), timers, announcements and route-map names.
- ``ExtendedNeighbor``: a neighbour with its own families and route maps.
- ``PolicyBlock``: prefix-list lines and ``RouteMap`` definitions.

``check_frr_config`` validates the whole model and raises ValidationError naming
the offending field; the renderer calls it first.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Iterable, Optional, Set, Tuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

ROLES = ("leaf", "spine", "exit")
FAMILIES = ("ipv4", "ipv6")
SYSLOG_LEVELS = ("emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging")
ROUTE_MAP_ACTIONS = ("permit", "deny")
MAX_ASN = 2 ** 32 - 1
MAX_VNI = 2 ** 24 - 1
_WORD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")
_TIMERS_RE = re.compile(r"^\d+ \d+$")


@dataclass(frozen=True)
class RouteMapStanza:
    """``route-map NAME ACTION SEQ`` followed by its match/set lines."""

    action: str = "permit"
    seq: int = 10
    entries: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RouteMap:
    """A named route map of one or more stanzas."""

    name: str
    stanzas: Tuple[RouteMapStanza, ...] = ()


@dataclass(frozen=True)
class PolicyBlock:
    """Prefix-list lines (``ip prefix-list ...`` verbatim) followed by route-map definitions."""

    prefix_lists: Tuple[str, ...] = ()
    route_maps: Tuple[RouteMap, ...] = ()


@dataclass(frozen=True)
class ExtendedNeighbor:
    """A neighbour with its own address families and route maps (e.g. internet uplinks on exits)."""

    address: str
    families: Tuple[str, ...] = ("ipv4",)
    route_map_in: Optional[str] = None
    route_map_out: Optional[str] = None


@dataclass(frozen=True)
class Peering:
    """One BGP peer group and its members."""

    peer_group: str = "EXTERNAL"
    remote_as: str = "external"
    timers: str = "1 3"
    bfd: Optional[str] = None
    password: Optional[str] = None
    neighbors: Tuple[str, ...] = ()
    interfaces: Tuple[str, ...] = ()
    extended_neighbors: Tuple[ExtendedNeighbor, ...] = ()
    announcements: Tuple[str, ...] = ()
    remove_private_as: bool = False
    route_map_in: Optional[str] = None
    route_map_out: Optional[str] = None
    evpn_peer: bool = False


@dataclass(frozen=True)
class TenantVrf:
    """A VRF, its VNI (None: no EVPN type-5 for it) and the BGP instance inside it."""

    name: str
    vni: Optional[int] = None
    static_routes: Tuple[str, ...] = ()
    peerings: Tuple[Peering, ...] = ()
    no_default_ipv4_unicast: bool = False


@dataclass(frozen=True)
class VrrpGroup:
    """A VRRP group on ``interface Vlan<vlan_id>``; ``address`` may carry a prefix length (dropped)."""

    vlan_id: int
    group: int
    address: str
    priority: Optional[int] = None


@dataclass(frozen=True)
class FrrConfig:
    """Everything the frr.conf of one switch says."""

    hostname: str
    asn: int
    router_id: str
    role: str = "leaf"
    syslog_level: str = "informational"
    fabric_interfaces: Tuple[str, ...] = ()
    fabric_timers: str = "1 3"
    peerings: Tuple[Peering, ...] = ()
    vrfs: Tuple[TenantVrf, ...] = ()
    vrrp: Tuple[VrrpGroup, ...] = ()
    evpn: bool = False
    advertise_all_vni: bool = False
    redistribute_connected_route_map: str = "DENY_MGMT"
    policies: Tuple[PolicyBlock, ...] = ()
    set_source_from_loopback: bool = False
    static_routes: Tuple[str, ...] = ()
    mgmt_static_routes: Tuple[str, ...] = ()


def check_frr_config(config: FrrConfig) -> None:
    """Raise ValidationError for the first inconsistency found in ``config``."""
    _check_choice("role", config.role, ROLES)
    _check_choice("syslog_level", config.syslog_level, SYSLOG_LEVELS)
    if not config.hostname or not _WORD_RE.match(config.hostname):
        raise ValidationError("hostname", f"{config.hostname!r} is not a valid host name")
    if isinstance(config.asn, bool) or not isinstance(config.asn, int) or not 1 <= config.asn <= MAX_ASN:
        raise ValidationError("asn", f"{config.asn!r} is not an AS number (1..{MAX_ASN})")
    _check_ipv4("router_id", config.router_id)
    _check_words("fabric_interfaces", config.fabric_interfaces)
    _check_timers("fabric_timers", config.fabric_timers)
    if config.role == "spine" and config.advertise_all_vni:
        raise ValidationError("advertise_all_vni", "a spine has no VTEP, it relays EVPN routes only")
    defined = _defined_route_maps(config.policies)
    _check_route_map_ref("redistribute_connected_route_map", config.redistribute_connected_route_map, defined)
    groups: Set[str] = {"FABRIC"}
    for index, peering in enumerate(config.peerings):
        _check_peering(f"peerings[{index}]", peering, defined, groups)
    names: Set[str] = set()
    for index, vrf in enumerate(config.vrfs):
        _check_vrf(f"vrfs[{index}]", vrf, defined, names)
    for index, vrrp in enumerate(config.vrrp):
        if not 1 <= vrrp.vlan_id <= 4094 or not 1 <= vrrp.group <= 255:
            raise ValidationError(f"vrrp[{index}]", f"vlan {vrrp.vlan_id} / group {vrrp.group} out of range")
        _check_address(f"vrrp[{index}].address", vrrp.address.split("/", 1)[0])


def _check_choice(name: str, value: str, choices: Iterable[str]) -> None:
    if value not in choices:
        raise ValidationError(name, f"{value!r} is not one of {', '.join(choices)}")


def _check_ipv4(name: str, value: str) -> None:
    try:
        ipaddress.IPv4Address(str(value))
    except ValueError as exc:
        raise ValidationError(name, f"{value!r} is not an IPv4 address") from exc


def _check_address(name: str, value: str) -> None:
    try:
        ipaddress.ip_address(str(value))
    except ValueError as exc:
        raise ValidationError(name, f"{value!r} is not an IP address") from exc


def _check_words(name: str, values: Iterable[str]) -> None:
    for value in values:
        if not isinstance(value, str) or not _WORD_RE.match(value):
            raise ValidationError(name, f"{value!r} is not an interface or neighbour name")


def _check_timers(name: str, value: str) -> None:
    if not _TIMERS_RE.match(str(value)):
        raise ValidationError(name, f"{value!r} must be '<keepalive> <holdtime>'")


def _defined_route_maps(policies: Iterable[PolicyBlock]) -> Set[str]:
    defined = set()
    for block in policies:
        for route_map in block.route_maps:
            if not route_map.stanzas:
                raise ValidationError(f"route-map {route_map.name}", "has no stanzas")
            for stanza in route_map.stanzas:
                _check_choice(f"route-map {route_map.name} action", stanza.action, ROUTE_MAP_ACTIONS)
            defined.add(route_map.name)
    return defined


def _check_route_map_ref(name: str, value: Optional[str], defined: Set[str]) -> None:
    if value is not None and value not in defined:
        raise ValidationError(name, f"route-map {value} is used but not defined in any policy block")


def _check_peering(path: str, peering: Peering, defined: Set[str], groups: Set[str]) -> None:
    if not _WORD_RE.match(peering.peer_group):
        raise ValidationError(f"{path}.peer_group", f"{peering.peer_group!r} is not a peer-group name")
    if peering.peer_group in groups:
        raise ValidationError(f"{path}.peer_group", f"peer group {peering.peer_group} is defined twice in one BGP instance")
    groups.add(peering.peer_group)
    if peering.remote_as not in ("external", "internal") and not str(peering.remote_as).isdigit():
        raise ValidationError(f"{path}.remote_as", f"{peering.remote_as!r} is not an AS number, 'external' or 'internal'")
    _check_timers(f"{path}.timers", peering.timers)
    _check_words(f"{path}.interfaces", peering.interfaces)
    for neighbor in peering.neighbors:
        if not neighbor or not all(_WORD_RE.match(word) for word in neighbor.split(" ")):
            raise ValidationError(f"{path}.neighbors", f"{neighbor!r} is not a neighbour")
    _check_route_map_ref(f"{path}.route_map_in", peering.route_map_in, defined)
    _check_route_map_ref(f"{path}.route_map_out", peering.route_map_out, defined)
    for index, neighbor in enumerate(peering.extended_neighbors):
        _check_address(f"{path}.extended_neighbors[{index}].address", neighbor.address)
        for family in neighbor.families:
            _check_choice(f"{path}.extended_neighbors[{index}].families", family, FAMILIES)
        _check_route_map_ref(f"{path}.extended_neighbors[{index}].route_map_in", neighbor.route_map_in, defined)
        _check_route_map_ref(f"{path}.extended_neighbors[{index}].route_map_out", neighbor.route_map_out, defined)


def _check_vrf(path: str, vrf: TenantVrf, defined: Set[str], names: Set[str]) -> None:
    if not _WORD_RE.match(vrf.name) or vrf.name in ("default", "mgmt"):
        raise ValidationError(f"{path}.name", f"{vrf.name!r} is not usable as a tenant VRF name")
    if vrf.name in names:
        raise ValidationError(f"{path}.name", f"VRF {vrf.name} is defined twice")
    names.add(vrf.name)
    if vrf.vni is not None and (isinstance(vrf.vni, bool) or not isinstance(vrf.vni, int) or not 1 <= vrf.vni <= MAX_VNI):
        raise ValidationError(f"{path}.vni", f"{vrf.vni!r} is not a VNI (1..{MAX_VNI})")
    groups: Set[str] = set()
    for index, peering in enumerate(vrf.peerings):
        _check_peering(f"{path}.peerings[{index}]", peering, defined, groups)
