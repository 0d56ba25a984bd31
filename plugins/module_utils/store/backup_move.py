# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Restoring an SQLite backup into a PostgreSQL store: the move to a shared store.

Private to the metalfleet.datacenter collection; not a public API.

An SQLite store grows into a PostgreSQL one when a second controller or AWX
joins. The move is a restore of a verified SQLite backup version into a
PostgreSQL target, so it gets everything a restore has: checksum and
integrity checks before the target is touched, ``force`` and a safety copy for
a non-empty target, idempotence, and an audit entry.

* The verified copy (private to the restore) is first brought to this
  collection's schema version, so both sides have the same tables and columns.
* The target's content is replaced in ONE PostgreSQL transaction that holds
  the migration lock: every table is emptied, then filled with ``COPY``, tables
  in foreign-key order and rows of a self-referencing table (networks, prefixes)
  parents first; sequences continue after the highest copied id. The audit log
  moves along; ``store_meta`` stays the target's (same schema version).
* Values are typed per backend (SQLite keeps booleans as 0/1), so both sides
  are compared with the *portable* content digest
  (:func:`backup_digest.content_digest` with ``portable=True``).

The other direction (a ``pg_dump`` archive into SQLite) would need a
PostgreSQL server to read the archive and is refused by ``backup.verify_version``.
"""
from __future__ import annotations

import sqlite3

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import PostgresBackend, SqliteBackend, driver_message
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_digest import content_digest
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import StoreLocation
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.migrate import MIGRATION_LOCK, ensure_schema
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

#: the pair (backup's backend, target's backend) this module moves between.
MOVE = ("sqlite", "postgresql")
#: kept by the target: its own schema version (equal to the copy's once both are migrated).
NOT_MOVED = frozenset(("store_meta",))


def is_move(backup_backend: str, target_backend: str) -> bool:
    return (backup_backend, target_backend) == MOVE


def _sqlite_query(conn):
    def run(sql):
        return [dict(row) for row in conn.execute(sql).fetchall()]
    return run


def prepare_copy(path: str) -> str:
    """Bring the private SQLite copy at ``path`` to the current schema; its portable content digest."""
    location = StoreLocation(backend="sqlite", path=path)
    backend = SqliteBackend(location)
    conn = backend.connect()
    try:
        ensure_schema(backend, conn, location)
        return content_digest(_sqlite_query(conn), "sqlite", portable=True)
    except sqlite3.Error as exc:
        raise StoreError("cannot bring the SQLite backup copy to the current schema: %s" % exc) from None
    finally:
        conn.close()


def target_digest(location) -> str:
    """The portable content digest of the PostgreSQL target (migrated to the current schema when needed)."""
    with open_store(location) as store:
        return store.run(lambda tx: content_digest(tx.query, location.backend, portable=True), write=False)


# -- the PostgreSQL side ----------------------------------------------------------------------------------------------
def _foreign_keys(conn) -> list:
    """(table, column, referenced table) of every single-column foreign key in the store's schema."""
    rows = conn.execute(
        "SELECT c.conrelid::regclass::text AS tab, a.attname AS col, c.confrelid::regclass::text AS ref"
        " FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1"
        " AND c.connamespace = current_schema()::regnamespace").fetchall()
    return [(row["tab"], row["col"], row["ref"]) for row in rows]


def _columns(conn, table: str) -> list:
    rows = conn.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()"
                        " AND table_name = %s ORDER BY ordinal_position", (table,)).fetchall()
    return [(row["column_name"], row["data_type"]) for row in rows]


def table_order(tables, foreign_keys) -> list:
    """``tables`` with every referenced table before the tables that reference it (self-references aside)."""
    needs = {table: {ref for tab, _col, ref in foreign_keys if tab == table and ref != table and ref in tables} for table in tables}
    ordered = []
    while needs:
        ready = sorted(table for table, refs in needs.items() if not refs - set(ordered))
        if not ready:
            raise StoreError("the store's tables reference each other in a cycle: %s" % ", ".join(sorted(needs)))
        ordered.extend(ready)
        for table in ready:
            del needs[table]
    return ordered


def parents_first(rows: list, key: str, parents) -> list:
    """Rows of a self-referencing table, each after the rows it references (through the ``parents`` columns)."""
    placed = set()
    ordered = []
    pending = rows

    def ready(row):
        return all(row[column] is None or row[column] in placed for column in parents)
    while pending:
        now, later = [], []
        for row in pending:
            (now if ready(row) else later).append(row)
        if not now:
            raise StoreError("rows reference each other in a cycle through %s" % ", ".join(parents))
        ordered.extend(now)
        placed.update(row[key] for row in now)
        pending = later
    return ordered


def _primary_key(conn, table: str) -> list:
    rows = conn.execute("SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                        " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary", (table,)).fetchall()
    return [row["col"] for row in rows]


def _rows_of(source, table: str, columns: list) -> list:
    names = [name for name, _type in columns]
    booleans = {name for name, data_type in columns if data_type == "boolean"}
    rows = []
    for row in source.execute("SELECT %s FROM %s" % (", ".join(names), table)).fetchall():
        values = dict(row)
        for name in booleans:
            if values[name] is not None:
                values[name] = bool(values[name])
        rows.append(values)
    return rows


def _continue_sequences(conn, table: str) -> None:
    """Sequences of ``table``'s serial columns continue after the highest copied value."""
    serials = conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                           " AND table_name = %s AND column_default LIKE 'nextval(%%'", (table,)).fetchall()
    for row in serials:
        column = row["column_name"]
        conn.execute("SELECT setval(pg_get_serial_sequence(%%s, %%s), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)"
                     % (column, table), (table, column))


def restore_into_postgres(location, path: str) -> None:
    """Replace the PostgreSQL store's content with the rows of the prepared SQLite copy at ``path``."""
    with open_store(location):
        pass  # the target's schema is current before its content is replaced
    source = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    source.row_factory = sqlite3.Row
    backend = PostgresBackend(location)
    conn = backend.connect()
    try:
        conn.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        try:
            backend.lock(conn, MIGRATION_LOCK)
            tables = sorted(row["tablename"] for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall() if row["tablename"] not in NOT_MOVED)
            foreign_keys = _foreign_keys(conn)
            order = table_order(tables, foreign_keys)
            conn.execute("TRUNCATE %s" % ", ".join(order))
            for table in order:
                columns = _columns(conn, table)
                rows = _rows_of(source, table, columns)
                parents = [col for tab, col, ref in foreign_keys if tab == table and ref == table]
                if parents:
                    rows = parents_first(rows, _primary_key(conn, table)[0], parents)
                _copy_rows(conn, table, columns, rows)
                _continue_sequences(conn, table)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except backend.database_errors as exc:
        raise StoreError("cannot move the SQLite backup into the PostgreSQL store %s: %s"
                         % (location.redacted(), driver_message(location, exc))) from None
    finally:
        conn.close()
        source.close()


def _copy_rows(conn, table: str, columns: list, rows: list) -> None:
    names = [name for name, _type in columns]
    with conn.cursor() as cursor:
        with cursor.copy("COPY %s (%s) FROM STDIN" % (table, ", ".join(names))) as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
