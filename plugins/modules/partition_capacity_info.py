#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: partition_capacity_info
short_description: Machine capacity per partition and size
version_added: 0.1.0
description:
  - Counts machines per partition and size as metal-stack does - total, allocated, allocatable, free (after other
    projects' unused size reservations), unavailable, reserved and locked (operator holds), faulty (with the issues),
    waiting, and the reservations with their used and remaining amounts.
  - With O(project), that project's own reservations do not lower C(free) (the project's view).
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  partition:
    description: Only this partition.
    type: str
  size:
    description: Only this size.
    type: str
  project:
    description: Count free machines as this project sees them.
    type: str
seealso:
  - module: metalfleet.datacenter.machine_allocation
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: How many c1-large machines can the shop still get in fra-1
  metalfleet.datacenter.partition_capacity_info:
    partition: fra-1
    size: c1-large-x86
    project: shop
  register: capacity
"""

RETURN = r"""
capacity:
  description: One entry per partition with C(sizes), a list of counts per size.
  returned: always
  type: list
  elements: dict
  sample:
    - partition: fra-1
      sizes:
        - {size: c1-large-x86, total: 12, allocated: 5, allocatable: 7, free: 5, unavailable: 0, reserved: 0, locked: 0,
           faulty: 0, waiting: 7, phoned_home: 5, other: 0, reservations: 2, used_reservations: 0, remaining_reservations: 2}
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.capacity_view import fleet_capacity


def main():
    spec = store_argument_spec()
    spec.update(partition={"type": "str"}, size={"type": "str"}, project={"type": "str"})
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    run_store_module(module, lambda tx: {"capacity": fleet_capacity(tx, partition=p["partition"], size=p["size"], project=p["project"])},
                     write=False)


if __name__ == "__main__":
    main()
