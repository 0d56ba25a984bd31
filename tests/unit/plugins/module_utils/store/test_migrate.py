# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import multiprocessing

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import LATEST_VERSION
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from tests.support.schema_undo import roll_back_to


def test_fresh_store_gets_latest_schema(store):
    assert store.schema_version == LATEST_VERSION
    version = store.run(lambda tx: tx.query_one("SELECT value FROM store_meta WHERE key = 'schema_version'"), write=False)
    assert int(version["value"]) == LATEST_VERSION


def test_newer_schema_is_refused(store_dsn):
    with open_store(parse_location(store_dsn)) as store:
        store.run(lambda tx: tx.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", (str(LATEST_VERSION + 1),)))
    with pytest.raises(StoreError) as raised:
        open_store(parse_location(store_dsn))
    assert "newer than the %d this collection understands" % LATEST_VERSION in str(raised.value)


def _open_and_report(dsn, queue):
    try:
        with open_store(parse_location(dsn)) as store:
            queue.put(store.schema_version)
    except Exception as exc:  # report any failure to the parent process
        queue.put(repr(exc))


def test_concurrent_first_opens_migrate_once(store_dsn):
    """Eight processes open the same fresh store at once: all succeed and the schema is applied exactly once."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_open_and_report, args=(store_dsn, queue)) for _worker in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    outcomes = [queue.get(timeout=5) for _worker in workers]
    assert outcomes == [LATEST_VERSION] * 8
    with open_store(parse_location(store_dsn)) as store:
        rows = store.run(lambda tx: tx.query("SELECT key FROM store_meta"), write=False)
    assert [r["key"] for r in rows] == ["schema_version"]


def _container_indexes(tx, backend: str) -> list:
    if backend == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'provisioning_containers' AND sql IS NOT NULL"
    else:
        sql = "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'provisioning_containers' AND indexname NOT LIKE '%pkey'"
    return [row["name"] for row in tx.query(sql)]


def test_schema_8_drops_the_containers_time_index_and_keeps_their_rows(store_dsn):
    """A store of schema 7 with an event container: the index on the time goes, the row stays; on PostgreSQL the
    table leaves room on its pages for HOT updates."""
    backend = "sqlite" if store_dsn.startswith("sqlite") else "postgresql"
    row = {"machine_id": "m1", "last_event": "PXE Booting", "last_event_at": "2026-12-02T00:00:00.000000Z",
           "created_at": "2026-12-02T00:00:00.000000Z", "updated_at": "2026-12-02T00:00:00.000000Z"}
    with open_store(parse_location(store_dsn)) as store:
        def back_to_7(tx):
            tx.insert_row("provisioning_containers", row)
            roll_back_to(tx, 7)
            if backend == "postgresql":  # schema 7 had the default fill factor
                tx.execute("ALTER TABLE provisioning_containers RESET (fillfactor)")
            return _container_indexes(tx, backend)
        assert store.run(back_to_7) == ["provisioning_containers_age"]
    with open_store(parse_location(store_dsn)) as store:
        assert store.schema_version == LATEST_VERSION
        assert store.run(lambda tx: _container_indexes(tx, backend), write=False) == []
        kept = store.run(lambda tx: tx.query_one("SELECT machine_id, last_event, last_event_at FROM provisioning_containers"), write=False)
        assert dict(kept) == {key: row[key] for key in ("machine_id", "last_event", "last_event_at")}
        if backend == "postgresql":
            options = store.run(lambda tx: tx.query_one("SELECT reloptions FROM pg_class WHERE relname = 'provisioning_containers'"), write=False)
            assert "fillfactor=70" in options["reloptions"]
