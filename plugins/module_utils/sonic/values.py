# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The values a SONiC config_db is rendered from: model and input parsing.

Private to the metalfleet.datacenter collection; not a public API.

The model mirrors metal-stack's ``sonic-config.yaml`` (the sonic-configdb-utils input,
which metal-roles' ``sonic_config_*`` variables map onto) plus a few additions:
``syslog_servers``, ``device_type``, ``portchannels.list[].fallback`` (honoured outside
compatibility mode) and ``vlan_subinterfaces[].cidrs``.  Front ends build a
:class:`SonicValues` either with :func:`parse_values` from such a mapping or directly
(the fleet-store based renderer); :mod:`.configdb` renders tables from it, and
:mod:`.values_checks` validates it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.input_types import (
    as_bool,
    as_int,
    as_list,
    as_mac,
    as_mapping,
    as_on_off,
    as_optional_bool,
    as_text,
    as_text_list,
)

BRANCH_202111 = "ec202111"
BRANCH_202211 = "ec202211_ecsonic"
#: community SONiC (what native switch records default to): LLDP as in the community YANG model, no vendor allow-list.
BRANCH_COMMUNITY = "community"


@dataclass(frozen=True)
class DeviceContext:
    """Facts about the target switch that the reference reads from /etc and /sys."""

    platform: str
    hwsku: str
    mac: str
    branch: str = ""


@dataclass(frozen=True)
class Feature:
    enabled: bool = False
    auto_restart: bool = False


@dataclass(frozen=True)
class Interconnect:
    vni: str = ""
    vrf: str = ""
    unnumbered_interfaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mclag:
    keepalive_vlan: str = ""
    member_port_channels: tuple[str, ...] = ()
    peer_ip: str = ""
    peer_link: str = ""
    source_ip: str = ""
    system_mac: str = ""


@dataclass(frozen=True)
class MgmtInterface:
    ip: str = ""
    gateway_address: str = ""


@dataclass(frozen=True)
class Ntp:
    servers: tuple[str, ...] = ()
    src_interface: str = ""
    vrf: str = ""


@dataclass(frozen=True)
class PortChannel:
    number: str
    mtu: int = 0
    fallback: bool = False
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class PortChannels:
    default_mtu: int = 0
    list: tuple[PortChannel, ...] = ()


@dataclass(frozen=True)
class Port:
    name: str
    speed: int = 0
    mtu: int = 0
    fec: str = ""
    autoneg: str = ""
    ips: tuple[str, ...] = ()
    vrf: str = ""


@dataclass(frozen=True)
class Ports:
    """``ports``; None on :class:`SonicValues` means "render no PORT/BREAKOUT_CFG"."""

    default_autoneg: str = ""
    default_fec: str = ""
    default_mtu: int = 0
    list: tuple[Port, ...] = ()


@dataclass(frozen=True)
class Sag:
    mac: str = ""


@dataclass(frozen=True)
class VlanSubinterface:
    port: str
    vlan: str
    cidr: str = ""
    cidrs: tuple[str, ...] = ()
    vrf: str = ""

    def addresses(self) -> tuple[str, ...]:
        """``cidr`` and ``cidrs`` together, without duplicates or blanks."""
        return tuple(dict.fromkeys(item for item in (self.cidr,) + self.cidrs if item))


@dataclass(frozen=True)
class Vrrp:
    group: str = ""
    ip: str = ""
    priority: int = 0


@dataclass(frozen=True)
class Vlan:
    id: str
    ip: str = ""
    vrf: str = ""
    dhcp_servers: tuple[str, ...] = ()
    tagged_ports: tuple[str, ...] = ()
    untagged_ports: tuple[str, ...] = ()
    sag: bool | None = None
    vrrp: Vrrp = field(default_factory=Vrrp)


@dataclass(frozen=True)
class VxlanTunnelMap:
    vni: str
    vlan: str


@dataclass(frozen=True)
class Vtep:
    enabled: bool = False
    vxlan_tunnel_maps: tuple[VxlanTunnelMap, ...] = ()


@dataclass(frozen=True)
class SyslogServer:
    address: str
    port: int = 0
    vrf: str = ""
    source: str = ""
    protocol: str = ""
    severity: str = ""


@dataclass(frozen=True)
class SonicValues:
    """Everything config_db is rendered from (besides platform and device facts)."""

    hostname: str = ""
    docker_routing_config_mode: str = ""
    frr_mgmt_framework_config: bool = False
    device_type: str = "LeafRouter"
    loopback_address: str = ""
    bgp_ports: tuple[str, ...] = ()
    breakouts: Mapping[str, str] = field(default_factory=dict)
    features: Mapping[str, Feature] = field(default_factory=dict)
    interconnects: Mapping[str, Interconnect] = field(default_factory=dict)
    lldp_hello_time: int = 0
    mclag: Mclag = field(default_factory=Mclag)
    mgmt_interface: MgmtInterface = field(default_factory=MgmtInterface)
    mgmt_vrf: bool = False
    nameservers: tuple[str, ...] = ()
    ntp: Ntp = field(default_factory=Ntp)
    portchannels: PortChannels = field(default_factory=PortChannels)
    ports: Ports | None = None
    sag: Sag | None = None
    ssh_sourceranges: tuple[str, ...] = ()
    syslog_servers: tuple[SyslogServer, ...] = ()
    vlan_subinterfaces: tuple[VlanSubinterface, ...] = ()
    vlans: tuple[Vlan, ...] = ()
    vtep: Vtep = field(default_factory=Vtep)


# -- parsing: one table of field converters per record ---------------------------------------------------------------
# A converter takes ``(value, path)`` and returns the field's value or raises ValidationError naming ``path``.
def _record(cls, **converters):
    """A converter building ``cls`` from a mapping: each field by its converter, at ``path.field``; unknown keys ignored."""
    def convert(data, path: str):
        data = as_mapping(data, path or "values")
        return cls(**{name: parse(data.get(name), f"{path}.{name}" if path else name) for name, parse in converters.items()})
    return convert


def _optional(convert):
    """None stays None (for the records whose absence means something, like ``ports``)."""
    return lambda data, path: None if data is None else convert(data, path)


def _list_of(convert):
    return lambda data, path: tuple(convert(item, f"{path}[{pos}]") for pos, item in enumerate(as_list(data, path)))


def _named(convert):
    return lambda data, path: {as_text(name, path): convert(item, f"{path}.{name}") for name, item in as_mapping(data, path).items()}


def _device_type(data, path: str) -> str:
    return as_text(data, path) or "LeafRouter"


_syslog_server_record = _record(SyslogServer, address=as_text, port=as_int, vrf=as_text, source=as_text, protocol=as_text, severity=as_text)


def _syslog_server(data, path: str) -> SyslogServer:
    """A syslog server is a mapping, or just its address."""
    return _syslog_server_record(data, path) if isinstance(data, Mapping) else SyslogServer(address=as_text(data, path))


_port = _record(Port, name=as_text, speed=as_int, mtu=as_int, fec=as_text, autoneg=as_on_off, ips=as_text_list, vrf=as_text)
_portchannel = _record(PortChannel, number=as_text, mtu=as_int, fallback=as_bool, members=as_text_list)
_vlan = _record(Vlan, id=as_text, ip=as_text, vrf=as_text, dhcp_servers=as_text_list, tagged_ports=as_text_list,
                untagged_ports=as_text_list, sag=as_optional_bool, vrrp=_record(Vrrp, group=as_text, ip=as_text, priority=as_int))

_parse_root = _record(
    SonicValues,
    hostname=as_text,
    docker_routing_config_mode=as_text,
    frr_mgmt_framework_config=as_bool,
    device_type=_device_type,
    loopback_address=as_text,
    bgp_ports=as_text_list,
    breakouts=_named(as_text),
    features=_named(_record(Feature, enabled=as_bool, auto_restart=as_bool)),
    # FRR-only interconnect keys (neighbors, route maps, ...) are ignored here
    interconnects=_named(_record(Interconnect, vni=as_text, vrf=as_text, unnumbered_interfaces=as_text_list)),
    lldp_hello_time=as_int,
    mclag=_record(Mclag, keepalive_vlan=as_text, member_port_channels=as_text_list, peer_ip=as_text, peer_link=as_text,
                  source_ip=as_text, system_mac=as_mac),
    mgmt_interface=_record(MgmtInterface, ip=as_text, gateway_address=as_text),
    mgmt_vrf=as_bool,
    nameservers=as_text_list,
    ntp=_record(Ntp, servers=as_text_list, src_interface=as_text, vrf=as_text),
    portchannels=_record(PortChannels, default_mtu=as_int, list=_list_of(_portchannel)),
    ports=_optional(_record(Ports, default_autoneg=as_on_off, default_fec=as_text, default_mtu=as_int, list=_list_of(_port))),
    sag=_optional(_record(Sag, mac=as_mac)),
    ssh_sourceranges=as_text_list,
    syslog_servers=_list_of(_syslog_server),
    vlan_subinterfaces=_list_of(_record(VlanSubinterface, port=as_text, vlan=as_text, cidr=as_text, cidrs=as_text_list, vrf=as_text)),
    vlans=_list_of(_vlan),
    vtep=_record(Vtep, enabled=as_bool, vxlan_tunnel_maps=_list_of(_record(VxlanTunnelMap, vni=as_text, vlan=as_text))),
)


def parse_values(data: Mapping) -> SonicValues:
    """Build :class:`SonicValues` from a ``sonic-config.yaml``-shaped mapping.

    Unknown keys are ignored, as the reference generator does (metal-roles passes
    FRR-only interconnect keys through the same structure).  Raises ValidationError
    naming the field when a value has the wrong shape or type.
    """
    return _parse_root(data, "")
