# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Operating-system images in the fleet store, and resolving ``ubuntu-24.4`` to one of them.

Private to the metalfleet.datacenter collection; not a public API.

Ids are strict (``image_ids.validate_new_image_id``): ``ubuntu-24.04.20250228``
is refused with a message naming ``ubuntu-24.4.20250228``.  ``os`` and the
normalised ``version`` (``X.Y.Z``) are derived from the id.  A new image needs a
``url`` (http, https or file) and at least one feature (``machine``,
``firewall``).  The optional ``checksum`` is ``<algorithm>:<hex digest>``
(md5, sha1, sha256, sha512).  Classification defaults to ``preview``.

Expiration: a date (``2026-12-31``, midnight UTC) or a UTC date-time.  Without
one, a new image expires 90 days after the day it was created (midnight UTC, so
that check mode predicts the same date as the real run).  A *changed*
expiration must not lie in the past; an unchanged one may, so re-applying an
old catalog never fails.  Expired images stay resolvable (the reference's
behaviour); ``expired`` in the document says whether the date has passed.

Resolution follows the reference (``image_resolution.resolve_image``); in addition
a bare OS name (``ubuntu``, ``firewall-ubuntu``) resolves to the newest image of
that OS (only ``supported`` ones with ``supported_only``, the implicit-latest rule).

An image cannot be removed while machines use it (``catalog.usage.image_users``).

Public class::

    ImageStore(tx)      # a catalog.entity_store.CatalogStore
        .rows_filtered(os=None, feature=None, classification=None, ids=None, name=None) -> list
        .resolve(image_id, classification=None, supported_only=False) -> {"image": document, "reason": str}
"""
from __future__ import annotations

import datetime
import json
import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.address_checks import check_catalog_id, check_url
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.entity_store import (
    CatalogStore,
    descriptive_columns,
    to_json,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_ids import ID_FIELD, validate_new_image_id
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_policy import (
    DEFAULT_LIFETIME,
    FEATURES,
    normalize_classification,
    normalize_features,
    validate_expiration,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_resolution import (
    SUPPORTED,
    ImageResolution,
    resolve_image,
    sort_images,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.usage import image_users

URL_SCHEMES = ("http", "https", "file")
CHECKSUM_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}
_HEX = re.compile(r"^[0-9a-f]+$")
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_today() -> datetime.datetime:
    now = datetime.datetime.now(datetime.timezone.utc)
    return datetime.datetime(now.year, now.month, now.day, tzinfo=datetime.timezone.utc)


def parse_expiration(value, field: str = "expiration") -> datetime.datetime:
    """A date (midnight UTC) or an ISO 8601 date-time (naive = UTC) as an aware UTC datetime."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        try:
            moment = datetime.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
        except ValueError:
            raise ValidationError(field, "%r is not a date (2026-12-31) or an ISO 8601 date-time" % (value,)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).replace(microsecond=0)


def format_expiration(moment: datetime.datetime) -> str:
    return moment.strftime(_TIMESTAMP_FORMAT)


def check_checksum(value, field: str = "checksum") -> str:
    if value == "":
        return ""
    algorithm, separator, digest = str(value).partition(":")
    algorithm, digest = algorithm.lower(), digest.lower()
    if not separator or algorithm not in CHECKSUM_LENGTHS:
        raise ValidationError(field, "%r is not <algorithm>:<hex digest> with an algorithm of %s" % (value, ", ".join(CHECKSUM_LENGTHS)))
    if not _HEX.match(digest) or len(digest) != CHECKSUM_LENGTHS[algorithm]:
        raise ValidationError(field, "%r: a %s digest is %d hex digits" % (value, algorithm, CHECKSUM_LENGTHS[algorithm]))
    return "%s:%s" % (algorithm, digest)


class ImageStore(CatalogStore):
    kind = "image"
    table = "images"
    list_field = "images"

    def validated_id(self, spec) -> str:
        image_id = spec.get("id")
        if not isinstance(image_id, str) or not image_id:
            raise ValidationError(ID_FIELD, "an image id (<os>-<major>.<minor>[.<patch>]) is required")
        limits.check_length(image_id, ID_FIELD, limits.IDENTIFIER_MAX)
        validate_new_image_id(image_id)
        check_catalog_id(image_id, ID_FIELD)
        return image_id

    def columns_for(self, entity_id, spec, row) -> dict:
        columns = {}
        if row is None:
            os_name, version = validate_new_image_id(entity_id)
            columns.update(os=os_name, version=str(version))
            for option in ("url", "features"):
                if spec.get(option) in (None, "", []):
                    raise ValidationError(option, "a new image needs %s" % ("a url" if option == "url" else "at least one feature"))
        columns.update(descriptive_columns(spec, ("name", "description")))
        if spec.get("url") is not None:
            columns["url"] = check_url(spec["url"], "url", URL_SCHEMES)
        if spec.get("checksum") is not None:
            columns["checksum"] = check_checksum(spec["checksum"])
        if spec.get("features") is not None:
            if not isinstance(spec["features"], (list, tuple, dict)):
                raise ValidationError("features", "expected a list of %s, got %r" % (" and ".join(FEATURES), spec["features"]))
            columns["features"] = to_json(normalize_features(spec["features"], require_one=True))
        if spec.get("classification") is not None or row is None:
            columns["classification"] = normalize_classification(spec.get("classification"))
        columns["expires_at"] = self._expiration(spec.get("expiration"), row)
        return columns

    @staticmethod
    def _expiration(value, row) -> str:
        if value in (None, ""):
            return row["expires_at"] if row is not None else format_expiration(utc_today() + DEFAULT_LIFETIME)
        text = format_expiration(parse_expiration(value))
        if row is None or text != row["expires_at"]:
            validate_expiration(parse_expiration(text), datetime.datetime.now(datetime.timezone.utc))
        return text

    def state(self, row) -> dict:
        return {
            "id": row["id"],
            "os": row["os"],
            "version": row["version"],
            "name": row["name"],
            "description": row["description"],
            "url": row["url"],
            "checksum": row["checksum"],
            "features": json.loads(row["features"]),
            "classification": row["classification"],
            "expiration": row["expires_at"],
        }

    def document(self, row) -> dict:
        doc = super().document(row)
        doc["expired"] = parse_expiration(row["expires_at"]) < datetime.datetime.now(datetime.timezone.utc)
        return doc

    def users(self, entity_id) -> list:
        return image_users(self.tx, entity_id)

    # -- queries ---------------------------------------------------------------------------------------------
    def rows_filtered(self, os=None, feature=None, classification=None, ids=None, name=None) -> list:
        rows = self.rows(ids=ids, name=name)
        if os is not None:
            rows = [r for r in rows if r["os"] == os]
        if feature is not None:
            rows = [r for r in rows if feature in json.loads(r["features"])]
        if classification is not None:
            rows = [r for r in rows if r["classification"] == classification]
        return rows

    def resolve(self, image_id: str, classification=None, supported_only: bool = False) -> dict:
        """The image a request for ``image_id`` gets, and why (see the module docstring)."""
        rows = {row["id"]: row for row in self.rows()}
        candidates = [{"id": r["id"], "os": r["os"], "version": r["version"], "classification": r["classification"]}
                      for r in rows.values()]
        if any(candidate["os"] == image_id for candidate in candidates):
            chosen = self._newest_of_os(image_id, candidates, SUPPORTED if supported_only else classification)
        else:
            try:
                chosen = resolve_image(image_id, candidates, classification=classification, implicit_supported_only=supported_only)
            except ValidationError as exc:
                raise ValidationError("resolve", exc.reason) from None
            except NotFoundError as exc:
                raise NotFoundError("resolve: %s" % exc.message) from None
        return {"image": self.document(rows[chosen.image["id"]]), "reason": chosen.reason}

    @staticmethod
    def _newest_of_os(os_name: str, candidates, classification) -> ImageResolution:
        among = " among %s images" % classification if classification else ""
        for image in sort_images(candidates):
            if image["os"] == os_name and (classification is None or image["classification"] == classification):
                return ImageResolution(image, 'image "%s" resolves to "%s": newest %s image%s' % (os_name, image["id"], os_name, among))
        raise NotFoundError("resolve: no %s image for os:%s found" % (classification or "", os_name) if classification
                            else "resolve: no image for os:%s found" % os_name)
