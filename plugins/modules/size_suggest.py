#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: size_suggest
short_description: Suggest size constraints that describe a machine's hardware exactly
version_added: 0.1.0
description:
  - Computes constraints from one machine's hardware like metal-stack's C(size suggest) - C(cores), C(memory) and
    C(storage) with min = max = the machine's amount, identifiers the longest common prefix of the CPU models or disk
    names plus C(*), and one C(gpu) constraint per GPU model.
  - Unlike metal-stack, glob characters in models are escaped with a backslash (the C([) of
    V(AD102GL [RTX 6000 Ada Generation]) would otherwise start a character class), so the suggestion matches the
    machine it came from; RV(self_match) proves it.
  - Pure computation; it neither reads nor writes the fleet store (no C(store) option), so it works without one.
extends_documentation_fragment:
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
options:
  hardware:
    description:
      - Hardware as a machine reports it - C(memory) (bytes or with unit such as V(512GiB)), C(cpus) (list of C(model),
        C(cores)), C(gpus) (list of C(model)) and C(disks) (list of C(name), C(size)).
    type: dict
    required: true
  id:
    description: Id of the size to suggest; when given, RV(size) is ready for M(metalfleet.datacenter.size).
    type: str
  name:
    description: Name of the size to suggest.
    type: str
  escape:
    description: Escape glob characters in identifiers. V(false) gives metal-stack's raw identifiers.
    type: bool
    default: true
seealso:
  - module: metalfleet.datacenter.size
  - module: metalfleet.datacenter.size_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Suggest a size for a new GPU server
  metalfleet.datacenter.size_suggest:
    id: g1-large-x86
    hardware:
      memory: 512GiB
      cpus:
        - {model: AMD EPYC 9354P 32-Core Processor, cores: 32}
      gpus:
        - {model: "AD102GL [RTX 6000 Ada Generation]"}
        - {model: "AD102GL [RTX 6000 Ada Generation]"}
      disks:
        - {name: /dev/nvme0n1, size: 3840GB}
        - {name: /dev/nvme1n1, size: 3840GB}
  register: suggestion

- name: Create it
  metalfleet.datacenter.size: "{{ suggestion.size }}"
"""

RETURN = r"""
constraints:
  description: The suggested constraints; C(min) and C(max) are integers (bytes for memory and storage).
  returned: always
  type: list
  elements: dict
  sample: [{type: cores, min: 32, max: 32, identifier: AMD EPYC 9354P 32-Core Processor}]
readable_constraints:
  description: The same constraints with memory and storage written exactly with units (V(512GiB), V(7680GB)).
  returned: always
  type: list
  elements: dict
size:
  description: C(id), C(name) and C(constraints), ready to pass to M(metalfleet.datacenter.size).
  returned: when O(id) is given
  type: dict
self_match:
  description: Whether the suggested constraints match the hardware they came from (size matching rules).
  returned: always
  type: bool
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import fail_from_error
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.hardware_input import hardware_option
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import SizeMatcher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import BYTE_CONSTRAINT_TYPES
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_suggest import suggest_constraints
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.units import format_bytes


def readable(constraint: dict) -> dict:
    if constraint["type"] not in BYTE_CONSTRAINT_TYPES:
        return dict(constraint)
    return dict(constraint, min=format_bytes(constraint["min"]), max=format_bytes(constraint["max"]))


def suggest(params) -> dict:
    hardware = hardware_option(params["hardware"], "hardware")
    constraints = suggest_constraints(hardware, escape=params["escape"])
    matcher = SizeMatcher([{"id": params["id"] or "suggested", "constraints": constraints}])
    result = {
        "changed": False,
        "constraints": constraints,
        "readable_constraints": [readable(c) for c in constraints],
        "self_match": bool(matcher.matching_ids(hardware)),
    }
    if params["id"]:
        result["size"] = {"id": params["id"], "name": params["name"] or params["id"], "constraints": constraints}
    return result


def main():
    module = AnsibleModule(
        argument_spec={
            "hardware": {"type": "dict", "required": True},
            "id": {"type": "str"},
            "name": {"type": "str"},
            "escape": {"type": "bool", "default": True},
        },
        supports_check_mode=True,
    )
    try:
        result = suggest(module.params)
    except FleetError as exc:
        fail_from_error(module, exc)
        return
    module.exit_json(**result)


if __name__ == "__main__":
    main()
