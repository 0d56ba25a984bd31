# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""go-ipam namespaces in PrefixStore, on both store backends.

The scenario restates go-ipam's ``testIpamer_NamespacedOps`` and ``testIpamer_ReadAllPrefixCidrsNamespaced``
in the step format of ``ipam.json`` and runs it through the conformance adapter, so the adapter's namespace
verbs are covered even where the reference case directory has no namespace case.
"""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, NotFoundError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import PrefixStore
from tests.conformance.adapters import ipam as adapter

NAMESPACED_OPS = {"id": "namespaces/namespaced ops", "kind": "scenario", "steps": [
    {"op": "create_namespace", "args": {"namespace": "testns1"}, "expect": {"ok": True}},
    {"op": "create_namespace", "args": {"namespace": "testns2"}, "expect": {"ok": True}},
    {"op": "create_namespace", "args": {"namespace": "testns2"}, "expect": {"ok": True}},
    {"op": "list_namespaces", "args": {}, "expect": {"result": ["root", "testns1", "testns2"], "count": 3}},
    {"op": "new_prefix", "args": {"namespace": "testns1", "cidr": "192.168.0.0/20"}, "expect": {"result": "192.168.0.0/20"}},
    {"op": "acquire_specific_ip", "args": {"namespace": "testns1", "prefix": "192.168.0.0/20", "ip": "192.168.0.2"},
     "expect": {"result": "192.168.0.2"}},
    {"op": "new_prefix", "args": {"namespace": "testns2", "cidr": "192.168.0.0/20"}, "expect": {"result": "192.168.0.0/20"}},
    {"op": "acquire_specific_ip", "args": {"namespace": "testns2", "prefix": "192.168.0.0/20", "ip": "192.168.0.2"},
     "expect": {"result": "192.168.0.2"}},
    {"op": "new_prefix", "args": {"namespace": "testns1", "cidr": "192.168.0.0/24"},
     "expect": {"error": "192.168.0.0/24 overlaps 192.168.0.0/20"}},
    {"op": "new_prefix", "args": {"namespace": "testns3", "cidr": "10.0.0.0/24"}, "expect": {"error": "NamespaceDoesNotExist"}},
    {"op": "delete_namespace", "args": {"namespace": "testns1"}, "expect": {"ok": False}},
    {"op": "release_ip", "args": {"namespace": "testns1", "prefix": "192.168.0.0/20", "ip": "192.168.0.2"}, "expect": {"ok": True}},
    {"op": "delete_prefix", "args": {"namespace": "testns1", "cidr": "192.168.0.0/20"}, "expect": {"ok": True}},
    {"op": "delete_namespace", "args": {"namespace": "testns1"}, "expect": {"ok": True}},
    {"op": "release_ip", "args": {"namespace": "testns2", "prefix": "192.168.0.0/20", "ip": "192.168.0.2"}, "expect": {"ok": True}},
    {"op": "delete_prefix", "args": {"namespace": "testns2", "cidr": "192.168.0.0/20"}, "expect": {"ok": True}},
    {"op": "delete_namespace", "args": {"namespace": "testns2"}, "expect": {"ok": True}},
    {"op": "list_namespaces", "args": {}, "expect": {"result": ["root"]}},
]}

READ_ALL_NAMESPACED = {"id": "namespaces/read all prefix cidrs", "kind": "scenario", "steps": [
    {"op": "new_prefix", "args": {"cidr": "10.100.0.0/14"}, "expect": {"ok": True}},
    {"op": "create_namespace", "args": {"namespace": "p1"}, "expect": {"ok": True}},
    {"op": "new_prefix", "args": {"namespace": "p1", "cidr": "10.100.0.0/22"}, "expect": {"ok": True}},
    {"op": "read_all_prefix_cidrs", "args": {"namespace": "p1"}, "expect": {"result": ["10.100.0.0/22"]}},
    {"op": "read_all_prefix_cidrs", "args": {}, "expect": {"result": ["10.100.0.0/14"]}},
]}


class _Ctx:
    def __init__(self, store):
        self.store = store


@pytest.mark.parametrize("case", [NAMESPACED_OPS, READ_ALL_NAMESPACED], ids=lambda c: c["id"])
def test_namespace_scenarios(store, case):
    adapter.run_case(case, _Ctx(store))


def test_child_prefixes_stay_in_their_parents_namespace(store):
    def work(tx):
        root = PrefixStore(tx, scope="s")
        root.create_namespace("proj")
        inner = PrefixStore(tx, scope="s", namespace="proj")
        parent = inner.new_prefix("10.0.0.0/16")
        child = inner.acquire_child_prefix(parent, 22)
        return child, root.find("10.0.0.0/22"), root.new_prefix("10.0.0.0/22")["cidr"]
    child, in_root, made = store.run(work)
    assert (child["namespace"], child["cidr"]) == ("proj", "10.0.0.0/22")
    assert in_root is None and made == "10.0.0.0/22"


def test_root_cannot_be_deleted_and_unknown_namespaces_are_not_found(store):
    with pytest.raises(ConflictError, match="cannot be deleted"):
        store.run(lambda tx: PrefixStore(tx).delete_namespace("root"))
    with pytest.raises(NotFoundError, match="^NamespaceDoesNotExist"):
        store.run(lambda tx: PrefixStore(tx).delete_namespace("nope"))


# -- super_namespaced networks (metal-apiserver: the IPAM namespace of a child is its project) ---------------------
NAMESPACED_SUPER = {"name": "tenant-ns", "type": "super_namespaced", "prefixes": ["10.128.0.0/16"],
                    "default_child_prefix_length": {"IPv4": 22}}


def _networks(store, *specs):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
    return store.run(lambda tx: [NetworkService(tx).ensure_present(dict(s)) for s in specs])


def test_children_of_different_projects_may_overlap(store):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
    made = _networks(store, NAMESPACED_SUPER,
                     {"name": "a", "partition": "fra", "project": "p1", "parent": "tenant-ns"},
                     {"name": "b", "partition": "fra", "project": "p2", "parent": "tenant-ns"},
                     {"name": "c", "partition": "fra", "project": "p1", "parent": "tenant-ns"})
    assert made[0]["namespace"] == "root" and made[0]["prefixes"] == ["10.128.0.0/16"]
    assert [(n["namespace"], n["prefixes"]) for n in made[1:]] == [
        ("p1", ["10.128.0.0/22"]), ("p2", ["10.128.0.0/22"]), ("p1", ["10.128.4.0/22"])]
    ips = store.run(lambda tx: [IpService(tx).ensure_present({"network": n, "project": p, "name": "x"})
                                for n, p in (("a", "p1"), ("b", "p2"))])
    assert [(i["address"], i["namespace"]) for i in ips] == [("10.128.0.1", "p1"), ("10.128.0.1", "p2")]


def test_namespaced_super_is_partition_less_and_its_copies_do_not_block_other_networks(store):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
    with pytest.raises(ValidationError, match="belongs to no partition"):
        _networks(store, dict(NAMESPACED_SUPER, partition="fra"))
    _networks(store, NAMESPACED_SUPER, {"name": "a", "partition": "fra", "project": "p1", "parent": "tenant-ns"})
    with pytest.raises(ConflictError, match="overlaps 10.128.0.0/16 of network 'tenant-ns'"):
        _networks(store, {"name": "other", "partition": "fra", "type": "external", "prefixes": ["10.128.0.0/24"]})


def test_last_child_of_a_project_takes_its_namespace_along(store):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
    _networks(store, NAMESPACED_SUPER, {"name": "a", "partition": "fra", "project": "p1", "parent": "tenant-ns"},
              {"name": "b", "partition": "fra", "project": "p1", "parent": "tenant-ns"})

    def namespaces(tx):
        return PrefixStore(tx, write=False).list_namespaces()
    assert store.run(namespaces) == ["p1", "root"]
    store.run(lambda tx: NetworkService(tx).ensure_absent("a", "fra", "p1"))
    assert store.run(namespaces) == ["p1", "root"]
    store.run(lambda tx: NetworkService(tx).ensure_absent("b", "fra", "p1"))
    assert store.run(namespaces) == ["root"]
    assert store.run(lambda tx: tx.query_one("SELECT COUNT(*) AS n FROM prefixes")["n"]) == 1
    store.run(lambda tx: NetworkService(tx).ensure_absent("tenant-ns"))
    assert store.run(lambda tx: tx.query_one("SELECT COUNT(*) AS n FROM prefixes")["n"]) == 0
