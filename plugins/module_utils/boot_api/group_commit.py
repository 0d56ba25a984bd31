# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Group commit for the boot API's SQLite writes: the changes of concurrent requests share one durable COMMIT.

Private to the metalfleet.datacenter collection; not a public API.

Why: SQLite (WAL, ``synchronous = FULL``) makes every COMMIT wait for an fsync of the journal, and there is one
writer per file, so a store that gets one transaction per request serves at most 1 / fsync writes per second: on a
virtual disk with fsyncs of 2-8 ms, 150-500 ``PXE Booting`` events per second, fewer than a rack of machines that is
powered on at once sends.  PostgreSQL does not need this: its WAL flush already serves all commits waiting at once.

How: a writer queues its work and waits for the write turn (``write_turn``).  Whoever gets the turn and finds its
own work still queued leads: it takes every queued work, runs each inside a SAVEPOINT of one ``BEGIN IMMEDIATE``
transaction (with its own :class:`~store.session.Transaction`, so its audit entries are its own), and commits once;
the others find their work done when the turn comes to them and return its result.  Each change stays atomic: a work
that raises is rolled back to its savepoint alone and its caller gets the exception; a failed BEGIN or COMMIT fails
every work of the group (each caller answers 503, nothing of the group is stored).  Every caller returns only after
the COMMIT that made its change durable.
"""
from __future__ import annotations

import threading

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import Transaction


class _Entry:
    __slots__ = ("work", "actor", "done", "result", "error")

    def __init__(self, work, actor: str):
        self.work = work
        self.actor = actor
        self.done = threading.Event()
        self.result = None
        self.error = None


class TurnTimeout(Exception):
    """The write turn did not come within the store timeout; the work was not run."""


class GroupFailed(Exception):
    """The group's BEGIN or COMMIT failed (the leader's caller gets the driver's error itself)."""


class GroupCommit:
    def __init__(self, turn, module: str):
        self._turn = turn
        self._module = module
        self._queue = []
        self._queue_lock = threading.Lock()

    def run(self, store, work, actor: str, timeout: float):
        """``work(tx)`` committed durably, maybe together with other threads' works; raises what it raised.

        Returns the work's result; raises :class:`TurnTimeout` when the turn did not come within ``timeout`` seconds
        (the work was not run), :class:`GroupFailed` when another thread's group failed around this work, and the
        driver's error when this thread led a group whose BEGIN or COMMIT failed."""
        entry = _Entry(work, actor)
        with self._queue_lock:
            self._queue.append(entry)
        if self._turn.acquire(timeout):
            try:
                if not entry.done.is_set():
                    self._lead(store)
            finally:
                self._turn.release()
        else:
            with self._queue_lock:
                if entry in self._queue:
                    self._queue.remove(entry)
                    raise TurnTimeout("no write turn within %s s" % timeout)
            entry.done.wait()  # a leader runs it now; its transaction is bounded by the store timeout
        if entry.error is not None:
            raise entry.error
        return entry.result

    def _lead(self, store) -> None:
        with self._queue_lock:
            group, self._queue = self._queue, []
        conn = store.conn
        try:
            store.backend.begin(conn, True)
            for entry in group:
                conn.execute("SAVEPOINT boot_api_change")
                tx = Transaction(store, conn, entry.actor, self._module, check_mode=False)
                try:
                    entry.result = entry.work(tx)
                    tx.flush_audit()
                except Exception as exc:  # pylint: disable=broad-except  # the work's caller gets it
                    entry.error = exc
                    conn.execute("ROLLBACK TO boot_api_change")
                conn.execute("RELEASE boot_api_change")
            conn.execute("COMMIT")
        except BaseException as exc:
            try:
                conn.execute("ROLLBACK")
            except store.backend.database_errors:
                pass
            for entry in group:
                entry.result = None
                entry.error = GroupFailed("the group's transaction failed")
            # the leader's own work is in the group: its caller sees the driver's error (and drops the connection)
            raise exc
        finally:
            for entry in group:
                entry.done.set()
