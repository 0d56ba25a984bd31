# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``metalfleet.datacenter.bytes`` filter: turn ``800GB`` / ``745GiB`` into a number of bytes."""
from __future__ import annotations

DOCUMENTATION = r"""
name: bytes
short_description: Convert a human byte size such as C(800GB) or C(745GiB) to a number of bytes
version_added: 0.1.0
author: metalfleet contributors (@metalfleet)
description:
  - Returns the number of bytes denoted by the input, for example to write size constraints
    (C(memory), C(storage)) in a readable way.
  - Decimal units C(kB)/C(KB), C(MB), C(GB), C(TB), C(PB), C(EB) (also C(k), C(M), C(G), C(T), C(P), C(E))
    are powers of 1000; binary units C(KiB), C(MiB), C(GiB), C(TiB), C(PiB), C(EiB) (also C(Ki) ... C(Ei))
    are powers of 1024. Unit letters are case-insensitive, a space between number and unit is allowed.
  - An integer, or a string of digits without a unit, is already a number of bytes.
  - A fraction such as C(1.5TiB) is accepted when the result is a whole number of bytes.
  - Negative numbers, booleans, unknown units and fractions of a byte fail the task.
options:
  _input:
    description: The size to convert.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Memory constraint of a size, written readably
  ansible.builtin.set_fact:
    memory_min: "{{ '256GiB' | metalfleet.datacenter.bytes }}"    # 274877906944
    storage_max: "{{ '1.92 TB' | metalfleet.datacenter.bytes }}"  # 1920000000000

- name: Integers pass through unchanged
  ansible.builtin.debug:
    msg: "{{ 1024 | metalfleet.datacenter.bytes }}"               # 1024
"""

RETURN = r"""
_value:
  description: The number of bytes.
  type: int
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.units import parse_bytes


def to_byte_count(value):
    """Filter implementation: the number of bytes of ``value``."""
    try:
        return parse_bytes(value, "bytes")
    except ValidationError as error:
        raise AnsibleFilterError(str(error)) from error


class FilterModule:
    """Byte size filters of metalfleet.datacenter."""

    def filters(self):
        return {"bytes": to_byte_count}
