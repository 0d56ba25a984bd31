# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of image sorting and resolution."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_resolution import (
    image_os_version,
    images_for,
    resolve_image,
    sort_images,
    version_constraint_for,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.semver import parse_version


def image(image_id, classification="preview"):
    return {"id": image_id, "classification": classification}


IMAGES = [image("ubuntu-24.4.20250101", "supported"), image("ubuntu-24.4.20250301"), image("ubuntu-24.0.20240101", "supported"),
          image("alpine-3.10"), image("alpine-3.10.20191012"), image("debian-weird-x"), image("ubuntu-24.4.20250201", "supported")]


def test_sort_os_ascending_version_descending_unparsable_last():
    assert [i["id"] for i in sort_images(IMAGES)] == [
        "alpine-3.10.20191012", "alpine-3.10", "ubuntu-24.4.20250301", "ubuntu-24.4.20250201", "ubuntu-24.4.20250101",
        "ubuntu-24.0.20240101", "debian-weird-x"]


def test_os_and_version_come_from_the_record_or_the_id():
    assert image_os_version({"id": "x-1.0", "os": "other", "version": "2.0"}) == ("other", parse_version("2.0"))
    assert image_os_version({"id": "nodash"}) == ("nodash", None)


def test_constraint_rule():
    assert version_constraint_for(parse_version("24.4")) == "~24.4.0"
    assert version_constraint_for(parse_version("24.4.1")) == "=24.4.1"


def test_resolution_newest_or_exact():
    assert resolve_image("ubuntu-24.4", IMAGES).image["id"] == "ubuntu-24.4.20250301"
    assert resolve_image("ubuntu-24", IMAGES).image["id"] == "ubuntu-24.0.20240101"
    assert resolve_image("alpine-3.10", IMAGES).image["id"] == "alpine-3.10.20191012"
    exact = resolve_image("ubuntu-24.4.20250101", IMAGES, implicit_supported_only=True)
    assert exact.image["id"] == "ubuntu-24.4.20250101"
    assert "exact version" in exact.reason


def test_v2_implicit_latest_only_among_supported():
    chosen = resolve_image("ubuntu-24.4", IMAGES, implicit_supported_only=True)
    assert chosen.image["id"] == "ubuntu-24.4.20250201"
    assert "supported" in chosen.reason and "ubuntu-24.4.20250201" in chosen.reason


def test_classification_filter():
    assert resolve_image("ubuntu-24.4", IMAGES, classification="preview").image["id"] == "ubuntu-24.4.20250301"


def test_not_found_message():
    with pytest.raises(NotFoundError) as info:
        resolve_image("ubuntu-20.4", IMAGES)
    assert info.value.message == "no image for os:ubuntu version:20.4.0 found"


def test_images_for_keeps_input_order():
    assert [i["id"] for i in images_for("ubuntu-24.4", IMAGES)] == ["ubuntu-24.4.20250101", "ubuntu-24.4.20250301", "ubuntu-24.4.20250201"]
