# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``metalfleet.datacenter.cidr`` test: is a value an IPv4 or IPv6 network in CIDR notation?"""
from __future__ import annotations

DOCUMENTATION = r"""
name: cidr
short_description: Whether a value is an IPv4 or IPv6 network in CIDR notation
version_added: 0.1.0
author: metalfleet contributors (@metalfleet)
description:
  - True for C(10.0.0.0/8), C(192.0.2.7/32) or C(2001:db8::/32); false for anything else, including an address
    without a prefix length and a network with host bits set (C(10.0.0.1/8)).
  - Used by the role M(metalfleet.datacenter.fleet_store) to check its list of allowed client networks.
options:
  _input:
    description: The value to test.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Only networks
  ansible.builtin.assert:
    that: "'10.0.0.0/8' is metalfleet.datacenter.cidr"
"""

RETURN = r"""
_value:
  description: Whether the input is a network in CIDR notation.
  type: bool
"""

import ipaddress


def is_cidr(value) -> bool:
    if not isinstance(value, str) or "/" not in value:
        return False
    try:
        ipaddress.ip_network(value.strip(), strict=True)
    except ValueError:
        return False
    return True


class TestModule(object):
    def tests(self):
        return {"cidr": is_cidr}
