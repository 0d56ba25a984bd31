#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: machine_info
short_description: List machines of the fleet with their state, size and allocation
version_added: 0.1.0
description:
  - Returns the machines matching all given filters. BMC passwords are never returned.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  id:
    description: Only these machines.
    type: list
    elements: str
  partition:
    description: Only machines of this partition.
    type: str
  project:
    description: Only machines allocated to this project.
    type: str
  state:
    description: Only machines in this state.
    type: str
    choices: [waiting, allocated, reserved, locked, faulty]
  size:
    description: Only machines of this size (V(unknown) for unmatched ones).
    type: str
  rack:
    description: Only machines in this rack.
    type: str
  tags:
    description: Only machines carrying all these tags.
    type: list
    elements: str
seealso:
  - module: metalfleet.datacenter.machine
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Machines of partition fra-1 waiting without a size
  metalfleet.datacenter.machine_info:
    partition: fra-1
    size: unknown
  register: unsized

- name: Why they match no size
  ansible.builtin.debug:
    msg: "{{ unsized.machines | map(attribute='size_reason') | list }}"
"""

RETURN = r"""
machines:
  description: Matching machines ordered by id, as returned by M(metalfleet.datacenter.machine).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore


def main():
    spec = store_argument_spec()
    spec.update(
        id={"type": "list", "elements": "str"},
        partition={"type": "str"},
        project={"type": "str"},
        state={"type": "str", "choices": ["waiting", "allocated", "reserved", "locked", "faulty"]},
        size={"type": "str"},
        rack={"type": "str"},
        tags={"type": "list", "elements": "str"},
    )
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    p = module.params

    def work(tx):
        store = MachineStore(tx, write=False)
        rows = store.list(partition=p["partition"], project=p["project"], state=p["state"], size=p["size"], rack=p["rack"],
                          tags=p["tags"], ids=p["id"])
        return {"machines": [store.document(row) for row in rows]}

    run_store_module(module, work, write=False)


if __name__ == "__main__":
    main()
