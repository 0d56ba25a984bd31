# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ``bmc_boot`` does with one BMC: set the next boot device and say whether the BMC confirmed it.

Private to the metalfleet.datacenter collection; not a public API.

The override is written unless the BMC confirms that exactly this override is already in
place.  A BMC that never confirms (quirk ``boot-flags-never-valid``, e.g. ipmi_sim) gets it
on every run: after a boot a real BMC clears the override but may keep reporting the old
device bits, so an unconfirmed override is never assumed to be still pending.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.base import BOOT_DEVICES


def boot_options() -> dict:
    """The module's own options (see the module's DOCUMENTATION)."""
    return {
        "device": {"type": "str", "choices": list(BOOT_DEVICES), "required": True},
        "persistent": {"type": "bool", "default": False},
        "uefi": {"type": "bool", "default": True},
    }


def _shown(boot: dict) -> dict:
    """Boot override as the diff shows it (only what the BMC vouches for)."""
    return {"device": boot.get("device"), "persistent": boot.get("persistent"), "uefi": boot.get("uefi")}


def boot_action(driver, params: dict, check_mode: bool) -> dict:
    """Result fields for one target: the request, ``confirmed``, ``reason``, ``readback``, ``before``."""
    device, persistent, uefi = params["device"], params["persistent"], params["uefi"]
    if check_mode:
        plan = driver.plan_boot(device, persistent, uefi)
        outcome = dict(plan["requested"], changed=plan["changed"], before=plan["before"],
                       confirmed=None if plan["changed"] else True, reason=plan["reason"],
                       readback=None if plan["changed"] else plan["before"])
    else:
        outcome = driver.set_boot(device, persistent, uefi)
        if not outcome["confirmed"]:
            outcome["warning"] = f"the BMC did not confirm the boot override: {outcome['reason']}"
    outcome.update(diff_before=_shown(outcome["before"]),
                   diff_after={"device": device, "persistent": bool(persistent), "uefi": bool(uefi)})
    return outcome
