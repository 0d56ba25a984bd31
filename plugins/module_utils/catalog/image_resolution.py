# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sorting images and resolving a (possibly partial) image id to one image.

Private to the metalfleet.datacenter collection; not a public API.

Images are plain mappings with at least ``id``; ``os`` and ``version`` are taken
from the mapping when present, otherwise derived from the id.  Resolution::

    os, v = parse(id)
    constraint = "=" + v            if v.patch > 0     (fully qualified: exact)
                 "~X.Y.0"           otherwise          (newest X.Y.*)
    first image of sort_images(images) with that os whose version satisfies it

``ubuntu-24`` therefore means 24.0.x only.  Optional filters: ``classification``
(v2 ``Latest`` RPC) and ``implicit_supported_only`` (v2 machine creation: when no
patch is given only ``supported`` images are candidates).  Expired images stay
resolvable, as in the reference.

Public functions::

    image_os_version(image: dict) -> tuple[str, Version | None]
    sort_images(images) -> list[dict]            # os ascending, version descending, unparsable last (stable)
    version_constraint_for(version: Version) -> str
    images_for(image_id: str, images) -> list[dict]     # all matches, input order
    resolve_image(image_id: str, images, classification: str | None = None,
                  implicit_supported_only: bool = False) -> ImageResolution(image: dict, reason: str)
        # raises NotFoundError "no image for os:<os> version:<X.Y.Z> found", ValidationError for a bad id
"""
from __future__ import annotations

import dataclasses

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_ids import parse_image_id, split_image_id
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.semver import parse_constraint, try_parse_version

SUPPORTED = "supported"


@dataclasses.dataclass(frozen=True)
class ImageResolution:
    """The chosen image and a human explanation of why it was chosen."""

    image: dict
    reason: str


def image_os_version(image: dict) -> tuple:
    """Return ``(os, Version or None)`` of an image record."""
    os_name, version_text = image.get("os"), image.get("version")
    if os_name is None or version_text is None:
        try:
            derived_os, derived_version = split_image_id(image.get("id", ""))
        except ValidationError:  # an id without "-": nothing can be derived
            derived_os, derived_version = image.get("id", ""), ""
        os_name = derived_os if os_name is None else os_name
        version_text = derived_version if version_text is None else version_text
    return os_name, try_parse_version(str(version_text))


def sort_images(images) -> list:
    """Sort by os ascending, then version descending; images with unparsable versions go last."""
    keyed = [(image, *image_os_version(image)) for image in images]
    parsable = [entry for entry in keyed if entry[2] is not None]
    unparsable = [entry for entry in keyed if entry[2] is None]
    parsable.sort(key=lambda entry: entry[2], reverse=True)
    parsable.sort(key=lambda entry: entry[1])
    return [entry[0] for entry in parsable + unparsable]


def version_constraint_for(version) -> str:
    """``=X.Y.Z`` for a fully qualified version, ``~X.Y.0`` when the patch is 0."""
    return f"={version}" if version.patch > 0 else f"~{version}"


def _matcher(image_id: str):
    os_name, version = parse_image_id(image_id)
    constraint_text = version_constraint_for(version)
    constraint = parse_constraint(constraint_text)

    def matches(image: dict) -> bool:
        image_os, image_version = image_os_version(image)
        return image_os == os_name and image_version is not None and constraint.check(image_version)

    return os_name, version, constraint_text, matches


def images_for(image_id: str, images) -> list:
    """All images matching the id, in input order (v1 ``FindImages``)."""
    matches = _matcher(image_id)[3]
    return [image for image in images if matches(image)]


def resolve_image(image_id: str, images, classification=None, implicit_supported_only: bool = False) -> ImageResolution:
    """Pick the newest image matching the id (exact when a patch is given)."""
    os_name, version, constraint_text, matches = _matcher(image_id)
    if implicit_supported_only and version.patch == 0:
        classification = SUPPORTED
    for image in sort_images(images):
        if classification and image.get("classification") != classification:
            continue
        if matches(image):
            return ImageResolution(image, _reason(image_id, image, os_name, constraint_text, version, classification))
    raise NotFoundError(f"no image for os:{os_name} version:{version} found")


def _reason(image_id: str, image: dict, os_name: str, constraint_text: str, version, classification) -> str:
    if version.patch > 0:
        how = f"exact version {version} requested"
    else:
        how = f"newest {os_name} image matching {constraint_text}"
    if classification:
        how += f" among {classification} images"
    return f'image "{image_id}" resolves to "{image.get("id")}": {how}'
