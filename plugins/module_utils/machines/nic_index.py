# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The MAC -> machine index: one ``machine_nics`` row per reported NIC MAC of a machine.

Private to the metalfleet.datacenter collection; not a public API.

The boot service looks a booting machine up by the MAC its firmware
DHCPed with; with 10,000 machines that must be one indexed read, not a scan
of every machine's hardware document.  The index is written wherever a
machine's hardware is written (``MachineStore``: registration, the
``machine`` module's hardware updates, the boot service's hardware reports)
and dropped with the machine.  A MAC that two machines report (one of them
with stale hardware) has a row for each; :func:`machines_with_mac` returns
both, lowest id first.
"""
from __future__ import annotations

import json


def nic_rows(machine_id: str, hardware: dict) -> list:
    """``(mac, machine_id, nic name)`` of every NIC of a normalized hardware document that has a MAC (once per MAC)."""
    rows, seen = [], set()
    for nic in hardware.get("nics") or []:
        mac = (nic.get("mac") or "").lower()
        if mac and mac not in seen:
            seen.add(mac)
            rows.append((mac, machine_id, nic.get("name") or ""))
    return rows


def write_nics(tx, machine_id: str, hardware: dict) -> None:
    """Replace the index rows of one machine by the NICs of ``hardware``."""
    tx.execute("DELETE FROM machine_nics WHERE machine_id = ?", (machine_id,))
    rows = nic_rows(machine_id, hardware)
    if rows:
        tx.executemany("INSERT INTO machine_nics (mac, machine_id, nic) VALUES (?, ?, ?)", rows)


def drop_nics(tx, machine_id: str) -> None:
    tx.execute("DELETE FROM machine_nics WHERE machine_id = ?", (machine_id,))


def machines_with_mac(tx, mac: str) -> list:
    """Ids of the machines reporting ``mac`` (lower-cased), lowest first."""
    return [r["machine_id"] for r in tx.query("SELECT machine_id FROM machine_nics WHERE mac = ? ORDER BY machine_id",
                                              (str(mac).lower(),))]


def backfill(backend, cursor) -> None:
    """Migration step: index the NICs of every machine registered before the index existed."""
    cursor.execute("SELECT id, hardware FROM machines ORDER BY id")
    rows = []
    for machine in backend.rows(cursor):
        rows.extend(nic_rows(machine["id"], json.loads(machine["hardware"] or "{}")))
    if rows:
        cursor.executemany(backend.adapt("INSERT INTO machine_nics (mac, machine_id, nic) VALUES (?, ?, ?)"), rows)
