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
