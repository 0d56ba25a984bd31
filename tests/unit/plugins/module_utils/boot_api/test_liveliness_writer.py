# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API's liveliness writer on both backends: batches, the latest time per machine, close, a store that fails."""
from __future__ import annotations

import threading
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.liveliness_writer import LivelinessWriter
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.stores import StorePool
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import containers
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import events as ev
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import to_iso
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location

from tests.support.postgres import free_port

START = 1_900_000_000.0
MACHINES = ["00000000-0000-4000-8000-%012x" % n for n in range(1, 51)]


class Counted:
    """The writer's counter: every (outcome, count) it reported, in order."""

    def __init__(self):
        self.calls = []
        self.lock = threading.Lock()

    def __call__(self, outcome, count):
        with self.lock:
            self.calls.append((outcome, count))


def containers_with_one_event(store, machines):
    def work(tx):
        for machine_id in machines:
            containers.create(tx, machine_id, ev.Container(last_event=ev.PXE_BOOTING, last_event_at=START), to_iso(START), last_seq=1)
    store.run(work)


def times(store) -> dict:
    return store.run(lambda tx: {r["machine_id"]: r["last_event_at"] for r in tx.query("SELECT machine_id, last_event_at FROM provisioning_containers")},
                     write=False)


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def refresh(machine_id, seconds_later):
    return containers.LivelinessRefresh(machine_id, 1, to_iso(START + seconds_later))


def test_refreshes_gathered_for_the_delay_are_written_in_one_batch_the_latest_per_machine(store, store_dsn):
    containers_with_one_event(store, MACHINES)
    counted = Counted()
    writer = LivelinessWriter(StorePool(parse_location(store_dsn), timeout=5), delay=2.0, counter=counted)
    for index, machine_id in enumerate(MACHINES):
        writer.submit(refresh(machine_id, 10 + index))
    writer.submit(refresh(MACHINES[0], 99))  # later: wins
    writer.submit(refresh(MACHINES[1], 1))  # earlier than the one held: ignored
    assert times(store)[MACHINES[0]] == to_iso(START)  # held for the delay, not written with the submit
    assert wait_for(lambda: counted.calls)
    assert counted.calls == [("written", len(MACHINES))]  # one batch of all of them
    stored = times(store)
    assert stored[MACHINES[0]] == to_iso(START + 99) and stored[MACHINES[1]] == to_iso(START + 11)
    assert all(stored[m] == to_iso(START + 10 + i) for i, m in enumerate(MACHINES) if i > 1)
    # the thread lives on: the next refresh starts the next batch
    writer.submit(refresh(MACHINES[5], 500))
    assert wait_for(lambda: len(counted.calls) == 2) and counted.calls[1] == ("written", 1)
    assert times(store)[MACHINES[5]] == to_iso(START + 500)
    writer.close()


def test_close_writes_what_is_held_at_once(store, store_dsn):
    containers_with_one_event(store, MACHINES[:3])
    counted = Counted()
    writer = LivelinessWriter(StorePool(parse_location(store_dsn), timeout=5), delay=5.0, counter=counted)
    for machine_id in MACHINES[:3]:
        writer.submit(refresh(machine_id, 7))
    writer.close()  # a worker that stops: nothing is left behind
    assert counted.calls == [("written", 3)]
    assert set(times(store).values()) == {to_iso(START + 7)}
    assert writer.held == 0


def test_refreshes_a_failing_store_cannot_take_are_counted_dropped_and_the_writer_goes_on():
    # a real fault: nothing listens on the port, so every write's connection is refused
    pool = StorePool(parse_location("postgresql://nobody@127.0.0.1:%d/fleet" % free_port()), timeout=1)
    counted = Counted()
    writer = LivelinessWriter(pool, delay=0.05, counter=counted)
    writer.submit(refresh(MACHINES[0], 1))
    assert wait_for(lambda: counted.calls)
    writer.submit(refresh(MACHINES[1], 2))
    assert wait_for(lambda: len(counted.calls) == 2)
    assert counted.calls == [("dropped", 1), ("dropped", 1)]
    writer.close()
