# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the size overlap rule."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import Constraint, Size
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_overlap import (
    check_no_overlap,
    constraints_overlap,
    find_overlapping_size,
    sizes_overlap,
)

MICRO = Size("micro", (Constraint("cores", 1, 1), Constraint("memory", 1024, 1024), Constraint("storage", 0, 1024)))
WIDER = Size("wider", (Constraint("cores", 1, 1), Constraint("memory", 1024, 1024), Constraint("storage", 0, 2048)))
GPU = Size("gpu", (Constraint("cores", 1, 1), Constraint("memory", 1024, 1024), Constraint("gpu", 1, 1, "a")))
TWO_GPUS = Size("two", (Constraint("cores", 1, 1), Constraint("memory", 1024, 1024), Constraint("gpu", 1, 1, "a"), Constraint("gpu", 2, 2, "b")))
EMPTY = Size("empty", ())


def test_constraint_overlap_needs_same_type_identifier_and_range():
    assert constraints_overlap(Constraint("cores", 0, 4, "a"), Constraint("cores", 3, 5, "a"))
    assert not constraints_overlap(Constraint("cores", 0, 2, "a"), Constraint("cores", 3, 4, "a"))
    assert not constraints_overlap(Constraint("cores", 0, 4, "a"), Constraint("cores", 0, 4, "b"))
    assert not constraints_overlap(Constraint("cores", 0, 4), Constraint("gpu", 0, 4))


def test_sizes_overlap_symmetrically():
    assert sizes_overlap(MICRO, WIDER) and sizes_overlap(WIDER, MICRO)


def test_different_type_sets_never_overlap():
    assert not sizes_overlap(MICRO, GPU)
    assert not sizes_overlap(GPU, MICRO)


def test_every_pair_of_a_type_must_overlap():
    # reference quirk: the (a, b) gpu pair differs, so these are "disjoint"
    assert not sizes_overlap(GPU, TWO_GPUS)


@pytest.mark.parametrize("empty_overlaps", [False, True])
def test_empty_size_flavours(empty_overlaps):
    assert sizes_overlap(EMPTY, MICRO, empty_overlaps) is empty_overlaps
    assert sizes_overlap(MICRO, EMPTY, empty_overlaps) is empty_overlaps


def test_list_check_skips_the_same_id_and_names_both_sizes():
    assert find_overlapping_size(MICRO, [MICRO, GPU]) is None
    assert find_overlapping_size(MICRO, [GPU, WIDER]) is WIDER
    with pytest.raises(ConflictError) as info:
        check_no_overlap(MICRO, [GPU, WIDER])
    assert info.value.message == 'size "micro" overlaps with "wider"'
    check_no_overlap(MICRO, [GPU])
