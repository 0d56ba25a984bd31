#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: bmc_identify
short_description: Switch the chassis identify LED of machines on, off or on for some seconds
version_added: 0.1.0
description:
  - Turns the identify LED (the blue light that finds a machine in the rack) on, off, or on for O(seconds).
  - When the BMC reports the LED state (Redfish; IPMI BMCs that say so in Get Chassis Status) an LED that is already
    as wanted is left alone. When the state cannot be read (RV(state_known) is false), the request is sent and
    reported as a change. A timed request always acts.
  - Redfish cannot time the LED; with O(seconds) it blinks until switched off, and a warning says so.
extends_documentation_fragment:
  - metalfleet.datacenter.bmc
  - metalfleet.datacenter.store
  - metalfleet.datacenter.secret_key
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.bmc.actiongroups
attributes:
  check_mode:
    support: full
    details: Reads the LED state where the BMC reports it and predicts; sends nothing.
  diff_mode:
    support: full
    details: The LED state before (V(unknown) when the BMC cannot tell) and after.
options:
  state:
    description: Whether the LED should be on or off.
    type: str
    choices: ["on", "off"]
    default: "on"
  seconds:
    description: Switch the LED on for this many seconds (1-255), then the BMC turns it off.
    type: int
seealso:
  - module: metalfleet.datacenter.bmc_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Let the machine blink for two minutes
  metalfleet.datacenter.bmc_identify:
    bmc_host: 10.1.0.17
    bmc_username: admin
    bmc_password: "{{ vault_bmc_password }}"
    seconds: 120

- name: Switch the LED off again on two machines of the fleet store
  metalfleet.datacenter.bmc_identify:
    targets:
      - machine: 4c4c4544-0042-3010-8048-b7c04f4a3232
      - machine: 4c4c4544-0042-3010-8048-b7c04f4a3233
    state: "off"
"""

RETURN = r"""
identify:
  description: The requested LED state.
  returned: success, single target
  type: str
seconds:
  description: The requested duration, null for on/off.
  returned: success, single target
  type: int
previous:
  description: The LED state before the task; null when the BMC does not report it.
  returned: success, single target
  type: str
state_known:
  description: Whether the BMC reported the LED state (idempotence needs it).
  returned: success, single target
  type: bool
target:
  description: The target's label.
  returned: always
  type: str
error:
  description: Kind of error (V(authentication), V(unreachable), V(timeout), V(unsupported), ...).
  returned: failure
  type: str
results:
  description: One entry per target of O(targets) with the fields above plus C(ok), C(error) and C(error_kind).
  returned: O(targets) given
  type: list
  elements: dict
failed_targets:
  description: Labels of the targets that failed.
  returned: O(targets) given
  type: list
  elements: str
summary:
  description: Counts of targets, ok, failed and changed.
  returned: O(targets) given
  type: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.bmc_module import bmc_module_spec, run_bmc_module
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.identify_action import identify_action, identify_options, wanted_identify


def main():
    module = FleetModule(**bmc_module_spec(identify_options()))
    run_bmc_module(module, identify_action, prepare=wanted_identify)


if __name__ == "__main__":
    main()
