# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for machines.status (the normalized machine view)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.status import MachineStatus, normalize_word


@pytest.mark.parametrize("raw, normalized", [
    ("Phoned Home", "phoned_home"),
    ("  Waiting ", "waiting"),
    ("RESERVED", "reserved"),
    ("planned-reboot", "planned_reboot"),
    (None, ""),
    ("", ""),
])
def test_normalize_word(raw, normalized):
    assert normalize_word(raw) == normalized


def test_view_normalizes_words_and_empties():
    status = MachineStatus(id="m1", partition=None, size=None, hold="LOCKED", liveliness="Alive",
                           last_event="Phoned Home", bmc_address=None, extra_issues=["x"])
    assert (status.partition, status.size, status.hold, status.liveliness, status.last_event) == ("", "", "locked", "alive", "phoned_home")
    assert status.bmc_address == ""
    assert status.extra_issues == ("x",)
    assert status.size_or_unknown == "unknown"


def test_missing_liveliness_stays_none():
    assert MachineStatus(id="m1", liveliness=None).liveliness is None


@pytest.mark.parametrize("fields, allocatable", [
    ({"waiting": True}, True),
    ({"waiting": False}, False),
    ({"waiting": True, "preallocated": True}, False),
    ({"waiting": True, "hold": "reserved"}, False),
    ({"waiting": True, "liveliness": "Dead"}, False),
    ({"waiting": True, "liveliness": None}, False),
    ({"waiting": True, "project": "p"}, False),
])
def test_allocatable(fields, allocatable):
    assert MachineStatus(id="m1", **fields).allocatable is allocatable


def test_empty_project_still_counts_as_allocated():
    assert MachineStatus(id="m1", project="").allocated
    assert not MachineStatus(id="m1").allocated
