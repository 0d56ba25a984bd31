# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm

net = ipaddress.ip_network


def test_keys_sort_like_integers_for_both_families():
    values = [0, 1, 255, 2 ** 32 - 1, 2 ** 64, 2 ** 128 - 1]
    assert sorted(pm.to_key(v) for v in values) == [pm.to_key(v) for v in values]
    assert all(pm.from_key(pm.to_key(v)) == v for v in values)


def test_parse_prefix_masks_or_demands_canonical_form():
    assert str(pm.parse_prefix("192.169.0.1/24")) == "192.169.0.0/24"
    with pytest.raises(ValidationError, match='please specify it as "10.104.0.0/14"'):
        pm.parse_prefix("10.105.0.0/14", strict=True)
    with pytest.raises(ValidationError, match="prefix length out of range"):
        pm.parse_prefix("10.0.0.0/33")
    with pytest.raises(ValidationError, match="expected address/length"):
        pm.parse_prefix("10.0.0.0")


def test_reserved_addresses():
    assert pm.reserved_addresses(net("10.0.0.0/24")) == [int(net("10.0.0.0/24").network_address), int(net("10.0.0.0/24").broadcast_address)]
    assert len(pm.reserved_addresses(net("2001:db8::/64"))) == 1


def test_best_fit_prefers_the_smallest_block_that_fits():
    parent = net("192.168.0.0/20")
    taken = [net("192.168.0.0/21"), net("192.168.8.0/22")]
    # free: 192.168.12.0/22 only
    assert pm.best_fit_child(parent, taken, 22) == net("192.168.12.0/22")
    # after releasing 192.168.8.0/22 a /28 takes 192.168.8.0/28 (smallest block first, lowest address on ties)
    assert pm.best_fit_child(parent, [net("192.168.0.0/21")], 28) == net("192.168.8.0/28")
    assert pm.best_fit_child(parent, [net("192.168.0.0/20")], 28) is None


def test_ipv6_best_fit_example():
    parent = net("2001:aabb::/48")
    first = pm.best_fit_child(parent, [], 64)
    second = pm.best_fit_child(parent, [first], 72)
    assert (str(first), str(second)) == ("2001:aabb::/64", "2001:aabb:0:1::/72")


def test_counts_are_capped_like_go_ipam():
    assert pm.available_ips(net("2001:db8::/64")) == 2 ** 31 - 1
    assert pm.available_ips(net("2001:db8::/97")) == 2 ** 31
    assert pm.available_smallest_prefixes(net("10.0.0.0/16"), []) == 16384
    assert pm.available_smallest_prefixes(net("2001:db8::/64"), []) == 2 ** 31 - 1


@given(st.lists(st.integers(0, 255), max_size=30), st.integers(25, 32))
def test_free_blocks_partition_the_free_space(indexes, length):
    """Free blocks never overlap the taken children and together with them cover the parent exactly."""
    parent = net("10.0.0.0/24")
    taken = sorted({net("10.0.0.%d/32" % i) for i in indexes})
    blocks = pm.free_blocks(parent, taken)
    covered = sum(b.num_addresses for b in blocks) + len(taken)
    assert covered == parent.num_addresses
    assert not any(b.overlaps(t) for b in blocks for t in taken)
    chosen = pm.best_fit_child(parent, taken, length)
    if chosen is not None:
        assert chosen.prefixlen == length and not any(chosen.overlaps(t) for t in taken)
