# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Partition capacity per (partition, size), like metal-stack's partition capacity.

Private to the metalfleet.datacenter collection; not a public API.

Input: :class:`MachineStatus` views and size reservations
``{"size", "amount", "project", "partitions": [...]}``.  For every counted
machine (it has a provisioning record and a known partition):

* ``total``; ``faulty`` (+ ``faulty_machines``, ``faulty_issues``) when it has
  any issue, evaluated over every machine of the partition filter, ignoring the
  size filter;
* exactly one of ``allocated``, ``allocatable`` (which also counts as ``free``)
  and ``unavailable``;
* exactly one of ``phoned_home``, ``waiting`` and ``other`` (+ ``other_machines``)
  from the most recent provisioning event;
* ``reserved`` / ``locked``: machines under that operator hold (extra counts,
  whatever their allocation).

Size reservations of a known size that include the partition then add
``reservations`` (amount) and ``used_reservations`` (the project's allocated
machines of that size there, capped at the amount), and each reservation's
unused part lowers ``free`` (never below 0) unless it belongs to the requesting
``project`` (the project view).  ``remaining_reservations`` is the difference.
``allocatable`` ignores reservations, ``free`` respects them.
"""
from __future__ import annotations

from collections import Counter

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.issues import find_issues
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.status import (
    EVENT_PHONED_HOME,
    EVENT_WAITING,
    HOLD_LOCKED,
    HOLD_RESERVED,
    UNKNOWN_SIZE,
)

COUNT_FIELDS = (
    "total", "allocated", "allocatable", "free", "unavailable", "reserved", "locked", "faulty",
    "phoned_home", "waiting", "other", "reservations", "used_reservations", "remaining_reservations",
)


def _new_row(size: str) -> dict:
    row = {"size": size}
    row.update((name, 0) for name in COUNT_FIELDS)
    row.update(faulty_machines=[], faulty_issues={}, other_machines=[])
    return row


def _count_machine(row: dict, machine, issues) -> None:
    row["total"] += 1
    if issues:
        row["faulty"] += 1
        row["faulty_machines"].append(machine.id)
        row["faulty_issues"][machine.id] = issues
    if machine.allocated:
        row["allocated"] += 1
    elif machine.allocatable:
        row["allocatable"] += 1
        row["free"] += 1
    else:
        row["unavailable"] += 1
    if machine.hold == HOLD_RESERVED:
        row["reserved"] += 1
    elif machine.hold == HOLD_LOCKED:
        row["locked"] += 1
    if machine.last_event == EVENT_PHONED_HOME:
        row["phoned_home"] += 1
    elif machine.last_event == EVENT_WAITING:
        row["waiting"] += 1
    else:
        row["other"] += 1
        row["other_machines"].append(machine.id)


def _reservation_fields(reservation, index: int):
    """Validate one size reservation dict and return (size, amount, project, partitions)."""
    where = f"size_reservations[{index}]"
    if not isinstance(reservation, dict):
        raise ValidationError(where, f"must be a mapping, got {reservation!r}")
    for key in ("size", "amount", "project", "partitions"):
        if key not in reservation:
            raise ValidationError(f"{where}.{key}", "is required")
    amount = reservation["amount"]
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationError(f"{where}.amount", f"must be a non-negative integer, got {amount!r}")
    partitions = reservation["partitions"]
    if isinstance(partitions, str) or not isinstance(partitions, (list, tuple, set, frozenset)):
        raise ValidationError(f"{where}.partitions", f"must be a list of partition ids, got {partitions!r}")
    return reservation["size"], amount, reservation["project"], partitions


def _apply_reservations(rows: dict, reservations, allocations: Counter, project, size_is_known) -> None:
    """Add reservation numbers to ``rows`` ((partition, size) -> row)."""
    for index, reservation in enumerate(reservations):
        size, amount, owner, partitions = _reservation_fields(reservation, index)
        if not size_is_known(size):
            continue
        for partition in dict.fromkeys(partitions):
            row = rows.get((partition, size))
            if row is None:
                continue
            used = min(allocations[(partition, size, owner)], amount)
            row["reservations"] += amount
            row["used_reservations"] += used
            if project is not None and project == owner:
                continue
            row["free"] = max(row["free"] - (amount - used), 0)


def _check_filter(name: str, value, known) -> None:
    if value is not None and known is not None and value not in known:
        raise NotFoundError(f"{name} {value!r} does not exist")


def partition_capacity(machines, size_reservations=(), partition=None, size=None, project=None,
                       known_partitions=None, known_sizes=None, now=None, omit_issues=()) -> list:
    """Capacity of every partition (or only ``partition``), per size (or only ``size``).

    ``known_partitions`` / ``known_sizes``: ids that exist (``None`` = every
    non-empty id exists).  Machines of unknown partitions are not counted;
    machines of unknown sizes are counted under ``"unknown"`` (which never has
    reservations).  ``project`` asks for the project view: the project's own
    reservations do not lower ``free``.  ``now``: epoch seconds for the BMC
    freshness rule (default: current time).

    Returns ``[{"partition": id, "sizes": [row, ...]}, ...]`` sorted by
    partition id, sizes in order of first appearance; a row holds ``size``,
    the counts of :data:`COUNT_FIELDS`, ``faulty_machines`` and
    ``other_machines`` (ids in input order) and ``faulty_issues``
    (machine id -> issue names).  Partitions without counted machines are left out.
    ``omit_issues`` names issue checks that do not apply (facts the caller does not track).
    """
    _check_filter("partition", partition, known_partitions)
    _check_filter("size", size, known_sizes)

    def partition_is_known(value):
        return bool(value) and (known_partitions is None or value in known_partitions)

    def size_is_known(value):
        return value != UNKNOWN_SIZE and bool(value) and (known_sizes is None or value in known_sizes)

    in_scope = [m for m in machines if partition is None or m.partition == partition]
    issues = find_issues(in_scope, now=now, omit=omit_issues)
    rows: dict = {}
    allocations: Counter = Counter()
    for machine in in_scope:
        row_size = machine.size if size_is_known(machine.size) else UNKNOWN_SIZE
        if size is not None and machine.size != size:
            continue
        if machine.allocated:
            allocations[(machine.partition, machine.size, machine.project)] += 1
        if machine.liveliness is None or not partition_is_known(machine.partition):
            continue
        key = (machine.partition, row_size)
        if key not in rows:
            rows[key] = _new_row(row_size)
        _count_machine(rows[key], machine, issues.get(machine.id))

    _apply_reservations(rows, size_reservations, allocations, project, size_is_known)

    result: dict = {}
    for (partition_id, _size), row in rows.items():
        row["remaining_reservations"] = row["reservations"] - row["used_reservations"]
        result.setdefault(partition_id, []).append(row)
    return [{"partition": partition_id, "sizes": result[partition_id]} for partition_id in sorted(result)]
