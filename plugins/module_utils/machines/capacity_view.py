# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Partition capacity of the machines in the fleet store (the store side of ``machines.capacity``).

Private to the metalfleet.datacenter collection; not a public API.

Stored machines map onto :class:`MachineStatus` like this.  A machine that
booted through the boot service has a provisioning event container: its
liveliness (aged with the clock), last event, crash loop and failed reclaim
come from there (``provisioning.containers.provisioning_view``), and an error
in its last hardware report is the issue ``hardware-report-error``.  A machine
without one (registered by the ``machine`` module) keeps the view the
collection had before events existed: it is alive and has reported
(registration is its report); a free machine sits in the waiting pool (last
event ``waiting``), an allocated one has phoned home.  Either way operator
holds and operator-set issues carry over.  The BMC MAC and report-age checks
of metal-stack do not apply (the fleet does not track them) and are left out;
a missing or duplicate BMC address still makes a machine faulty.  A free
machine with operator-set issues is not allocatable (the allocator skips it),
so it counts as ``unavailable``, not ``free``.  A BMC is identified by address
and port (simulated BMCs share an address), where metal-stack compares the
address alone.
"""
from __future__ import annotations

import json
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.capacity import partition_capacity
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.issues import ISSUE_REPORT_ERROR
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.status import MachineStatus
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.containers import load_all, provisioning_view

UNTRACKED_ISSUES = ("bmc-without-mac", "bmc-info-outdated")


def bmc_endpoint(row) -> str:
    if not row["bmc_address"]:
        return ""
    return "%s:%s" % (row["bmc_address"], row["bmc_port"]) if row["bmc_port"] else row["bmc_address"]


def status_of(row, container=None, now: float | None = None) -> MachineStatus:
    """The machine as capacity sees it; a free machine with operator-set issues is not allocatable (the allocator skips it).

    ``container``: the machine's provisioning event container row, if it has one.
    """
    allocated = row["project"] is not None
    issues = tuple(json.loads(row["issues"]))
    view = provisioning_view(row, container, time.time() if now is None else now)
    extra = issues + ((ISSUE_REPORT_ERROR,) if view["report_error"] else ())
    return MachineStatus(
        id=row["id"], partition=row["partition_id"], size="" if row["size_id"] == "unknown" else row["size_id"],
        project=row["project"], waiting=not allocated and not issues, hold=row["hold"],
        liveliness=view["liveliness"], last_event=view["last_event"] or "", crash_loop=view["crash_loop"],
        failed_reclaim=view["failed_reclaim"], bmc_address=bmc_endpoint(row), extra_issues=extra)


def fleet_capacity(tx, partition=None, size=None, project=None, now: float | None = None) -> list:
    containers = load_all(tx)
    now = time.time() if now is None else now
    rows = tx.query("SELECT id, partition_id, size_id, project, hold, issues, bmc_address, bmc_port FROM machines ORDER BY id")
    reservations = [{"size": r["size_id"], "amount": r["amount"], "project": r["project"], "partitions": json.loads(r["partitions"])}
                    for r in tx.query("SELECT size_id, amount, project, partitions FROM size_reservations ORDER BY size_id, position")]
    known_partitions = {r["id"] for r in tx.query("SELECT id FROM partitions")}
    known_sizes = {r["id"] for r in tx.query("SELECT id FROM sizes")}
    return partition_capacity([status_of(r, containers.get(r["id"]), now) for r in rows], reservations, partition=partition, size=size, project=project,
                              known_partitions=known_partitions, known_sizes=known_sizes, omit_issues=UNTRACKED_ISSUES)
