#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: partition_info
short_description: List the partitions of the fleet catalog
version_added: 0.1.0
description:
  - Returns the partitions matching all given filters, ordered by id.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.catalog.info_filters
  - metalfleet.datacenter.catalog.info_labels
seealso:
  - module: metalfleet.datacenter.partition
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Every partition
  metalfleet.datacenter.partition_info:
  register: catalog

- name: Show their boot kernels
  ansible.builtin.debug:
    msg: "{{ catalog.partitions | items2dict(key_name='id', value_name='boot') }}"
"""

RETURN = r"""
partitions:
  description: Matching partitions; same shape as the RV(metalfleet.datacenter.partition#module:partition) result.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule, run_store_module
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.catalog_module import filtered_documents, info_argument_spec
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore


def main():
    module = FleetModule(argument_spec=info_argument_spec({}), supports_check_mode=True)
    run_store_module(module, lambda tx: {"partitions": filtered_documents(PartitionStore(tx), module.params)}, write=False)


if __name__ == "__main__":
    main()
