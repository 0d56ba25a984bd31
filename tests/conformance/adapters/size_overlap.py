# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter for size_overlap.json (constraint pairs, size pairs, size against a list).

Expected keys may carry an API suffix: ``overlaps_v2`` / ``overlapping_size_id_v2`` use the
metal-apiserver rule (an empty size overlaps everything), ``_v1`` keys metal-api's; unsuffixed keys
follow ``input.api`` when given, else metal-api.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import constraint_from_dict, size_from_dict
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_overlap import (
    constraints_overlap,
    find_overlapping_size,
    sizes_overlap,
)


def _actual(kind: str, data: dict, empty_overlaps: bool):
    if kind == "constraint_overlaps":
        return constraints_overlap(constraint_from_dict(data["this"]), constraint_from_dict(data["other"]))
    if kind == "size_overlaps_pair":
        return sizes_overlap(size_from_dict(data["this"]), size_from_dict(data["other"]), empty_overlaps)
    if kind == "size_overlaps_list":
        existing = [size_from_dict(size) for size in data["existing_sizes"]]
        found = find_overlapping_size(size_from_dict(data["size"]), existing, empty_overlaps)
        return None if found is None else found.id
    raise AssertionError(f"size_overlap adapter does not know case kind {kind!r}")


def run_case(case: dict, ctx=None) -> None:
    """Compare every expected value (per API flavour) with the computed overlap."""
    checked = 0
    for key, expected in case["expected"].items():
        base = key[:-3] if key.endswith(("_v1", "_v2")) else key
        if base not in ("overlaps", "overlapping_size_id"):
            continue
        empty_overlaps = key.endswith("_v2") or (not key.endswith("_v1") and case["input"].get("api") == "v2")
        actual = _actual(case["kind"], case["input"], empty_overlaps)
        assert actual == expected, f"{key}: expected {expected!r}, got {actual!r}"
        checked += 1
    assert checked, f"no comparable expectation in {sorted(case['expected'])}"
