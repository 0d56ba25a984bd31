# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ``bmc_info`` reads from one BMC, and the optional write-back of FRU facts to machine records.

Private to the metalfleet.datacenter collection; not a public API.

A part the BMC cannot deliver (unsupported, or answered with an error) is listed in
``unavailable`` and the others are still returned; losing the BMC itself (authentication,
timeout, unreachable) fails the target.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import BmcError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.fleet_targets import record_fru_facts

#: subset name -> driver method
SUBSETS = {"power": "power_state", "boot": "get_boot", "inventory": "inventory", "health": "health_and_sensors",
           "sel": "sel_entries", "firmware": "firmware"}
#: error kinds that cost one subset, not the target
PARTIAL_KINDS = ("unsupported", "bmc_error")


def info_options() -> dict:
    """The module's own options (see the module's DOCUMENTATION)."""
    return {
        "gather_subset": {"type": "list", "elements": "str", "choices": ["all"] + list(SUBSETS), "default": ["all"]},
        "update_machine": {"type": "bool", "default": False},
    }


def chosen_subsets(params: dict) -> list:
    """Subsets to read, in a fixed order; ``update_machine`` needs ``inventory``."""
    wanted = set(params["gather_subset"])
    if "all" in wanted:
        wanted = set(SUBSETS)
    if params.get("update_machine"):
        if not params.get("machine") and not any(entry.get("machine") for entry in params.get("targets") or []):
            raise ValidationError("update_machine", "needs machine, or targets entries with machine")
        wanted.add("inventory")
    return [name for name in SUBSETS if name in wanted]


def info_action(driver, params: dict, check_mode: bool) -> dict:  # pylint: disable=unused-argument  # reads only
    """Result fields for one target: one key per subset plus ``unavailable``."""
    outcome = {"changed": False, "unavailable": {}}
    for subset in chosen_subsets(params):
        try:
            outcome[subset] = getattr(driver, SUBSETS[subset])()
        except BmcError as error:
            if error.kind not in PARTIAL_KINDS:
                raise
            outcome[subset] = None
            outcome["unavailable"][subset] = {"error_kind": error.kind, "error": str(error)}
    return outcome


def write_back(task, entries: list) -> dict:
    """Serial and manufacturer of every machine target that answered, into its record (one transaction)."""
    pairs = [(request, entry) for request, entry in zip(task.requests, entries)
             if request.machine and entry["ok"] and entry.get("inventory")]

    def work(tx):
        updated = []
        for request, entry in pairs:
            inventory = entry["inventory"]
            if record_fru_facts(tx, request.machine, inventory.get("serial"), inventory.get("manufacturer"), request.field):
                updated.append(request.machine)
        return updated

    if not pairs:
        return {"machines_updated": []}
    updated, changes = task.run_in_store(work, write=True)
    return {"machines_updated": updated, "store_changes": changes}
