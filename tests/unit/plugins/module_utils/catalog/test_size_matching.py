# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of size matching (range check + exhaustive coverage)."""
from __future__ import annotations

import random

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.goglob import glob_match
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import (
    SizeMatcher,
    hardware_from_dict,
    match_size,
    readable_spec,
)


def size(size_id, *constraints):
    return {"id": size_id, "constraints": [dict(zip(("type", "min", "max", "identifier"), c)) for c in constraints]}


def machine(memory=1024, cpus=(("Intel Xeon", 1),), disks=(), gpus=()):
    return {"memory": memory, "cpus": [{"model": m, "cores": c, "threads": c} for m, c in cpus],
            "disks": [{"name": n, "size": s} for n, s in disks], "gpus": [{"vendor": "x", "model": m} for m in gpus], "nics": []}


BASE = (("cores", 1, 1, ""), ("memory", 1024, 1024, ""))


def test_single_match():
    result = match_size([size("s", *BASE)], machine())
    assert (result.size_id, result.matched_ids) == ("s", ("s",))
    assert '"s"' in result.reason


def test_no_match_reports_the_hardware():
    result = match_size([size("s", *BASE)], machine(memory=2048, disks=(("/dev/sda", 3000),)))
    assert result.size_id == "unknown" and result.matched_ids == ()
    assert result.reason == "no size found for hardware (CPUs: 1, Memory: 2.0 kB, Storage: 3.0 kB, GPUs: 0)"


def test_multiple_matches_name_all_sizes():
    sizes = [size("a", *BASE, ("storage", 0, 1024, "")), size("b", *BASE, ("storage", 0, 10, ""))]
    result = match_size(sizes, machine())
    assert result.size_id == "unknown"
    assert result.matched_ids == ("a", "b")
    assert result.reason.startswith("2 sizes found for hardware (") and result.reason.endswith('"a", "b"')


def test_memory_and_cores_must_be_covered():
    assert match_size([size("no-cores", ("memory", 1024, 1024, ""))], machine()).size_id == "unknown"
    assert match_size([size("no-memory", ("cores", 1, 1, ""))], machine()).size_id == "unknown"
    assert match_size([size("memory-glob", ("cores", 1, 1, ""), ("memory", 1024, 1024, "x"))], machine()).size_id == "unknown"


def test_every_disk_and_gpu_must_be_covered_by_an_in_range_constraint():
    disks = (("/dev/nvme0n1", 2048), ("/dev/sda", 512))
    split = size("split", *BASE, ("storage", 2048, 4096, "/dev/nvme*"), ("storage", 0, 1024, "/dev/sd*"))
    nvme_only = size("nvme", *BASE, ("storage", 2048, 4096, "/dev/nvme*"))
    assert match_size([split, nvme_only], machine(disks=disks)).size_id == "split"
    assert match_size([size("plain", *BASE)], machine(gpus=["H100"])).size_id == "unknown"


def test_star_does_not_cross_slashes_and_brackets_are_classes():
    star = size("star", *BASE, ("storage", 1, 4096, "*"))
    assert match_size([star], machine(disks=(("/dev/sda", 100),))).size_id == "unknown"
    literal = "AD102GL [RTX 6000 Ada Generation]"
    raw = size("raw", *BASE, ("gpu", 1, 1, literal))
    assert match_size([raw], machine(gpus=[literal])).size_id == "unknown"
    assert match_size([size("glob", *BASE, ("gpu", 1, 1, "AD102GL*"))], machine(gpus=[literal])).size_id == "glob"


def test_sizes_without_constraints_and_with_bad_globs_never_match():
    sizes = [size("empty"), size("bad", *BASE, ("storage", 0, 100, "[")), size("good", *BASE, ("storage", 0, 100, ""))]
    # the malformed glob matches no disk: capacity 0 is in range, but /dev/sda stays uncovered
    assert match_size(sizes, machine(disks=(("/dev/sda", 10),))).size_id == "good"


def test_hardware_normalisation_ignores_extra_keys():
    hardware = hardware_from_dict({"memory": "1KiB", "cpus": [{"model": "x", "cores": 2}], "nics": [1], "disks": None})
    assert hardware.memory == 1024 and hardware.cpus == (("x", 2),) and hardware.disks == ()
    assert readable_spec(hardware) == "CPUs: 2, Memory: 1.0 kB, Storage: 0 B, GPUs: 0"


def _reference_match(sizes, hw):
    """Direct, unoptimised restatement of the two-pass algorithm for cross-checking."""
    items = {"cores": [(c["model"], c["cores"]) for c in hw["cpus"]], "storage": [(d["name"], d["size"]) for d in hw["disks"]],
             "gpu": [(g["model"], 1) for g in hw["gpus"]], "memory": [("", hw["memory"])]}

    def capacity(c):
        matched = [i for i, (name, _amount) in enumerate(items[c["type"]]) if not c["identifier"] or glob_match(c["identifier"], name)]
        return sum(items[c["type"]][i][1] for i in matched), set(matched)

    found = []
    for s in sizes:
        cs = s["constraints"]
        if not cs:
            continue
        ok = all(c["min"] <= (hw["memory"] if c["type"] == "memory" else capacity(c)[0]) <= c["max"] for c in cs)
        for t in ("cores", "memory", "storage", "gpu"):
            unmatched = set(range(len(items[t])))
            for c in (c for c in cs if c["type"] == t):
                total, matched = capacity(c)
                if c["min"] <= total <= c["max"]:
                    unmatched -= matched
            ok = ok and not unmatched
        if ok:
            found.append(s["id"])
    return found


def test_optimised_matcher_agrees_with_the_plain_algorithm():
    rng = random.Random(7)
    models = ["Intel Xeon", "AMD EPYC", "H100", "A100"]
    sizes = []
    for index in range(40):
        constraints = [("cores", rng.randint(0, 4), rng.randint(4, 9), rng.choice(["", "Intel*", "AMD*"])),
                       ("memory", rng.choice([0, 512, 1024]), rng.choice([1024, 4096]), rng.choice(["", "", "*"]))]
        if rng.random() < 0.7:
            constraints.append(("storage", rng.randint(0, 500), rng.randint(500, 5000), rng.choice(["", "/dev/sd*", "/dev/nvme*"])))
        if rng.random() < 0.3:
            constraints.append(("gpu", rng.randint(0, 1), rng.randint(1, 3), rng.choice(["H100*", "A100*", "?100"])))
        sizes.append(size(f"s{index}", *constraints))
    matcher = SizeMatcher(sizes)
    for _round in range(300):
        hw = machine(
            memory=rng.choice([512, 1024, 2048]),
            cpus=[(rng.choice(models[:2]), rng.randint(1, 4)) for _cpu in range(rng.randint(0, 2))],
            disks=[(rng.choice(["/dev/sda", "/dev/nvme0n1", "/dev/sdb"]), rng.randint(0, 2500)) for _disk in range(rng.randint(0, 3))],
            gpus=[rng.choice(models[2:]) for _gpu in range(rng.randint(0, 2))],
        )
        assert matcher.matching_ids(hw) == _reference_match(sizes, hw)
