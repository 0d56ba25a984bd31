# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""NetworkService and IpService against both store backends."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, ExhaustedError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService

SUPER = {"name": "tenant-super", "partition": "fra", "type": "private_super",
         "prefixes": ["10.0.0.0/16", "2001:db8:0:10::/64"], "default_child_prefix_length": {"IPv4": 22, "IPv6": 96}}


def networks(store, *specs):
    return store.run(lambda tx: [NetworkService(tx).ensure_present(dict(s)) for s in specs])


def test_acquire_never_enumerates_address_space(store):
    """Acquiring in an IPv4 /8 and an IPv6 /64 keeps one free interval per prefix, however many addresses are held."""
    networks(store, {"name": "v4", "partition": "p", "type": "external", "prefixes": ["10.0.0.0/8"]},
             {"name": "v6", "partition": "p", "type": "external", "prefixes": ["2001:db8::/64"]})

    def work(tx):
        ips = IpService(tx)
        got = [ips.ensure_present({"network": net, "name": "n%d" % i})["address"] for net in ("v4", "v6") for i in range(300)]
        rows = tx.query("SELECT owner, COUNT(*) AS n FROM free_ranges WHERE owner LIKE 'prefix:%' GROUP BY owner")
        return got, rows
    got, rows = store.run(work)
    assert got[0] == "10.0.0.1" and got[299] == "10.0.1.44" and got[300] == "2001:db8::1" and got[599] == "2001:db8::12c"
    assert all(r["n"] == 1 for r in rows)


def test_release_refills_the_lowest_hole(store):
    networks(store, {"name": "n", "partition": "p", "type": "external", "prefixes": ["10.0.0.0/24"]})
    store.run(lambda tx: [IpService(tx).ensure_present({"network": "n", "name": str(i)}) for i in range(5)])
    store.run(lambda tx: IpService(tx).ensure_absent({"network": "n", "name": "2"}))
    assert store.run(lambda tx: IpService(tx).ensure_present({"network": "n", "name": "x"}))["address"] == "10.0.0.3"
    assert store.run(lambda tx: IpService(tx).ensure_present({"network": "n", "name": "y"}))["address"] == "10.0.0.6"


def test_vrf_ids_are_unique_and_reused_only_after_release(store):
    networks(store, SUPER)
    made = networks(store, *({"name": "c%d" % i, "partition": "fra", "project": "p%d" % i} for i in range(3)))
    assert [n["vrf"] for n in made] == [1, 2, 3]
    store.run(lambda tx: NetworkService(tx).ensure_absent("c1", "fra", "p1"))
    assert networks(store, {"name": "d", "partition": "fra", "project": "q"})[0]["vrf"] == 2
    assert networks(store, {"name": "e", "partition": "fra", "project": "q"})[0]["vrf"] == 4


def test_explicit_vrf_is_taken_out_of_the_pool(store):
    networks(store, SUPER, {"name": "underlay", "partition": "fra", "type": "underlay", "prefixes": ["10.1.0.0/24"], "vrf": 1})
    assert networks(store, {"name": "c", "partition": "fra", "project": "p"})[0]["vrf"] == 2
    with pytest.raises(ConflictError, match="already held by network 'underlay'"):
        networks(store, {"name": "x", "type": "external", "prefixes": ["185.0.0.0/24"], "vrf": 1})


def test_prefix_with_children_hands_out_ips_again_after_release(store):
    """go-ipam's isParent is sticky; ours clears when the last child is gone (documented deviation)."""
    networks(store, SUPER, {"name": "c", "partition": "fra", "project": "p"})
    with pytest.raises(ExhaustedError, match="has childprefixes"):
        store.run(lambda tx: IpService(tx).ensure_present({"network": "tenant-super", "name": "x"}))
    store.run(lambda tx: NetworkService(tx).ensure_absent("c", "fra", "p"))
    assert store.run(lambda tx: IpService(tx).ensure_present({"network": "tenant-super", "name": "x"}))["address"] == "10.0.0.1"


def test_overlap_across_partitions_and_global_networks(store):
    networks(store, {"name": "a", "partition": "fra", "type": "external", "prefixes": ["10.0.0.0/16"]})
    networks(store, {"name": "b", "partition": "muc", "type": "external", "prefixes": ["10.0.0.0/16"]})
    with pytest.raises(ConflictError, match="overlaps 10.0.0.0/16 of network 'a'"):
        networks(store, {"name": "g", "type": "external", "prefixes": ["10.0.128.0/17"]})


def test_adding_and_removing_prefixes_of_a_super_network(store):
    networks(store, {"name": "n", "partition": "p", "type": "external", "prefixes": ["10.0.0.0/24"]})
    store.run(lambda tx: IpService(tx).ensure_present({"network": "n", "name": "held"}))
    grown = networks(store, {"name": "n", "partition": "p", "type": "external", "prefixes": ["10.0.0.0/24", "10.0.1.0/24"]})[0]
    assert grown["prefixes"] == ["10.0.0.0/24", "10.0.1.0/24"]
    with pytest.raises(ConflictError, match="is in use"):
        networks(store, {"name": "n", "partition": "p", "type": "external", "prefixes": ["10.0.1.0/24"]})
    shrunk = networks(store, {"name": "n", "partition": "p", "type": "external", "prefixes": ["10.0.0.0/24"]})[0]
    assert shrunk["prefixes"] == ["10.0.0.0/24"]
