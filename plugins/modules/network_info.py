#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: network_info
short_description: List networks of the fleet store with their usage
version_added: 0.1.0
description:
  - Returns the networks matching all given filters, each with its prefixes and usage per address family.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  name:
    description: Only networks of this name.
    type: str
  partition:
    description: Only networks of this partition (V('') for networks without partition).
    type: str
  project:
    description: Only networks of this project (V('') for super networks).
    type: str
  type:
    description: Only networks of this type.
    type: str
    choices: [private_super, super_namespaced, underlay, external, child]
  labels:
    description: Only networks carrying all these labels.
    type: dict
seealso:
  - module: metalfleet.datacenter.network
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Usage of every network of partition fra-1
  metalfleet.datacenter.network_info:
    partition: fra-1
  register: nets

- name: Show free IPv4 addresses per network
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.usage.IPv4.free_ips | default('-') }}"
  loop: "{{ nets.networks }}"
"""

RETURN = r"""
networks:
  description: Matching networks, ordered by partition, project and name; same shape as the RV(metalfleet.datacenter.network#module:network) result.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NETWORK_TYPES, NetworkService


def main():
    spec = store_argument_spec()
    spec.update(
        name={"type": "str"},
        partition={"type": "str"},
        project={"type": "str"},
        type={"type": "str", "choices": list(NETWORK_TYPES)},
        labels={"type": "dict"},
    )
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    params = module.params

    def work(tx):
        service = NetworkService(tx, write=False)
        rows = service.list(partition=params["partition"], project=params["project"], network_type=params["type"],
                            name=params["name"], labels=params["labels"])
        return {"networks": [service.document(row) for row in rows]}

    run_store_module(module, work, write=False)


if __name__ == "__main__":
    main()
