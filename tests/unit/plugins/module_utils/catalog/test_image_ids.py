# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of image id parsing and the strict creation rule."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_ids import (
    canonical_image_id,
    parse_image_id,
    split_image_id,
    validate_new_image_id,
)


@pytest.mark.parametrize("image_id, os_name, version", [
    ("ubuntu-19.4", "ubuntu", "19.4.0"),
    ("ubuntu-small-19.4.20200408", "ubuntu-small", "19.4.20200408"),
    ("-ubuntu-19.4.20200408", "-ubuntu", "19.4.20200408"),
    ("firewall-2", "firewall", "2.0.0"),
    ("ubuntu-24.04", "ubuntu", "24.4.0"),
])
def test_split_on_last_dash(image_id, os_name, version):
    parsed_os, parsed_version = parse_image_id(image_id)
    assert (parsed_os, str(parsed_version)) == (os_name, version)


def test_missing_version_message():
    with pytest.raises(ValidationError) as info:
        split_image_id("ubuntu")
    assert info.value.field == "id"
    assert info.value.message.endswith("invalid format for os image, expected <os>-<major>.<minor>[.<patch>]: ubuntu")


def test_bad_version():
    with pytest.raises(ValidationError) as info:
        parse_image_id("ubuntu-latest")
    assert "ubuntu-latest" in info.value.message


def test_canonical_id():
    assert canonical_image_id("ubuntu-24.04.20250228") == "ubuntu-24.4.20250228"
    assert canonical_image_id("debian-v012.0") == "debian-12.0"
    assert canonical_image_id("ubuntu-24.4") == "ubuntu-24.4"


def test_creation_refuses_leading_zeros_and_names_the_corrected_id():
    with pytest.raises(ValidationError) as info:
        validate_new_image_id("ubuntu-24.04.20250228")
    assert "ubuntu-24.4.20250228" in info.value.message


@pytest.mark.parametrize("image_id", ["ubuntu-v24.4", "ubuntu-24", "-24.4"])
def test_creation_refuses_non_canonical_forms(image_id):
    with pytest.raises(ValidationError):
        validate_new_image_id(image_id)


def test_creation_accepts_canonical_ids():
    os_name, version = validate_new_image_id("firewall-ubuntu-3.0.20250101")
    assert (os_name, str(version)) == ("firewall-ubuntu", "3.0.20250101")
