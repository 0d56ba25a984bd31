# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""machines.machine_store on SQLite and PostgreSQL: registration, updates, holds, removal, sizes, BMC secrets."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore, machine_id_option
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import SecretBox

from .fleet_builders import (
    HARDWARE,
    LARGE_HARDWARE,
    LARGE_SIZE,
    PARTITION,
    SECRET,
    SIZE,
    allocate,
    build_catalog,
    changes_of,
    machine_id,
    machine_row,
    machine_spec,
    register,
    table_counts,
)

PASSWORD = "Bmc-Passw0rd-never-shown"
BMC = {"address": "10.1.0.1", "port": 623, "driver": "ipmi", "username": "admin", "password": PASSWORD}


def update(store, secret=None, **spec):
    return store.run(lambda tx: MachineStore(tx, SecretBox(secret)).ensure_present(spec))


@pytest.fixture
def catalog(store):
    build_catalog(store)
    return store


def test_machine_ids_are_uuids_in_lower_case():
    assert machine_id_option("00000000-0000-4000-8000-00000000000A") == "00000000-0000-4000-8000-00000000000a".lower()
    with pytest.raises(ValidationError) as caught:
        machine_id_option("web-1", "machines[2].id")
    assert caught.value.field == "machines[2].id" and "not a UUID" in caught.value.reason


def test_registration_matches_a_size(catalog):
    (doc,) = register(catalog, [machine_spec(1, tags=["b", "a", "b"])])
    assert doc["id"] == machine_id(1) and doc["partition"] == PARTITION and doc["rack"] == "rack-1"
    assert (doc["size"], doc["size_reason"], doc["state"], doc["allocated"], doc["hold"]) == (SIZE, "", "waiting", False, "none")
    assert doc["tags"] == ["a", "b"] and doc["issues"] == [] and doc["allocation"] is None
    assert doc["hardware_summary"]["cores"] == 8 and doc["created_at"] == doc["updated_at"]
    assert doc["bmc"] == {"address": "", "port": None, "driver": "", "username": "", "password_set": False, "password_version": 0}


def test_hardware_without_size_is_unknown_with_the_reason(catalog):
    (doc,) = register(catalog, [machine_spec(1, hardware=LARGE_HARDWARE)])
    assert doc["size"] == "unknown" and "no size found" in doc["size_reason"]


def test_unchanged_spec_records_nothing_and_changes_only_what_differs(catalog):
    register(catalog, [machine_spec(1)])
    assert changes_of(catalog, lambda tx: MachineStore(tx).ensure_present(machine_spec(1))) == []
    before = machine_row(catalog, 1)
    doc = update(catalog, id=machine_id(1), rack="rack-9")
    after = machine_row(catalog, 1)
    assert doc["rack"] == "rack-9" and after["hardware"] == before["hardware"] and after["created_at"] == before["created_at"]
    assert changes_of(catalog, lambda tx: MachineStore(tx).ensure_present({"id": machine_id(1), "rack": "rack-9"})) == []


def test_new_hardware_is_matched_again(catalog):
    register(catalog, [machine_spec(1)])
    doc = update(catalog, id=machine_id(1), hardware=LARGE_HARDWARE)
    assert doc["size"] == "unknown" and doc["hardware"]["memory"] == 256 * 1024 ** 3


@pytest.mark.parametrize("spec, error, field_or_text", [
    ({"id": machine_id(5), "partition": "nowhere", "hardware": HARDWARE}, NotFoundError, "unknown partition 'nowhere'"),
    ({"id": machine_id(5), "hardware": HARDWARE}, ValidationError, "partition"),
    ({"id": machine_id(5), "partition": PARTITION}, ValidationError, "hardware"),
    ({"id": machine_id(1), "hold": "frozen"}, ValidationError, "hold"),
    ({"id": machine_id(1), "issues": "broken"}, ValidationError, "issues"),
    ({"id": machine_id(1), "bmc": {"address": "10.0.0.1", "pin": 1}}, ValidationError, "bmc"),
    ({"id": machine_id(1), "bmc": {"port": 70000}}, ValidationError, "bmc.port"),
    ({"id": machine_id(1), "bmc": {"driver": "telnet"}}, ValidationError, "bmc.driver"),
])
def test_bad_input(catalog, spec, error, field_or_text):
    register(catalog, [machine_spec(1)])
    with pytest.raises(error) as caught:
        update(catalog, **spec)
    assert caught.value.field == field_or_text if error is ValidationError else field_or_text in caught.value.message


def test_holds_and_issues_give_the_state(catalog):
    register(catalog, [machine_spec(1)])
    assert update(catalog, id=machine_id(1), hold="reserved")["state"] == "reserved"
    assert update(catalog, id=machine_id(1), issues=["bmc-unreachable"])["state"] == "faulty", "issues come before a reservation"
    assert update(catalog, id=machine_id(1), hold="locked")["state"] == "locked"
    doc = update(catalog, id=machine_id(1), hold="none", issues=[])
    assert (doc["state"], doc["hold"]) == ("waiting", "none") and machine_row(catalog, 1)["hold"] == ""


def test_list_filters(catalog):
    register(catalog, [machine_spec(1, rack="r1", tags=["gpu"]), machine_spec(2, rack="r2"),
                       machine_spec(3, rack="r2", hold="reserved", tags=["gpu", "x"]), machine_spec(4, hardware=LARGE_HARDWARE)])

    def ids(**filters):
        return catalog.run(lambda tx: [r["id"][-1] for r in MachineStore(tx).list(**filters)], write=False)
    assert ids() == ["1", "2", "3", "4"]
    assert ids(rack="r2") == ["2", "3"]
    assert ids(state="reserved") == ["3"] and ids(state="waiting") == ["1", "2", "4"]
    assert ids(tags=["gpu"]) == ["1", "3"] and ids(tags=["gpu", "x"]) == ["3"]
    assert ids(size="unknown") == ["4"] and ids(partition="other") == []
    assert ids(ids=[machine_id(2).upper(), machine_id(4)]) == ["2", "4"]


def test_removal(catalog):
    register(catalog, [machine_spec(1), machine_spec(2)])
    assert changes_of(catalog, lambda tx: MachineStore(tx).ensure_absent(machine_id(1))) == [("machine", machine_id(1), "remove")]
    assert catalog.run(lambda tx: MachineStore(tx).ensure_absent(machine_id(1))) is None, "removing twice is no change"
    assert catalog.run(lambda tx: MachineStore(tx).list(), write=False)[0]["id"] == machine_id(2)


def test_allocated_machine_cannot_be_removed_or_moved(catalog):
    register(catalog, [machine_spec(1)])
    allocate(catalog, "web-1")
    with pytest.raises(ConflictError, match="allocated to project shop as web-1; free it"):
        catalog.run(lambda tx: MachineStore(tx).ensure_absent(machine_id(1)))
    catalog.run(lambda tx: PartitionStore(tx).ensure_present({"id": "muc-1"}))
    with pytest.raises(ConflictError, match="allocated in partition fra-1 and cannot move"):
        update(catalog, id=machine_id(1), partition="muc-1")
    doc = update(catalog, id=machine_id(1), hardware=LARGE_HARDWARE)
    assert doc["size"] == SIZE, "an allocated machine keeps its size until it is freed"


def test_list_form_rolls_back_and_names_the_entry(catalog):
    before = table_counts(catalog)
    with pytest.raises(ValidationError) as caught:
        register(catalog, [machine_spec(1), machine_spec(2, hardware=dict(HARDWARE, memory="lots"))])
    assert caught.value.field == "machines[1].hardware.memory"
    with pytest.raises(NotFoundError, match=r"^machines\[1\]\.partition: unknown partition"):
        register(catalog, [machine_spec(1), machine_spec(2, partition="nowhere")])
    assert catalog.run(lambda tx: MachineStore(tx).list(), write=False) == [] and table_counts(catalog) == before


def test_list_form_removes_and_registers(catalog):
    register(catalog, [machine_spec(1), machine_spec(2)])
    docs = register(catalog, [{"id": machine_id(1), "state": "absent"}, machine_spec(3)])
    assert docs[0] is None and docs[1]["id"] == machine_id(3)
    assert [r["id"] for r in catalog.run(lambda tx: MachineStore(tx).list(), write=False)] == [machine_id(2), machine_id(3)]


def test_list_form_summaries_say_what_each_entry_changed(catalog):
    register(catalog, [machine_spec(1), machine_spec(2)])

    def register_all(entries):
        return catalog.run(lambda tx: MachineStore(tx, SecretBox(SECRET)).register_all(entries))

    unchanged, updated, removed, gone, added = register_all([
        machine_spec(1), machine_spec(2, rack="rack-9"), {"id": machine_id(1), "state": "absent"},
        {"id": machine_id(7).upper(), "state": "absent"}, machine_spec(3, hardware=LARGE_HARDWARE)])
    assert unchanged == {"id": machine_id(1), "partition": PARTITION, "rack": "rack-1", "state": "waiting", "size": SIZE,
                         "size_reason": "", "hold": "none", "changed": False}
    assert updated["rack"] == "rack-9" and updated["changed"] is True
    assert removed == {"id": machine_id(1), "state": "absent", "changed": True}
    assert gone == {"id": machine_id(7), "state": "absent", "changed": False}, "an unknown machine is already absent"
    assert added["id"] == machine_id(3) and added["size"] == "unknown" and added["size_reason"] and added["changed"] is True


def test_check_mode_predicts_and_writes_nothing(catalog):
    (predicted,) = register(catalog, [machine_spec(1)], check_mode=True)
    assert catalog.run(lambda tx: MachineStore(tx).find(machine_id(1)), write=False) is None
    (real,) = register(catalog, [machine_spec(1)])
    volatile = ("created_at", "updated_at")
    assert {k: v for k, v in predicted.items() if k not in volatile} == {k: v for k, v in real.items() if k not in volatile}


# -- size re-matching ---------------------------------------------------------------------------------------------
def test_rematch_after_adding_a_size(catalog):
    register(catalog, [machine_spec(1, hardware=LARGE_HARDWARE), machine_spec(2, hardware=LARGE_HARDWARE), machine_spec(3)])
    allocate(catalog, "web-1")
    assert machine_row(catalog, 3)["project"] == "shop"

    def add_size_and_rematch(tx):
        SizeStore(tx).ensure_present(dict(LARGE_SIZE))
        count = MachineStore(tx).rematch_sizes()
        return count, [(c.entity_id, c.action, c.after["size"]) for c in tx.changes if c.kind == "machine"]
    count, recorded = catalog.run(add_size_and_rematch)
    assert count == 2
    assert recorded == [(machine_id(1), "rematch", "c1-large"), (machine_id(2), "rematch", "c1-large")]
    assert machine_row(catalog, 1)["size_reason"] == ""
    assert catalog.run(lambda tx: MachineStore(tx).rematch_sizes()) == 0, "nothing changes the second time"


def test_rematch_after_a_size_is_removed(catalog):
    register(catalog, [machine_spec(1)])
    allocate(catalog, "web-1")
    register(catalog, [machine_spec(2)])

    def drop_size_and_rematch(tx):
        tx.execute("DELETE FROM size_reservations WHERE size_id = ?", (SIZE,))
        tx.execute("DELETE FROM sizes WHERE id = ?", (SIZE,))
        return MachineStore(tx).rematch_sizes()
    assert catalog.run(drop_size_and_rematch) == 1, "only the free machine is re-matched"
    assert machine_row(catalog, 2)["size_id"] == "unknown" and machine_row(catalog, 1)["size_id"] == SIZE


# -- BMC secrets --------------------------------------------------------------------------------------------------
def test_password_needs_a_key(catalog):
    with pytest.raises(ValidationError) as caught:
        register(catalog, [machine_spec(1, bmc=BMC)])
    assert caught.value.field == "machines[0].bmc.password" and "without a secret key" in caught.value.reason
    assert catalog.run(lambda tx: MachineStore(tx).find(machine_id(1)), write=False) is None
    (doc,) = register(catalog, [machine_spec(1, bmc=dict(BMC, password=None))])
    assert doc["bmc"]["address"] == "10.1.0.1" and doc["bmc"]["password_set"] is False, "a BMC without password needs no key"


def test_password_is_stored_encrypted_and_never_shown(catalog):
    def work(tx):
        doc = MachineStore(tx, SecretBox(SECRET)).ensure_present(machine_spec(1, bmc=BMC))
        return doc, [(c.before, c.after) for c in tx.changes], tx.query("SELECT * FROM audit_log")
    doc, recorded, audit = catalog.run(work)
    row = machine_row(catalog, 1)
    assert row["bmc_password_encrypted"] and PASSWORD not in str(row)
    assert SecretBox(SECRET).decrypt(row["bmc_password_encrypted"]) == PASSWORD
    assert doc["bmc"]["password_set"] is True and doc["bmc"]["password_version"] == 1
    for text in (str(doc), str(recorded), str(audit)):
        assert PASSWORD not in text and row["bmc_password_encrypted"] not in text


def test_same_password_is_no_change_and_a_new_one_bumps_the_version(catalog):
    register(catalog, [machine_spec(1, bmc=BMC)], secret=SECRET)
    token = machine_row(catalog, 1)["bmc_password_encrypted"]
    assert changes_of(catalog, lambda tx: MachineStore(tx, SecretBox(SECRET)).ensure_present(machine_spec(1, bmc=BMC))) == []
    assert machine_row(catalog, 1)["bmc_password_encrypted"] == token
    doc = update(catalog, secret=SECRET, id=machine_id(1), bmc={"password": PASSWORD + "2"})
    assert doc["bmc"]["password_version"] == 2 and doc["bmc"]["username"] == "admin", "other BMC fields are kept"
    assert catalog.run(lambda tx: MachineStore(tx, SecretBox(SECRET)).bmc_credentials(machine_id(1)))["password"] == PASSWORD + "2"


def test_credentials_for_the_bmc_modules(catalog):
    register(catalog, [machine_spec(1, bmc=BMC), machine_spec(2), machine_spec(3, bmc={"address": "10.1.0.3"})], secret=SECRET)
    credentials = catalog.run(lambda tx: MachineStore(tx, SecretBox(SECRET)).bmc_credentials(machine_id(1)), write=False)
    assert credentials == {"host": "10.1.0.1", "port": 623, "driver": "ipmi", "username": "admin", "password": PASSWORD}
    without_password = catalog.run(lambda tx: MachineStore(tx).bmc_credentials(machine_id(3)), write=False)
    assert without_password == {"host": "10.1.0.3", "port": None, "driver": "auto", "username": "", "password": ""}
    with pytest.raises(ValidationError, match="has no BMC address"):
        catalog.run(lambda tx: MachineStore(tx).bmc_credentials(machine_id(2)), write=False)
    with pytest.raises(NotFoundError, match="is not registered"):
        catalog.run(lambda tx: MachineStore(tx).bmc_credentials(machine_id(9)), write=False)


def test_another_key_cannot_decrypt_the_credentials(catalog):
    register(catalog, [machine_spec(1, bmc=BMC)], secret=SECRET)
    for box, part in ((SecretBox(SECRET + "-other"), "the secret key cannot decrypt"), (SecretBox(None), "no secret key to decrypt")):
        with pytest.raises(ValidationError) as caught:
            catalog.run(lambda tx, b=box: MachineStore(tx, b).bmc_credentials(machine_id(1)), write=False)
        assert caught.value.field == "secret_key" and part in caught.value.reason and machine_id(1) in caught.value.reason


def test_bmc_facts_are_recorded_once(catalog):
    register(catalog, [machine_spec(1)])
    assert changes_of(catalog, lambda tx: MachineStore(tx).record_bmc_facts(machine_id(1), "SN123", "Supermicro")) == [
        ("machine", machine_id(1), "update")]
    assert catalog.run(lambda tx: MachineStore(tx).record_bmc_facts(machine_id(1), "SN123", None)) is False
    doc = catalog.run(lambda tx: MachineStore(tx).document(MachineStore(tx).get(machine_id(1))), write=False)
    assert (doc["serial"], doc["manufacturer"]) == ("SN123", "Supermicro")
