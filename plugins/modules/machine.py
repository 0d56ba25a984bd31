#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: machine
short_description: Register machines in the fleet, change them, hold them, remove them
version_added: 0.1.0
description:
  - Registers a machine (identified by its DMI UUID) with its partition, rack, hardware and BMC, or updates it.
  - The machine is matched against the stored sizes on registration and whenever its hardware changes; it gets
    exactly one size or C(unknown) with the reason.
  - Operator holds (O(hold)) keep machines out of allocation (V(reserved)) or out of allocation and freeing
    (V(locked)); O(issues) mark a machine faulty.
  - BMC passwords are encrypted at rest and never returned, logged or shown in a diff (the diff shows
    C(bmc.password_version) going up).
  - The list form O(machines) registers many machines in one transaction.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.secret_key
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.attributes.full_support
options:
  id:
    description: DMI product UUID of the machine.
    type: str
  partition:
    description: Partition the machine is in. Required on registration.
    type: str
  rack:
    description:
      - Rack of the machine; allocation spreads projects across racks.
      - Letters, digits, V(.), V(_) and V(-), at most 128 characters; see C(docs/limits.md) for every bound.
    type: str
  hardware:
    description:
      - Hardware as the machine reports it, required on registration. C(memory) (bytes), C(cpus) (C(vendor), C(model),
        C(cores), C(threads)), C(disks) (C(name), C(size) in bytes), C(gpus) (C(vendor), C(model)) and C(nics) (C(name),
        C(mac), C(neighbor) with C(switch) and C(port)). Memory and disk sizes accept units (V(64GiB), V(960GB)).
      - Build it from gathered facts with the P(metalfleet.datacenter.hardware_from_facts#filter) filter.
    type: dict
  bmc:
    description: The machine's BMC.
    type: dict
    suboptions:
      address:
        description: BMC address, an IP address or a host name.
        type: str
      port:
        description: BMC port, 1-65535 (623 for IPMI, 443 for Redfish when not given).
        type: int
      driver:
        description: How to talk to the BMC.
        type: str
        choices: [ipmi, redfish, auto]
      username:
        description: BMC user.
        type: str
      password:
        description: BMC password; stored encrypted with O(secret_key).
        type: str
  hold:
    description: Operator hold. V(reserved) keeps the machine out of allocation, V(locked) also prevents freeing it.
    type: str
    choices: [none, reserved, locked]
  issues:
    description: Problems that make the machine faulty (never allocated). An empty list clears them.
    type: list
    elements: str
  tags:
    description: Tags of the machine.
    type: list
    elements: str
  state:
    description:
      - Whether the machine should be registered. Removal is refused while it is allocated; it also removes the
        machine's switch connections (shown in the diff).
    type: str
    choices: [present, absent]
    default: present
  machines:
    description:
      - Many machines in one transaction. Each entry takes the options above, including O(state), checked exactly as they
        are for a single machine (types, choices, defaults, unknown options refused).
      - Errors name the entry, for example C(machines[3].hardware.memory); any error leaves the store unchanged.
    type: list
    elements: dict
seealso:
  - module: metalfleet.datacenter.machine_allocation
  - module: metalfleet.datacenter.machine_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Register a machine
  metalfleet.datacenter.machine:
    id: 4c4c4544-0042-3510-8052-b4c04f384833
    partition: fra-1
    rack: rack-1
    hardware:
      memory: 256GiB
      cpus:
        - {vendor: GenuineIntel, model: Intel Xeon Gold 6338, cores: 32, threads: 64}
      disks:
        - {name: /dev/nvme0n1, size: 1.92TB}
      nics:
        - {name: eth0, mac: "b4:96:91:00:00:01", neighbor: {switch: leaf01, port: Ethernet0}}
    bmc:
      address: 10.1.0.11
      driver: ipmi
      username: admin
      password: "{{ vault_bmc_password }}"

- name: Register this host from its own facts
  metalfleet.datacenter.machine:
    id: "{{ ansible_facts.product_uuid }}"
    partition: fra-1
    hardware: "{{ ansible_facts | metalfleet.datacenter.hardware_from_facts }}"
  delegate_to: localhost

- name: Take a machine out of service
  metalfleet.datacenter.machine:
    id: 4c4c4544-0042-3510-8052-b4c04f384833
    hold: reserved
"""

RETURN = r"""
machine:
  description: The machine (single form); null after removal. BMC passwords are never returned.
  returned: when O(machines) is not used
  type: dict
  contains:
    state:
      description: V(waiting), V(allocated), V(reserved), V(locked) or V(faulty).
      type: str
    size:
      description: The matched size, or V(unknown).
      type: str
    size_reason:
      description: Why no size matched (empty when one did).
      type: str
    allocation:
      description: The allocation, or null.
      type: dict
machines:
  description:
    - One short summary per entry of O(machines), in the same order.
    - The list form returns summaries, not full machine records, so that registering thousands of machines
      does not produce a result of many megabytes; M(metalfleet.datacenter.machine_info) returns the full records.
  returned: when O(machines) is used
  type: list
  elements: dict
  contains:
    id:
      description: The machine's id.
      type: str
    state:
      description: As RV(machine.state), or V(absent) for an entry whose state is V(absent).
      type: str
    changed:
      description: Whether this entry changed the store.
      type: bool
    partition:
      description: The machine's partition (not returned for removed entries).
      type: str
    rack:
      description: The machine's rack (not returned for removed entries).
      type: str
    size:
      description: The matched size, or V(unknown) (not returned for removed entries).
      type: str
    size_reason:
      description: Why no size matched (not returned for removed entries).
      type: str
    hold:
      description: V(none), V(reserved) or V(locked) (not returned for removed entries).
      type: str
  sample:
    - {id: 4c4c4544-0042-3510-8052-b4c04f384833, partition: fra-1, rack: rack-1, state: waiting, size: c1-large-x86,
       size_reason: "", hold: none, changed: true}
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.list_form import check_list_entries
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import HOLDS, MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import (
    mask_bmc_passwords,
    secret_box_from_params,
    secret_key_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import drop_machine_connections

BMC_OPTIONS = {
    "address": {"type": "str"},
    "port": {"type": "int"},
    "driver": {"type": "str", "choices": ["ipmi", "redfish", "auto"]},
    "username": {"type": "str"},
    "password": {"type": "str", "no_log": True},
}
MACHINE_OPTIONS = {
    "id": {"type": "str"},
    "partition": {"type": "str"},
    "rack": {"type": "str"},
    "hardware": {"type": "dict"},
    "bmc": {"type": "dict", "options": BMC_OPTIONS},
    "hold": {"type": "str", "choices": list(HOLDS)},
    "issues": {"type": "list", "elements": "str"},
    "tags": {"type": "list", "elements": "str"},
}


STATE_OPTION = {"type": "str", "choices": ["present", "absent"], "default": "present"}
#: one entry of the list form: a single machine's options
ENTRY_OPTIONS = dict(MACHINE_OPTIONS, state=STATE_OPTION)


def argument_spec():
    spec = store_argument_spec()
    spec.update(secret_key_argument_spec())
    spec.update(MACHINE_OPTIONS)
    spec["state"] = STATE_OPTION
    spec["machines"] = {"type": "list", "elements": "dict"}  # each entry is checked against ENTRY_OPTIONS in main()
    return spec


def apply(tx, params):
    store = MachineStore(tx, secret_box_from_params(params), on_remove=drop_machine_connections)
    if params["machines"] is not None:
        return {"machines": store.register_all(params["machines"])}
    if params["state"] == "absent":
        store.ensure_absent(params["id"])
        return {"machine": None}
    return {"machine": store.ensure_present(params)}


def main():
    # Ansible scrubs output by searching every string for every no_log value (quadratic); the result shows the
    # masked invocation instead, so the BMC passwords can leave that search (see mask_bmc_passwords).
    module = FleetModule(argument_spec=argument_spec(), supports_check_mode=True,
                         required_one_of=[("id", "machines")], mutually_exclusive=[("id", "machines")])
    check_list_entries(module, "machines", ENTRY_OPTIONS)
    params = module.params
    module.params, passwords = mask_bmc_passwords(params)
    module.no_log_values.difference_update(passwords - {params.get("secret_key"), params.get("store_password")})
    run_store_module(module, lambda tx: apply(tx, params))


if __name__ == "__main__":
    main()
