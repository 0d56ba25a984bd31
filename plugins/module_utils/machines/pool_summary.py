# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What choosing a machine needs to know about one partition and size, read once per transaction.

Private to the metalfleet.datacenter collection; not a public API.

Rack spreading and the size reservation check only need, per (partition, size):

* per rack: how many machines are free and the lowest free machine id (the
  pick is the lowest id among the winning racks, so one representative per
  rack gives the same choice as the full candidate list);
* per project: how many machines it holds (reservations);
* per (project, role): how many of its machines each rack holds, and how often
  each of their tags occurs per rack (the tag election).

:class:`PoolSummary` reads these once, with grouped queries, and the
:class:`~machines.allocation.Allocator` keeps them up to date as it allocates
and frees machines in the same transaction.  So in a list-form run every
allocation after the first costs a few indexed statements, however many
machines the partition holds.  The summary belongs to one Allocator, which
must be the only writer of machine allocations in its transaction.
"""
from __future__ import annotations

import json
from collections import Counter

#: a machine that can be allocated: not allocated, no operator hold, no issues.
FREE = "project IS NULL AND hold = '' AND issues = '[]'"


def allocation_tags(allocation_json) -> list:
    """The tags rack spreading counts for an allocated machine: its allocation's tags and placement tags."""
    if not allocation_json:
        return []
    allocation = json.loads(allocation_json)
    return list(allocation.get("tags", [])) + list(allocation.get("placement_tags", []))


class ProjectRacks:
    """How many machines of one project and role each rack holds, and how often each tag occurs per rack."""

    def __init__(self):
        self.machines = Counter()
        self.tags = {}

    def add(self, rack, tags, sign: int = 1) -> None:
        rack = rack or ""
        self.machines[rack] += sign
        for tag in tags:
            self.tags.setdefault(tag, Counter())[rack] += sign

    def tagged(self, placement_tags) -> Counter:
        """Per rack, how often the machines carry one of ``placement_tags`` (each distinct tag counted once)."""
        counts = Counter()
        for tag in set(placement_tags or ()):
            counts.update(self.tags.get(tag, Counter()))
        return counts


class PoolSummary:
    """The free machines per rack and the allocations per project of one partition and size."""

    def __init__(self, tx, partition: str, size_id: str):
        self.tx = tx
        self.partition = partition
        self.size_id = size_id
        self.racks = {}
        for row in tx.query("SELECT rack, COUNT(*) AS free, MIN(id) AS lowest FROM machines WHERE partition_id = ? AND size_id = ?"
                            " AND %s GROUP BY rack ORDER BY rack" % FREE, (partition, size_id)):
            self.racks[row["rack"]] = [row["free"], row["lowest"]]
        self.allocated = Counter({r["project"]: r["n"] for r in tx.query(
            "SELECT project, COUNT(*) AS n FROM machines WHERE partition_id = ? AND size_id = ? AND project IS NOT NULL"
            " GROUP BY project", (partition, size_id))})
        self._projects = {}

    @property
    def waiting(self) -> int:
        return sum(free for free, _lowest in self.racks.values())

    def representatives(self) -> list:
        """The lowest free machine of each rack that has one."""
        return [{"id": lowest, "rack": rack} for rack, (_free, lowest) in self.racks.items()]

    def project_racks(self, project: str, role: str) -> ProjectRacks:
        key = (project, role)
        if key not in self._projects:
            counts = ProjectRacks()
            for row in self.tx.query("SELECT rack, allocation FROM machines WHERE partition_id = ? AND size_id = ? AND project = ?"
                                     " AND role = ?", (self.partition, self.size_id, project, role)):
                counts.add(row["rack"], allocation_tags(row["allocation"]))
            self._projects[key] = counts
        return self._projects[key]

    # -- keeping it up to date ----------------------------------------------------------------------------------
    def taken(self, row, project: str, role: str, tags) -> None:
        """The free machine ``row`` (as read before) was allocated to ``project`` as ``role`` with ``tags``
        (the allocation's tags and placement tags)."""
        entry = self.racks.get(row["rack"])
        if entry is not None:
            entry[0] -= 1
            if entry[0] <= 0:
                del self.racks[row["rack"]]
            elif entry[1] == row["id"]:
                entry[1] = self._next_free(row["rack"], row["id"])
        self.allocated[project] += 1
        if (project, role) in self._projects:
            self._projects[(project, role)].add(row["rack"], tags)

    def freed(self, row) -> None:
        """The allocated machine ``row`` (as read before) was freed."""
        self.allocated[row["project"]] -= 1
        if (row["project"], row["role"]) in self._projects:
            self._projects[(row["project"], row["role"])].add(row["rack"], allocation_tags(row["allocation"]), sign=-1)
        if not row["hold"] and row["issues"] == "[]":
            entry = self.racks.setdefault(row["rack"], [0, row["id"]])
            entry[0] += 1
            entry[1] = min(entry[1], row["id"])

    def forget(self, project: str, role: str) -> None:
        """An allocation's tags changed: count the project's racks again when next needed."""
        self._projects.pop((project, role), None)

    def _next_free(self, rack, after: str) -> str:
        rack_clause = "rack IS NULL" if rack is None else "rack = ?"
        params = [self.partition, self.size_id] + ([] if rack is None else [rack]) + [after]
        row = self.tx.query_one("SELECT MIN(id) AS lowest FROM machines WHERE partition_id = ? AND size_id = ? AND %s AND id > ?"
                                " AND %s" % (rack_clause, FREE), params)
        return row["lowest"]
