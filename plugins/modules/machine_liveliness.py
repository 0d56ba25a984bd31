#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: machine_liveliness
short_description: Evaluate machines' liveliness and record Dead and Unknown
version_added: 0.1.0
description:
  - Evaluates the liveliness of every machine that has provisioning events, in one query, and records what
    changed - V(Dead) for a free machine and V(Unknown) for an allocated one that sent no event for 5 minutes,
    V(Alive) again once it did.
  - Meant to run on a schedule (an AWX schedule or a timer, every minute or so); a second run right after the
    first changes nothing.
  - Check mode predicts the changes without writing them; diff mode shows each machine's liveliness before and
    after. Every change is in the audit log (kind C(provisioning), action C(liveliness)).
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.provisioning
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.attributes.full_support
options:
  partition:
    description: Only the machines of this partition (default all, also machines not registered yet).
    type: str
seealso:
  - module: metalfleet.datacenter.machine_events_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Record dead and unknown machines (run every minute from an AWX schedule)
  metalfleet.datacenter.machine_liveliness:
  register: liveliness

- name: Report machines that died
  ansible.builtin.debug:
    msg: "{{ liveliness.changes | selectattr('after', 'equalto', 'Dead') | map(attribute='machine_id') | list }}"
"""

RETURN = r"""
changes:
  description: The machines whose liveliness changed, by id.
  returned: always
  type: list
  elements: dict
  contains:
    machine_id:
      description: DMI UUID of the machine.
      type: str
    before:
      description: The liveliness recorded before.
      type: str
    after:
      description: The liveliness recorded now.
      type: str
    last_event_time:
      description: When the machine was last heard from (ISO 8601 UTC).
      type: str
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService


def main():
    spec = store_argument_spec()
    spec.update(partition={"type": "str"})
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    run_store_module(module, lambda tx: {"changes": ProvisioningService(tx).evaluate_liveliness(partition=module.params["partition"])})


if __name__ == "__main__":
    main()
