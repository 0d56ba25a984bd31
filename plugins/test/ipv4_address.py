# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``metalfleet.datacenter.ipv4_address`` test: is a value a single IPv4 address?"""
from __future__ import annotations

DOCUMENTATION = r"""
name: ipv4_address
short_description: Whether a value is a single IPv4 address
version_added: 0.1.0
author: metalfleet contributors (@metalfleet)
description:
  - True for C(10.0.0.1) or C(192.0.2.0); false for anything else, including a network (C(10.0.0.0/8)), an IPv6
    address, or an address with leading zeros (C(010.0.0.1)).
  - Used by the role M(metalfleet.datacenter.boot_server) to check its DHCP settings.
options:
  _input:
    description: The value to test.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Only IPv4 addresses
  ansible.builtin.assert:
    that: "'10.0.0.1' is metalfleet.datacenter.ipv4_address"
"""

RETURN = r"""
_value:
  description: Whether the input is an IPv4 address.
  type: bool
"""

import ipaddress


def is_ipv4_address(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        ipaddress.IPv4Address(value.strip())
    except ValueError:
        return False
    return True


class TestModule(object):
    def tests(self):
        return {"ipv4_address": is_ipv4_address}
