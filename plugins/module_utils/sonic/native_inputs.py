# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read what the native renderer needs about one switch from the fleet store into plain facts.

Private to the metalfleet.datacenter collection; not a public API.

:func:`read_switch_facts` gathers the switch record, its fabric (switch-to-switch)
ports, the partition's DNS, NTP, syslog and management-service settings and the
tenant VRFs (child networks; on exits also external networks with a VRF) into a
:class:`SwitchFacts`, which :mod:`.native` turns into config_db values and an FRR
model without touching the store.  Read-only; runs inside the caller's transaction.
"""
from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import switch_records as records
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import Platform, port_sort_key
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService

#: partition label with syslog servers (comma-separated addresses) for switches that name none themselves.
SYSLOG_LABEL = "metalfleet.io/syslog-servers"


@dataclass(frozen=True)
class TenantNetwork:
    """A network whose VRF a switch carries: VNI = VRF id, VRF ``Vrf<vni>``."""

    vni: int
    networks: Tuple[str, ...]


@dataclass(frozen=True)
class SwitchFacts:
    """Everything the native renderer reads about one switch."""

    name: str
    role: str
    os: str
    platform_name: str
    hwsku: str
    branch: str
    mac: str
    asn: Optional[int]
    loopback: str
    mgmt_address: str
    mgmt_gateway: str
    platform: Optional[Platform]
    breakouts: Mapping[str, str] = field(default_factory=dict)
    port_settings: Mapping = field(default_factory=dict)
    settings: Mapping = field(default_factory=dict)
    fabric_ports: Tuple[str, ...] = ()
    tenants: Tuple[TenantNetwork, ...] = ()
    dns_servers: Tuple[str, ...] = ()
    ntp_servers: Tuple[str, ...] = ()
    syslog_servers: Tuple[str, ...] = ()
    dhcp_relay: Optional[str] = None


def read_switch_facts(tx, name: str) -> SwitchFacts:
    """The facts of switch ``name``; NotFoundError (field ``switch``) when it is not registered."""
    service = SwitchService(tx, write=False)
    row = service.get(name, "switch")
    partition = tx.query_one("SELECT * FROM partitions WHERE id = ?", (row["partition_id"],))
    settings = dict(records.DEFAULT_SETTINGS)
    settings.update(records.loads(row["settings"], {}))
    has_platform = bool(records.loads(row["platform_data"], {}).get("ports"))
    return SwitchFacts(
        name=row["name"], role=row["role"], os=row["os"], platform_name=row["platform"], hwsku=row["hwsku"], branch=row["branch"],
        mac=row["mgmt_mac"], asn=row["asn"], loopback=row["loopback"], mgmt_address=row["mgmt_address"], mgmt_gateway=row["mgmt_gateway"],
        platform=service.platform_of(row) if has_platform else None,
        breakouts=records.loads(row["breakouts"], {}), port_settings=records.loads(row["port_settings"], {}), settings=settings,
        fabric_ports=tuple(sorted((entry["port"] for entry in records.neighbors_of(name, service.connections_of(name))), key=port_sort_key)),
        tenants=_tenants(tx, row) if settings.get("tenant_vrfs") and row["role"] in ("leaf", "exit") else (),
        dns_servers=tuple(json.loads(partition["dns_servers"])) if partition else (),
        ntp_servers=tuple(json.loads(partition["ntp_servers"])) if partition else (),
        syslog_servers=tuple(settings.get("syslog_servers") or _label_servers(partition)),
        dhcp_relay=_dhcp_relay(partition) if settings.get("pxe") else None,
    )


def _tenants(tx, row) -> Tuple[TenantNetwork, ...]:
    """Child networks of the partition (and, on exits, external networks with a VRF), one entry per VRF id."""
    sql = "SELECT name, project, vrf, kind FROM networks WHERE vrf IS NOT NULL AND ((partition_id = ? AND kind = 'child')"
    if row["role"] == "exit":
        sql += " OR (kind = 'external' AND partition_id IN (?, ''))"
        params = (row["partition_id"], row["partition_id"])
    else:
        params = (row["partition_id"],)
    by_vni: dict = {}
    for network in tx.query(sql + ") ORDER BY vrf, project, name", params):
        label = f"{network['project']}/{network['name']}" if network["project"] else network["name"]
        by_vni.setdefault(int(network["vrf"]), []).append(label)
    return tuple(TenantNetwork(vni, tuple(labels)) for vni, labels in sorted(by_vni.items()))


def _label_servers(partition) -> Tuple[str, ...]:
    if partition is None:
        return ()
    text = json.loads(partition["labels"]).get(SYSLOG_LABEL) or ""
    return tuple(records.check_ip(item.strip(), f"partition.labels.{SYSLOG_LABEL}") for item in text.split(",") if item.strip())


def _dhcp_relay(partition) -> Optional[str]:
    """The host of the partition's management service, where the PXE VLAN relays DHCP to."""
    address = partition["mgmt_service_address"] if partition else ""
    if not address:
        return None
    host = address.rpartition(":")[0].strip("[]")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        raise ValidationError("mgmt_service_address", f"the DHCP relay of the PXE VLAN needs an IP address, the partition names host {host!r}") from None
