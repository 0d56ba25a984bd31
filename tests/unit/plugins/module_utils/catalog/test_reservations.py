# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of size reservations."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.reservations import (
    check_size_reservations,
    for_partition,
    reservation_capacity,
    reservation_from_dict,
    reservation_problem,
    reservation_usage,
    validate_reservation,
)

EXISTING = (["c1"], ["a", "b"], ["p1", "p2"])


def reservation(**overrides):
    data = {"sizeid": "c1", "amount": 2, "projectid": "p1", "partitionids": ["a"]}
    data.update(overrides)
    return data


@pytest.mark.parametrize("overrides, field, message", [
    ({"amount": 0}, "amount", "amount must be a positive integer"),
    ({"sizeid": "c9", "partitionids": ["zz"]}, "sizeid", "size must exist before creating a size reservation"),
    ({"partitionids": []}, "partitionids", "at least one partition id must be specified"),
    ({"partitionids": ["a", "zz"]}, "partitionids", "partition must exist before creating a size reservation"),
    ({"partitionids": ["a", "b", "a"]}, "partitionids", "partitions must not contain duplicates"),
    ({"projectid": ""}, "projectid", "project id must be specified"),
    ({"projectid": "p9"}, "projectid", "project must exist before creating a size reservation"),
])
def test_validation_order_and_messages(overrides, field, message):
    assert reservation_problem(reservation(**overrides), *EXISTING) == (field, message)
    with pytest.raises(ValidationError) as info:
        validate_reservation(reservation(**overrides), *EXISTING)
    assert info.value.field == field


def test_v2_skips_the_duplicate_check():
    assert reservation_problem(reservation(partitionids=["a", "a"]), *EXISTING, check_duplicates=False) is None


def test_amount_type_is_checked():
    with pytest.raises(ValidationError):
        reservation_from_dict(reservation(amount="3"))


def test_sequence_from_the_reference():
    """5 machines, p1 reserves 1 and p2 reserves 2 (the reference's worked sequence)."""
    reservations = [reservation(amount=1, projectid="p1"), reservation(amount=2, projectid="p2")]
    available = ["m1", "m2", "m3", "m4", "m5"]
    allocated = {}

    def attempt(project):
        allowed = check_size_reservations(available, project, allocated, reservations)
        if allowed:
            allocated.setdefault(project, []).append(available.pop(0))
        return allowed

    assert [attempt(p) for p in ("p0", "p2", "p0", "p0", "p2", "p0", "p2", "p1")] == [True, True, True, False, True, False, False, True]
    assert available == []


def test_no_reservations_always_allowed_and_counts_work():
    assert check_size_reservations(1, "p0", {}, [])
    assert not check_size_reservations(2, "p0", {"p1": 0}, [reservation(amount=2)])
    assert check_size_reservations(3, "p0", {"p1": 1}, [reservation(amount=2)])


def test_for_partition_keeps_order():
    reservations = [reservation(partitionids=["a", "b"], id="1"), reservation(partitionids=["b"], id="2"), reservation(id="3")]
    assert [r.id for r in for_partition(reservations, "a")] == ["1", "3"]


def test_usage_rows_per_partition():
    machines = [{"sizeid": "c1", "partitionid": "a", "allocation_project": "p1"}] * 3 + [
        {"sizeid": "c1", "partitionid": "b", "allocation_project": "p2"}, {"sizeid": "c2", "partitionid": "b", "allocation_project": "p1"}]
    rows = reservation_usage([reservation(id="r", partitionids=["a", "b"])], machines)
    assert rows == [
        {"id": "r", "sizeid": "c1", "partitionid": "a", "projectid": "p1", "amount": 2, "usedamount": 2, "projectallocations": 3},
        {"id": "r", "sizeid": "c1", "partitionid": "b", "projectid": "p1", "amount": 2, "usedamount": 0, "projectallocations": 0},
    ]


def test_capacity_effect():
    reservations = [reservation(amount=3, projectid="p1"), reservation(amount=2, projectid="p2")]
    figures = reservation_capacity(4, reservations, {"p1": 1, "p2": 5})
    assert figures == {"reservations": 5, "usedreservations": 3, "remainingreservations": 2, "free": 2}
    assert reservation_capacity(4, reservations, {"p1": 1}, requesting_project="p1")["free"] == 2
    assert reservation_capacity(1, reservations, {}, requesting_project=None)["free"] == 0
