#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: bmc_boot
short_description: Set the next boot device of machines through their BMC and report whether the BMC confirmed it
version_added: 0.1.0
description:
  - Sets the boot override (network/PXE, disk, BIOS setup, CD) for the next boot or for every boot, UEFI or legacy.
  - Reads the override back and reports in RV(confirmed) whether the BMC vouches for exactly the requested setting,
    and in RV(reason) why not, naming the vendor quirk when one applies.
  - The override is written unless the BMC confirms that it is already in place. BMCs that never mark the boot
    flags valid (OpenIPMI ipmi_sim, some real ones) therefore get it on every run, which is reported as a change.
extends_documentation_fragment:
  - metalfleet.datacenter.bmc
  - metalfleet.datacenter.store
  - metalfleet.datacenter.secret_key
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.bmc.actiongroups
attributes:
  check_mode:
    support: full
    details: Reads the current override and predicts whether it would be written; writes nothing.
  diff_mode:
    support: full
    details: The boot override the BMC confirmed before, and the requested one.
options:
  device:
    description: Device for the next boot(s).
    type: str
    choices: [network, disk, bios, cdrom]
    required: true
  persistent:
    description: Keep the override for every boot instead of only the next one.
    type: bool
    default: false
  uefi:
    description: Boot in UEFI mode (V(false) for legacy BIOS mode).
    type: bool
    default: true
seealso:
  - module: metalfleet.datacenter.bmc_power
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: PXE boot once, then power cycle
  metalfleet.datacenter.bmc_boot:
    bmc_host: 10.1.0.17
    bmc_username: admin
    bmc_password: "{{ vault_bmc_password }}"
    device: network
  register: boot

- name: Say so when the BMC did not confirm the override
  ansible.builtin.debug:
    msg: "{{ boot.reason }}"
  when: not boot.confirmed

- name: Boot every machine of a list from disk from now on (Redfish)
  metalfleet.datacenter.bmc_boot:
    targets: "{{ redfish_bmcs }}"
    driver: redfish
    device: disk
    persistent: true
"""

RETURN = r"""
device:
  description: The requested device.
  returned: success, single target
  type: str
persistent:
  description: Whether the override was requested for every boot.
  returned: success, single target
  type: bool
uefi:
  description: Whether UEFI mode was requested.
  returned: success, single target
  type: bool
confirmed:
  description: Whether the BMC's read-back matches the request (null in check mode when a write is predicted).
  returned: success, single target
  type: bool
reason:
  description: Why the BMC did not confirm, naming the vendor quirk if one applies (for example C(boot-flags-never-valid)).
  returned: success, single target
  type: str
readback:
  description: The override as the BMC reports it after the write (C(device), C(persistent), C(uefi), C(valid), C(raw)).
  returned: success, single target
  type: dict
before:
  description: The override as the BMC reported it before the task.
  returned: success, single target
  type: dict
target:
  description: The target's label.
  returned: always
  type: str
driver:
  description: The protocol used.
  returned: success, single target
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
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.boot_action import boot_action, boot_options


def main():
    module = FleetModule(**bmc_module_spec(boot_options()))
    run_bmc_module(module, boot_action)


if __name__ == "__main__":
    main()
