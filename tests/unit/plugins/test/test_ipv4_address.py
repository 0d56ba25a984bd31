# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.test.ipv4_address import is_ipv4_address


@pytest.mark.parametrize("value", ["10.0.0.1", "192.0.2.0", "255.255.255.255", " 10.0.0.1 "])
def test_addresses(value):
    assert is_ipv4_address(value)


@pytest.mark.parametrize("value", ["10.0.0.0/8", "010.0.0.1", "10.0.0.256", "2001:db8::1", "banana", "", None, 10, ["10.0.0.1"]])
def test_not_addresses(value):
    assert not is_ipv4_address(value)
