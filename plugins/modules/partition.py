#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: partition
short_description: Manage partitions (failure domains with their boot and service settings) in the fleet store
version_added: 0.1.0
description:
  - Creates, changes and removes partitions of the fleet catalog. A partition is a site or room; its O(id) is also
    the IPAM scope of its networks.
  - Options that are not given keep their stored value; lists and O(labels) given replace the stored ones.
  - Manages one partition (O(id)) or a whole list (O(partitions)) in one transaction; with O(prune) the list is the
    complete catalog and unlisted partitions are removed.
  - A partition that machines, networks or size reservations refer to is never removed; O(state=absent) fails naming
    them, O(prune) keeps it and reports it in RV(kept_in_use).
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.attributes.full_support
  - metalfleet.datacenter.catalog
  - metalfleet.datacenter.catalog.labels
options:
  id:
    description:
      - Id of the partition, for example V(fra-equ01). Letters, digits, V(.), V(_) and V(-).
      - Required unless O(partitions) is given.
    type: str
  boot:
    description: PXE boot settings of the machines of the partition. V('') clears a setting.
    type: dict
    suboptions:
      kernel_url:
        description: http(s) URL of the kernel the machines boot (metal-stack's C(kernelurl)).
        type: str
      initrd_url:
        description: http(s) URL of the initrd, for example the metal-hammer image (metal-stack's C(imageurl)).
        type: str
      command_line:
        description: Kernel command line, for example V(console=ttyS0,115200n8 ip=dhcp).
        type: str
  dns_servers:
    description: IP addresses of the DNS servers the machines use.
    type: list
    elements: str
  ntp_servers:
    description: IP addresses or DNS names of the NTP servers the machines use.
    type: list
    elements: str
  mgmt_service_address:
    description: C(host:port) of the partition's management service (IPv6 as C([2001:db8::1]:50051)). V('') clears it.
    type: str
  partitions:
    description:
      - Apply a list of partitions in one transaction. Each entry takes the options O(id) (required), O(name),
        O(description), O(labels), O(boot), O(dns_servers), O(ntp_servers), O(mgmt_service_address) and O(state).
      - Errors name the entry, for example C(partitions[2].boot.kernel_url).
    type: list
    elements: dict
seealso:
  - module: metalfleet.datacenter.partition_info
  - module: metalfleet.datacenter.size
  - module: metalfleet.datacenter.network
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Partition fra-equ01
  metalfleet.datacenter.partition:
    id: fra-equ01
    name: Frankfurt Equinix 1
    boot:
      kernel_url: https://github.com/metal-stack/kernel/releases/download/6.18.38-172/metal-kernel
      initrd_url: https://github.com/metal-stack/metal-hammer/releases/download/v0.15.0/metal-hammer-initrd.img.lz4
      command_line: console=ttyS0,115200n8 ip=dhcp carrier_timeout=10
    dns_servers: [1.1.1.1, 8.8.8.8]
    ntp_servers: [pool.ntp.org]
    mgmt_service_address: 172.17.0.1:50051

- name: The complete list of partitions; remove unused ones that are not listed
  metalfleet.datacenter.partition:
    partitions:
      - id: fra-equ01
        name: Frankfurt Equinix 1
      - id: ber-1
        name: Berlin 1
    prune: true
"""

RETURN = r"""
partition:
  description: The partition after the run (as it would be, in check mode); null after removal. Single form only.
  returned: when O(id) is given
  type: dict
  contains:
    id:
      description: Id of the partition.
      type: str
      sample: fra-equ01
    boot:
      description: C(kernel_url), C(initrd_url) and C(command_line).
      type: dict
    dns_servers:
      description: DNS servers.
      type: list
      elements: str
    ntp_servers:
      description: NTP servers.
      type: list
      elements: str
    mgmt_service_address:
      description: C(host:port) of the management service.
      type: str
partitions:
  description: The listed partitions after the run (absent ones left out), in list order.
  returned: when O(partitions) is given
  type: list
  elements: dict
removed:
  description: Ids of the partitions O(prune) removed.
  returned: when O(partitions) is given
  type: list
  elements: str
kept_in_use:
  description: Ids of unlisted partitions O(prune) kept because they are in use.
  returned: when O(partitions) is given
  type: list
  elements: str
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule, run_store_module
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.catalog_module import (
    apply_catalog_params,
    catalog_argument_spec,
    catalog_module_kwargs,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore

ENTRY_OPTIONS = {
    "name": {"type": "str"},
    "description": {"type": "str"},
    "labels": {"type": "dict"},
    "boot": {"type": "dict", "options": {
        "kernel_url": {"type": "str"},
        "initrd_url": {"type": "str"},
        "command_line": {"type": "str"},
    }},
    "dns_servers": {"type": "list", "elements": "str"},
    "ntp_servers": {"type": "list", "elements": "str"},
    "mgmt_service_address": {"type": "str"},
}


def main():
    module = FleetModule(argument_spec=catalog_argument_spec(ENTRY_OPTIONS, "partitions"), **catalog_module_kwargs("partitions"))
    run_store_module(module, lambda tx: apply_catalog_params(module, PartitionStore(tx), ENTRY_OPTIONS, "partition"))


if __name__ == "__main__":
    main()
