# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""catalog.usage: who uses a partition, size or image; nothing while there is no machines table."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.usage import (
    describe_users,
    image_users,
    machines_using,
    partition_users,
    size_users,
    table_exists,
)
from tests.support.machines_stub import add_machine_in_tx


def test_no_machines_table_means_no_users(store):
    def work(tx):
        tx.execute("DROP TABLE machines")  # a store from before machines existed (rolled back: check mode)
        assert table_exists(tx, "sizes") is True
        assert table_exists(tx, "machines") is False
        return size_users(tx, "s1"), image_users(tx, "ubuntu-24.4.1"), partition_users(tx, "fra-1")
    assert store.run(work, check_mode=True) == ([], [], [])
    assert store.run(lambda tx: table_exists(tx, "machines"), write=False) is True


def test_machines_networks_and_reservations_are_users(store):
    def work(tx):
        PartitionStore(tx).ensure_present({"id": "fra-1"})
        SizeStore(tx).ensure_present({"id": "s1", "reservations": [{"amount": 1, "project": "p", "partitions": ["fra-1"]}]})
        add_machine_in_tx(tx, "m-2", partition="fra-1", size="s1", image="ubuntu-24.4.1")
        add_machine_in_tx(tx, "m-1", partition="fra-1", size="s1", image="debian-13.0.1")
        tx.execute("INSERT INTO networks (id, name, partition_id, kind, created_at, updated_at) VALUES ('n', 'tenant', 'fra-1', 'external', '', '')")
        return size_users(tx, "s1"), image_users(tx, "ubuntu-24.4.1"), partition_users(tx, "fra-1"), size_users(tx, "other")
    sizes, images, partitions, other = store.run(work, check_mode=True)
    assert sizes == ["machine m-1", "machine m-2"]
    assert images == ["machine m-2"]
    assert partitions == ["machine m-1", "machine m-2", "network tenant", "size reservation of size s1 for project p"]
    assert other == []


def test_machines_using_refuses_unknown_columns(store):
    with pytest.raises(ValueError):
        store.run(lambda tx: machines_using(tx, "id; DROP TABLE sizes", "x"), write=False)


@pytest.mark.parametrize("users, text", [
    ([], ""),
    (["machine a", "machine b"], "machine a, machine b"),
    (["machine %d" % i for i in range(5)], "machine 0, machine 1, machine 2 and 2 more"),
    (["machine %d" % i for i in range(11)], "machine 0, machine 1, machine 2 and 8+ more"),
])
def test_describe_users(users, text):
    assert describe_users(users) == text
