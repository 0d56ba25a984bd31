#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: machine_events_info
short_description: Show machines' provisioning events, liveliness and crash loop
version_added: 0.1.0
description:
  - Returns, per machine, its last provisioning events (oldest first), its liveliness evaluated now, its last
    event and whether it is in a crash loop, for the machines matching all given filters.
  - Machines that sent events but are not registered yet are listed too (RV(machines[].registered=false)),
    unless O(partition) or O(project) is given.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.provisioning
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  id:
    description: Only these machines (DMI UUIDs).
    type: list
    elements: str
  partition:
    description: Only registered machines of this partition.
    type: str
  project:
    description: Only machines allocated to this project.
    type: str
  liveliness:
    description: Only machines with this liveliness now.
    type: str
    choices: [Alive, Dead, Unknown]
  crash_loop:
    description: Only machines in a crash loop (V(true)) or not in one (V(false)).
    type: bool
  events:
    description: How many of each machine's last events to return (V(0) for none; at most 100, what is kept).
    type: int
    default: 100
seealso:
  - module: metalfleet.datacenter.machine_liveliness
  - module: metalfleet.datacenter.machine_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Machines of fra-1 stuck in a crash loop, with their last 10 events
  metalfleet.datacenter.machine_events_info:
    partition: fra-1
    crash_loop: true
    events: 10
  register: crashing

- name: Dead machines (no event for 5 minutes while free)
  metalfleet.datacenter.machine_events_info:
    liveliness: Dead
    events: 0
  register: dead
"""

RETURN = r"""
machines:
  description: The matching machines ordered by id.
  returned: always
  type: list
  elements: dict
  contains:
    machine_id:
      description: DMI UUID of the machine.
      type: str
    registered:
      description: Whether the machine is registered (it may send its first events before it is).
      type: bool
    partition:
      description: Partition of a registered machine.
      type: str
    project:
      description: Project of the allocation, or null.
      type: str
    hostname:
      description: Host name of the allocation, or null.
      type: str
    event_container:
      description: Whether the machine ever booted through the boot service (has events).
      type: bool
    liveliness:
      description: V(Alive), V(Dead) or V(Unknown), evaluated now.
      type: str
    last_event:
      description: The last stored provisioning event.
      type: str
    last_event_time:
      description: When the machine was last heard from (ISO 8601 UTC), or null.
      type: str
    crash_loop:
      description: Set by V(Crashed) (or a provisioning restarted unexpectedly), cleared by V(Phoned Home).
      type: bool
    failed_reclaim:
      description: The machine phoned home more than 5 minutes after a V(Machine Reclaim).
      type: bool
    last_error:
      description: The last crash or unexpected event with its message.
      type: str
    report_error:
      description: The C(error) of the machine's last hardware report (empty when collecting succeeded).
      type: str
    events:
      description: The last O(events) events, oldest first.
      type: list
      elements: dict
      sample: [{"time": "2026-12-02T10:00:00.000000Z", "event": "PXE Booting", "message": ""}]
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.events_view import machine_events
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import system_clock


def main():
    spec = store_argument_spec()
    spec.update(
        id={"type": "list", "elements": "str"},
        partition={"type": "str"},
        project={"type": "str"},
        liveliness={"type": "str", "choices": ["Alive", "Dead", "Unknown"]},
        crash_loop={"type": "bool"},
        events={"type": "int", "default": 100},
    )
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    run_store_module(module, lambda tx: {"machines": machine_events(
        tx, system_clock(), ids=p["id"], partition=p["partition"], project=p["project"], liveliness=p["liveliness"],
        crash_loop=p["crash_loop"], events=p["events"])}, write=False)


if __name__ == "__main__":
    main()
