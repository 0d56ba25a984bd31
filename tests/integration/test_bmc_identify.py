# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""bmc_identify through ansible-playbook against a real ipmi_sim and a real sushy-tools Redfish emulator."""
from __future__ import annotations

import pytest

from tests.integration.bmc_conftest import ipmi_args, ipmi_vars, redfish_args, redfish_system, redfish_vars, task

pytestmark = pytest.mark.playbook


def test_ipmi_identify_on_timed_off(bmc_runner, ipmi_bmc):
    run = bmc_runner.run([
        task("predict on", "bmc_identify", ipmi_args(), check_mode=True),
        task("bad seconds", "bmc_identify", ipmi_args(seconds=300), ignore_errors=True),
        task("for 20 s", "bmc_identify", ipmi_args(seconds=20)),
        task("on", "bmc_identify", ipmi_args(state="on")),
        task("off", "bmc_identify", ipmi_args(state="off")),
    ], extra_vars=ipmi_vars(ipmi_bmc), diff=True)
    predicted = run.task("predict on")["result"]
    # ipmi_sim does not report the LED in Get Chassis Status: the state is unknown, so the request is a change
    assert predicted["changed"] is True and predicted["state_known"] is False and predicted["previous"] is None
    assert predicted["diff"] == {"before": {"identify": "unknown"}, "after": {"identify": "on"}}
    bad = run.task("bad seconds")["result"]
    assert bad["error"] == "validation" and bad["field"] == "seconds"
    assert run.task("for 20 s")["result"]["seconds"] == 20
    assert run.task("off")["result"]["identify"] == "off"
    # interval + force flag as ipmi_sim passed them to the chassis script; check mode and the bad request sent nothing
    assert ipmi_bmc.chassis_log() == ["identify 20 0", "identify 0 1", "identify 0 0"]


def test_redfish_identify_is_idempotent(bmc_runner, redfish_emulator):
    run = bmc_runner.run([
        task("off first", "bmc_identify", redfish_args(state="off")),
        task("predict on", "bmc_identify", redfish_args(), check_mode=True),
        task("on", "bmc_identify", redfish_args()),
        task("on again", "bmc_identify", redfish_args()),
    ], extra_vars=redfish_vars(redfish_emulator), diff=True)
    predicted, done = run.task("predict on")["result"], run.task("on")["result"]
    assert predicted["changed"] is done["changed"] is True and predicted["diff"] == done["diff"]
    assert done["diff"] == {"before": {"identify": "off"}, "after": {"identify": "on"}}
    again = run.task("on again")["result"]
    assert again["changed"] is False and again["state_known"] is True and again["previous"] == "on"
    assert redfish_system(redfish_emulator)["IndicatorLED"] == "Lit"
    timed = bmc_runner.run([task("blink", "bmc_identify", redfish_args(seconds=30))], extra_vars=redfish_vars(redfish_emulator))
    blink = timed.task("blink")["result"]
    assert blink["changed"] is True and any("cannot time" in warning for warning in blink.get("warnings", []))
    assert redfish_system(redfish_emulator)["IndicatorLED"] == "Blinking"
