# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""go-ipam's exact error text where the conformance cases do not pin it, on both store backends."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ExhaustedError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import PrefixStore


def test_free_blocks_are_listed_comma_separated_without_spaces(store):
    """go-ipam joins the free blocks with "," (strings.Join(availablePrefixes, ","))."""
    def work(tx):
        ipam = PrefixStore(tx)
        parent = ipam.new_prefix("192.168.0.0/20")
        ipam.acquire_child_prefix(parent, 21)
        ipam.acquire_child_prefix(ipam.by_id(parent["id"]), 23)
        ipam.acquire_child_prefix(ipam.by_id(parent["id"]), 21)
    with pytest.raises(ExhaustedError) as raised:
        store.run(work)
    assert raised.value.reason == ("no prefix found in 192.168.0.0/20 with length:21, "
                                   "but 192.168.10.0/23,192.168.12.0/22 are available")
