# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter for size_reservations.json: allocation check, partition filter, usage rows."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.reservations import (
    check_size_reservations,
    for_partition,
    reservation_usage,
)


def _check(data: dict, expected: dict) -> None:
    allowed = check_size_reservations(
        data["available_machine_ids"], data["project"], data.get("allocated_machine_ids_by_project") or {}, data["reservations"]
    )
    assert allowed == expected["allocation_allowed"], f"expected allocation_allowed={expected['allocation_allowed']}, got {allowed}"


def _for_partition(data: dict, expected: dict) -> None:
    actual = [r.to_dict() for r in for_partition(data["reservations"], data["partition"])]
    wanted = expected["reservations"]
    assert len(actual) == len(wanted), f"expected {len(wanted)} reservations, got {len(actual)}: {actual}"
    for got, want in zip(actual, wanted):
        projected = {key: got.get(key) for key in want}
        assert projected == want, f"expected {want}, got {projected}"


def _usage(data: dict, expected: dict) -> None:
    actual = reservation_usage(data["reservations"], data["machines"])
    wanted = expected["usage"]
    projected = [{key: row.get(key) for key in want} for row, want in zip(actual, wanted)]
    assert len(actual) == len(wanted) and projected == wanted, f"expected {wanted}, got {actual}"


_KINDS = {"check_size_reservations": _check, "for_partition": _for_partition, "reservation_usage": _usage}


def run_case(case: dict, ctx=None) -> None:
    """Dispatch on the case kind."""
    handler = _KINDS.get(case.get("kind"))
    if handler is None:
        raise AssertionError(f"size_reservations adapter does not know case kind {case.get('kind')!r}")
    handler(case["input"], case["expected"])
