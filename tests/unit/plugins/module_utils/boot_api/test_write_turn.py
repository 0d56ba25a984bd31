# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The SQLite writers' turn: one holder across threads and processes, waits bounded by the timeout."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.write_turn import WriteTurn

#: another process (a second gunicorn worker) asking for the turn of the same store
OTHER_PROCESS = """
import sys
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.write_turn import WriteTurn
turn = WriteTurn(sys.argv[1])
got = turn.acquire(float(sys.argv[2]))
print("got" if got else "refused")
if got:
    turn.release()
"""


def other_process(store_path: str, timeout: float) -> str:
    return subprocess.run([sys.executable, "-c", OTHER_PROCESS, store_path, str(timeout)], check=True, capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))).stdout.strip()


def test_one_writer_across_processes_and_the_wait_is_bounded(tmp_path):
    store_path = str(tmp_path / "fleet.db")
    turn = WriteTurn(store_path)
    assert turn.acquire(1.0)
    assert other_process(store_path, 0.2) == "refused"
    turn.release()
    assert other_process(store_path, 0.2) == "got"
    assert stat.S_IMODE(os.stat(store_path + ".boot-api.lock").st_mode) == 0o600


def test_one_writer_across_threads(tmp_path):
    turn = WriteTurn(str(tmp_path / "fleet.db"))
    assert turn.acquire(1.0)
    results = []
    waiter = threading.Thread(target=lambda: results.append(turn.acquire(0.1)))
    waiter.start()
    waiter.join()
    assert results == [False]
    turn.release()
    waiter = threading.Thread(target=lambda: results.append(turn.acquire(1.0)) or turn.release())
    waiter.start()
    waiter.join()
    assert results == [False, True]
