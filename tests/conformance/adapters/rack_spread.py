# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter: MEP-12 rack spreading cases -> machines.placement.

Kinds: ``spread_across_racks`` (candidate set, compared as the sorted set of
candidate racks and, when given, candidate machine ids), ``elect_racks`` and
``intersect``.  The reference picks the final machine at random; we pick the
lowest id among the candidates, so only candidate sets are compared here, and
the adapter additionally checks that the pick is one of the candidates.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.placement import (
    choose_machine,
    elect_racks,
    intersect_racks,
    rack_of,
    spread_across_racks,
)


def _machines(raw, prefix):
    """Case machines lack ids: give each a stable one unless it has its own."""
    machines = []
    for index, item in enumerate(raw or []):
        machine = dict(item)
        machine.setdefault("id", f"{prefix}-{index:05d}")
        machine.setdefault("tags", [])
        machines.append(machine)
    return machines


def _compare(case, key, actual):
    expected = case["expected"][key]
    assert actual == expected, f"{case['id']}: {key} expected {expected!r}, got {actual!r}"


def _run_spread(case):
    data = case["input"]
    available = _machines(data.get("available_machines"), "available")
    project = _machines(data.get("project_machines"), "project")
    candidates = spread_across_racks(available, project, data.get("placement_tags") or [])
    actual = {
        "candidate_racks_sorted": sorted({rack_of(machine) for machine in candidates}),
        "candidate_ids_sorted": sorted(machine["id"] for machine in candidates),
        "candidate_count": len(candidates),
    }
    if candidates:
        assert choose_machine(candidates) in candidates, f"{case['id']}: the pick is not a candidate"
    return actual


def _run_elect(case):
    data = case["input"]
    return {"winners_sorted": sorted(elect_racks(data.get("all_racks") or [], data.get("occupied_counts") or {}))}


def _run_intersect(case):
    data = case["input"]
    return {"result_sorted": sorted(intersect_racks(data.get("a") or [], data.get("b") or []))}


RUNNERS = {
    "spread_across_racks": _run_spread,
    "elect_racks": _run_elect,
    "intersect": _run_intersect,
}


def run_case(case: dict, ctx=None) -> None:
    """Run one case; AssertionError on mismatch or on an expectation this adapter cannot check."""
    runner = RUNNERS.get(case.get("kind"))
    assert runner is not None, f"{case['id']}: unsupported case kind {case.get('kind')!r}"
    actual = runner(case)
    unknown = sorted(set(case["expected"]) - set(actual))
    assert not unknown, f"{case['id']}: adapter cannot check expected keys {unknown}"
    for key in case["expected"]:
        _compare(case, key, actual[key])
