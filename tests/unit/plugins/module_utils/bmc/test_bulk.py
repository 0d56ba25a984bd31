# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bulk runs over many real ipmi_sim BMCs, one of them dead."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.bulk import run_bulk
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget

SLACK = 1.5


def targets_for(instances, **overrides):
    params = {"driver": "ipmi", "timeout": 1.0, "retries": 1}
    params.update(overrides)
    return [BmcTarget(host=bmc.host, port=bmc.port, username=bmc.username, password=bmc.password, name=bmc.name, **params)
            for bmc in instances]


@pytest.mark.slow
def test_twenty_bmcs_one_dead(ipmisim_factory):
    instances = ipmisim_factory(20)
    dead = instances[7]
    dead.stop()
    targets = targets_for(instances)
    results = run_bulk(targets, "inventory", workers=8)
    assert [result["target"] for result in results] == [bmc.name for bmc in instances]
    failed = [result for result in results if not result["ok"]]
    assert [result["target"] for result in failed] == [dead.name]
    assert failed[0]["error_kind"] == "timeout" and failed[0]["result"] is None
    assert failed[0]["elapsed"] < targets[7].worst_case_seconds() + SLACK
    # every live BMC answered with its own FRU serial: no session crossed over to another target
    for bmc, result in zip(instances, results):
        if bmc is not dead:
            assert result["ok"] and result["error"] is None and result["result"]["serial"] == bmc.serial


def test_bulk_power_on(ipmisim_factory):
    instances = ipmisim_factory(3)
    results = run_bulk(targets_for(instances), "set_power", args=("on",), workers=3)
    assert all(result["ok"] and result["result"]["state"] == "on" for result in results)
    assert [bmc.power for bmc in instances] == ["on", "on", "on"]


def test_bulk_reports_authentication_per_target(ipmisim_factory):
    good, bad = ipmisim_factory(2)
    targets = targets_for([good]) + [BmcTarget(host=bad.host, port=bad.port, username=bad.username, password="wrong",
                                               driver="ipmi", timeout=1.0, name=bad.name)]
    results = run_bulk(targets, lambda driver: driver.power_state(), workers=2)
    assert [(result["ok"], result["error_kind"]) for result in results] == [(True, None), (False, "authentication")]


@pytest.mark.parametrize("operation, workers", [("format_disks", 4), ("inventory", 0), ("inventory", 65)])
def test_bulk_rejects_bad_arguments(operation, workers):
    with pytest.raises(ValidationError):
        run_bulk([BmcTarget(host="bmc1")], operation, workers=workers)
