#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: machine_allocation
short_description: Allocate machines to projects, change allocations, free machines
version_added: 0.1.0
description:
  - An allocation is identified by O(project) and O(hostname). The first run chooses a waiting machine of the
    partition and size, resolves the image, takes an ASN and IPs; later runs change nothing, or update the mutable
    fields (O(description), O(tags), O(ssh_keys)).
  - The machine is chosen like metal-stack does (size reservations, then rack spreading by project and placement
    tags), but deterministically (lowest machine id among the winners), so check mode returns the machine, IPs and ASN
    a real run would take.
  - Changing the size, image or partition of an allocated machine fails unless O(reinstall=true).
  - "O(state=absent) frees the machine: ephemeral IPs released, static ones detached, ASN returned, machine waiting."
  - Allocations of one partition are serialized, so parallel runs never take the same machine.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
attributes:
  check_mode:
    support: full
    details: Check mode returns the machine, IPs and ASN that a real run would choose.
  diff_mode:
    support: full
options:
  project:
    description: Project the machine is allocated to.
    type: str
  hostname:
    description:
      - Hostname of the machine, unique within the project.
      - An RFC 1123 host name (FQDN allowed) of at most 253 characters; see C(docs/limits.md) for every bound.
    type: str
  name:
    description: Display name (defaults to the hostname).
    type: str
  description:
    description: Free text.
    type: str
  partition:
    description: Partition to allocate in.
    type: str
  size:
    description: Size of the machine.
    type: str
  image:
    description: Image id, or a prefix such as V(ubuntu-24.4) or V(ubuntu) resolved to the newest matching image.
    type: str
  role:
    description: V(machine) or V(firewall); the image must have that feature.
    type: str
    choices: [machine, firewall]
  machine:
    description: Allocate this machine (DMI UUID) instead of choosing one.
    type: str
  networks:
    description:
      - Networks of the machine. C(auto_acquire) (default true) takes one IP per address family of the network.
    type: list
    elements: dict
    suboptions:
      network:
        description: Network name or id.
        type: str
        required: true
      partition:
        description: Partition of the network where names repeat.
        type: str
      auto_acquire:
        description: Acquire one IP per address family.
        type: bool
        default: true
  ips:
    description: Specific addresses for the machine, in one of its networks (acquired, or attached when already held by the project).
    type: list
    elements: str
  ssh_keys:
    description: SSH public keys (at most 50).
    type: list
    elements: str
  userdata:
    description: Cloud-init user data, at most 65536 characters. Never shown in diffs or the audit log.
    type: str
  tags:
    description: Tags of the allocation.
    type: list
    elements: str
  placement_tags:
    description: Machines of the project with any of these tags are spread across racks (anti-affinity).
    type: list
    elements: str
  reinstall:
    description: Allow changing size, image or partition of an allocated machine (an image change reinstalls it in place).
    type: bool
    default: false
  state:
    description: Whether the allocation should exist.
    type: str
    choices: [present, absent]
    default: present
  allocations:
    description:
      - Many allocations in one transaction. Each entry takes the options above, including O(state), checked exactly as they
        are for a single allocation (types, choices, defaults, unknown options refused).
      - Errors name the entry, for example C(allocations[2].image); any error leaves the store unchanged.
    type: list
    elements: dict
seealso:
  - module: metalfleet.datacenter.machine
  - module: metalfleet.datacenter.partition_capacity_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Three web servers for the shop, spread across racks
  metalfleet.datacenter.machine_allocation:
    project: shop
    hostname: "web-{{ item }}"
    partition: fra-1
    size: c1-large-x86
    image: ubuntu-24.4
    networks:
      - network: shop-net
      - network: internet
    ssh_keys: ["{{ lookup('ansible.builtin.file', '~/.ssh/id_ed25519.pub') }}"]
    placement_tags: [web]
  loop: [1, 2, 3]

- name: Free one again
  metalfleet.datacenter.machine_allocation:
    project: shop
    hostname: web-3
    state: absent
"""

RETURN = r"""
machine:
  description: The allocated machine with its C(allocation) (asn, image, networks with their IPs); null after freeing.
  returned: when O(allocations) is not used
  type: dict
allocations:
  description: One machine per entry of O(allocations); null for freed ones.
  returned: when O(allocations) is used
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.list_form import check_list_entries
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import ROLES, Allocator

NETWORK_OPTIONS = {
    "network": {"type": "str", "required": True},
    "partition": {"type": "str"},
    "auto_acquire": {"type": "bool", "default": True},
}
ALLOCATION_OPTIONS = {
    "project": {"type": "str"},
    "hostname": {"type": "str"},
    "name": {"type": "str"},
    "description": {"type": "str"},
    "partition": {"type": "str"},
    "size": {"type": "str"},
    "image": {"type": "str"},
    "role": {"type": "str", "choices": list(ROLES)},
    "machine": {"type": "str"},
    "networks": {"type": "list", "elements": "dict", "options": NETWORK_OPTIONS},
    "ips": {"type": "list", "elements": "str"},
    "ssh_keys": {"type": "list", "elements": "str", "no_log": False},
    "userdata": {"type": "str"},
    "tags": {"type": "list", "elements": "str"},
    "placement_tags": {"type": "list", "elements": "str"},
    "reinstall": {"type": "bool", "default": False},
}


STATE_OPTION = {"type": "str", "choices": ["present", "absent"], "default": "present"}
ENTRY_OPTIONS = dict(ALLOCATION_OPTIONS, state=STATE_OPTION)


def argument_spec():
    spec = store_argument_spec()
    spec.update(ALLOCATION_OPTIONS)
    spec["state"] = STATE_OPTION
    spec["allocations"] = {"type": "list", "elements": "dict"}  # each entry is checked against ENTRY_OPTIONS in main()
    return spec


def without_userdata(document):
    if document and document.get("allocation"):
        allocation = dict(document["allocation"])
        allocation["userdata_set"] = bool(allocation.pop("userdata", ""))
        document = dict(document, allocation=allocation)
    return document


def apply(tx, params):
    allocator = Allocator(tx)
    if params["allocations"] is not None:
        return {"allocations": [without_userdata(d) for d in allocator.apply_all(params["allocations"])]}
    if params["state"] == "absent":
        allocator.ensure_absent(params["project"], params["hostname"])
        return {"machine": None}
    return {"machine": without_userdata(allocator.ensure_present(params))}


def main():
    module = FleetModule(argument_spec=argument_spec(), supports_check_mode=True,
                         required_one_of=[("hostname", "allocations")], mutually_exclusive=[("hostname", "allocations")])
    check_list_entries(module, "allocations", ENTRY_OPTIONS)
    run_store_module(module, lambda tx: apply(tx, module.params))


if __name__ == "__main__":
    main()
