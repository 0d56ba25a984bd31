# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which parts bmc_info reads, and how a part the BMC lacks is reported."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import BmcTimeoutError, BmcUnsupportedError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.info_action import chosen_subsets, info_action


def test_subsets_in_fixed_order_and_all():
    assert chosen_subsets({"gather_subset": ["sel", "power"]}) == ["power", "sel"]
    assert chosen_subsets({"gather_subset": ["all"]}) == ["power", "boot", "inventory", "health", "sel", "firmware"]


def test_update_machine_needs_machines_and_reads_inventory():
    with pytest.raises(ValidationError) as caught:
        chosen_subsets({"gather_subset": ["power"], "update_machine": True, "bmc_host": "a"})
    assert caught.value.field == "update_machine"
    assert chosen_subsets({"gather_subset": ["power"], "update_machine": True, "machine": "m"}) == ["power", "inventory"]


class Driver:
    def power_state(self):
        return "on"

    def sel_entries(self):
        raise BmcUnsupportedError("redfish://x", "no-log-services: none")

    def firmware(self):
        raise BmcTimeoutError("redfish://x", "no answer")


def test_unsupported_part_is_listed_and_losing_the_bmc_fails():
    outcome = info_action(Driver(), {"gather_subset": ["power", "sel"]}, False)
    assert outcome["power"] == "on" and outcome["sel"] is None
    assert outcome["unavailable"] == {"sel": {"error_kind": "unsupported", "error": "redfish://x: no-log-services: none"}}
    with pytest.raises(BmcTimeoutError):
        info_action(Driver(), {"gather_subset": ["firmware"]}, False)
