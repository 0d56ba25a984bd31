# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: match 10,000 synthetic machines against 200 sizes in-process; prints one JSON line.

Run from the repository root: ``.venv/bin/python benchmarks/bench_size_match.py``.
The data is generated from a fixed seed: 50 memory bands x (Intel|AMD) x (with|without GPU)
sizes, machines spread over them with memory/disk jitter and ~10 % unmatched machines.
"""
from __future__ import annotations

import json
import os
import random
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests"))
# makes the collection importable as ansible_collections.metalfleet.datacenter
import conftest  # noqa: E402,F401 pylint: disable=unused-import,wrong-import-position

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import SizeMatcher  # noqa: E402

GIB = 1024 ** 3
RECORDS = 10_000
BANDS = 50
CPU_MODELS = {"intel": ["Intel Xeon Silver 4114", "Intel Xeon Gold 6338", "Intel Xeon Platinum 8370C"],
              "amd": ["AMD EPYC 7543 32-Core", "AMD EPYC 9354P", "AMD Ryzen 9 7950X"]}
GPU_MODEL = "AD102GL [RTX 6000 Ada Generation]"


def build_sizes() -> list:
    sizes = []
    for band in range(BANDS):
        memory_low, memory_high = (band + 1) * 16 * GIB, (band + 1) * 16 * GIB + 15 * GIB
        for vendor, glob in (("intel", "Intel*"), ("amd", "AMD*")):
            for gpus in (0, 2):
                constraints = [
                    {"type": "cores", "min": 8, "max": 128, "identifier": glob},
                    {"type": "memory", "min": memory_low, "max": memory_high, "identifier": ""},
                    {"type": "storage", "min": 100 * 10 ** 9, "max": 8 * 10 ** 12, "identifier": "/dev/nvme*"},
                ]
                if gpus:
                    constraints.append({"type": "gpu", "min": gpus, "max": gpus, "identifier": "AD102GL*"})
                sizes.append({"id": f"b{band}-{vendor}-g{gpus}", "constraints": constraints})
    return sizes


def build_machines(rng: random.Random) -> list:
    machines = []
    for _record in range(RECORDS):
        band = rng.randrange(BANDS)
        vendor = rng.choice(("intel", "amd"))
        sockets = rng.choice((1, 2))
        machines.append({
            "memory": (band + 1) * 16 * GIB + rng.randrange(0, 15 * GIB + 1, 4096),
            "cpus": [{"vendor": vendor, "model": rng.choice(CPU_MODELS[vendor]), "cores": rng.choice((8, 16, 32)), "threads": 2}
                     for _socket in range(sockets)],
            "gpus": [{"vendor": "NVIDIA", "model": GPU_MODEL} for _gpu in range(rng.choice((0, 2, 2, 3)) if rng.random() < 0.5 else 0)],
            "disks": [{"name": f"/dev/nvme{index}n1", "size": rng.randrange(50, 4000) * 10 ** 9} for index in range(rng.randrange(1, 5))]
            + ([{"name": "/dev/sda", "size": 240 * 10 ** 9}] if rng.random() < 0.05 else []),
            "nics": [],
        })
    return machines


def main() -> None:
    rng = random.Random(20260101)
    sizes, machines = build_sizes(), build_machines(rng)
    matcher = SizeMatcher(sizes)
    started = time.perf_counter()
    results = [matcher.match(machine) for machine in machines]
    elapsed = time.perf_counter() - started
    print(json.dumps({
        "benchmark": "size_match",
        "records": len(machines),
        "sizes": len(sizes),
        "matches_per_second": round(len(machines) / elapsed),
    }))
    assert any(result.size_id != "unknown" for result in results), "the synthetic fleet should match some sizes"


if __name__ == "__main__":
    main()
