# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Moving an SQLite store to PostgreSQL by restoring an SQLite backup into it (real SQLite files, real PostgreSQL)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.audit import read_audit
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_move import parents_first, table_order
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store
from tests.support.store_dump import dump_store
from tests.unit.plugins.module_utils.store.test_backup import KEY, backup, fill, restore, without_restore_audit


def child_network(dsn: str, name: str) -> None:
    """A child of the super network (a self-referencing network row and a child prefix of a prefix)."""
    with open_store(parse_location(dsn)) as store:
        store.run(lambda tx: NetworkService(tx).ensure_present({"name": name, "partition": "fra-1", "project": "p2"}),
                  actor="t", module="t")


@pytest.fixture
def sqlite_with_backup(tmp_path):
    dsn = "sqlite://" + str(tmp_path / "fleet.db")
    fill(dsn)
    child_network(dsn, "second")
    made = backup(dsn, str(tmp_path / "bk"), cipher=KEY)
    return dsn, str(tmp_path / "bk"), made["version"]["name"]


def test_an_sqlite_backup_moves_into_an_empty_postgresql_store(sqlite_with_backup, postgres_server):
    source, directory, name = sqlite_with_backup
    target = postgres_server.create_database()
    predicted = restore(target, directory, cipher=KEY, check_mode=True)
    assert predicted["changed"] is True and predicted["moved_from"] == "sqlite"
    assert dump_store(target)["networks"] == []  # check mode wrote nothing
    done = restore(target, directory, cipher=KEY)
    assert done["changed"] is True and done["moved_from"] == "sqlite" and done["safety_copy"] is None
    # every row of every table, the audit history included, now in PostgreSQL (booleans compared as 0/1)
    assert without_restore_audit(dump_store(target, portable=True)) == dump_store(source, portable=True)
    with open_store(parse_location(target)) as store:
        moves = store.run(lambda tx: read_audit(tx, entity_kind="store_backup"), write=False)
    assert [(e["action"], e["entity_id"], e["after"]["moved_from"]) for e in moves] == [("restore", name, "sqlite")]
    # the same move again: nothing to do, nothing written
    before = dump_store(target)
    assert restore(target, directory, cipher=KEY)["changed"] is False
    assert dump_store(target) == before


def test_the_moved_store_keeps_working(sqlite_with_backup, postgres_server):
    """Sequences continue after the copied ids, and the IPAM state moved along: the next IP is the next free one."""
    source, directory, _name = sqlite_with_backup
    target = postgres_server.create_database()
    restore(target, directory, cipher=KEY)

    def next_ip(dsn):
        with open_store(parse_location(dsn)) as store:
            return store.run(lambda tx: IpService(tx).ensure_present({"network": "shop", "name": "after-move"}), actor="t", module="t")
    on_postgres, on_sqlite = next_ip(target), next_ip(source)
    assert on_postgres["address"] == on_sqlite["address"]
    # a new child network gets the same child prefix on both: the free blocks moved too
    for dsn in (source, target):
        child_network(dsn, "third")
    assert child_prefixes(target, "third") == child_prefixes(source, "third") != []


def child_prefixes(dsn: str, network: str) -> list:
    with open_store(parse_location(dsn)) as store:
        return store.run(lambda tx: [row["cidr"] for row in tx.query(
            "SELECT p.cidr FROM prefixes p JOIN networks n ON n.id = p.network_id WHERE n.name = ?", (network,))], write=False)


def test_a_non_empty_postgresql_target_needs_force_and_gets_a_safety_copy(sqlite_with_backup, postgres_server, tmp_path):
    _source, directory, _name = sqlite_with_backup
    target = postgres_server.create_database()
    with open_store(parse_location(target)) as store:
        store.run(lambda tx: NetworkService(tx).ensure_present({"name": "other", "partition": "ams-1", "type": "external",
                                                               "prefixes": ["192.0.2.0/24"], "vrf": 104009}), actor="t", module="t")
    before = dump_store(target)
    with pytest.raises(ValidationError) as refused:
        restore(target, directory, cipher=KEY)
    assert refused.value.field == "force" and "not empty" in str(refused.value)
    assert dump_store(target) == before
    done = restore(target, directory, cipher=KEY, force=True)
    assert done["safety_copy"]["backend"] == "postgresql" and done["safety_copy"]["counts"]["network"] == 1
    assert [row for row in dump_store(target)["networks"] if ("name", "other") in row] == []


def test_a_postgresql_backup_does_not_move_into_sqlite(postgres_server, tmp_path):
    source = postgres_server.create_database()
    fill(source)
    backup(source, str(tmp_path / "bk"))
    target = "sqlite://" + str(tmp_path / "new.db")
    with pytest.raises(ValidationError) as refused:
        restore(target, str(tmp_path / "bk"))
    assert refused.value.field == "version" and "only SQLite backups move to PostgreSQL" in str(refused.value)
    assert not (tmp_path / "new.db").exists()


def test_table_order_puts_referenced_tables_first():
    keys = [("ips", "prefix_id", "prefixes"), ("prefixes", "network_id", "networks"), ("prefixes", "parent_prefix_id", "prefixes"),
            ("networks", "parent_id", "networks")]
    assert table_order(["ips", "networks", "prefixes", "sizes"], keys) == ["networks", "sizes", "prefixes", "ips"]
    with pytest.raises(StoreError, match="cycle"):
        table_order(["a", "b"], [("a", "x", "b"), ("b", "y", "a")])


def test_parents_first_orders_a_self_referencing_table():
    rows = [{"id": 3, "parent": 2}, {"id": 2, "parent": 1}, {"id": 1, "parent": None}, {"id": 4, "parent": None}]
    assert [row["id"] for row in parents_first(rows, "id", ["parent"])] == [1, 4, 2, 3]
    with pytest.raises(StoreError, match="cycle"):
        parents_first([{"id": 1, "parent": 2}, {"id": 2, "parent": 1}], "id", ["parent"])
