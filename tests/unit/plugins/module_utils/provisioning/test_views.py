# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Provisioning states in the machine issues, the partition capacity and the inventory; the MAC index migration."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.capacity_view import fleet_capacity
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.inventory_view import inventory_hosts
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import LATEST_VERSION
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from tests.support.fake_clock import FakeClock
from tests.support.schema_undo import roll_back_to
from tests.unit.plugins.module_utils.machines.fleet_builders import PARTITION, SIZE, allocate, build_catalog, machine_spec, register

from .reports import machine_uuid, report

T0 = 1_900_000_000.0


def service_call(store, clock, method, *args):
    return store.run(lambda tx: getattr(ProvisioningService(tx, clock=clock), method)(*args))


def size_row(store, now):
    (partition,) = store.run(lambda tx: fleet_capacity(tx, now=now), write=False)
    return {row["size"]: row for row in partition["sizes"]}[SIZE]


def test_capacity_uses_real_events_where_a_machine_has_them(store):
    clock = FakeClock(T0)
    build_catalog(store)
    register(store, [machine_spec(9, hardware={"memory": "64GiB", "cpus": [{"model": "x", "cores": 8}],
                                               "disks": [{"name": "/dev/sda", "size": "960GB"}]}, bmc={"address": "10.9.0.9"})])  # never booted
    for number in (1, 2, 3):
        service_call(store, clock, "register", report(number), PARTITION)
        for event in ("PXE Booting", "Preparing", "Registering", "Waiting"):
            service_call(store, clock, "record_event", machine_uuid(number), event)
    service_call(store, clock, "record_event", machine_uuid(2), "Crashed")
    service_call(store, clock, "register", report(3, error="lldp: no neighbours on lan1"), PARTITION)
    fresh = size_row(store, clock())
    assert fresh["faulty_issues"] == {machine_uuid(2): ["crashloop"], machine_uuid(3): ["hardware-report-error"]}
    assert (fresh["waiting"], fresh["other"]) == (3, 1), "machine 2's last event is Crashed"
    assert fresh["allocatable"] == 4
    later = size_row(store, clock.advance(301))
    assert later["faulty_issues"][machine_uuid(1)] == ["liveliness-dead"]
    assert "9" not in str(later["faulty_issues"]), "a machine without events keeps today's view: alive"
    assert later["allocatable"] == 1


def test_inventory_host_vars_show_liveliness_last_event_and_crash_loop(store):
    clock = FakeClock(T0)
    build_catalog(store)
    store.run(lambda tx: PartitionStore(tx).ensure_present({"id": PARTITION}))
    register(store, [machine_spec(9)])
    service_call(store, clock, "register", report(1), PARTITION)
    allocate(store, "old", machine=machine_spec(9)["id"])
    allocate(store, "new", machine=machine_uuid(1))
    for event in ("PXE Booting", "Preparing", "Crashed"):
        service_call(store, clock, "record_event", machine_uuid(1), event)
    hosts = {h["name"]: h["vars"] for h in store.run(lambda tx: inventory_hosts(tx, now=clock.advance(301)), write=False)}
    assert (hosts["new"]["metalfleet_liveliness"], hosts["new"]["metalfleet_last_event"], hosts["new"]["metalfleet_crash_loop"]) == \
        ("Unknown", "Crashed", True)
    assert (hosts["old"]["metalfleet_liveliness"], hosts["old"]["metalfleet_last_event"], hosts["old"]["metalfleet_crash_loop"]) == \
        ("Alive", "Phoned Home", False)


def test_migration_indexes_the_nics_of_existing_machines(store_dsn):
    with open_store(parse_location(store_dsn)) as store:
        build_catalog(store)
        register(store, [machine_spec(1), machine_spec(2)])
        store.run(lambda tx: roll_back_to(tx, 6))
    with open_store(parse_location(store_dsn)) as store:
        assert store.schema_version == LATEST_VERSION
        rows = store.run(lambda tx: [(r["mac"], r["machine_id"]) for r in tx.query("SELECT * FROM machine_nics ORDER BY machine_id")],
                         write=False)
        assert rows == [("aa:bb:cc:00:00:01", machine_spec(1)["id"]), ("aa:bb:cc:00:00:01", machine_spec(2)["id"])]
        assert store.run(lambda tx: MachineStore(tx, write=False).document(MachineStore(tx, write=False).find(machine_spec(1)["id"])),
                         write=False)["netboot_allowed"] is True
        decision = store.run(lambda tx: ProvisioningService(tx).boot("aa:bb:cc:00:00:01", PARTITION), write=False)
        assert decision.machine_id == machine_spec(1)["id"], "a MAC two machines report: the lowest id"
