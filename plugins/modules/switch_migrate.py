#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: switch_migrate
short_description: Copy a Cumulus switch's machine connections to its SONiC replacement
version_added: 1.0.0
description:
  - Like C(metalctl switch migrate), copies every machine connection of the Cumulus switch O(old) to the SONiC switch
    O(new), translating the port names (C(swpN), C(swpNsM)) to the SONiC port with the same lanes, using the new
    switch's platform and breakouts.
  - Both switches must be registered (M(metalfleet.datacenter.switch)) in the same partition, and in the same rack when
    both name one. Connections the new switch already has stay; a copy onto a port that holds something else fails.
  - Running it again changes nothing. The old switch is left as it is; remove it when the migration is done.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.attributes.full_support
options:
  old:
    description: Name of the Cumulus switch whose connections are copied.
    type: str
    required: true
  new:
    description: Name of the SONiC switch that replaces it.
    type: str
    required: true
seealso:
  - module: metalfleet.datacenter.switch
  - plugin: metalfleet.datacenter.cumulus_to_sonic_port
    plugin_type: filter
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Move the machines of leaf01 (Cumulus) to leaf01-sonic
  metalfleet.datacenter.switch_migrate:
    old: leaf01
    new: leaf01-sonic
  register: migration
"""

RETURN = r"""
switch:
  description: The new switch after the run, as M(metalfleet.datacenter.switch) returns it.
  returned: success
  type: dict
migrated:
  description: Every machine connection of the old switch, with C(machine), C(nic), C(from) (Cumulus port) and C(to) (SONiC port).
  returned: success
  type: list
  elements: dict
  sample: [{"machine": "00000000-0000-0000-0000-0000000000a1", "nic": "eth0", "from": "swp1s1", "to": "Ethernet1"}]
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_migration import migrate_switch


def main():
    spec = store_argument_spec()
    spec.update(old={"type": "str", "required": True}, new={"type": "str", "required": True})
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    run_store_module(module, lambda tx: migrate_switch(tx, module.params["old"], module.params["new"]))


if __name__ == "__main__":
    main()
