# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""bmc_boot through ansible-playbook against a real ipmi_sim and a real sushy-tools Redfish emulator."""
from __future__ import annotations

import pytest

from tests.integration.bmc_conftest import ipmi_args, ipmi_vars, redfish_args, redfish_system, redfish_vars, task

pytestmark = pytest.mark.playbook


def test_ipmi_override_is_written_and_reported_as_unconfirmed(bmc_runner, ipmi_bmc):
    run = bmc_runner.run([
        task("predict pxe", "bmc_boot", ipmi_args(device="network"), check_mode=True),
        task("pxe", "bmc_boot", ipmi_args(device="network")),
        task("pxe again", "bmc_boot", ipmi_args(device="network")),
        task("bios", "bmc_boot", ipmi_args(device="bios", persistent=True)),
    ], extra_vars=ipmi_vars(ipmi_bmc), diff=True)
    predicted = run.task("predict pxe")["result"]
    assert predicted["changed"] is True and predicted["confirmed"] is None
    pxe = run.task("pxe")["result"]
    assert pxe["changed"] is True and pxe["device"] == "network"
    # ipmi_sim never marks the boot flags valid: the module says so instead of claiming success
    assert pxe["confirmed"] is False and pxe["reason"].startswith("boot-flags-never-valid")
    assert pxe["readback"]["raw"] == "network" and pxe["readback"]["valid"] is False
    assert any("did not confirm" in warning for warning in pxe.get("warnings", []))
    assert pxe["diff"] == {"before": {"device": None, "persistent": None, "uefi": None},
                           "after": {"device": "network", "persistent": False, "uefi": True}}
    # an unconfirmed override is written again on every run (documented), never assumed to be pending
    assert run.task("pxe again")["result"]["changed"] is True
    assert ipmi_bmc.boot == "bios"
    assert ipmi_bmc.chassis_log() == ["boot pxe", "boot pxe", "boot bios"], "check mode must not write"


def test_redfish_boot_override(bmc_runner, redfish_emulator):
    before = redfish_system(redfish_emulator)["Boot"]
    assert before["BootSourceOverrideTarget"] == "Hdd", "the fake system starts with a persistent disk override"
    pxe = {"device": "network", "persistent": True}
    run = bmc_runner.run([
        task("predict pxe", "bmc_boot", redfish_args(**pxe), check_mode=True),
        task("pxe", "bmc_boot", redfish_args(**pxe)),
        task("pxe again", "bmc_boot", redfish_args(**pxe)),
        task("predict pxe again", "bmc_boot", redfish_args(**pxe), check_mode=True),
        task("disk once", "bmc_boot", redfish_args(device="disk")),
        task("bios setup", "bmc_boot", redfish_args(device="bios"), ignore_errors=True),
    ], extra_vars=redfish_vars(redfish_emulator), diff=True)
    predicted, done = run.task("predict pxe")["result"], run.task("pxe")["result"]
    assert predicted["changed"] is True and done["changed"] is True
    assert predicted["diff"] == done["diff"] == {"before": {"device": "disk", "persistent": True, "uefi": True},
                                                 "after": {"device": "network", "persistent": True, "uefi": True}}
    assert done["confirmed"] is True and done["reason"] is None and done["driver"] == "redfish"
    for name in ("pxe again", "predict pxe again"):
        again = run.task(name)["result"]
        assert again["changed"] is False and again["confirmed"] is True and "diff" not in again, name
    once = run.task("disk once")["result"]
    # sushy-emulator reads a Once override back as Continuous: written, not confirmed, and the quirk is named
    assert once["changed"] is True and once["confirmed"] is False and once["reason"].startswith("once-reads-continuous")
    bios = run.task("bios setup")["result"]
    assert bios["error"] == "unsupported" and bios["msg"].startswith("unsupported operation: ") and "BiosSetup" in bios["msg"]
    assert redfish_system(redfish_emulator)["Boot"]["BootSourceOverrideTarget"] == "Hdd"
    assert redfish_system(redfish_emulator, 1)["Boot"] == before, "the other system was touched"
