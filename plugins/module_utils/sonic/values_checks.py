# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Semantic checks of SONiC values before any table is rendered.

Private to the metalfleet.datacenter collection; not a public API.

Checks that hold in both modes: device facts present, VLAN ids in 1..4094, VNIs in
1..16777215 and unique, and the branch rules of the reference (SAG only on
ec202211_ecsonic, VRRP only on ec202111).  Outside compatibility mode every address
must carry a prefix length and a few more quirks of the reference are refused
(see :func:`validate_values`).  Port names are checked against the platform by
:mod:`.configdb`, which knows the port layout.
"""
from __future__ import annotations

import ipaddress
import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import (
    BRANCH_202111,
    BRANCH_202211,
    DeviceContext,
    SonicValues,
)

VLAN_MIN, VLAN_MAX = 1, 4094
VNI_MIN, VNI_MAX = 1, 16777215
ROUTING_MODES = ("separated", "unified", "split", "split-unified")
FEC_MODES = ("none", "rs", "fc", "auto")
SYSLOG_PROTOCOLS = ("tcp", "udp")
SYSLOG_SEVERITIES = ("none", "debug", "info", "notice", "warn", "error", "crit")
_MAC_RE = re.compile(r"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")
_VLAN_NAME_RE = re.compile(r"^Vlan(\d+)$")


def _number_in_range(text: str, low: int, high: int, field_name: str, what: str) -> int:
    if not str(text).isdigit() or not low <= int(text) <= high:
        raise ValidationError(field_name, f"{what} {text!r} out of range {low}..{high}")
    return int(text)


def check_vlan_id(text: str, field_name: str) -> int:
    """VLAN ids are integers 1..4094 (802.1Q, 0 and 4095 reserved)."""
    return _number_in_range(text, VLAN_MIN, VLAN_MAX, field_name, "VLAN")


def check_prefix(text: str, field_name: str) -> None:
    """An interface address with prefix length (``10.0.0.1/24``), as SONiC's YANG demands."""
    if "/" not in text:
        raise ValidationError(field_name, f"address {text!r} has no prefix length (e.g. {text}/32)")
    try:
        ipaddress.ip_interface(text)
    except ValueError:
        raise ValidationError(field_name, f"{text!r} is not an IP address with prefix length") from None


def check_ip(text: str, field_name: str) -> None:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        raise ValidationError(field_name, f"{text!r} is not an IP address") from None


def check_network(text: str, field_name: str) -> None:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValidationError(field_name, f"{text!r} is not an IP network") from None


def _check_device(device: DeviceContext) -> None:
    for name in ("platform", "hwsku", "mac"):
        if not getattr(device, name):
            raise ValidationError(f"device.{name}", "is required")


def _check_vnis(values: SonicValues) -> None:
    """A VNI names one VRF (L3VNI) and maps one VLAN; the L3VNI's own VLAN map may reuse it."""
    vrf_by_vni: dict[int, tuple[str, str]] = {}
    for name, item in values.interconnects.items():
        if not item.vni:
            continue
        field_name = f"interconnects.{name}.vni"
        vni = _number_in_range(item.vni, VNI_MIN, VNI_MAX, field_name, "VNI")
        if vni in vrf_by_vni and vrf_by_vni[vni][1] != item.vrf:
            raise ValidationError(field_name, f"duplicate VNI {vni}, already used by {vrf_by_vni[vni][0]}")
        vrf_by_vni[vni] = (field_name, item.vrf)
    vlan_by_vni: dict[int, str] = {}
    for pos, item in enumerate(values.vtep.vxlan_tunnel_maps):
        field_name = f"vtep.vxlan_tunnel_maps[{pos}].vni"
        vni = _number_in_range(item.vni, VNI_MIN, VNI_MAX, field_name, "VNI")
        if vni in vlan_by_vni:
            raise ValidationError(field_name, f"duplicate VNI {vni}, already mapped by {vlan_by_vni[vni]}")
        vlan_by_vni[vni] = f"vtep.vxlan_tunnel_maps[{pos}]"


def _check_vlans(values: SonicValues, compat: bool) -> None:
    seen: dict[int, str] = {}
    for pos, vlan in enumerate(values.vlans):
        vid = check_vlan_id(vlan.id, f"vlans[{pos}].id")
        if not compat and vid in seen:
            raise ValidationError(f"vlans[{pos}].id", f"duplicate VLAN {vid}, already defined by {seen[vid]}")
        seen[vid] = f"vlans[{pos}]"


def _check_branch(values: SonicValues, branch: str, compat: bool) -> None:
    wants_global_sag = values.sag is not None if compat else bool(values.sag and values.sag.mac)
    if wants_global_sag and branch != BRANCH_202211:
        raise ValidationError("sag", f"sag configuration only works with sonic versions from the {BRANCH_202211} branch")
    for pos, vlan in enumerate(values.vlans):
        wants_sag = vlan.sag is not None if compat else bool(vlan.sag)
        if wants_sag and branch != BRANCH_202211:
            raise ValidationError(f"vlans[{pos}].sag", f"sag only works for sonic builds from branch {BRANCH_202211}")
        if vlan.vrrp.group and branch != BRANCH_202111:
            raise ValidationError(f"vlans[{pos}].vrrp", f"vrrp configuration only works with sonic versions from the {BRANCH_202111} branch")


def _interface_addresses(values: SonicValues):
    """(field, address) of every address that SONiC stores as an interface prefix."""
    if values.ports is not None:
        for pos, port in enumerate(values.ports.list):
            yield from ((f"ports.list[{pos}].ips[{num}]", ip) for num, ip in enumerate(port.ips))
    for pos, vlan in enumerate(values.vlans):
        if vlan.ip:
            yield f"vlans[{pos}].ip", vlan.ip
        if vlan.vrrp.ip:
            yield f"vlans[{pos}].vrrp.ip", vlan.vrrp.ip
    for pos, sub in enumerate(values.vlan_subinterfaces):
        yield from ((f"vlan_subinterfaces[{pos}].cidrs", cidr) for cidr in sub.addresses())
    if values.mgmt_interface.ip:
        yield "mgmt_interface.ip", values.mgmt_interface.ip


def _check_loopback(text: str) -> None:
    address = text.split("/")[0]
    check_ip(address, "loopback_address")
    if "/" in text and ipaddress.ip_interface(text).network.prefixlen != ipaddress.ip_address(address).max_prefixlen:
        raise ValidationError("loopback_address", f"{text!r}: the loopback is a host address (/32 or /128)")


def _check_other_vlans(values: SonicValues) -> None:
    if values.mclag.keepalive_vlan:
        check_vlan_id(values.mclag.keepalive_vlan, "mclag.keepalive_vlan")
    for pos, sub in enumerate(values.vlan_subinterfaces):
        check_vlan_id(sub.vlan, f"vlan_subinterfaces[{pos}].vlan")
    for pos, item in enumerate(values.vtep.vxlan_tunnel_maps):
        match = _VLAN_NAME_RE.match(item.vlan)
        if not match:
            raise ValidationError(f"vtep.vxlan_tunnel_maps[{pos}].vlan", f"must be a VLAN interface name like Vlan1000, got {item.vlan!r}")
        check_vlan_id(match.group(1), f"vtep.vxlan_tunnel_maps[{pos}].vlan")


def _check_strict_fields(values: SonicValues) -> None:
    _check_other_vlans(values)
    if values.docker_routing_config_mode and values.docker_routing_config_mode not in ROUTING_MODES:
        raise ValidationError("docker_routing_config_mode", f"must be one of {', '.join(ROUTING_MODES)}")
    if values.loopback_address:
        _check_loopback(values.loopback_address)
    for field_name, address in _interface_addresses(values):
        check_prefix(address, field_name)
    for pos, item in enumerate(values.ssh_sourceranges):
        check_network(item, f"ssh_sourceranges[{pos}]")
    for pos, item in enumerate(values.nameservers):
        check_ip(item, f"nameservers[{pos}]")
    for pos, sub in enumerate(values.vlan_subinterfaces):
        if not sub.addresses():
            raise ValidationError(f"vlan_subinterfaces[{pos}].cidr", "an address with prefix length is required")
    if values.ports is not None:
        fecs = [("ports.default_fec", values.ports.default_fec)] + [(f"ports.list[{pos}].fec", port.fec) for pos, port in enumerate(values.ports.list)]
        for field_name, fec in fecs:
            if fec and fec not in FEC_MODES:
                raise ValidationError(field_name, f"must be one of {', '.join(FEC_MODES)}")
    for field_name, mac in (("mclag.system_mac", values.mclag.system_mac), ("sag.mac", values.sag.mac if values.sag else "")):
        if mac and not _MAC_RE.match(mac):
            raise ValidationError(field_name, f"{mac!r} is not a MAC address")
    _check_portchannel_numbers(values)
    _check_syslog(values)


def _check_portchannel_numbers(values: SonicValues) -> None:
    seen = set()
    for pos, channel in enumerate(values.portchannels.list):
        if not channel.number.isdigit() or len(channel.number) > 4:
            raise ValidationError(f"portchannels.list[{pos}].number", f"must be 1 to 4 digits, got {channel.number!r}")
        if channel.number in seen:
            raise ValidationError(f"portchannels.list[{pos}].number", f"duplicate port channel PortChannel{channel.number}")
        seen.add(channel.number)


def _check_syslog(values: SonicValues) -> None:
    for pos, server in enumerate(values.syslog_servers):
        path = f"syslog_servers[{pos}]"
        if not server.address:
            raise ValidationError(f"{path}.address", "is required")
        if server.port and not 0 < server.port < 65536:
            raise ValidationError(f"{path}.port", f"{server.port} is not a port number")
        if server.protocol and server.protocol not in SYSLOG_PROTOCOLS:
            raise ValidationError(f"{path}.protocol", f"must be one of {', '.join(SYSLOG_PROTOCOLS)}")
        if server.severity and server.severity not in SYSLOG_SEVERITIES:
            raise ValidationError(f"{path}.severity", f"must be one of {', '.join(SYSLOG_SEVERITIES)}")
        if server.vrf == "mgmt" and not values.mgmt_vrf:
            raise ValidationError(f"{path}.vrf", "vrf mgmt needs mgmt_vrf: true")
        if server.source:
            check_ip(server.source, f"{path}.source")


def validate_values(values: SonicValues, device: DeviceContext, *, compat: bool = False) -> None:
    """Raise ValidationError (naming the field) when the values cannot be rendered.

    ``compat=True`` accepts what the reference generator accepts (addresses without
    prefix length, ``sag: false`` on a VLAN counts as SAG configuration, ...).
    """
    _check_device(device)
    _check_vlans(values, compat)
    _check_vnis(values)
    _check_branch(values, device.branch, compat)
    if not compat:
        if not _MAC_RE.match(device.mac):
            raise ValidationError("device.mac", f"{device.mac!r} is not a MAC address")
        _check_strict_fields(values)
