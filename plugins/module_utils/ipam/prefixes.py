# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prefixes, addresses and child prefixes with go-ipam's observable behaviour, kept in the fleet store.

Private to the metalfleet.datacenter collection; not a public API.

:class:`PrefixStore` is the IPAM engine: the verbs of go-ipam (new prefix,
acquire/release IP, acquire/release child prefix, usage) over one scope
(networks use their partition) and one go-ipam namespace in it (default
``root``; create/list/delete like go-ipam's ``CreateNamespace``,
``ListNamespaces``, ``DeleteNamespace``).  Prefixes overlap only within one
namespace.  Differences from
go-ipam are listed in ``docs/deviations.md``; the important ones:

* the lowest free address comes from a free-interval table
  (``store.free_ranges``), so acquiring costs the same with 0 or 100,000
  addresses held and never enumerates address space;
* a prefix whose child prefixes were all released can hand out addresses
  again (go-ipam's ``isParent`` flag is sticky);
* the space left for child prefixes is kept as free aligned blocks
  (``ipam.child_blocks``), so a child-prefix acquire costs the same with 0 or
  10,000 children held.

All writers must hold the ``ipam`` lock of the transaction (``tx.lock``);
:meth:`PrefixStore.__init__` takes it for write use.
"""
from __future__ import annotations

import ipaddress

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    ExhaustedError,
    NotFoundError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.child_blocks import ChildBlocks
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.free_ranges import FreeRanges
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

IPAM_LOCK = "ipam"
#: go-ipam's default namespace; it always exists and cannot be deleted.
ROOT_NAMESPACE = "root"

PREFIX_COLUMNS = ("id, scope, namespace, cidr, family, length, start_key, end_key, network_id, parent_prefix_id, "
                  "acquired_ips, reserved_ips, child_count")


def scope_key(scope: str, namespace: str = ROOT_NAMESPACE) -> str:
    """The stored ``prefixes.scope`` of a namespace: the scope itself for root, ``<scope>@<namespace>`` otherwise."""
    return scope if namespace == ROOT_NAMESPACE else "%s@%s" % (scope, namespace)


def store_for_prefix(tx, prefix_row, write: bool = True) -> "PrefixStore":
    """The PrefixStore of the scope and namespace a stored prefix lives in."""
    namespace = prefix_row["namespace"]
    key = prefix_row["scope"]
    scope = key[:-len(namespace) - 1] if namespace != ROOT_NAMESPACE else key
    return PrefixStore(tx, scope, write=write, namespace=namespace)


def free_owner(prefix_id) -> str:
    return "prefix:%s" % prefix_id


class PrefixStore:
    """go-ipam verbs for one scope and namespace, inside a transaction."""

    def __init__(self, tx, scope: str = "", write: bool = True, namespace: str = ROOT_NAMESPACE):
        self.tx = tx
        self.scope = scope
        self.namespace = namespace or ROOT_NAMESPACE
        self.key = scope_key(scope, self.namespace)
        if write:
            tx.lock(IPAM_LOCK)

    # -- namespaces ------------------------------------------------------------------------------------------
    def namespace_exists(self, name: str) -> bool:
        return name == ROOT_NAMESPACE or self.tx.query_one(
            "SELECT name FROM ipam_namespaces WHERE scope = ? AND name = ?", (self.scope, name)) is not None

    def create_namespace(self, name: str) -> bool:
        """Create namespace ``name`` in this scope; idempotent.  Returns whether it was created."""
        if not name:
            raise ValidationError("namespace", "a namespace needs a name")
        if self.namespace_exists(name):
            return False
        self.tx.execute("INSERT INTO ipam_namespaces (scope, name, created_at) VALUES (?, ?, ?)", (self.scope, name, utc_now()))
        return True

    def list_namespaces(self) -> list:
        """Every namespace of this scope, root included, sorted."""
        rows = self.tx.query("SELECT name FROM ipam_namespaces WHERE scope = ?", (self.scope,))
        return sorted({ROOT_NAMESPACE} | {r["name"] for r in rows})

    def delete_namespace(self, name: str) -> None:
        """Delete namespace ``name``; refused for root and while it holds prefixes."""
        if name == ROOT_NAMESPACE:
            raise ConflictError("the %s namespace cannot be deleted" % ROOT_NAMESPACE)
        if not self.namespace_exists(name):
            raise NotFoundError("NamespaceDoesNotExist: namespace %s does not exist" % name)
        held = self.tx.query_one("SELECT COUNT(*) AS n FROM prefixes WHERE scope = ?", (scope_key(self.scope, name),))["n"]
        if held:
            raise ConflictError("namespace %s still holds %d prefixes, delete namespace not possible" % (name, held))
        self.tx.execute("DELETE FROM ipam_namespaces WHERE scope = ? AND name = ?", (self.scope, name))

    def _require_namespace(self):
        if not self.namespace_exists(self.namespace):
            raise NotFoundError("NamespaceDoesNotExist: namespace %s does not exist" % self.namespace)

    # -- lookups ---------------------------------------------------------------------------------------------
    def find(self, cidr: str, field: str = "prefix"):
        network = pm.parse_prefix(cidr, field)
        self._require_namespace()
        return self.tx.query_one("SELECT %s FROM prefixes WHERE scope = ? AND cidr = ?" % PREFIX_COLUMNS,
                                 (self.key, str(network)))

    def get(self, cidr: str, field: str = "prefix"):
        row = self.find(cidr, field)
        if row is None:
            raise NotFoundError("NotFound: unable to find prefix for cidr:%s" % cidr)
        return row

    def cidrs(self) -> list:
        """Every prefix cidr of this namespace, children included (go-ipam ``ReadAllPrefixCidrs``)."""
        self._require_namespace()
        return [r["cidr"] for r in self.tx.query("SELECT cidr FROM prefixes WHERE scope = ? ORDER BY family, start_key", (self.key,))]

    def by_id(self, prefix_id):
        return self.tx.query_one("SELECT %s FROM prefixes WHERE id = ?" % PREFIX_COLUMNS, (prefix_id,))

    def children(self, prefix_row) -> list:
        return self.tx.query(
            "SELECT %s FROM prefixes WHERE parent_prefix_id = ? ORDER BY start_key" % PREFIX_COLUMNS, (prefix_row["id"],))

    def overlapping(self, network) -> list:
        """Prefixes of this scope and namespace that overlap ``network`` (children included), lowest first."""
        start, end = pm.prefix_bounds(network)
        return self.tx.query(
            "SELECT %s FROM prefixes WHERE scope = ? AND family = ? AND start_key <= ? AND end_key >= ? ORDER BY start_key"
            % PREFIX_COLUMNS, (self.key, network.version, pm.to_key(end), pm.to_key(start)))

    # -- prefixes --------------------------------------------------------------------------------------------
    def new_prefix(self, cidr: str, network_id=None, field: str = "prefix", strict: bool = False):
        network = pm.parse_prefix(cidr, field, strict=strict)
        self._require_namespace()
        clash = self.overlapping(network)
        if clash:
            raise ConflictError("%s overlaps %s" % (network, clash[0]["cidr"]))
        return self._insert(network, network_id, parent_id=None)

    def _insert(self, network, network_id, parent_id, parent=None):
        """Store a new prefix; a child prefix lands in its parent's scope and namespace."""
        key, namespace = (parent["scope"], parent["namespace"]) if parent is not None else (self.key, self.namespace)
        start, end = pm.prefix_bounds(network)
        reserved = pm.reserved_addresses(network)
        prefix_id = self.tx.insert(
            "INSERT INTO prefixes (scope, namespace, cidr, family, length, start_key, end_key, network_id, parent_prefix_id,"
            " acquired_ips, reserved_ips, child_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?)",
            (key, namespace, str(network), network.version, network.prefixlen, pm.to_key(start), pm.to_key(end),
             network_id, parent_id, len(reserved), utc_now()))
        free = FreeRanges(self.tx, free_owner(prefix_id))
        first_host = start + 1
        last_host = end - 1 if network.version == 4 else end
        free.add_interval(first_host, last_host)
        ChildBlocks(self.tx, {"id": prefix_id, "family": network.version, "length": network.prefixlen,
                              "start_key": pm.to_key(start)}).create()
        return self.by_id(prefix_id)

    def delete_prefix(self, cidr: str):
        row = self.get(cidr)
        if row["acquired_ips"] > 0:
            raise ConflictError("prefix %s has ips, delete prefix not possible" % row["cidr"])
        if row["child_count"] > 0:
            raise ConflictError("prefix %s has child prefixes, delete prefix not possible" % row["cidr"])
        self._delete(row)
        return row

    def _delete(self, row):
        FreeRanges(self.tx, free_owner(row["id"])).drop()
        ChildBlocks(self.tx, row).drop()
        self.tx.execute("DELETE FROM prefixes WHERE id = ?", (row["id"],))

    # -- addresses -------------------------------------------------------------------------------------------
    def _check_can_hold_ips(self, row):
        if row["child_count"] > 0:
            raise ConflictError("prefix %s has childprefixes, acquire ip not possible" % row["cidr"])

    def acquire_ip(self, row, attrs=None):
        """Take the lowest free address of the prefix ``row``; return the new ``ips`` row."""
        self._check_can_hold_ips(row)
        value = FreeRanges(self.tx, free_owner(row["id"])).take_lowest()
        if value is None:
            raise ExhaustedError("NoIPAvailableError: no more ips in prefix: %s left, length of prefix.ips: %d"
                                 % (row["cidr"], row["acquired_ips"] + row["reserved_ips"]))
        return self._insert_ip(row, value, attrs)

    def acquire_specific_ip(self, row, address: str, attrs=None, field: str = "ip"):
        self._check_can_hold_ips(row)
        parsed = pm.parse_address(address, field)
        network = pm.parse_prefix(row["cidr"])
        if parsed.version != network.version or parsed not in network:
            raise ValidationError(field, "given ip:%s is not in %s" % (address, row["cidr"]))
        if not FreeRanges(self.tx, free_owner(row["id"])).take(int(parsed)):
            raise ConflictError("AlreadyAllocatedError: given ip:%s is already allocated" % parsed)
        return self._insert_ip(row, int(parsed), attrs)

    def _insert_ip(self, row, value: int, attrs=None):
        attrs = attrs or {}
        address = str(_address_of(row["family"], value))
        now = utc_now()
        ip_row = self.tx.query_one(
            "INSERT INTO ips (prefix_id, network_id, address, addr_key, family, name, description, project, type, tags,"
            " machine_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (row["id"], row["network_id"], address, pm.to_key(value), row["family"], attrs.get("name", ""),
             attrs.get("description", ""), attrs.get("project", ""), attrs.get("type", "ephemeral"),
             attrs.get("tags_json", "[]"), attrs.get("machine_id"), now, now))
        self.tx.execute("UPDATE prefixes SET acquired_ips = acquired_ips + 1 WHERE id = ?", (row["id"],))
        return ip_row

    def find_ip(self, row, address: str):
        try:
            parsed = pm.parse_address(address)
        except ValidationError:
            return None
        if parsed.version != row["family"]:
            return None
        return self.tx.query_one("SELECT * FROM ips WHERE prefix_id = ? AND addr_key = ?", (row["id"], pm.to_key(int(parsed))))

    def release_ip(self, row, address: str):
        ip_row = self.find_ip(row, address)
        if ip_row is None:
            raise NotFoundError("NotFound: unable to release ip:%s because it is not allocated in prefix:%s"
                                % (address, row["cidr"]))
        self.release_ip_row(ip_row)
        return ip_row

    def release_ip_row(self, ip_row):
        self.tx.execute("DELETE FROM ips WHERE id = ?", (ip_row["id"],))
        self.tx.execute("UPDATE prefixes SET acquired_ips = acquired_ips - 1 WHERE id = ?", (ip_row["prefix_id"],))
        FreeRanges(self.tx, free_owner(ip_row["prefix_id"])).give_back(pm.from_key(ip_row["addr_key"]))

    # -- child prefixes --------------------------------------------------------------------------------------
    def _check_can_hold_children(self, parent, length: int):
        if length <= parent["length"]:
            raise ValidationError("length", "given length:%d must be greater than prefix length:%d" % (length, parent["length"]))
        if length > (32 if parent["family"] == 4 else 128):
            raise ValidationError("length", "given length:%d is longer than an address of %s"
                                  % (length, pm.FAMILY_NAMES[parent["family"]]))
        if parent["acquired_ips"] > 0:
            raise ConflictError("prefix %s has ips, acquire child prefix not possible" % parent["cidr"])

    def _child_spans(self, parent) -> list:
        """The children of ``parent`` as (first, last) integer spans, from the stored keys (no parsing)."""
        rows = self.tx.query("SELECT start_key, end_key FROM prefixes WHERE parent_prefix_id = ? ORDER BY start_key", (parent["id"],))
        return [(pm.from_key(r["start_key"]), pm.from_key(r["end_key"])) for r in rows]

    def _best_fit(self, parent, length: int):
        """go-ipam's best fit: the first ``/length`` of the smallest free block that holds one; (child, block)."""
        self._check_can_hold_children(parent, length)
        blocks = ChildBlocks(self.tx, parent)
        block = blocks.best_fit(length)
        if block is None:
            free = blocks.all()
            if free:
                listed = ",".join(str(b) for b in free)
                raise ExhaustedError("no prefix found in %s with length:%d, but %s %s available"
                                     % (parent["cidr"], length, listed, "is" if len(free) == 1 else "are"))
            raise ExhaustedError("no prefix found in %s with length:%d" % (parent["cidr"], length))
        return pm.parse_prefix("%s/%d" % (_address_of(parent["family"], block[0]), length)), block

    def choose_child_prefix(self, parent, length: int):
        """The prefix ``acquire_child_prefix`` would take (best fit), without taking it."""
        return self._best_fit(parent, length)[0]

    def acquire_child_prefix(self, parent, length: int, network_id=None):
        chosen, block = self._best_fit(parent, length)
        return self._attach_child(parent, chosen, block, network_id)

    def acquire_specific_child_prefix(self, parent, child_cidr: str, network_id=None, field: str = "prefix"):
        child = pm.parse_prefix(child_cidr, field)
        self._check_can_hold_children(parent, child.prefixlen)
        block = None
        if child.version == parent["family"]:
            block = ChildBlocks(self.tx, parent).holding(int(child.network_address), child.prefixlen)
        if block is None:
            raise ConflictError("specific prefix %s is not available in prefix %s" % (child_cidr, parent["cidr"]))
        return self._attach_child(parent, child, block, network_id)

    def _attach_child(self, parent, child, block, network_id):
        ChildBlocks(self.tx, parent).take(block, int(child.network_address), child.prefixlen)
        self.tx.execute("UPDATE prefixes SET child_count = child_count + 1 WHERE id = ?", (parent["id"],))
        return self._insert(child, network_id, parent_id=parent["id"], parent=parent)

    def release_child_prefix(self, cidr: str):
        child = self.get(cidr)
        parent = self.by_id(child["parent_prefix_id"]) if child["parent_prefix_id"] else None
        if parent is None:
            raise NotFoundError("NotFound: unable to find prefix for cidr:%s (it is not a child prefix)" % child["cidr"])
        if child["acquired_ips"] > 0:
            raise ConflictError("prefix %s has ips, deletion not possible" % child["cidr"])
        if child["child_count"] > 0:
            raise ConflictError("prefix %s has child prefixes, deletion not possible" % child["cidr"])
        self._delete(child)
        ChildBlocks(self.tx, parent).give_back(pm.from_key(child["start_key"]), child["length"])
        self.tx.execute("UPDATE prefixes SET child_count = child_count - 1 WHERE id = ?", (parent["id"],))
        return child

    # -- usage -----------------------------------------------------------------------------------------------
    def usage(self, row) -> dict:
        """go-ipam ``Prefix.Usage()`` numbers for one prefix."""
        network = pm.parse_prefix(row["cidr"])
        taken = self._child_spans(row) if row["child_count"] else []
        blocks = pm.available_prefix_blocks(network, taken)
        return {
            "available_ips": pm.available_ips(network),
            "acquired_ips": row["acquired_ips"] + row["reserved_ips"],
            "available_smallest_prefixes": pm.available_smallest_prefixes(network, taken),
            "available_prefixes": [str(b) for b in blocks],
            "acquired_prefixes": row["child_count"],
        }


def _address_of(family: int, value: int):
    return ipaddress.IPv4Address(value) if family == 4 else ipaddress.IPv6Address(value)
