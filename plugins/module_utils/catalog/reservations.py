# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Size reservations: model, validation, the allocation check, usage and capacity effect.

Private to the metalfleet.datacenter collection; not a public API.

A reservation keeps ``amount`` machines of a size in the listed partitions for one
project.  The allocation check follows the reference exactly (including its quirk
that two reservations of the same project subtract that project's machines twice)::

    amount = 0
    for r in reservations (storage order):
        amount += r.amount
        already = machines of r.project (this size and partition)
        if project == r.project and already < r.amount: allowed
        amount = max(amount - already, 0)
    allowed iff amount < number of available machines

Public functions::

    reservation_from_dict(data: dict) -> SizeReservation                  # raises ValidationError
    reservation_problem(reservation, existing_sizes, existing_partitions, existing_projects,
                        check_duplicates: bool = True) -> tuple[field, message] | None
    validate_reservation(...same...) -> None                              # raises ValidationError
    for_partition(reservations, partition_id: str) -> list[SizeReservation]
    check_size_reservations(available, project: str, allocations_by_project: dict, reservations) -> bool
        # available: count or collection of machines; allocations_by_project: project -> count or collection
    reservation_usage(reservations, machines) -> list[dict]
        # machines: [{"sizeid", "partitionid", "allocation_project"}]; rows:
        # {"id", "sizeid", "partitionid", "projectid", "amount", "usedamount", "projectallocations"}
    reservation_capacity(free: int, reservations, allocations_by_project: dict, requesting_project=None) -> dict
        # {"reservations", "usedreservations", "remainingreservations", "free"}
"""
from __future__ import annotations

import dataclasses

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError


@dataclasses.dataclass(frozen=True)
class SizeReservation:
    """``amount`` machines of ``sizeid`` kept for ``projectid`` in ``partitionids``."""

    sizeid: str
    amount: int
    projectid: str
    partitionids: tuple = ()
    id: str = ""
    name: str = ""
    description: str = ""
    labels: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "description": self.description, "sizeid": self.sizeid,
            "amount": self.amount, "projectid": self.projectid, "partitionids": list(self.partitionids),
            "labels": dict(self.labels),
        }


def reservation_from_dict(data) -> SizeReservation:
    """Build a reservation from a mapping; only the value types are checked here."""
    if isinstance(data, SizeReservation):
        return data
    amount = data.get("amount", 0)
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError("amount", f"{amount!r} is not an integer")
    partitions = data.get("partitionids") or ()
    if isinstance(partitions, str) or not isinstance(partitions, (list, tuple)):
        raise ValidationError("partitionids", "expected a list of partition ids")
    return SizeReservation(
        sizeid=str(data.get("sizeid") or ""),
        amount=amount,
        projectid=str(data.get("projectid") or ""),
        partitionids=tuple(str(partition) for partition in partitions),
        id=str(data.get("id") or ""),
        name=data.get("name") or "",
        description=data.get("description") or "",
        labels=dict(data.get("labels") or {}),
    )


def reservation_problem(reservation, existing_sizes, existing_partitions, existing_projects, check_duplicates: bool = True):
    """Return ``(field, message)`` of the first failing check (reference order), or None."""
    reservation = reservation_from_dict(reservation)
    if reservation.amount <= 0:
        return "amount", "amount must be a positive integer"
    if reservation.sizeid not in existing_sizes:
        return "sizeid", "size must exist before creating a size reservation"
    if not reservation.partitionids:
        return "partitionids", "at least one partition id must be specified"
    if any(partition not in existing_partitions for partition in reservation.partitionids):
        return "partitionids", "partition must exist before creating a size reservation"
    if check_duplicates and len(set(reservation.partitionids)) != len(reservation.partitionids):
        return "partitionids", "partitions must not contain duplicates"
    if not reservation.projectid:
        return "projectid", "project id must be specified"
    if reservation.projectid not in existing_projects:
        return "projectid", "project must exist before creating a size reservation"
    return None


def validate_reservation(reservation, existing_sizes, existing_partitions, existing_projects, check_duplicates: bool = True) -> None:
    """Raise ValidationError with the reference message when the reservation is invalid."""
    problem = reservation_problem(reservation, existing_sizes, existing_partitions, existing_projects, check_duplicates)
    if problem:
        raise ValidationError(*problem)


def for_partition(reservations, partition_id: str) -> list:
    """The reservations that include the partition, in their original order."""
    reservations = [reservation_from_dict(r) for r in reservations]
    return [r for r in reservations if partition_id in r.partitionids]


def _quantity(value) -> int:
    return value if isinstance(value, int) else len(value)


def check_size_reservations(available, project: str, allocations_by_project: dict, reservations) -> bool:
    """Whether ``project`` may take one of the ``available`` machines despite others' reservations.

    ``reservations`` must already be those of this size that include this partition, and
    ``allocations_by_project`` counts the machines of this size in this partition per project.
    """
    reservations = [reservation_from_dict(r) for r in reservations]
    if not reservations:
        return True
    reserved = 0
    for reservation in reservations:
        reserved += reservation.amount
        already = _quantity(allocations_by_project.get(reservation.projectid, 0))
        if project == reservation.projectid and already < reservation.amount:
            return True
        reserved = max(reserved - already, 0)
    return reserved < _quantity(available)


def _count_project_machines(machines, sizeid: str, partition_id: str, project: str) -> int:
    return sum(
        1 for machine in machines
        if machine.get("sizeid") == sizeid and machine.get("partitionid") == partition_id
        and machine.get("allocation_project") == project
    )


def reservation_usage(reservations, machines) -> list:
    """One row per (reservation, partition) with the project's allocations and the used amount."""
    rows = []
    for reservation in (reservation_from_dict(r) for r in reservations):
        for partition_id in reservation.partitionids:
            allocations = _count_project_machines(machines, reservation.sizeid, partition_id, reservation.projectid)
            rows.append({
                "id": reservation.id,
                "sizeid": reservation.sizeid,
                "partitionid": partition_id,
                "projectid": reservation.projectid,
                "amount": reservation.amount,
                "usedamount": min(reservation.amount, allocations),
                "projectallocations": allocations,
            })
    return rows


def reservation_capacity(free: int, reservations, allocations_by_project: dict, requesting_project=None) -> dict:
    """Apply the reservations of one (partition, size) to its capacity figures (reference section 6).

    ``free`` is the number of allocatable machines; unused reservations of other projects
    than ``requesting_project`` are subtracted from it (never below zero).
    """
    total = used_total = 0
    for reservation in (reservation_from_dict(r) for r in reservations):
        used = min(_quantity(allocations_by_project.get(reservation.projectid, 0)), reservation.amount)
        total += reservation.amount
        used_total += used
        if requesting_project != reservation.projectid:
            free = max(free - (reservation.amount - used), 0)
    return {"reservations": total, "usedreservations": used_total, "remainingreservations": total - used_total, "free": free}
