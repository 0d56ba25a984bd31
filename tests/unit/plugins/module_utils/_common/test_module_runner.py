# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import actor_name, build_diff
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import Change


def test_diff_keeps_first_before_and_last_after_per_entity():
    changes = [
        Change("network", "fra/a", "create", None, {"name": "a", "v": 1}),
        Change("network", "fra/a", "update", {"name": "a", "v": 1}, {"name": "a", "v": 2}),
        Change("ip", "fra/a/10.0.0.1", "acquire", None, {"address": "10.0.0.1"}),
        Change("ip", "fra/a/10.0.0.1", "release", {"address": "10.0.0.1"}, None),
        Change("machine", "m", "update", {"bmc": {"password": "old"}}, {"bmc": {"password": "new"}}),
    ]
    diff = build_diff(changes)
    assert diff["before"] == {"machine m": {"bmc": {"password": "********"}}}
    assert diff["after"] == {"network fra/a": {"name": "a", "v": 2}, "machine m": {"bmc": {"password": "********"}}}


def test_actor_from_environment(monkeypatch):
    monkeypatch.setenv("METALFLEET_ACTOR", "awx-job-7")
    assert actor_name() == "awx-job-7"
    monkeypatch.delenv("METALFLEET_ACTOR")
    assert actor_name()
