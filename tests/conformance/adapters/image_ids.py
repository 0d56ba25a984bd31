# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conformance adapter for image_ids.json: id parsing, semver, resolution, sorting, size-image constraints, features."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError, NotFoundError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_ids import parse_image_id
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_policy import check_image_feature
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_resolution import (
    images_for,
    resolve_image,
    sort_images,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.semver import parse_constraint, parse_version
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_image_constraints import (
    size_image_problem,
    validate_size_image_constraint,
)


def _message(error: FleetError) -> str:
    """The error text without the ``<field>: `` prefix that ValidationError adds."""
    field = getattr(error, "field", "")
    return error.message[len(field) + 2:] if field else error.message


def _parse(data: dict, expected: dict) -> None:
    try:
        os_name, version = parse_image_id(data["id"])
    except FleetError as error:
        assert "error" in expected, f"unexpected error {error}"
        assert _message(error) == expected["error"], f"expected error {expected['error']!r}, got {_message(error)!r}"
        return
    assert "error" not in expected, f"expected error {expected['error']!r}, got {os_name} {version}"
    assert (os_name, str(version)) == (expected["os"], expected["version"]), f"expected {expected}, got {os_name} {version}"


def _semver(data: dict, expected: dict) -> None:
    satisfied = parse_constraint(data["constraint"]).check(parse_version(data["version"]))
    assert satisfied == expected["satisfied"], f"expected satisfied={expected['satisfied']}, got {satisfied}"


def _expect_resolution(expected: dict, resolve) -> None:
    try:
        image = resolve().image
    except NotFoundError as error:
        wanted = expected.get("error")
        assert wanted is not None, f"unexpected NotFound: {error}"
        assert wanted == "not_found" or wanted.split(": ", 1)[-1] == error.message, f"expected {wanted!r}, got {error.message!r}"
        return
    assert "image_id" in expected, f"expected {expected}, got image {image.get('id')!r}"
    assert image["id"] == expected["image_id"], f"expected {expected['image_id']!r}, got {image['id']!r}"


def _most_recent(data: dict, expected: dict) -> None:
    _expect_resolution(expected, lambda: resolve_image(data["id"], data["images"]))


def _latest_v2(data: dict, expected: dict) -> None:
    _expect_resolution(expected, lambda: resolve_image(data["os"], data["images"], classification=data.get("classification")))


def _images_for(data: dict, expected: dict) -> None:
    actual = [image["id"] for image in images_for(data["id"], data["images"])]
    assert actual == expected["image_ids_in_input_order"], f"expected {expected['image_ids_in_input_order']}, got {actual}"


def _sort(data: dict, expected: dict) -> None:
    actual = [image["id"] for image in sort_images(data["images"])]
    assert actual == expected["image_ids"], f"expected {expected['image_ids']}, got {actual}"


def _size_image(data: dict, expected: dict) -> None:
    problem = size_image_problem(data["size_image_constraints"], data["size_id"], data["image"])
    assert (problem is None) == expected["allowed"], f"expected allowed={expected['allowed']}, got problem {problem!r}"
    if "error" in expected:
        assert problem == expected["error"], f"expected {expected['error']!r}, got {problem!r}"


def _size_image_validate(data: dict, expected: dict) -> None:
    try:
        validate_size_image_constraint(data["images"])
        valid, reason = True, None
    except FleetError as error:
        valid, reason = False, str(error)
    assert valid == expected["valid"], f"expected valid={expected['valid']}, got {valid} ({reason})"


def _feature(data: dict, expected: dict) -> None:
    image = {"id": data.get("image_id", "<id>"), "features": data["image_features"]}
    for api in ("v1", "v2"):
        try:
            check_image_feature(image, data["role"], api)
            problem = None
        except FleetError as error:
            problem = _message(error)
        assert (problem is None) == expected["allowed"], f"{api}: expected allowed={expected['allowed']}, got {problem!r}"
        if f"error_{api}" in expected:
            assert problem == expected[f"error_{api}"], f"{api}: expected {expected[f'error_{api}']!r}, got {problem!r}"


_KINDS = {
    "parse_image_id": _parse,
    "semver_constraint": _semver,
    "most_recent_image": _most_recent,
    "latest_image_v2": _latest_v2,
    "images_for": _images_for,
    "sort_images": _sort,
    "size_image_constraint": _size_image,
    "size_image_constraint_validate": _size_image_validate,
    "image_feature_rule": _feature,
}


def run_case(case: dict, ctx=None) -> None:
    """Dispatch on the case kind."""
    handler = _KINDS.get(case.get("kind"))
    if handler is None:
        raise AssertionError(f"image_ids adapter does not know case kind {case.get('kind')!r}")
    handler(case["input"], case["expected"])
