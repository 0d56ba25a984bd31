# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of size suggestion."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import match_size
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_suggest import (
    longest_common_prefix,
    suggest_constraints,
)

GPU_MODEL = "AD102GL [RTX 6000 Ada Generation]"
HARDWARE = {
    "memory": 1073741824,
    "cpus": [{"model": "Intel Xeon Silver", "cores": 8, "threads": 8}],
    "gpus": [{"vendor": "NVIDIA", "model": GPU_MODEL}, {"vendor": "NVIDIA", "model": "H100"}, {"vendor": "NVIDIA", "model": "H100"}],
    "disks": [{"name": "/dev/nvme0n1", "size": 1000}, {"name": "/dev/nvme1n1", "size": 1000}],
}


@pytest.mark.parametrize("strings, pattern", [
    (None, ""), ([], ""), (["foo", "foo"], "foo"), (["foo", "foobar", "foo"], "foo*"), (["abc", "xyz"], "*"), (["a[1]", "a[2]"], "a[*"),
])
def test_longest_common_prefix_like_reference(strings, pattern):
    assert longest_common_prefix(strings) == pattern


def test_raw_suggestion_like_reference():
    assert suggest_constraints(HARDWARE, escape=False) == [
        {"type": "cores", "min": 8, "max": 8, "identifier": "Intel Xeon Silver"},
        {"type": "memory", "min": 1073741824, "max": 1073741824, "identifier": ""},
        {"type": "storage", "min": 2000, "max": 2000, "identifier": "/dev/nvme*"},
        {"type": "gpu", "min": 1, "max": 1, "identifier": GPU_MODEL},
        {"type": "gpu", "min": 2, "max": 2, "identifier": "H100"},
    ]


def test_escaped_suggestion_matches_its_own_machine():
    constraints = suggest_constraints(HARDWARE)
    assert constraints[3]["identifier"] == "AD102GL \\[RTX 6000 Ada Generation]"
    assert match_size([{"id": "suggested", "constraints": constraints}], HARDWARE).size_id == "suggested"
    raw = suggest_constraints(HARDWARE, escape=False)
    assert match_size([{"id": "raw", "constraints": raw}], HARDWARE).size_id == "unknown"


def test_disks_in_different_directories_fall_back_to_the_empty_identifier():
    hardware = dict(HARDWARE, disks=[{"name": "/dev/sda", "size": 1}, {"name": "/dev/disk/by-id/x", "size": 2}], gpus=[])
    storage = suggest_constraints(hardware)[2]
    assert storage == {"type": "storage", "min": 3, "max": 3, "identifier": ""}
    assert match_size([{"id": "s", "constraints": suggest_constraints(hardware)}], hardware).size_id == "s"


def test_diskless_machine_gets_a_zero_storage_constraint():
    hardware = dict(HARDWARE, disks=[], gpus=[])
    assert suggest_constraints(hardware)[2] == {"type": "storage", "min": 0, "max": 0, "identifier": ""}
