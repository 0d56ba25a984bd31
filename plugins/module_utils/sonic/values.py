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


def _feature(data, path: str) -> Feature:
    data = as_mapping(data, path)
    return Feature(enabled=as_bool(data.get("enabled"), f"{path}.enabled"),
                   auto_restart=as_bool(data.get("auto_restart"), f"{path}.auto_restart"))


def _interconnect(data, path: str) -> Interconnect:
    data = as_mapping(data, path)  # FRR-only keys (neighbors, route maps, ...) are ignored here
    return Interconnect(vni=as_text(data.get("vni"), f"{path}.vni"), vrf=as_text(data.get("vrf"), f"{path}.vrf"),
                        unnumbered_interfaces=as_text_list(data.get("unnumbered_interfaces"), f"{path}.unnumbered_interfaces"))


def _mclag(data, path: str) -> Mclag:
    data = as_mapping(data, path)
    return Mclag(
        keepalive_vlan=as_text(data.get("keepalive_vlan"), f"{path}.keepalive_vlan"),
        member_port_channels=as_text_list(data.get("member_port_channels"), f"{path}.member_port_channels"),
        peer_ip=as_text(data.get("peer_ip"), f"{path}.peer_ip"),
        peer_link=as_text(data.get("peer_link"), f"{path}.peer_link"),
        source_ip=as_text(data.get("source_ip"), f"{path}.source_ip"),
        system_mac=as_mac(data.get("system_mac"), f"{path}.system_mac"),
    )


def _mgmt_interface(data, path: str) -> MgmtInterface:
    data = as_mapping(data, path)
    return MgmtInterface(ip=as_text(data.get("ip"), f"{path}.ip"), gateway_address=as_text(data.get("gateway_address"), f"{path}.gateway_address"))


def _ntp(data, path: str) -> Ntp:
    data = as_mapping(data, path)
    return Ntp(servers=as_text_list(data.get("servers"), f"{path}.servers"), src_interface=as_text(data.get("src_interface"), f"{path}.src_interface"),
               vrf=as_text(data.get("vrf"), f"{path}.vrf"))


def _port(data, path: str) -> Port:
    data = as_mapping(data, path)
    return Port(
        name=as_text(data.get("name"), f"{path}.name"),
        speed=as_int(data.get("speed"), f"{path}.speed"),
        mtu=as_int(data.get("mtu"), f"{path}.mtu"),
        fec=as_text(data.get("fec"), f"{path}.fec"),
        autoneg=as_on_off(data.get("autoneg"), f"{path}.autoneg"),
        ips=as_text_list(data.get("ips"), f"{path}.ips"),
        vrf=as_text(data.get("vrf"), f"{path}.vrf"),
    )


def _ports(data, path: str) -> Ports | None:
    if data is None:
        return None
    data = as_mapping(data, path)
    return Ports(
        default_autoneg=as_on_off(data.get("default_autoneg"), f"{path}.default_autoneg"),
        default_fec=as_text(data.get("default_fec"), f"{path}.default_fec"),
        default_mtu=as_int(data.get("default_mtu"), f"{path}.default_mtu"),
        list=tuple(_port(item, f"{path}.list[{pos}]") for pos, item in enumerate(as_list(data.get("list"), f"{path}.list"))),
    )


def _portchannel(data, path: str) -> PortChannel:
    data = as_mapping(data, path)
    return PortChannel(number=as_text(data.get("number"), f"{path}.number"), mtu=as_int(data.get("mtu"), f"{path}.mtu"),
                       fallback=as_bool(data.get("fallback"), f"{path}.fallback"),
                       members=as_text_list(data.get("members"), f"{path}.members"))


def _portchannels(data, path: str) -> PortChannels:
    data = as_mapping(data, path)
    items = as_list(data.get("list"), f"{path}.list")
    return PortChannels(default_mtu=as_int(data.get("default_mtu"), f"{path}.default_mtu"),
                        list=tuple(_portchannel(item, f"{path}.list[{pos}]") for pos, item in enumerate(items)))


def _vlan(data, path: str) -> Vlan:
    data = as_mapping(data, path)
    vrrp = as_mapping(data.get("vrrp"), f"{path}.vrrp")
    return Vlan(
        id=as_text(data.get("id"), f"{path}.id"),
        ip=as_text(data.get("ip"), f"{path}.ip"),
        vrf=as_text(data.get("vrf"), f"{path}.vrf"),
        dhcp_servers=as_text_list(data.get("dhcp_servers"), f"{path}.dhcp_servers"),
        tagged_ports=as_text_list(data.get("tagged_ports"), f"{path}.tagged_ports"),
        untagged_ports=as_text_list(data.get("untagged_ports"), f"{path}.untagged_ports"),
        sag=as_optional_bool(data.get("sag"), f"{path}.sag"),
        vrrp=Vrrp(group=as_text(vrrp.get("group"), f"{path}.vrrp.group"), ip=as_text(vrrp.get("ip"), f"{path}.vrrp.ip"),
                  priority=as_int(vrrp.get("priority"), f"{path}.vrrp.priority")),
    )


def _subinterface(data, path: str) -> VlanSubinterface:
    data = as_mapping(data, path)
    return VlanSubinterface(port=as_text(data.get("port"), f"{path}.port"), vlan=as_text(data.get("vlan"), f"{path}.vlan"),
                            cidr=as_text(data.get("cidr"), f"{path}.cidr"), cidrs=as_text_list(data.get("cidrs"), f"{path}.cidrs"),
                            vrf=as_text(data.get("vrf"), f"{path}.vrf"))


def _vtep(data, path: str) -> Vtep:
    data = as_mapping(data, path)
    maps = []
    for pos, item in enumerate(as_list(data.get("vxlan_tunnel_maps"), f"{path}.vxlan_tunnel_maps")):
        item_path = f"{path}.vxlan_tunnel_maps[{pos}]"
        item = as_mapping(item, item_path)
        maps.append(VxlanTunnelMap(vni=as_text(item.get("vni"), f"{item_path}.vni"), vlan=as_text(item.get("vlan"), f"{item_path}.vlan")))
    return Vtep(enabled=as_bool(data.get("enabled"), f"{path}.enabled"), vxlan_tunnel_maps=tuple(maps))


def _syslog_server(data, path: str) -> SyslogServer:
    if not isinstance(data, Mapping):
        return SyslogServer(address=as_text(data, path))
    return SyslogServer(
        address=as_text(data.get("address"), f"{path}.address"),
        port=as_int(data.get("port"), f"{path}.port"),
        vrf=as_text(data.get("vrf"), f"{path}.vrf"),
        source=as_text(data.get("source"), f"{path}.source"),
        protocol=as_text(data.get("protocol"), f"{path}.protocol"),
        severity=as_text(data.get("severity"), f"{path}.severity"),
    )


def _sag(data, path: str) -> Sag | None:
    if data is None:
        return None
    return Sag(mac=as_mac(as_mapping(data, path).get("mac"), f"{path}.mac"))


def _named(data, path: str, build) -> dict:
    return {as_text(name, path): build(item, f"{path}.{name}") for name, item in as_mapping(data, path).items()}


def _listed(data, path: str, build) -> tuple:
    return tuple(build(item, f"{path}[{pos}]") for pos, item in enumerate(as_list(data, path)))


def parse_values(data: Mapping) -> SonicValues:
    """Build :class:`SonicValues` from a ``sonic-config.yaml``-shaped mapping.

    Unknown keys are ignored, as the reference generator does (metal-roles passes
    FRR-only interconnect keys through the same structure).  Raises ValidationError
    naming the field when a value has the wrong shape or type.
    """
    data = as_mapping(data, "values")
    return SonicValues(
        hostname=as_text(data.get("hostname"), "hostname"),
        docker_routing_config_mode=as_text(data.get("docker_routing_config_mode"), "docker_routing_config_mode"),
        frr_mgmt_framework_config=as_bool(data.get("frr_mgmt_framework_config"), "frr_mgmt_framework_config"),
        device_type=as_text(data.get("device_type"), "device_type") or "LeafRouter",
        loopback_address=as_text(data.get("loopback_address"), "loopback_address"),
        bgp_ports=as_text_list(data.get("bgp_ports"), "bgp_ports"),
        breakouts=_named(data.get("breakouts"), "breakouts", as_text),
        features=_named(data.get("features"), "features", _feature),
        interconnects=_named(data.get("interconnects"), "interconnects", _interconnect),
        lldp_hello_time=as_int(data.get("lldp_hello_time"), "lldp_hello_time"),
        mclag=_mclag(data.get("mclag"), "mclag"),
        mgmt_interface=_mgmt_interface(data.get("mgmt_interface"), "mgmt_interface"),
        mgmt_vrf=as_bool(data.get("mgmt_vrf"), "mgmt_vrf"),
        nameservers=as_text_list(data.get("nameservers"), "nameservers"),
        ntp=_ntp(data.get("ntp"), "ntp"),
        portchannels=_portchannels(data.get("portchannels"), "portchannels"),
        ports=_ports(data.get("ports"), "ports"),
        sag=_sag(data.get("sag"), "sag"),
        ssh_sourceranges=as_text_list(data.get("ssh_sourceranges"), "ssh_sourceranges"),
        syslog_servers=_listed(data.get("syslog_servers"), "syslog_servers", _syslog_server),
        vlan_subinterfaces=_listed(data.get("vlan_subinterfaces"), "vlan_subinterfaces", _subinterface),
        vlans=_listed(data.get("vlans"), "vlans", _vlan),
        vtep=_vtep(data.get("vtep"), "vtep"),
    )
