# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Backup and restore of an SQLite store through SQLite's online backup API.

Private to the metalfleet.datacenter collection; not a public API.

A live WAL database is never copied file by file: ``Connection.backup`` copies
a consistent snapshot page by page (in one step, so writers running meanwhile
cannot make it restart).  The copy is switched to a single-file journal mode and
checked with ``PRAGMA integrity_check``.  A restore copies a verified backup
into the live store the same way, under the store's write lock.
"""
from __future__ import annotations

import os
import sqlite3

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import SQLITE_BUSY_TIMEOUT_MS, SqliteBackend
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_digest import content_digest, row_counts

FILENAME = "store.sqlite"
SCHEMA_VERSION_SQL = "SELECT value FROM store_meta WHERE key = 'schema_version'"


def _query(conn):
    def run(sql):
        return [dict(row) for row in conn.execute(sql).fetchall()]
    return run


def _open_file(path: str, read_only: bool = False):
    uri = "file:%s%s" % (path, "?mode=ro" if read_only else "")
    conn = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000.0, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def check_source(location) -> None:
    if not os.path.isfile(location.path):
        raise ValidationError("store", "there is no SQLite store at %s to back up" % location.path)


def describe(path: str) -> dict:
    """Schema version, row counts and content digest of a backup copy (opened read-only)."""
    conn = _open_file(path, read_only=True)
    try:
        query = _query(conn)
        version = query(SCHEMA_VERSION_SQL)
        return {"schema_version": int(version[0]["value"]) if version else 0, "counts": row_counts(query),
                "content_digest": content_digest(query, "sqlite")}
    finally:
        conn.close()


def dump(location, target: str) -> dict:
    """Copy the live store to ``target`` and describe the copy."""
    check_source(location)
    source = _open_file(location.path)
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        source.execute("PRAGMA busy_timeout = %d" % SQLITE_BUSY_TIMEOUT_MS)
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        raise StoreError("cannot back up the SQLite store %s: %s" % (location.path, exc)) from None
    finally:
        copy.close()
        source.close()
    os.chmod(target, 0o600)
    verify(target, "the new backup")
    return dict(describe(target), tool="sqlite %s" % sqlite3.sqlite_version)


def verify(path: str, version: str) -> None:
    """``PRAGMA integrity_check`` on a backup copy; a ValidationError naming ``version`` when it is damaged."""
    try:
        conn = _open_file(path, read_only=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError("version", "backup %s is not a valid SQLite database (%s); nothing was restored" % (version, exc)) from None
    if result != ["ok"]:
        raise ValidationError("version", "backup %s failed SQLite's integrity check (%s); nothing was restored"
                              % (version, "; ".join(result[:3])))


def restore(location, path: str) -> None:
    """Replace the live store's content with the verified copy at ``path``."""
    source = _open_file(path, read_only=True)
    target = SqliteBackend(location).connect()
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise StoreError("cannot restore into the SQLite store %s: %s" % (location.path, exc)) from None
    finally:
        target.close()
        source.close()
