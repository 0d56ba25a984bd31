#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: network
short_description: Manage super and child networks in the fleet store
version_added: 0.1.0
description:
  - Creates, changes and removes networks and their prefixes in the fleet's IPAM.
  - Super networks (O(type=private_super), V(super_namespaced), V(underlay), V(external)) are defined by their
    prefixes. A V(private_super) network of a partition hands out child networks to projects.
  - A V(super_namespaced) network has no partition; each project's children are allocated in an IPAM namespace of
    the project's own (go-ipam namespaces, as metal-apiserver's super-namespaced networks), so children of different
    projects may overlap. Give it as O(parent) of the child network.
  - Child networks (O(type=child)) take one prefix per address family from the partition's private super network,
    best fit as in go-ipam, and the lowest free VRF id from the pool 1-131072.
  - A network is identified by O(name), O(partition) and, for child networks, O(project).
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.attributes.full_support
options:
  name:
    description:
      - Name of the network, unique within its partition (and project).
      - Letters, digits, V(.), V(_) and V(-), at most 128 characters; see C(docs/limits.md) for every bound.
    type: str
    required: true
  partition:
    description:
      - Partition (IPAM scope) of the network. Prefixes overlapping inside a partition are refused; networks
        without a partition (for example the internet) must not overlap any network.
    type: str
  project:
    description: Project owning a child network. Implies O(type=child) when O(type) is not given.
    type: str
  type:
    description:
      - Kind of network. Defaults to V(child) when O(project) is given, else V(external).
      - At most one V(private_super) and one V(underlay) network exist per partition.
    type: str
    choices: [private_super, super_namespaced, underlay, external, child]
  state:
    description: Whether the network should exist.
    type: str
    choices: [present, absent]
    default: present
  description:
    description: Free text.
    type: str
  labels:
    description: Key/value labels.
    type: dict
  prefixes:
    description:
      - Prefixes of a super network, IPv4 and IPv6 mixed (dual-stack), in canonical form.
      - On an existing network, listed prefixes are added and unlisted unused ones removed.
      - Not used for child networks; their prefixes are allocated.
    type: list
    elements: str
  destination_prefixes:
    description: Prefixes reachable through this network (for example V(0.0.0.0/0) for the internet).
    type: list
    elements: str
  default_child_prefix_length:
    description:
      - >-
        For V(private_super) and V(super_namespaced) networks, the prefix length of child networks per address
        family, for example
        C({IPv4: 22, IPv6: 96}). Required for every family of O(prefixes); each must be longer than those prefixes.
    type: dict
  vrf:
    description: Fixed VRF id (the VNI on the switches, 1-16777215) of a super network. Child networks get one from the pool.
    type: int
  vrf_shared:
    description: Allow O(vrf) to be used by other networks too.
    type: bool
  nat:
    description: Traffic leaving through this network is source-NATed. Not for V(private_super), V(super_namespaced) or V(underlay).
    type: bool
  shared:
    description: A child network other projects may use.
    type: bool
  parent:
    description:
      - V(private_super) or V(super_namespaced) network to allocate a child from; defaults to the partition's
        V(private_super) network.
    type: str
  address_family:
    description: Allocate a child network of one address family only.
    type: str
    choices: [IPv4, IPv6]
  length:
    description:
      - >-
        Prefix length of a child network, overriding the parent's default; a dict per family such as C({IPv4: 26}),
        or a number for the O(address_family) given (or every family).
    type: raw
  force:
    description:
      - With O(state=absent), also release the IPs and remove the child networks the network still holds.
      - Addresses that allocated machines use are never released this way; while there are any, in the network or in a
        child network, the removal fails and names the machines. Free those allocations first.
    type: bool
    default: false
seealso:
  - module: metalfleet.datacenter.network_info
  - module: metalfleet.datacenter.ip
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Tenant super network of partition fra-1 (dual-stack)
  metalfleet.datacenter.network:
    name: tenant-super
    partition: fra-1
    type: private_super
    prefixes: [10.0.0.0/16, "2001:db8:0:10::/64"]
    default_child_prefix_length: {IPv4: 22, IPv6: 96}

- name: Internet, NATed
  metalfleet.datacenter.network:
    name: internet
    type: external
    prefixes: [185.1.2.0/24]
    destination_prefixes: [0.0.0.0/0]
    vrf: 104009
    nat: true

- name: A project's network, IPv4 only, a /26
  metalfleet.datacenter.network:
    name: web
    partition: fra-1
    project: shop
    address_family: IPv4
    length: 26
  register: web_net

- name: A super network whose projects' children may overlap (one IPAM namespace per project)
  metalfleet.datacenter.network:
    name: tenant-namespaced
    type: super_namespaced
    prefixes: [10.128.0.0/14]
    default_child_prefix_length: {IPv4: 22}

- name: A child of it; another project's child may get the same prefix
  metalfleet.datacenter.network:
    name: db
    partition: fra-1
    project: shop
    parent: tenant-namespaced

- name: Remove it again, with whatever IPs it still holds
  metalfleet.datacenter.network:
    name: web
    partition: fra-1
    project: shop
    state: absent
    force: true
"""

RETURN = r"""
network:
  description: The network after the run (as it would be, in check mode); null after removal.
  returned: always
  type: dict
  contains:
    id:
      description: Stable id derived from partition, project and name.
      type: str
      sample: 3b0a6e1e-2b5f-5a49-8a71-2f7a2f1f5c11
    namespace:
      description: >-
        IPAM namespace of the network's prefixes: V(root), or the project for a child of a V(super_namespaced)
        network.
      type: str
      sample: root
    prefixes:
      description: Prefixes of the network.
      type: list
      elements: str
      sample: [10.0.0.0/22, "2001:db8:0:10::/96"]
    vrf:
      description: VRF id.
      type: int
      sample: 1
    usage:
      description:
        - Per address family (V(IPv4), V(IPv6)) C(available_ips), C(used_ips) (including the reserved network and
          broadcast addresses), C(free_ips), C(available_prefixes) (free /30 or /126 units for child prefixes),
          C(available_prefix_blocks) and C(used_prefixes). Counts are capped at 2147483647 as in metal-stack.
      type: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NETWORK_TYPES, NetworkService


def argument_spec():
    spec = store_argument_spec()
    spec.update(
        name={"type": "str", "required": True},
        partition={"type": "str"},
        project={"type": "str"},
        type={"type": "str", "choices": list(NETWORK_TYPES)},
        state={"type": "str", "choices": ["present", "absent"], "default": "present"},
        description={"type": "str"},
        labels={"type": "dict"},
        prefixes={"type": "list", "elements": "str"},
        destination_prefixes={"type": "list", "elements": "str"},
        default_child_prefix_length={"type": "dict"},
        vrf={"type": "int"},
        vrf_shared={"type": "bool"},
        nat={"type": "bool"},
        shared={"type": "bool"},
        parent={"type": "str"},
        address_family={"type": "str", "choices": ["IPv4", "IPv6"]},
        length={"type": "raw"},
        force={"type": "bool", "default": False},
    )
    return spec


def apply(tx, params):
    service = NetworkService(tx)
    if params["state"] == "absent":
        service.ensure_absent(params["name"], params["partition"] or "", params["project"] or "", force=params["force"])
        return {"network": None}
    return {"network": service.ensure_present(params)}


def main():
    module = FleetModule(argument_spec=argument_spec(), supports_check_mode=True)
    run_store_module(module, lambda tx: apply(tx, module.params))


if __name__ == "__main__":
    main()
