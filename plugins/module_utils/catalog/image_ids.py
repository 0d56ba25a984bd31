# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Operating-system image ids: ``<os>-<major>.<minor>[.<patch>]``.

Private to the metalfleet.datacenter collection; not a public API.

The id is split on its *last* ``-``: everything before is the OS
(``ubuntu-small-19.4.20200408`` -> ``ubuntu-small``), the last part is a semantic
version parsed leniently for look-ups (``24.04`` = 24.4.0).  Creating an image is
stricter: the version must be written canonically (no leading zeros, no ``v``,
at least ``major.minor``) so two ids can never denote the same image; the error
names the corrected id (``ubuntu-24.04.20250228`` -> ``ubuntu-24.4.20250228``).

Public functions::

    split_image_id(image_id: str) -> tuple[str, str]          # (os, version text); raises ValidationError
    parse_image_id(image_id: str) -> tuple[str, Version]      # raises ValidationError
    canonical_image_id(image_id: str) -> str                  # "<os>-<parts without leading zeros>"
    validate_new_image_id(image_id: str) -> tuple[str, Version]  # strict rule for creation; raises ValidationError
"""
from __future__ import annotations

import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.semver import (
    InvalidVersionError,
    has_leading_zeros,
    parse_version,
)

ID_FIELD = "id"
_NUMERIC_PARTS = re.compile(r"^v?(\d+(?:\.\d+){0,2})(.*)$")


def split_image_id(image_id: str) -> tuple:
    """Return ``(os, version_text)`` split on the last ``-``."""
    if not isinstance(image_id, str) or "-" not in image_id:
        raise ValidationError(ID_FIELD, f"invalid format for os image, expected <os>-<major>.<minor>[.<patch>]: {image_id}")
    os_name, _dash, version_text = image_id.rpartition("-")
    return os_name, version_text


def parse_image_id(image_id: str) -> tuple:
    """Return ``(os, Version)``; the version is parsed leniently (look-up semantics)."""
    os_name, version_text = split_image_id(image_id)
    try:
        return os_name, parse_version(version_text)
    except InvalidVersionError as error:
        raise ValidationError(ID_FIELD, f"image {image_id} has an invalid version: {error}") from error


def canonical_image_id(image_id: str) -> str:
    """The id with its numeric version parts written without leading zeros and without ``v``."""
    os_name, version_text = split_image_id(image_id)
    match = _NUMERIC_PARTS.match(version_text)
    if match is None:
        return image_id
    parts = ".".join(str(int(part)) for part in match.group(1).split("."))
    return f"{os_name}-{parts}{match.group(2)}"


def validate_new_image_id(image_id: str) -> tuple:
    """Apply the strict creation rule and return ``(os, Version)``."""
    os_name, version = parse_image_id(image_id)
    version_text = split_image_id(image_id)[1]
    if not os_name:
        raise ValidationError(ID_FIELD, f"image id {image_id} has no operating system name before the version")
    if has_leading_zeros(version_text) or version_text.startswith("v"):
        raise ValidationError(
            ID_FIELD,
            f"image id {image_id} must write its version canonically (no leading zeros, no 'v'): use {canonical_image_id(image_id)}",
        )
    if "." not in version_text:
        raise ValidationError(ID_FIELD, f"image id {image_id} must contain at least <major>.<minor>, e.g. {os_name}-{version.major}.0")
    return os_name, version
