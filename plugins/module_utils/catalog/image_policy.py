# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Image features, classification, expiration and orphan clean-up rules.

Private to the metalfleet.datacenter collection; not a public API.

* Features ``machine`` and ``firewall``: an allocation with role ``machine`` needs
  an image with feature ``machine``, role ``firewall`` one with ``firewall``.
* Classification ``preview`` (default), ``supported``, ``deprecated``.
* Expiration defaults to creation + 90 days.  It is not enforced at allocation; it
  only decides which images the orphan clean-up may delete: per OS the newest image
  is always kept, any other image goes when it expired and no machine uses it.

Public functions::

    normalize_features(features, require_one: bool = False) -> list[str]   # list or {name: bool}; raises ValidationError
    check_image_feature(image: dict, role: str, api: str = "v1") -> None     # raises ValidationError
    normalize_classification(value) -> str                                 # raises ValidationError
    default_expiration(created: datetime) -> datetime                       # created + 90 days
    validate_expiration(expires_at: datetime, now: datetime) -> None        # v2 rule: not in the past
    orphan_image_ids(images, used_image_ids, now: datetime) -> list[str]
        # images: [{"id", "os"?, "version"?, "expiration_date": datetime | None}]
"""
from __future__ import annotations

import datetime

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_resolution import image_os_version, sort_images

FEATURES = ("machine", "firewall")
CLASSIFICATIONS = ("preview", "supported", "deprecated")
DEFAULT_CLASSIFICATION = "preview"
DEFAULT_LIFETIME = datetime.timedelta(days=90)
_ROLE_PLURALS = {"machine": "machines", "firewall": "firewalls"}


def normalize_features(features, require_one: bool = False) -> list:
    """Return the enabled features in canonical order; refuse unknown names."""
    if isinstance(features, dict):
        names = [name for name, enabled in features.items() if enabled]
    else:
        names = list(features or [])
    for name in names:
        if name not in FEATURES:
            raise ValidationError("features", f"unknown ImageFeatureType:{name}")
    if require_one and not names:
        raise ValidationError("features", f"at least one feature of {', '.join(FEATURES)} is required")
    return [name for name in FEATURES if name in names]


def check_image_feature(image: dict, role: str, api: str = "v1") -> None:
    """Refuse an image that lacks the feature required by the allocation role."""
    if role not in FEATURES:
        raise ValidationError("role", f"{role!r} is not one of {', '.join(FEATURES)}")
    features = normalize_features(image.get("features"))
    if role in features:
        return
    if api == "v2":
        raise ValidationError("image", f"given image {image.get('id')} is not allowed for {_ROLE_PLURALS[role]}")
    raise ValidationError("image", f"given image is not usable for a {role}, features: {', '.join(features)}")


def normalize_classification(value) -> str:
    """Default to ``preview``; refuse anything but the three known classifications."""
    if value in (None, ""):
        return DEFAULT_CLASSIFICATION
    if value not in CLASSIFICATIONS:
        raise ValidationError("classification", f"{value!r} is not one of {', '.join(CLASSIFICATIONS)}")
    return value


def default_expiration(created: datetime.datetime) -> datetime.datetime:
    """The expiration used when none is given: 90 days after creation."""
    return created + DEFAULT_LIFETIME


def validate_expiration(expires_at: datetime.datetime, now: datetime.datetime) -> None:
    """Refuse an expiration date in the past (metal-apiserver rule)."""
    if expires_at < now:
        raise ValidationError("expiration_date", f"{expires_at.isoformat()} is in the past")


def orphan_image_ids(images, used_image_ids, now: datetime.datetime) -> list:
    """Ids of images the clean-up may delete: expired, unused and not the newest of their OS."""
    used = set(used_image_ids)
    seen_os = set()
    orphans = []
    for image in sort_images(images):
        os_name = image_os_version(image)[0]
        if os_name not in seen_os:
            seen_os.add(os_name)
            continue
        expires = image.get("expiration_date")
        if expires is not None and expires < now and image.get("id") not in used:
            orphans.append(image.get("id"))
    return orphans
