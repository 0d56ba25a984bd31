# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""List-form allocation on both backends: the same machines as one allocation per run, at a cost that does not grow
with the partition (machines.pool_summary)."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator

from .fleet_builders import allocation_spec, build_catalog, register, machine_spec


def _fleet(store, machines: int, racks: int) -> None:
    build_catalog(store)
    register(store, [machine_spec(n, rack="rack-%02d" % (n % racks)) for n in range(1, machines + 1)])


def _entries():
    """Allocations of two projects, some with placement tags and extra tags, a free and an update in between."""
    entries = []
    for index in range(9):
        project = "shop" if index % 3 else "web"
        extra = {"placement_tags": ["db"]} if index % 4 == 0 else {}
        if index == 5:
            extra["tags"] = ["db"]
        entries.append(allocation_spec("host-%d" % index, project, **extra))
    entries.append({"project": "shop", "hostname": "host-1", "state": "absent"})
    entries.append(dict(allocation_spec("host-2", "shop"), tags=["db"]))
    entries.extend(allocation_spec("late-%d" % index, "shop", placement_tags=["db"]) for index in range(3))
    return entries


def _machines_of(documents):
    return [None if d is None else (d["allocation"]["hostname"], d["id"]) for d in documents]


def test_list_form_chooses_what_one_run_per_allocation_chooses(store_dsn, tmp_path):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

    with open_store(parse_location(store_dsn)) as store:
        _fleet(store, 30, 4)
        one_per_run = [store.run(lambda tx, e=entry: Allocator(tx).apply_all([e]))[0] for entry in _entries()]
    with open_store(parse_location("sqlite://" + str(tmp_path / "bulk.db"))) as other:
        _fleet(other, 30, 4)
        in_one_run = other.run(lambda tx: Allocator(tx).apply_all(_entries()))
    assert _machines_of(in_one_run) == _machines_of(one_per_run)


def _cost_of_fifth_allocation(store) -> tuple:
    """(statements, rows read) of the fifth allocation of a list-form run (check mode: nothing stays)."""
    def work(tx):
        allocator = Allocator(tx)
        allocator.apply_all([allocation_spec("host-%d" % index, "web") for index in range(4)])
        statements, rows = tx.statements, tx.rows_read
        allocator.apply_all([allocation_spec("host-4", "web")])
        return tx.statements - statements, tx.rows_read - rows
    return store.run(work, check_mode=True)


def test_allocation_cost_in_a_list_does_not_grow_with_the_partition(store):
    _fleet(store, 24, 12)
    small = _cost_of_fifth_allocation(store)
    register(store, [machine_spec(n, rack="rack-%03d" % n) for n in range(25, 265)])
    assert _cost_of_fifth_allocation(store) == small
