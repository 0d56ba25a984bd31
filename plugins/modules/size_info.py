#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: size_info
short_description: List the sizes of the fleet catalog and find the size of some hardware
version_added: 0.1.0
description:
  - Returns the sizes matching all given filters, ordered by id, with their reservations.
  - With O(match), also tells which size a machine with that hardware belongs to, exactly as metal-stack decides it -
    exactly one size must match, else the result is V(unknown) with the reason (no size matched, or the sizes that did).
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.catalog.info_filters
  - metalfleet.datacenter.catalog.info_labels
options:
  match:
    description:
      - Hardware as a machine reports it - C(memory) (bytes or with unit such as V(512GiB)), C(cpus) (list of C(model),
        C(cores)), C(gpus) (list of C(model)) and C(disks) (list of C(name), C(size)). It is matched against every
        stored size, whatever the filters.
    type: dict
seealso:
  - module: metalfleet.datacenter.size
  - module: metalfleet.datacenter.size_suggest
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Which size is this machine?
  metalfleet.datacenter.size_info:
    match:
      memory: 256GiB
      cpus:
        - {model: Intel Xeon Silver 4314, cores: 16}
      disks:
        - {name: /dev/nvme0n1, size: 960GB}
  register: found

- name: Show it
  ansible.builtin.debug:
    msg: "{{ found.match.size_id }}: {{ found.match.reason }}"
"""

RETURN = r"""
sizes:
  description: Matching sizes; same shape as the RV(metalfleet.datacenter.size#module:size) result.
  returned: always
  type: list
  elements: dict
match:
  description: The outcome of O(match).
  returned: when O(match) is given
  type: dict
  contains:
    size_id:
      description: The one size that matched, or V(unknown).
      type: str
      sample: c1-large-x86
    reason:
      description: Why - which size matched, that none did (with a summary of the hardware), or which ones did.
      type: str
      sample: 'the hardware matches size "c1-large-x86"'
    matched_ids:
      description: Every size that matched.
      type: list
      elements: str
    size:
      description: The matched size's document; null when the result is V(unknown).
      type: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule, run_store_module
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.catalog_module import filtered_documents, info_argument_spec
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore


def main():
    module = FleetModule(argument_spec=info_argument_spec({"match": {"type": "dict"}}), supports_check_mode=True)
    params = module.params

    def work(tx):
        sizes = SizeStore(tx)
        result = {"sizes": filtered_documents(sizes, params)}
        if params["match"] is not None:
            result["match"] = sizes.match(params["match"])
        return result

    run_store_module(module, work, write=False)


if __name__ == "__main__":
    main()
