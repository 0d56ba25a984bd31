#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: bmc_power
short_description: Power machines on, off, reset or cycle through their BMC (IPMI or Redfish), one or many at once
version_added: 0.1.0
description:
  - Reads the power state and changes it only when needed; waits until the BMC reports the goal state.
  - V(on) of a machine that is on, V(off) or V(soft_off) of one that is off change nothing. V(reset) and V(cycle)
    always act; on a machine that is off they power it on (the goal, a running machine, is the same).
  - With O(targets), many BMCs are handled in parallel in one task; see O(workers) and O(fail_on_target_error).
extends_documentation_fragment:
  - metalfleet.datacenter.bmc
  - metalfleet.datacenter.store
  - metalfleet.datacenter.secret_key
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.bmc.actiongroups
attributes:
  check_mode:
    support: full
    details: Reads the power state and predicts the result; sends nothing to the BMC.
  diff_mode:
    support: full
    details: The power state before and after, per target.
options:
  state:
    description:
      - V(on), V(off) (hard), V(soft_off) (ACPI shutdown), V(reset) (warm reset), V(cycle) (off, then on) or
        V(status) (only read the state).
    type: str
    choices: ["on", "off", soft_off, reset, cycle, status]
    default: status
  wait:
    description: Whether to wait until the BMC reports the goal state.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the goal state after the request; the target fails with a V(timeout) error when it is not
        reached in time. Some BMCs apply power changes seconds later.
    type: float
    default: 60
seealso:
  - module: metalfleet.datacenter.bmc_info
  - module: metalfleet.datacenter.bmc_boot
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Power on one machine by its BMC
  metalfleet.datacenter.bmc_power:
    bmc_host: 10.1.0.17
    bmc_username: admin
    bmc_password: "{{ vault_bmc_password }}"
    state: "on"

- name: Power state of the whole rack, 16 BMCs at a time; unreachable ones are listed, not fatal
  metalfleet.datacenter.bmc_power:
    targets: "{{ rack_bmcs }}"  # [{bmc_host: 10.1.0.17}, {bmc_host: 10.1.0.18, bmc_username: root}, ...]
    state: status
    workers: 16
    timeout: 3
    fail_on_target_error: false
  register: power

- name: Machines the task could not reach
  ansible.builtin.debug:
    var: power.failed_targets

- name: Cycle a machine of the fleet store (address and credentials from its record)
  metalfleet.datacenter.bmc_power:
    machine: 4c4c4544-0042-3010-8048-b7c04f4a3232
    state: cycle
"""

RETURN = r"""
power:
  description: Power state at the end (V(on), V(off)); in check mode the predicted state.
  returned: success, single target
  type: str
  sample: "on"
previous:
  description: Power state before the task.
  returned: success, single target and O(state) other than V(status)
  type: str
  sample: "off"
action:
  description: The request sent (V(on), V(off), V(soft_off), V(reset), V(cycle)), null when nothing was needed.
  returned: success, single target and O(state) other than V(status)
  type: str
reached:
  description: Whether the goal state was seen; null with O(wait=false) and in check mode.
  returned: success, single target and O(state) other than V(status)
  type: bool
target:
  description: The target's label (O(targets[].name), the machine id or the BMC address).
  returned: always
  type: str
driver:
  description: The protocol used (V(ipmi) or V(redfish)), after O(driver=auto) detection.
  returned: success, single target
  type: str
elapsed:
  description: Seconds spent on the target; with O(targets), on all of them together (the task's BMC time).
  returned: always
  type: float
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
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.power_action import power_action, power_options


def main():
    module = FleetModule(**bmc_module_spec(power_options()))
    run_bmc_module(module, power_action)


if __name__ == "__main__":
    main()
