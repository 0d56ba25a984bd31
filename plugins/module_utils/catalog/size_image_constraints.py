# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Size-image constraints: which image versions may be installed on a size.

Private to the metalfleet.datacenter collection; not a public API.

A constraint is ``{"id": <size id>, "images": {<os>: <semver constraint>}}``.
Sizes without a constraint accept every image; images of other operating systems
are unaffected.  For a constrained OS the image version must parse, must have a
patch (``no patch version given`` otherwise) and must satisfy the constraint, else
``given size:<size> with image:<os>-<version> does violate image constraint:<os> <constraint>``.

Validation: the OS ``*`` is refused; a version ``*`` is allowed; otherwise the
value is ``<op> <version>`` (op one of ``= != > < >= => <= =< ~ ~> ^``, separated
by a space) or a bare version.

Public functions::

    validate_size_image_constraint(images: dict) -> None                     # raises ValidationError
    size_image_problem(size_image_constraints, size_id: str, image: dict) -> str | None
    check_size_image_constraint(size_image_constraints, size_id: str, image: dict) -> None   # raises ValidationError
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_resolution import image_os_version
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.semver import (
    InvalidVersionError,
    parse_constraint,
    try_parse_version,
)

OPERATORS = ("=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^")


def validate_size_image_constraint(images: dict) -> None:
    """Check the ``{os: constraint}`` mapping of one size-image constraint."""
    if not isinstance(images, dict):
        raise ValidationError("images", "expected a mapping of operating system to version constraint")
    for os_name, constraint in images.items():
        field = f"images.{os_name}"
        if os_name == "*":
            raise ValidationError("images", "just '*' is not allowed as image os constraint")
        if not isinstance(constraint, str):
            raise ValidationError(field, f"{constraint!r} is not a string")
        if constraint.strip() == "*":
            continue
        operator, separator, version_text = constraint.partition(" ")
        if not separator:
            operator, version_text = "", constraint
        if separator and operator not in OPERATORS:
            raise ValidationError(field, f"given imageconstraint op:{operator} is not supported")
        if try_parse_version(version_text) is None:
            raise ValidationError(field, f"given version:{version_text} is not valid")


def _constraint_for(size_image_constraints, size_id: str):
    for entry in size_image_constraints or ():
        if entry.get("id") == size_id:
            return entry
    return None


def size_image_problem(size_image_constraints, size_id: str, image: dict):
    """Return the reason why the image may not be installed on the size, or None."""
    entry = _constraint_for(size_image_constraints, size_id)
    if entry is None:
        return None
    os_name, version = image_os_version(image)
    constraint_text = (entry.get("images") or {}).get(os_name)
    if constraint_text is None:
        return None
    if version is None:
        return f"version of image {image.get('id')} is invalid"
    if version.patch == 0:
        return "no patch version given"
    try:
        constraint = parse_constraint(constraint_text)
    except InvalidVersionError as error:
        return f"versionconstraint {constraint_text} is invalid: {error}"
    if not constraint.check(version):
        raw_version = image.get("version") or str(version)
        return f"given size:{size_id} with image:{os_name}-{raw_version} does violate image constraint:{os_name} {constraint}"
    return None


def check_size_image_constraint(size_image_constraints, size_id: str, image: dict) -> None:
    """Raise ValidationError when the size's image constraint refuses the image."""
    problem = size_image_problem(size_image_constraints, size_id, image)
    if problem:
        raise ValidationError("image", problem)
