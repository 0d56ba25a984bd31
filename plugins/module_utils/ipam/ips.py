# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""IP addresses in networks: acquire (lowest free or a given one), update, release, list.

Private to the metalfleet.datacenter collection; not a public API.

An IP is identified by ``(network, name)`` or by its address.  Acquiring by
name is idempotent: a second request with the same name returns the address
it got the first time.  An address an allocated machine uses is released only by
freeing the allocation (``ipam.machine_use``).  The address family is the requested one, else IPv4,
else IPv6 for IPv6-only networks (metal-stack's rule); the network's prefixes
of that family are tried in order until one has room.
"""
from __future__ import annotations

import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    ExhaustedError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.machine_use import refuse_if_machine_held
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.records import ip_document, ip_label, ip_state
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

IP_TYPES = ("ephemeral", "static")


class IpService:
    """Acquire, change, release and list IPs inside one transaction."""

    def __init__(self, tx, write: bool = True):
        self.tx = tx
        self.networks = NetworkService(tx, write=write)
        self.ipam = self.networks.ipam
        self._network_cache = {}
        self._prefix_cidrs = {}

    # -- lookups ---------------------------------------------------------------------------------------------
    def network_for(self, request: dict, field: str = "network"):
        key = (request.get("network"), request.get("partition"))
        if key not in self._network_cache:
            if not request.get("network"):
                raise ValidationError(field, "name the network the IP belongs to")
            self._network_cache[key] = self.networks.resolve(request["network"], partition=request.get("partition"), field=field)
        return self._network_cache[key]

    def find(self, network_row, name: str | None = None, address: str | None = None, field: str = "ip"):
        if address:
            parsed = pm.parse_address(address, field)
            return self.tx.query_one("SELECT * FROM ips WHERE network_id = ? AND family = ? AND addr_key = ?",
                                     (network_row["id"], parsed.version, pm.to_key(int(parsed))))
        if name:
            rows = self.tx.query("SELECT * FROM ips WHERE network_id = ? AND name = ? ORDER BY addr_key", (network_row["id"], name))
            if len(rows) > 1:
                raise ConflictError("name: %d IPs of network %r are named %r (%s); name one by its address"
                                    % (len(rows), network_row["name"], name, ", ".join(r["address"] for r in rows)))
            return rows[0] if rows else None
        raise ValidationError("name", "an IP is identified by (network, name) or by its address: give name or ip")

    def document(self, ip_row, network_row=None) -> dict:
        network_row = network_row or self.networks.by_id(ip_row["network_id"])
        if ip_row["prefix_id"] not in self._prefix_cidrs:
            self._prefix_cidrs[ip_row["prefix_id"]] = self.ipam.by_id(ip_row["prefix_id"])["cidr"]
        return ip_document(ip_row, network_row, self._prefix_cidrs[ip_row["prefix_id"]])

    # -- present ---------------------------------------------------------------------------------------------
    def ensure_present(self, request: dict) -> dict:
        check_ip_options(request)
        network = self.network_for(request)
        ip_type = request.get("type")
        if ip_type is not None and ip_type not in IP_TYPES:
            raise ValidationError("type", "unknown IP type %r, expected ephemeral or static" % (ip_type,))
        project = self._project_for(network, request.get("project"))
        address = request.get("ip")
        if address and request.get("address_family"):
            raise ValidationError("address_family", "give either a specific ip or an address_family, not both")
        existing = self.find(network, request.get("name"), address)
        if existing is not None:
            return self._update(existing, network, request, project)
        attrs = {"name": request.get("name") or "", "description": request.get("description") or "", "project": project,
                 "type": ip_type or "ephemeral", "tags_json": json.dumps(sorted(request.get("tags") or []))}
        if address:
            row = self._acquire_specific(network, address, attrs)
        else:
            row = self._acquire_next(network, request.get("address_family"), attrs)
        self.tx.record("ip", ip_label(row, network), "acquire", None, ip_state(row, network))
        return self.document(row, network)

    def _project_for(self, network, project):
        if network["kind"] == "child" and not network["shared"]:
            if project and project != network["project"]:
                raise ValidationError("project", "network %r belongs to project %r; IPs in it cannot belong to project %r"
                                      % (network["name"], network["project"], project))
            return network["project"]
        return project or ""

    def _acquire_specific(self, network, address, attrs):
        parsed = pm.parse_address(address, "ip")
        for prefix_row in self.networks.prefixes_of(network):
            if prefix_row["family"] == parsed.version and parsed in pm.parse_prefix(prefix_row["cidr"]):
                return self.ipam.acquire_specific_ip(prefix_row, str(parsed), attrs)
        raise ValidationError("ip", "%s is not in network %r (prefixes: %s)" % (
            address, network["name"], ", ".join(p["cidr"] for p in self.networks.prefixes_of(network)) or "none"))

    def _default_family(self, prefixes) -> int:
        present = {p["family"] for p in prefixes}
        return 4 if 4 in present or not present else 6

    def _acquire_next(self, network, family_name, attrs):
        prefixes = self.networks.prefixes_of(network)
        family = pm.family_from_name(family_name) if family_name else self._default_family(prefixes)
        candidates = [p for p in prefixes if p["family"] == family]
        if not candidates:
            raise ValidationError("address_family", "network %r has no %s prefix" % (network["name"], pm.FAMILY_NAMES[family]))
        reasons = []
        self._prefix_cidrs.update((p["id"], p["cidr"]) for p in candidates)
        for prefix_row in candidates:
            try:
                return self.ipam.acquire_ip(prefix_row, attrs)
            except (ExhaustedError, ConflictError) as exc:
                reasons.append(exc.reason)
        raise ExhaustedError("network: no free %s address left in network %r: %s"
                             % (pm.FAMILY_NAMES[family], network["name"], "; ".join(reasons)))

    def _update(self, row, network, request, project):
        if request.get("ip") and request.get("name") and row["name"] and row["name"] != request["name"]:
            raise ConflictError("ip: address %s of network %r is already held as %r" % (row["address"], network["name"], row["name"]))
        before = ip_state(row, network)
        changes = {}
        for option in ("description", "name"):
            if request.get(option) is not None and request[option] != row[option]:
                changes[option] = request[option]
        if request.get("project") is not None and project != row["project"]:
            refuse_if_machine_held(self.tx, row, network, "project", "change its project")
            changes["project"] = project
        if request.get("tags") is not None and sorted(request["tags"]) != json.loads(row["tags"]):
            changes["tags"] = json.dumps(sorted(request["tags"]))
        if request.get("type") is not None and request["type"] != row["type"]:
            if row["type"] == "static" and request["type"] == "ephemeral":
                raise ValidationError("type", "IP %s is static and cannot become ephemeral again" % row["address"])
            changes["type"] = request["type"]
        if request.get("address_family") and pm.family_from_name(request["address_family"]) != row["family"]:
            raise ConflictError("address_family: IP %r of network %r is %s; release it to acquire another family"
                                % (row["name"], network["name"], pm.FAMILY_NAMES[row["family"]]))
        if "name" in changes and changes["name"] and self.find(network, name=changes["name"]) is not None:
            raise ConflictError("name: network %r already has an IP named %r" % (network["name"], changes["name"]))
        if changes:
            self.tx.update_row("ips", ("id", row["id"]), changes, utc_now())
            row = self.tx.query_one("SELECT * FROM ips WHERE id = ?", (row["id"],))
            self.tx.record("ip", ip_label(row, network), "update", before, ip_state(row, network))
        return self.document(row, network)

    # -- absent ----------------------------------------------------------------------------------------------
    def ensure_absent(self, request: dict):
        network = self.network_for(request)
        row = self.find(network, request.get("name"), request.get("ip"))
        if row is None:
            return None
        refuse_if_machine_held(self.tx, row, network, "ip" if request.get("ip") else "name", "be released")
        document = self.document(row, network)
        self.ipam.release_ip_row(row)
        self.tx.record("ip", ip_label(row, network), "release", ip_state(row, network), None)
        return document

    # -- listing ---------------------------------------------------------------------------------------------
    def list(self, network=None, partition=None, project=None, name=None, address=None, ip_type=None, tags=None) -> list:
        sql = "SELECT ips.* FROM ips JOIN networks n ON n.id = ips.network_id WHERE 1 = 1"
        params = []
        if network is not None:
            sql, params = sql + " AND ips.network_id = ?", params + [self.networks.resolve(network, partition=partition)["id"]]
        for column, value in (("n.partition_id", partition), ("ips.project", project), ("ips.name", name), ("ips.type", ip_type)):
            if value is not None:
                sql, params = sql + " AND %s = ?" % column, params + [value]
        if address is not None:
            parsed = pm.parse_address(address, "ip")
            sql, params = sql + " AND ips.family = ? AND ips.addr_key = ?", params + [parsed.version, pm.to_key(int(parsed))]
        rows = self.tx.query(sql + " ORDER BY n.partition_id, n.name, ips.family, ips.addr_key", params)
        if tags:
            rows = [r for r in rows if set(tags) <= set(json.loads(r["tags"]))]
        networks = {}
        documents = []
        for row in rows:
            if row["network_id"] not in networks:
                networks[row["network_id"]] = self.networks.by_id(row["network_id"])
            documents.append(self.document(row, networks[row["network_id"]]))
        return documents


def check_ip_options(request: dict) -> None:
    """The bounds of an IP's names and texts (``_common.limits``), before anything is looked up."""
    for option in ("name", "project", "partition", "network"):
        limits.check_optional_identifier(request.get(option), option)
    if request.get("description") is not None:
        limits.check_description(request["description"])
    if request.get("tags") is not None:
        limits.check_tags(request["tags"])
