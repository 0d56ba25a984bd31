# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A fingerprint of a store's content, to tell whether a store already holds what a backup holds.

Private to the metalfleet.datacenter collection; not a public API.

The digest covers every row of every table except the audit log (a restore
adds its own audit entry after restoring, and the history is not "content").
Rows are compared as text, order-independent.  Values are typed per backend
(SQLite keeps booleans as 0/1), so the plain digest is only compared between
stores of the same backend; the *portable* digest maps booleans to 0/1 and is
what compares an SQLite backup with the PostgreSQL store it moved into
(``backup_move``).
"""
from __future__ import annotations

import hashlib
import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import ENTITY_TABLES

#: not content: the history (see the module docstring) and SQLite's own bookkeeping.
EXCLUDED = frozenset(("audit_log", "sqlite_sequence", "sqlite_stat1"))


def table_names(query, backend: str) -> list:
    """The store's tables; ``query(sql)`` returns rows as dicts."""
    if backend == "sqlite":
        rows = query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        rows = query("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row["name"] for row in rows)


def _portable(row: dict) -> dict:
    return {key: int(value) if isinstance(value, bool) else value for key, value in row.items()}


def content_digest(query, backend: str, portable: bool = False) -> str:
    digest = hashlib.sha256()
    for table in table_names(query, backend):
        if table in EXCLUDED:
            continue
        rows = query("SELECT * FROM %s" % table)
        if portable and backend != "sqlite":  # SQLite has no booleans: its rows are portable as they are
            rows = [_portable(row) for row in rows]
        lines = sorted(json.dumps(sorted(row.items()), default=str) for row in rows)
        digest.update(("%s %d\n" % (table, len(lines))).encode("utf-8"))
        for line in lines:
            digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def row_counts(query) -> dict:
    """Rows per entity kind (as ``store_info`` counts them)."""
    return {kind: query("SELECT COUNT(*) AS n FROM %s" % table)[0]["n"] for kind, table in sorted(ENTITY_TABLES.items())}


def store_is_empty(counts: dict) -> bool:
    return not any(counts.values())
