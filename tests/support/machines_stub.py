# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Put a bare machine row into a store, so "removing what machines use fails" can be tested without the machine modules.

Only the columns ``catalog.usage`` reads are filled (``partition_id``, ``size_id``, ``image_id``); when the store
has no ``machines`` table (a schema before machines existed) a minimal one is created.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.usage import table_exists
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store, utc_now


def add_machine_in_tx(tx, machine_id: str, partition: str = "", size: str = "", image: str = "", project: str = "") -> None:
    """``project``: the machine is allocated (an allocated machine keeps its size when sizes change; a free one is re-matched)."""
    if not table_exists(tx, "machines"):
        tx.execute("CREATE TABLE machines (id TEXT PRIMARY KEY, partition_id TEXT NOT NULL, size_id TEXT NOT NULL, image_id TEXT,"
                   " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)")
    now = utc_now()
    tx.execute("INSERT INTO machines (id, partition_id, size_id, image_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
               (machine_id, partition, size or "unknown", image or None, now, now))
    if project:
        tx.execute("UPDATE machines SET project = ?, hostname = ? WHERE id = ?", (project, machine_id, machine_id))


def add_machine(dsn: str, machine_id: str, partition: str = "", size: str = "", image: str = "", project: str = "") -> None:
    with open_store(parse_location(dsn)) as store:
        store.run(lambda tx: add_machine_in_tx(tx, machine_id, partition, size, image, project))
