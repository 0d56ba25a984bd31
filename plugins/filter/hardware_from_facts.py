# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``metalfleet.datacenter.hardware_from_facts`` filter: a machine's hardware document from Ansible facts."""
from __future__ import annotations

DOCUMENTATION = r"""
name: hardware_from_facts
short_description: Build a machine's hardware description from gathered facts
version_added: 0.1.0
author: metalfleet contributors (@metalfleet)
description:
  - Turns the facts of C(ansible.builtin.setup) into the hardware shape that M(metalfleet.datacenter.machine) takes.
  - CPUs from C(processor), C(processor_count), C(processor_cores) and C(processor_threads_per_core); memory from
    C(memtotal_mb) (the memory the kernel sees, a little less than what is installed - size memory constraints with
    some room); disks from C(devices) (loop, ram, optical and device-mapper devices left out); NICs with a MAC from
    C(interfaces). GPUs and switch neighbours are not in the standard facts.
  - Keys with or without the C(ansible_) prefix are accepted, so both C(ansible_facts) and C(hostvars[host]) work.
options:
  _input:
    description: The facts.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Register gathered hosts as machines
  metalfleet.datacenter.machine:
    id: "{{ ansible_facts.product_uuid }}"
    partition: fra-1
    hardware: "{{ ansible_facts | metalfleet.datacenter.hardware_from_facts }}"
  delegate_to: localhost
"""

RETURN = r"""
_value:
  description: Hardware with C(memory), C(cpus), C(disks), C(gpus) and C(nics).
  type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.hardware import hardware_from_facts


def to_hardware(facts):
    """Filter implementation."""
    if not isinstance(facts, dict):
        raise AnsibleFilterError("hardware_from_facts expects the facts as a mapping, got %s" % type(facts).__name__)
    try:
        return hardware_from_facts(facts)
    except (TypeError, ValueError) as error:
        raise AnsibleFilterError("hardware_from_facts: unexpected fact value: %s" % error) from error


class FilterModule:
    """Machine hardware filters of metalfleet.datacenter."""

    def filters(self):
        return {"hardware_from_facts": to_hardware}
