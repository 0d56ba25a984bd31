# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Overlap detection between sizes (the reference's conservative pairwise rule).

Private to the metalfleet.datacenter collection; not a public API.

Two sizes overlap iff both have constraints, their sets of constraint types are
identical and, for every type, *every* pair of constraints of that type has the
same identifier string (literal comparison, globs are not intersected) and
intersecting ``[min, max]`` ranges.  A size without constraints overlaps nothing
in v1 (metal-api, the default) and everything in v2 (``empty_overlaps=True``).

Public functions::

    constraints_overlap(this: Constraint, other: Constraint) -> bool
    sizes_overlap(this: Size, other: Size, empty_overlaps: bool = False) -> bool
    find_overlapping_size(size: Size, existing, empty_overlaps: bool = False) -> Size | None   # skips same id
    check_no_overlap(size: Size, existing, empty_overlaps: bool = False) -> None
        # raises ConflictError 'size "<id>" overlaps with "<other>"'
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import Size


def constraints_overlap(this, other) -> bool:
    """Same type, same literal identifier and intersecting ranges."""
    return (this.type == other.type and this.identifier == other.identifier
            and this.min <= other.max and this.max >= other.min)


def _by_type(size: Size) -> dict:
    grouped: dict = {}
    for constraint in size.constraints:
        grouped.setdefault(constraint.type, []).append(constraint)
    return grouped


def sizes_overlap(this: Size, other: Size, empty_overlaps: bool = False) -> bool:
    """Apply the reference overlap rule to two sizes."""
    if not this.constraints or not other.constraints:
        return empty_overlaps
    mine, theirs = _by_type(this), _by_type(other)
    if mine.keys() != theirs.keys():
        return False
    return all(
        constraints_overlap(a, b)
        for constraint_type, constraints in mine.items()
        for a in constraints
        for b in theirs[constraint_type]
    )


def find_overlapping_size(size: Size, existing, empty_overlaps: bool = False):
    """Return the first size of ``existing`` (other id) that overlaps ``size``, else None."""
    for other in existing:
        if other.id != size.id and sizes_overlap(size, other, empty_overlaps):
            return other
    return None


def check_no_overlap(size: Size, existing, empty_overlaps: bool = False) -> None:
    """Raise ConflictError naming both sizes when ``size`` overlaps an existing one."""
    other = find_overlapping_size(size, existing, empty_overlaps)
    if other is not None:
        raise ConflictError(f'size "{size.id}" overlaps with "{other.id}"')
