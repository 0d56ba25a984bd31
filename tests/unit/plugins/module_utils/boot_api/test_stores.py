# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API's per-thread store pool on both backends: reads, writes, refused writes in reads, failures."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.stores import StorePool, StoreUnavailable
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location

from tests.support.postgres import free_port
from tests.support.store_dump import dump_store

INSERT = "INSERT INTO partitions (id, created_at, updated_at) VALUES (?, ?, ?)"
#: another worker process holding the SQLite write turn (boot_api.write_turn's lock file) for 30 s
HOLD_TURN = ("import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600); fcntl.flock(fd, fcntl.LOCK_EX);"
             " print('held', flush=True); time.sleep(30)")


def test_reads_and_writes_with_one_connection_per_thread(store_dsn):
    pool = StorePool(parse_location(store_dsn), timeout=5)
    pool.run(lambda tx: tx.execute(INSERT, ("p1", "t", "t")), write=True)
    assert pool.run(lambda tx: tx.query_one("SELECT id FROM partitions"), write=False)["id"] == "p1"
    stores = []

    def other_thread():
        pool.run(lambda tx: tx.query("SELECT 1 AS one"), write=False)
        stores.append(pool._local.store)  # pylint: disable=protected-access

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert stores[0] is not pool._local.store  # pylint: disable=protected-access
    pool.close()


def test_a_read_that_writes_changes_nothing(store_dsn):
    pool = StorePool(parse_location(store_dsn), timeout=5)
    before = dump_store(store_dsn)
    if store_dsn.startswith("postgresql"):
        with pytest.raises(RuntimeError, match="read-only"):
            pool.run(lambda tx: tx.execute(INSERT, ("p2", "t", "t")), write=False)
    else:  # a read transaction, rolled back
        pool.run(lambda tx: tx.execute(INSERT, ("p2", "t", "t")), write=False)
    assert dump_store(store_dsn) == before
    pool.close()


def test_a_store_that_cannot_be_reached_is_unavailable():
    pool = StorePool(parse_location("postgresql://nobody@127.0.0.1:%d/fleet" % free_port()), timeout=1)
    with pytest.raises(StoreUnavailable):
        pool.run(lambda tx: tx.query("SELECT 1 AS one"), write=False)


def test_a_driver_error_is_unavailable_and_the_connection_is_dropped(store_dsn):
    pool = StorePool(parse_location(store_dsn), timeout=5)
    pool.run(lambda tx: tx.query("SELECT 1 AS one"), write=False)
    with pytest.raises(StoreUnavailable):
        pool.run(lambda tx: tx.query("SELECT * FROM no_such_table"), write=True)
    assert pool._local.store is None  # pylint: disable=protected-access
    assert pool.run(lambda tx: tx.query_one("SELECT 1 AS one"), write=False)["one"] == 1
    pool.close()


def test_concurrent_sqlite_writes_share_commits_and_each_change_stays_atomic(tmp_path):
    """Group commit (boot_api.group_commit): 40 threads write at once; a work that fails is rolled back alone."""
    dsn = "sqlite://" + str(tmp_path / "fleet.db")
    pool = StorePool(parse_location(dsn), timeout=10)
    start = threading.Barrier(40)
    results = {}

    def work(number):
        def change(tx):
            tx.execute(INSERT, ("g%d" % number, "t", "t"))
            if number % 10 == 3:
                raise ValueError("work %d fails after its INSERT" % number)
            return number * 2
        start.wait()
        try:
            results[number] = pool.run(change, write=True)
        except ValueError as exc:
            results[number] = str(exc)
        pool.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: ("work %d fails after its INSERT" % n if n % 10 == 3 else n * 2) for n in range(40)}
    stored = pool.run(lambda tx: sorted(r["id"] for r in tx.query("SELECT id FROM partitions")), write=False)
    assert stored == sorted("g%d" % n for n in range(40) if n % 10 != 3)
    pool.close()


def test_a_write_whose_turn_does_not_come_is_unavailable_and_not_run(tmp_path):
    """Another worker process holds the write turn beyond the store timeout: 503-style StoreUnavailable, nothing stored."""
    dsn = "sqlite://" + str(tmp_path / "fleet.db")
    pool = StorePool(parse_location(dsn), timeout=0.3)
    pool.run(lambda tx: tx.query("SELECT 1 AS one"), write=False)  # the store exists
    holder = subprocess.Popen([sys.executable, "-c", HOLD_TURN, str(tmp_path / "fleet.db") + ".boot-api.lock"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = dump_store(dsn)
        with pytest.raises(StoreUnavailable, match="busy"):
            pool.run(lambda tx: tx.execute(INSERT, ("late", "t", "t")), write=True)
        assert dump_store(dsn) == before
    finally:
        holder.kill()
        holder.wait()
    pool.run(lambda tx: tx.execute(INSERT, ("late", "t", "t")), write=True)
    assert pool.run(lambda tx: tx.query_one("SELECT id FROM partitions"), write=False)["id"] == "late"
    pool.close()
