# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Addresses of allocated machines cannot be released behind the allocation's back (issue 13), on both backends.

metal-stack refuses to delete an IP with machine scope and to delete a network whose prefixes still have IPs; here
``ip state: absent`` of a machine's address, a project change of it, and the removal of a network (even with
``force``) whose addresses machines use are refused, and the store stays consistent
(``tests/support/allocation_invariants.py``).
"""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService

from tests.support.allocation_invariants import allocation_ip_problems
from tests.support.store_dump import dump_store

from .fleet_builders import PARTITION, allocate, build_catalog, free, ip_row, machine_id, register_racks


@pytest.fixture
def fleet(store):
    """The catalog, three machines and ``web-1`` of project shop on machine 1 (shop-net: 10.0.0.1, 2001:db8::1)."""
    build_catalog(store)
    register_racks(store, 3, 3)
    allocate(store, "web-1", networks=[{"network": "shop-net"}, {"network": "internet"}])
    return store


def problems(store) -> list:
    return store.run(allocation_ip_problems, write=False)


def ips(store, work, check_mode=False):
    return store.run(lambda tx: work(IpService(tx)), check_mode=check_mode)


def remove_network(store, name, project="", force=False, partition=PARTITION):
    return store.run(lambda tx: NetworkService(tx).ensure_absent(name, partition, project, force=force))


def test_the_invariant_sees_a_release_behind_the_allocations_back(fleet):
    """The checker itself: an address deleted from the IPAM (as the unfixed release did) is reported."""
    assert problems(fleet) == []

    def release_behind_the_back(tx):
        row = tx.query_one("SELECT * FROM ips WHERE address = '10.0.0.1'")
        IpService(tx).ipam.release_ip_row(row)
        return allocation_ip_problems(tx)
    found = fleet.run(release_behind_the_back, check_mode=True)
    assert found == ["allocation shop/web-1 (machine %s) lists 10.0.0.1 in network shop-net, but the IPAM does not hold it"
                     % machine_id(1)]


@pytest.mark.parametrize("request_, field", [
    ({"network": "shop-net", "ip": "10.0.0.1"}, "ip"),
    ({"network": "shop-net", "ip": "2001:db8::1"}, "ip"),
    ({"network": "internet", "name": "web-1"}, "name"),
])
@pytest.mark.parametrize("check_mode", [True, False])
def test_releasing_an_address_of_an_allocated_machine_is_refused(fleet, store_dsn, request_, field, check_mode):
    before = dump_store(store_dsn)
    with pytest.raises(ConflictError) as caught:
        ips(fleet, lambda s: s.ensure_absent(dict(request_, state="absent")), check_mode=check_mode)
    message = str(caught.value)
    assert message.startswith(field + ": ")
    assert "is used by machine %s (allocation shop/web-1)" % machine_id(1) in message
    assert "ip with machine scope cannot be released" in message and "free the allocation first" in message
    assert dump_store(store_dsn) == before, "a refused release changed the store"
    assert problems(fleet) == []


def test_a_refused_address_is_not_handed_out_again(fleet):
    with pytest.raises(ConflictError):
        ips(fleet, lambda s: s.ensure_absent({"network": "shop-net", "ip": "10.0.0.1"}))
    assert ips(fleet, lambda s: s.ensure_present({"network": "shop-net", "name": "next"}))["address"] == "10.0.0.2"
    with pytest.raises(ConflictError, match="already"):
        ips(fleet, lambda s: s.ensure_present({"network": "shop-net", "name": "grab", "ip": "10.0.0.1"}))
    assert ip_row(fleet, "10.0.0.1")["machine_id"] == machine_id(1)
    assert problems(fleet) == []


def test_an_attached_static_address_is_refused_until_the_allocation_is_freed(store):
    build_catalog(store)
    register_racks(store, 1, 1)
    ips(store, lambda s: s.ensure_present({"network": "internet", "name": "vip", "ip": "185.1.2.50", "type": "static", "project": "shop"}))
    allocate(store, "web-1", networks=[{"network": "shop-net"}, {"network": "internet", "auto_acquire": False}], ips=["185.1.2.50"])
    with pytest.raises(ConflictError, match="^name: 185.1.2.50 of network 'internet' is used by machine"):
        ips(store, lambda s: s.ensure_absent({"network": "internet", "name": "vip"}))
    free(store, "web-1")
    assert ip_row(store, "185.1.2.50")["machine_id"] is None, "freeing detaches a static address"
    assert ips(store, lambda s: s.ensure_absent({"network": "internet", "name": "vip"}))["address"] == "185.1.2.50"
    assert ip_row(store, "185.1.2.50") is None and problems(store) == []


def test_the_project_of_an_attached_address_cannot_change(fleet, store_dsn):
    before = dump_store(store_dsn)
    with pytest.raises(ConflictError, match="^project: 185.1.2.1 of network 'internet' is used by machine %s" % machine_id(1)):
        ips(fleet, lambda s: s.ensure_present({"network": "internet", "ip": "185.1.2.1", "project": "acme"}))
    assert dump_store(store_dsn) == before
    described = ips(fleet, lambda s: s.ensure_present({"network": "internet", "ip": "185.1.2.1", "description": "web front"}))
    assert described["description"] == "web front" and described["machine"] == machine_id(1), "other attributes may change"
    assert problems(fleet) == []


@pytest.mark.parametrize("name, project, force", [
    ("shop-net", "shop", False),
    ("shop-net", "shop", True),
    ("tenant-super", "", True),
    ("internet", "", True),
])
def test_removing_a_network_that_machines_use_is_refused_even_with_force(fleet, store_dsn, name, project, force):
    ips(fleet, lambda s: s.ensure_present({"network": "shop-net", "name": "spare"}))
    before = dump_store(store_dsn)
    partition = "" if name == "internet" else PARTITION
    with pytest.raises(ConflictError) as caught:
        remove_network(fleet, name, project, force=force, partition=partition)
    message = str(caught.value)
    assert message.startswith("name: network %r cannot be removed" % name)
    assert "machine %s (allocation shop/web-1)" % machine_id(1) in message
    assert "free those allocations first" in message
    if name == "tenant-super":
        assert "child network 'shop-net'" in message and "10.0.0.1, 2001:db8::1" in message
    assert dump_store(store_dsn) == before, "a refused removal released something"
    assert problems(fleet) == []


def test_forced_removal_after_the_machines_are_freed(fleet):
    ips(fleet, lambda s: s.ensure_present({"network": "shop-net", "name": "spare"}))
    free(fleet, "web-1")
    assert remove_network(fleet, "tenant-super", force=True)["name"] == "tenant-super"
    assert fleet.run(lambda tx: tx.query("SELECT address FROM ips WHERE network_id IS NOT NULL AND address LIKE '10.%'"),
                     write=False) == []
    assert problems(fleet) == []
