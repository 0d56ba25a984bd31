# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.secrets import MASK, mask_secrets


def test_masks_secret_keys_at_any_depth_and_keeps_the_rest():
    doc = {"name": "m1", "bmc": {"password": "pw", "username": "admin", "api_token": "t"},
           "list": [{"store_password": "x", "secret": ""}], "password_version": 2}
    masked = mask_secrets(doc)
    assert masked == {"name": "m1", "bmc": {"password": MASK, "username": "admin", "api_token": MASK},
                      "list": [{"store_password": MASK, "secret": ""}], "password_version": 2}
    assert doc["bmc"]["password"] == "pw", "the input is not changed"
