#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: ip_info
short_description: List IP addresses held in fleet networks
version_added: 0.1.0
description:
  - Returns the IPs matching all given filters.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  network:
    description: Only IPs of this network (name or id).
    type: str
  partition:
    description: Only IPs of networks in this partition.
    type: str
  project:
    description: Only IPs of this project.
    type: str
  name:
    description: Only IPs of this name.
    type: str
  ip:
    description: Only this address.
    type: str
  type:
    description: Only IPs of this type.
    type: str
    choices: [ephemeral, static]
  tags:
    description: Only IPs carrying all these tags.
    type: list
    elements: str
seealso:
  - module: metalfleet.datacenter.ip
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Static IPs of the internet network
  metalfleet.datacenter.ip_info:
    network: internet
    type: static
  register: static_ips
"""

RETURN = r"""
ips:
  description: Matching IP records (address, network, partition, family, name, project, type, tags, prefix).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IP_TYPES, IpService


def main():
    spec = store_argument_spec()
    spec.update(
        network={"type": "str"},
        partition={"type": "str"},
        project={"type": "str"},
        name={"type": "str"},
        ip={"type": "str"},
        type={"type": "str", "choices": list(IP_TYPES)},
        tags={"type": "list", "elements": "str"},
    )
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    p = module.params

    def work(tx):
        return {"ips": IpService(tx, write=False).list(
            network=p["network"], partition=p["partition"], project=p["project"], name=p["name"], address=p["ip"],
            ip_type=p["type"], tags=p["tags"])}

    run_store_module(module, work, write=False)


if __name__ == "__main__":
    main()
