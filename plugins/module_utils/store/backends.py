# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The two store backends: embedded SQLite and shared PostgreSQL.

Private to the metalfleet.datacenter collection; not a public API.

A backend knows how to connect, how to start a transaction, how writers are
serialized and which errors are worth a retry.  SQL is written once, with
``?`` placeholders, and adapted here.

Serialization of writers:

* SQLite: WAL journal, ``BEGIN IMMEDIATE`` for every writing transaction (one
  writer at a time for the whole file) and a busy timeout, so concurrent runs
  queue instead of failing.  ``lock()`` is therefore a no-op.
* PostgreSQL: READ COMMITTED transactions that take a transaction-scoped
  advisory lock per named scope (``lock("ipam")``) before they read what they
  will change; deadlocks and serialization failures are retried by the
  session with bounded backoff.

Round trips: on PostgreSQL a transaction runs in psycopg's pipeline mode
(``batched``).  Statements whose results nobody reads (BEGIN, the advisory
lock, UPDATEs, INSERTs without RETURNING, COMMIT) are queued and travel with
the next statement whose rows are read, so a transaction costs one round trip
per read plus one for the commit, not one per statement.  An error of a
queued statement is raised at that next read (or at the commit) instead of at
the statement itself; the transaction is rolled back either way.  SQLite runs
in-process and has no round trips: ``batched`` does nothing there.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import traceback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, StoreError


def load_psycopg():
    """Import psycopg 3 on first use of a PostgreSQL store (it is not needed, and costs start-up time, for SQLite)."""
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError:
        raise DependencyError("psycopg (pip install 'psycopg[binary]')", traceback.format_exc()) from None
    return psycopg, dict_row


#: milliseconds an SQLite writer waits for the file lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 60000
#: seconds a PostgreSQL statement may wait for a lock before the run fails.
POSTGRES_LOCK_TIMEOUT = "60s"


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_xact_lock`` derived from a scope name."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class SqliteBackend:
    name = "sqlite"
    serial_primary_key = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, location):
        self.location = location

    def connect(self):
        path = self.location.path
        directory = os.path.dirname(path)
        if directory and not os.path.isdir(directory):
            os.makedirs(directory, mode=0o700, exist_ok=True)
        if not os.path.exists(path):
            # create the file ourselves so that it is private from the first byte on
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000.0, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = %d" % SQLITE_BUSY_TIMEOUT_MS)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreError("cannot open the SQLite store at %s: %s" % (path, exc)) from None
        return conn

    def begin(self, conn, write: bool):
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def lock(self, conn, scope: str):
        """Nothing to do: ``BEGIN IMMEDIATE`` already made this the only writer."""

    @staticmethod
    def batched(conn):
        """No round trips to save in-process."""
        return contextlib.nullcontext()

    def adapt(self, sql: str) -> str:
        return sql

    def cursor(self, conn):
        return conn.cursor()

    @staticmethod
    def rows(cursor):
        return [dict(row) for row in cursor.fetchall()]

    @staticmethod
    def is_retryable(exc: Exception) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)

    integrity_errors = (sqlite3.IntegrityError,)
    database_errors = (sqlite3.Error,)


class PostgresBackend:
    name = "postgresql"
    serial_primary_key = "BIGSERIAL PRIMARY KEY"

    def __init__(self, location):
        self.psycopg, self.dict_row = load_psycopg()
        self.location = location
        self.integrity_errors = (self.psycopg.IntegrityError,)
        self.database_errors = (self.psycopg.Error,)

    def connect(self):
        psycopg = self.psycopg
        try:
            conn = psycopg.connect(autocommit=True, row_factory=self.dict_row, connect_timeout=10, **self.location.postgres_conninfo())
        except psycopg.Error as exc:
            raise StoreError("cannot connect to the PostgreSQL store %s: %s"
                             % (self.location.redacted(), driver_message(self.location, exc))) from None
        conn.execute("SET lock_timeout = '%s'" % POSTGRES_LOCK_TIMEOUT)
        return conn

    def begin(self, conn, write: bool):
        conn.execute("BEGIN ISOLATION LEVEL READ COMMITTED" + ("" if write else " READ ONLY"))

    def lock(self, conn, scope: str):
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (advisory_key(scope),))

    def batched(self, conn):
        """Pipeline mode for one transaction (see the module docstring); plain execution where libpq lacks it."""
        if self.psycopg.Pipeline.is_supported():
            return conn.pipeline()
        return contextlib.nullcontext()

    def adapt(self, sql: str) -> str:
        """``?`` placeholders become ``%s``; a literal ``%`` (as in LIKE patterns) is escaped for psycopg."""
        return sql.replace("%", "%%").replace("?", "%s")

    def cursor(self, conn):
        return conn.cursor()

    def rows(self, cursor):
        """The rows of the cursor's statement ([] for a statement without rows).

        In pipeline mode the result is only known once fetched: ``fetchall`` waits for it and raises a
        ``ProgrammingError`` without SQLSTATE when the statement returned no rows (errors from the server
        carry one and are raised as they are)."""
        try:
            return list(cursor.fetchall())
        except self.psycopg.ProgrammingError as exc:
            if exc.sqlstate is None and cursor.description is None:
                return []
            raise

    def is_retryable(self, exc: Exception) -> bool:
        errors = self.psycopg.errors
        return isinstance(exc, (errors.SerializationFailure, errors.DeadlockDetected))


def driver_message(location, exc: Exception) -> str:
    """The first line of a database driver's error, without any form of the store's passwords.

    Drivers may echo what they were given (a connection option's value, say); this is what the collection shows.
    """
    text = str(exc).strip()
    return location.scrub(text.splitlines()[0]) if text else exc.__class__.__name__


def backend_for(location):
    if location.backend == "sqlite":
        return SqliteBackend(location)
    return PostgresBackend(location)
