# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine look-up and FRU write-back for the BMC modules, on stores with and without machines."""
from __future__ import annotations

import sqlite3
import types

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.fleet_targets import (
    machine_bmc,
    machines_table_exists,
    record_fru_facts,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import SecretBox

MACHINE = "4c4c4544-0042-3010-8048-b7c04f4a3232"
KEY = "a passphrase for the lab only"


class SchemaWithoutMachines:
    """A transaction over a store whose schema predates the machines table."""

    backend = types.SimpleNamespace(name="sqlite")

    def __init__(self):
        self.conn = sqlite3.connect(":memory:")
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def query_one(self, sql, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return dict(row) if row else None


def test_a_store_without_the_machines_table_says_so():
    tx = SchemaWithoutMachines()
    assert machines_table_exists(tx) is False
    with pytest.raises(NotFoundError, match=f"the fleet store has no machines yet, so machine {MACHINE} is not in it"):
        machine_bmc(tx, MACHINE, SecretBox(KEY))
    with pytest.raises(NotFoundError, match="no machines yet"):
        record_fru_facts(tx, MACHINE, "S1", "Lab")


def add_machine(tx, machine_id, password_token=""):
    tx.execute("INSERT INTO machines (id, partition_id, bmc_address, bmc_port, bmc_driver, bmc_username, bmc_password_encrypted,"
               " created_at, updated_at) VALUES (?, 'lab', '127.0.0.1', 6230, 'ipmi', 'admin', ?, 'now', 'now')",
               (machine_id, password_token))


def test_empty_and_missing_and_present_machines(store):
    assert store.run(machines_table_exists, write=False) is True
    with pytest.raises(NotFoundError, match="no machines yet"):
        store.run(lambda tx: machine_bmc(tx, MACHINE, SecretBox(KEY)), write=False)
    box = SecretBox(KEY)
    store.run(lambda tx: add_machine(tx, MACHINE, box.encrypt("labpass")))
    other = "4c4c4544-0042-3010-8048-b7c04f4a3299"
    with pytest.raises(NotFoundError, match=f"targets\\[1\\]: machine {other} is not in the fleet store"):
        store.run(lambda tx: machine_bmc(tx, other, box, "targets[1]"), write=False)
    bmc = store.run(lambda tx: machine_bmc(tx, MACHINE.upper(), box), write=False)
    assert bmc == {"host": "127.0.0.1", "port": 6230, "driver": "ipmi", "username": "admin", "password": "labpass"}


def test_fru_write_back_records_a_change_once(store):
    store.run(lambda tx: add_machine(tx, MACHINE))

    def write(tx):
        return record_fru_facts(tx, MACHINE, "S0001", "Lab"), [(c.kind, c.before["serial"], c.after["serial"]) for c in tx.changes]

    assert store.run(write, check_mode=True) == (True, [("machine", "", "S0001")])
    assert store.run(write) == (True, [("machine", "", "S0001")])
    assert store.run(write) == (False, [])
    row = store.run(lambda tx: tx.query_one("SELECT serial, manufacturer FROM machines WHERE id = ?", (MACHINE,)), write=False)
    assert (row["serial"], row["manufacturer"]) == ("S0001", "Lab")
