# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""provisioning.service on SQLite and PostgreSQL: registration, the MAC index, boot decisions, events, liveliness."""
from __future__ import annotations

import json

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    FleetError,
    NotFoundError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import SecretBox
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import containers
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import to_iso
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService

from tests.support.fake_clock import FakeClock
from tests.support.store_dump import dump_store
from tests.unit.plugins.module_utils.machines.fleet_builders import PARTITION, SECRET, SIZE, allocate, allocation_spec, build_catalog, free

from .reports import machine_uuid, metal_hammer_payload, report

BOOT = {"kernel_url": "http://boot.example/vmlinuz", "initrd_url": "http://boot.example/initrd", "command_line": "console=ttyS0"}
MAC = "aa:bb:cc:01:00:01"


@pytest.fixture
def clock():
    return FakeClock(1_900_000_000)


@pytest.fixture
def fleet(store, clock):
    build_catalog(store)
    store.run(lambda tx: PartitionStore(tx).ensure_present({"id": PARTITION, "boot": BOOT}))
    store.run(lambda tx: PartitionStore(tx).ensure_present({"id": "muc-1", "boot": BOOT}))
    return store


def call(store, clock, method, *args, check_mode=False, secret=None, **kwargs):
    return store.run(lambda tx: getattr(ProvisioningService(tx, clock=clock, secret_box=SecretBox(secret)), method)(*args, **kwargs),
                     check_mode=check_mode)


def audit_rows(store):
    return store.run(lambda tx: [(r["entity_kind"], r["entity_id"], r["action"]) for r in tx.query(
        "SELECT entity_kind, entity_id, action FROM audit_log ORDER BY id")], write=False)


def machine_row(store, number):
    return store.run(lambda tx: tx.query_one("SELECT * FROM machines WHERE id = ?", (machine_uuid(number),)), write=False)


# -- registration ------------------------------------------------------------------------------------------------
def test_register_matches_the_size_indexes_the_macs_and_keeps_the_details(fleet, clock):
    result = call(fleet, clock, "register", report(1), PARTITION, secret=SECRET)
    assert result == {"machine_id": machine_uuid(1), "changed": True, "created": True, "size": SIZE, "size_reason": "", "error": None}
    row = machine_row(fleet, 1)
    assert (row["serial"], row["manufacturer"], row["bmc_address"], row["bmc_port"], row["bmc_username"]) == \
        ("SN0001", "Supermicro", "10.1.0.1", 623, "metal")
    assert row["bmc_password_encrypted"] and "Bmc-Passw0rd" not in json.dumps(dump_store_of(fleet))
    macs = fleet.run(lambda tx: [(r["mac"], r["nic"]) for r in tx.query(
        "SELECT mac, nic FROM machine_nics WHERE machine_id = ? ORDER BY mac", (machine_uuid(1),))], write=False)
    assert macs == [("aa:bb:cc:01:00:01", "lan0"), ("aa:bb:cc:01:00:02", "lan1")]
    assert audit_rows(fleet)[-3:] == [("machine", machine_uuid(1), "register"), ("machine", machine_uuid(1), "update"),
                                      ("provisioning", machine_uuid(1), "report")]
    events = call(fleet, clock, "events", machine_uuid(1))
    assert events["report_details"]["bios"]["version"] == "3.3" and events["report_error"] == ""


def dump_store_of(store):
    return store.run(lambda tx: [dict(r) for r in tx.query("SELECT * FROM machines")] + [dict(r) for r in tx.query(
        "SELECT * FROM provisioning_containers")] + [dict(r) for r in tx.query("SELECT * FROM audit_log")], write=False)


def test_the_same_report_again_changes_nothing(fleet, clock, store_dsn):
    call(fleet, clock, "register", report(1), PARTITION, secret=SECRET)
    before = dump_store(store_dsn)
    clock.advance(60)
    again = call(fleet, clock, "register", report(1), PARTITION, secret=SECRET)
    assert again == {"machine_id": machine_uuid(1), "changed": False, "created": False, "size": SIZE, "size_reason": "", "error": None}
    assert dump_store(store_dsn) == before, "an identical report wrote to the store (or the audit log)"


def test_metal_hammers_payload_registers_the_same_machine(fleet, clock):
    result = call(fleet, clock, "register", metal_hammer_payload(1), PARTITION)
    assert result["size"] == SIZE and result["created"]
    assert machine_row(fleet, 1)["bmc_password_encrypted"] == "", "without a secret key the BMC password is not stored"


def test_a_changed_report_is_recorded_and_matched_again(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    count = len(audit_rows(fleet))
    bigger = report(1, memory=256 * 1024 ** 3, nics=[{"name": "lan0", "mac": "aa:bb:cc:01:00:09"}])
    result = call(fleet, clock, "register", bigger, PARTITION)
    assert result["changed"] and not result["created"] and result["size"] == "unknown" and "no size found" in result["size_reason"]
    assert ("machine", machine_uuid(1), "update") in audit_rows(fleet)[count:]
    assert call(fleet, clock, "boot", "aa:bb:cc:01:00:09", PARTITION).machine_id == machine_uuid(1)
    assert call(fleet, clock, "boot", MAC, PARTITION).machine_id is None, "the old MAC is no longer indexed"


def test_a_report_with_an_error_is_stored_and_shown(fleet, clock):
    result = call(fleet, clock, "register", {"uuid": machine_uuid(2), "error": "ghw: cannot read /sys/block", "memory": 1}, PARTITION)
    assert result["created"] and result["error"] == "ghw: cannot read /sys/block" and result["size"] == "unknown"
    shown = call(fleet, clock, "events", machine_uuid(2))
    assert shown["report_error"] == "ghw: cannot read /sys/block" and shown["registered"]
    fixed = call(fleet, clock, "register", report(2), PARTITION)
    assert fixed["changed"] and fixed["size"] == SIZE and call(fleet, clock, "events", machine_uuid(2))["report_error"] == ""


def test_registration_keeps_disk_rotational_serial_wwn_and_nic_speed_carrier(fleet, clock, store_dsn):
    disks = [{"name": "/dev/sda", "size": 960 * 10 ** 9, "rotational": False, "serial": "S5GXNF0R123456", "wwn": "naa.5002538e40a1b2c3"}]
    nics = [{"name": "lan0", "mac": MAC, "speed": 25000, "carrier": True, "up": True},
            {"name": "lan1", "mac": "aa:bb:cc:01:00:02", "carrier": False}]
    result = call(fleet, clock, "register", report(1, disks=disks, nics=nics), PARTITION)
    assert result["size"] == SIZE
    hardware = json.loads(machine_row(fleet, 1)["hardware"])
    assert hardware["disks"] == disks
    assert hardware["nics"] == [{"name": "lan0", "mac": MAC, "speed": 25000, "carrier": True},
                                {"name": "lan1", "mac": "aa:bb:cc:01:00:02", "carrier": False}]
    before = dump_store(store_dsn)
    assert not call(fleet, clock, "register", report(1, disks=disks, nics=nics), PARTITION)["changed"]
    assert dump_store(store_dsn) == before
    spinning = [dict(disks[0], rotational=True)]
    assert call(fleet, clock, "register", report(1, disks=spinning, nics=nics), PARTITION)["changed"], "a changed disk property is a change"


def test_machine_module_hardware_updates_keep_the_index(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    hardware = {"memory": "64GiB", "cpus": [{"model": "Intel Xeon Silver 4208", "cores": 8}], "disks": [{"name": "/dev/sda", "size": "960GB"}],
                "nics": [{"name": "eth9", "mac": "aa:bb:cc:99:00:01"}]}
    fleet.run(lambda tx: MachineStore(tx).ensure_present({"id": machine_uuid(1), "hardware": hardware}))
    assert call(fleet, clock, "boot", "aa:bb:cc:99:00:01", PARTITION).machine_id == machine_uuid(1)
    assert call(fleet, clock, "boot", MAC, PARTITION).machine_id is None


def test_removing_a_machine_drops_its_index_container_and_events(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    call(fleet, clock, "record_event", machine_uuid(1), "Registering")
    fleet.run(lambda tx: MachineStore(tx).ensure_absent(machine_uuid(1)))
    counts = fleet.run(lambda tx: [tx.query_one("SELECT COUNT(*) AS n FROM %s" % t)["n"]
                                   for t in ("machine_nics", "provisioning_containers", "provisioning_events")], write=False)
    assert counts == [0, 0, 0]


# -- boot decisions ----------------------------------------------------------------------------------------------
def boot_mode(store, clock, mac=MAC):
    return call(store, clock, "boot", mac, PARTITION).mode


def test_boot_decision_through_allocate_phone_home_reinstall_and_free(fleet, clock):
    unknown = call(fleet, clock, "boot", MAC.upper(), PARTITION, arch="x86_64")
    assert (unknown.mode, unknown.machine_id, unknown.kernel_url, unknown.command_line) == \
        ("discovery", None, BOOT["kernel_url"], "console=ttyS0")
    call(fleet, clock, "register", report(1), PARTITION)
    assert call(fleet, clock, "boot", MAC, PARTITION).machine_id == machine_uuid(1) and boot_mode(fleet, clock) == "discovery"
    assert call(fleet, clock, "allocation", machine_uuid(1))["allocated"] is False

    allocate(fleet, "web-1", machine=machine_uuid(1), userdata="#cloud-config", ssh_keys=["ssh-ed25519 AAAA test"])
    decision = call(fleet, clock, "boot", MAC, PARTITION)
    assert decision.mode == "install" and decision.command_line == "console=ttyS0 metalfleet.mode=install"
    waiting = call(fleet, clock, "allocation", machine_uuid(1))
    assert waiting["allocated"] and waiting["hostname"] == "web-1" and waiting["mode"] == "install"
    install = call(fleet, clock, "install_instructions", machine_uuid(1))
    assert install["image_id"] == "ubuntu-24.4.20250101" and install["image_url"] == "https://images.example/ubuntu.tar"
    assert (install["target_disk"], install["hostname"], install["user_data"]) == ("/dev/sda", "web-1", "#cloud-config")

    for event in ("PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"):
        call(fleet, clock, "record_event", machine_uuid(1), event)
    home = call(fleet, clock, "phone_home", machine_uuid(1))
    assert home["installed"] and not home["netboot_allowed"] and home["recorded"]
    assert boot_mode(fleet, clock) == "local" and ("provisioning", machine_uuid(1), "installed") in audit_rows(fleet)
    again = call(fleet, clock, "phone_home", machine_uuid(1))
    assert not again["installed"] and again["swallowed"], "a repeated phone home is swallowed and changes nothing"

    fleet.run(lambda tx: Allocator(tx).ensure_present(allocation_spec("web-1", image="ubuntu-24.4.20250101", reinstall=True)))
    assert boot_mode(fleet, clock) == "install", "a reinstall network-boots into the installer again"
    call(fleet, clock, "phone_home", machine_uuid(1))
    assert boot_mode(fleet, clock) == "local"
    free(fleet, "web-1")
    assert boot_mode(fleet, clock) == "discovery" and machine_row(fleet, 1)["netboot_allowed"]


def test_held_machines_boot_locally(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    fleet.run(lambda tx: MachineStore(tx).ensure_present({"id": machine_uuid(1), "hold": "reserved"}))
    assert boot_mode(fleet, clock) == "local"


def test_the_uuid_wins_over_the_mac_and_a_machine_of_another_partition_is_refused(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    call(fleet, clock, "register", report(2), PARTITION)
    assert call(fleet, clock, "boot", MAC, PARTITION, uuid=machine_uuid(2).upper()).machine_id == machine_uuid(2)
    with pytest.raises(ConflictError) as caught:
        call(fleet, clock, "boot", MAC, "muc-1")
    assert "partition" in str(caught.value)


@pytest.mark.parametrize("args, error, field", [
    (("aa:bb", PARTITION), ValidationError, "mac"),
    ((MAC, "nowhere"), NotFoundError, "partition"),
    ((MAC, PARTITION, "not-a-uuid"), ValidationError, "uuid"),
])
def test_bad_boot_requests_name_the_field(fleet, clock, args, error, field):
    with pytest.raises(error) as caught:
        call(fleet, clock, "boot", *args)
    assert str(caught.value).startswith(field + ":")


# -- events ------------------------------------------------------------------------------------------------------
def test_events_before_registration_and_in_time_order(fleet, clock):
    first = call(fleet, clock, "record_event", machine_uuid(5), "pxe_booting", "dhcp")
    assert first["recorded"] and first["accepted"]
    clock.advance(1)
    call(fleet, clock, "record_event", machine_uuid(5), "PXE Booting")   # swallowed
    clock.advance(1)
    call(fleet, clock, "record_event", machine_uuid(5), "Preparing")
    with pytest.raises(NotFoundError):
        call(fleet, clock, "record_event", machine_uuid(5), "Waiting")
    shown = call(fleet, clock, "events", machine_uuid(5))
    assert [e["event"] for e in shown["events"]] == ["PXE Booting", "Preparing"] and not shown["registered"]
    assert shown["events"][0]["message"] == "dhcp" and shown["last_event"] == "Preparing"
    assert shown["events"][0]["time"] < shown["events"][1]["time"] == shown["last_event_time"]


def test_the_last_hundred_events_are_kept_at_a_flat_cost(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)

    def cost(event):
        def work(tx):
            before = tx.statements
            ProvisioningService(tx, clock=clock).record_event(machine_uuid(1), event, "n")
            return tx.statements - before
        clock.advance(1)
        return fleet.run(work)
    costs = [cost("Planned Reboot" if n % 2 else "PXE Booting") for n in range(130)]
    # one statement more (deleting the oldest) once 100 are stored, then flat however long the history grows
    assert set(costs[:100]) == {costs[0]} and set(costs[100:]) == {costs[0] + 1}, costs
    shown = call(fleet, clock, "events", machine_uuid(1))["events"]
    assert len(shown) == 100 and shown[-1]["event"] == "Planned Reboot"
    times = [e["time"] for e in shown]
    assert times == sorted(times) and len(set(times)) == 100
    stored = fleet.run(lambda tx: tx.query_one("SELECT MIN(seq) AS lo, MAX(seq) AS hi, COUNT(*) AS n FROM provisioning_events"),
                       write=False)
    assert (stored["lo"], stored["hi"], stored["n"]) == (31, 130, 100)


def _event_cost(store, clock, machine, event, seen):
    def work(tx):
        before = tx.statements
        result = ProvisioningService(tx, clock=clock).record_event(machine, event, "", seen)
        return result, tx.statements - before
    return store.run(work)


def test_the_boot_reading_is_one_statement_and_gives_the_container(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)

    def reading(tx, *args):
        before = tx.statements
        decision, container = ProvisioningService(tx, clock=clock).boot_reading(*args)
        return decision, container, tx.statements - before
    decision, container, statements = fleet.run(lambda tx: reading(tx, MAC, PARTITION, machine_uuid(1)), write=False)
    # the registration made the container (the report's details), no event yet
    assert (decision.mode, decision.machine_id, container["last_event"], statements) == ("discovery", machine_uuid(1), "", 1)
    call(fleet, clock, "record_event", machine_uuid(1), "PXE Booting")
    _decision, container, statements = fleet.run(lambda tx: reading(tx, MAC, PARTITION, machine_uuid(1)), write=False)
    assert (container["last_event"], container["last_seq"], statements) == ("PXE Booting", 1, 1)
    # without the UUID: the MAC index, then the container
    _decision, by_mac, statements = fleet.run(lambda tx: reading(tx, MAC, PARTITION), write=False)
    assert (by_mac, statements) == (container, 3)
    # an unknown machine: no container, then the one of the UUID it booted with (events before registration)
    assert fleet.run(lambda tx: reading(tx, "aa:bb:cc:09:00:01", PARTITION, machine_uuid(9)), write=False)[1] is None
    call(fleet, clock, "record_event", machine_uuid(9), "PXE Booting")
    decision, unknown, _statements = fleet.run(lambda tx: reading(tx, "aa:bb:cc:09:00:01", PARTITION, machine_uuid(9)), write=False)
    assert decision.machine_id is None and unknown["machine_id"] == machine_uuid(9)


def test_an_event_on_the_container_it_read_is_one_update_and_the_same_as_the_full_path(fleet, clock, store_dsn):
    for number in (1, 2):
        call(fleet, clock, "register", report(number), PARTITION)
        call(fleet, clock, "record_event", machine_uuid(number), "PXE Booting")
    seen = call(fleet, clock, "boot_reading", MAC, PARTITION, machine_uuid(1))[1]
    clock.advance(10)
    fast, statements = _event_cost(fleet, clock, machine_uuid(1), "PXE Booting", seen)
    full, _statements = _event_cost(fleet, clock, machine_uuid(2), "PXE Booting", None)
    assert statements == 1 and fast["swallowed"] and dict(fast, machine_id=None) == dict(full, machine_id=None)
    keys = ("liveliness", "last_event", "last_event_time", "crash_loop", "failed_reclaim", "last_error", "events")
    shown = [{k: call(fleet, clock, "events", machine_uuid(n))[k] for k in keys} for n in (1, 2)]
    assert shown[0] == shown[1] and shown[0]["last_event_time"] > shown[0]["events"][0]["time"]
    # a stored event: the conditional UPDATE and the event's INSERT
    call(fleet, clock, "record_event", machine_uuid(1), "Planned Reboot")
    seen = call(fleet, clock, "boot_reading", MAC, PARTITION, machine_uuid(1))[1]
    clock.advance(1)
    stored, statements = _event_cost(fleet, clock, machine_uuid(1), "PXE Booting", seen)
    assert stored["recorded"] and statements == 2
    assert [e["event"] for e in call(fleet, clock, "events", machine_uuid(1))["events"]] == ["PXE Booting", "Planned Reboot", "PXE Booting"]


def test_an_event_on_a_container_that_changed_since_it_was_read_takes_the_full_path(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    call(fleet, clock, "record_event", machine_uuid(1), "PXE Booting")
    stale = call(fleet, clock, "boot_reading", MAC, PARTITION, machine_uuid(1))[1]
    clock.advance(1)
    call(fleet, clock, "record_event", machine_uuid(1), "Preparing")
    clock.advance(1)
    again, statements = _event_cost(fleet, clock, machine_uuid(1), "PXE Booting", stale)
    # applied to what the store holds now (Preparing), not to the stale row: an unexpected PXE Booting, a crash loop
    assert again["recorded"] and not again["accepted"] and again["crash_loop"] and statements > 2
    shown = call(fleet, clock, "events", machine_uuid(1))
    assert [e["event"] for e in shown["events"]] == ["PXE Booting", "Preparing", "PXE Booting"] and shown["crash_loop"]


def test_crash_loop_is_set_and_cleared_through_the_store(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    allocate(fleet, "web-1", machine=machine_uuid(1))
    for event in ("PXE Booting", "Preparing", "Crashed"):
        result = call(fleet, clock, "record_event", machine_uuid(1), event, "kernel panic" if event == "Crashed" else "")
    assert result["crash_loop"] and call(fleet, clock, "events", machine_uuid(1))["last_error"] == "Crashed: kernel panic"
    for event in ("PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"):
        call(fleet, clock, "record_event", machine_uuid(1), event)
    assert call(fleet, clock, "events", machine_uuid(1))["crash_loop"]
    assert not call(fleet, clock, "phone_home", machine_uuid(1))["crash_loop"]


def test_liveliness_dead_unknown_and_alive_again(fleet, clock):
    for number in (1, 2):
        call(fleet, clock, "register", report(number), PARTITION)
        call(fleet, clock, "record_event", machine_uuid(number), "Registering")
    allocate(fleet, "web-2", machine=machine_uuid(2))
    clock.advance(300)
    assert call(fleet, clock, "evaluate_liveliness") == []
    assert call(fleet, clock, "events", machine_uuid(1))["liveliness"] == "Alive"
    clock.advance(1)
    assert call(fleet, clock, "events", machine_uuid(1))["liveliness"] == "Dead", "the info is evaluated with the clock"
    predicted = call(fleet, clock, "evaluate_liveliness", check_mode=True)
    changes = call(fleet, clock, "evaluate_liveliness")
    assert predicted == changes and [(c["machine_id"], c["before"], c["after"]) for c in changes] == [
        (machine_uuid(1), "Alive", "Dead"), (machine_uuid(2), "Alive", "Unknown")]
    assert call(fleet, clock, "evaluate_liveliness") == [], "a second evaluation changes nothing"
    assert audit_rows(fleet)[-2:] == [("provisioning", machine_uuid(1), "liveliness"), ("provisioning", machine_uuid(2), "liveliness")]
    assert call(fleet, clock, "record_event", machine_uuid(1), "Alive")["liveliness"] == "Alive"
    assert call(fleet, clock, "evaluate_liveliness") == []


@pytest.mark.parametrize("method, args", [
    ("register", (dict(report(1), nics=[{"mac": "bad"}]), PARTITION)),
    ("register", (report(1), "nowhere")),
    ("register", (report(1, bmc={"address": "not a host!"}), PARTITION)),
    ("record_event", (machine_uuid(1), "Rebooting")),
    ("record_event", (machine_uuid(9), "Phoned Home")),
    ("record_event", ("web-1", "Alive")),
    ("phone_home", (machine_uuid(9),)),
    ("allocation", (machine_uuid(9),)),
    ("install_instructions", (machine_uuid(1),)),
    ("events", (machine_uuid(9),)),
])
def test_every_failure_leaves_the_store_unchanged(fleet, clock, store_dsn, method, args):
    call(fleet, clock, "register", report(1), PARTITION)
    before = dump_store(store_dsn)
    with pytest.raises(FleetError):
        call(fleet, clock, method, *args)
    assert dump_store(store_dsn) == before


def test_a_register_failure_after_the_machine_was_written_rolls_back(fleet, clock, store_dsn):
    call(fleet, clock, "register", report(1), PARTITION)
    allocate(fleet, "web-1", machine=machine_uuid(1))
    before = dump_store(store_dsn)
    with pytest.raises(ConflictError):
        call(fleet, clock, "register", report(1, memory=1), "muc-1")
    assert dump_store(store_dsn) == before


def test_check_mode_registration_predicts_and_writes_nothing(fleet, clock, store_dsn):
    before = dump_store(store_dsn)
    predicted = call(fleet, clock, "register", report(3), PARTITION, check_mode=True)
    assert dump_store(store_dsn) == before
    assert call(fleet, clock, "register", report(3), PARTITION) == predicted


def test_images_keep_their_url_for_the_installer(fleet, clock):
    fleet.run(lambda tx: ImageStore(tx).ensure_present({"id": "ubuntu-24.4.20250101", "checksum": "sha256:" + "ab" * 32, "features": ["machine"],
                                                        "url": "https://images.example/ubuntu.tar"}))
    call(fleet, clock, "register", report(1), PARTITION)
    allocate(fleet, "web-1", machine=machine_uuid(1))
    assert call(fleet, clock, "install_instructions", machine_uuid(1))["image_checksum"] == "sha256:" + "ab" * 32


def test_a_liveliness_refresh_is_only_a_time_and_is_written_only_forward(fleet, clock, store_dsn):
    call(fleet, clock, "register", report(1), PARTITION)
    assert containers.liveliness_refresh(machine_uuid(1), "PXE Booting", None, clock()) is None  # nothing read before
    seen = call(fleet, clock, "boot_reading", MAC, PARTITION, machine_uuid(1))[1]
    # the first PXE Booting is stored: not a refresh (record_event's turn)
    assert containers.liveliness_refresh(machine_uuid(1), "PXE Booting", seen, clock()) is None
    call(fleet, clock, "record_event", machine_uuid(1), "PXE Booting")
    seen = call(fleet, clock, "boot_reading", MAC, PARTITION, machine_uuid(1))[1]
    clock.advance(30)
    refresh = containers.liveliness_refresh(machine_uuid(1), "PXE Booting", seen, clock())
    assert refresh == (machine_uuid(1), seen["last_seq"], to_iso(clock()))
    # an event other than the last one, and the last one on a machine that is no longer Alive, change more than the time
    assert containers.liveliness_refresh(machine_uuid(1), "Preparing", seen, clock()) is None
    assert containers.liveliness_refresh(machine_uuid(1), "PXE Booting", dict(seen, liveliness="Dead"), clock()) is None

    older = containers.LivelinessRefresh(machine_uuid(1), seen["last_seq"], to_iso(clock() - 10))
    fleet.run(lambda tx: containers.refresh_times(tx, [refresh, older]))
    shown = call(fleet, clock, "events", machine_uuid(1))
    assert [e["event"] for e in shown["events"]] == ["PXE Booting"] and shown["last_event_time"] == refresh.at
    # an older time never moves the container back
    before = dump_store(store_dsn)
    fleet.run(lambda tx: containers.refresh_times(tx, [older]))
    assert dump_store(store_dsn) == before
    # an event stored since the refresh was read (another last_seq) wins: the late refresh writes nothing
    clock.advance(5)
    call(fleet, clock, "record_event", machine_uuid(1), "Preparing")
    before = dump_store(store_dsn)
    fleet.run(lambda tx: containers.refresh_times(tx, [containers.LivelinessRefresh(machine_uuid(1), seen["last_seq"], to_iso(clock() + 1))]))
    assert dump_store(store_dsn) == before


def test_a_late_refresh_makes_a_machine_judged_dead_meanwhile_alive_again(fleet, clock):
    call(fleet, clock, "register", report(1), PARTITION)
    call(fleet, clock, "record_event", machine_uuid(1), "PXE Booting")
    seen = call(fleet, clock, "boot_reading", MAC, PARTITION, machine_uuid(1))[1]
    clock.advance(301)
    refresh = containers.liveliness_refresh(machine_uuid(1), "PXE Booting", seen, clock())  # served, not yet written
    assert [c["after"] for c in call(fleet, clock, "evaluate_liveliness")] == ["Dead"]
    fleet.run(lambda tx: containers.refresh_times(tx, [refresh]))
    assert call(fleet, clock, "events", machine_uuid(1))["liveliness"] == "Alive"
