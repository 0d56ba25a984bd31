# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""provisioning.liveliness (with a fake clock) and provisioning.boot_decision (every row of the table)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import boot_decision as bd
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import (
    DEAD_AFTER,
    dead_cutoff,
    from_iso,
    liveliness,
    to_iso,
)

T0 = 1_900_000_000.0
PARTITION = {"id": "fra-1", "boot_kernel_url": "http://boot/k", "boot_initrd_url": "http://boot/i", "boot_command_line": "console=ttyS0"}


@pytest.mark.parametrize("age, allocated, expected", [
    (0, False, "Alive"), (DEAD_AFTER, False, "Alive"), (DEAD_AFTER + 1, False, "Dead"),
    (0, True, "Alive"), (DEAD_AFTER, True, "Alive"), (DEAD_AFTER + 1, True, "Unknown"), (86400, True, "Unknown"),
])
def test_liveliness_ages_with_the_clock(age, allocated, expected):
    assert liveliness(T0, allocated, T0 + age) == expected


def test_no_event_means_no_liveliness():
    assert liveliness(None, False, T0) is None


def test_times_round_trip_and_the_cutoff_sorts_as_text():
    assert from_iso(to_iso(T0 + 0.25)) == T0 + 0.25
    assert to_iso(T0 - DEAD_AFTER - 1) < dead_cutoff(T0) <= to_iso(T0 - DEAD_AFTER)


def machine(project=None, netboot=True, hold=""):
    return {"id": "m1", "project": project, "netboot_allowed": netboot, "hold": hold}


@pytest.mark.parametrize("row, mode", [
    (None, "discovery"),                                        # unknown machine
    (machine(), "discovery"),                                   # registered, not allocated
    (machine(netboot=False), "discovery"),                      # free (netboot only matters once allocated)
    (machine(project="shop"), "install"),                       # allocated, not installed yet
    (machine(project="shop", netboot=False), "local"),          # installed
    (machine(hold="reserved"), "local"),                        # held
    (machine(project="shop", hold="locked"), "local"),          # held while allocated
])
def test_decision_table(row, mode):
    decision = bd.decide(row, PARTITION)
    assert decision.mode == mode and decision.partition == "fra-1"
    assert decision.machine_id == (None if row is None else "m1")
    assert (decision.kernel_url, decision.initrd_url) == ("http://boot/k", "http://boot/i")
    expected_command_line = "console=ttyS0 metalfleet.mode=install" if mode == "install" else "console=ttyS0"
    assert decision.command_line == expected_command_line
    assert decision.as_dict()["mode"] == mode
