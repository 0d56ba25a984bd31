# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renderer B, native: the config_db values and the FRR model of a switch, built from its facts in the fleet store.

Private to the metalfleet.datacenter collection; not a public API.

:func:`native_render_source` turns :class:`~.native_inputs.SwitchFacts` into a
:class:`~.pipeline.RenderSource` (strict mode, never compat) that the common
pipeline renders and validates.  The rules, per role:

* every role: hostname, ``split`` routing mode, ASN and loopback (router id and
  VTEP source), BGP unnumbered on the fabric ports (links to spines, or on a spine
  links to leaves/exits/mgmtleaves), management address and VRF, NTP, DNS and
  syslog servers, LLDP, breakouts, MTU/FEC/autoneg;
* leaf and mgmtleaf: the PXE VLAN (``pxe``) with the switch's address and a DHCP
  relay to the partition's management service;
* leaf and exit: a VTEP, and one VRF ``Vrf<vni>`` per tenant network (VNI = the
  network's VRF id) with an L3 VNI VLAN from 1001-2000 (the lowest VNI gets 1001)
  and its EVPN instance in frr.conf.  metal-core also creates tenant VRFs on leaves
  when machines are allocated; ``tenant_vrfs: false`` on a switch leaves them to it.

Machine ports are not put into any VLAN or VRF here: at runtime they belong to
metal-core (see ``ownership.py``).
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ExhaustedError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_model import FrrConfig, PolicyBlock, TenantVrf
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_sonic_vars import DENY_MGMT
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native_inputs import SwitchFacts
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.pipeline import RenderSource
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_records import TENANT_VLAN_RANGE
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import (
    DeviceContext,
    Feature,
    Interconnect,
    MgmtInterface,
    Ntp,
    Port,
    Ports,
    SonicValues,
    SyslogServer,
    Vlan,
    VxlanTunnelMap,
    Vtep,
)

DEVICE_TYPES = {"leaf": "LeafRouter", "spine": "SpineRouter", "exit": "LeafRouter", "mgmtleaf": "MgmtLeafRouter"}
FRR_ROLES = {"leaf": "leaf", "spine": "spine", "exit": "exit", "mgmtleaf": "leaf"}
VTEP_ROLES = ("leaf", "exit")
ROUTING_MODE = "split"
MGMT_VRF = "mgmt"


def tenant_vrf_name(vni: int) -> str:
    """``Vrf<vni>``, the name metal-core gives the VRF of a tenant network."""
    return f"Vrf{vni}"


def _require(facts: SwitchFacts) -> None:
    if facts.os != "sonic":
        raise ValidationError("switch", f"switch {facts.name} runs {facts.os}; only SONiC switches are rendered")
    if facts.platform is None:
        raise ValidationError("platform", f"switch {facts.name} has no platform port data; register it with platform_dir")
    for value, field in ((facts.mac, "mgmt_mac"), (facts.asn, "asn"), (facts.loopback, "loopback")):
        if not value:
            raise ValidationError(field, f"switch {facts.name} needs {field} to be rendered")


def tenant_vlans(facts: SwitchFacts) -> list:
    """(vni, VLAN id) of every tenant VRF, the lowest VNI on the lowest VLAN of 1001-2000."""
    pairs = []
    for position, tenant in enumerate(facts.tenants):
        vlan = TENANT_VLAN_RANGE[0] + position
        if vlan > TENANT_VLAN_RANGE[1]:
            raise ExhaustedError(f"switch: {len(facts.tenants)} tenant VRFs do not fit into VLANs %d-%d" % TENANT_VLAN_RANGE)
        pairs.append((tenant.vni, vlan))
    return pairs


def _check_unique_vnis(facts: SwitchFacts) -> None:
    pxe = facts.settings.get("pxe") or {}
    owners = {tenant.vni: ", ".join(tenant.networks) for tenant in facts.tenants}
    if pxe.get("vni") is not None and pxe["vni"] in owners:
        raise ValidationError("pxe.vni", f"duplicate VNI {pxe['vni']}: network {owners[pxe['vni']]} uses it as its VRF")


def _ports(facts: SwitchFacts) -> Ports:
    defaults = facts.port_settings.get("defaults") or {}
    return Ports(
        default_mtu=int(defaults.get("mtu") or 0), default_fec=defaults.get("fec") or "", default_autoneg=defaults.get("autoneg") or "",
        list=tuple(Port(name=name, speed=int(entry.get("speed") or 0), mtu=int(entry.get("mtu") or 0), fec=entry.get("fec") or "",
                        autoneg=entry.get("autoneg") or "")
                   for name, entry in sorted((facts.port_settings.get("ports") or {}).items())),
    )


def _vlans_and_maps(facts: SwitchFacts) -> tuple:
    vlans, maps = [], []
    pxe = facts.settings.get("pxe") if facts.role in ("leaf", "mgmtleaf") else None
    if pxe:
        vlans.append(Vlan(id=str(pxe["vlan"]), ip=pxe["address"], dhcp_servers=(facts.dhcp_relay,) if facts.dhcp_relay else ()))
        if pxe.get("vni") is not None and facts.role in VTEP_ROLES:
            maps.append(VxlanTunnelMap(vni=str(pxe["vni"]), vlan=f"Vlan{pxe['vlan']}"))
    for vni, vlan in tenant_vlans(facts):
        vlans.append(Vlan(id=str(vlan), vrf=tenant_vrf_name(vni)))
        maps.append(VxlanTunnelMap(vni=str(vni), vlan=f"Vlan{vlan}"))
    return tuple(vlans), tuple(maps)


def native_values(facts: SwitchFacts) -> SonicValues:
    """The config_db values of the switch (see the module docstring for the rules)."""
    mgmt_vrf = bool(facts.settings.get("mgmt_vrf"))
    vlans, maps = _vlans_and_maps(facts)
    features = {"lldp": Feature(enabled=True, auto_restart=True)}
    if any(vlan.dhcp_servers for vlan in vlans):
        features["dhcp_relay"] = Feature(enabled=True, auto_restart=True)
    return SonicValues(
        hostname=facts.name,
        docker_routing_config_mode=ROUTING_MODE,
        device_type=DEVICE_TYPES[facts.role],
        loopback_address=facts.loopback,
        bgp_ports=facts.fabric_ports,
        breakouts=dict(facts.breakouts),
        features=features,
        interconnects={tenant_vrf_name(tenant.vni): Interconnect(vni=str(tenant.vni), vrf=tenant_vrf_name(tenant.vni))
                       for tenant in facts.tenants},
        lldp_hello_time=int(facts.settings.get("lldp_hello_time") or 0),
        mgmt_interface=MgmtInterface(ip=facts.mgmt_address, gateway_address=facts.mgmt_gateway),
        mgmt_vrf=mgmt_vrf,
        nameservers=facts.dns_servers,
        ntp=Ntp(servers=facts.ntp_servers, src_interface="eth0", vrf=MGMT_VRF if mgmt_vrf else ""),
        ports=_ports(facts),
        syslog_servers=tuple(SyslogServer(address=server, vrf=MGMT_VRF if mgmt_vrf else "") for server in facts.syslog_servers),
        vlans=vlans,
        vtep=Vtep(enabled=facts.role in VTEP_ROLES, vxlan_tunnel_maps=maps),
    )


def native_frr(facts: SwitchFacts) -> FrrConfig:
    """The frr.conf model: BGP unnumbered FABRIC on the fabric ports, EVPN, one VRF instance per tenant VRF."""
    return FrrConfig(
        hostname=facts.name,
        asn=int(facts.asn),
        router_id=facts.loopback,
        role=FRR_ROLES[facts.role],
        fabric_interfaces=facts.fabric_ports,
        vrfs=tuple(TenantVrf(name=tenant_vrf_name(tenant.vni), vni=tenant.vni) for tenant in facts.tenants),
        evpn=facts.role != "mgmtleaf",
        advertise_all_vni=facts.role in VTEP_ROLES,
        redistribute_connected_route_map=DENY_MGMT.name,
        policies=(PolicyBlock(route_maps=(DENY_MGMT,)),),
        set_source_from_loopback=True,
    )


def native_render_source(facts: SwitchFacts) -> RenderSource:
    """Everything the pipeline renders config_db.json and frr.conf of the switch from."""
    _require(facts)
    _check_unique_vnis(facts)
    device = DeviceContext(platform=facts.platform_name, hwsku=facts.hwsku, mac=facts.mac, branch=facts.branch)
    return RenderSource(values=native_values(facts), device=device, platform=facts.platform, compat=False, frr=native_frr(facts))
