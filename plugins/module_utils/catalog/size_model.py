# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Data model of sizes (machine classes) and their hardware constraints.

Private to the metalfleet.datacenter collection; not a public API.

A size is ``{id, name, description, labels, constraints: [{type, min, max, identifier}]}``.
``type`` is one of ``cores``, ``memory``, ``storage``, ``gpu``.  ``min``/``max`` of
``memory`` and ``storage`` constraints may be given as byte strings (``"512GiB"``).

Public functions::

    constraint_from_dict(data: dict, field: str = "constraints[0]") -> Constraint   # raises ValidationError
    size_from_dict(data: dict) -> Size                                               # raises ValidationError
    Constraint.to_dict() -> {"type", "min", "max", "identifier"}
    Size.to_dict() -> {"id", "name", "description", "labels", "constraints": [...]}
"""
from __future__ import annotations

import dataclasses

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.units import parse_bytes

CORES = "cores"
MEMORY = "memory"
STORAGE = "storage"
GPU = "gpu"
CONSTRAINT_TYPES = (CORES, MEMORY, STORAGE, GPU)
BYTE_CONSTRAINT_TYPES = (MEMORY, STORAGE)
UNKNOWN_SIZE_ID = "unknown"


@dataclasses.dataclass(frozen=True)
class Constraint:
    """One hardware constraint: the matched quantity must lie in ``[min, max]``."""

    type: str
    min: int
    max: int
    identifier: str = ""

    def to_dict(self) -> dict:
        return {"type": self.type, "min": self.min, "max": self.max, "identifier": self.identifier}


@dataclasses.dataclass(frozen=True)
class Size:
    """A machine size; ``constraints`` is a tuple of :class:`Constraint`."""

    id: str
    constraints: tuple = ()
    name: str = ""
    description: str = ""
    labels: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "labels": dict(self.labels),
            "constraints": [constraint.to_dict() for constraint in self.constraints],
        }


def _bound(value, constraint_type: str, field: str) -> int:
    if value is None:
        raise ValidationError(field, "is required")
    if constraint_type in BYTE_CONSTRAINT_TYPES:
        return parse_bytes(value, field)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(field, f"{value!r} is not a non-negative integer")
    return limits.check_int(value, field, *limits.COUNT_RANGE)


def constraint_from_dict(data: dict, field: str = "constraints[0]") -> Constraint:
    """Build a constraint from a mapping; checks the type and the shape of the values only."""
    if isinstance(data, Constraint):
        return data
    if not isinstance(data, dict):
        raise ValidationError(field, f"expected a mapping, got {type(data).__name__}")
    constraint_type = data.get("type")
    if constraint_type not in CONSTRAINT_TYPES:
        raise ValidationError(f"{field}.type", f"{constraint_type!r} is not one of {', '.join(CONSTRAINT_TYPES)}")
    identifier = data.get("identifier") or ""
    if not isinstance(identifier, str):
        raise ValidationError(f"{field}.identifier", f"{identifier!r} is not a string")
    limits.check_text(identifier, f"{field}.identifier", limits.NAME_MAX)
    return Constraint(
        type=constraint_type,
        min=_bound(data.get("min"), constraint_type, f"{field}.min"),
        max=_bound(data.get("max"), constraint_type, f"{field}.max"),
        identifier=identifier,
    )


def size_from_dict(data: dict) -> Size:
    """Build a size from a mapping (``id`` may be empty; validation is a separate step)."""
    if isinstance(data, Size):
        return data
    if not isinstance(data, dict):
        raise ValidationError("size", f"expected a mapping, got {type(data).__name__}")
    constraints = data.get("constraints") or []
    if not isinstance(constraints, (list, tuple)):
        raise ValidationError("constraints", "expected a list")
    return Size(
        id=str(data.get("id") or ""),
        constraints=tuple(constraint_from_dict(item, f"constraints[{index}]") for index, item in enumerate(constraints)),
        name=data.get("name") or "",
        description=data.get("description") or "",
        labels=dict(data.get("labels") or {}),
    )
