# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: backing up and restoring a fleet-sized store on both backends; prints one JSON document.

Run from the repository root: ``.venv/bin/python benchmarks/bench_backup.py`` (``--quick`` for a smoke run with a
tenth of the data; ``--backend sqlite`` or ``--backend postgresql`` for one backend).

What is measured, per backend (SQLite: WAL, ``synchronous = FULL``, on the normal disk; PostgreSQL: a real server
started for the run with ``fsync = on``, stopped at the end):

* the store is filled in-process with 10,000 allocated machines (``bench_machines.fill_inventory_store``, which
  also acquires one IP per machine) and then with IPs held in a separate network
  (``bench_ipam.hold_lowest``) until the store holds 100,000 IPs;
* ``backup_store`` into an empty directory, unencrypted (the store's dump or online copy, the integrity check of
  the copy, the SHA-256 manifest, the write-then-rename), and the same with an encryption key;
* ``restore_store`` of the unencrypted version into a new, empty store (verification of the version, restore,
  integrity check, audit entry); the restored store must hold the same numbers of machines and IPs;
* for SQLite also the move: the same SQLite version restored into a new, empty PostgreSQL store (a real server with
  ``fsync = on``), held to the restore target.

These are the module_utils the ``store_backup`` / ``store_restore`` modules call; Ansible's per-task cost (about a
second) is not included.
"""
from __future__ import annotations

import os
import time

import _support
import bench_ipam
import bench_machines

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup import backup_store, restore_store
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_crypto import BackupCipher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

TARGETS = {"backup_seconds": 10.0, "restore_seconds": 20.0}
MOVE_TARGET = ("move_to_postgresql_seconds", 20.0)
FULL = {"machines": 10_000, "ips": 100_000}
QUICK = {"machines": 1000, "ips": 10_000}
IP_NETWORK = {"name": "bench-backup-ips", "type": "external", "prefixes": ["100.64.0.0/10"]}


def counts(dsn: str) -> dict:
    with open_store(parse_location(dsn)) as store:
        return store.run(lambda tx: {
            "machines": tx.query_one("SELECT COUNT(*) AS n FROM machines")["n"],
            "ips": tx.query_one("SELECT COUNT(*) AS n FROM ips")["n"]}, write=False)


def fill(dsn: str, settings: dict) -> dict:
    """The machines (each with one IP), then IPs held in a network of their own up to ``settings["ips"]``."""
    started = time.perf_counter()
    bench_machines.fill_inventory_store(dsn, settings["machines"])
    missing = settings["ips"] - counts(dsn)["ips"]
    with open_store(parse_location(dsn)) as store:
        store.run(lambda tx: NetworkService(tx).ensure_present(dict(IP_NETWORK)))
        while missing > 0:
            prefix = bench_ipam.ip_prefix(store, IP_NETWORK["name"])
            batch = min(missing, bench_ipam.FILL_BATCH)
            store.run(lambda tx, p=prefix, n=batch: bench_ipam.hold_lowest(tx, p, n, "held-%d" % p["acquired_ips"]))
            missing -= batch
    return dict(counts(dsn), fill_seconds=round(time.perf_counter() - started, 1))


def timed(call) -> tuple:
    started = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - started, 3)


def measure(source: str, target: str, directory: str, settings: dict) -> dict:
    """Fill ``source``, back it up (plain and encrypted), restore the plain version into the empty ``target``."""
    _support.note("filling %s" % parse_location(source).redacted())
    filled = fill(source, settings)
    plain_dir, encrypted_dir = os.path.join(directory, "plain"), os.path.join(directory, "encrypted")
    _support.note("backup")
    backed_up, backup_seconds = timed(lambda: backup_store(parse_location(source), plain_dir, 1, BackupCipher(None), False))
    _support.note("encrypted backup")
    _encrypted, encrypted_seconds = timed(lambda: backup_store(
        parse_location(source), encrypted_dir, 1, BackupCipher("benchmark-backup-key-0123456789"), False))
    _support.note("restore into an empty store")
    restored, restore_seconds = timed(lambda: restore_store(parse_location(target), plain_dir, "latest", False, BackupCipher(None),
                                                            False, actor="bench", module="bench_backup"))
    after = counts(target)
    if not restored["changed"] or after != {"machines": filled["machines"], "ips": filled["ips"]}:
        raise AssertionError("the restored store holds %s, the backed-up one %s" % (after, filled))
    return {"store": filled, "backup_seconds": backup_seconds, "encrypted_backup_seconds": encrypted_seconds,
            "backup_bytes": backed_up["version"].get("size"), "restore_seconds": restore_seconds, "restored": after}


def postgres_server():
    from tests.support.postgres import PostgresServer  # needs the PostgreSQL server binaries

    return PostgresServer(durable=True).start()


def move_to_postgresql(directory: str, expected: dict) -> float:
    """Restore the SQLite version in ``directory`` into a new PostgreSQL store; the seconds it took."""
    server = postgres_server()
    try:
        target = server.create_database()
        _support.note("move the SQLite version into PostgreSQL")
        moved, seconds = timed(lambda: restore_store(parse_location(target), directory, "latest", False, BackupCipher(None),
                                                     False, actor="bench", module="bench_backup"))
        after = counts(target)
        if moved.get("moved_from") != "sqlite" or after != expected:
            raise AssertionError("the moved store holds %s, the SQLite one %s" % (after, expected))
        return seconds
    finally:
        server.stop()


def bench_sqlite(settings: dict) -> dict:
    with _support.scratch_dir("backup-") as directory:
        os.makedirs(os.path.join(directory, "source"))
        results = measure("sqlite://%s/source/fleet.db" % directory, "sqlite://%s/target/fleet.db" % directory, directory, settings)
        results[MOVE_TARGET[0]] = move_to_postgresql(os.path.join(directory, "plain"), results["restored"])
        return results


def bench_postgresql(settings: dict) -> dict:
    server = postgres_server()
    try:
        with _support.scratch_dir("backup-pg-") as directory:
            return measure(server.create_database(), server.create_database(), directory, settings)
    finally:
        server.stop()


def backup_targets(backend: str, results: dict, _settings: dict) -> list:
    limits = dict(TARGETS, **({MOVE_TARGET[0]: MOVE_TARGET[1]} if MOVE_TARGET[0] in results else {}))
    return [_support.target("%s %s" % (backend, name), results[name], maximum=maximum, unit="s")
            for name, maximum in limits.items()]


def main() -> None:
    run = _support.run_backends(__doc__.splitlines()[0], "a tenth of the data: a smoke run, not a measurement",
                                {"sqlite": bench_sqlite, "postgresql": bench_postgresql}, FULL, QUICK, backup_targets)
    _support.emit_run("backup", run, run["settings"])


if __name__ == "__main__":
    main()
