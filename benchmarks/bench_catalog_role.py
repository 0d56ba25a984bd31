# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: apply the catalog role with 200 sizes and 500 images through ansible-playbook; prints one JSON document.

Run from the repository root: ``.venv/bin/python benchmarks/bench_catalog_role.py [--sizes 200] [--images 500]``.
A fresh SQLite store gets 4 partitions, the sizes (disjoint memory bands, half of them with a reservation)
and the images (Ubuntu, Debian and firewall images with build-date patches) in one playbook run that
includes ``metalfleet.datacenter.catalog`` with ``catalog_prune: true``; the run is then repeated and
must change nothing.  Reported: the role's own wall time (two clock tasks frame it) and the whole
playbook's, for both runs.
"""
from __future__ import annotations

import argparse

import _support


GIB = 1024 ** 3
ROLE_TASK = "apply the catalog"
#: "seconds, not minutes" (issue 3)
TARGET_SECONDS = 30


def partitions() -> list:
    return [{"id": "bench-%d" % index, "name": "Bench partition %d" % index, "dns_servers": ["192.0.2.53"],
             "boot": {"kernel_url": "https://boot.example/kernel", "command_line": "console=ttyS0"}} for index in range(4)]


def sizes(count: int) -> list:
    result = []
    for index in range(count):
        size = {"id": "s%03d-x86" % index, "name": "size %d" % index, "labels": {"band": str(index)}, "constraints": [
            {"type": "cores", "min": 8, "max": 128, "identifier": "Intel*" if index % 2 else "AMD*"},
            {"type": "memory", "min": "%dGiB" % (index * 8 + 1), "max": "%dGiB" % (index * 8 + 8)},
            {"type": "storage", "min": "100GB", "max": "16TB", "identifier": "/dev/nvme*"}]}
        if index % 2:
            size["reservations"] = [{"amount": 1 + index % 3, "project": "project-%d" % (index % 7), "partitions": ["bench-0", "bench-1"]}]
        result.append(size)
    return result


def images(count: int) -> list:
    kinds = (("ubuntu", "24.4", "machine"), ("debian", "13.0", "machine"), ("firewall-ubuntu", "3.0", "firewall"))
    result = []
    for index in range(count):
        os_name, version, feature = kinds[index % len(kinds)]
        build = 20250101 + index
        result.append({"id": "%s-%s.%d" % (os_name, version, build), "url": "https://images.example/%s/%d.tar.lz4" % (os_name, build),
                       "features": [feature], "classification": "supported" if index % 5 == 0 else "preview",
                       "expiration": "2099-12-31"})
    return result


def playbook(size_count: int, image_count: int) -> list:
    return _support.clocked_play([], [
        {"name": ROLE_TASK, "ansible.builtin.include_role": {"name": "metalfleet.datacenter.catalog"},
         "vars": {"catalog_partitions": partitions(), "catalog_sizes": sizes(size_count), "catalog_images": images(image_count),
                  "catalog_prune": True}},
    ], name="catalog role benchmark")


def timed_role_run(plays, dsn: str, workdir: str) -> dict:
    timed = _support.timed_run(plays, dsn, workdir)
    changed = [r["task"] for r in timed.pop("run").results if r["result"].get("changed")]
    return {"role_seconds": timed["task_seconds"], "playbook_seconds": timed["playbook_seconds"], "changed_tasks": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, default=200)
    parser.add_argument("--images", type=int, default=500)
    args = parser.parse_args()
    plays = playbook(args.sizes, args.images)
    load_before = _support.machine_load()
    with _support.scratch_dir("catalog-role-") as directory:
        dsn = "sqlite://%s/fleet.db" % directory
        _support.note("applying %d sizes and %d images" % (args.sizes, args.images))
        first = timed_role_run(plays, dsn, directory)
        _support.note("applying them again (no change expected)")
        again = timed_role_run(plays, dsn, directory)
    if not first["changed_tasks"] or again["changed_tasks"]:
        raise AssertionError("expected changes in the first run only: %r / %r" % (first["changed_tasks"], again["changed_tasks"]))
    _support.emit({
        "benchmark": "catalog_role",
        "sizes": args.sizes,
        "images": args.images,
        "wall_seconds": first["role_seconds"],
        "playbook_seconds": first["playbook_seconds"],
        "unchanged_run": {"wall_seconds": again["role_seconds"], "playbook_seconds": again["playbook_seconds"]},
        "store": "sqlite (WAL, synchronous=FULL)",
        "machine_load": {"before": load_before, "after": _support.machine_load()},
        "targets": [_support.target("catalog role with %d sizes and %d images (role wall time)" % (args.sizes, args.images),
                                    first["role_seconds"], maximum=TARGET_SECONDS, unit="s")],
    })


if __name__ == "__main__":
    main()
