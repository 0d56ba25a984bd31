# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: IPAM throughput in-process on SQLite and PostgreSQL, both durable; prints one JSON document.

Run from the repository root: ``.venv/bin/python benchmarks/bench_ipam.py`` (``--quick`` for a smoke run,
``--backend sqlite`` or ``--backend postgresql`` for one backend).

What is measured, on each backend (one transaction per operation, as one module run does it):

* IP acquires per second (``IpService.ensure_present`` with a new name) in an IPv4 /8 and an IPv6 /64
  network holding 0, 10,000 and 100,000 addresses;
* child-prefix acquires per second (IPv4-only child networks from a private_super network through
  ``NetworkService.ensure_present``) with 0, 1,000 and 10,000 child prefixes already held in the parent prefix,
  and the cost per acquire at each level (milliseconds, statements, rows read) with the ratio highest / lowest;
* load-independent figures of one IP acquire: the statements it runs and, on PostgreSQL, the round trips to
  the server (the times psycopg waits for the server);
* acquire+release pairs per second (go-ipam publishes 331/s on PostgreSQL);
* as context, the disk's floor before and after: trivial durable write transactions per second (the
  latency of fsync on a shared virtual disk varies a lot over time, so read the rates next to it).

Durability: SQLite in WAL mode with ``synchronous = FULL`` (the store's settings) in a file on the normal
disk; PostgreSQL started with ``fsync = on`` and ``synchronous_commit = on``.

The held addresses are written in bulk (``hold_lowest``): exactly the rows that as many lowest-free
acquires would have written, without the audit entries, so the set-up takes seconds instead of minutes.
Every measured acquire checks it got the address right after the held ones, which also proves the
bulk-written state is the one the IPAM expects.
"""
from __future__ import annotations

import ipaddress
import os
import sqlite3
import time

import _support

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefix_math import from_key, to_key
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import PrefixStore, free_owner
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store, utc_now

TARGET_PER_SECOND = {"sqlite": 1000, "postgresql": 500}
#: the rate with 100,000 held must be at least this fraction of the rate with 0 held.
SCALING_TARGET = 0.5
GO_IPAM_PAIRS_PER_SECOND = 331

IP_NETWORKS = {"ipv4": ("bench-v4", "10.0.0.0/8"), "ipv6": ("bench-v6", "fd00:ab:cd:ef::/64")}
PARTITION = "bench"
SUPER_NETWORK = {"name": "bench-super", "type": "private_super", "partition": PARTITION,
                 "prefixes": ["172.16.0.0/12", "fd00:10::/48"], "default_child_prefix_length": {"IPv4": 28, "IPv6": 64}}
FILL_BATCH = 10_000

FULL = {"held": (0, 10_000, 100_000), "acquires": 2000, "seconds": 4.0, "child_held": (0, 1000, 10_000), "child_acquires": 300,
        "child_seconds": 4.0, "pair_seconds": 3.0, "baseline_seconds": 1.0}
QUICK = {"held": (0, 1000, 5000), "acquires": 100, "seconds": 1.0, "child_held": (0, 100, 1000), "child_acquires": 30,
         "child_seconds": 1.0, "pair_seconds": 0.5, "baseline_seconds": 0.3}
#: the cost of a child-prefix acquire with the most children held must stay within this factor of the cost with none.
CHILD_SCALING_TARGET = 1.5
#: the held child prefixes: as long as the measured child networks' IPv4 prefix, in the super network's IPv4 prefix.
CHILD_PARENT, CHILD_LENGTH = SUPER_NETWORK["prefixes"][0], SUPER_NETWORK["default_child_prefix_length"]["IPv4"]

IPS_COLUMNS = ("prefix_id", "network_id", "address", "addr_key", "family", "name", "description", "project", "type", "tags",
               "created_at", "updated_at")


# -- set-up ----------------------------------------------------------------------------------------------------
def ip_prefix(store, network_name: str) -> dict:
    """The (single) prefix row of a benchmark network."""
    def read(tx):
        networks = NetworkService(tx, write=False)
        return networks.prefixes_of(networks.find(network_name))[0]
    return store.run(read, write=False)


def hold_lowest(tx, prefix_row: dict, count: int, label: str) -> None:
    """Hold the ``count`` lowest free addresses of a prefix, writing what ``count`` lowest-free acquires write.

    Those are: one ``ips`` row each, the prefix's ``acquired_ips`` counter and the front of the prefix's lowest
    free interval (which must be large enough; the benchmark networks are /8 and /64).
    """
    owner = free_owner(prefix_row["id"])
    lowest = tx.query_one("SELECT start_key, end_key FROM free_ranges WHERE owner = ? ORDER BY start_key LIMIT 1", (owner,))
    first, last = from_key(lowest["start_key"]), from_key(lowest["end_key"])
    if last - first + 1 <= count:
        raise RuntimeError("the lowest free interval of %s is too small for %d addresses" % (prefix_row["cidr"], count))
    address_class = ipaddress.IPv4Address if prefix_row["family"] == 4 else ipaddress.IPv6Address
    now = utc_now()
    rows = [(prefix_row["id"], prefix_row["network_id"], str(address_class(value)), to_key(value), prefix_row["family"],
             "%s-%d" % (label, value - first), "", "", "ephemeral", "[]", now, now) for value in range(first, first + count)]
    tx.executemany("INSERT INTO ips (%s) VALUES (%s)" % (", ".join(IPS_COLUMNS), ", ".join("?" * len(IPS_COLUMNS))), rows)
    tx.execute("UPDATE prefixes SET acquired_ips = acquired_ips + ? WHERE id = ?", (count, prefix_row["id"]))
    tx.execute("UPDATE free_ranges SET start_key = ? WHERE owner = ? AND start_key = ?", (to_key(first + count), owner, lowest["start_key"]))


def fill_to(store, network_name: str, held: int) -> int:
    """Bring the network's prefix to ``held`` addresses (batches of FILL_BATCH); returns the seconds it took."""
    started = time.perf_counter()
    while True:
        prefix = ip_prefix(store, network_name)
        missing = held - prefix["acquired_ips"]
        if missing <= 0:
            return round(time.perf_counter() - started, 2)
        batch = min(missing, FILL_BATCH)
        store.run(lambda tx, p=prefix, n=batch: hold_lowest(tx, p, n, "held-%d" % p["acquired_ips"]))


# -- measurements ----------------------------------------------------------------------------------------------
def measure_ip_acquires(store, network_name: str, label: str, settings: dict) -> dict:
    """One acquire per transaction; every acquire must get the next address after the ones already held."""
    prefix = ip_prefix(store, network_name)
    first_free = from_key(store.run(lambda tx: tx.query_one(
        "SELECT start_key FROM free_ranges WHERE owner = ? ORDER BY start_key LIMIT 1", (free_owner(prefix["id"]),)), write=False)["start_key"])
    address_class = ipaddress.IPv4Address if prefix["family"] == 4 else ipaddress.IPv6Address

    def acquire(index):
        document = store.run(lambda tx: IpService(tx).ensure_present({"network": network_name, "name": "%s-%d" % (label, index)}))
        expected = str(address_class(first_free + index))
        if document["address"] != expected:
            raise AssertionError("acquire %d got %s, expected the lowest free address %s" % (index, document["address"], expected))

    result = _support.measure_rate(acquire, settings["acquires"], settings["seconds"])
    result["held_before"] = prefix["acquired_ips"]
    return result


def measure_pairs(store, network_name: str, settings: dict) -> dict:
    """Acquire+release pairs, each operation its own transaction (go-ipam's benchmark shape)."""
    def pair(index):
        request = {"network": network_name, "name": "pair-%d" % index}
        store.run(lambda tx: IpService(tx).ensure_present(request))
        store.run(lambda tx: IpService(tx).ensure_absent(request))

    return _support.measure_rate(pair, 10 ** 6, settings["pair_seconds"])


def child_request(index: int) -> dict:
    return {"name": "child-%d" % index, "partition": PARTITION, "project": "bench-project", "address_family": "IPv4"}


def held_children(store) -> int:
    return store.run(lambda tx: PrefixStore(tx, PARTITION, write=False).get(CHILD_PARENT), write=False)["child_count"]


def measure_child_acquires(store, first_index: int, settings: dict) -> dict:
    """IPv4-only child networks (one child prefix + one VRF id each), one per transaction; plus the statements and
    rows read of one more (in check mode)."""
    held = held_children(store)

    def acquire(index):
        store.run(lambda tx: NetworkService(tx).ensure_present(child_request(first_index + index)))

    result = _support.measure_rate(acquire, settings["child_acquires"], settings["child_seconds"])
    result["held_before"] = held
    result["ms_per_acquire"] = round(result["seconds"] * 1000 / result["count"], 3)
    result["statements_per_acquire"], result["rows_read_per_acquire"] = store.run(
        lambda tx: (NetworkService(tx).ensure_present(child_request(10 ** 7)), tx.statements, tx.rows_read)[1:], check_mode=True)
    return result


def fill_children(store, count: int) -> float:
    """Hold ``count`` more child prefixes of the measured length in the parent prefix, 1,000 per transaction.

    Plain child prefixes (``PrefixStore.acquire_child_prefix``, no network, no VRF): what a child-prefix acquire
    costs depends on what the parent prefix holds, and this is much faster to set up than child networks."""
    started = time.perf_counter()

    def hold(tx, n):
        ipam = PrefixStore(tx, PARTITION)
        for _index in range(n):
            ipam.acquire_child_prefix(ipam.get(CHILD_PARENT), CHILD_LENGTH)
    for batch_start in range(0, count, 1000):
        store.run(lambda tx, n=min(1000, count - batch_start): hold(tx, n))
    return round(time.perf_counter() - started, 2)


def round_trips_per_acquire(store, network_name: str, count: int = 20) -> dict:
    """Statements (of the work, without BEGIN/lock/COMMIT) and, on PostgreSQL, round trips of one IP acquire.

    A round trip is a time psycopg waits for the server: a statement outside pipeline mode, or a fetch, sync or
    pipeline exit inside it (statements queued in the pipeline are sent without waiting)."""
    waits = []
    if store.backend.name == "postgresql":
        conn, original = store.conn, store.conn.wait

        def counting_wait(gen, *args, **kwargs):
            name = getattr(gen, "__qualname__", "")
            if name.endswith(("_fetch_gen", "_sync_gen", "_exit_gen")) or (
                    conn._pipeline is None and name.endswith(("_execute_gen", "_executemany_gen_no_pipeline"))):
                waits.append(name)
            return original(gen, *args, **kwargs)
        conn.wait = counting_wait
    statements = []
    try:
        for index in range(count):
            store.run(lambda tx, i=index: (IpService(tx).ensure_present({"network": network_name, "name": "rt-%d" % i}),
                                           statements.append(tx.statements)))
    finally:
        if store.backend.name == "postgresql":
            del store.conn.wait
    return {"acquires": count, "statements_per_acquire": round(sum(statements) / count, 2),
            "round_trips_per_acquire": round(len(waits) / count, 2) if store.backend.name == "postgresql" else None}


# -- disk floor ------------------------------------------------------------------------------------------------
def sqlite_floor(path: str, seconds: float) -> dict:
    """Trivial write transactions with the store's durable settings: the most this disk allows."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE t (x INTEGER)")

        def commit(index):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t VALUES (?)", (index,))
            conn.execute("COMMIT")

        return _support.measure_rate(commit, 10 ** 6, seconds)
    finally:
        conn.close()


def postgres_floor(dsn: str, seconds: float) -> dict:
    """Trivial autocommit INSERTs (one round trip + one WAL flush each) on a database of their own."""
    import psycopg  # only needed with PostgreSQL

    conn = psycopg.connect(dsn, autocommit=True)
    try:
        conn.execute("CREATE TABLE t (x INTEGER)")
        return _support.measure_rate(lambda index: conn.execute("INSERT INTO t VALUES (%s)", (index,)), 10 ** 6, seconds)
    finally:
        conn.close()


# -- one backend -----------------------------------------------------------------------------------------------
def run_backend(dsn: str, settings: dict, floor: dict, extra=None) -> dict:
    store = open_store(parse_location(dsn))
    try:
        store.run(lambda tx: [NetworkService(tx).ensure_present({"name": name, "type": "external", "prefixes": [cidr]})
                              for name, cidr in IP_NETWORKS.values()])
        store.run(lambda tx: NetworkService(tx).ensure_present(dict(SUPER_NETWORK)))
        results = {"floor_durable_commits": floor, "ip_acquire": {}, "fill_seconds": {}}
        for family, (network_name, _cidr) in IP_NETWORKS.items():
            results["ip_acquire"][family] = {}
            for held in settings["held"]:
                results["fill_seconds"]["%s-%d" % (family, held)] = fill_to(store, network_name, held)
                _support.note("%s %s: %d held, measuring acquires" % (store.backend.name, family, held))
                results["ip_acquire"][family][str(held)] = measure_ip_acquires(store, network_name, "%s-%d" % (family, held), settings)
        results["ip_acquire_cost"] = round_trips_per_acquire(store, IP_NETWORKS["ipv4"][0])
        _support.note("%s: acquire+release pairs" % store.backend.name)
        results["acquire_release_pairs"] = measure_pairs(store, IP_NETWORKS["ipv4"][0], settings)
        results["child_prefix_acquire"] = {}
        next_index = 0
        for level in settings["child_held"]:
            missing = level - held_children(store)
            results["fill_seconds"]["children-%d" % level] = fill_children(store, missing) if missing > 0 else 0.0
            _support.note("%s: child prefixes, %d held" % (store.backend.name, held_children(store)))
            point = measure_child_acquires(store, next_index, settings)
            next_index += point["count"]
            results["child_prefix_acquire"][str(level)] = point
        low, high = (results["child_prefix_acquire"][str(level)] for level in (settings["child_held"][0], settings["child_held"][-1]))
        results["child_prefix_acquire_ratio_ms"] = round(high["ms_per_acquire"] / low["ms_per_acquire"], 2)
        if extra:
            results.update(extra(store))
        return results
    finally:
        store.close()


def sqlite_normal_sync(settings: dict):
    """Context for the SQLite target: the same acquires with ``synchronous = NORMAL`` (durable against crashes of
    the process, not of the machine: the last commits can be lost on power failure, the file stays consistent)."""
    def measure(store):
        store.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            result = measure_ip_acquires(store, IP_NETWORKS["ipv4"][0], "normal-sync", settings)
        finally:
            store.conn.execute("PRAGMA synchronous = FULL")
        return {"ip_acquire_ipv4_synchronous_normal": result}
    return measure


def bench_sqlite(settings: dict) -> dict:
    with _support.scratch_dir("ipam-sqlite-") as directory:
        floor = sqlite_floor(os.path.join(directory, "floor-before.db"), settings["baseline_seconds"])
        results = run_backend("sqlite://" + os.path.join(directory, "fleet.db"), settings, floor, sqlite_normal_sync(settings))
        results["floor_durable_commits_after"] = sqlite_floor(os.path.join(directory, "floor-after.db"), settings["baseline_seconds"])
    results["settings"] = {"journal_mode": "wal", "synchronous": "FULL", "directory": _support.SCRATCH_ROOT}
    return results


def bench_postgresql(settings: dict) -> dict:
    from tests.support.postgres import PostgresServer  # needs the PostgreSQL server binaries

    server = PostgresServer(durable=True).start()
    try:
        floor = postgres_floor(server.create_database(), settings["baseline_seconds"])
        results = run_backend(server.create_database(), settings, floor)
        results["floor_durable_commits_after"] = postgres_floor(server.create_database(), settings["baseline_seconds"])
    finally:
        server.stop()
    results["settings"] = {"fsync": "on", "synchronous_commit": "on", "host": "127.0.0.1"}
    return results


# -- report ----------------------------------------------------------------------------------------------------
def targets_for(backend: str, results: dict, settings: dict) -> list:
    minimum = TARGET_PER_SECOND[backend]
    low, high = str(settings["held"][0]), str(settings["held"][-1])
    found = []
    for family, points in results["ip_acquire"].items():
        slowest = min(point["per_second"] for point in points.values())
        found.append(_support.target("%s %s IP acquires/s, slowest of %s held" % (backend, family, "/".join(points)), slowest,
                                     minimum=minimum, unit="acquires/s"))
        ratio = round(points[high]["per_second"] / points[low]["per_second"], 3)
        found.append(_support.target("%s %s rate with %s held / rate with %s held" % (backend, family, high, low), ratio,
                                     minimum=SCALING_TARGET))
    found.append(_support.target("%s ms per child-prefix acquire with %d / with %d children held" % (
        backend, settings["child_held"][-1], settings["child_held"][0]), results["child_prefix_acquire_ratio_ms"],
        maximum=CHILD_SCALING_TARGET))
    return found


def main() -> None:
    run = _support.run_backends(__doc__.splitlines()[0], "small counts: a smoke run, not a measurement",
                                {"sqlite": bench_sqlite, "postgresql": bench_postgresql}, FULL, QUICK, targets_for)
    results, settings = run["results"], run["settings"]
    if "postgresql" in results:
        pairs = results["postgresql"]["acquire_release_pairs"]["per_second"]
        results["postgresql"]["go_ipam_published_pairs_per_second"] = GO_IPAM_PAIRS_PER_SECOND
        results["postgresql"]["pairs_vs_go_ipam"] = round(pairs / GO_IPAM_PAIRS_PER_SECOND, 2)
    _support.emit_run("ipam", run, dict(settings, held=list(settings["held"]), child_held=list(settings["child_held"])))


if __name__ == "__main__":
    main()
