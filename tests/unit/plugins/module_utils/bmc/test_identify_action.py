# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""bmc_identify: options and idempotence on BMCs that do and do not report the LED."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.identify_action import identify_action, wanted_identify


@pytest.mark.parametrize("given, wanted", [({"state": "on"}, ("on", None)), ({"state": "off"}, ("off", None)),
                                           ({"state": "on", "seconds": 30}, ("on", 30))])
def test_wanted_identify(given, wanted):
    assert wanted_identify(given) == wanted


@pytest.mark.parametrize("given", [{"state": "off", "seconds": 5}, {"state": "on", "seconds": 0}, {"state": "on", "seconds": 256}])
def test_wanted_identify_rejects(given):
    with pytest.raises(ValidationError) as caught:
        wanted_identify(given)
    assert caught.value.field == "seconds"


class Led:
    def __init__(self, state):
        self.state, self.sent = state, []

    def identify_state(self):
        return self.state

    def identify(self, state):
        self.sent.append(state)
        return {"timed": False}


def test_known_state_is_left_alone_and_unknown_state_is_sent():
    lit = Led("on")
    assert identify_action(lit, {"state": "on"}, False)["changed"] is False and lit.sent == []
    unknown = Led(None)
    outcome = identify_action(unknown, {"state": "on"}, True)
    assert outcome["changed"] is True and outcome["state_known"] is False and unknown.sent == []
    identify_action(unknown, {"state": "on"}, False)
    assert unknown.sent == ["on"]
