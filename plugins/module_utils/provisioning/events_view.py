# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The provisioning state of many machines at once (the ``machine_events_info`` module).

Private to the metalfleet.datacenter collection; not a public API.

Three queries whatever the fleet's size: the machines (filtered), the event
containers, the events of the selected machines.  Machines that sent events
but are not registered yet are listed too (``registered: false``) unless a
filter names a partition or project they cannot have.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore, machine_id_option
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.containers import load_all, provisioning_view
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.events import MAX_EVENTS
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import LIVELINESS


def _events_by_machine(tx, machine_ids, everything: bool) -> dict:
    found = {}
    if not machine_ids:
        return found
    sql, params = "SELECT machine_id, at, event, message FROM provisioning_events", []
    if not everything:
        sql, params = sql + " WHERE machine_id IN (%s)" % ", ".join("?" * len(machine_ids)), list(machine_ids)
    for row in tx.query(sql + " ORDER BY machine_id, seq", params):
        found.setdefault(row["machine_id"], []).append({"time": row["at"], "event": row["event"], "message": row["message"]})
    return found


def machine_events(tx, now: float, ids=None, partition=None, project=None, liveliness=None, crash_loop=None,
                   events: int = MAX_EVENTS) -> list:
    """One entry per selected machine, by id: its provisioning view and its last ``events`` events (oldest first)."""
    if liveliness is not None and liveliness not in LIVELINESS:
        raise ValidationError("liveliness", "unknown liveliness %r, expected one of %s" % (liveliness, ", ".join(LIVELINESS)))
    events = limits.check_int(events, "events", 0, MAX_EVENTS, what="number of events")
    for option, value in (("partition", partition), ("project", project)):
        limits.check_optional_identifier(value, option)
    if partition is not None and tx.query_one("SELECT id FROM partitions WHERE id = ?", (partition,)) is None:
        raise NotFoundError("partition: unknown partition %r" % partition)
    wanted = None if ids is None else {machine_id_option(i, "id") for i in ids}
    machines = {row["id"]: row for row in MachineStore(tx, write=False).list(partition=partition, project=project, ids=ids)}
    containers = load_all(tx)
    selected = sorted(set(machines) | ({m for m in containers if wanted is None or m in wanted} if partition is None and project is None
                                       else set()))
    entries = []
    for machine_id in selected:
        machine = machines.get(machine_id)
        view = provisioning_view(machine, containers.get(machine_id), now)
        if liveliness is not None and view["liveliness"] != liveliness:
            continue
        if crash_loop is not None and view["crash_loop"] != crash_loop:
            continue
        entry = dict(view, machine_id=machine_id, registered=machine is not None,
                     partition=machine["partition_id"] if machine else None, project=machine["project"] if machine else None,
                     hostname=machine["hostname"] if machine else None)
        entries.append(entry)
    if events:
        history = _events_by_machine(tx, [e["machine_id"] for e in entries if e["event_container"]],
                                     everything=wanted is None and partition is None and project is None)
    for entry in entries:
        entry["events"] = history.get(entry["machine_id"], [])[-events:] if events else []
    return entries
