# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read a whole store into plain data, so tests can assert that a failed or check-mode run changed nothing."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

TABLES = ("networks", "prefixes", "ips", "free_ranges", "audit_log", "store_meta", "partitions", "sizes", "size_reservations",
          "images", "machines", "switches", "switch_connections",
          "machine_nics", "provisioning_containers", "provisioning_events")


def _text(value, portable: bool) -> str:
    """A value as text; ``portable`` writes booleans as SQLite stores them (0/1), to compare across backends."""
    if portable and isinstance(value, bool):
        return str(int(value))
    return str(value)


def dump_store(dsn: str, portable: bool = False) -> dict:
    with open_store(parse_location(dsn)) as store:
        def read(tx):
            tables = {}
            for table in TABLES:
                rows = tx.query("SELECT * FROM %s" % table)
                tables[table] = sorted((tuple(sorted((k, _text(v, portable)) for k, v in row.items())) for row in rows))
            return tables
        return store.run(read, write=False)
