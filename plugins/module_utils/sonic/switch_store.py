# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Switches in the fleet store: registration with platform ports and breakouts, connections, ASN and loopback.

Private to the metalfleet.datacenter collection; not a public API.

A switch is identified by its ``name``.  Registering a SONiC switch reads its
platform (``<platform_dir>/<platform>``, platform.json or port_config.ini) and
stores the parent ports, so later renders need no platform files; breakouts and
port settings are checked against it.  The ASN comes from the option or the
pool ``pool:switch-asn`` (4200000000-4209999999, lowest free); the loopback from
the option or, as IP ``<switch>-lo``, from the partition's underlay network.

Connections are rows of ``switch_connections``: a machine NIC on a port, or a
link to a port of another switch (``links``; stored once, on the switch that
names it, and required to join a spine with a non-spine).  Given lists replace
the switch's own rows; omitted lists leave them alone.  Connections are part of
the switch's state, so the diff and the audit log show them as switch updates.

Every method runs inside the caller's transaction and records each change.
"""
from __future__ import annotations

import os

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    ExhaustedError,
    NotFoundError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.entity_store import reindex_error
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import machine_id_option
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import switch_records as records
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import load_platform
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform_codec import platform_from_data, platform_to_data
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.free_ranges import FreeRanges
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import SWITCH_ASN_POOL, SWITCH_ASN_RANGE
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

SWITCH_LOCK = "switches"
CONNECTION_COLUMNS = "switch_name, port, machine_id, nic, peer_switch, peer_port"


def loopback_ip_name(switch: str) -> str:
    """The name of the underlay IP that holds an allocated loopback."""
    return f"{switch}-lo"


class SwitchService:
    """Register, change, remove and describe switches inside one transaction."""

    def __init__(self, tx, write: bool = True):
        self.tx = tx
        self.write = write
        if write:
            tx.lock(SWITCH_LOCK)

    # -- lookups ---------------------------------------------------------------------------------------------
    def find(self, name: str):
        return self.tx.query_one("SELECT * FROM switches WHERE name = ?", (name,))

    def get(self, name: str, field: str = "name"):
        row = self.find(name)
        if row is None:
            raise NotFoundError(f"{field}: no switch {name!r}")
        return row

    def connections_of(self, name: str) -> list:
        """Rows on the switch's own ports and links other switches made to it."""
        return self.tx.query("SELECT %s FROM switch_connections WHERE switch_name = ? OR peer_switch = ? ORDER BY switch_name, port"
                             % CONNECTION_COLUMNS, (name, name))

    def list(self, name=None, partition=None, role=None, rack=None, os_name=None) -> list:
        sql, params = "SELECT * FROM switches WHERE 1 = 1", []
        for column, value in (("name", name), ("partition_id", partition), ("role", role), ("rack", rack), ("os", os_name)):
            if value is not None:
                sql, params = sql + f" AND {column} = ?", params + [value]
        return self.tx.query(sql + " ORDER BY partition_id, name", params)

    def platform_of(self, row):
        return platform_from_data(row["platform"], records.loads(row["platform_data"], {}))

    def layout_of(self, row):
        """Port name -> BreakoutPort after the switch's breakouts; None for switches without platform data."""
        if not records.loads(row["platform_data"], {}).get("ports"):
            return None
        return self.platform_of(row).layout(records.loads(row["breakouts"], {}), use_hwsku=True)

    # -- documents -------------------------------------------------------------------------------------------
    def state(self, row) -> dict:
        return records.switch_state(row, self.connections_of(row["name"]))

    def document(self, row) -> dict:
        connections = self.connections_of(row["name"])
        doc = records.switch_state(row, connections)
        layout = self.layout_of(row)
        doc["interfaces"] = list(layout) if layout is not None else []
        doc["neighbors"] = records.neighbors_of(row["name"], connections)
        doc["created_at"] = row["created_at"]
        doc["updated_at"] = row["updated_at"]
        return doc

    # -- present ---------------------------------------------------------------------------------------------
    def apply_all(self, entries) -> list:
        """The list form: every entry in this one transaction; errors name the entry (``switches[2].breakouts``)."""
        documents = []
        for index, entry in enumerate(entries):
            try:
                if entry.get("state") == "absent":
                    self.ensure_absent(entry.get("name"))
                    documents.append(None)
                else:
                    documents.append(self.ensure_present(entry))
            except (ValidationError, NotFoundError, ConflictError, ExhaustedError) as exc:
                raise reindex_error(exc, f"switches[{index}].") from None
        return documents

    def ensure_present(self, spec: dict) -> dict:
        """Create or update the switch described by ``spec`` (module parameters); return its document."""
        name = records.check_name(spec.get("name"))
        records.check_descriptive(spec)
        row = self.find(name)
        before = self.state(row) if row is not None else None
        columns = self._identity_columns(spec, row)
        platform = self._platform(spec, row, columns)
        columns.update(self._port_columns(spec, row, columns, platform))
        layout = records.check_ports_on_platform(platform, records.loads(columns["breakouts"], {}),
                                                 records.loads(columns["port_settings"], {})) if platform else None
        columns.update(self._mgmt_columns(spec, row))
        settings = records.check_settings(spec, records.loads(row["settings"], {}) if row else {})
        self._check_settings_fit(settings, columns)
        columns["settings"] = records.dumps(settings)
        columns.update(self._asn_columns(spec, row))
        columns.update(self._loopback_columns(spec, row, name, columns["partition_id"]))
        now = utc_now()
        if row is None:
            self.tx.insert_row("switches", dict(columns, name=name, created_at=now, updated_at=now))
        else:
            changed = {key: value for key, value in columns.items() if row[key] != value}
            if changed:
                self.tx.update_row("switches", ("name", name), changed, now)
        self._reconcile_connections(name, spec, layout, columns)
        row = self.find(name)
        after = self.state(row)
        if after != before:
            self.tx.record("switch", name, "register" if before is None else "update", before, after)
        return self.document(row)

    def _identity_columns(self, spec, row) -> dict:
        columns = {}
        partition = spec.get("partition")
        if row is None:
            for option in ("partition", "role"):
                if not spec.get(option):
                    raise ValidationError(option, f"a new switch needs its {option}")
            if self.tx.query_one("SELECT id FROM partitions WHERE id = ?", (partition,)) is None:
                raise NotFoundError(f"partition: unknown partition {partition!r}")
            columns["partition_id"] = partition
            columns["os"] = records.check_choice(spec.get("os") or "sonic", records.OPERATING_SYSTEMS, "os")
        else:
            if partition not in (None, row["partition_id"]):
                raise ConflictError(f"partition: switch {row['name']} is in partition {row['partition_id']} and cannot move")
            if spec.get("os") not in (None, row["os"]):
                raise ConflictError(f"os: switch {row['name']} runs {row['os']}; register the replacement as a new switch and "
                                    "copy its connections with switch_migrate")
            columns["partition_id"], columns["os"] = row["partition_id"], row["os"]
        columns["role"] = records.check_choice(spec.get("role") or row["role"], records.ROLES, "role")
        for option in ("rack", "description", "hwsku", "branch"):
            value = spec.get(option)
            columns[option] = str(value) if value is not None else (row[option] if row else "")
        if row is None and not columns["branch"] and columns["os"] == "sonic":
            columns["branch"] = records.COMMUNITY_BRANCH
        return columns

    def _platform(self, spec, row, columns):
        """Read the platform from ``platform_dir`` when given, else use the stored data; None for Cumulus without data."""
        platform_name = spec.get("platform") or (row["platform"] if row else "")
        columns["platform"] = platform_name
        if spec.get("platform_dir"):
            if not platform_name:
                raise ValidationError("platform", "name the platform to read from platform_dir")
            device_dir = os.path.join(spec["platform_dir"], platform_name)
            if not os.path.isdir(device_dir):
                raise ValidationError("platform_dir", f"no device directory {device_dir} for platform {platform_name}")
            platform = load_platform(device_dir, columns["hwsku"] or None)
            columns["platform_data"] = records.dumps(platform_to_data(platform))
            return platform
        if row is not None and row["platform"] == platform_name and records.loads(row["platform_data"], {}).get("ports"):
            columns["platform_data"] = row["platform_data"]
            return self.platform_of(row)
        if columns["os"] == "sonic":
            raise ValidationError("platform_dir", "give platform and platform_dir (the directory of SONiC device directories) "
                                  "to read the switch's ports")
        columns["platform_data"] = row["platform_data"] if row is not None and row["platform"] == platform_name else "{}"
        return None

    def _port_columns(self, spec, row, columns, platform) -> dict:
        stored = records.loads(row["port_settings"], {}) if row else {}
        breakouts = records.check_breakouts(spec["breakouts"]) if spec.get("breakouts") is not None \
            else records.loads(row["breakouts"], {}) if row else {}
        given = records.check_port_settings(spec.get("port_defaults"), spec.get("ports"))
        settings = {"defaults": given["defaults"] if spec.get("port_defaults") is not None else stored.get("defaults") or {},
                    "ports": given["ports"] if spec.get("ports") is not None else stored.get("ports") or {}}
        if platform is None and (breakouts or settings["defaults"] or settings["ports"]):
            field = "breakouts" if breakouts else "ports"
            raise ValidationError(field, f"breakouts and port settings are rendered for SONiC switches only, not for {columns['os']}")
        return {"breakouts": records.dumps(breakouts), "port_settings": records.dumps(settings)}

    @staticmethod
    def _mgmt_columns(spec, row) -> dict:
        columns = {}
        for option, check in (("mgmt_address", records.check_cidr), ("mgmt_gateway", records.check_ip), ("mgmt_mac", records.check_mac)):
            value = spec.get(option)
            if value is not None:
                columns[option] = check(value, option) if value != "" else ""
            else:
                columns[option] = row[option] if row else ""
        records.check_mgmt_pair(columns["mgmt_address"], columns["mgmt_gateway"])
        return columns

    def _check_settings_fit(self, settings, columns) -> None:
        pxe = settings.get("pxe")
        if not pxe:
            return
        if columns["role"] not in ("leaf", "mgmtleaf"):
            raise ValidationError("pxe", f"a {columns['role']} has no PXE VLAN; only leaves serve machines")
        if pxe.get("vni") is not None:
            holder = self.tx.query_one("SELECT name FROM networks WHERE partition_id = ? AND vrf = ? ORDER BY name",
                                       (columns["partition_id"], pxe["vni"]))
            if holder is not None:
                raise ValidationError("pxe.vni", f"duplicate VNI {pxe['vni']}: network {holder['name']} uses it as its VRF")

    def _asn_columns(self, spec, row) -> dict:
        wanted = spec.get("asn")
        if wanted is None:
            if row is not None and row["asn"] is not None:
                return {}
            self.tx.lock(SWITCH_ASN_POOL)
            asn = FreeRanges(self.tx, SWITCH_ASN_POOL).take_lowest()
            if asn is None:
                raise ExhaustedError("asn: the switch ASN pool %d-%d is exhausted; give asn" % SWITCH_ASN_RANGE)
            return {"asn": asn, "asn_from_pool": True}
        asn = records.check_asn(wanted)
        if row is not None and row["asn"] == asn:
            return {}
        holder = self.tx.query_one("SELECT name FROM switches WHERE asn = ?", (asn,))
        if holder is not None:
            raise ConflictError(f"asn: AS {asn} is already used by switch {holder['name']}")
        self.tx.lock(SWITCH_ASN_POOL)
        pool = FreeRanges(self.tx, SWITCH_ASN_POOL)
        if row is not None and row["asn_from_pool"]:
            pool.give_back(row["asn"])
        in_pool = SWITCH_ASN_RANGE[0] <= asn <= SWITCH_ASN_RANGE[1]
        return {"asn": asn, "asn_from_pool": pool.take(asn) if in_pool else False}

    def _underlay(self, partition: str, field: str = "loopback"):
        network = self.tx.query_one("SELECT * FROM networks WHERE partition_id = ? AND kind = 'underlay'", (partition,))
        if network is None:
            raise NotFoundError(f"{field}: partition {partition!r} has no underlay network to take a loopback from; give loopback")
        return network

    def _loopback_columns(self, spec, row, name, partition) -> dict:
        wanted = spec.get("loopback")
        if wanted is None:
            if row is not None and row["loopback"]:
                return {}
            address = IpService(self.tx).ensure_present({"network": self._underlay(partition)["id"], "name": loopback_ip_name(name),
                                                         "description": f"loopback of switch {name}", "address_family": "IPv4"})
            return {"loopback": address["address"], "loopback_from_ipam": True}
        loopback = records.check_loopback(wanted)
        if row is not None and row["loopback"] == loopback:
            return {}
        holder = self.tx.query_one("SELECT name FROM switches WHERE loopback = ? AND name <> ?", (loopback, name))
        if holder is not None:
            raise ConflictError(f"loopback: {loopback} is already the loopback of switch {holder['name']}")
        if row is not None and row["loopback_from_ipam"]:
            self._release_loopback(row)
        return {"loopback": loopback, "loopback_from_ipam": False}

    def _release_loopback(self, row) -> None:
        underlay = self.tx.query_one("SELECT id FROM networks WHERE partition_id = ? AND kind = 'underlay'", (row["partition_id"],))
        if underlay is not None:
            IpService(self.tx).ensure_absent({"network": underlay["id"], "name": loopback_ip_name(row["name"])})

    # -- connections -----------------------------------------------------------------------------------------
    def _reconcile_connections(self, name, spec, layout, columns) -> None:
        current = self.tx.query("SELECT %s FROM switch_connections WHERE switch_name = ?" % CONNECTION_COLUMNS, (name,))
        current_by_port = {item["port"]: item for item in current}
        wanted = {}
        if spec.get("connections") is not None:
            wanted.update(self._machine_rows(spec["connections"], layout, columns["os"]))
        else:
            wanted.update({port: item for port, item in current_by_port.items() if item["machine_id"]})
        if spec.get("links") is not None:
            for port, item in self._link_rows(name, spec["links"], layout, columns).items():
                if port in wanted:
                    raise ValidationError("links", f"port {port} is used by a machine connection and a link")
                wanted[port] = item
        else:
            wanted.update({port: item for port, item in current_by_port.items() if item["peer_switch"]})
        self._check_ports_still_exist(wanted, layout, columns["os"])
        self._check_not_linked_from_elsewhere(name, wanted)
        now = utc_now()
        for port, item in current_by_port.items():
            if _connection_key(wanted.get(port)) != _connection_key(item):
                self.tx.execute("DELETE FROM switch_connections WHERE switch_name = ? AND port = ?", (name, port))
        for port, item in wanted.items():
            if _connection_key(current_by_port.get(port)) != _connection_key(item):
                self.tx.execute("INSERT INTO switch_connections (switch_name, port, machine_id, nic, peer_switch, peer_port, created_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?)", (name, port, item["machine_id"], item["nic"], item["peer_switch"],
                                                                  item["peer_port"], now))

    def _machine_rows(self, entries, layout, os_name) -> dict:
        rows = {}
        for pos, entry in enumerate(entries or ()):
            where = f"connections[{pos}]"
            port = records.check_port(entry.get("port"), layout, os_name, f"{where}.port")
            if port in rows:
                raise ValidationError(f"{where}.port", f"port {port} is listed twice")
            machine = machine_id_option(entry.get("machine"), f"{where}.machine")
            machine_row = self.tx.query_one("SELECT id, hardware FROM machines WHERE id = ?", (machine,))
            if machine_row is None:
                raise NotFoundError(f"{where}.machine: unknown machine {machine}")
            nic = limits.check_text(str(entry.get("nic") or ""), f"{where}.nic", limits.NAME_MAX)
            if not nic:
                raise ValidationError(f"{where}.nic", "name the machine's NIC on this port")
            nics = [item.get("name") for item in records.loads(machine_row["hardware"], {}).get("nics") or ()]
            if nics and nic not in nics:
                raise ValidationError(f"{where}.nic", f"machine {machine} has no NIC {nic!r} (it has {', '.join(nics)})")
            rows[port] = {"switch_name": None, "port": port, "machine_id": machine, "nic": nic, "peer_switch": None, "peer_port": None}
        return rows

    def _link_rows(self, name, entries, layout, columns) -> dict:
        rows = {}
        for pos, entry in enumerate(entries or ()):
            where = f"links[{pos}]"
            port = records.check_port(entry.get("port"), layout, columns["os"], f"{where}.port")
            if port in rows:
                raise ValidationError(f"{where}.port", f"port {port} is listed twice")
            peer = self.get(str(entry.get("switch") or ""), f"{where}.switch")
            if peer["name"] == name:
                raise ValidationError(f"{where}.switch", "a switch cannot link to itself")
            if peer["partition_id"] != columns["partition_id"]:
                raise ValidationError(f"{where}.switch", f"switch {peer['name']} is in partition {peer['partition_id']}")
            if (peer["role"] == "spine") == (columns["role"] == "spine"):
                raise ValidationError(f"{where}.switch", f"links join a spine with a leaf, exit or mgmtleaf; "
                                      f"{name} is a {columns['role']} and {peer['name']} a {peer['role']}")
            peer_port = records.check_port(entry.get("switch_port"), self.layout_of(peer), peer["os"], f"{where}.switch_port")
            if (peer["name"], peer_port) in {(item["peer_switch"], item["peer_port"]) for item in rows.values()}:
                raise ValidationError(f"{where}.switch_port", f"port {peer_port} of switch {peer['name']} is listed twice")
            used = self.tx.query_one("SELECT switch_name, port FROM switch_connections WHERE (switch_name = ? AND port = ?)"
                                     " OR (peer_switch = ? AND peer_port = ? AND switch_name <> ?)", (peer["name"], peer_port, peer["name"], peer_port, name))
            if used is not None:
                raise ConflictError(f"{where}.switch_port: port {peer_port} of switch {peer['name']} is already connected")
            rows[port] = {"switch_name": None, "port": port, "machine_id": None, "nic": None, "peer_switch": peer["name"], "peer_port": peer_port}
        return rows

    @staticmethod
    def _check_ports_still_exist(wanted, layout, os_name) -> None:
        if os_name != "sonic":
            return
        for port in wanted:
            if layout is None or port not in layout:
                raise ValidationError("breakouts", f"port {port} is connected but would no longer exist; change its connections first")

    def _check_not_linked_from_elsewhere(self, name, wanted) -> None:
        for item in self.tx.query("SELECT switch_name, peer_port FROM switch_connections WHERE peer_switch = ?", (name,)):
            if item["peer_port"] in wanted:
                raise ConflictError(f"connections: port {item['peer_port']} is linked from switch {item['switch_name']}")

    # -- absent ----------------------------------------------------------------------------------------------
    def ensure_absent(self, name: str):
        row = self.find(records.check_name(name))
        if row is None:
            return None
        linked = self.tx.query("SELECT switch_name FROM switch_connections WHERE peer_switch = ? ORDER BY switch_name", (name,))
        if linked:
            raise ConflictError("name: switches %s link to switch %s; remove those links first"
                                % (", ".join(sorted({item["switch_name"] for item in linked})), name))
        before = self.state(row)
        self.tx.execute("DELETE FROM switch_connections WHERE switch_name = ?", (name,))
        if row["asn_from_pool"]:
            self.tx.lock(SWITCH_ASN_POOL)
            FreeRanges(self.tx, SWITCH_ASN_POOL).give_back(row["asn"])
        if row["loopback_from_ipam"]:
            self._release_loopback(row)
        self.tx.execute("DELETE FROM switches WHERE name = ?", (name,))
        self.tx.record("switch", name, "delete", before, None)
        return row


def _connection_key(item):
    if item is None:
        return None
    return (item["machine_id"], item["nic"], item["peer_switch"], item["peer_port"])


def drop_machine_connections(tx, machine_id: str) -> list:
    """Remove every connection of a machine (for the machine service when a machine is removed); returns the switch names."""
    rows = tx.query("SELECT DISTINCT switch_name FROM switch_connections WHERE machine_id = ? ORDER BY switch_name", (machine_id,))
    names = [item["switch_name"] for item in rows]
    service = SwitchService(tx)
    befores = {name: service.state(service.get(name)) for name in names}
    tx.execute("DELETE FROM switch_connections WHERE machine_id = ?", (machine_id,))
    for name in names:
        tx.record("switch", name, "update", befores[name], service.state(service.get(name)))
    return names
