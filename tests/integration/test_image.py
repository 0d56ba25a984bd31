# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.image through ansible-playbook, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime

import pytest

from tests.support.machines_stub import add_machine

pytestmark = pytest.mark.playbook

MOD = "metalfleet.datacenter.image"
UBUNTU = {"id": "ubuntu-24.4.20250228", "name": "Ubuntu 24.04", "url": "https://images.example.com/ubuntu/24.04/img.tar.lz4",
          "features": ["machine"], "classification": "supported",
          "checksum": "SHA256:" + "AB" * 32}
FIREWALL = {"id": "firewall-ubuntu-3.0.20250301", "url": "https://images.example.com/firewall/3.0/img.tar.lz4",
            "features": ["firewall", "machine"], "expiration": "2099-12-31"}


def test_image_contract(fleet):
    ubuntu, firewall = fleet.four_way([{"name": "ubuntu", MOD: UBUNTU}, {"name": "firewall", MOD: FIREWALL}], result_keys=["image"])
    doc = ubuntu["image"]
    assert (doc["os"], doc["version"], doc["classification"]) == ("ubuntu", "24.4.20250228", "supported")
    assert doc["checksum"] == "sha256:" + "ab" * 32
    # no expiration given: 90 days after the creation day, midnight UTC
    created = datetime.datetime.strptime(doc["created_at"][:10], "%Y-%m-%d")
    assert doc["expiration"] == (created + datetime.timedelta(days=90)).strftime("%Y-%m-%dT00:00:00Z") and doc["expired"] is False
    fw = firewall["image"]
    assert (fw["os"], fw["version"]) == ("firewall-ubuntu", "3.0.20250301")
    assert fw["features"] == ["machine", "firewall"] and fw["classification"] == "preview"
    assert fw["expiration"] == "2099-12-31T00:00:00Z"
    update = {"name": "deprecate", MOD: {"id": UBUNTU["id"], "classification": "deprecated", "expiration": "2098-01-01T12:00:00+02:00"}}
    remove = {"name": "remove", MOD: {"id": FIREWALL["id"], "state": "absent"}}
    changed, removed = fleet.four_way([update, remove], result_keys=["image"])
    assert changed["image"]["classification"] == "deprecated" and changed["image"]["url"] == UBUNTU["url"]
    assert changed["image"]["expiration"] == "2098-01-01T10:00:00Z"
    assert changed["diff"]["before"]["image ubuntu-24.4.20250228"]["classification"] == "supported"
    assert removed["image"] is None


def test_list_form_prune_and_in_use(fleet):
    images = [UBUNTU, FIREWALL, {"id": "debian-13.0.20250401", "url": "file:///srv/debian.tar.lz4", "features": ["machine"]}]
    (first,) = fleet.four_way([{"name": "list", MOD: {"images": images}}], result_keys=["images", "removed", "kept_in_use"])
    assert [i["id"] for i in first["images"]] == [i["id"] for i in images]
    add_machine(fleet.dsn, "m-1", image=FIREWALL["id"])
    pruned = fleet.run([{"name": "prune", MOD: {"images": [UBUNTU], "prune": True}}]).task("prune")["result"]
    assert pruned["removed"] == ["debian-13.0.20250401"] and pruned["kept_in_use"] == [FIREWALL["id"]]
    fleet.expect_failures([
        ({MOD: {"id": FIREWALL["id"], "state": "absent"}}, "id", "in use by machine m-1"),
    ])


def test_bad_input_names_the_field(fleet):
    fleet.expect_failures([
        ({MOD: dict(UBUNTU, id="ubuntu-24.04.20250228")}, "id", "use ubuntu-24.4.20250228"),
        ({MOD: {"images": [UBUNTU, dict(UBUNTU, id="ubuntu-20.04")]}}, "images[1].id", "use ubuntu-20.4"),
        ({MOD: dict(UBUNTU, id="ubuntu")}, "id", "expected <os>-<major>.<minor>[.<patch>]"),
        ({MOD: dict(UBUNTU, id="ubuntu-24")}, "id", "at least <major>.<minor>"),
        ({MOD: {"id": "debian-13.0"}}, "url", "a new image needs a url"),
        ({MOD: {"id": "debian-13.0", "url": "https://x.example/i"}}, "features", "at least one feature"),
        ({MOD: dict(UBUNTU, url="ftp://x.example/i")}, "url", "not a valid"),
        ({MOD: dict(UBUNTU, checksum="sha256:abc")}, "checksum", "64 hex digits"),
        ({MOD: dict(UBUNTU, expiration="2001-01-01")}, "expiration", "in the past"),
        ({MOD: dict(UBUNTU, expiration="next week")}, "expiration", "not a date"),
        ({MOD: dict(UBUNTU, features=["vm"])}, "features", "vm"),
        ({MOD: {"images": [dict(UBUNTU, features="machine")]}}, "images[0].features", "expected a list"),
    ])
