# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ``bmc_power`` does with one BMC: read, or bring to a power state (predicted in check mode).

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.base import POWER_ACTIONS, POWER_GOAL, plan_power

DEFAULT_WAIT_TIMEOUT = 60.0


def power_options() -> dict:
    """The module's own options (see the module's DOCUMENTATION)."""
    return {
        "state": {"type": "str", "choices": list(POWER_ACTIONS) + ["status"], "default": "status"},
        "wait": {"type": "bool", "default": True},
        "wait_timeout": {"type": "float", "default": DEFAULT_WAIT_TIMEOUT},
    }


def power_action(driver, params: dict, check_mode: bool) -> dict:
    """Result fields for one target: ``power``, ``previous``, ``action``, ``reached``, ``changed`` and the diff parts."""
    wanted = params["state"]
    if wanted == "status":
        return {"changed": False, "power": driver.power_state()}
    if check_mode:
        previous = driver.power_state()
        sent = plan_power(previous, wanted)
        outcome = {"changed": sent is not None, "previous": previous, "action": sent,
                   "power": POWER_GOAL[wanted] if sent else previous, "reached": None if sent else True}
    else:
        done = driver.set_power(wanted, wait=params["wait"], wait_timeout=params["wait_timeout"])
        power = done["state"] if done["state"] is not None else driver.power_state()
        outcome = {"changed": done["changed"], "previous": done["previous"], "action": done["action"], "power": power,
                   "reached": done["reached"]}
    after = {"power": outcome["power"]}
    if outcome["action"]:
        after["action"] = outcome["action"]  # shows a reset or cycle, which leaves the state as it was
    outcome.update(diff_before={"power": outcome["previous"]}, diff_after=after)
    return outcome
