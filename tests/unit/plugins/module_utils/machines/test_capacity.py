# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for machines.capacity (partition capacity per size)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.capacity import partition_capacity
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.status import MachineStatus

NOW = 1_900_000_000.0


def reservation(amount, project, partitions=("p1",), size="s1"):
    return {"size": size, "amount": amount, "project": project, "partitions": list(partitions)}


def rows(result, partition="p1"):
    """The rows of one partition keyed by size."""
    for entry in result:
        if entry["partition"] == partition:
            return {row["size"]: row for row in entry["sizes"]}
    raise AssertionError(f"partition {partition} missing from {result!r}")


def counts(row, *names):
    return {name: row[name] for name in names}


@pytest.fixture
def waiting(make_status):
    def factory(machine_id, **fields):
        values = {"waiting": True, "last_event": "Waiting"}
        values.update(fields)
        return make_status(machine_id, **values)
    return factory


@pytest.fixture
def allocated(make_status):
    def factory(machine_id, project="proj", **fields):
        return make_status(machine_id, project=project, last_event="Phoned Home", **fields)
    return factory


def test_faulty_allocated_machine_counts_as_both(allocated):
    row = rows(partition_capacity([allocated("1", bmc_address="")], now=NOW))["s1"]
    assert counts(row, "total", "allocated", "faulty", "phoned_home", "free", "unavailable") == {
        "total": 1, "allocated": 1, "faulty": 1, "phoned_home": 1, "free": 0, "unavailable": 0}
    assert row["faulty_machines"] == ["1"]
    assert row["faulty_issues"] == {"1": ["bmc-without-ip"]}


def test_one_waiting_machine_is_free_and_allocatable(waiting):
    row = rows(partition_capacity([waiting("1")], now=NOW))["s1"]
    assert counts(row, "total", "waiting", "free", "allocatable", "unavailable", "other") == {
        "total": 1, "waiting": 1, "free": 1, "allocatable": 1, "unavailable": 0, "other": 0}


@pytest.mark.parametrize("fields, hold_count", [
    ({"hold": "RESERVED"}, ("reserved", 1)),
    ({"hold": "locked"}, ("locked", 1)),
    ({"preallocated": True}, ("reserved", 0)),
    ({"liveliness": "Unknown"}, ("reserved", 0)),
])
def test_unallocatable_waiting_machines_are_unavailable(waiting, fields, hold_count):
    row = rows(partition_capacity([waiting("1", **fields)], now=NOW))["s1"]
    assert counts(row, "free", "allocatable", "unavailable", "waiting") == {"free": 0, "allocatable": 0, "unavailable": 1, "waiting": 1}
    assert row[hold_count[0]] == hold_count[1]


def test_rebooting_machine_is_other(make_status):
    row = rows(partition_capacity([make_status("1", last_event="")], now=NOW))["s1"]
    assert counts(row, "other", "unavailable", "faulty") == {"other": 1, "unavailable": 1, "faulty": 0}
    assert row["other_machines"] == ["1"]


def test_overbooked_partition_caps_free_at_zero(waiting):
    row = rows(partition_capacity([waiting("1")], [reservation(1, "a"), reservation(2, "b")], now=NOW))["s1"]
    assert counts(row, "free", "allocatable", "reservations", "used_reservations", "remaining_reservations") == {
        "free": 0, "allocatable": 1, "reservations": 3, "used_reservations": 0, "remaining_reservations": 3}


def test_reservation_of_other_partition_has_no_influence(allocated, waiting):
    machines = [allocated("1"), allocated("2"), waiting("3")]
    result = partition_capacity(machines, [reservation(2, "proj", ["p1"]), reservation(2, "proj", ["p2"])], now=NOW)
    row = rows(result)["s1"]
    assert counts(row, "free", "reservations", "used_reservations", "remaining_reservations") == {
        "free": 1, "reservations": 2, "used_reservations": 2, "remaining_reservations": 0}
    assert [entry["partition"] for entry in result] == ["p1"]


def test_used_reservations_count_only_machines_of_that_size_and_partition(allocated, waiting):
    machines = [allocated("1", size="s2"), allocated("2", partition="p2"), waiting("3"), waiting("4")]
    row = rows(partition_capacity(machines, [reservation(1, "proj", ["p1", "p2"])], now=NOW))["s1"]
    assert counts(row, "free", "used_reservations", "remaining_reservations") == {"free": 1, "used_reservations": 0, "remaining_reservations": 1}


def test_project_view_ignores_own_reservation(allocated, waiting):
    machines = [allocated("1", project="mine"), waiting("2"), waiting("3"), waiting("4")]
    reservations = [reservation(3, "mine"), reservation(1, "theirs")]
    assert rows(partition_capacity(machines, reservations, now=NOW))["s1"]["free"] == 0
    assert rows(partition_capacity(machines, reservations, project="mine", now=NOW))["s1"]["free"] == 2
    assert rows(partition_capacity(machines, reservations, project="theirs", now=NOW))["s1"]["free"] == 1


def test_size_filter_still_sees_duplicate_bmc_of_other_sizes(allocated):
    machines = [allocated("1", bmc_address="10.9.9.9"), allocated("2", size="s2", bmc_address="10.9.9.9"), allocated("3", partition="p2")]
    result = partition_capacity(machines, partition="p1", size="s1", now=NOW)
    assert [entry["partition"] for entry in result] == ["p1"]
    assert list(rows(result)) == ["s1"]
    assert rows(result)["s1"]["faulty_machines"] == ["1"]


def test_partition_filter_limits_the_duplicate_bmc_scope(allocated):
    machines = [allocated("1", bmc_address="10.9.9.9"), allocated("2", partition="p2", bmc_address="10.9.9.9")]
    assert rows(partition_capacity(machines, partition="p1", now=NOW))["s1"]["faulty"] == 0
    unfiltered = partition_capacity(machines, now=NOW)
    assert rows(unfiltered, "p1")["s1"]["faulty"] == 1
    assert rows(unfiltered, "p2")["s1"]["faulty"] == 1


def test_machines_without_record_or_known_partition_are_not_counted(allocated, waiting):
    machines = [waiting("1"), waiting("2", liveliness=None), waiting("3", partition=""), waiting("4", partition="gone")]
    result = partition_capacity(machines, known_partitions={"p1"}, now=NOW)
    assert [entry["partition"] for entry in result] == ["p1"]
    assert rows(result)["s1"]["total"] == 1


def test_allocated_machine_without_record_still_uses_its_reservation(allocated, waiting):
    machines = [allocated("1", liveliness=None), waiting("2"), waiting("3")]
    row = rows(partition_capacity(machines, [reservation(1, "proj")], now=NOW))["s1"]
    assert counts(row, "total", "used_reservations", "free") == {"total": 2, "used_reservations": 1, "free": 2}


def test_unknown_sizes_are_grouped_and_never_reserved(waiting):
    machines = [waiting("1", size=""), waiting("2", size="retired"), waiting("3")]
    reservations = [reservation(1, "x", size="retired"), reservation(1, "x", size="unknown")]
    result = rows(partition_capacity(machines, reservations, known_sizes={"s1"}, now=NOW))
    assert list(result) == ["unknown", "s1"]
    assert counts(result["unknown"], "total", "free", "reservations") == {"total": 2, "free": 2, "reservations": 0}


def test_sizes_keep_first_appearance_order_and_partitions_are_sorted(waiting):
    machines = [waiting("1", partition="pb", size="s9"), waiting("2", partition="pa", size="s2"), waiting("3", partition="pa", size="s1")]
    result = partition_capacity(machines, now=NOW)
    assert [entry["partition"] for entry in result] == ["pa", "pb"]
    assert [row["size"] for row in result[0]["sizes"]] == ["s2", "s1"]


@pytest.mark.parametrize("kwargs, message", [
    ({"partition": "nope", "known_partitions": {"p1"}}, "partition 'nope' does not exist"),
    ({"size": "nope", "known_sizes": {"s1"}}, "size 'nope' does not exist"),
])
def test_filters_on_unknown_ids_fail(kwargs, message):
    with pytest.raises(NotFoundError, match=message):
        partition_capacity([], now=NOW, **kwargs)


@pytest.mark.parametrize("bad, field", [
    ({"size": "s1", "amount": 1, "project": "x"}, "size_reservations[0].partitions"),
    ({"size": "s1", "amount": -1, "project": "x", "partitions": []}, "size_reservations[0].amount"),
    ({"size": "s1", "amount": True, "project": "x", "partitions": []}, "size_reservations[0].amount"),
    ({"size": "s1", "amount": 1, "project": "x", "partitions": "p1"}, "size_reservations[0].partitions"),
    ("s1", "size_reservations[0]"),
])
def test_bad_reservations_are_rejected(waiting, bad, field):
    with pytest.raises(ValidationError) as error:
        partition_capacity([waiting("1")], [bad], now=NOW)
    assert error.value.field == field


def test_ten_thousand_machines(make_status):
    """10,000 machines in two partitions and four sizes: exact counts, not the time."""
    machines = []
    for i in range(10_000):
        fields = {"partition": f"p{i % 2}", "size": f"s{i % 4}", "bmc_address": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"}
        kind = i // 4 % 10  # the same mix of kinds in every (partition, size)
        if kind < 6:
            fields.update(project=f"proj{i % 3}", last_event="Phoned Home")
        elif kind < 9:
            fields.update(waiting=True, last_event="Waiting")
        else:
            fields.update(liveliness="Dead", last_event="Crashed")
        machines.append(make_status(f"m{i:05d}", **fields))
    machines[9995].bmc_address = machines[0].bmc_address  # m09995 (p1, s3, waiting) shares with m00000 (p0, s0)
    result = partition_capacity(machines, [reservation(400, "proj0", ["p0", "p1"], "s0")], now=NOW)
    p0 = rows(result, "p0")
    assert sorted(p0) == ["s0", "s2"]
    s0 = p0["s0"]
    assert counts(s0, "total", "allocated", "allocatable", "unavailable", "phoned_home", "waiting", "other") == {
        "total": 2500, "allocated": 1500, "allocatable": 750, "unavailable": 250, "phoned_home": 1500, "waiting": 750, "other": 250}
    assert s0["faulty"] == 251 and s0["faulty_machines"][0] == "m00000"
    assert counts(s0, "reservations", "used_reservations", "remaining_reservations", "free") == {
        "reservations": 400, "used_reservations": 400, "remaining_reservations": 0, "free": 750}
    assert rows(result, "p1")["s3"]["faulty"] == 251
    assert rows(result, "p1")["s1"]["reservations"] == 0


STATUSES = st.builds(
    dict,
    partition=st.sampled_from(["p1", "p2", ""]),
    size=st.sampled_from(["s1", "s2", ""]),
    project=st.sampled_from([None, None, "a", "b"]),
    waiting=st.booleans(),
    preallocated=st.booleans(),
    hold=st.sampled_from(["", "", "reserved", "locked"]),
    liveliness=st.sampled_from(["Alive", "Alive", "Dead", "Unknown", None]),
    last_event=st.sampled_from(["Waiting", "Phoned Home", "Crashed", ""]),
    bmc_address=st.sampled_from(["", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]),
)
RESERVATIONS = st.lists(st.builds(
    reservation, st.integers(0, 4), st.sampled_from(["a", "b", "c"]),
    st.lists(st.sampled_from(["p1", "p2"]), max_size=2), st.sampled_from(["s1", "s2"])), max_size=3)


@settings(max_examples=150, deadline=None)
@given(raw=st.lists(STATUSES, max_size=15), reservations=RESERVATIONS, project=st.sampled_from([None, "a", "b"]))
def test_count_invariants(raw, reservations, project):
    machines = [MachineStatus(id=f"m{i:02d}", bmc_mac="aa", bmc_updated=NOW, **fields) for i, fields in enumerate(raw)]
    counted = [m for m in machines if m.liveliness is not None and m.partition]
    result = partition_capacity(machines, reservations, project=project, now=NOW)
    all_rows = [row for entry in result for row in entry["sizes"]]
    assert sum(row["total"] for row in all_rows) == len(counted)
    for row in all_rows:
        assert row["total"] == row["allocated"] + row["allocatable"] + row["unavailable"]
        assert row["total"] == row["phoned_home"] + row["waiting"] + row["other"] == row["phoned_home"] + row["waiting"] + len(row["other_machines"])
        assert 0 <= row["free"] <= row["allocatable"]
        assert row["faulty"] == len(row["faulty_machines"]) == len(row["faulty_issues"])
        assert 0 <= row["used_reservations"] <= row["reservations"]
        assert row["remaining_reservations"] == row["reservations"] - row["used_reservations"]
