# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Free-interval bookkeeping for any pool of integers: addresses of a prefix, VRF ids, ASNs.

Private to the metalfleet.datacenter collection; not a public API.

A pool is an ``owner`` string; its free values are stored as non-overlapping
inclusive intervals ``[start, end]`` in the ``free_ranges`` table, keyed by
fixed-width hex text so 128-bit addresses work on both backends.  Taking the
lowest free value, taking a given value and giving one back are each a few
indexed statements: the cost does not depend on the size of the pool nor on
how many values are held (no enumeration, no scan).
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefix_math import from_key, to_key


class FreeRanges:
    """The free values of one pool, inside the caller's transaction (the caller holds the pool's lock)."""

    def __init__(self, tx, owner: str):
        self.tx = tx
        self.owner = owner

    def add_interval(self, start: int, end: int) -> None:
        """Declare ``[start, end]`` free (used when a pool is created; no merging)."""
        if start <= end:
            self.tx.execute("INSERT INTO free_ranges (owner, start_key, end_key) VALUES (?, ?, ?)",
                            (self.owner, to_key(start), to_key(end)))

    def drop(self) -> None:
        self.tx.execute("DELETE FROM free_ranges WHERE owner = ?", (self.owner,))

    def lowest(self) -> int | None:
        row = self.tx.query_one(
            "SELECT start_key FROM free_ranges WHERE owner = ? ORDER BY start_key LIMIT 1", (self.owner,))
        return from_key(row["start_key"]) if row else None

    def take_lowest(self) -> int | None:
        """Remove and return the lowest free value, or None when the pool is exhausted."""
        row = self.tx.query_one(
            "SELECT start_key, end_key FROM free_ranges WHERE owner = ? ORDER BY start_key LIMIT 1", (self.owner,))
        if row is None:
            return None
        value = from_key(row["start_key"])
        self._shrink_front(row, value)
        return value

    def _containing(self, value: int):
        row = self.tx.query_one(
            "SELECT start_key, end_key FROM free_ranges WHERE owner = ? AND start_key <= ? ORDER BY start_key DESC LIMIT 1",
            (self.owner, to_key(value)))
        if row is None or from_key(row["end_key"]) < value:
            return None
        return row

    def is_free(self, value: int) -> bool:
        return self._containing(value) is not None

    def take(self, value: int) -> bool:
        """Remove ``value`` from the free set; False when it was not free."""
        row = self._containing(value)
        if row is None:
            return False
        start, end = from_key(row["start_key"]), from_key(row["end_key"])
        if value == start:
            self._shrink_front(row, value)
        elif value == end:
            self.tx.execute("UPDATE free_ranges SET end_key = ? WHERE owner = ? AND start_key = ?",
                            (to_key(value - 1), self.owner, row["start_key"]))
        else:
            self.tx.execute("UPDATE free_ranges SET end_key = ? WHERE owner = ? AND start_key = ?",
                            (to_key(value - 1), self.owner, row["start_key"]))
            self.add_interval(value + 1, end)
        return True

    def _shrink_front(self, row, value: int) -> None:
        if from_key(row["end_key"]) == value:
            self.tx.execute("DELETE FROM free_ranges WHERE owner = ? AND start_key = ?", (self.owner, row["start_key"]))
        else:
            self.tx.execute("UPDATE free_ranges SET start_key = ? WHERE owner = ? AND start_key = ?",
                            (to_key(value + 1), self.owner, row["start_key"]))

    def give_back(self, value: int) -> None:
        """Return ``value`` to the free set, merging with the neighbouring intervals."""
        left = self.tx.query_one("SELECT start_key FROM free_ranges WHERE owner = ? AND end_key = ?",
                                 (self.owner, to_key(value - 1))) if value > 0 else None
        right = self.tx.query_one("SELECT end_key FROM free_ranges WHERE owner = ? AND start_key = ?",
                                  (self.owner, to_key(value + 1)))
        if left and right:
            self.tx.execute("DELETE FROM free_ranges WHERE owner = ? AND start_key = ?", (self.owner, to_key(value + 1)))
            self.tx.execute("UPDATE free_ranges SET end_key = ? WHERE owner = ? AND start_key = ?",
                            (right["end_key"], self.owner, left["start_key"]))
        elif left:
            self.tx.execute("UPDATE free_ranges SET end_key = ? WHERE owner = ? AND start_key = ?",
                            (to_key(value), self.owner, left["start_key"]))
        elif right:
            self.tx.execute("UPDATE free_ranges SET start_key = ? WHERE owner = ? AND start_key = ?",
                            (to_key(value), self.owner, to_key(value + 1)))
        else:
            self.add_interval(value, value)
