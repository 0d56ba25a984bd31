# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter for size_validate.json: size constraint and size-reservation validation."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.reservations import reservation_problem
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import constraint_from_dict
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_validation import size_validation_message


def _check_size(data: dict, expected: dict) -> None:
    constraints = [constraint_from_dict(item, f"constraints[{index}]") for index, item in enumerate(data.get("constraints") or [])]
    for api in ("v1", "v2"):
        message = size_validation_message(data.get("size_id", ""), constraints, api)
        if f"error_{api}" in expected:
            assert message == expected[f"error_{api}"], f"{api}: expected {expected[f'error_{api}']!r}, got {message!r}"
        if "valid" in expected:
            assert (message is None) == expected["valid"], f"{api}: expected valid={expected['valid']}, got {message!r}"


def _check_reservations(data: dict, expected: dict) -> None:
    message = None
    for reservation in data["reservations"]:
        problem = reservation_problem(reservation, data.get("existing_sizes", []), data.get("existing_partitions", []),
                                      data.get("existing_projects", []))
        if problem:
            message = problem[1]
            break
    if "valid" in expected:
        assert (message is None) == expected["valid"], f"expected valid={expected['valid']}, got {message!r}"
    if "error" in expected:
        assert message == expected["error"], f"expected {expected['error']!r}, got {message!r}"


def run_case(case: dict, ctx=None) -> None:
    """Validate the size or the reservations of the case and compare the messages."""
    data = case["input"]
    if "reservations" in data:
        _check_reservations(data, case["expected"])
    elif "constraints" in data:
        _check_size(data, case["expected"])
    else:
        raise AssertionError(f"size_validate adapter cannot interpret input keys {sorted(data)}")
