# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""catalog.image_store on both backends: strict ids, derived os/version, expiration, resolution."""
from __future__ import annotations

import datetime

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import (
    ImageStore,
    check_checksum,
    parse_expiration,
)

UTC = datetime.timezone.utc


def image(image_id, **extra):
    spec = {"id": image_id, "url": "https://img.example/%s" % image_id, "features": ["machine"]}
    spec.update(extra)
    return spec


def apply(store, func):
    return store.run(lambda tx: (func(ImageStore(tx)), [(c.kind, c.entity_id, c.action) for c in tx.changes]))


def test_create_noop_update(store):
    doc, changes = apply(store, lambda i: i.ensure_present(image("firewall-ubuntu-3.0.20250301", features={"firewall": True})))
    assert changes == [("image", "firewall-ubuntu-3.0.20250301", "create")]
    assert (doc["os"], doc["version"], doc["features"], doc["classification"]) == ("firewall-ubuntu", "3.0.20250301", ["firewall"], "preview")
    assert doc["expiration"].endswith("T00:00:00Z") and doc["expired"] is False
    assert apply(store, lambda i: i.ensure_present({"id": "firewall-ubuntu-3.0.20250301"})) == (doc, [])
    changed, changes = apply(store, lambda i: i.ensure_present({"id": "firewall-ubuntu-3.0.20250301", "name": "FW"}))
    assert changes == [("image", "firewall-ubuntu-3.0.20250301", "update")] and changed["expiration"] == doc["expiration"]


def test_a_past_expiration_is_kept_but_not_set(store):
    apply(store, lambda i: i.ensure_present(image("debian-13.0.1", expiration="2099-01-01")))
    store.run(lambda tx: tx.execute("UPDATE images SET expires_at = '2001-01-01T00:00:00Z'"))
    doc, changes = apply(store, lambda i: i.ensure_present(image("debian-13.0.1", expiration="2001-01-01")))
    assert changes == [] and doc["expired"] is True
    with pytest.raises(ValidationError, match="in the past"):
        apply(store, lambda i: i.ensure_present(image("debian-13.0.1", expiration="2002-01-01")))


def test_resolution(store):
    apply(store, lambda i: i.apply_all([
        image("ubuntu-24.4.20250101", classification="supported"), image("ubuntu-24.4.20250301"),
        image("ubuntu-24.10.20250101"), image("ubuntu-24.0.5", classification="supported")]))

    def resolve(*args, **kwargs):
        return store.run(lambda tx: ImageStore(tx).resolve(*args, **kwargs), write=False)
    assert resolve("ubuntu-24.4")["image"]["id"] == "ubuntu-24.4.20250301"
    assert resolve("ubuntu-24.4", supported_only=True)["image"]["id"] == "ubuntu-24.4.20250101"
    assert resolve("ubuntu-24.4.20250101", supported_only=True)["image"]["id"] == "ubuntu-24.4.20250101"
    assert resolve("ubuntu-24")["image"]["id"] == "ubuntu-24.0.5"  # ~24.0.0, as in the reference
    assert resolve("ubuntu")["image"]["id"] == "ubuntu-24.10.20250101"
    latest = resolve("ubuntu", supported_only=True)
    assert latest["image"]["id"] == "ubuntu-24.4.20250101" and "among supported images" in latest["reason"]
    with pytest.raises(NotFoundError, match="resolve: no image for os:ubuntu version:24.4.20250102 found"):
        resolve("ubuntu-24.4.20250102")
    with pytest.raises(ValidationError, match="resolve: invalid format"):
        resolve("debian")


@pytest.mark.parametrize("spec, field, part", [
    (image("ubuntu-24.04.20250228"), "id", "use ubuntu-24.4.20250228"),
    (image("ubuntu-v24.4"), "id", "use ubuntu-24.4"),
    (image("-24.4"), "id", "no operating system"),
    (image("ubuntu-24.4", features=[]), "features", "at least one feature"),
    (image("ubuntu-24.4", features=["vm"]), "features", "unknown ImageFeatureType:vm"),
    (image("ubuntu-24.4", classification="stable"), "classification", "stable"),
    (image("ubuntu-24.4", url="https:///x"), "url", "not a valid"),
    (image("ubuntu-24.4", checksum="crc32:abcd"), "checksum", "algorithm"),
])
def test_bad_images_name_the_field(store, spec, field, part):
    with pytest.raises(ValidationError) as error:
        apply(store, lambda i: i.ensure_present(spec))
    assert error.value.field == field and part in str(error.value)


def test_expiration_and_checksum_parsing():
    assert parse_expiration("2026-03-01") == datetime.datetime(2026, 3, 1, tzinfo=UTC)
    assert parse_expiration("2026-03-01T10:00:00+02:00") == datetime.datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert parse_expiration("2026-03-01T10:00:00.5Z") == datetime.datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert parse_expiration(datetime.date(2026, 3, 1)) == datetime.datetime(2026, 3, 1, tzinfo=UTC)
    assert check_checksum("SHA1:" + "A" * 40) == "sha1:" + "a" * 40
    assert check_checksum("") == ""
    with pytest.raises(ValidationError, match="40 hex digits"):
        check_checksum("sha1:" + "g" * 40)
