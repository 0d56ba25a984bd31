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
