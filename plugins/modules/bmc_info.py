#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: bmc_info
short_description: Read power state, boot device, FRU inventory, health, sensors, event log and firmware from BMCs
version_added: 0.1.0
description:
  - Reads what O(gather_subset) names from one BMC or, with O(targets), from many in parallel.
  - A part the BMC cannot deliver (for example a Redfish service without log services) is listed in
    RV(unavailable); the other parts are still returned. Losing the BMC itself (authentication, timeout,
    unreachable) fails the target.
  - With O(update_machine), the serial number and manufacturer read from the FRU are written to the machine records
    of the fleet store (only then does the module change anything).
extends_documentation_fragment:
  - metalfleet.datacenter.bmc
  - metalfleet.datacenter.store
  - metalfleet.datacenter.secret_key
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.bmc.actiongroups
attributes:
  check_mode:
    support: full
    details: Reads as in a normal run; with O(update_machine) predicts the record changes and writes nothing.
  diff_mode:
    support: partial
    details: Only with O(update_machine), for the machine records it changes.
options:
  gather_subset:
    description:
      - What to read. V(power) the power state, V(boot) the boot override, V(inventory) the FRU (manufacturer,
        product, serial), V(health) overall health and every sensor, V(sel) the system event log, V(firmware) firmware
        versions, V(all) everything.
    type: list
    elements: str
    choices: [all, power, boot, inventory, health, sel, firmware]
    default: [all]
  update_machine:
    description:
      - Write serial number and manufacturer from the FRU to the machine record (needs O(machine) or O(targets) entries
        with C(machine); reads V(inventory) even when not in O(gather_subset)).
    type: bool
    default: false
seealso:
  - module: metalfleet.datacenter.bmc_power
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Health and sensors of one BMC
  metalfleet.datacenter.bmc_info:
    bmc_host: 10.1.0.17
    bmc_username: admin
    bmc_password: "{{ vault_bmc_password }}"
    gather_subset: [health]
  register: bmc

- name: Sensors that are not ok
  ansible.builtin.debug:
    var: bmc.health.bad

- name: Inventory of two fleet machines, recorded in their machine records
  metalfleet.datacenter.bmc_info:
    targets:
      - machine: 4c4c4544-0042-3010-8048-b7c04f4a3232
      - machine: 4c4c4544-0042-3010-8048-b7c04f4a3233
    gather_subset: [inventory]
    update_machine: true
"""

RETURN = r"""
power:
  description: Power state (V(on), V(off)).
  returned: success, single target, V(power) gathered
  type: str
boot:
  description: Boot override as reported (C(device), C(persistent), C(uefi), C(valid), C(raw)).
  returned: success, single target, V(boot) gathered
  type: dict
inventory:
  description: FRU / system inventory (C(manufacturer), C(product), C(serial), C(model), C(uuid), C(extra)).
  returned: success, single target, V(inventory) gathered
  type: dict
health:
  description:
    - Overall health (C(health) - V(ok), V(warning), V(critical), V(failed)), the names of sensors that are not ok
      (C(bad)) and every sensor (C(sensors) with C(name), C(type), C(value), C(units), C(health), C(states)).
  returned: success, single target, V(health) gathered
  type: dict
sel:
  description: System event log entries (C(id), C(timestamp), C(component), C(event), C(severity), C(message)).
  returned: success, single target, V(sel) gathered
  type: list
  elements: dict
firmware:
  description: Firmware component name to version.
  returned: success, single target, V(firmware) gathered
  type: dict
unavailable:
  description: Parts the BMC could not deliver, each with C(error_kind) and C(error).
  returned: success, single target
  type: dict
machines_updated:
  description: Machine ids whose record changed through O(update_machine).
  returned: O(update_machine=true)
  type: list
  elements: str
target:
  description: The target's label.
  returned: always
  type: str
driver:
  description: The protocol used.
  returned: success, single target
  type: str
error:
  description: Kind of error (V(authentication), V(unreachable), V(timeout), ...).
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
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.info_action import chosen_subsets, info_action, info_options, write_back


def main():
    module = FleetModule(**bmc_module_spec(info_options()))
    run_bmc_module(module, info_action, after=write_back if module.params["update_machine"] else None, prepare=chosen_subsets)


if __name__ == "__main__":
    main()
