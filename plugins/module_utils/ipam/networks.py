# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Networks: super networks (private_super, super_namespaced, underlay, external) and child networks of projects.

Private to the metalfleet.datacenter collection; not a public API.

A network is identified by ``(partition, project, name)``; super networks
have no project.  Its prefixes live in the IPAM (``ipam.prefixes``) under the
partition's scope.  Child networks take one prefix per address family from
the partition's private super network (best fit) and a VRF id from the pool
``[1, 131072]``; the lowest free id is chosen so check mode predicts it.

A ``super_namespaced`` network (metal-apiserver's super-namespaced type) has
no partition; each project allocates its children in an IPAM namespace of its
own, named by the project id, where the super network's prefixes are created
on first use.  Children of different projects may therefore overlap; the
namespace goes away with the project's last child.

Removing a network releases its IPs and child networks only with ``force``,
and never while allocated machines use its addresses (``ipam.machine_use``).

Every method runs inside the caller's transaction and records each change
(``tx.record``) for the diff and the audit log.
"""
from __future__ import annotations

import json
import uuid

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    ExhaustedError,
    NotFoundError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import network_validation as nv
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.machine_use import refuse_removal_if_machines_use
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import ROOT_NAMESPACE, PrefixStore, store_for_prefix
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.records import ip_label, ip_state, network_label
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.usage import network_usage
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.free_ranges import FreeRanges
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import VRF_POOL, VRF_RANGE
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

SUPER_TYPES = ("private_super", "super_namespaced", "underlay", "external")
#: the types child networks are allocated from.
PARENT_TYPES = ("private_super", "super_namespaced")
NETWORK_TYPES = SUPER_TYPES + ("child",)
#: a fixed namespace so network ids are stable and predictable (check mode shows the real id).
NETWORK_ID_NAMESPACE = uuid.UUID("6f1f5a52-4a8e-4d0c-9b8e-6d2a3c0e9a11")

#: attributes a user may change on an existing network, and the option that carries each.
MUTABLE_ATTRIBUTES = ("description", "labels", "destination_prefixes", "nat", "shared")


def network_id_for(partition: str, project: str, name: str) -> str:
    return str(uuid.uuid5(NETWORK_ID_NAMESPACE, "%s/%s/%s" % (partition, project, name)))


class NetworkService:
    """Create, change, delete and describe networks inside one transaction."""

    def __init__(self, tx, write: bool = True):
        self.tx = tx
        self.write = write
        self.ipam = PrefixStore(tx, write=write)

    def _ipam(self, scope: str) -> PrefixStore:
        """The IPAM of one partition (go-ipam namespace)."""
        return PrefixStore(self.tx, scope, write=self.write)

    # -- lookups ---------------------------------------------------------------------------------------------
    def find(self, name: str, partition: str = "", project: str = ""):
        return self.tx.query_one("SELECT * FROM networks WHERE partition_id = ? AND project = ? AND name = ?",
                                 (partition or "", project or "", name))

    def by_id(self, network_id: str):
        return self.tx.query_one("SELECT * FROM networks WHERE id = ?", (network_id,))

    def resolve(self, reference: str, partition: str | None = None, project: str | None = None, field: str = "network"):
        """A network named by id, or by name (plus partition/project where names repeat)."""
        if _looks_like_id(reference):
            row = self.by_id(reference)
            if row is not None:
                return row
        sql, params = "SELECT * FROM networks WHERE name = ?", [reference]
        if partition is not None:
            sql, params = sql + " AND partition_id = ?", params + [partition]
        if project is not None:
            sql, params = sql + " AND project = ?", params + [project]
        rows = self.tx.query(sql + " ORDER BY partition_id, project", params)
        if not rows:
            where = " in partition %r" % partition if partition else ""
            raise NotFoundError("%s: no network %r%s" % (field, reference, where))
        if len(rows) > 1:
            places = ", ".join("%s/%s" % (r["partition_id"] or "-", r["project"] or "-") for r in rows)
            raise ValidationError(field, "network name %r is ambiguous (partition/project: %s): give partition and project"
                                  % (reference, places))
        return rows[0]

    def prefixes_of(self, network_row) -> list:
        """The network's own prefixes (in its namespace; not a super_namespaced network's copies in projects' namespaces)."""
        return self.tx.query("SELECT * FROM prefixes WHERE network_id = ? AND namespace = ? ORDER BY family, start_key",
                             (network_row["id"], network_row["namespace"]))

    def children_of(self, network_row) -> list:
        return self.tx.query("SELECT * FROM networks WHERE parent_id = ? ORDER BY name", (network_row["id"],))

    def list(self, partition=None, project=None, network_type=None, name=None, labels=None) -> list:
        sql, params = "SELECT * FROM networks WHERE 1 = 1", []
        for column, value in (("partition_id", partition), ("project", project), ("kind", network_type), ("name", name)):
            if value is not None:
                sql, params = sql + " AND %s = ?" % column, params + [value]
        rows = self.tx.query(sql + " ORDER BY partition_id, project, name", params)
        if labels:
            rows = [r for r in rows if all(json.loads(r["labels"]).get(k) == v for k, v in labels.items())]
        return rows

    # -- documents -------------------------------------------------------------------------------------------
    def document(self, row, with_usage: bool = True) -> dict:
        """The network as modules return it."""
        prefixes = self.prefixes_of(row)
        parent = self.by_id(row["parent_id"]) if row["parent_id"] else None
        doc = {
            "id": row["id"],
            "name": row["name"],
            "partition": row["partition_id"],
            "project": row["project"],
            "type": row["kind"],
            "namespace": row["namespace"],
            "parent": parent["name"] if parent else None,
            "description": row["description"],
            "labels": json.loads(row["labels"]),
            "prefixes": [p["cidr"] for p in prefixes],
            "destination_prefixes": json.loads(row["destination_prefixes"]),
            "default_child_prefix_length": json.loads(row["default_child_lengths"]),
            "vrf": row["vrf"],
            "vrf_shared": bool(row["vrf_shared"]),
            "nat": bool(row["nat"]),
            "shared": bool(row["shared"]),
        }
        if with_usage:
            doc["usage"] = network_usage((p["family"], self.ipam.usage(p)) for p in prefixes)
            doc["created_at"] = row["created_at"]
            doc["updated_at"] = row["updated_at"]
        return doc

    def _state(self, row) -> dict:
        """What the diff and the audit log show of a network (no counters, no timestamps)."""
        return self.document(row, with_usage=False)

    # -- present ---------------------------------------------------------------------------------------------
    def ensure_present(self, spec: dict) -> dict:
        """Create or update the network described by ``spec`` (module parameters); return its document."""
        network_type = spec.get("type") or ("child" if spec.get("project") else "external")
        if network_type not in NETWORK_TYPES:
            raise ValidationError("type", "unknown network type %r, expected one of %s" % (network_type, ", ".join(NETWORK_TYPES)))
        name = spec.get("name") or ""
        if not name:
            raise ValidationError("name", "a network needs a name")
        check_network_options(spec)
        partition = spec.get("partition") or ""
        project = spec.get("project") or ""
        if network_type != "child" and project:
            raise ValidationError("project", "only child networks belong to a project; %s networks do not" % network_type)
        row = self.find(name, partition, project)
        if row is not None and row["kind"] != network_type:
            raise ConflictError("type: network %r is a %s network; its type cannot change to %s" % (name, row["kind"], network_type))
        if network_type == "child":
            row = self._ensure_child(row, spec, name, partition, project)
        else:
            row = self._ensure_super(row, spec, network_type, name, partition)
        return self.document(row)

    def _ensure_super(self, row, spec, network_type, name, partition):
        prefixes = nv.parse_prefix_list(spec.get("prefixes"), "prefixes") if spec.get("prefixes") is not None else None
        if row is None and not prefixes:
            raise ValidationError("prefixes", "a %s network needs at least one prefix" % network_type)
        effective_prefixes = prefixes if prefixes is not None else [pm.parse_prefix(p["cidr"]) for p in self.prefixes_of(row)]
        destination = spec.get("destination_prefixes")
        if destination is not None:
            nv.check_destination_families(effective_prefixes, nv.parse_prefix_list(destination, "destination_prefixes", canonical=False))
        lengths = nv.parse_length_map(spec.get("default_child_prefix_length"), "default_child_prefix_length")
        self._check_type_rules(network_type, partition, effective_prefixes, lengths, spec, row)
        if row is None:
            return self._create_super(spec, network_type, name, partition, prefixes, lengths)
        return self._update_super(row, spec, prefixes, lengths)

    def _check_type_rules(self, network_type, partition, prefixes, lengths, spec, row):
        if network_type == "super_namespaced" and partition:
            raise ValidationError("partition", "a super_namespaced network belongs to no partition")
        if network_type == "private_super" and not partition:
            raise ValidationError("partition", "a private_super network belongs to a partition")
        if network_type in PARENT_TYPES:
            if lengths or row is None:
                nv.check_private_super_lengths(prefixes, lengths)
        elif lengths:
            raise ValidationError("default_child_prefix_length", "only private_super networks have default child prefix lengths")
        if network_type == "underlay":
            if not partition:
                raise ValidationError("partition", "an underlay network belongs to a partition")
            if any(p.version != 4 for p in prefixes):
                raise ValidationError("prefixes", "an underlay network is IPv4 only")
        if network_type in ("private_super", "super_namespaced", "underlay"):
            if spec.get("nat"):
                raise ValidationError("nat", "a %s network cannot NAT" % network_type)
        if network_type in ("private_super", "underlay"):
            other = self.tx.query_one("SELECT name FROM networks WHERE partition_id = ? AND kind = ? AND id <> ?",
                                      (partition, network_type, row["id"] if row else ""))
            if other is not None:
                raise ConflictError("type: partition %r already has a %s network: %r" % (partition, network_type, other["name"]))

    def _check_no_overlap(self, network, partition):
        """Root prefixes must not overlap within a partition, nor with partition-less networks (and vice versa)."""
        start, end = pm.prefix_bounds(network)
        sql = ("SELECT p.cidr, n.name, n.partition_id FROM prefixes p JOIN networks n ON n.id = p.network_id"
               " WHERE p.parent_prefix_id IS NULL AND p.namespace = ? AND p.family = ? AND p.start_key <= ? AND p.end_key >= ?")
        params = [ROOT_NAMESPACE, network.version, pm.to_key(end), pm.to_key(start)]
        if partition:
            sql, params = sql + " AND p.scope IN (?, '')", params + [partition]
        for clash in self.tx.query(sql + " ORDER BY p.start_key", params):
            raise ConflictError("prefixes: %s overlaps %s of network %r%s" % (
                network, clash["cidr"], clash["name"], " (partition %s)" % clash["partition_id"] if clash["partition_id"] else ""))

    def _take_vrf(self, vrf, shared: bool) -> bool:
        """Reserve an explicit VRF id; returns whether it came out of the child pool."""
        if vrf is None:
            return False
        holder = self.tx.query_one("SELECT name FROM networks WHERE vrf = ? AND vrf_shared = ?", (vrf, False))
        if holder is not None and not shared:
            raise ConflictError("vrf: VRF %d is already held by network %r (set vrf_shared to share it)" % (vrf, holder["name"]))
        if VRF_RANGE[0] <= vrf <= VRF_RANGE[1] and not shared:
            return FreeRanges(self.tx, VRF_POOL).take(vrf)
        return False

    def _create_super(self, spec, network_type, name, partition, prefixes, lengths):
        for prefix in prefixes:
            self._check_no_overlap(prefix, partition)
        vrf = spec.get("vrf")
        from_pool = self._take_vrf(vrf, bool(spec.get("vrf_shared")))
        network_id = network_id_for(partition, "", name)
        now = utc_now()
        self.tx.execute(
            "INSERT INTO networks (id, name, partition_id, project, kind, parent_id, description, labels, destination_prefixes,"
            " default_child_lengths, vrf, vrf_shared, vrf_from_pool, nat, shared, created_at, updated_at)"
            " VALUES (?, ?, ?, '', ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (network_id, name, partition, network_type, spec.get("description") or "", _json(spec.get("labels") or {}),
             _json(spec.get("destination_prefixes") or []), _json(nv.format_length_map(lengths)), vrf,
             bool(spec.get("vrf_shared")), from_pool, bool(spec.get("nat")), bool(spec.get("shared")), now, now))
        for prefix in prefixes:
            self._ipam(partition).new_prefix(str(prefix), network_id=network_id)
        row = self.by_id(network_id)
        self.tx.record("network", network_label(row), "create", None, self._state(row))
        return row

    def _update_super(self, row, spec, prefixes, lengths):
        before = self._state(row)
        if spec.get("vrf") is not None and spec.get("vrf") != row["vrf"]:
            raise ConflictError("vrf: the VRF of network %r is %s and cannot be changed" % (row["name"], row["vrf"]))
        if prefixes is not None:
            self._reconcile_prefixes(row, prefixes)
        changes = self._attribute_changes(row, spec)
        if lengths and nv.format_length_map(lengths) != json.loads(row["default_child_lengths"]):
            changes["default_child_lengths"] = _json(nv.format_length_map(lengths))
        return self._apply_changes(row, before, changes)

    def _reconcile_prefixes(self, row, wanted):
        current = {p["cidr"]: p for p in self.prefixes_of(row)}
        wanted_texts = [str(p) for p in wanted]
        ipam = self._ipam(row["partition_id"])
        for prefix in wanted:
            if str(prefix) not in current:
                self._check_no_overlap(prefix, row["partition_id"])
                ipam.new_prefix(str(prefix), network_id=row["id"])
        for cidr, prefix_row in current.items():
            if cidr not in wanted_texts:
                if prefix_row["acquired_ips"] or prefix_row["child_count"]:
                    raise ConflictError("prefixes: prefix %s of network %r is in use (%d IPs, %d child prefixes) and cannot be removed"
                                        % (cidr, row["name"], prefix_row["acquired_ips"], prefix_row["child_count"]))
                ipam.delete_prefix(cidr)

    def _attribute_changes(self, row, spec) -> dict:
        changes = {}
        if spec.get("description") is not None and spec["description"] != row["description"]:
            changes["description"] = spec["description"]
        for option, column in (("labels", "labels"), ("destination_prefixes", "destination_prefixes")):
            if spec.get(option) is not None and spec[option] != json.loads(row[column]):
                changes[column] = _json(spec[option])
        for flag in ("nat", "shared"):
            if spec.get(flag) is not None and bool(spec[flag]) != bool(row[flag]):
                changes[flag] = bool(spec[flag])
        return changes

    def _apply_changes(self, row, before, changes):
        if changes:
            self.tx.update_row("networks", ("id", row["id"]), changes, utc_now())
        row = self.by_id(row["id"])
        after = self._state(row)
        if after != before:
            self.tx.record("network", network_label(row), "update", before, after)
        return row

    # -- child networks --------------------------------------------------------------------------------------
    def _parent_for(self, spec, partition):
        if spec.get("parent"):
            try:
                parent = self.resolve(spec["parent"], partition=partition or None, project="", field="parent")
            except NotFoundError:
                if not partition:
                    raise
                parent = self.resolve(spec["parent"], partition="", project="", field="parent")
        else:
            if not partition:
                raise ValidationError("partition", "a child network is allocated in a partition: give partition")
            parent = self.tx.query_one("SELECT * FROM networks WHERE partition_id = ? AND kind = 'private_super'", (partition,))
            if parent is None:
                raise NotFoundError("partition: partition %r has no private_super network to allocate child networks from" % partition)
        if parent["kind"] not in PARENT_TYPES:
            raise ValidationError("parent", "network %r is a %s network; child networks come from a private_super or"
                                  " super_namespaced network" % (parent["name"], parent["kind"]))
        return parent

    def _wanted_lengths(self, spec, parent, parent_prefixes) -> dict:
        lengths = {pm.FAMILIES_BY_NAME[k.lower()]: v for k, v in json.loads(parent["default_child_lengths"]).items()}
        requested = spec.get("length")
        if isinstance(requested, str) and requested.strip().isdigit():
            requested = int(requested)
        if requested is not None and not isinstance(requested, (int, dict)) or isinstance(requested, bool):
            raise ValidationError("length", "expected a prefix length or a dict per address family, got %r" % (requested,))
        if isinstance(requested, int):
            requested = {pm.FAMILY_NAMES[f]: requested for f in lengths} if not spec.get("address_family") else \
                {pm.FAMILY_NAMES[pm.family_from_name(spec["address_family"])]: requested}
        override = nv.parse_length_map(requested, "length")
        nv.check_lengths_longer(parent_prefixes, override, "length")
        lengths.update(override)
        if spec.get("address_family"):
            family = pm.family_from_name(spec["address_family"])
            if family not in lengths:
                raise ValidationError("address_family", "network %r has no %s prefix to allocate from" % (parent["name"], pm.FAMILY_NAMES[family]))
            lengths = {family: lengths[family]}
        return lengths

    def _ensure_child(self, row, spec, name, partition, project):
        parent = self._parent_for(spec, partition) if row is None else self.by_id(row["parent_id"])
        parent_prefix_rows = self.prefixes_of(parent)
        lengths = self._wanted_lengths(spec, parent, [pm.parse_prefix(p["cidr"]) for p in parent_prefix_rows])
        if row is not None:
            self._check_child_unchanged(row, lengths, spec)
            return self._apply_changes(row, self._state(row), self._attribute_changes(row, spec))
        network_id = network_id_for(partition, project, name)
        namespace = project if parent["kind"] == "super_namespaced" else ROOT_NAMESPACE
        if namespace != ROOT_NAMESPACE:
            parent_prefix_rows = self._namespace_copies(parent, parent_prefix_rows, namespace)
        vrf = FreeRanges(self.tx, VRF_POOL).take_lowest()
        if vrf is None:
            raise ExhaustedError("vrf: the VRF pool %d-%d is exhausted" % VRF_RANGE)
        now = utc_now()
        self.tx.execute(
            "INSERT INTO networks (id, name, partition_id, project, kind, parent_id, description, labels, destination_prefixes,"
            " default_child_lengths, vrf, vrf_shared, vrf_from_pool, nat, shared, created_at, updated_at, namespace)"
            " VALUES (?, ?, ?, ?, 'child', ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)",
            (network_id, name, partition, project, parent["id"], spec.get("description") or "", _json(spec.get("labels") or {}),
             _json(spec.get("destination_prefixes") or []), vrf, False, True, bool(spec.get("nat")), bool(spec.get("shared")), now, now,
             namespace))
        for family, length in sorted(lengths.items()):
            self._allocate_child_prefix(parent, parent_prefix_rows, family, length, network_id)
        row = self.by_id(network_id)
        self.tx.record("network", network_label(row), "create", None, self._state(row))
        return row

    def _namespace_copies(self, parent, parent_prefix_rows, namespace):
        """The super_namespaced ``parent``'s prefixes in the project's IPAM namespace, created on first use."""
        ipam = PrefixStore(self.tx, parent["partition_id"], write=self.write, namespace=namespace)
        ipam.create_namespace(namespace)
        copies = []
        for prefix_row in parent_prefix_rows:
            copies.append(ipam.find(prefix_row["cidr"]) or ipam.new_prefix(prefix_row["cidr"], network_id=parent["id"]))
        return copies

    def _release_namespace_copies(self, parent, namespace):
        """Drop the parent's copies from a project's namespace once no child uses them, then the namespace."""
        ipam = PrefixStore(self.tx, parent["partition_id"], write=self.write, namespace=namespace)
        copies = self.tx.query("SELECT * FROM prefixes WHERE network_id = ? AND namespace = ?", (parent["id"], namespace))
        if any(c["child_count"] or c["acquired_ips"] for c in copies):
            return
        for copy in copies:
            ipam.delete_prefix(copy["cidr"])
        if not ipam.cidrs():
            ipam.delete_namespace(namespace)

    def _allocate_child_prefix(self, parent, parent_prefix_rows, family, length, network_id):
        errors = []
        for prefix_row in parent_prefix_rows:
            if prefix_row["family"] != family:
                continue
            ipam = store_for_prefix(self.tx, prefix_row, write=self.write)
            try:
                return ipam.acquire_child_prefix(ipam.by_id(prefix_row["id"]), length, network_id=network_id)
            except (ExhaustedError, ConflictError) as exc:
                errors.append(exc.reason)
        raise ExhaustedError("length: no free %s child prefix of length %d left in network %r: %s"
                             % (pm.FAMILY_NAMES[family], length, parent["name"], "; ".join(errors) or "no prefix of that family"))

    def _check_child_unchanged(self, row, lengths, spec):
        have = {p["family"]: p["length"] for p in self.prefixes_of(row)}
        explicit = spec.get("length") is not None or spec.get("address_family") is not None
        if explicit and have != lengths:
            raise ConflictError("length: child network %r already has the prefixes %s; remove it to allocate different ones"
                                % (row["name"], ", ".join(p["cidr"] for p in self.prefixes_of(row))))

    # -- absent ----------------------------------------------------------------------------------------------
    def ensure_absent(self, name: str, partition: str = "", project: str = "", force: bool = False):
        row = self.find(name, partition, project)
        if row is None:
            return None
        refuse_removal_if_machines_use(self.tx, row, self._subtree(row))
        self._delete(row, force)
        return row

    def _subtree(self, row) -> list:
        """``row`` and its child networks, recursively (parents first)."""
        networks = [row]
        for child in self.children_of(row):
            networks.extend(self._subtree(child))
        return networks

    def _delete(self, row, force: bool):
        before = self._state(row)
        children = self.children_of(row)
        if children and not force:
            raise ConflictError("name: network %r still has %d child networks (%s); set force to remove them too"
                                % (row["name"], len(children), ", ".join(c["name"] for c in children[:5])))
        for child in children:
            self._delete(child, force)
        prefixes = self.prefixes_of(row)
        held = sum(p["acquired_ips"] for p in prefixes)
        if held and not force:
            raise ConflictError("name: network %r still holds %d IPs; release them or set force" % (row["name"], held))
        for prefix in prefixes:
            ipam = store_for_prefix(self.tx, prefix, write=self.write)
            for ip_row in self.tx.query("SELECT * FROM ips WHERE prefix_id = ?", (prefix["id"],)):
                ipam.release_ip_row(ip_row)
                self.tx.record("ip", ip_label(ip_row, row), "release", ip_state(ip_row, row), None)
            current = ipam.by_id(prefix["id"])
            if current["parent_prefix_id"]:
                ipam.release_child_prefix(current["cidr"])
            else:
                ipam.delete_prefix(current["cidr"])
        if row["namespace"] != ROOT_NAMESPACE and row["parent_id"]:
            self._release_namespace_copies(self.by_id(row["parent_id"]), row["namespace"])
        if row["vrf"] is not None and row["vrf_from_pool"]:
            FreeRanges(self.tx, VRF_POOL).give_back(row["vrf"])
        self.tx.execute("DELETE FROM networks WHERE id = ?", (row["id"],))
        self.tx.record("network", network_label(row), "delete", before, None)


def check_network_options(spec: dict) -> None:
    """The bounds of a network's names, texts and VRF (``_common.limits``), before anything is looked up."""
    limits.check_identifier(spec["name"], "name")
    for option in ("partition", "project", "parent"):
        limits.check_optional_identifier(spec.get(option), option)
    if spec.get("description") is not None:
        limits.check_description(spec["description"])
    if spec.get("labels") is not None:
        limits.check_labels(spec["labels"])
    limits.check_optional_int(spec.get("vrf"), "vrf", limits.VRF_RANGE, "VRF")


def _looks_like_id(reference: str) -> bool:
    try:
        uuid.UUID(str(reference))
    except ValueError:
        return False
    return True


def _json(value) -> str:
    return json.dumps(value, sort_keys=True)
