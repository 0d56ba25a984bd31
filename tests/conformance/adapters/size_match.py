# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter for size_match.json: sizes + hardware -> size id, no_match or multiple_matches."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import match_size


def run_case(case: dict, ctx=None) -> None:
    """Match the hardware against the sizes and compare with the expected outcome."""
    result = match_size(case["input"]["sizes"], case["input"]["hardware"])
    expected = case["expected"]
    if "size_id" in expected:
        assert result.size_id == expected["size_id"], f"expected size {expected['size_id']!r}, got {result.size_id!r} ({result.reason})"
        return
    error = expected.get("error")
    actual = {0: "no_match", 1: "match"}.get(len(result.matched_ids), "multiple_matches")
    assert actual == error, f"expected {error}, got {actual}: {result.reason}"
    assert result.size_id == "unknown", f"an unmatched machine must get size 'unknown', got {result.size_id!r}"
