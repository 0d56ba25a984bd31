# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of size validation messages (v1 and v2 flavours)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import Constraint, Size
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_validation import (
    constraint_problem,
    size_problems,
    size_validation_message,
    validate_size,
)


@pytest.mark.parametrize("constraint, problem", [
    (Constraint("cores", 8, 2), "max is smaller than min"),
    (Constraint("storage", 1, 2, "]["), "identifier is malformed: syntax error in pattern"),
    (Constraint("gpu", 1, 2), "for gpu constraints an identifier is required"),
    (Constraint("memory", 1, 2, "Kingston"), "for memory constraints an identifier is not allowed"),
    (Constraint("memory", 5, 2, "["), "max is smaller than min"),
    (Constraint("gpu", 1, 1, "H100*"), None),
])
def test_first_problem_per_constraint(constraint, problem):
    assert constraint_problem(constraint) == problem


def test_all_problems_are_joined_and_wrapped_for_v1():
    constraints = [Constraint("cores", 1, 1), Constraint("gpu", 2, 1, "A*"), Constraint("cores", 2, 2), Constraint("memory", 1, 1, "x")]
    message = size_validation_message("s1", constraints, "v1")
    assert message == (
        'size "s1" is invalid: constraint at index 1 is invalid: max is smaller than min\n'
        'constraint at index 2 is invalid: type duplicates are not allowed for type "cores"\n'
        "constraint at index 3 is invalid: for memory constraints an identifier is not allowed"
    )


def test_v2_uses_enum_names_and_no_wrapper():
    problems = size_problems([Constraint("memory", 1, 1), Constraint("memory", 2, 2)], "v2")
    assert problems == ['constraint at index 1 is invalid: type duplicates are not allowed for type "SIZE_CONSTRAINT_TYPE_MEMORY"']


def test_multiple_storage_and_gpu_constraints_are_fine():
    constraints = [Constraint("storage", 1, 2, "/dev/sd*"), Constraint("storage", 1, 2, "/dev/nvme*"),
                   Constraint("gpu", 1, 1, "A*"), Constraint("gpu", 1, 1, "B*")]
    assert size_validation_message("ok", constraints) is None


@pytest.mark.parametrize("size_id", ["", "unknown"])
def test_reserved_and_empty_ids_are_refused(size_id):
    with pytest.raises(ValidationError) as info:
        validate_size(Size(size_id, (Constraint("memory", 1, 1),)))
    assert info.value.field == "id"


def test_validate_size_raises_with_the_reference_text():
    with pytest.raises(ValidationError) as info:
        validate_size(Size("s", (Constraint("cores", 3, 1),)))
    assert info.value.field == "constraints"
    assert 'size "s" is invalid: constraint at index 0 is invalid: max is smaller than min' in info.value.message


def test_unknown_api_flavour_is_refused():
    with pytest.raises(ValidationError):
        size_problems([], "v3")
