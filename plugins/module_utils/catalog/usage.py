# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who uses a catalog entry: the check behind "removing a size or image that machines use fails".

Private to the metalfleet.datacenter collection; not a public API.

Catalog entries are referenced by other entities:

* machines reference a partition, a size and an image through the columns
  ``partition_id``, ``size_id`` and ``image_id`` of the ``machines`` table (added by
  a later migration; until it exists nothing uses a size or image);
* size reservations name partitions (``size_reservations.partitions``, a JSON list);
* networks belong to a partition (``networks.partition_id``).

Every function runs inside the caller's transaction and returns human-readable
descriptions of the users (``machine m-1``), sorted, at most ``limit`` of them;
an empty list means the entry may be removed.

Public functions::

    table_exists(tx, table: str) -> bool
    machines_using(tx, column: str, value: str, limit: int = 10) -> list[str]
    size_users(tx, size_id: str) -> list[str]
    image_users(tx, image_id: str) -> list[str]
    partition_users(tx, partition_id: str) -> list[str]
    describe_users(users) -> str        # "machine m-1, machine m-2, machine m-3 and 4 more"
"""
from __future__ import annotations

import json

MACHINES_TABLE = "machines"
MACHINE_REFERENCE_COLUMNS = ("partition_id", "size_id", "image_id")
DEFAULT_LIMIT = 10


def table_exists(tx, table: str) -> bool:
    """Whether ``table`` exists in the store (works on both backends)."""
    if tx.backend.name == "sqlite":
        row = tx.query_one("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        return row is not None
    row = tx.query_one("SELECT to_regclass(?) AS name", (table,))
    return row is not None and row["name"] is not None


def machines_using(tx, column: str, value: str, limit: int = DEFAULT_LIMIT) -> list:
    """Machines whose ``column`` (one of ``partition_id``, ``size_id``, ``image_id``) is ``value``."""
    if column not in MACHINE_REFERENCE_COLUMNS:
        raise ValueError("machines are not referenced through %r" % column)
    if not table_exists(tx, MACHINES_TABLE):
        return []
    rows = tx.query("SELECT id FROM %s WHERE %s = ? ORDER BY id LIMIT %d" % (MACHINES_TABLE, column, limit + 1), (value,))
    return ["machine %s" % row["id"] for row in rows]


def size_users(tx, size_id: str) -> list:
    return machines_using(tx, "size_id", size_id)


def image_users(tx, image_id: str) -> list:
    return machines_using(tx, "image_id", image_id)


def partition_users(tx, partition_id: str) -> list:
    """Machines, switches, networks and size reservations of the partition."""
    users = machines_using(tx, "partition_id", partition_id)
    if table_exists(tx, "switches"):
        rows = tx.query("SELECT name FROM switches WHERE partition_id = ? ORDER BY name LIMIT %d" % (DEFAULT_LIMIT + 1), (partition_id,))
        users += ["switch %s" % row["name"] for row in rows]
    networks = tx.query("SELECT name, project FROM networks WHERE partition_id = ? ORDER BY project, name LIMIT %d"
                        % (DEFAULT_LIMIT + 1), (partition_id,))
    users += ["network %s" % ("%s/%s" % (row["project"], row["name"]) if row["project"] else row["name"]) for row in networks]
    for row in tx.query("SELECT size_id, project, partitions FROM size_reservations ORDER BY size_id, position"):
        if partition_id in json.loads(row["partitions"]):
            users.append("size reservation of size %s for project %s" % (row["size_id"], row["project"]))
    return users


def describe_users(users) -> str:
    """A short text naming the first three users and how many more there are (``10+`` when the list was cut)."""
    users = list(users)
    if len(users) <= 3:
        return ", ".join(users)
    more = "%d+" % (len(users) - 3) if len(users) > DEFAULT_LIMIT else "%d" % (len(users) - 3)
    return "%s and %s more" % (", ".join(users[:3]), more)
