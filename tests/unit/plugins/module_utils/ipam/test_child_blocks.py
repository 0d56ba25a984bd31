# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ipam.child_blocks on both backends: the same choices as computing free blocks from the children, at a flat cost."""
from __future__ import annotations

import random

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, ExhaustedError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.child_blocks import ChildBlocks, split_off
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import PrefixStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import LATEST_VERSION
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from tests.support.schema_undo import roll_back_to


def _children(tx, parent):
    return [pm.parse_prefix(r["cidr"]) for r in tx.query("SELECT cidr FROM prefixes WHERE parent_prefix_id = ?", (parent["id"],))]


def _expected_blocks(tx, parent):
    """The free blocks as the children say they are (what the IPAM computed before child_blocks)."""
    return pm.free_blocks(pm.parse_prefix(parent["cidr"]), _children(tx, parent))


def test_split_off_leaves_one_buddy_per_level():
    assert split_off(0, 24, 0, 26, 32) == [(128, 25), (64, 26)]
    assert split_off(0, 24, 192, 26, 32) == [(0, 25), (128, 26)]


def test_random_acquires_and_releases_match_free_blocks(store):
    """Best fit, specific acquires and releases in any order give what free_blocks of the children gives."""
    rng = random.Random(7)

    def work(tx):
        ipam = PrefixStore(tx, "p")
        ipam.new_prefix("10.0.0.0/20")
        held = []
        for _step in range(120):
            parent = ipam.get("10.0.0.0/20")
            if held and rng.random() < 0.35:
                ipam.release_child_prefix(held.pop(rng.randrange(len(held))))
            elif rng.random() < 0.2:
                wanted = "10.0.%d.%d/28" % (rng.randrange(16), rng.randrange(16) * 16)
                try:
                    held.append(ipam.acquire_specific_child_prefix(parent, wanted)["cidr"])
                except ConflictError:
                    assert any(pm.parse_prefix(wanted).overlaps(c) for c in _children(tx, parent))
            else:
                length = rng.choice((22, 24, 26, 27, 28, 30))
                expected = pm.best_fit_child(pm.parse_prefix(parent["cidr"]), _children(tx, parent), length)
                try:
                    held.append(ipam.acquire_child_prefix(parent, length)["cidr"])
                except ExhaustedError:
                    assert expected is None
                else:
                    assert held[-1] == str(expected)
            parent = ipam.get("10.0.0.0/20")
            assert ChildBlocks(tx, parent).all() == _expected_blocks(tx, parent)
        for cidr in held:
            ipam.release_child_prefix(cidr)
        return ChildBlocks(tx, ipam.get("10.0.0.0/20")).all()
    assert [str(b) for b in store.run(work)] == ["10.0.0.0/20"]


def _cost_of_one_child_acquire(store, held: int) -> tuple:
    """(statements, rows read) of one child-prefix acquire in a parent that already holds ``held`` children."""
    def work(tx):
        ipam = PrefixStore(tx, "p")
        ipam.new_prefix("fd00::/48")
        for _index in range(held):
            ipam.acquire_child_prefix(ipam.get("fd00::/48"), 64)
        parent = ipam.get("fd00::/48")
        statements, rows = tx.statements, tx.rows_read
        ipam.acquire_child_prefix(parent, 64)
        return tx.statements - statements, tx.rows_read - rows
    return store.run(work, check_mode=True)


def test_child_acquire_cost_does_not_grow_with_children_held(store):
    # both counts even: the next /64 comes out of a larger block that is split (one statement more than taking a buddy)
    assert _cost_of_one_child_acquire(store, 4) == _cost_of_one_child_acquire(store, 150)


def test_migration_computes_blocks_of_existing_prefixes(store_dsn):
    """A store written before child_blocks existed gets the free blocks of its prefixes from their children."""
    with open_store(parse_location(store_dsn)) as store:
        def fill(tx):
            ipam = PrefixStore(tx, "p")
            ipam.new_prefix("10.1.0.0/16")
            ipam.new_prefix("2001:db8::/48")
            for length in (24, 20, 28, 24):
                ipam.acquire_child_prefix(ipam.get("10.1.0.0/16"), length)
            ipam.acquire_specific_child_prefix(ipam.get("2001:db8::/48"), "2001:db8:0:ff00::/56")
            expected = {p: [str(b) for b in _expected_blocks(tx, ipam.get(p))] for p in ("10.1.0.0/16", "2001:db8::/48")}
            roll_back_to(tx, 5)
            return expected
        expected = store.run(fill)
    with open_store(parse_location(store_dsn)) as store:
        assert store.schema_version == LATEST_VERSION

        def read(tx):
            ipam = PrefixStore(tx, "p", write=False)
            return {p: [str(b) for b in ChildBlocks(tx, ipam.get(p)).all()] for p in expected}
        assert store.run(read, write=False) == expected
