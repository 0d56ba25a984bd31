# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which config_db rows and fields the collection owns on a switch, and how to apply a new config.

Private to the metalfleet.datacenter collection; not a public API.

On a metal-stack leaf two writers share CONFIG_DB: the collection (static
configuration) and metal-core (dynamic, per machine allocation).  The rules:

* The collection owns the tables its renderer writes (``OWNED_FIELDS``) and, in
  them, the fields it writes.  Other tables (VERSIONS, SUPPRESS_VLAN_NEIGH, ...)
  and other fields of owned rows (DEVICE_METADATA.bgp_asn, PORT.parent_port, ...)
  belong to the image or to metal-core and are never compared or removed.
* PORT and BREAKOUT_CFG are owned only when the desired config renders them
  (``ports: null`` leaves the image's port table alone); FEATURE rows that the
  desired config does not name belong to the image.
* metal-core's rows are never removed: tenant VRFs (``Vrf<digits>``), everything
  about VLANs 1001-2000 (VLAN, VLAN_INTERFACE, VLAN_MEMBER, VXLAN_TUNNEL_MAP) and
  the INTERFACE/VLAN_MEMBER rows of machine ports.  Machine ports are the ports
  the desired config does not use (not in INTERFACE, VLAN_MEMBER,
  PORTCHANNEL_MEMBER, VLAN_SUB_INTERFACE); metal-core also sets their
  ``admin_status`` and ``mtu``, so those two PORT fields keep their running values.
* A row of the desired config is always owned; when it lies in metal-core's space
  it is reported as a conflict.

:func:`plan_apply` compares the running config with the desired one under these
rules: nothing to do, ``load`` (``config load`` merges: enough for added rows and
changed fields) or ``reload`` (rows or fields must go, which only ``config reload``
can do).  Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.configdb_diff import row_changes, table_diff

ACTION_NONE, ACTION_LOAD, ACTION_RELOAD = "none", "load", "reload"
DYNAMIC_VLANS = (1001, 2000)
MACHINE_PORT_FIELDS = frozenset(("admin_status", "mtu"))
PLATFORM_TABLES = frozenset(("PORT", "BREAKOUT_CFG"))
MERGE_ONLY_TABLES = frozenset(("FEATURE",))

#: table -> the fields the collection's renderer writes in it
OWNED_FIELDS: dict[str, frozenset] = {table: frozenset(fields) for table, fields in {
    "ACL_RULE": ("ETHER_TYPE", "PACKET_ACTION", "PRIORITY", "SRC_IP"),
    "ACL_TABLE": ("policy_desc", "services", "stage", "type"),
    "BREAKOUT_CFG": ("brkout_mode",),
    "DEVICE_METADATA": ("docker_routing_config_mode", "frr_mgmt_framework_config", "hostname", "hwsku", "mac", "platform", "type"),
    "DNS_NAMESERVER": (),
    "FEATURE": ("auto_restart", "state"),
    "INTERFACE": ("ipv6_use_link_local_only", "vrf_name"),
    "LLDP": ("hello_time", "hello_timer"),
    "LOOPBACK_INTERFACE": (),
    "MCLAG_DOMAIN": ("mclag_system_id", "peer_ip", "peer_link", "source_ip"),
    "MCLAG_INTERFACE": ("if_type",),
    "MCLAG_UNIQUE_IP": ("unique_ip",),
    "MGMT_INTERFACE": ("gwaddr",),
    "MGMT_PORT": ("admin_status", "alias", "description"),
    "MGMT_VRF_CONFIG": ("mgmtVrfEnabled",),
    "NTP": ("src_intf", "vrf"),
    "NTP_SERVER": (),
    "PORT": ("admin_status", "alias", "autoneg", "fec", "index", "lanes", "mtu", "speed"),
    "PORTCHANNEL": ("admin_status", "fallback", "fast_rate", "lacp_key", "min_links", "mix_speed", "mtu"),
    "PORTCHANNEL_MEMBER": (),
    "SAG": ("gateway_mac",),
    "SYSLOG_SERVER": ("port", "protocol", "severity", "source", "vrf"),
    "VLAN": ("dhcp_servers", "vlanid"),
    "VLAN_INTERFACE": ("static_anycast_gateway", "vrf_name"),
    "VLAN_MEMBER": ("tagging_mode",),
    "VLAN_SUB_INTERFACE": ("admin_status", "vrf_name"),
    "VRF": ("vni",),
    "VRRP_INTERFACE": ("parent_interface",),
    "VXLAN_EVPN_NVO": ("source_vtep",),
    "VXLAN_TUNNEL": ("src_ip",),
    "VXLAN_TUNNEL_MAP": ("vlan", "vni"),
}.items()}

_TENANT_VRF_RE = re.compile(r"^Vrf\d+$")
_VLAN_RE = re.compile(r"(?:^|_)Vlan(\d+)$")


@dataclass(frozen=True)
class Ownership:
    """The rules of one comparison: owned tables, machine ports and metal-core's VLAN range."""

    owned_tables: frozenset
    machine_ports: frozenset = frozenset()
    dynamic_vlans: tuple = DYNAMIC_VLANS

    def foreign_reason(self, table: str, key: str, row) -> Optional[str]:
        """Why a running row that the desired config lacks is not the collection's (None: it is)."""
        if table not in self.owned_tables:
            return "table not managed by the collection"
        if table in MERGE_ONLY_TABLES:
            return "row managed by the image"
        return metal_core_reason(table, key, row, self)


def _dynamic_vlan(table: str, key: str, row, low: int, high: int) -> Optional[int]:
    candidates = key.split("|")
    if table == "VXLAN_TUNNEL_MAP" and isinstance(row, Mapping):
        candidates.append(str(row.get("vlan", "")))
    for part in candidates:
        match = _VLAN_RE.search(part)
        if match and low <= int(match.group(1)) <= high:
            return int(match.group(1))
    return None


def metal_core_reason(table: str, key: str, row, ownership: Ownership) -> Optional[str]:
    """Why ``TABLE|key`` lies in metal-core's space (None when it does not)."""
    if table == "VRF" and _TENANT_VRF_RE.match(key):
        return "tenant VRF (metal-core)"
    vlan = _dynamic_vlan(table, key, row, *ownership.dynamic_vlans)
    if vlan is not None:
        return f"dynamic VLAN Vlan{vlan} (metal-core)"
    parts = key.split("|")
    port = parts[0] if table == "INTERFACE" else parts[-1] if table == "VLAN_MEMBER" else None
    if port is not None and port in ownership.machine_ports:
        return f"machine port {port} (metal-core)"
    if table == "INTERFACE" and isinstance(row, Mapping) and _TENANT_VRF_RE.match(str(row.get("vrf_name", ""))):
        return "port in a tenant VRF (metal-core)"
    return None


def _rows(config: Mapping, table: str) -> Mapping:
    rows = config.get(table)
    return rows if isinstance(rows, Mapping) else {}


def used_ports(desired: Mapping) -> set:
    """Ports the desired config configures (routed, VLAN members, port channel members, sub-interfaces)."""
    used = {key.split("|")[0] for key in _rows(desired, "INTERFACE")}
    used.update(key.split("|")[-1] for key in _rows(desired, "VLAN_MEMBER"))
    used.update(key.split("|")[-1] for key in _rows(desired, "PORTCHANNEL_MEMBER"))
    used.update(key.split("|")[0].split(".")[0] for key in _rows(desired, "VLAN_SUB_INTERFACE"))
    return used


def machine_ports(desired: Mapping, running: Mapping) -> frozenset:
    """Ports left to metal-core: the desired (else the running) PORT rows the desired config does not use."""
    ports = set(_rows(desired, "PORT") or _rows(running, "PORT"))
    return frozenset(ports - used_ports(desired))


def ownership_for(desired: Mapping, running: Mapping, extra_machine_ports: Iterable[str] = (),
                  dynamic_vlans: tuple = DYNAMIC_VLANS) -> Ownership:
    """The Ownership of comparing ``running`` with ``desired``."""
    owned = {table for table in OWNED_FIELDS if table not in PLATFORM_TABLES or table in desired}
    ports = machine_ports(desired, running) | frozenset(extra_machine_ports)
    return Ownership(owned_tables=frozenset(owned), machine_ports=ports, dynamic_vlans=tuple(dynamic_vlans))


@dataclass(frozen=True)
class ApplyPlan:
    """What applying ``desired`` to a switch means."""

    action: str
    added: tuple = ()
    modified: tuple = ()
    removed: tuple = ()
    removed_fields: tuple = ()
    conflicts: tuple = ()
    foreign: Mapping = field(default_factory=dict)
    load_config: Mapping = field(default_factory=dict)
    diff: Mapping = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"action": self.action, "added": list(self.added), "modified": list(self.modified), "removed": list(self.removed),
                "removed_fields": list(self.removed_fields), "conflicts": list(self.conflicts), "foreign": dict(self.foreign),
                "load_config": dict(self.load_config)}


def _effective_desired(desired: Mapping, running: Mapping, ownership: Ownership) -> dict:
    """The desired config with metal-core's PORT fields of machine ports taken from the running config."""
    result = {table: dict(rows) for table, rows in desired.items() if isinstance(rows, Mapping)}
    running_ports = _rows(running, "PORT")
    for name, row in list(result.get("PORT", {}).items()):
        if name in ownership.machine_ports and isinstance(running_ports.get(name), Mapping):
            kept = {key: running_ports[name][key] for key in MACHINE_PORT_FIELDS if key in running_ports[name]}
            result["PORT"][name] = dict(row, **kept)
    return result


def _owned_running(running: Mapping, desired: Mapping, ownership: Ownership, foreign: dict) -> dict:
    """The running rows the collection owns, each with only the fields it owns (or the desired row names)."""
    result: dict = {}
    for table, rows in running.items():
        if not isinstance(rows, Mapping):
            continue
        wanted = _rows(desired, table)
        for key, row in rows.items():
            if key not in wanted:
                reason = ownership.foreign_reason(table, key, row)
                if reason:
                    foreign[reason] = foreign.get(reason, 0) + 1
                    continue
            names = OWNED_FIELDS.get(table, frozenset()) | set(wanted.get(key) or {})
            result.setdefault(table, {})[key] = {name: value for name, value in (row or {}).items() if name in names}
    return result


def _removed_fields(before: Mapping, after: Mapping, keys: Iterable[str]) -> list:
    removed = []
    for row_id in keys:
        table, _sep, key = row_id.partition("|")
        gone = sorted(set(before[table][key]) - set(after[table][key]))
        removed.extend(f"{row_id} {name}" for name in gone)
    return removed


def plan_apply(running: Mapping, desired: Mapping, extra_machine_ports: Iterable[str] = (),
               dynamic_vlans: tuple = DYNAMIC_VLANS) -> ApplyPlan:
    """Compare ``running`` with ``desired`` under the ownership rules and choose the action."""
    running = running or {}
    ownership = ownership_for(desired, running, extra_machine_ports, dynamic_vlans)
    foreign: dict = {}
    before = _owned_running(running, desired, ownership, foreign)
    after = _effective_desired(desired, running, ownership)
    changes = row_changes(before, after)
    removed_fields = _removed_fields(before, after, changes.changed)
    conflicts = sorted(f"{table}|{key}: {reason}" for table, rows in after.items() for key, row in rows.items()
                       for reason in [metal_core_reason(table, key, row, ownership)] if reason)
    load_config: dict = {}
    for row_id in changes.added + changes.changed:
        table, _sep, key = row_id.partition("|")
        load_config.setdefault(table, {})[key] = after[table][key]
    if changes.removed or removed_fields:
        action = ACTION_RELOAD
    elif changes.added or changes.changed:
        action = ACTION_LOAD
    else:
        action = ACTION_NONE
    return ApplyPlan(action=action, added=changes.added, modified=changes.changed, removed=changes.removed,
                     removed_fields=tuple(removed_fields), conflicts=tuple(conflicts), foreign=dict(sorted(foreign.items())),
                     load_config=load_config, diff=table_diff(before, after))
