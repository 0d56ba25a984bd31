# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine issue detection over :class:`MachineStatus` views.

Private to the metalfleet.datacenter collection; not a public API.

Issue names and rules follow metal-stack's machine issues (a machine with any
issue counts as faulty in the partition capacity).  Rules that compare machines
with each other (a BMC address shared by two machines) look at every machine
passed in, so callers pass the whole partition, not one size of it.  The
whole evaluation is linear in the number of machines.
"""
from __future__ import annotations

import time
from collections import Counter

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.status import (
    EVENT_PHONED_HOME,
    EVENT_WAITING,
    KNOWN_LIVELINESS,
    LIVELINESS_DEAD,
    LIVELINESS_UNKNOWN,
)

ISSUE_NO_EVENT_CONTAINER = "no-event-container"
ISSUE_NO_PARTITION = "no-partition"
ISSUE_LIVELINESS_DEAD = "liveliness-dead"
ISSUE_LIVELINESS_UNKNOWN = "liveliness-unknown"
ISSUE_LIVELINESS_NOT_AVAILABLE = "liveliness-not-available"
ISSUE_FAILED_MACHINE_RECLAIM = "failed-machine-reclaim"
ISSUE_CRASH_LOOP = "crashloop"
ISSUE_BMC_WITHOUT_MAC = "bmc-without-mac"
ISSUE_BMC_WITHOUT_IP = "bmc-without-ip"
ISSUE_BMC_INFO_OUTDATED = "bmc-info-outdated"
ISSUE_BMC_NO_DISTINCT_IP = "bmc-no-distinct-ip"
#: not one of metal-stack's: the machine's last hardware report says collecting failed (its ``error``).
ISSUE_REPORT_ERROR = "hardware-report-error"

BMC_INFO_MAX_AGE_SECONDS = 20 * 60


def _liveliness_issue(machine):
    if machine.liveliness == LIVELINESS_DEAD:
        return ISSUE_LIVELINESS_DEAD
    if machine.liveliness == LIVELINESS_UNKNOWN:
        return ISSUE_LIVELINESS_UNKNOWN
    if machine.liveliness not in KNOWN_LIVELINESS:
        return ISSUE_LIVELINESS_NOT_AVAILABLE
    return None


def _bmc_issues(machine, now, shared_addresses):
    issues = []
    if not machine.bmc_mac:
        issues.append(ISSUE_BMC_WITHOUT_MAC)
    if not machine.bmc_address:
        issues.append(ISSUE_BMC_WITHOUT_IP)
    if machine.bmc_updated is None or now - machine.bmc_updated > BMC_INFO_MAX_AGE_SECONDS:
        issues.append(ISSUE_BMC_INFO_OUTDATED)
    if machine.bmc_address in shared_addresses:
        issues.append(ISSUE_BMC_NO_DISTINCT_IP)
    return issues


def machine_issues(machine, now: float, shared_addresses=frozenset()) -> list:
    """Issue names of one machine.

    ``shared_addresses``: BMC addresses used by more than one machine of the
    scope (see :func:`shared_bmc_addresses`).  A machine without provisioning
    record (``liveliness is None``) has exactly the ``no-event-container`` issue.
    """
    if machine.liveliness is None:
        return [ISSUE_NO_EVENT_CONTAINER]
    issues = []
    if not machine.partition:
        issues.append(ISSUE_NO_PARTITION)
    liveliness_issue = _liveliness_issue(machine)
    if liveliness_issue:
        issues.append(liveliness_issue)
    if machine.failed_reclaim or (not machine.allocated and machine.last_event == EVENT_PHONED_HOME):
        issues.append(ISSUE_FAILED_MACHINE_RECLAIM)
    if machine.crash_loop and machine.last_event != EVENT_WAITING:
        issues.append(ISSUE_CRASH_LOOP)
    issues.extend(_bmc_issues(machine, now, shared_addresses))
    for issue in machine.extra_issues:
        if issue not in issues:
            issues.append(issue)
    return issues


def shared_bmc_addresses(machines) -> frozenset:
    """BMC addresses (non-empty) that more than one machine id reports."""
    owners = Counter()
    seen = set()
    for machine in machines:
        key = (machine.bmc_address, machine.id)
        if machine.bmc_address and key not in seen:
            seen.add(key)
            owners[machine.bmc_address] += 1
    return frozenset(address for address, count in owners.items() if count > 1)


def find_issues(machines, now: float | None = None, omit=()) -> dict:
    """Map machine id -> list of issue names, for the machines that have any.

    ``now`` defaults to the current time (epoch seconds); ``omit`` lists issue
    names to ignore.
    """
    machines = list(machines)
    now = time.time() if now is None else now
    shared = shared_bmc_addresses(machines)
    omitted = set(omit)
    found = {}
    for machine in machines:
        issues = [issue for issue in machine_issues(machine, now, shared) if issue not in omitted]
        if issues:
            found[machine.id] = issues
    return found
