# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Render SONiC config_db tables from :class:`~.values.SonicValues`.

Private to the metalfleet.datacenter collection; not a public API.

The rules follow metal-stack's sonic-configdb-utils generator.  With ``compat=True``
the output is byte-identical to the generator's (after :func:`dumps_config_db`),
quirks included; without it the quirks that produce invalid configuration are
fixed (see ``COMPAT_QUIRKS``) and port references are checked against the platform.
Rendering never reads files: platform data and device facts are passed in.
"""
from __future__ import annotations

import json
from typing import Iterable

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import Platform
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.port_table import port_layout, render_port_tables
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import (
    BRANCH_202111,
    BRANCH_202211,
    BRANCH_COMMUNITY,
    DeviceContext,
    SonicValues,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values_checks import validate_values

COMPAT_QUIRKS = {
    "vrf_empty_name": "an interconnect without vrf adds a VRF named \"\"",
    "portchannel_fallback": "PORTCHANNEL.fallback is always \"true\"; the input's fallback is ignored",
    "address_without_prefix": "addresses are copied verbatim, also without prefix length",
    "sag_needs_vrf": "VLAN_INTERFACE.static_anycast_gateway is only written when the VLAN has a vrf",
    "subinterface_cidr": "only vlan_subinterfaces[].cidr is read (not cidrs); an empty cidr gives a key ending in '|'",
    "subinterface_vrf": "VRFs of VLAN sub-interfaces are not added to the VRF table",
    "default_breakout": "the default breakout is the lexicographically smallest mode, not the HWSKU's",
    "stale_breakout_children": "children of a default mode survive an explicit breakout that does not recreate them",
}

LINK_LOCAL = {"ipv6_use_link_local_only": "enable"}
ENABLED, DISABLED = "enabled", "disabled"


def _text_bool(flag: bool) -> str:
    return "true" if flag else "false"


def _keys(items: Iterable[str]) -> dict:
    return {item: {} for item in items}


def device_metadata(values: SonicValues, device: DeviceContext) -> dict:
    localhost = {"frr_mgmt_framework_config": _text_bool(values.frr_mgmt_framework_config), "hwsku": device.hwsku,
                 "mac": device.mac, "platform": device.platform, "type": values.device_type or "LeafRouter"}
    if values.docker_routing_config_mode:
        localhost["docker_routing_config_mode"] = values.docker_routing_config_mode
    if values.hostname:
        localhost["hostname"] = values.hostname
    return {"localhost": localhost}


def acl_tables(values: SonicValues) -> tuple[dict, dict]:
    """(ACL_TABLE, ACL_RULE): control-plane ACLs allowing SSH from ``ssh_sourceranges``."""
    if not values.ssh_sourceranges:
        return {}, {}
    drop = {"ETHER_TYPE": "2048", "PACKET_ACTION": "DROP", "PRIORITY": "1"}
    rules = {"ALLOW_SSH|DEFAULT_RULE": dict(drop), "ALLOW_NTP|DEFAULT_RULE": dict(drop),
             "ALLOW_NTP|RULE_1": {"PACKET_ACTION": "ACCEPT", "PRIORITY": "99", "SRC_IP": "0.0.0.0/0"}}
    for number, cidr in enumerate(values.ssh_sourceranges, start=1):
        rules[f"ALLOW_SSH|RULE_{number}"] = {"PACKET_ACTION": "ACCEPT", "PRIORITY": f"9{number}", "SRC_IP": cidr}
    tables = {
        "ALLOW_SSH": {"policy_desc": "Allow SSH access", "services": ["SSH"], "stage": "ingress", "type": "CTRLPLANE"},
        "ALLOW_NTP": {"policy_desc": "Allow NTP", "services": ["NTP"], "stage": "ingress", "type": "CTRLPLANE"},
    }
    return tables, rules


def features(values: SonicValues) -> dict:
    return {name: {"auto_restart": ENABLED if item.auto_restart else DISABLED, "state": ENABLED if item.enabled else DISABLED}
            for name, item in values.features.items()}


def interfaces(values: SonicValues) -> dict:
    """INTERFACE: BGP ports, interconnect unnumbered interfaces, then ``ports.list`` entries overwrite."""
    table = {port: dict(LINK_LOCAL) for port in values.bgp_ports}
    for interconnect in values.interconnects.values():
        for port in interconnect.unnumbered_interfaces:
            table[port] = dict(LINK_LOCAL, **({"vrf_name": interconnect.vrf} if interconnect.vrf else {}))
    for port in values.ports.list if values.ports else ():
        is_bgp = port.name in values.bgp_ports
        if not port.ips and not port.vrf and not is_bgp:
            continue
        entry = dict(LINK_LOCAL) if is_bgp else {}
        if port.vrf:
            entry["vrf_name"] = port.vrf
        table[port.name] = entry
        table.update(_keys(f"{port.name}|{ip}" for ip in port.ips))
    return table


def lldp(values: SonicValues, branch: str) -> dict:
    if values.lldp_hello_time < 1:
        return {}
    if branch == BRANCH_202111:
        return {"Global": {"hello_timer": str(values.lldp_hello_time)}}
    if branch in (BRANCH_202211, BRANCH_COMMUNITY):
        return {"GLOBAL": {"hello_time": str(values.lldp_hello_time)}}
    return {}


def loopback_interface(values: SonicValues, compat: bool) -> dict:
    if not values.loopback_address:
        return {}
    address = values.loopback_address if compat else values.loopback_address.split("/")[0]
    return {"Loopback0": {}, f"Loopback0|{address}/32" if ":" not in address else f"Loopback0|{address}/128": {}}


def mclag_tables(values: SonicValues) -> dict:
    """MCLAG_DOMAIN, MCLAG_INTERFACE, MCLAG_UNIQUE_IP (only with a keepalive VLAN)."""
    mclag = values.mclag
    if not mclag.keepalive_vlan:
        return {}
    domain = {key: value for key, value in (("mclag_system_id", mclag.system_mac), ("peer_ip", mclag.peer_ip),
                                            ("peer_link", mclag.peer_link), ("source_ip", mclag.source_ip)) if value}
    return {
        "MCLAG_DOMAIN": {"1": domain},
        "MCLAG_INTERFACE": {f"1|PortChannel{number}": {"if_type": "PortChannel"} for number in mclag.member_port_channels},
        "MCLAG_UNIQUE_IP": {f"Vlan{mclag.keepalive_vlan}": {"unique_ip": "enable"}},
    }


def mgmt_interface(values: SonicValues) -> dict:
    item = values.mgmt_interface
    if not item.ip:
        return {}
    return {f"eth0|{item.ip}": {"gwaddr": item.gateway_address} if item.gateway_address else {}}


def ntp(values: SonicValues) -> dict:
    settings = {"src_intf": values.ntp.src_interface or "eth0"}
    if values.ntp.vrf:
        settings["vrf"] = values.ntp.vrf
    return {"global": settings}


def portchannels(values: SonicValues, compat: bool) -> tuple[dict, dict]:
    """(PORTCHANNEL, PORTCHANNEL_MEMBER)."""
    channels, members = {}, {}
    for channel in values.portchannels.list:
        mtu = channel.mtu or values.portchannels.default_mtu or 9000
        channels[f"PortChannel{channel.number}"] = {
            "admin_status": "up", "fallback": "true" if compat else _text_bool(channel.fallback), "fast_rate": "false",
            "lacp_key": "auto", "min_links": "1", "mix_speed": "false", "mtu": str(mtu)}
        members.update(_keys(f"PortChannel{channel.number}|{member}" for member in channel.members))
    return channels, members


def sag(values: SonicValues) -> dict:
    if values.sag is None or not values.sag.mac:
        return {}
    return {"GLOBAL": {"gateway_mac": values.sag.mac}}


def syslog_servers(values: SonicValues) -> dict:
    table = {}
    for server in values.syslog_servers:
        fields = (("port", str(server.port) if server.port else ""), ("protocol", server.protocol), ("severity", server.severity),
                  ("source", server.source), ("vrf", server.vrf))
        table[server.address] = {key: value for key, value in fields if value}
    return table


def _vlan_name(vlan_id: str, compat: bool) -> str:
    return f"Vlan{vlan_id}" if compat else f"Vlan{int(vlan_id)}"


def vlan_tables(values: SonicValues, compat: bool) -> dict:
    """VLAN, VLAN_INTERFACE, VLAN_MEMBER."""
    vlans, vlan_interfaces, members = {}, {}, {}
    for vlan in values.vlans:
        name = _vlan_name(vlan.id, compat)
        vlans[name] = dict({"dhcp_servers": list(vlan.dhcp_servers)} if vlan.dhcp_servers else {}, vlanid=name[4:])
        entry = {}
        if vlan.vrf:
            entry["vrf_name"] = vlan.vrf
        if vlan.sag is not None and (vlan.vrf or not compat):
            entry["static_anycast_gateway"] = _text_bool(vlan.sag)
        vlan_interfaces[name] = entry
        if vlan.ip:
            vlan_interfaces[f"{name}|{vlan.ip}"] = {}
        members.update({f"{name}|{port}": {"tagging_mode": "untagged"} for port in vlan.untagged_ports})
        members.update({f"{name}|{port}": {"tagging_mode": "tagged"} for port in vlan.tagged_ports})
    return {"VLAN": vlans, "VLAN_INTERFACE": vlan_interfaces, "VLAN_MEMBER": members}


def vrrp_interfaces(values: SonicValues, compat: bool) -> dict:
    table = {}
    for vlan in values.vlans:
        if not vlan.vrrp.group:
            continue
        name = f"Vrrp{vlan.vrrp.group}-v4"
        table[name] = {"parent_interface": _vlan_name(vlan.id, compat)}
        if vlan.vrrp.ip:
            table[f"{name}|{vlan.vrrp.ip}"] = {}
    return table


def vlan_subinterfaces(values: SonicValues, compat: bool) -> dict:
    table = {}
    for sub in values.vlan_subinterfaces:
        name = f"{sub.port}.{sub.vlan}"
        table[name] = dict({"admin_status": "up"}, **({"vrf_name": sub.vrf} if sub.vrf else {}))
        table.update(_keys(f"{name}|{cidr}" for cidr in ((sub.cidr,) if compat else sub.addresses())))
    return table


def vrfs(values: SonicValues, compat: bool) -> dict:
    """VRF: interconnect VRFs (with vni) first, then VRFs named by VLANs and ports."""
    table = {}
    for interconnect in values.interconnects.values():
        if interconnect.vrf or compat:
            table[interconnect.vrf] = {"vni": interconnect.vni} if interconnect.vni else {}
    names = [vlan.vrf for vlan in values.vlans] + [port.vrf for port in (values.ports.list if values.ports else ())]
    if not compat:
        names += [sub.vrf for sub in values.vlan_subinterfaces]
    for name in names:
        if name and name not in table and (compat or name != "default"):
            table[name] = {}
    return table


def vxlan_tables(values: SonicValues, compat: bool) -> dict:
    """VXLAN_EVPN_NVO, VXLAN_TUNNEL, VXLAN_TUNNEL_MAP (need a loopback as source)."""
    vtep = values.vtep
    if not (vtep.enabled or vtep.vxlan_tunnel_maps) or not values.loopback_address:
        return {}
    source = values.loopback_address if compat else values.loopback_address.split("/")[0]
    maps = {f"vtep|map_{item.vni}_{item.vlan}": {"vlan": item.vlan, "vni": item.vni} for item in vtep.vxlan_tunnel_maps}
    return {"VXLAN_EVPN_NVO": {"nvo": {"source_vtep": "vtep"}}, "VXLAN_TUNNEL": {"vtep": {"src_ip": source}}, "VXLAN_TUNNEL_MAP": maps}


def _referenced_ports(values: SonicValues):
    """(field, interface name) of every interface the values refer to."""
    yield from ((f"bgp_ports[{pos}]", name) for pos, name in enumerate(values.bgp_ports))
    for key, interconnect in values.interconnects.items():
        yield from ((f"interconnects.{key}.unnumbered_interfaces[{pos}]", name) for pos, name in enumerate(interconnect.unnumbered_interfaces))
    for pos, vlan in enumerate(values.vlans):
        yield from ((f"vlans[{pos}].tagged_ports", name) for name in vlan.tagged_ports)
        yield from ((f"vlans[{pos}].untagged_ports", name) for name in vlan.untagged_ports)
    for pos, channel in enumerate(values.portchannels.list):
        yield from ((f"portchannels.list[{pos}].members", name) for name in channel.members)
    yield from ((f"vlan_subinterfaces[{pos}].port", sub.port) for pos, sub in enumerate(values.vlan_subinterfaces))
    yield from ((f"mclag.member_port_channels[{pos}]", f"PortChannel{number}") for pos, number in enumerate(values.mclag.member_port_channels))
    if values.mclag.peer_link:
        yield "mclag.peer_link", values.mclag.peer_link


def check_port_references(values: SonicValues, platform: Platform | None) -> None:
    """Every Ethernet port referenced must exist on the platform, every PortChannel be defined."""
    layout = port_layout(values, platform, compat=False)
    channels = {f"PortChannel{channel.number}" for channel in values.portchannels.list}
    for field_name, name in _referenced_ports(values):
        if name.startswith("PortChannel"):
            if name not in channels:
                raise ValidationError(field_name, f"unknown port channel {name}; define it in portchannels.list")
        elif layout is not None and name not in layout:
            raise ValidationError(field_name, f"unknown port {name}")


def render_config_db(values: SonicValues, device: DeviceContext, platform: Platform | None = None, *, compat: bool = False) -> dict:
    """Render config_db as a dict of tables (empty tables left out).

    ``platform`` is needed when ``values.ports`` is set or breakouts are given (and,
    outside compat mode, to check port references).  Raises ValidationError.
    """
    validate_values(values, device, compat=compat)
    if not compat:
        check_port_references(values, platform)
    port_rows, breakout_rows = render_port_tables(values, platform, compat=compat)
    acl_table, acl_rule = acl_tables(values)
    channels, channel_members = portchannels(values, compat)
    tables = {
        "ACL_RULE": acl_rule,
        "ACL_TABLE": acl_table,
        "BREAKOUT_CFG": breakout_rows,
        "DNS_NAMESERVER": _keys(values.nameservers),
        "FEATURE": features(values),
        "INTERFACE": interfaces(values),
        "LLDP": lldp(values, device.branch),
        "LOOPBACK_INTERFACE": loopback_interface(values, compat),
        "MGMT_INTERFACE": mgmt_interface(values),
        "NTP_SERVER": _keys(values.ntp.servers),
        "PORT": port_rows,
        "PORTCHANNEL": channels,
        "PORTCHANNEL_MEMBER": channel_members,
        "SAG": sag(values),
        "SYSLOG_SERVER": syslog_servers(values),
        "VLAN_SUB_INTERFACE": vlan_subinterfaces(values, compat),
        "VRF": vrfs(values, compat),
        "VRRP_INTERFACE": vrrp_interfaces(values, compat),
    }
    tables.update(mclag_tables(values))
    tables.update(vlan_tables(values, compat))
    tables.update(vxlan_tables(values, compat))
    config = {name: rows for name, rows in tables.items() if rows}
    config.update({
        "DEVICE_METADATA": device_metadata(values, device),
        "MGMT_PORT": {"eth0": {"admin_status": "up", "alias": "eth0", "description": "Management Port"}},
        "MGMT_VRF_CONFIG": {"vrf_global": {"mgmtVrfEnabled": _text_bool(values.mgmt_vrf)}},
        "NTP": ntp(values),
    })
    return config


def dumps_config_db(config: dict) -> str:
    """config_db.json text exactly as the reference writes it (2-space indent, sorted keys)."""
    return json.dumps(config, indent=2, sort_keys=True)
