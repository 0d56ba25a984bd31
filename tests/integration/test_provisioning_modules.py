# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.machine_liveliness and machine_events_info through ansible-playbook, on SQLite and PostgreSQL.

The events are recorded in the test process through the provisioning service (as the boot API does), with a clock
ten minutes behind, so the modules, which use the real clock, find machines that went quiet without any test sleeping.
"""
from __future__ import annotations

import time

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from tests.integration.machines_setup import CATALOG, machine_entry, machine_id, register
from tests.support.fake_clock import FakeClock

pytestmark = pytest.mark.playbook

LIVELINESS = "metalfleet.datacenter.machine_liveliness"
EVENTS_INFO = "metalfleet.datacenter.machine_events_info"
UNREGISTERED = "00000000-0000-4000-8000-000000000099"
CYCLE = ("PXE Booting", "Preparing", "Registering", "Waiting")


def record(dsn, clock, machine, *events):
    with open_store(parse_location(dsn)) as store:
        for event in events:
            store.run(lambda tx, e=event: ProvisioningService(tx, clock=clock).record_event(machine, e, "from the test"))


def test_liveliness_and_events_info_contract(fleet):
    """Machine 1 free and quiet for 10 minutes, 2 allocated and quiet, 3 free and just heard from (in a crash loop),
    4 registered without ever booting through the boot service, and an unregistered machine that PXE-booted 10
    minutes ago.  (One flow per backend: every ansible-playbook run costs seconds.)"""
    fleet.run(CATALOG + [register([machine_entry(n) for n in (1, 2, 3, 4)]),
                         {"name": "allocate", "metalfleet.datacenter.machine_allocation": {
                             "project": "shop", "hostname": "web-2", "machine": machine_id(2), "partition": "fra-1",
                             "size": "c1-medium", "image": "ubuntu-24.4", "networks": [{"network": "shop-net"}]}}])
    past = FakeClock(time.time() - 600)
    for machine in (machine_id(1), machine_id(2)):
        record(fleet.dsn, past, machine, *CYCLE)
    record(fleet.dsn, past, UNREGISTERED, "PXE Booting")
    record(fleet.dsn, FakeClock(), machine_id(3), *(CYCLE + ("Crashed",)))

    # the info module (also in check mode, where it reads the same) and a check-mode prediction for one partition
    before = fleet.dump()
    run = fleet.run([
        {"name": "all", EVENTS_INFO: {}},
        {"name": "dead", EVENTS_INFO: {"liveliness": "Dead", "events": 1}},
        {"name": "crashing", EVENTS_INFO: {"crash_loop": True, "partition": "fra-1"}},
        {"name": "shop", EVENTS_INFO: {"project": "shop", "events": 0}},
        {"name": "fra", LIVELINESS: {"partition": "fra-1"}, "check_mode": True},
    ], diff=True)
    assert fleet.dump() == before, "reading and predicting wrote to the store"
    machines = {m["machine_id"]: m for m in run.task("all")["result"]["machines"]}
    assert run.task("all")["result"]["changed"] is False
    assert list(machines) == [machine_id(1), machine_id(2), machine_id(3), machine_id(4), UNREGISTERED]
    assert [e["event"] for e in machines[machine_id(1)]["events"]] == list(CYCLE)
    assert (machines[machine_id(1)]["liveliness"], machines[machine_id(2)]["liveliness"]) == ("Dead", "Unknown")
    assert machines[machine_id(3)]["crash_loop"] and machines[machine_id(3)]["last_event"] == "Crashed"
    assert [(machines[machine_id(4)][k]) for k in ("event_container", "liveliness", "last_event", "events")] == [False, "Alive", "Waiting", []]
    assert machines[UNREGISTERED]["registered"] is False and machines[UNREGISTERED]["partition"] is None
    dead = run.task("dead")["result"]["machines"]
    assert [m["machine_id"] for m in dead] == [machine_id(1), UNREGISTERED] and [e["event"] for e in dead[0]["events"]] == ["Waiting"]
    assert [m["machine_id"] for m in run.task("crashing")["result"]["machines"]] == [machine_id(3)]
    (web,) = run.task("shop")["result"]["machines"]
    assert (web["machine_id"], web["hostname"], web["events"]) == (machine_id(2), "web-2", [])
    predicted = run.task("fra")["result"]
    assert predicted["changed"] is True and [c["machine_id"] for c in predicted["changes"]] == [machine_id(1), machine_id(2)]

    # the liveliness module: check+diff, real+diff, check, real
    (first,) = fleet.four_way([{"name": "evaluate", LIVELINESS: {}}], result_keys=[])
    assert [(c["machine_id"], c["before"], c["after"]) for c in first["changes"]] == [
        (machine_id(1), "Alive", "Dead"), (machine_id(2), "Alive", "Unknown"), (UNREGISTERED, "Alive", "Dead")]
    assert first["diff"]["after"]["provisioning %s" % machine_id(2)] == {"machine": machine_id(2), "liveliness": "Unknown"}
    assert first["diff"]["before"]["provisioning %s" % machine_id(1)] == {"machine": machine_id(1), "liveliness": "Alive"}
    after = fleet.run([{"name": "again", LIVELINESS: {}},
                       {"name": "audit", "metalfleet.datacenter.audit_info": {"kind": "provisioning"}}])
    assert after.task("again")["result"]["changed"] is False and after.task("again")["result"]["changes"] == []
    entries = after.task("audit")["result"]["entries"]
    assert sorted(e["entity_id"] for e in entries if e["action"] == "liveliness") == sorted([machine_id(1), machine_id(2), UNREGISTERED])

    # bad input fails naming the field and leaves the store as it was
    fleet.expect_failures([
        ({LIVELINESS: {"partition": "nowhere"}}, "partition", "unknown partition"),
        ({LIVELINESS: {"partition": "bad name!"}}, "partition", ""),
        ({EVENTS_INFO: {"liveliness": "Sleeping"}}, "liveliness", "Alive"),
        ({EVENTS_INFO: {"events": 500}}, "events", "500"),
        ({EVENTS_INFO: {"id": ["web-1"]}}, "id", "not a UUID"),
        ({EVENTS_INFO: {"partition": "nowhere"}}, "partition", "unknown partition"),
    ])
