# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run every ``benchmarks/bench_*.py`` in its own process and print their JSON documents as one (``make bench``).

Usage: ``.venv/bin/python benchmarks/run_all.py [--timeout SECONDS] [--only NAME ...]``

Each benchmark runs with this interpreter, from the repository root, one after the other (sorted by
file name), with a timeout, and must print one JSON document on stdout.  The combined document
``{"benchmarks": [...], "failed": [...], "missed_targets": [...]}`` is printed and written to
``.build/bench-results.json``.  The exit status is non-zero when a benchmark crashed, timed out or
printed no JSON; a missed target is only reported (``missed_targets``), it is not a failure.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
RESULTS_FILE = os.path.join(REPO_ROOT, ".build", "bench-results.json")
DEFAULT_TIMEOUT = 600
#: seconds a timed-out benchmark gets to clean up after SIGTERM before it is killed.
CLEANUP_GRACE = 30


def discover(only=None) -> list:
    paths = sorted(glob.glob(os.path.join(HERE, "bench_*.py")))
    if only:
        paths = [p for p in paths if os.path.basename(p)[:-3] in only or os.path.basename(p)[len("bench_"):-3] in only]
    return paths


def parse_output(stdout: str):
    """The benchmark's JSON document: the whole stdout, or else its last line that is JSON."""
    try:
        return json.loads(stdout)
    except ValueError:
        pass
    for line in reversed(stdout.strip().splitlines()):
        try:
            return json.loads(line)
        except ValueError:
            continue
    return None


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join((text or "").strip().splitlines()[-lines:])


def _signal_session(pid: int, signum) -> None:
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass


def _run_process(argv, timeout: int):
    """Run ``argv`` in a session of its own; on timeout end the whole session (servers and playbooks it started)."""
    proc = subprocess.Popen(argv, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # SIGTERM first: the benchmark turns it into SystemExit, so its clean-up (servers, scratch) runs
        _signal_session(proc.pid, signal.SIGTERM)
        try:
            stdout, stderr = proc.communicate(timeout=CLEANUP_GRACE)
        except subprocess.TimeoutExpired:
            _signal_session(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
        return None, stdout, stderr
    return proc.returncode, stdout, stderr


def run_one(path: str, timeout: int):
    """Run one benchmark; returns (entry, failure or None)."""
    name = os.path.basename(path)[:-3]
    sys.stderr.write("run_all: %s ...\n" % name)
    sys.stderr.flush()
    started = time.perf_counter()
    returncode, stdout, stderr = _run_process([sys.executable, path], timeout)
    seconds = round(time.perf_counter() - started, 1)
    result = parse_output(stdout)
    entry = {"name": name, "seconds": seconds, "result": result}
    if returncode is None:
        return entry, {"name": name, "reason": "timed out after %d s" % timeout, "stderr": _tail(stderr)}
    if returncode != 0:
        return entry, {"name": name, "reason": "exit status %d" % returncode, "stderr": _tail(stderr)}
    if not isinstance(result, dict):
        return entry, {"name": name, "reason": "no JSON document on stdout", "stdout": _tail(stdout)}
    return entry, None


def missed_targets(entries) -> list:
    missed = []
    for entry in entries:
        result = entry["result"] if isinstance(entry["result"], dict) else {}
        for item in result.get("targets", []):
            if isinstance(item, dict) and item.get("meets_target") is False:
                missed.append(dict(item, benchmark=entry["name"]))
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every benchmarks/bench_*.py and combine their JSON output.")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per benchmark (default %d)" % DEFAULT_TIMEOUT)
    parser.add_argument("--only", action="append", help="run only this benchmark (e.g. ipam or bench_ipam); repeatable")
    args = parser.parse_args()
    entries, failed = [], []
    for path in discover(args.only):
        entry, failure = run_one(path, args.timeout)
        entries.append(entry)
        if failure:
            failed.append(failure)
    document = {"benchmarks": entries, "failed": failed, "missed_targets": missed_targets(entries)}
    text = json.dumps(document, indent=2)
    os.makedirs(os.path.dirname(RESULTS_FILE), exist_ok=True)
    with open(RESULTS_FILE, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    sys.stdout.write(text + "\n")
    sys.stderr.write("run_all: %d benchmarks, %d failed, %d targets missed; results in %s\n"
                     % (len(entries), len(failed), len(document["missed_targets"]), os.path.relpath(RESULTS_FILE, REPO_ROOT)))
    return 1 if failed or not entries else 0


if __name__ == "__main__":
    sys.exit(main())
