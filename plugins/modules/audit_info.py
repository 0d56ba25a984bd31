#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: audit_info
short_description: Read the fleet store's audit log
version_added: 0.1.0
description:
  - Every change made through the collection's modules is recorded in the store's audit log with time, actor
    (E(METALFLEET_ACTOR) or the user running the module), module, entity kind and id, action, and the entity
    before and after the change. Secrets are masked before they are written.
  - Returns the newest entries first.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  kind:
    description: Only entries about entities of this kind, for example V(network) or V(ip).
    type: str
  entity:
    description: Only entries about this entity id, as shown in the entries (for example V(fra-1/shop/web)).
    type: str
  module:
    description: Only entries written by this module (fully qualified name).
    type: str
  since:
    description: Only entries at or after this UTC time, ISO 8601 (V(2026-11-27) or V(2026-11-27T14:00:00Z)).
    type: str
  limit:
    description: At most this many entries.
    type: int
    default: 100
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: What happened to the web network
  metalfleet.datacenter.audit_info:
    kind: network
    entity: fra-1/shop/web
  register: history
"""

RETURN = r"""
entries:
  description: Audit entries, newest first.
  returned: always
  type: list
  elements: dict
  contains:
    at:
      description: UTC time of the change.
      type: str
      sample: "2026-11-27T14:17:26.248855Z"
    actor:
      description: Who made the change.
      type: str
    module:
      description: Module that made the change.
      type: str
      sample: metalfleet.datacenter.network
    entity_kind:
      description: Kind of entity.
      type: str
      sample: network
    entity_id:
      description: Entity id.
      type: str
    action:
      description: What was done (create, update, delete, acquire, release).
      type: str
    before:
      description: The entity before the change; null for creations.
      type: dict
    after:
      description: The entity after the change; null for removals.
      type: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.audit import read_audit


def main():
    spec = store_argument_spec()
    spec.update(
        kind={"type": "str"},
        entity={"type": "str"},
        module={"type": "str"},
        since={"type": "str"},
        limit={"type": "int", "default": 100},
    )
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    run_store_module(module, lambda tx: {"entries": read_audit(
        tx, entity_kind=p["kind"], entity_id=p["entity"], since=p["since"], module=p["module"], limit=p["limit"])}, write=False)


if __name__ == "__main__":
    main()
