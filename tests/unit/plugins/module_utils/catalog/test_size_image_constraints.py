# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of size-image constraints."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_image_constraints import (
    check_size_image_constraint,
    size_image_problem,
    validate_size_image_constraint,
)

CONSTRAINTS = [{"id": "n1", "images": {"firewall": ">= 2.0.20211001", "ubuntu": "*"}}]


@pytest.mark.parametrize("images", [{"firewall": ">= 2.0.20211001", "debian": ">= 10.0"}, {"debian": "*"}, {"debian": "10.0.1"}, {}])
def test_valid_mappings(images):
    validate_size_image_constraint(images)


@pytest.mark.parametrize("images, fragment", [
    ({"*": ">= 1.0"}, "just '*' is not allowed"),
    ({"debian": "% 2"}, "op:% is not supported"),
    ({"debian": ">= ten"}, "given version:ten is not valid"),
    ({"debian": ">=10"}, "given version:>=10 is not valid"),
    ({"debian": 10}, "is not a string"),
])
def test_invalid_mappings(images, fragment):
    with pytest.raises(ValidationError) as info:
        validate_size_image_constraint(images)
    assert fragment in info.value.message


def test_unconstrained_size_or_os_is_allowed():
    assert size_image_problem(CONSTRAINTS, "c1", {"id": "firewall-1.0.1"}) is None
    assert size_image_problem(CONSTRAINTS, "n1", {"id": "debian-1.0.1"}) is None
    assert size_image_problem(CONSTRAINTS, "n1", {"id": "ubuntu-1.0.1"}) is None


def test_violations():
    assert size_image_problem(CONSTRAINTS, "n1", {"id": "firewall-2", "os": "firewall", "version": "2"}) == "no patch version given"
    problem = size_image_problem(CONSTRAINTS, "n1", {"id": "firewall-2.0.20201101", "os": "firewall", "version": "2.0.20201101"})
    assert problem == "given size:n1 with image:firewall-2.0.20201101 does violate image constraint:firewall >=2.0.20211001"
    with pytest.raises(ValidationError):
        check_size_image_constraint(CONSTRAINTS, "n1", {"id": "firewall-2.0.20201101"})
    check_size_image_constraint(CONSTRAINTS, "n1", {"id": "firewall-2.0.20211101"})
