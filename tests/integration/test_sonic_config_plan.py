# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.sonic_config_plan through ansible-playbook: none / load / reload, metal-core's rows left alone.

The module only compares two documents (no store, no switch), so one store-less play covers it; check mode must give
the same plan, because the module changes nothing anywhere.
"""
from __future__ import annotations

import copy

import pytest

from tests.support.playbook import play, run_playbook

pytestmark = pytest.mark.playbook

PLAN = "metalfleet.datacenter.sonic_config_plan"
DESIRED = {
    "DEVICE_METADATA": {"localhost": {"hostname": "leaf01", "hwsku": "Accton-AS7726-32X"}},
    "VLAN": {"Vlan4000": {"vlanid": "4000"}},
    "LOOPBACK_INTERFACE": {"Loopback0": {}, "Loopback0|10.0.0.11/32": {}},
}
# what metal-core added at runtime: a tenant VRF and a dynamic VLAN; never ours to remove
METAL_CORE = {"VRF": {"Vrf104001": {"vni": "104001"}}, "VLAN": {"Vlan1001": {"vlanid": "1001"}}}


def running_with(*extra):
    running = copy.deepcopy(DESIRED)
    for tables in extra:
        for table, rows in tables.items():
            running.setdefault(table, {}).update(copy.deepcopy(rows))
    return running


def plan_task(title, running, desired=None, **extra):
    options = {"running": running, "desired": desired or DESIRED}
    options.update(extra)
    return {"name": title, PLAN: options}


def test_plans_none_load_and_reload(tmp_path):
    smaller = copy.deepcopy(DESIRED)
    del smaller["VLAN"]
    grown = copy.deepcopy(DESIRED)
    grown["VLAN"]["Vlan4001"] = {"vlanid": "4001"}
    tasks = [
        plan_task("same", running_with(METAL_CORE)),
        plan_task("addition", running_with(METAL_CORE), desired=grown),
        plan_task("removal", running_with(METAL_CORE), desired=smaller),
        plan_task("bad", running_with(), dynamic_vlans=[5]),
    ]
    tasks[-1]["ignore_errors"] = True
    results = {}
    for check in (True, False):
        run = run_playbook(play(tasks), "", str(tmp_path / ("check" if check else "real")), check=check, diff=True)
        assert run.returncode == 0, run.stdout[-3000:]
        results[check] = {name: run.task(name) for name in ("same", "addition", "removal", "bad")}
    for check, outcome in results.items():
        same, addition, removal = (outcome[name]["result"] for name in ("same", "addition", "removal"))
        assert same["action"] == "none" and same["changed"] is False
        assert same["foreign"], "metal-core's rows are counted as left alone"
        assert addition["action"] == "load" and addition["changed"] is True
        assert addition["load_config"] == {"VLAN": {"Vlan4001": {"vlanid": "4001"}}}
        assert removal["action"] == "reload" and "VLAN|Vlan4000" in removal["removed"]
        assert not any("Vlan1001" in row or "Vrf104001" in row for row in removal["removed"]), "metal-core's rows are never removed"
        assert addition.get("diff"), "--diff shows the planned change"
        bad = outcome["bad"]
        assert bad["status"] == "ignored" and bad["result"]["msg"].startswith("dynamic_vlans:")
    for name in ("same", "addition", "removal"):
        assert results[True][name]["result"]["load_config"] == results[False][name]["result"]["load_config"], name
