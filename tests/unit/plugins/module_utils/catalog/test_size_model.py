# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the size/constraint data model."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import (
    Constraint,
    constraint_from_dict,
    size_from_dict,
)


def test_byte_bounds_accept_human_sizes():
    constraint = constraint_from_dict({"type": "memory", "min": "256GiB", "max": "300 GB"})
    assert constraint == Constraint("memory", 256 * 2 ** 30, 300 * 10 ** 9, "")


def test_cores_bounds_must_be_integers():
    with pytest.raises(ValidationError) as info:
        constraint_from_dict({"type": "cores", "min": "8", "max": 8}, "constraints[2]")
    assert info.value.field == "constraints[2].min"


@pytest.mark.parametrize("data, field", [
    ({"type": "disk", "min": 1, "max": 2}, "constraints[0].type"),
    ({"type": "gpu", "min": 1}, "constraints[0].max"),
    ({"type": "gpu", "min": 1, "max": 1, "identifier": 5}, "constraints[0].identifier"),
])
def test_bad_constraints_name_the_field(data, field):
    with pytest.raises(ValidationError) as info:
        constraint_from_dict(data)
    assert info.value.field == field


def test_size_round_trip():
    data = {"id": "c1", "name": "C1", "description": "d", "labels": {"a": "b"},
            "constraints": [{"type": "gpu", "min": 1, "max": 2, "identifier": "H100*"}]}
    size = size_from_dict(data)
    assert size.to_dict() == data
    assert size_from_dict(size) is size


def test_size_constraints_must_be_a_list():
    with pytest.raises(ValidationError):
        size_from_dict({"id": "x", "constraints": "cores"})
