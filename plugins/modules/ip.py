#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: ip
short_description: Acquire and release IP addresses in fleet networks
version_added: 0.1.0
description:
  - Acquires the lowest free address of a network (or a given one), changes its attributes, or releases it.
  - An IP is identified by O(network) and O(name), or by its address O(ip). Acquiring by name is idempotent.
  - The list form O(ips) applies many requests in one transaction, for pools of hundreds of addresses in one task.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
attributes:
  check_mode:
    support: full
    details: Check mode returns the address that a real run would acquire.
  diff_mode:
    support: full
options:
  network:
    description: Network name or id. In the list form, the default for entries that name none.
    type: str
  partition:
    description: Partition of O(network), where network names repeat across partitions.
    type: str
  name:
    description: Name of the IP, unique within its network.
    type: str
  ip:
    description: A specific address to acquire, change or release.
    type: str
  address_family:
    description: Family of a new address. Default IPv4, or IPv6 for IPv6-only networks.
    type: str
    choices: [IPv4, IPv6]
  type:
    description: V(ephemeral) IPs are cleaned up with what uses them; V(static) ones are kept. A static IP cannot become ephemeral.
    type: str
    choices: [ephemeral, static]
  description:
    description: Free text.
    type: str
  project:
    description: Project of the IP. In a child network it is the network's project.
    type: str
  tags:
    description: Tags of the IP.
    type: list
    elements: str
  state:
    description:
      - Whether the IP should be held.
      - An IP that an allocated machine uses is released only by freeing the allocation; V(absent) fails for it, and so
        does a change of its O(project).
    type: str
    choices: [present, absent]
    default: present
  ips:
    description:
      - Many requests in one transaction. Each entry takes the options above, including O(state), checked exactly as
        they are for a single request (types, choices, unknown options refused); top-level options are defaults for
        the options an entry leaves out.
      - Errors name the entry, for example C(ips[3].ip); any error leaves the store unchanged.
    type: list
    elements: dict
seealso:
  - module: metalfleet.datacenter.ip_info
  - module: metalfleet.datacenter.network
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: An address for the load balancer
  metalfleet.datacenter.ip:
    network: internet
    name: lb-shop
    type: static
  register: lb

- name: Several addresses in one transaction (the list may hold hundreds)
  metalfleet.datacenter.ip:
    network: web
    partition: fra-1
    ips:
      - name: pool-1
      - name: pool-2
      - name: pool-v6
        address_family: IPv6
      - ip: 10.0.0.50
        state: absent

- name: Release it
  metalfleet.datacenter.ip:
    network: internet
    name: lb-shop
    state: absent
"""

RETURN = r"""
ip:
  description: The address (single form); null when released or absent.
  returned: when O(ips) is not used
  type: str
  sample: 10.0.0.1
record:
  description: >-
    The IP record (single form) with address, network, partition, namespace (the IPAM namespace: V(root) unless the
    network is a child of a V(super_namespaced) network), family, name, project, type, tags, prefix.
  returned: when O(ips) is not used
  type: dict
ips:
  description: One record per entry of O(ips), in order; null for released entries.
  returned: when O(ips) is used
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.list_form import check_list_entries
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.entity_store import reindex_error
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IP_TYPES, IpService

REQUEST_OPTIONS = {
    "network": {"type": "str"},
    "partition": {"type": "str"},
    "name": {"type": "str"},
    "ip": {"type": "str"},
    "address_family": {"type": "str", "choices": ["IPv4", "IPv6"]},
    "type": {"type": "str", "choices": list(IP_TYPES)},
    "description": {"type": "str"},
    "project": {"type": "str"},
    "tags": {"type": "list", "elements": "str"},
}


#: one entry of the list form; no defaults here, the top-level options are the defaults (see apply())
ENTRY_OPTIONS = dict(REQUEST_OPTIONS, state={"type": "str", "choices": ["present", "absent"]})


def argument_spec():
    spec = store_argument_spec()
    spec.update(REQUEST_OPTIONS)
    spec["state"] = {"type": "str", "choices": ["present", "absent"], "default": "present"}
    spec["ips"] = {"type": "list", "elements": "dict"}  # each entry is checked against ENTRY_OPTIONS in main()
    return spec


def _apply_one(service, request):
    if request.get("state") == "absent":
        service.ensure_absent(request)
        return None
    return service.ensure_present(request)


def _with_index(index, func, request):
    """Run one list entry; name the entry in any error (``ips[3].ip``)."""
    try:
        return func(request)
    except FleetError as exc:
        raise reindex_error(exc, "ips[%d]." % index) from None


def apply(tx, params):
    service = IpService(tx)
    if params["ips"] is None:
        record = _apply_one(service, params)
        return {"ip": record["address"] if record else None, "record": record}
    defaults = {k: params[k] for k in REQUEST_OPTIONS}
    defaults["state"] = params["state"]
    records = []
    for index, entry in enumerate(params["ips"]):
        request = dict(defaults)
        request.update({k: v for k, v in entry.items() if v is not None})
        records.append(_with_index(index, lambda r: _apply_one(service, r), request))
    return {"ips": records}


def main():
    module = FleetModule(argument_spec=argument_spec(), supports_check_mode=True)
    check_list_entries(module, "ips", ENTRY_OPTIONS)
    run_store_module(module, lambda tx: apply(tx, module.params))


if __name__ == "__main__":
    main()
