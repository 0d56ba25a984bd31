# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The turn of the boot API's SQLite writers: one at a time across the threads and the worker processes.

Private to the metalfleet.datacenter collection; not a public API.

SQLite has one writer per file.  A writer that finds the file locked waits in SQLite's busy handler, which sleeps in
steps of 1, 2, 5, 10, ... up to 100 ms and tries again: with two gunicorn workers writing ``PXE Booting`` events at
hundreds per second, a write that meets the other worker's write would wait a step of several milliseconds for a
lock held a fraction of one.  So the boot API's writers take turns before they ask SQLite: the threads of a process
on a thread lock, then the processes on an exclusive ``flock`` of a file beside the store (``<store>.boot-api.lock``,
mode 0600), tried every half millisecond.  Both waits are bounded by the store timeout.  Other writers of the store
(the modules) do not take this turn; SQLite's own lock still orders them with the boot API.
"""
from __future__ import annotations

import fcntl
import os
import threading
import time

#: seconds between two tries of the file lock
POLL = 0.0005


class WriteTurn:
    def __init__(self, store_path: str):
        self.path = store_path + ".boot-api.lock"
        self._thread_lock = threading.Lock()
        self._fd = None
        self._pid = None

    def _file(self) -> int:
        """The lock file, opened once per process (a gunicorn worker is a fork: its own open file, its own lock)."""
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def acquire(self, timeout: float) -> bool:
        """Whether this thread has the turn within ``timeout`` seconds (then :meth:`release` it)."""
        deadline = time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=timeout):
            return False
        try:
            fd = self._file()
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        break
                    time.sleep(POLL)
        except BaseException:
            self._thread_lock.release()
            raise
        self._thread_lock.release()
        return False

    def release(self) -> None:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()
