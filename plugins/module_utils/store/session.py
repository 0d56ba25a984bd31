# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening the fleet store and running one unit of work as one transaction.

Private to the metalfleet.datacenter collection; not a public API.

Typical use (what ``_common.module_runner`` does for every module)::

    store = open_store(parse_location(dsn))
    result = store.run(lambda tx: do_work(tx), write=True, check_mode=False,
                       actor="alice", module="metalfleet.datacenter.ip")

``run`` opens a transaction, calls the function, then commits, or rolls back
when the function raised or ``check_mode`` is set: check mode runs exactly the
same code as a real run and throws the result away, so it predicts the real
outcome (including which address or prefix would be chosen).  Transient
conflicts (SQLite busy, PostgreSQL deadlock or serialization failure) re-run
the function a bounded number of times with backoff.

Round trips (PostgreSQL): the whole transaction runs batched (see
``backends``), and the audit entries of a transaction are written together,
right before the COMMIT and in the same round trip.  A transaction counts the
statements it runs and the rows it reads (``statements``, ``rows_read``), so
tests can check that an operation's cost does not grow with the store.
"""
from __future__ import annotations

import datetime
import json
import random
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.secrets import mask_secrets
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import backend_for, driver_message
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.migrate import ensure_schema

#: how often a transaction is attempted when it meets a transient conflict.
MAX_ATTEMPTS = 6


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Change:
    """One entity touched by a transaction: what it was and what it became (``None`` = absent)."""

    __slots__ = ("kind", "entity_id", "action", "before", "after")

    def __init__(self, kind, entity_id, action, before, after):
        self.kind = kind
        self.entity_id = entity_id
        self.action = action
        self.before = before
        self.after = after


class Transaction:
    """A unit of work on the store.  Create it through :meth:`Store.run`."""

    def __init__(self, store, conn, actor: str, module: str, check_mode: bool):
        self.store = store
        self.backend = store.backend
        self.conn = conn
        self.actor = actor
        self.module = module
        self.check_mode = check_mode
        self.changes = []
        self._locked = set()
        self._audit_rows = []
        #: statements run and rows read so far (a cost measure that does not depend on the machine's speed).
        self.statements = 0
        self.rows_read = 0

    # -- SQL -------------------------------------------------------------------------------------------------
    def execute(self, sql: str, params=()) -> None:
        """Run a statement whose result is not needed (on PostgreSQL it may travel with the next read)."""
        self.statements += 1
        self.backend.cursor(self.conn).execute(self.backend.adapt(sql), tuple(params))

    def executemany(self, sql: str, rows) -> None:
        self.statements += 1
        self.backend.cursor(self.conn).executemany(self.backend.adapt(sql), [tuple(r) for r in rows])

    def query(self, sql: str, params=()) -> list:
        if self._audit_rows and "audit_log" in sql:
            self.flush_audit()
        self.statements += 1
        cursor = self.backend.cursor(self.conn)
        cursor.execute(self.backend.adapt(sql), tuple(params))
        rows = self.backend.rows(cursor)
        self.rows_read += len(rows)
        return rows

    def query_one(self, sql: str, params=()):
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def insert(self, sql: str, params=()) -> int:
        """Run an ``INSERT ... RETURNING id`` and return the new id."""
        return self.query(sql + " RETURNING id", params)[0]["id"]

    def insert_row(self, table: str, columns: dict) -> None:
        """INSERT one row of ``table`` from a column -> value mapping (names come from the code, never from input)."""
        names = list(columns)
        self.execute("INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join(names), ", ".join("?" * len(names))),
                     [columns[name] for name in names])

    def update_row(self, table: str, key: tuple, columns: dict, updated_at: str) -> None:
        """UPDATE ``columns`` (possibly none) and ``updated_at`` of the row where ``key = (column, value)``."""
        assignments = "".join("%s = ?, " % name for name in columns)
        self.execute("UPDATE %s SET %supdated_at = ? WHERE %s = ?" % (table, assignments, key[0]),
                     list(columns.values()) + [updated_at, key[1]])

    def lock(self, scope: str) -> None:
        """Serialize against every other writer of ``scope`` until this transaction ends."""
        if scope not in self._locked:
            self.backend.lock(self.conn, scope)
            self._locked.add(scope)

    # -- change tracking ---------------------------------------------------------------------------------------
    def record(self, kind: str, entity_id, action: str, before, after) -> None:
        """Remember a change for the diff and write it to the audit log (secrets masked)."""
        self.changes.append(Change(kind, str(entity_id), action, before, after))
        self._audit_rows.append((utc_now(), self.actor, self.module, kind, str(entity_id), action,
                                 _json_or_none(mask_secrets(before)), _json_or_none(mask_secrets(after))))

    def flush_audit(self) -> None:
        """Write the audit entries recorded so far (done before COMMIT, and before anything reads the audit log)."""
        rows, self._audit_rows = self._audit_rows, []
        if rows:
            self.executemany("INSERT INTO audit_log (at, actor, module, entity_kind, entity_id, action, before_doc, after_doc)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _json_or_none(doc):
    return None if doc is None else json.dumps(doc, sort_keys=True, default=str)


class Store:
    """An open fleet store (one connection)."""

    def __init__(self, location):
        self.location = location
        self.backend = backend_for(location)
        self.conn = self.backend.connect()
        try:
            self.schema_version = ensure_schema(self.backend, self.conn, location)
        except self.backend.database_errors as exc:
            self.close()
            raise StoreError("cannot prepare the fleet store %s: %s" % (location.redacted(), driver_message(location, exc))) from None
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def run(self, work, write: bool = True, check_mode: bool = False, actor: str = "", module: str = ""):
        """Run ``work(tx)`` in one transaction and return its result (see the module docstring)."""
        attempt = 0
        while True:
            attempt += 1
            tx = Transaction(self, self.conn, actor, module, check_mode)
            try:
                with self.backend.batched(self.conn):
                    self.backend.begin(self.conn, write)
                    result = work(tx)
                    if check_mode or not write:
                        self.conn.execute("ROLLBACK")
                    else:
                        tx.flush_audit()
                        self.conn.execute("COMMIT")
            except BaseException as exc:
                self._rollback()
                if self.backend.is_retryable(exc) and attempt < MAX_ATTEMPTS:
                    time.sleep(min(2.0, 0.02 * 2 ** attempt) * (0.5 + random.random()))
                    continue
                raise
            return result

    def _rollback(self):
        try:
            self.conn.execute("ROLLBACK")
        except self.backend.database_errors:
            pass


def open_store(location) -> Store:
    return Store(location)
