# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""machines.capacity_view on SQLite and PostgreSQL: the capacity numbers of stored machines, and that they agree with allocation."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ExhaustedError, NotFoundError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.capacity_view import bmc_endpoint, fleet_capacity

from .fleet_builders import LARGE_HARDWARE, PARTITION, SIZE, allocate, build_catalog, machine_id, machine_spec, register

RESERVATION = {"amount": 2, "project": "vip", "partitions": [PARTITION]}


def with_bmc(number: int, **extra) -> dict:
    spec = machine_spec(number, rack="rack-%d" % (number % 3), bmc={"address": "10.1.0.%d" % number, "port": 623})
    spec.update(extra)
    return spec


@pytest.fixture
def fleet(store):
    """Machines 1-8 of the medium size with distinct BMCs: 1, 2 allocated to shop, 3 to vip (reservation of 2),
    4 reserved, 5 locked, 6 with an operator-set issue, 7, 8 waiting; 9 of no size; 10 without a BMC address."""
    build_catalog(store, reservations=[RESERVATION])
    register(store, [with_bmc(n) for n in range(1, 9)] + [with_bmc(9, hardware=LARGE_HARDWARE), machine_spec(10)])
    register(store, [with_bmc(4, hold="reserved"), with_bmc(5, hold="locked"), with_bmc(6, issues=["bmc-unreachable"])])
    assert [allocate(store, h)["id"] for h in ("a", "b")] == [machine_id(1), machine_id(2)]
    assert allocate(store, "v", project="vip")["id"] == machine_id(3)
    return store


def capacity(store, **filters):
    return store.run(lambda tx: fleet_capacity(tx, **filters), write=False)


def counts(row) -> dict:
    return {key: row[key] for key in ("total", "allocated", "allocatable", "free", "unavailable", "reserved", "locked", "faulty",
                                      "phoned_home", "waiting", "other", "reservations", "used_reservations", "remaining_reservations")}


def test_capacity_numbers(fleet):
    (partition,) = capacity(fleet)
    assert partition["partition"] == PARTITION
    rows = {row["size"]: row for row in partition["sizes"]}
    assert set(rows) == {SIZE, "unknown"}
    assert counts(rows[SIZE]) == {"total": 9, "allocated": 3, "allocatable": 3, "free": 2, "unavailable": 3, "reserved": 1,
                                  "locked": 1, "faulty": 2, "phoned_home": 3, "waiting": 6, "other": 0, "reservations": 2,
                                  "used_reservations": 1, "remaining_reservations": 1}
    assert rows[SIZE]["faulty_issues"] == {machine_id(6): ["bmc-unreachable"], machine_id(10): ["bmc-without-ip"]}
    assert counts(rows["unknown"]) == {"total": 1, "allocated": 0, "allocatable": 1, "free": 1, "unavailable": 0, "reserved": 0,
                                       "locked": 0, "faulty": 0, "phoned_home": 0, "waiting": 1, "other": 0, "reservations": 0,
                                       "used_reservations": 0, "remaining_reservations": 0}


def test_project_view_and_filters(fleet):
    (vip,) = capacity(fleet, project="vip", size=SIZE)
    assert [(row["size"], row["free"]) for row in vip["sizes"]] == [(SIZE, 3)], "the project's own reservation does not lower free"
    assert [row["size"] for row in capacity(fleet, partition=PARTITION)[0]["sizes"]] == [SIZE, "unknown"]
    for option in ("partition", "size"):
        with pytest.raises(NotFoundError, match="%s 'nope' does not exist" % option):
            capacity(fleet, **{option: "nope"})


def test_free_is_what_allocation_can_take(fleet):
    free = {row["size"]: row["free"] for row in capacity(fleet, project="shop")[0]["sizes"]}[SIZE]
    for index in range(free):
        allocate(fleet, "extra-%d" % index)
    with pytest.raises(ExhaustedError, match="held for other projects"):
        allocate(fleet, "one-too-many")
    row = {r["size"]: r for r in capacity(fleet)[0]["sizes"]}[SIZE]
    assert (row["free"], row["allocatable"], row["allocated"]) == (0, 1, 5)


def test_shared_bmc_endpoints_are_faulty(store):
    build_catalog(store)
    register(store, [with_bmc(1), with_bmc(2, bmc={"address": "10.1.0.1", "port": 623}),
                     with_bmc(3, bmc={"address": "10.1.0.1", "port": 624})])
    row = capacity(store)[0]["sizes"][0]
    assert row["faulty_issues"] == {machine_id(1): ["bmc-no-distinct-ip"], machine_id(2): ["bmc-no-distinct-ip"]}
    assert bmc_endpoint({"bmc_address": "10.1.0.1", "bmc_port": None}) == "10.1.0.1"
    assert bmc_endpoint({"bmc_address": "", "bmc_port": 623}) == ""


def test_empty_fleet_has_no_rows(store):
    build_catalog(store)
    assert capacity(store) == []
