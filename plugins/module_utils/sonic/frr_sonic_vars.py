# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Map metal-roles ``sonic-config`` role variables (``sonic_config_*``) onto the FrrConfig model.

Private to the metalfleet.datacenter collection; not a public API.

The variables are those of metal-stack's sonic-config role, so existing
inventories can be reused; missing ones take the role's documented defaults.
Each interconnect becomes a Peering (in the default VRF, or in its ``vrf``
together with that VRF's VNI and static routes) and a PolicyBlock with its
prefix lists and route maps (``routemap_in`` is stanza ``permit 10``,
``routemap_out`` ``permit 20``, ``routemaps`` ``permit 10``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

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
)

PREFIX = "sonic_config_"

#: the sonic-config role's defaults for the variables the FRR rendering reads.
ROLE_DEFAULTS: Dict[str, Any] = {
    "bgp_ports": [],
    "frr_l2vpn_evpn": False,
    "frr_prefixlists": [],
    "frr_route_map": {},
    "frr_set_source_address_loopback": True,
    "frr_static_routes": [],
    "frr_static_routes_mgmt": [],
    "frr_syslog_level": "informational",
    "interconnects": {},
    "vlans": [],
    "vtep": {},
}

INTERCONNECT_KEYS = frozenset((
    "announcements", "bfd_parameters", "bgp_md5_password", "bgp_timers", "evpn_peer", "extended_neighbors",
    "keep_private_as", "neighbor_ip", "neighbors", "no_default_ipv4family", "peer_group", "prefixlists",
    "remote_as", "routemap_in", "routemap_out", "routemaps", "static_routes", "unnumbered_interfaces",
    "vlan", "vni", "vrf",
))
FAMILY_NAMES = {"v4": "ipv4", "v6": "ipv6", "ipv4": "ipv4", "ipv6": "ipv6"}
DENY_MGMT = RouteMap("DENY_MGMT", (RouteMapStanza("deny", 10, ("match interface eth0",)), RouteMapStanza("permit", 20)))


def frr_config_from_sonic_vars(variables: Mapping[str, Any], role: str = "leaf") -> FrrConfig:
    """Build the FrrConfig of one switch from its ``inventory_hostname`` and ``sonic_config_*`` variables."""
    values = dict(ROLE_DEFAULTS)
    values.update({name[len(PREFIX):]: value for name, value in variables.items() if name.startswith(PREFIX)})
    for name in ("asn", "loopback_address"):
        if values.get(name) in (None, ""):
            raise ValidationError(PREFIX + name, "is required to render frr.conf")
    peerings: List[Peering] = []
    vrfs: Dict[str, TenantVrf] = {}
    policies: List[PolicyBlock] = []
    interconnects = _mapping("interconnects", values["interconnects"])
    for name, interconnect in interconnects.items():
        _add_interconnect(f"{PREFIX}interconnects.{name}", _mapping(f"interconnects.{name}", interconnect), peerings, vrfs, policies)
    if values["frr_prefixlists"]:
        policies.append(PolicyBlock(prefix_lists=_strings("frr_prefixlists", values["frr_prefixlists"])))
    redistribute = _redistribute_route_map(_mapping("frr_route_map", values["frr_route_map"]))
    policies.append(PolicyBlock(route_maps=(redistribute,)))
    vtep = _mapping("vtep", values["vtep"])
    return FrrConfig(
        hostname=str(variables.get("inventory_hostname") or ""),
        asn=_integer(PREFIX + "asn", values["asn"]),
        router_id=str(values["loopback_address"]),
        role=role,
        syslog_level=str(values["frr_syslog_level"]),
        fabric_interfaces=_strings("bgp_ports", values["bgp_ports"]),
        peerings=tuple(peerings),
        vrfs=tuple(vrfs.values()),
        vrrp=_vrrp_groups(values["vlans"]),
        evpn=bool(values["frr_l2vpn_evpn"]),
        advertise_all_vni=bool(vtep.get("enabled") or vtep.get("vxlan_tunnel_maps")),
        redistribute_connected_route_map=redistribute.name,
        policies=tuple(policies),
        set_source_from_loopback=bool(values["frr_set_source_address_loopback"]),
        static_routes=_strings("frr_static_routes", values["frr_static_routes"]),
        mgmt_static_routes=_strings("frr_static_routes_mgmt", values["frr_static_routes_mgmt"]),
    )


def _add_interconnect(path: str, interconnect: Mapping[str, Any], peerings: List[Peering],
                      vrfs: Dict[str, TenantVrf], policies: List[PolicyBlock]) -> None:
    unknown = sorted(set(interconnect) - INTERCONNECT_KEYS)
    if unknown:
        raise ValidationError(path, f"unknown keys {', '.join(unknown)}")
    vrf_name = interconnect.get("vrf")
    extended = tuple(_extended_neighbor(f"{path}.extended_neighbors[{i}]", item)
                     for i, item in enumerate(interconnect.get("extended_neighbors") or ()))
    neighbors = ([str(interconnect["neighbor_ip"])] if interconnect.get("neighbor_ip") else [])
    neighbors.extend(_strings(f"{path}.neighbors", interconnect.get("neighbors") or ()))
    peering = Peering(
        peer_group=str(interconnect.get("peer_group") or "EXTERNAL"),
        remote_as=str(interconnect.get("remote_as") or "external"),
        timers=str(interconnect.get("bgp_timers") or "1 3"),
        bfd=interconnect.get("bfd_parameters") or None,
        password=interconnect.get("bgp_md5_password") or None,
        neighbors=tuple(neighbors),
        interfaces=_strings(f"{path}.unnumbered_interfaces", interconnect.get("unnumbered_interfaces") or ()),
        extended_neighbors=extended,
        announcements=_strings(f"{path}.announcements", interconnect.get("announcements") or ()),
        remove_private_as=bool(vrf_name) and not interconnect.get("keep_private_as", False),
        route_map_in=_route_map_name(f"{path}.routemap_in", interconnect.get("routemap_in")),
        route_map_out=_route_map_name(f"{path}.routemap_out", interconnect.get("routemap_out")),
        evpn_peer=bool(interconnect.get("evpn_peer")) and not vrf_name,
    )
    policies.append(_policy_block(path, interconnect))
    if not vrf_name:
        if interconnect.get("static_routes"):
            raise ValidationError(f"{path}.static_routes", "static routes of an interconnect need its vrf")
        peerings.append(peering)
        return
    _merge_vrf(path, vrfs, TenantVrf(
        name=str(vrf_name),
        vni=None if interconnect.get("vni") in (None, "") else _integer(f"{path}.vni", interconnect["vni"]),
        static_routes=_strings(f"{path}.static_routes", interconnect.get("static_routes") or ()),
        peerings=(peering,),
        no_default_ipv4_unicast=bool(interconnect.get("no_default_ipv4family")),
    ))


def _merge_vrf(path: str, vrfs: Dict[str, TenantVrf], vrf: TenantVrf) -> None:
    known = vrfs.get(vrf.name)
    if known is None:
        vrfs[vrf.name] = vrf
        return
    if known.vni != vrf.vni:
        raise ValidationError(f"{path}.vni", f"VRF {vrf.name} already has VNI {known.vni}, not {vrf.vni}")
    vrfs[vrf.name] = TenantVrf(
        name=known.name, vni=known.vni, static_routes=known.static_routes + vrf.static_routes,
        peerings=known.peerings + vrf.peerings, no_default_ipv4_unicast=known.no_default_ipv4_unicast or vrf.no_default_ipv4_unicast,
    )


def _policy_block(path: str, interconnect: Mapping[str, Any]) -> PolicyBlock:
    route_maps: List[RouteMap] = []
    _append_route_map(route_maps, f"{path}.routemap_in", interconnect.get("routemap_in"), 10)
    _append_route_map(route_maps, f"{path}.routemap_out", interconnect.get("routemap_out"), 20)
    for index, item in enumerate(interconnect.get("routemaps") or ()):
        _append_route_map(route_maps, f"{path}.routemaps[{index}]", item, 10)
    for index, item in enumerate(interconnect.get("extended_neighbors") or ()):
        _append_route_map(route_maps, f"{path}.extended_neighbors[{index}].routemap_in", item.get("routemap_in"), 10)
        _append_route_map(route_maps, f"{path}.extended_neighbors[{index}].routemap_out", item.get("routemap_out"), 20)
    return PolicyBlock(prefix_lists=_strings(f"{path}.prefixlists", interconnect.get("prefixlists") or ()), route_maps=tuple(route_maps))


def _append_route_map(route_maps: List[RouteMap], path: str, item: Any, seq: int) -> None:
    if item:
        item = _mapping(path, item)
        route_maps.append(RouteMap(str(_route_map_name(path, item)), (RouteMapStanza("permit", seq, _strings(f"{path}.entries", item.get("entries") or ())),)))


def _route_map_name(path: str, item: Any) -> Optional[str]:
    if not item:
        return None
    name = _mapping(path, item).get("name")
    if not name:
        raise ValidationError(f"{path}.name", "a route map needs a name")
    return str(name)


def _extended_neighbor(path: str, item: Any) -> ExtendedNeighbor:
    item = _mapping(path, item)
    if not item.get("ip"):
        raise ValidationError(f"{path}.ip", "is required")
    families = []
    for family in item.get("families") or ("v4",):
        if family not in FAMILY_NAMES:
            raise ValidationError(f"{path}.families", f"{family!r} is not one of v4, v6")
        families.append(FAMILY_NAMES[family])
    return ExtendedNeighbor(
        address=str(item["ip"]),
        families=tuple(families),
        route_map_in=_route_map_name(f"{path}.routemap_in", item.get("routemap_in")),
        route_map_out=_route_map_name(f"{path}.routemap_out", item.get("routemap_out")),
    )


def _redistribute_route_map(route_map: Mapping[str, Any]) -> RouteMap:
    if route_map.get("name") and route_map.get("match"):
        return RouteMap(str(route_map["name"]), (RouteMapStanza("permit", 10, (f"match {route_map['match']}",)),))
    return DENY_MGMT


def _vrrp_groups(vlans: Any) -> Tuple[VrrpGroup, ...]:
    groups = []
    for index, vlan in enumerate(vlans or ()):
        vrrp = _mapping(f"vlans[{index}]", vlan).get("vrrp")
        if not vrrp:
            continue
        path = f"{PREFIX}vlans[{index}].vrrp"
        vrrp = _mapping(path, vrrp)
        if not vrrp.get("ip"):
            raise ValidationError(f"{path}.ip", "is required")
        groups.append(VrrpGroup(
            vlan_id=_integer(f"{PREFIX}vlans[{index}].id", vlan.get("id")),
            group=_integer(f"{path}.group", vrrp.get("group")),
            address=str(vrrp["ip"]),
            priority=None if vrrp.get("priority") is None else _integer(f"{path}.priority", vrrp["priority"]),
        ))
    return tuple(groups)


def _mapping(name: str, value: Any) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(name if name.startswith(PREFIX) else PREFIX + name, f"must be a mapping, got {value!r}")
    return value


def _strings(name: str, values: Any) -> Tuple[str, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)):
        raise ValidationError(name if name.startswith(PREFIX) else PREFIX + name, f"must be a list of strings, got {values!r}")
    return tuple(str(value) for value in values)


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise ValidationError(name, f"{value!r} is not a non-negative integer")
    return int(str(value).strip())
