# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validation of sizes before they are created or updated.

Private to the metalfleet.datacenter collection; not a public API.

Per constraint (first failing check wins, like the reference):
``max is smaller than min``; ``identifier is malformed: syntax error in pattern``;
``for gpu constraints an identifier is required``; ``for memory constraints an
identifier is not allowed``.  Independently, a second ``cores`` or ``memory``
constraint gives ``type duplicates are not allowed for type "cores"``.  Every problem
is reported as ``constraint at index <i> is invalid: <problem>``, all problems are
joined with newlines.  ``api="v1"`` wraps the text in ``size "<id>" is invalid: ...``
(metal-api), ``api="v2"`` prints enum type names and no wrapper (metal-apiserver).

Public functions::

    constraint_problem(constraint: Constraint) -> str | None
    size_problems(constraints, api: str = "v1") -> list[str]
    size_validation_message(size_id: str, constraints, api: str = "v1") -> str | None
    validate_size_id(size_id: str) -> None            # raises ValidationError (empty, "unknown")
    validate_size(size: Size, api: str = "v1") -> None  # raises ValidationError(field="constraints")
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.goglob import is_valid_glob
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import (
    CORES,
    GPU,
    MEMORY,
    UNKNOWN_SIZE_ID,
    Constraint,
    Size,
)

API_VERSIONS = ("v1", "v2")
UNIQUE_CONSTRAINT_TYPES = (CORES, MEMORY)


def _type_name(constraint_type: str, api: str) -> str:
    return f"SIZE_CONSTRAINT_TYPE_{constraint_type.upper()}" if api == "v2" else constraint_type


def constraint_problem(constraint: Constraint) -> str | None:
    """Return the first problem of a single constraint, or None."""
    if constraint.max < constraint.min:
        return "max is smaller than min"
    if not is_valid_glob(constraint.identifier):
        return "identifier is malformed: syntax error in pattern"
    if constraint.type == GPU and not constraint.identifier:
        return "for gpu constraints an identifier is required"
    if constraint.type == MEMORY and constraint.identifier:
        return "for memory constraints an identifier is not allowed"
    return None


def size_problems(constraints, api: str = "v1") -> list[str]:
    """Return every problem of a constraint list, each prefixed with its index."""
    if api not in API_VERSIONS:
        raise ValidationError("api", f"{api!r} is not one of {', '.join(API_VERSIONS)}")
    problems = []
    seen_types: dict[str, int] = {}
    for index, constraint in enumerate(constraints):
        seen_types[constraint.type] = seen_types.get(constraint.type, 0) + 1
        problem = constraint_problem(constraint)
        if problem:
            problems.append(f"constraint at index {index} is invalid: {problem}")
        if constraint.type in UNIQUE_CONSTRAINT_TYPES and seen_types[constraint.type] > 1:
            problems.append(
                f'constraint at index {index} is invalid: type duplicates are not allowed for type "{_type_name(constraint.type, api)}"'
            )
    return problems


def size_validation_message(size_id: str, constraints, api: str = "v1") -> str | None:
    """Return the reference error text for the constraints, or None when they are valid."""
    problems = size_problems(constraints, api)
    if not problems:
        return None
    joined = "\n".join(problems)
    return f'size "{size_id}" is invalid: {joined}' if api == "v1" else joined


def validate_size_id(size_id: str) -> None:
    """Refuse an empty id and the reserved id ``unknown`` (given to unmatched machines)."""
    if not size_id:
        raise ValidationError("id", "a size id must not be empty")
    if size_id == UNKNOWN_SIZE_ID:
        raise ValidationError("id", f'"{UNKNOWN_SIZE_ID}" is reserved for machines that match no size')


def validate_size(size: Size, api: str = "v1") -> None:
    """Raise ValidationError when the size id or its constraints are invalid."""
    validate_size_id(size.id)
    message = size_validation_message(size.id, size.constraints, api)
    if message:
        raise ValidationError("constraints", message)
