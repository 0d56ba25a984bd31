# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The space a prefix has left for child prefixes, kept as its maximal aligned free blocks.

Private to the metalfleet.datacenter collection; not a public API.

Every prefix has rows in ``child_blocks``: the aligned CIDR blocks that are
free of child prefixes and not part of a larger free aligned block (one block,
the prefix itself, while it has no children).  These are exactly the blocks
``prefix_math.free_blocks`` computes from the children, kept up to date like a
buddy allocator:

* taking a child out of a free block removes the block and adds the halves
  split off on the way down (one per length between the block's and the
  child's);
* giving a child back merges it with its buddy as long as the buddy is a free
  block of the same length.

So go-ipam's best fit (the smallest free block that holds the length, lowest
address on ties) is one indexed query, and the cost of acquiring or releasing
a child prefix is bounded by the address length, not by how many children the
prefix holds.
"""
from __future__ import annotations

import ipaddress

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm


def address_bits(family: int) -> int:
    return 32 if family == 4 else 128


def split_off(block_start: int, block_length: int, child_start: int, child_length: int, bits: int) -> list:
    """The (start, length) blocks that stay free when the aligned child is taken out of the aligned block holding it."""
    remaining = []
    for length in range(block_length + 1, child_length + 1):
        size = 1 << (bits - length)
        node = child_start & ~(size - 1)
        remaining.append((node ^ size, length))
    return remaining


def as_network(family: int, start: int, length: int):
    address = ipaddress.IPv4Address(start) if family == 4 else ipaddress.IPv6Address(start)
    return ipaddress.ip_network((address, length))


class ChildBlocks:
    """The free blocks of one prefix (``row``: its ``prefixes`` row), inside the caller's transaction and IPAM lock."""

    def __init__(self, tx, row):
        self.tx = tx
        self.row = row
        self.bits = address_bits(row["family"])

    def create(self) -> None:
        """A new prefix: all of it is free."""
        self._insert([(pm.from_key(self.row["start_key"]), self.row["length"])])

    def drop(self) -> None:
        self.tx.execute("DELETE FROM child_blocks WHERE prefix_id = ?", (self.row["id"],))

    def best_fit(self, length: int):
        """The smallest free block that can hold a ``/length`` (lowest address on ties), as (start, length), or None."""
        found = self.tx.query_one(
            "SELECT start_key, length FROM child_blocks WHERE prefix_id = ? AND length <= ?"
            " ORDER BY length DESC, start_key LIMIT 1", (self.row["id"], length))
        return (pm.from_key(found["start_key"]), found["length"]) if found else None

    def holding(self, start: int, length: int):
        """The free block that contains the aligned ``start/length``, as (start, length), or None when it is not free."""
        found = self.tx.query_one(
            "SELECT start_key, length FROM child_blocks WHERE prefix_id = ? AND start_key <= ? ORDER BY start_key DESC LIMIT 1",
            (self.row["id"], pm.to_key(start)))
        if found is None or found["length"] > length:
            return None
        block_start, block_length = pm.from_key(found["start_key"]), found["length"]
        if start + (1 << (self.bits - length)) > block_start + (1 << (self.bits - block_length)):
            return None
        return block_start, block_length

    def all(self) -> list:
        """Every free block as a network, lowest address first."""
        rows = self.tx.query("SELECT start_key, length FROM child_blocks WHERE prefix_id = ? ORDER BY start_key", (self.row["id"],))
        return [as_network(self.row["family"], pm.from_key(r["start_key"]), r["length"]) for r in rows]

    def take(self, block, child_start: int, child_length: int) -> None:
        """Take the child ``child_start/child_length`` out of the free ``block`` (from :meth:`best_fit` or :meth:`holding`)."""
        self.tx.execute("DELETE FROM child_blocks WHERE prefix_id = ? AND start_key = ?", (self.row["id"], pm.to_key(block[0])))
        self._insert(split_off(block[0], block[1], child_start, child_length, self.bits))

    def give_back(self, start: int, length: int) -> None:
        """Return the child ``start/length``, merged with its free buddies up to the prefix itself."""
        while length > self.row["length"]:
            buddy = start ^ (1 << (self.bits - length))
            found = self.tx.query_one("SELECT length FROM child_blocks WHERE prefix_id = ? AND start_key = ?",
                                      (self.row["id"], pm.to_key(buddy)))
            if found is None or found["length"] != length:
                break
            self.tx.execute("DELETE FROM child_blocks WHERE prefix_id = ? AND start_key = ?", (self.row["id"], pm.to_key(buddy)))
            start, length = min(start, buddy), length - 1
        self._insert([(start, length)])

    def _insert(self, blocks) -> None:
        if blocks:
            self.tx.executemany("INSERT INTO child_blocks (prefix_id, length, start_key) VALUES (?, ?, ?)",
                                [(self.row["id"], length, pm.to_key(start)) for start, length in blocks])


def backfill(backend, cursor) -> None:
    """Migration step: the free blocks of every existing prefix, computed from its children (``prefix_math``)."""
    cursor.execute("SELECT id, cidr FROM prefixes ORDER BY id")
    prefixes = backend.rows(cursor)
    cursor.execute("SELECT parent_prefix_id, start_key, end_key FROM prefixes WHERE parent_prefix_id IS NOT NULL")
    children = {}
    for child in backend.rows(cursor):
        children.setdefault(child["parent_prefix_id"], []).append((pm.from_key(child["start_key"]), pm.from_key(child["end_key"])))
    rows = []
    for prefix in prefixes:
        for block in pm.free_blocks(pm.parse_prefix(prefix["cidr"]), children.get(prefix["id"], [])):
            rows.append((prefix["id"], block.prefixlen, pm.to_key(int(block.network_address))))
    if rows:
        cursor.executemany(backend.adapt("INSERT INTO child_blocks (prefix_id, length, start_key) VALUES (?, ?, ?)"), rows)
