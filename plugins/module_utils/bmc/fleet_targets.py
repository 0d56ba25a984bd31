# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""BMC data of machines in the fleet store: look-up for the BMC modules and write-back of FRU facts.

Private to the metalfleet.datacenter collection; not a public API.

Both functions run inside a store transaction and first make sure the store has machines
at all (a store without the ``machines`` table, or with an empty one, says so in words).
Decryption of the stored BMC password and the write-back itself are the machine store's job
(``machines/machine_store.py``); this file only adds the BMC modules' view and messages.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore, machine_id_option

MACHINES_TABLE = "machines"


def machines_table_exists(tx) -> bool:
    """Whether the store's schema has the machines table yet."""
    if tx.backend.name == "sqlite":
        row = tx.query_one("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (MACHINES_TABLE,))
    else:
        row = tx.query_one("SELECT to_regclass(?) AS name", (MACHINES_TABLE,))
    return bool(row and row["name"])


def _require_machine(tx, machine_id: str, field: str) -> str:
    """The normalized id of a machine that exists; NotFoundError in words otherwise."""
    if not machines_table_exists(tx) or tx.query_one("SELECT id FROM machines LIMIT 1") is None:
        raise NotFoundError(f"{field}: the fleet store has no machines yet, so machine {machine_id} is not in it")
    try:
        normalized = machine_id_option(machine_id, field)
    except ValidationError:
        normalized = str(machine_id)
    if tx.query_one("SELECT id FROM machines WHERE id = ?", (normalized,)) is None:
        raise NotFoundError(f"{field}: machine {machine_id} is not in the fleet store")
    return normalized


def machine_bmc(tx, machine_id: str, secret_box, field: str = "machine") -> dict:
    """``{host, port, driver, username, password}`` of the machine's BMC (password decrypted; never return it)."""
    normalized = _require_machine(tx, machine_id, field)
    bmc = MachineStore(tx, secret_box, write=False).bmc_credentials(normalized)
    return {key: value for key, value in bmc.items() if value not in (None, "")}


def record_fru_facts(tx, machine_id: str, serial: str | None, manufacturer: str | None, field: str = "machine") -> bool:
    """Store the serial number and manufacturer the BMC reported; True when the record changed."""
    normalized = _require_machine(tx, machine_id, field)
    return MachineStore(tx).record_bmc_facts(normalized, serial or None, manufacturer or None)
