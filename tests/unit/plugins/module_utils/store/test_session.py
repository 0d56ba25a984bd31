# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.audit import entity_counts, read_audit
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store


def _insert_network(tx, name):
    tx.execute("INSERT INTO networks (id, name, kind, created_at, updated_at) VALUES (?, ?, 'external', 'now', 'now')", (name, name))
    tx.record("network", name, "create", None, {"name": name, "password": "hunter2", "bmc": {"token": "abc"}})


def test_commit_and_audit_with_masked_secrets(store):
    store.run(lambda tx: _insert_network(tx, "a"), actor="alice", module="test")
    assert store.run(entity_counts, write=False)["network"] == 1
    entries = store.run(read_audit, write=False)
    assert entries[0]["actor"] == "alice" and entries[0]["after"]["password"] == "********"
    assert entries[0]["after"]["bmc"]["token"] == "********" and entries[0]["after"]["name"] == "a"


def test_check_mode_rolls_back_everything(store):
    changes = store.run(lambda tx: (_insert_network(tx, "b"), len(tx.changes))[1], check_mode=True)
    assert changes == 1
    assert store.run(lambda tx: tx.query("SELECT * FROM networks"), write=False) == []
    assert store.run(read_audit, write=False) == []


def test_error_rolls_back_the_whole_unit(store):
    def work(tx):
        _insert_network(tx, "c")
        raise ValidationError("name", "boom")
    with pytest.raises(ValidationError):
        store.run(work)
    assert store.run(lambda tx: tx.query("SELECT * FROM networks"), write=False) == []


def test_sqlite_file_is_private(tmp_path):
    path = tmp_path / "deep" / "dir" / "fleet.db"
    with open_store(parse_location("sqlite://" + str(path))):
        pass
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_audit_entries_are_readable_in_their_own_transaction(store):
    """Audit entries are written together before the COMMIT, but a read of the audit log in the same unit sees them."""
    def work(tx):
        _insert_network(tx, "d")
        _insert_network(tx, "e")
        return [entry["entity_id"] for entry in read_audit(tx)], entity_counts(tx)["audit_entry"]
    assert store.run(work, actor="bob") == (["e", "d"], 2)
    assert [(e["entity_id"], e["actor"]) for e in store.run(read_audit, write=False)] == [("e", "bob"), ("d", "bob")]


def test_a_failing_write_fails_the_unit_even_when_its_result_is_not_read(store):
    """On PostgreSQL a write travels with the next read or the COMMIT; its error must still fail the unit and
    leave nothing behind, the other statements of the unit included."""
    def work(tx):
        _insert_network(tx, "f")
        tx.execute("INSERT INTO networks (id, name, kind, created_at, updated_at) VALUES ('f', 'again', 'external', 'now', 'now')")
    with pytest.raises(store.backend.integrity_errors):
        store.run(work)
    assert store.run(lambda tx: tx.query("SELECT * FROM networks"), write=False) == []
    assert store.run(read_audit, write=False) == []
    store.run(lambda tx: _insert_network(tx, "g"))
    assert [r["id"] for r in store.run(lambda tx: tx.query("SELECT id FROM networks"), write=False)] == ["g"]


def test_statements_and_rows_read_are_counted(store):
    def work(tx):
        tx.query("SELECT 1 AS one UNION ALL SELECT 2")
        tx.execute("CREATE TABLE scratch (x INTEGER)")
        return tx.statements, tx.rows_read
    assert store.run(work, check_mode=True) == (2, 2)
