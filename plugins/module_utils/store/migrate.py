# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bring a store's schema up to date, safely when several runs start at once.

Private to the metalfleet.datacenter collection; not a public API.

The version lives in the ``store_meta`` table.  A cheap unlocked read decides
whether anything is to do; if so, the migration runs in one transaction that
first takes the store-wide writer lock (SQLite ``BEGIN IMMEDIATE``, PostgreSQL
an advisory lock) and reads the version again, so two runs that race on a
fresh store apply each migration exactly once.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import LATEST_VERSION, MIGRATIONS

MIGRATION_LOCK = "metalfleet:migrations"
META_DDL = "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def _read_version(backend, conn) -> int | None:
    """The stored schema version, or None when the store is empty."""
    cursor = backend.cursor(conn)
    if backend.name == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'")
    else:
        cursor.execute("SELECT to_regclass('store_meta') AS name")
    found = backend.rows(cursor)
    if not found or not found[0]["name"]:
        return None
    cursor.execute(backend.adapt("SELECT value FROM store_meta WHERE key = ?"), ("schema_version",))
    rows = backend.rows(cursor)
    return int(rows[0]["value"]) if rows else None


def _refuse_newer(version, location):
    if version is not None and version > LATEST_VERSION:
        raise StoreError(
            "the fleet store %s has schema version %d, newer than the %d this collection understands: "
            "upgrade the metalfleet.datacenter collection" % (location.redacted(), version, LATEST_VERSION))


def ensure_schema(backend, conn, location) -> int:
    """Apply missing migrations; return the schema version now in force."""
    version = _read_version(backend, conn)
    _refuse_newer(version, location)
    if version == LATEST_VERSION:
        return version
    backend.begin(conn, write=True)
    try:
        backend.lock(conn, MIGRATION_LOCK)
        cursor = backend.cursor(conn)
        cursor.execute(META_DDL)
        version = _read_version(backend, conn)
        _refuse_newer(version, location)
        current = version or 0
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            for statement in migration.statements:
                if callable(statement):
                    statement(backend, cursor)
                else:
                    cursor.execute(statement.replace("{serial}", backend.serial_primary_key))
            current = migration.version
        if version is None:
            cursor.execute(backend.adapt("INSERT INTO store_meta (key, value) VALUES (?, ?)"), ("schema_version", str(current)))
        else:
            cursor.execute(backend.adapt("UPDATE store_meta SET value = ? WHERE key = ?"), (str(current), "schema_version"))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current
