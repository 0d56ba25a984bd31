# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Boot scripts' signs of life, written behind the answer in batches: one transaction per batch.

Private to the metalfleet.datacenter collection; not a public API.

Every per-machine boot script of a machine that provisions is a ``PXE Booting`` event.  The first one of a boot is
stored, with the request (``Endpoints.machine_ipxe``).  A repeat of it while the machine is ``Alive`` changes
nothing but the container's time (``containers.liveliness_refresh``), and that time only decides liveliness, which
turns after five minutes.  Such refreshes are not written with the request: the worker collects them for ``delay``
seconds (``METALFLEET_BOOT_LIVELINESS_DELAY``, default 0.1) and writes all of them in one transaction from a thread of
its own (``containers.refresh_times``), the latest per machine.  Measured on PostgreSQL with 10,000 machines: one
conditional UPDATE with every boot script cost about 0.4 ms of the 1.0 ms of CPU per request (docs/boot-api.md).

What it gives up: a refresh is in the store up to ``delay`` seconds (plus one write) after the script was served,
and refreshes still waiting when a worker is killed, or whose write fails (the store is down), are lost.  Either
makes a machine look that much older, never younger; a failed write is logged and counted
(``metalfleet_boot_liveliness_refreshes_total{outcome="dropped"}``).  A worker that stops normally writes what it
holds first (:meth:`LivelinessWriter.close`, gunicorn's ``worker_exit``).
"""
from __future__ import annotations

import logging
import threading
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.stores import StoreUnavailable
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import containers

LOG = logging.getLogger("metalfleet.boot_api")
ACTOR = "boot-api:liveliness"


class LivelinessWriter:
    """Collects :class:`containers.LivelinessRefresh` items and writes them every ``delay`` seconds through ``pool``."""

    def __init__(self, pool, delay: float, counter=None, on_held=None):
        self.pool = pool
        self.delay = delay
        self._counter = counter  # callable(outcome, count): the refreshes written or dropped, per batch
        self._on_held = on_held  # callable(count): the refreshes held now, pending or being written (a gauge)
        self._pending = {}
        self._writing = 0
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread = None
        self._closing = False

    def submit(self, refresh) -> None:
        """Keep ``refresh`` for the next batch (the latest per machine); starts the writing thread on first use, so
        that it runs in the process that serves (gunicorn forks the workers after the app module is imported)."""
        with self._lock:
            first = not self._pending
            current = self._pending.get(refresh.machine_id)
            if current is None or refresh.at > current.at:
                self._pending[refresh.machine_id] = refresh
                if current is None:
                    self._held_changed()
            if self._closing:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="liveliness-writer", daemon=True)
                self._thread.start()
            if first:
                self._wake.notify()

    @property
    def held(self) -> int:
        """Refreshes not in the store yet: pending, or in the batch being written."""
        with self._lock:
            return len(self._pending) + self._writing

    def _held_changed(self) -> None:
        """Report the held count (the caller holds the lock)."""
        if self._on_held is not None:
            self._on_held(len(self._pending) + self._writing)

    def _take(self) -> dict:
        """The pending refreshes as the next batch (the caller holds the lock)."""
        batch, self._pending = self._pending, {}
        self._writing += len(batch)
        return batch

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._pending and not self._closing:
                    self._wake.wait()
                # gather: the refreshes of the next ``delay`` seconds join this batch
                deadline = time.monotonic() + self.delay
                while not self._closing and time.monotonic() < deadline:
                    self._wake.wait(deadline - time.monotonic())
                if self._closing:
                    return  # close() writes what is pending
                batch = self._take()
            self._write(batch)

    def _write(self, batch: dict) -> None:
        if not batch:
            return
        refreshes = sorted(batch.values())  # one lock order (machine id) for every batch
        outcome = "written"
        try:
            self.pool.run(lambda tx: containers.refresh_times(tx, refreshes), write=True, actor=ACTOR)
        except StoreUnavailable as exc:
            LOG.warning("%d liveliness refreshes not written: %s", len(refreshes), exc.message)
            outcome = "dropped"
        except Exception:  # pylint: disable=broad-except  # the thread must live on; the error is logged with its trace
            LOG.exception("%d liveliness refreshes not written", len(refreshes))
            outcome = "dropped"
        self._count(outcome, len(refreshes))
        with self._lock:
            self._writing -= len(refreshes)
            self._held_changed()

    def _count(self, outcome: str, count: int) -> None:
        if self._counter is not None:
            self._counter(outcome, count)

    def flush(self) -> None:
        """Write what is pending now, in the caller's thread."""
        with self._lock:
            batch = self._take()
        self._write(batch)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the thread and write what it still holds (at most ``timeout`` seconds for the thread's own write)."""
        with self._lock:
            self._closing = True
            self._wake.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        self.flush()
