# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: one ``metalfleet.datacenter.ip`` task acquiring 1,000 addresses (list form); prints one JSON document.

Run from the repository root: ``.venv/bin/python benchmarks/bench_ip_task.py`` (``--count N`` for another size).

A real ``ansible-playbook`` run on a fresh SQLite store (durable settings, on the normal disk): a network
task, then the ``ip`` task with ``ips:`` holding 1,000 named requests, framed by two ``set_fact`` tasks that
take the time, so the task's own wall time is measured apart from ansible-playbook's start-up.  The
same playbook is run a second time to time the idempotent (nothing to acquire) case.
"""
from __future__ import annotations

import argparse
import ipaddress

import _support


TARGET_SECONDS = 5.0
NETWORK = {"name": "bench-pool", "type": "external", "prefixes": ["10.128.0.0/16"]}
IP_TASK = "acquire the pool"


def playbook(count: int) -> list:
    return _support.clocked_play([{"name": "the network", "metalfleet.datacenter.network": dict(NETWORK)}], [
        {"name": IP_TASK, "metalfleet.datacenter.ip": {
            "network": NETWORK["name"], "ips": [{"name": "pool-%04d" % index} for index in range(count)]}},
    ], name="ip task benchmark")


def check_pool(result: dict, count: int) -> None:
    """The task returned ``count`` distinct addresses of the network."""
    addresses = [entry["address"] for entry in result["ips"]]
    network = ipaddress.ip_network(NETWORK["prefixes"][0])
    if len(addresses) != count or len(set(addresses)) != count or not all(ipaddress.ip_address(a) in network for a in addresses):
        raise AssertionError("expected %d distinct addresses of %s, got %d (%d distinct)"
                             % (count, network, len(addresses), len(set(addresses))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="addresses in the task (default 1000)")
    args = parser.parse_args()
    plays = playbook(args.count)
    load_before = _support.machine_load()
    with _support.scratch_dir("ip-task-") as directory:
        dsn = "sqlite://%s/fleet.db" % directory
        first = _support.timed_run(plays, dsn, directory)
        acquired = first["run"].task(IP_TASK)["result"]
        check_pool(acquired, args.count)
        again = _support.timed_run(plays, dsn, directory)
        repeated = again["run"].task(IP_TASK)["result"]
        if repeated["changed"] or [e["address"] for e in repeated["ips"]] != [e["address"] for e in acquired["ips"]]:
            raise AssertionError("the second run was not idempotent")
    _support.emit({
        "benchmark": "ip_task",
        "addresses": args.count,
        "store": "sqlite (WAL, synchronous=FULL)",
        "acquire": {"task_seconds": first["task_seconds"], "playbook_seconds": first["playbook_seconds"],
                    "changed": acquired["changed"]},
        "repeat_unchanged": {"task_seconds": again["task_seconds"], "playbook_seconds": again["playbook_seconds"]},
        "machine_load": {"before": load_before, "after": _support.machine_load()},
        "targets": [_support.target("one ip task acquiring %d addresses (task wall time)" % args.count, first["task_seconds"],
                                    maximum=TARGET_SECONDS, unit="s")],
    })


if __name__ == "__main__":
    main()
