# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Event containers and events in the fleet store, and how a machine's provisioning state is shown.

Private to the metalfleet.datacenter collection; not a public API.

Appending an event costs three statements whatever the history: insert it
with the container's next sequence number, delete the one that fell out of the
last 100 (by primary key), update the container row.  :func:`provisioning_view`
is the one place that says what a machine's liveliness, last event and crash
loop are, for the info module, the issues and capacity view and the inventory:

* a machine with an event container (it booted through the boot service):
  its real events, liveliness aged with the clock (``liveliness.py``);
* a machine without one (registered by the ``machine`` module, never booted
  through the boot service): what the collection showed before it had events:
  ``Alive``, last event ``Waiting`` when free and ``Phoned Home`` when allocated,
  no crash loop.
"""
from __future__ import annotations

import json
from collections import namedtuple
from dataclasses import replace

from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import events as ev
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import ALIVE, from_iso, liveliness, to_iso


#: the columns the state machine reads (with ``last_seq``): what :func:`save_if_unchanged` compares
STATE_COLUMNS = ("last_event", "last_event_at", "liveliness", "crash_loop", "failed_reclaim", "last_error", "last_seq")


def load(tx, machine_id: str):
    return tx.query_one("SELECT * FROM provisioning_containers WHERE machine_id = ?", (machine_id,))


def load_state(tx, machine_id: str):
    """The container's id and :data:`STATE_COLUMNS` (what an event needs), None when the machine has none."""
    return tx.query_one("SELECT machine_id, %s FROM provisioning_containers WHERE machine_id = ?" % ", ".join(STATE_COLUMNS), (machine_id,))


def load_all(tx) -> dict:
    """machine id -> container row, for every container (one query)."""
    return {row["machine_id"]: row for row in tx.query("SELECT * FROM provisioning_containers")}


def container_of(row) -> ev.Container:
    if row is None:
        return ev.Container()
    return ev.Container(last_event=row["last_event"], last_event_at=from_iso(row["last_event_at"]), liveliness=row["liveliness"],
                        crash_loop=bool(row["crash_loop"]), failed_reclaim=bool(row["failed_reclaim"]), last_error=row["last_error"])


def _values(container: ev.Container) -> dict:
    return {"last_event": container.last_event, "last_event_at": to_iso(container.last_event_at), "liveliness": container.liveliness,
            "crash_loop": container.crash_loop, "failed_reclaim": container.failed_reclaim, "last_error": container.last_error}


def create(tx, machine_id: str, container: ev.Container, now_iso: str, **extra) -> None:
    tx.insert_row("provisioning_containers", dict(_values(container), machine_id=machine_id, created_at=now_iso, updated_at=now_iso,
                                                  **extra))


def save(tx, machine_id: str, container: ev.Container, now_iso: str, last_seq: int | None = None) -> None:
    columns = _values(container)
    if last_seq is not None:
        columns["last_seq"] = last_seq
    tx.update_row("provisioning_containers", ("machine_id", machine_id), columns, now_iso)


def save_if_unchanged(tx, machine_id: str, seen, container: ev.Container, now_iso: str, last_seq: int | None = None) -> bool:
    """:func:`save`, but only while the row still holds the :data:`STATE_COLUMNS` of ``seen`` (a row read earlier,
    maybe outside this transaction): one conditional UPDATE.  True when it saved; False when the row changed or is gone."""
    columns = _values(container)
    if last_seq is not None:
        columns["last_seq"] = last_seq
    sql = "UPDATE provisioning_containers SET %supdated_at = ? WHERE machine_id = ? AND %s RETURNING machine_id" % (
        "".join("%s = ?, " % name for name in columns), " AND ".join("%s = ?" % name for name in STATE_COLUMNS))
    return bool(tx.query(sql, list(columns.values()) + [now_iso, machine_id] + [seen[name] for name in STATE_COLUMNS]))


class LivelinessRefresh(namedtuple("LivelinessRefresh", "machine_id last_seq at")):
    """A sign of life that changes nothing but the container's time: a swallowed repeat of its last event while it is
    ``Alive`` (:func:`liveliness_refresh`).  ``last_seq``: the container's event number when it was read; ``at``: the
    ISO time of the sign of life.  Written later, in batches, by :func:`refresh_times`."""

    __slots__ = ()


def liveliness_refresh(machine_id: str, event: str, seen, now: float) -> LivelinessRefresh | None:
    """``event`` (normalized) applied at ``now`` to the container row ``seen`` as a :class:`LivelinessRefresh`, or
    None when it would change more than the time (it is stored, flags or the last error change, or the machine is
    not ``Alive``): such an event takes :meth:`ProvisioningService.record_event`.  Pure: reads and writes nothing."""
    if seen is None:
        return None
    before = container_of(seen)
    outcome = ev.apply_event(before, event, "", now)
    if outcome.store or outcome.container != replace(before, last_event_at=outcome.container.last_event_at):
        return None
    return LivelinessRefresh(machine_id, seen["last_seq"], to_iso(now))


def refresh_times(tx, refreshes) -> None:
    """Write the :class:`LivelinessRefresh` items: each moves its container's time forward, and only while no event was stored
    since it was read (same ``last_seq``) and no later time is stored.  It also sets ``Alive``: a liveliness
    evaluation that ran between the sign of life and this write judged a time older than the real one."""
    tx.executemany("UPDATE provisioning_containers SET last_event_at = ?, liveliness = ?, updated_at = ?"
                   " WHERE machine_id = ? AND last_seq = ? AND last_event_at < ?",
                   [(r.at, ALIVE, r.at, r.machine_id, r.last_seq, r.at) for r in refreshes])


def append_event(tx, machine_id: str, seq: int, at_iso: str, event: str, message: str) -> None:
    """Store event number ``seq`` and drop the one that is no longer among the last :data:`events.MAX_EVENTS`."""
    tx.execute("INSERT INTO provisioning_events (machine_id, seq, at, event, message) VALUES (?, ?, ?, ?, ?)",
               (machine_id, seq, at_iso, event, message))
    if seq > ev.MAX_EVENTS:
        tx.execute("DELETE FROM provisioning_events WHERE machine_id = ? AND seq < ?", (machine_id, ev.trim_below(seq)))


def events_of(tx, machine_id: str) -> list:
    """The stored events of a machine, oldest first."""
    return [{"time": r["at"], "event": r["event"], "message": r["message"]}
            for r in tx.query("SELECT at, event, message FROM provisioning_events WHERE machine_id = ? ORDER BY seq", (machine_id,))]


def provisioning_view(machine, container, now: float) -> dict:
    """Liveliness, last event and flags of a machine (``machine``: a machines row or None; ``container``: its row or None)."""
    allocated = machine is not None and machine["project"] is not None
    if container is None:
        return {"event_container": False, "liveliness": ALIVE, "last_event": ev.PHONED_HOME if allocated else ev.WAITING,
                "last_event_time": None, "crash_loop": False, "failed_reclaim": False, "last_error": "", "report_error": ""}
    return {
        "event_container": True,
        "liveliness": liveliness(from_iso(container["last_event_at"]), allocated, now),
        "last_event": container["last_event"] or None,
        "last_event_time": container["last_event_at"],
        "crash_loop": bool(container["crash_loop"]),
        "failed_reclaim": bool(container["failed_reclaim"]),
        "last_error": container["last_error"],
        "report_error": container["report_error"],
    }


def report_state(machine_id: str, container) -> dict | None:
    """The report part of a container as diffs and the audit log show it."""
    if container is None:
        return None
    return {"machine": machine_id, "report_error": container["report_error"], "details": json.loads(container["report_details"])}
