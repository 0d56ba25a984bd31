# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter: partition capacity cases -> machines.capacity.

Case machines carry the reference's view (``partitionid``, ``sizeid``,
``allocation_project``, ``waiting``, ``preallocated``, ``state``,
``liveliness``, ``ipmi_address``, ``events`` with index 0 the newest).  The
reference test machines also have a BMC MAC and a BMC report one minute old;
the case files leave those out, so they default to healthy values here unless
a case gives ``ipmi_mac`` or ``ipmi_age_seconds`` (``null`` = never reported); an absent
``liveliness`` means ``Alive``, an explicit ``null`` means "no provisioning record".
The sizes and partitions named by the machines exist (the reference test
registers exactly those).  Expected rows use the reference's key names.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.capacity import partition_capacity
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.status import MachineStatus

NOW = 1_900_000_000.0
HEALTHY_BMC_AGE_SECONDS = 60

ROW_KEYS = {  # reference key -> our key
    "size": "size",
    "total": "total",
    "phoned_home": "phoned_home",
    "waiting": "waiting",
    "other": "other",
    "othermachines": "other_machines",
    "allocated": "allocated",
    "allocatable": "allocatable",
    "free": "free",
    "unavailable": "unavailable",
    "faulty": "faulty",
    "faultymachines": "faulty_machines",
    "reservations": "reservations",
    "usedreservations": "used_reservations",
    "remainingreservations": "remaining_reservations",
}


def _bmc_updated(item):
    if "ipmi_age_seconds" not in item:
        return NOW - HEALTHY_BMC_AGE_SECONDS
    age = item["ipmi_age_seconds"]
    return None if age is None else NOW - age


def _machine(item) -> MachineStatus:
    events = item.get("events") or []
    return MachineStatus(
        id=item["id"],
        partition=item.get("partitionid") or "",
        size=item.get("sizeid") or "",
        project=item.get("allocation_project"),
        waiting=bool(item.get("waiting")),
        preallocated=bool(item.get("preallocated")),
        hold=item.get("state") or "",
        liveliness=item.get("liveliness", "Alive"),  # absent: like the reference test; null: no provisioning record
        last_event=events[0] if events else "",
        crash_loop=bool(item.get("crash_loop")),
        failed_reclaim=bool(item.get("failed_machine_reclaim")),
        bmc_address=item.get("ipmi_address") or "",
        bmc_mac=item.get("ipmi_mac", f"aa:bb:0{item['id']}") or "",
        bmc_updated=_bmc_updated(item),
    )


def _reservation(item) -> dict:
    return {
        "size": item["sizeid"],
        "amount": item["amount"],
        "project": item["projectid"],
        "partitions": list(item.get("partitionids") or []),
    }


def _as_reference(result) -> list:
    return [
        {"id": entry["partition"], "servers": [{ref: row[ours] for ref, ours in ROW_KEYS.items()} for row in entry["sizes"]]}
        for entry in result
    ]


def _project_onto(expected, actual):
    """Keep only the keys the expectation names, so extra fields of ours do not matter."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {key: _project_onto(expected[key], actual.get(key)) for key in expected}
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [_project_onto(e, a) for e, a in zip(expected, actual)]
    return actual


def run_case(case: dict, ctx=None) -> None:
    """Run one capacity case; AssertionError with both sides on mismatch."""
    data = case["input"]
    request = data.get("request") or {}
    result = partition_capacity(
        [_machine(item) for item in data.get("machines") or []],
        [_reservation(item) for item in data.get("size_reservations") or []],
        partition=request.get("id"),
        size=request.get("size"),
        project=request.get("project"),
        now=NOW,
    )
    actual = {"partitions": _as_reference(result)}
    unknown = sorted(set(case["expected"]) - set(actual))
    assert not unknown, f"{case['id']}: adapter cannot check expected keys {unknown}"
    projected = _project_onto(case["expected"], actual)
    assert projected == case["expected"], f"{case['id']}:\n expected {case['expected']!r}\n actual   {projected!r}"
