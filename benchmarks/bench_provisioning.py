# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: the provisioning core with 10,000 machines on SQLite and PostgreSQL; prints one JSON document.

Run from the repository root: ``.venv/bin/python benchmarks/bench_provisioning.py`` (``--quick`` for a smoke run,
``--backend sqlite`` or ``--backend postgresql`` for one backend).

What is measured, on each backend, with every machine registered (one transaction per operation, as one boot API
request does it):

* boot decisions per second for random known MACs (``ProvisioningService.boot``: the MAC index, the machine, its
  partition), with the statements and rows read per decision, which must not depend on the fleet's size;
* provisioning events per second (``record_event``), cycling every machine through its discovery events, with the
  statements per event once the history is full (100 kept);
* one liveliness evaluation after every machine went quiet: seconds and statements (one query, one batched update).
"""
from __future__ import annotations

import os
import random
import time

import _support

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from tests.support.fake_clock import FakeClock

FULL = {"machines": 10_000, "boots": 2000, "events": 2000, "seconds": 5.0}
QUICK = {"machines": 500, "boots": 100, "events": 100, "seconds": 1.0}
TARGET_BOOTS_PER_SECOND = {"sqlite": 500, "postgresql": 200}
TARGET_EVENTS_PER_SECOND = {"sqlite": 100, "postgresql": 100}
TARGET_EVALUATION_SECONDS = 10.0
CYCLE = ("Planned Reboot", "PXE Booting", "Preparing", "Registering", "Waiting")


def machine_id(number: int) -> str:
    return "00000000-0000-4000-8000-%012d" % number


def mac(number: int) -> str:
    return "aa:%02x:%02x:%02x:00:01" % (number >> 16 & 255, number >> 8 & 255, number & 255)


def fill(store, count: int) -> None:
    store.run(lambda tx: PartitionStore(tx).ensure_present({"id": "bench", "boot": {"kernel_url": "http://boot/k"}}))
    hardware = {"memory": "64GiB", "cpus": [{"model": "Xeon", "cores": 8}], "disks": [{"name": "/dev/sda", "size": "960GB"}]}
    entries = [{"id": machine_id(n), "partition": "bench", "hardware": dict(hardware, nics=[{"name": "lan0", "mac": mac(n)}])}
               for n in range(1, count + 1)]
    for start in range(0, count, 2000):
        store.run(lambda tx, chunk=entries[start:start + 2000]: MachineStore(tx).apply_all(chunk))


def run_backend(dsn: str, settings: dict) -> dict:
    clock = FakeClock(1_900_000_000)
    results = {}
    with open_store(parse_location(dsn)) as store:
        _support.note("registering %d machines" % settings["machines"])
        fill(store, settings["machines"])
        picks = random.Random(7)

        def boot(_index):
            number = picks.randint(1, settings["machines"])
            decision = store.run(lambda tx: ProvisioningService(tx, clock=clock).boot(mac(number), "bench"), write=False)
            assert decision.machine_id == machine_id(number)
        results["boot"] = _support.measure_rate(boot, settings["boots"], settings["seconds"])

        def cost(tx):
            before = (tx.statements, tx.rows_read)
            ProvisioningService(tx, clock=clock).boot(mac(1), "bench")
            return {"statements": tx.statements - before[0], "rows_read": tx.rows_read - before[1]}
        results["boot_cost"] = store.run(cost, write=False)

        def event(index):
            clock.advance(0.01)
            number = index % settings["machines"] + 1
            name = CYCLE[(index // settings["machines"]) % len(CYCLE)]
            store.run(lambda tx: ProvisioningService(tx, clock=clock).record_event(machine_id(number), name))
        results["event"] = _support.measure_rate(event, settings["events"], settings["seconds"])

        def full_history_cost(tx):
            service = ProvisioningService(tx, clock=clock)
            for index in range(105):
                clock.advance(1)
                service.record_event(machine_id(1), CYCLE[index % 2])
            before = tx.statements
            clock.advance(1)
            service.record_event(machine_id(1), CYCLE[1])
            return tx.statements - before
        results["event_statements_with_full_history"] = store.run(full_history_cost)

        _support.note("touching every machine once, then letting them go quiet")
        for start in range(1, settings["machines"] + 1, 1000):
            def touch(tx, first=start):
                service = ProvisioningService(tx, clock=clock)
                for number in range(first, min(first + 1000, settings["machines"] + 1)):
                    service.record_event(machine_id(number), "Alive")
            store.run(touch)
        clock.advance(600)

        def evaluate(tx):
            before = tx.statements
            changed = ProvisioningService(tx, clock=clock).evaluate_liveliness()
            return {"changed": len(changed), "statements_before_audit": tx.statements - before}
        started = time.perf_counter()
        results["evaluation"] = store.run(evaluate)
        results["evaluation"]["seconds"] = round(time.perf_counter() - started, 3)
    return results


def bench_sqlite(settings: dict) -> dict:
    with _support.scratch_dir("provisioning-sqlite-") as directory:
        return run_backend("sqlite://" + os.path.join(directory, "fleet.db"), settings)


def bench_postgresql(settings: dict) -> dict:
    from tests.support.postgres import PostgresServer  # needs the PostgreSQL server binaries

    server = PostgresServer(durable=True).start()
    try:
        return run_backend(server.create_database(), settings)
    finally:
        server.stop()


def targets_for(backend: str, results: dict, settings: dict) -> list:
    return [
        _support.target("%s boot decisions/s with %d machines" % (backend, settings["machines"]), results["boot"]["per_second"],
                        minimum=TARGET_BOOTS_PER_SECOND[backend], unit="decisions/s"),
        _support.target("%s rows read per boot decision" % backend, results["boot_cost"]["rows_read"], maximum=2),
        _support.target("%s events/s" % backend, results["event"]["per_second"], minimum=TARGET_EVENTS_PER_SECOND[backend],
                        unit="events/s"),
        _support.target("%s statements per event with 100 kept" % backend, results["event_statements_with_full_history"], maximum=6),
        _support.target("%s seconds to evaluate %d machines' liveliness" % (backend, settings["machines"]),
                        results["evaluation"]["seconds"], maximum=TARGET_EVALUATION_SECONDS, unit="s"),
    ]


def main() -> None:
    run = _support.run_backends(__doc__.splitlines()[0], "500 machines: a smoke run, not a measurement",
                                {"sqlite": bench_sqlite, "postgresql": bench_postgresql}, FULL, QUICK, targets_for)
    _support.emit_run("provisioning", run, run["settings"])


if __name__ == "__main__":
    main()
