# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Protocol-neutral helpers of the driver interface."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.base import BmcDriver, boot_request, parse_identify, plan_power, worst_health


@pytest.mark.parametrize("given, expected", [
    ("on", (True, None)), ("OFF", (False, None)), (True, (True, None)), (15, (True, 15)), ("30", (True, 30)), (0, (False, None)),
])
def test_parse_identify(given, expected):
    assert parse_identify(given) == expected


@pytest.mark.parametrize("given", ["blink", 256, -1, None])
def test_parse_identify_rejects(given):
    with pytest.raises(ValidationError):
        parse_identify(given)


def test_worst_health():
    assert worst_health([]) == "ok"
    assert worst_health(["ok", "critical", "warning"]) == "critical"
    assert worst_health(["ok", "strange"]) == "warning"


def test_driver_interface_is_abstract():
    with pytest.raises(TypeError):
        BmcDriver(None)  # pylint: disable=abstract-class-instantiated


@pytest.mark.parametrize("previous, action, sent", [
    ("on", "on", None), ("off", "on", "on"), ("off", "off", None), ("on", "soft_off", "soft_off"), ("off", "soft_off", None),
    ("on", "cycle", "cycle"), ("off", "cycle", "on"), ("on", "reset", "reset"), ("off", "reset", "on"),
    ("powering_on", "on", "on"),
])
def test_plan_power(previous, action, sent):
    assert plan_power(previous, action) == sent


def test_plan_power_and_boot_request_reject_unknown_values():
    with pytest.raises(ValidationError) as caught:
        plan_power("on", "hibernate")
    assert caught.value.field == "state"
    with pytest.raises(ValidationError) as caught:
        boot_request("floppy", False, True)
    assert caught.value.field == "device"
    assert boot_request("network", 0, 1) == {"device": "network", "persistent": False, "uefi": True}
