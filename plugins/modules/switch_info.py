#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: switch_info
short_description: List the switches of the fleet store with their ports and connections
version_added: 1.0.0
description:
  - Returns the switches matching all given filters, each with its settings, ports after breakouts, machine
    connections and switch-to-switch links.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  name:
    description: Only the switch of this name.
    type: str
  partition:
    description: Only switches of this partition.
    type: str
  rack:
    description: Only switches of this rack.
    type: str
  role:
    description: Only switches of this role.
    type: str
    choices: [leaf, spine, exit, mgmtleaf]
  os:
    description: Only switches running this operating system.
    type: str
    choices: [sonic, cumulus]
seealso:
  - module: metalfleet.datacenter.switch
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: The leaves of fra-1
  metalfleet.datacenter.switch_info:
    partition: fra-1
    role: leaf
  register: leaves
"""

RETURN = r"""
switches:
  description: The matching switches, ordered by partition and name, as M(metalfleet.datacenter.switch) returns them.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_records import OPERATING_SYSTEMS, ROLES
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService


def main():
    spec = store_argument_spec()
    spec.update(
        name={"type": "str"},
        partition={"type": "str"},
        rack={"type": "str"},
        role={"type": "str", "choices": list(ROLES)},
        os={"type": "str", "choices": list(OPERATING_SYSTEMS)},
    )
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    params = module.params

    def work(tx):
        service = SwitchService(tx, write=False)
        rows = service.list(name=params["name"], partition=params["partition"], role=params["role"], rack=params["rack"],
                            os_name=params["os"])
        return {"switches": [service.document(row) for row in rows]}

    run_store_module(module, work, write=False)


if __name__ == "__main__":
    main()
