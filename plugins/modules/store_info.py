#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: store_info
short_description: Describe the fleet store
version_added: 0.1.0
description:
  - Opens the fleet store (creating and migrating it when needed) and returns its backend, schema version and the
    number of rows per entity kind.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options: {}
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Which store is in use, and how full
  metalfleet.datacenter.store_info:
  register: fleet_store
"""

RETURN = r"""
backend:
  description: V(sqlite) or V(postgresql).
  returned: always
  type: str
  sample: sqlite
location:
  description: The store's DSN with any password masked.
  returned: always
  type: str
  sample: sqlite:///home/ops/.local/share/metalfleet/fleet.db
schema_version:
  description: Schema version of the store.
  returned: always
  type: int
  sample: 1
counts:
  description: Number of rows per entity kind.
  returned: always
  type: dict
  sample: {"network": 5, "prefix": 9, "ip": 120, "audit_entry": 140}
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.audit import entity_counts


def describe(tx):
    store = tx.store
    return {"backend": store.backend.name, "location": store.location.redacted(), "schema_version": store.schema_version,
            "counts": entity_counts(tx)}


def main():
    module = FleetModule(argument_spec=store_argument_spec(), supports_check_mode=True)
    run_store_module(module, describe, write=False)


if __name__ == "__main__":
    main()
