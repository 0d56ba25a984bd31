# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter for size_suggest.json: suggested constraints and the longest-common-prefix helper.

The collection glob-escapes suggested identifiers (so a suggestion matches its own
machine); cases expecting raw bracketed GPU models are listed as deviations.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_suggest import (
    longest_common_prefix,
    suggest_constraints,
)


def _sorted_gpus(constraints: list) -> list:
    """Fixed order for the GPU part, whose upstream order is Go map iteration (random)."""
    head = [c for c in constraints if c["type"] != "gpu"]
    gpus = sorted((c for c in constraints if c["type"] == "gpu"), key=lambda c: c["identifier"])
    return head + gpus


def run_case(case: dict, ctx=None) -> None:
    """Compute the suggestion or the prefix pattern and compare."""
    data, expected = case["input"], case["expected"]
    if "strings" in data:
        actual = longest_common_prefix(data["strings"])
        assert actual == expected["pattern"], f"expected {expected['pattern']!r}, got {actual!r}"
        return
    if "hardware" in data:
        actual = _sorted_gpus(suggest_constraints(data["hardware"]))
        wanted = _sorted_gpus([{"identifier": "", **c} for c in expected["constraints"]])
        assert actual == wanted, f"expected {wanted}, got {actual}"
        return
    raise AssertionError(f"size_suggest adapter cannot interpret input keys {sorted(data)}")
