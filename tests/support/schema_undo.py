# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn a fresh store back into one written by an older collection, to test what a migration does to existing data."""
from __future__ import annotations

#: statements that undo each migration (newest first when rolling back several).
UNDO = {
    8: ("CREATE INDEX provisioning_containers_age ON provisioning_containers (last_event_at)",),
    7: ("DROP TABLE provisioning_events", "DROP TABLE provisioning_containers", "DROP TABLE machine_nics",
        "ALTER TABLE machines DROP COLUMN netboot_allowed"),
    6: ("DROP INDEX machines_rack", "DROP TABLE child_blocks"),
}


def roll_back_to(tx, version: int) -> None:
    """Undo every migration after ``version`` (inside ``tx``) and mark the store as that version."""
    current = int(tx.query_one("SELECT value FROM store_meta WHERE key = 'schema_version'")["value"])
    for undone in range(current, version, -1):
        for statement in UNDO[undone]:
            tx.execute(statement)
    tx.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", (str(version),))
