#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: size
short_description: Manage sizes (machine classes) and their reservations in the fleet store
version_added: 0.1.0
description:
  - Creates, changes and removes sizes. A machine belongs to the one size whose constraints its hardware meets
    (see M(metalfleet.datacenter.size_info) with O(metalfleet.datacenter.size_info#module:match)).
  - Constraints are validated as in metal-stack (C(max) not below C(min), identifiers are valid globs, C(gpu) needs an
    identifier, C(memory) has none, at most one C(cores) and one C(memory) constraint) and a size must not overlap any
    other size; the error names both sizes.
  - Memory and storage bounds take explicit units - V(800GB) is decimal (800 x 1000^3 bytes), V(745GiB) binary
    (745 x 1024^3 bytes), a bare number is bytes; anything else fails naming the value. They are stored and returned as
    integers (bytes).
  - Options that are not given keep their stored value. O(constraints), O(labels) and O(reservations) given replace
    the stored ones.
  - Manages one size (O(id)) or a whole list (O(sizes)) in one transaction; in the list form overlaps are checked
    after the whole list is applied. With O(prune) unlisted sizes are removed, except those machines use.
  - Removing a size that machines use fails naming them. Its reservations are removed with it.
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
      - Id of the size, for example V(c1-xlarge-x86). V(unknown) is reserved for machines that match no size.
      - Required unless O(sizes) is given.
    type: str
  constraints:
    description:
      - Hardware constraints; a machine matches when every constraint is in range and every CPU, disk, GPU and the
        memory is covered by a constraint of its type. A size without constraints never matches.
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - V(cores) sums the cores of the CPUs whose model matches O(constraints[].identifier);
            V(memory) is the memory; V(storage) sums the sizes of the disks whose name matches;
            V(gpu) counts the GPUs whose model matches.
        type: str
        choices: [cores, memory, storage, gpu]
      min:
        description:
          - Lower bound (inclusive). For V(memory) and V(storage) bytes or a size with unit such as V(800GB).
          - At most 9223372036854775807 (2^63-1, just under 8 EiB), the largest number the store holds.
        type: raw
      max:
        description: Upper bound (inclusive), like O(constraints[].min).
        type: raw
      identifier:
        description:
          - Glob with Go C(filepath.Match) rules matched against CPU model, disk name or GPU model - C(*) does not match
            C(/), C([...]) is a character class, C(\) escapes. Empty matches everything. At most 128 characters.
        type: str
  reservations:
    description:
      - Machines of this size kept for projects. The size's reservations become exactly this list, in this order
        (allocation checks them in order).
    type: list
    elements: dict
    suboptions:
      amount:
        description: Number of machines kept, 1-2147483647.
        type: int
      project:
        description: Project the machines are kept for.
        type: str
      partitions:
        description: Partitions (existing, no duplicates) the reservation applies to.
        type: list
        elements: str
      description:
        description: Free text.
        type: str
      labels:
        description: Key/value labels.
        type: dict
  sizes:
    description:
      - Apply a list of sizes in one transaction. Each entry takes the options O(id) (required), O(name),
        O(description), O(labels), O(constraints), O(reservations) and O(state).
      - Errors name the entry, for example C(sizes[3].constraints[0].min).
    type: list
    elements: dict
seealso:
  - module: metalfleet.datacenter.size_info
  - module: metalfleet.datacenter.size_suggest
  - module: metalfleet.datacenter.partition
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: A GPU size
  metalfleet.datacenter.size:
    id: n2-medium-x86
    name: n2-medium-x86
    constraints:
      - {type: cores, identifier: "Intel Xeon Silver*", min: 8, max: 8}
      - {type: memory, min: 256GiB, max: 256GiB}
      - {type: gpu, identifier: "H100*", min: 4, max: 4}
      - {type: storage, identifier: "/dev/nvme*", min: 800GB, max: 1000GB}
    reservations:
      - amount: 3
        project: 55a2f43f-d297-4cdf-990d-ff042e001f58
        partitions: [fra-equ01]
        description: Keep machines for firewall updates

- name: The complete list of sizes
  metalfleet.datacenter.size:
    sizes: "{{ my_sizes }}"
    prune: true
"""

RETURN = r"""
size:
  description: The size after the run (as it would be, in check mode); null after removal. Single form only.
  returned: when O(id) is given
  type: dict
  contains:
    constraints:
      description: Constraints with C(type), C(min), C(max) (integers, bytes for memory and storage) and C(identifier).
      type: list
      elements: dict
      sample: [{type: memory, min: 274877906944, max: 274877906944, identifier: ""}]
    reservations:
      description: Reservations with C(id) (derived from size, project and partitions), C(amount), C(project),
        C(partitions), C(description) and C(labels).
      type: list
      elements: dict
sizes:
  description: The listed sizes after the run (absent ones left out), in list order.
  returned: when O(sizes) is given
  type: list
  elements: dict
removed:
  description: Ids of the sizes O(prune) removed.
  returned: when O(sizes) is given
  type: list
  elements: str
kept_in_use:
  description: Ids of unlisted sizes O(prune) kept because machines use them.
  returned: when O(sizes) is given
  type: list
  elements: str
machines_rematched:
  description: How many free machines got another size because sizes changed (they are in the diff too).
  returned: when a size changed
  type: int
  sample: 3
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule, run_store_module
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.catalog_module import (
    apply_catalog_params,
    catalog_argument_spec,
    catalog_module_kwargs,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import CONSTRAINT_TYPES
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore

ENTRY_OPTIONS = {
    "name": {"type": "str"},
    "description": {"type": "str"},
    "labels": {"type": "dict"},
    "constraints": {"type": "list", "elements": "dict", "options": {
        "type": {"type": "str", "choices": list(CONSTRAINT_TYPES)},
        "min": {"type": "raw"},
        "max": {"type": "raw"},
        "identifier": {"type": "str"},
    }},
    "reservations": {"type": "list", "elements": "dict", "options": {
        "amount": {"type": "int"},
        "project": {"type": "str"},
        "partitions": {"type": "list", "elements": "str"},
        "description": {"type": "str"},
        "labels": {"type": "dict"},
    }},
}


def apply(tx, module):
    """Apply the size(s); when any size changed, re-match every free machine (their size may change too)."""
    bulk = module.params["sizes"] is not None
    result = apply_catalog_params(module, SizeStore(tx, defer_overlap_check=bulk), ENTRY_OPTIONS, "size")
    if any(change.kind == "size" for change in tx.changes):
        result["machines_rematched"] = MachineStore(tx).rematch_sizes()
    return result


def main():
    module = FleetModule(argument_spec=catalog_argument_spec(ENTRY_OPTIONS, "sizes"), **catalog_module_kwargs("sizes"))
    run_store_module(module, lambda tx: apply(tx, module))


if __name__ == "__main__":
    main()
