# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""catalog.partition_store on both backends: create, partial update, no-op, removal, errors."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore

FRA = {"id": "fra-1", "name": "Frankfurt", "labels": {"rack-count": 12},
       "boot": {"kernel_url": "https://k.example/kernel", "initrd_url": None, "command_line": "ip=dhcp"},
       "dns_servers": ["2001:DB8::53"], "ntp_servers": ["NTP.example.com."], "mgmt_service_address": "[2001:db8::1]:50051"}


def apply(store, func):
    return store.run(lambda tx: (func(PartitionStore(tx)), [(c.kind, c.entity_id, c.action) for c in tx.changes]))


def test_create_update_noop_remove(store):
    doc, changes = apply(store, lambda p: p.ensure_present(FRA))
    assert changes == [("partition", "fra-1", "create")]
    assert doc["labels"] == {"rack-count": "12"} and doc["dns_servers"] == ["2001:db8::53"]
    assert doc["ntp_servers"] == ["ntp.example.com."] and doc["mgmt_service_address"] == "[2001:db8::1]:50051"
    assert doc["boot"] == {"kernel_url": "https://k.example/kernel", "initrd_url": "", "command_line": "ip=dhcp"}
    again, changes = apply(store, lambda p: p.ensure_present(FRA))
    assert changes == [] and again == doc
    updated, changes = apply(store, lambda p: p.ensure_present({"id": "fra-1", "boot": {"kernel_url": ""}, "description": "d"}))
    assert changes == [("partition", "fra-1", "update")]
    assert updated["boot"]["kernel_url"] == "" and updated["boot"]["command_line"] == "ip=dhcp" and updated["name"] == "Frankfurt"
    assert updated["updated_at"] > doc["updated_at"] and updated["created_at"] == doc["created_at"]
    existed, changes = apply(store, lambda p: p.ensure_absent("fra-1"))
    assert existed is True and changes == [("partition", "fra-1", "delete")]
    assert apply(store, lambda p: p.ensure_absent("fra-1")) == (False, [])


def test_apply_all_prunes_and_names_entries(store):
    apply(store, lambda p: p.apply_all([{"id": "a"}, {"id": "b"}, {"id": "c"}]))
    result, changes = apply(store, lambda p: p.apply_all([{"id": "b", "name": "B"}, {"id": "c", "state": "absent"}], prune=True))
    assert [d["id"] for d in result["items"]] == ["b"] and result["removed"] == ["a", "c"] and result["kept_in_use"] == []
    assert sorted(changes) == [("partition", "a", "delete"), ("partition", "b", "update"), ("partition", "c", "delete")]
    with pytest.raises(ValidationError) as error:
        apply(store, lambda p: p.apply_all([{"id": "b"}, {"id": "x", "dns_servers": ["nope"]}]))
    assert error.value.field == "partitions[1].dns_servers[0]"
    with pytest.raises(ValidationError) as error:
        apply(store, lambda p: p.apply_all([{"id": "b"}, {"id": "-bad"}]))
    assert error.value.field == "partitions[1].id"


def test_in_use_partition_is_kept(store):
    def work(tx):
        PartitionStore(tx).ensure_present({"id": "fra-1"})
        tx.execute("INSERT INTO networks (id, name, partition_id, kind, created_at, updated_at) VALUES ('n', 'net', 'fra-1', 'external', '', '')")
        return PartitionStore(tx).apply_all([], prune=True)
    assert store.run(work)["kept_in_use"] == ["fra-1"]
    with pytest.raises(ConflictError, match="partition 'fra-1' is in use by network net"):
        apply(store, lambda p: p.ensure_absent("fra-1"))


@pytest.mark.parametrize("spec, field", [
    ({"id": "x", "boot": "pxe"}, "boot"),
    ({"id": "x", "boot": {"kernel": "https://a/b"}}, "boot"),
    ({"id": "x", "mgmt_service_address": "host:99999"}, "mgmt_service_address"),
    ({"id": "x", "mgmt_service_address": "2001:db8::1:50051"}, "mgmt_service_address"),
    ({"id": "x", "labels": {"a": ["b"]}}, "labels"),
    ({"id": "x", "name": 5}, "name"),
    ({"id": ""}, "id"),
])
def test_bad_partitions(store, spec, field):
    with pytest.raises(ValidationError) as error:
        apply(store, lambda p: p.ensure_present(spec))
    assert error.value.field == field
