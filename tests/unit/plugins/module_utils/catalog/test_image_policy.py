# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of image features, classification, expiration and orphan rules."""
from __future__ import annotations

import datetime

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_policy import (
    check_image_feature,
    default_expiration,
    normalize_classification,
    normalize_features,
    orphan_image_ids,
    validate_expiration,
)

NOW = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)


def test_features_from_list_or_mapping():
    assert normalize_features({"firewall": True, "machine": True}) == ["machine", "firewall"]
    assert normalize_features(["firewall"]) == ["firewall"]
    with pytest.raises(ValidationError) as info:
        normalize_features(["router"])
    assert info.value.message == "features: unknown ImageFeatureType:router"
    with pytest.raises(ValidationError):
        normalize_features([], require_one=True)


@pytest.mark.parametrize("api, message", [
    ("v1", "image: given image is not usable for a machine, features: firewall"),
    ("v2", "image: given image fw-1.0 is not allowed for machines"),
])
def test_feature_check_messages(api, message):
    with pytest.raises(ValidationError) as info:
        check_image_feature({"id": "fw-1.0", "features": ["firewall"]}, "machine", api)
    assert info.value.message == message
    check_image_feature({"id": "fw-1.0", "features": ["firewall"]}, "firewall", api)


def test_classification():
    assert normalize_classification(None) == "preview"
    assert normalize_classification("deprecated") == "deprecated"
    with pytest.raises(ValidationError):
        normalize_classification("stable")


def test_expiration():
    assert default_expiration(NOW) == NOW + datetime.timedelta(days=90)
    validate_expiration(NOW + datetime.timedelta(seconds=1), NOW)
    with pytest.raises(ValidationError):
        validate_expiration(NOW - datetime.timedelta(days=1), NOW)


def test_orphans_keep_newest_per_os_and_used_images():
    old = NOW - datetime.timedelta(days=1)
    images = [
        {"id": "ubuntu-20.4.20200101", "expiration_date": old},
        {"id": "ubuntu-20.4.20200201", "expiration_date": old},
        {"id": "ubuntu-20.4.20200301", "expiration_date": old},
        {"id": "ubuntu-20.4.20200401", "expiration_date": NOW + datetime.timedelta(days=1)},
        {"id": "debian-10.0.20200101", "expiration_date": old},
    ]
    # newest ubuntu and the only debian are kept although expired/near expiry; 20200201 is in use
    assert orphan_image_ids(images, ["ubuntu-20.4.20200201"], NOW) == ["ubuntu-20.4.20200301", "ubuntu-20.4.20200101"]
    assert orphan_image_ids(images, [], NOW - datetime.timedelta(days=2)) == []
