# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: power status of 50 ipmi_sim BMCs, one bulk bmc_power task vs. a loop of community.general.ipmi_power.

Run from the repository root: ``.venv/bin/python benchmarks/bench_bmc_bulk.py [--count 50] [--workers 16]``.

Both sides do the same work against the same 50 real OpenIPMI ``ipmi_sim`` instances (127.0.0.1, started
for the run, stopped at the end): log in to every BMC and read its power state, in one ``ansible-playbook``
run each, on localhost, and the playbook's wall time is measured.

* ours: one ``metalfleet.datacenter.bmc_power`` task, ``state: status``, ``targets:`` listing the 50 BMCs;
* theirs: one ``community.general.ipmi_power`` task looping over the 50 BMCs.  That module has no
  status-only mode (``state`` or ``machine`` is required), so it runs with ``check_mode: true`` and
  ``state: "on"``: it logs in, reads the power state and reports what it would do, sending nothing.

community.general comes from the ``ansible`` PyPI package, installed with pyghmi into a separate venv
``.build/bench-venv`` that this benchmark creates on first use (the project's venv stays small).
Prints one JSON document: both wall times, the ratio, and the target (ours at least 5x faster).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import _support

from tests.support.playbook import INVENTORY, playbook_env

sys.path.insert(0, os.path.join(_support.REPO_ROOT, "tests", "lab"))
import ipmisim  # noqa: E402  pylint: disable=wrong-import-position

BENCH_VENV = os.path.join(_support.BUILD_DIR, "bench-venv")
BENCH_PACKAGES = ("ansible", "pyghmi")
TARGET_RATIO = 5.0


def bench_python() -> str:
    return os.path.join(BENCH_VENV, "bin", "python")


def ensure_bench_venv() -> dict:
    """Create ``.build/bench-venv`` with ansible (community.general) and pyghmi unless it is there already."""
    started = time.monotonic()
    marker = os.path.join(BENCH_VENV, "bin", "ansible-playbook")
    created = False
    if not os.path.exists(marker):
        _support.note("creating %s with %s (once)" % (os.path.relpath(BENCH_VENV, _support.REPO_ROOT), ", ".join(BENCH_PACKAGES)))
        subprocess.run([sys.executable, "-m", "venv", BENCH_VENV], check=True)
        subprocess.run([bench_python(), "-m", "pip", "install", "--quiet", *BENCH_PACKAGES], check=True)
        created = True
    versions = subprocess.run(
        [bench_python(), "-c", "import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in %r}))"
         % (BENCH_PACKAGES + ("ansible-core",),)],
        check=True, capture_output=True, text=True).stdout
    return {"created": created, "seconds": round(time.monotonic() - started, 1), "versions": json.loads(versions)}


def write_playbook(path: str, tasks: list) -> str:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([{"name": "bench", "hosts": "localhost", "gather_facts": False, "tasks": tasks}], handle)
    return path


def run_timed(ansible_playbook: str, playbook: str, workdir: str, extra_vars: dict) -> dict:
    """Wall time of one ansible-playbook run (results recorded by the tests' callback)."""
    env = playbook_env("sqlite://" + os.path.join(workdir, "unused.db"), workdir)
    results_file = os.path.join(workdir, "results-%s.jsonl" % os.path.basename(playbook))
    env["METALFLEET_RESULTS_FILE"] = results_file
    argv = [ansible_playbook, "-i", INVENTORY, playbook, "-e", json.dumps(extra_vars)]
    started = time.monotonic()
    proc = subprocess.run(argv, env=env, cwd=workdir, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError("ansible-playbook failed (%d):\n%s" % (proc.returncode, proc.stdout[-3000:]))
    with open(results_file, encoding="utf-8") as handle:
        results = [json.loads(line) for line in handle if line.strip()]
    return {"seconds": round(seconds, 2), "results": results}


def ours(workdir: str, bmcs: list, workers: int) -> dict:
    tasks = [{"name": "status", "metalfleet.datacenter.bmc_power": {
        "targets": "{{ bench_targets }}", "state": "status", "driver": "ipmi", "workers": workers,
        "bmc_username": "{{ bench_user }}", "bmc_password": "{{ bench_password }}", "timeout": 5, "retries": 1}}]
    extra = {"bench_targets": [{"name": b.name, "host": b.host, "port": b.port} for b in bmcs],
             "bench_user": bmcs[0].username, "bench_password": bmcs[0].password}
    run = run_timed(os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
                    write_playbook(os.path.join(workdir, "ours.json"), tasks), workdir, extra)
    result = run["results"][-1]["result"]
    assert result["summary"]["ok"] == len(bmcs), result.get("msg")
    return {"seconds": run["seconds"], "module_bmc_seconds": result["elapsed"], "states": sorted({e["power"] for e in result["results"]})}


def theirs(workdir: str, bmcs: list) -> dict:
    tasks = [{"name": "status", "check_mode": True, "loop": "{{ bench_targets }}",
              "community.general.ipmi_power": {"name": "{{ item.host }}", "port": "{{ item.port }}", "user": "{{ bench_user }}",
                                               "password": "{{ bench_password }}", "state": "on", "timeout": 30}}]
    extra = {"bench_targets": [{"host": b.host, "port": b.port} for b in bmcs],
             "bench_user": bmcs[0].username, "bench_password": bmcs[0].password}
    env_python = {"ansible_python_interpreter": bench_python()}
    extra.update(env_python)
    run = run_timed(os.path.join(BENCH_VENV, "bin", "ansible-playbook"),
                    write_playbook(os.path.join(workdir, "theirs.json"), tasks), workdir, extra)
    items = [r for r in run["results"] if r["status"] == "item_ok"]
    assert len(items) == len(bmcs), "community.general.ipmi_power did not answer for every BMC"
    # in check mode the module reports the state it would set; "changed" says it read a different current state
    return {"seconds": run["seconds"], "would_change": sum(1 for r in items if r["result"].get("changed"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    venv = ensure_bench_venv()
    load_before = _support.machine_load()
    with _support.scratch_dir("bmc-bulk-") as workdir:
        with ipmisim.IpmiSimLab(os.path.join(workdir, "bmcs")) as lab:
            _support.note("starting %d ipmi_sim instances" % args.count)
            bmcs = lab.start(args.count)
            _support.note("bulk bmc_power task")
            mine = ours(workdir, bmcs, args.workers)
            _support.note("looping community.general.ipmi_power")
            other = theirs(workdir, bmcs)
    ratio = round(other["seconds"] / mine["seconds"], 2)
    _support.emit({
        "benchmark": "bmc_bulk",
        "bmcs": args.count,
        "work": "log in to every BMC and read its power state, one ansible-playbook run each",
        "ours": dict(mine, how="one metalfleet.datacenter.bmc_power task, state=status, targets=%d, workers=%d" % (args.count, args.workers)),
        "theirs": dict(other, how="community.general.ipmi_power looped over %d BMCs (check_mode, state=on: reads only)" % args.count),
        "ratio_theirs_over_ours": ratio,
        "bench_venv": venv,
        "machine_load": {"before": load_before, "after": _support.machine_load()},
        "targets": [_support.target("bulk bmc_power vs looped ipmi_power (times faster)", ratio, minimum=TARGET_RATIO)],
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
