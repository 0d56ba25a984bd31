# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rack spreading and the final pick of a machine for an allocation (MEP-12).

Private to the metalfleet.datacenter collection; not a public API.

Machines are plain dicts with at least ``id``, ``rack`` and ``tags`` (a list of
strings).  A missing or empty ``rack`` means "no rack"; all such machines share
the rack ``""``, as in the reference.

The election follows metal-stack's ``spreadAcrossRacks``:

* racks least occupied by the project's machines win the project election;
* racks least occupied by the project's machines carrying any placement tag win
  the tag election (a machine is counted once per matching tag occurrence);
* the candidates are the available machines in racks that won both elections,
  or, when no rack won both, those in the racks of the tag election (tags take
  precedence over the project).

The reference then picks uniformly at random among the candidates.  We pick the
candidate with the lowest machine id instead, so that Ansible check mode
predicts exactly the machine a real run allocates.  Every function is linear in
the number of machines (plus tags), with no per-rack rescans.
"""
from __future__ import annotations

from collections import Counter

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ExhaustedError, ValidationError

NO_RACK = ""


def rack_of(machine: dict) -> str:
    """The rack id of a machine; machines without a rack share ``NO_RACK``."""
    return machine.get("rack") or NO_RACK


def _tags_of(machine: dict) -> list:
    tags = machine.get("tags") or []
    if isinstance(tags, str):
        raise ValidationError("tags", f"must be a list of strings, got the string {tags!r} (machine {machine.get('id', '?')})")
    return tags


def elect_racks(all_racks, occupied) -> list:
    """Return the racks of ``all_racks`` with the lowest occupation.

    ``occupied`` maps a rack id to how many relevant machines it already holds;
    racks of ``all_racks`` missing from it count 0, racks only in ``occupied``
    are ignored.  The winners keep the order of ``all_racks`` (duplicates
    dropped); no racks give no winners.
    """
    winners: list = []
    lowest = None
    seen = set()
    for rack in all_racks:
        if rack in seen:
            continue
        seen.add(rack)
        count = occupied.get(rack, 0)
        if lowest is None or count < lowest:
            lowest = count
            winners = [rack]
        elif count == lowest:
            winners.append(rack)
    return winners


def intersect_racks(first, second) -> list:
    """Items of ``first`` that are also in ``second``, in the order of ``first``."""
    if not first or not second:
        return []
    wanted = set(second)
    return [rack for rack in first if rack in wanted]


def count_machines_per_rack(machines) -> Counter:
    """How many of ``machines`` sit in each rack."""
    return Counter(rack_of(machine) for machine in machines)


def count_tagged_machines_per_rack(machines, placement_tags) -> Counter:
    """Per rack, how often machines carry one of ``placement_tags``.

    A machine with two matching tags counts twice, like the reference, which
    groups the project's machines by tag before grouping them by rack.
    """
    if isinstance(placement_tags, str):
        raise ValidationError("placement_tags", f"must be a list of strings, got the string {placement_tags!r}")
    wanted = set(placement_tags or ())
    counts: Counter = Counter()
    if not wanted:
        return counts
    for machine in machines:
        matches = sum(1 for tag in _tags_of(machine) if tag in wanted)
        if matches:
            counts[rack_of(machine)] += matches
    return counts


def spread_across_racks(available, project_machines, placement_tags=()) -> list:
    """Return the candidate machines of ``available`` after rack spreading.

    ``available``: machines that could be allocated right now (waiting, alive,
    unallocated, right partition and size).  ``project_machines``: machines of
    the same partition and size already allocated to the requesting project
    with the same role.  The result keeps the order of ``available``; it is
    empty only when ``available`` is.
    """
    project_machines = list(project_machines)
    return spread_by_counts(available, count_machines_per_rack(project_machines),
                            count_tagged_machines_per_rack(project_machines, placement_tags))


def spread_by_counts(available, per_rack, tagged_per_rack) -> list:
    """:func:`spread_across_racks` from the counts it derives from the project's machines.

    ``per_rack``: the project's machines per rack (:func:`count_machines_per_rack`); ``tagged_per_rack``: their
    placement tag occurrences per rack (:func:`count_tagged_machines_per_rack`).  Callers that keep these counts
    up to date (``machines.pool_summary``) need not list the project's machines for every allocation.
    """
    available = list(available)
    if not available:
        return []
    racks = list(dict.fromkeys(rack_of(machine) for machine in available))
    by_project = elect_racks(racks, per_rack)
    by_tags = elect_racks(racks, tagged_per_rack)
    winners = set(intersect_racks(by_tags, by_project)) or set(by_tags)
    return [machine for machine in available if rack_of(machine) in winners]


def choose_machine(candidates) -> dict:
    """Pick the candidate with the lowest ``id`` (deterministic; see module doc).

    Raises ExhaustedError when there is no candidate.
    """
    best = None
    for machine in candidates:
        machine_id = machine.get("id")
        if not isinstance(machine_id, str) or not machine_id:
            raise ValidationError("id", f"every candidate machine needs a non-empty string id, got {machine_id!r}")
        if best is None or machine_id < best["id"]:
            best = machine
    if best is None:
        raise ExhaustedError("no machine available")
    return best


def select_machine(available, project_machines, placement_tags=()) -> dict:
    """Rack spreading followed by the deterministic pick; ExhaustedError if nothing is available."""
    return choose_machine(spread_across_racks(available, project_machines, placement_tags))
