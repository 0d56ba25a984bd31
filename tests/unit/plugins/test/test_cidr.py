# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.test.cidr import is_cidr


@pytest.mark.parametrize("value", ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128", "0.0.0.0/0"])
def test_networks(value):
    assert is_cidr(value)


@pytest.mark.parametrize("value", ["10.0.0.1/8", "10.0.0.0", "10.0.0.0/33", "banana", "", None, 8, ["10.0.0.0/8"]])
def test_not_networks(value):
    assert not is_cidr(value)
