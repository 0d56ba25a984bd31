# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One store connection per worker thread, bounded store waits, and store failures as one error type.

Private to the metalfleet.datacenter collection; not a public API.

Why per thread: a :class:`~store.session.Store` holds one connection, and a connection serves one transaction at a
time.  gunicorn's ``gthread`` workers answer requests on several threads, so each thread opens its own store on
first use and keeps it: no connection set-up per request (PostgreSQL: ~17 ms) and a fixed number of connections,
``workers x threads``, however many machines boot at once (1,000 booting machines queue on the threads, not on the
database).  SQLite: every thread has its own connection to the file; WAL lets readers (boot scripts) run beside
the one writer, and writers take the file's write lock in turn (``BEGIN IMMEDIATE``).

Bounded waits: SQLite's busy timeout and PostgreSQL's ``statement_timeout``/``lock_timeout`` are set to
``store_timeout`` seconds, so a store that is locked or hung gives a 503 quickly instead of holding the thread.

SQLite writers of the boot API (every thread of every worker process) take turns on a lock of their own before they
ask SQLite for its write lock (at most ``store_timeout`` seconds; ``write_turn``), so they do not wait in SQLite's busy
handler for each other, and the writes that wait at the same time share one COMMIT, one fsync (``group_commit``).

Reads on PostgreSQL: a request that only reads runs its statements one by one in autocommit, without a transaction
around them (:class:`ReadOnlyStatements`); every write goes through ``Store.run``.

Failures: a store that cannot be opened (``StoreError``) or a driver error during the transaction (the store went
away, a lock wait ran out) becomes :class:`StoreUnavailable`, which the app answers with 503 and ``Retry-After``;
the thread's connection is dropped and opened again by the next request.  A kept connection that turns out dead
(the server restarted since the thread's last request) is replaced and the work tried once more at once.
"""
from __future__ import annotations

import logging
import threading

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.group_commit import GroupCommit, GroupFailed, TurnTimeout
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.write_turn import WriteTurn
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import driver_message
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import Transaction, open_store

ACTOR = "boot-api"
MODULE = "metalfleet.datacenter.boot_api"
LOG = logging.getLogger("metalfleet.boot_api")


class StoreUnavailable(Exception):
    """The store could not do the work; ``message`` is safe to show (no password)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReadOnlyStatements(Transaction):
    """The reads of a read-only request on PostgreSQL, each its own statement (autocommit), no BEGIN and no pipeline.

    Why: a boot script, a long-poll look and a health check only read, and on PostgreSQL a transaction around them
    costs about as much again as the reads themselves (BEGIN, the pipeline's syncs, ROLLBACK: measured 0.85-1.0 ms
    against 0.45-0.6 ms per boot decision).  What it gives up: the reads of one request do not share a snapshot; a
    boot decision reads the partition, then the machine, which an allocation committed in between can only make
    newer.  Anything that would write is refused, so this can never change the store outside ``Store.run``.
    """

    def _refuse(self, *_args, **_kwargs):
        raise RuntimeError("a read-only request tried to write to the store")

    execute = executemany = insert = insert_row = update_row = lock = record = _refuse


class _DeadConnection(Exception):
    """The connection was found dead (psycopg's ``broken``): the transaction never reached the database."""


class StorePool:
    def __init__(self, location, timeout: float):
        self.location = location
        self.timeout = timeout
        self._local = threading.local()
        # SQLite has one writer per file: the threads and worker processes take turns (write_turn) instead of waiting in
        # SQLite's busy handler, which sleeps in steps of up to 100 ms, and the writes that wait at the same time share
        # one COMMIT (group_commit): one fsync for all of them
        self._group = GroupCommit(WriteTurn(location.path), MODULE) if location.backend == "sqlite" else None

    def _open(self):
        store = open_store(self.location)
        try:
            if store.backend.name == "sqlite":
                store.conn.execute("PRAGMA busy_timeout = %d" % int(self.timeout * 1000))
            else:
                milliseconds = int(self.timeout * 1000)
                store.conn.execute("SET statement_timeout = %d" % milliseconds)
                store.conn.execute("SET lock_timeout = %d" % milliseconds)
        except store.backend.database_errors:
            store.close()
            raise
        return store

    def _discard(self):
        store = getattr(self._local, "store", None)
        self._local.store = None
        if store is not None:
            try:
                store.close()
            except Exception:  # pylint: disable=broad-except  # closing a dead connection may fail in any way
                pass

    def _store(self):
        store = getattr(self._local, "store", None)
        if store is not None and getattr(store.conn, "broken", False):
            self._discard()
            store = None
        if store is None:
            store = self._open()
            self._local.store = store
        return store

    def run(self, work, write: bool, actor: str = ACTOR):
        """``work(tx)`` in one transaction of this thread's store; StoreUnavailable when the store fails.

        A connection kept from an earlier request that turns out dead (the database restarted while it was idle) is
        replaced and the work run once more on the new one.  Such a connection almost always died while idle, so the
        work never reached the database; had it died during the COMMIT itself, the work runs twice, which the agent
        writes tolerate (a repeated report changes nothing, a repeated event is swallowed)."""
        reused = getattr(self._local, "store", None) is not None
        try:
            return self._run_once(work, write, actor)
        except _DeadConnection:
            if not reused:
                raise StoreUnavailable("the fleet store failed to answer; try again") from None
        try:
            return self._run_once(work, write, actor)
        except _DeadConnection:
            raise StoreUnavailable("the fleet store failed to answer; try again") from None

    def _run_once(self, work, write: bool, actor: str):
        try:
            store = self._store()
        except StoreError as exc:
            LOG.warning("store unavailable: %s", exc.message)
            raise StoreUnavailable("the fleet store is unavailable") from None
        except Exception as exc:  # a driver error while tuning a fresh connection
            LOG.warning("store unavailable: %s", driver_message(self.location, exc))
            raise StoreUnavailable("the fleet store is unavailable") from None
        try:
            if write and self._group is not None:
                try:
                    return self._group.run(store, work, actor, self.timeout)
                except TurnTimeout:
                    raise StoreUnavailable("the fleet store is busy; try again") from None
                except GroupFailed:
                    raise StoreUnavailable("the fleet store failed to answer; try again") from None
            if not write and store.backend.name == "postgresql":
                return work(ReadOnlyStatements(store, store.conn, actor, MODULE, check_mode=False))
            return store.run(work, write=write, actor=actor, module=MODULE)
        except store.backend.database_errors as exc:
            LOG.warning("store error, connection dropped: %s", driver_message(self.location, exc))
            dead = bool(getattr(store.conn, "broken", False))
            self._discard()
            if dead:
                raise _DeadConnection() from None
            raise StoreUnavailable("the fleet store failed to answer; try again") from None

    def close(self):
        self._discard()
