# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Platform data survives the round trip through JSON unchanged, for every shared platform."""
from __future__ import annotations

import json

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import load_platform
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform_codec import platform_from_data, platform_to_data
from tests.unit.plugins.module_utils.sonic.sonic_fixtures import platform_variants


def test_round_trip_keeps_ports_and_layout():
    variants = platform_variants()
    if not variants:
        pytest.skip("no shared SONiC platforms found (set METALFLEET_SHARED)")
    for directory, hwsku in variants:
        platform = load_platform(directory, hwsku)
        rebuilt = platform_from_data(platform.name, json.loads(json.dumps(platform_to_data(platform))))
        assert rebuilt == platform, directory
        assert rebuilt.layout() == platform.layout(), directory


def test_missing_data_names_the_field():
    with pytest.raises(ValidationError) as raised:
        platform_from_data("x86_64-none-r0", {})
    assert raised.value.field == "platform"
