# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the benchmarks: imports set up, scratch space, timing loops, targets, JSON output.

Importing this module makes the collection importable as
``ansible_collections.metalfleet.datacenter`` and the repository root importable
(for ``tests.support``): it loads ``tests/conftest.py``, which creates the
``.build/collections`` link when it is missing, exactly as for the tests.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import signal
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.path.join(REPO_ROOT, ".build")
#: scratch stores live here: inside the repository's build directory, i.e. on the normal disk (never a tmpfs),
#: so that fsync costs what it costs for a real store.
SCRATCH_ROOT = os.path.join(BUILD_DIR, "bench-tmp")


def _make_collection_importable() -> None:
    tests_dir = os.path.join(REPO_ROOT, "tests")
    if tests_dir not in sys.path:
        sys.path.insert(0, tests_dir)
    importlib.import_module("conftest")


def _exit_on_sigterm(signum, _frame):
    """``run_all.py`` ends a benchmark that runs too long with SIGTERM: leave through ``finally`` blocks so that
    servers are stopped and scratch directories removed."""
    raise SystemExit(128 + signum)


_make_collection_importable()
signal.signal(signal.SIGTERM, _exit_on_sigterm)


@contextlib.contextmanager
def scratch_dir(prefix: str):
    """A private directory on the normal disk, removed afterwards."""
    os.makedirs(SCRATCH_ROOT, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=SCRATCH_ROOT) as path:
        yield path


def _percentile(sorted_values, fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def measure_rate(step, max_count: int, max_seconds: float) -> dict:
    """Call ``step(i)`` for i = 0, 1, ... until ``max_count`` calls or ``max_seconds`` elapsed.

    Returns the count, the elapsed seconds, calls per second and per-call latency percentiles.
    """
    latencies = []
    started = time.perf_counter()
    deadline = started + max_seconds
    now = started
    while len(latencies) < max_count and (now < deadline or not latencies):
        before = time.perf_counter()
        step(len(latencies))
        now = time.perf_counter()
        latencies.append(now - before)
    elapsed = now - started
    latencies.sort()
    return {
        "count": len(latencies),
        "seconds": round(elapsed, 3),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 3),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 3),
    }


CLOCK = "{{ now(utc=true).timestamp() }}"


def clocked_play(tasks_before: list, measured: list, name: str, vars_file: str | None = None) -> list:
    """A one-play playbook: ``tasks_before``, then the ``measured`` tasks between two ``set_fact`` clock tasks.

    The clock tasks leave ansible-playbook's start-up out of the measured time; ``vars_file`` becomes the play's
    ``vars_files``.
    """
    from tests.support.playbook import play

    plays = play(tasks_before + [{"name": "clock before", "ansible.builtin.set_fact": {"bench_started": CLOCK}}] + measured
                 + [{"name": "clock after", "ansible.builtin.set_fact": {"bench_finished": CLOCK}}], name=name)
    if vars_file:
        plays[0]["vars_files"] = [vars_file]
    return plays


def timed_run(plays, dsn: str, workdir: str, env: dict | None = None) -> dict:
    """Run a :func:`clocked_play` playbook: ``{"run", "task_seconds" (between the clocks), "playbook_seconds"}``."""
    from tests.support.playbook import run_playbook

    started = time.perf_counter()
    run = run_playbook(plays, dsn, workdir, extra_env=env, timeout=1800)
    wall = time.perf_counter() - started
    if run.returncode != 0 or run.failed:
        raise RuntimeError("the benchmark playbook failed:\n%s" % run.stdout[-3000:])
    before = float(run.task("clock before")["result"]["ansible_facts"]["bench_started"])
    after = float(run.task("clock after")["result"]["ansible_facts"]["bench_finished"])
    return {"run": run, "task_seconds": round(after - before, 3), "playbook_seconds": round(wall, 3)}


def target(name: str, value, minimum=None, maximum=None, unit: str = "") -> dict:
    """One target: ``value`` must be >= ``minimum`` and/or <= ``maximum``."""
    met = value is not None and (minimum is None or value >= minimum) and (maximum is None or value <= maximum)
    wanted = " and ".join(text for text in (
        ">= %s" % minimum if minimum is not None else "",
        "<= %s" % maximum if maximum is not None else "") if text)
    return {"name": name, "value": value, "target": (wanted + " " + unit).strip(), "meets_target": bool(met)}


def machine_load() -> dict:
    """CPU count and load average: the benchmarks share the machine, so their numbers need this context."""
    one, five, _fifteen = os.getloadavg()
    return {"cpus": os.cpu_count(), "load_average_1m": round(one, 2), "load_average_5m": round(five, 2)}


def run_backends(description: str, quick_help: str, benches: dict, full: dict, quick: dict, targets_for) -> dict:
    """The common frame of a per-backend benchmark: ``--quick`` and ``--backend`` options, one run per backend,
    its targets (``targets_for(backend, results, settings)``), clock and machine load.  Returns the parts of the
    JSON document that every such benchmark shares; the caller adds its name and parameters and emits it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--backend", choices=tuple(benches), action="append", help="default: all")
    args = parser.parse_args()
    settings = quick if args.quick else full
    started = time.perf_counter()
    load_before = machine_load()
    results, targets = {}, []
    for backend in args.backend or tuple(benches):
        results[backend] = benches[backend](settings)
        targets.extend(targets_for(backend, results[backend], settings))
    return {
        "quick": args.quick,
        "settings": settings,
        "results": results,
        "targets": targets,
        "meets_all_targets": all(t["meets_target"] for t in targets),
        "seconds": round(time.perf_counter() - started, 1),
        "machine_load": {"before": load_before, "after": machine_load()},
    }


def emit_run(benchmark: str, run: dict, parameters: dict) -> None:
    """Emit a :func:`run_backends` result as the benchmark's JSON document."""
    document = {"benchmark": benchmark, "quick": run["quick"], "parameters": parameters}
    document.update((key, run[key]) for key in ("results", "targets", "meets_all_targets", "seconds", "machine_load"))
    emit(document)


def emit(document: dict) -> None:
    """Print the benchmark's one JSON document on stdout (the contract with ``run_all.py``)."""
    sys.stdout.write(json.dumps(document, indent=2) + "\n")
    sys.stdout.flush()


def note(message: str) -> None:
    """Progress for humans, on stderr so stdout stays one JSON document."""
    sys.stderr.write("[%s] %s\n" % (time.strftime("%H:%M:%S"), message))
    sys.stderr.flush()
