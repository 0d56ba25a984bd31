# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for machines.issues (machine issue detection)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.issues import (
    BMC_INFO_MAX_AGE_SECONDS,
    find_issues,
    shared_bmc_addresses,
)


def test_healthy_machine_has_no_issue(make_status, now):
    assert find_issues([make_status("1"), make_status("2", project="p", last_event="Phoned Home")], now=now) == {}


@pytest.mark.parametrize("fields, issues", [
    ({"liveliness": None}, ["no-event-container"]),
    ({"liveliness": None, "partition": "", "bmc_address": ""}, ["no-event-container"]),
    ({"partition": ""}, ["no-partition"]),
    ({"liveliness": "Dead"}, ["liveliness-dead"]),
    ({"liveliness": "Unknown"}, ["liveliness-unknown"]),
    ({"liveliness": ""}, ["liveliness-not-available"]),
    ({"last_event": "Phoned Home"}, ["failed-machine-reclaim"]),
    ({"failed_reclaim": True, "project": "p"}, ["failed-machine-reclaim"]),
    ({"crash_loop": True, "last_event": "Crashed"}, ["crashloop"]),
    ({"crash_loop": True, "last_event": "Waiting"}, []),
    ({"bmc_mac": ""}, ["bmc-without-mac"]),
    ({"bmc_address": ""}, ["bmc-without-ip"]),
    ({"bmc_updated": None}, ["bmc-info-outdated"]),
    ({"extra_issues": ("marked-faulty",)}, ["marked-faulty"]),
    ({"liveliness": "Dead", "bmc_address": "", "extra_issues": ("liveliness-dead",)}, ["liveliness-dead", "bmc-without-ip"]),
])
def test_single_rules(make_status, now, fields, issues):
    found = find_issues([make_status("1", **fields)], now=now)
    assert found.get("1", []) == issues


def test_bmc_age_limit_is_exclusive(make_status, now):
    fresh = make_status("1", bmc_updated=now - BMC_INFO_MAX_AGE_SECONDS)
    stale = make_status("2", bmc_updated=now - BMC_INFO_MAX_AGE_SECONDS - 1)
    assert find_issues([fresh, stale], now=now) == {"2": ["bmc-info-outdated"]}


def test_shared_bmc_address_marks_every_sharer(make_status, now):
    machines = [
        make_status("1", bmc_address="10.0.0.1"),
        make_status("2", bmc_address="10.0.0.1", size="other-size"),
        make_status("3", bmc_address="10.0.0.3"),
        make_status("4", bmc_address="", liveliness=None),
    ]
    assert shared_bmc_addresses(machines) == frozenset({"10.0.0.1"})
    assert find_issues(machines, now=now) == {"1": ["bmc-no-distinct-ip"], "2": ["bmc-no-distinct-ip"], "4": ["no-event-container"]}


def test_same_machine_listed_twice_does_not_share_with_itself(make_status):
    status = make_status("1", bmc_address="10.0.0.1")
    assert shared_bmc_addresses([status, status]) == frozenset()


def test_machine_without_event_record_still_blocks_its_bmc_address(make_status, now):
    machines = [make_status("1", bmc_address="10.0.0.1"), make_status("2", bmc_address="10.0.0.1", liveliness=None)]
    assert find_issues(machines, now=now) == {"1": ["bmc-no-distinct-ip"], "2": ["no-event-container"]}


def test_omit(make_status, now):
    machines = [make_status("1", liveliness="Dead", bmc_address="")]
    assert find_issues(machines, now=now, omit=["liveliness-dead"]) == {"1": ["bmc-without-ip"]}
