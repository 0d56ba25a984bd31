# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ``bmc_identify`` does with one BMC: switch the chassis identify LED on, off or on for N seconds.

Private to the metalfleet.datacenter collection; not a public API.

When the BMC reports the LED (Redfish ``IndicatorLED``; IPMI only if Get Chassis Status says
it can) an LED already in the wanted state is left alone.  When it cannot be read, the
request is sent and reported as a change.  A timed request always acts.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

MAX_SECONDS = 255


def identify_options() -> dict:
    """The module's own options (see the module's DOCUMENTATION)."""
    return {
        "state": {"type": "str", "choices": ["on", "off"], "default": "on"},
        "seconds": {"type": "int"},
    }


def wanted_identify(params: dict):
    """(``on``/``off``, seconds or None) from the options; ``seconds`` implies on."""
    seconds = params.get("seconds")
    if seconds is None:
        return params["state"], None
    if params["state"] == "off":
        raise ValidationError("seconds", "cannot be combined with state=off")
    if not 1 <= seconds <= MAX_SECONDS:
        raise ValidationError("seconds", f"must be 1..{MAX_SECONDS}, got {seconds}")
    return "on", seconds


def identify_action(driver, params: dict, check_mode: bool) -> dict:
    """Result fields for one target: ``identify``, ``seconds``, ``previous`` (null when the BMC cannot tell)."""
    state, seconds = wanted_identify(params)
    previous = driver.identify_state()
    changed = seconds is not None or previous != state
    outcome = {"changed": changed, "identify": state, "seconds": seconds, "previous": previous, "state_known": previous is not None}
    if changed and not check_mode:
        details = driver.identify(seconds if seconds is not None else state)
        if details.get("note"):
            outcome["note"] = details["note"]
            outcome["warning"] = details["note"]
    outcome.update(diff_before={"identify": previous if previous is not None else "unknown"},
                   diff_after={"identify": state, "seconds": seconds} if seconds else {"identify": state})
    return outcome
