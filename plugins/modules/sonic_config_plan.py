#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: sonic_config_plan
short_description: Decide how to apply a desired SONiC config_db to a running switch (nothing, config load, config reload)
version_added: 1.0.0
description:
  - Compares the running configuration of a SONiC switch (O(running), for example the output of
    C(show runningconfiguration all)) with a desired config_db (O(desired), as rendered by
    M(metalfleet.datacenter.sonic_config)), restricted to what the collection owns.
  - The collection owns the tables and fields its renderer writes. It never touches other tables, other fields of
    its rows, or metal-core's dynamic rows - tenant VRFs (C(Vrf<digits>)), VLANs in O(dynamic_vlans) with their
    members, interfaces and VXLAN maps, and the INTERFACE and VLAN_MEMBER rows, C(admin_status) and C(mtu) of machine
    ports (ports the desired config does not use, plus O(machine_ports)).
  - Returns the action - V(none), V(load) (only rows or fields to add or change, which C(config load) merges) or
    V(reload) (rows or fields must be removed, which needs C(config reload)) - and the rows to load.
  - The module only computes; the P(metalfleet.datacenter.sonic_switch#role) role acts on the result.
extends_documentation_fragment:
  - metalfleet.datacenter.attributes
attributes:
  check_mode:
    support: full
    details: The module never changes anything; check mode returns the same plan.
  diff_mode:
    support: full
    details: The diff holds before (running, owned part) and after (desired) of the tables that differ.
options:
  desired:
    description: The desired config_db, table -> key -> fields.
    type: dict
    required: true
  running:
    description: The running config_db, table -> key -> fields.
    type: dict
    required: true
  machine_ports:
    description: Ports to treat as machine ports (left to metal-core) in addition to the ports the desired config does not use.
    type: list
    elements: str
    default: []
  dynamic_vlans:
    description: First and last VLAN id of the range metal-core allocates tenant VLANs from.
    type: list
    elements: int
    default: [1001, 2000]
notes:
  - C(changed) is true when the plan is not V(none), so a run reports what would change on the switch.
seealso:
  - module: metalfleet.datacenter.sonic_config
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Read the running configuration
  ansible.builtin.command: show runningconfiguration all
  register: running
  changed_when: false
  check_mode: false

- name: Plan the change
  metalfleet.datacenter.sonic_config_plan:
    desired: "{{ lookup('ansible.builtin.file', 'out/leaf01/config_db.json') | from_json }}"
    running: "{{ running.stdout | from_json }}"
  register: plan

- name: Merge additions and changes
  ansible.builtin.command: config load --yes /etc/sonic/metalfleet/load.json
  when: plan.action == 'load'
  changed_when: true
"""

RETURN = r"""
action:
  description: V(none), V(load) or V(reload).
  returned: always
  type: str
  sample: load
added:
  description: Rows (C(TABLE|key)) of the desired config that the switch lacks.
  returned: always
  type: list
  elements: str
modified:
  description: Rows whose owned fields differ.
  returned: always
  type: list
  elements: str
removed:
  description: Owned rows the switch has but the desired config lacks (they need a reload).
  returned: always
  type: list
  elements: str
removed_fields:
  description: Owned fields (C(TABLE|key field)) the switch has but the desired config lacks (they need a reload).
  returned: always
  type: list
  elements: str
conflicts:
  description: Rows of the desired config that lie in metal-core's space (tenant VRFs, dynamic VLANs), with the reason.
  returned: always
  type: list
  elements: str
foreign:
  description: How many running rows were left alone, per reason.
  returned: always
  type: dict
  sample: {"dynamic VLAN Vlan1001 (metal-core)": 3, "table not managed by the collection": 12}
load_config:
  description: The added and changed rows, as a config_db document for C(config load).
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.ownership import ACTION_NONE, plan_apply


def main():
    module = AnsibleModule(
        argument_spec=dict(
            desired={"type": "dict", "required": True},
            running={"type": "dict", "required": True},
            machine_ports={"type": "list", "elements": "str", "default": []},
            dynamic_vlans={"type": "list", "elements": "int", "default": [1001, 2000]},
        ),
        supports_check_mode=True,
    )
    vlans = module.params["dynamic_vlans"]
    if len(vlans) != 2 or not 1 <= vlans[0] <= vlans[1] <= 4094:
        module.fail_json(msg="dynamic_vlans: must be [first, last] with 1 <= first <= last <= 4094", error="validation", field="dynamic_vlans")
    plan = plan_apply(module.params["running"], module.params["desired"], module.params["machine_ports"], tuple(vlans))
    result = plan.to_dict()
    for conflict in plan.conflicts:
        module.warn(f"desired row in metal-core's space: {conflict}")
    result["changed"] = plan.action != ACTION_NONE
    if module._diff:
        result["diff"] = dict(plan.diff)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
