# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``metalfleet.datacenter.cumulus_to_sonic_port`` filter: ``swp1s2`` -> the SONiC port with the same lanes."""
from __future__ import annotations

DOCUMENTATION = r"""
name: cumulus_to_sonic_port
short_description: Translate a Cumulus port name (C(swpN), C(swpNsM)) to the SONiC port name of the same platform
version_added: 1.0.0
author: metalfleet contributors (@metalfleet)
description:
  - Returns the SONiC port (C(EthernetN)) that uses the same front-panel port and lanes as a Cumulus port, as
    C(metalctl switch migrate) does when a Cumulus switch is replaced by a SONiC one.
  - C(swpN) is the N-th front-panel port of the platform (ports grouped by their C(index)); C(swpNsM) is its M-th
    breakout sub-port, counted in lanes of the SONiC breakout given in O(breakouts), else of the platform's own split
    rows, else one lane per sub-port.
  - Unknown or malformed port names fail the task.
options:
  _input:
    description: The Cumulus port name.
    type: str
    required: true
  platform:
    description:
      - The platform, either the path of its SONiC device directory (C(platform.json), or C(<hwsku>/port_config.ini))
        or parsed C(platform.json) data (a mapping with C(interfaces)).
    type: raw
    required: true
  hwsku:
    description: HWSKU whose C(port_config.ini)/C(hwsku.json) to read when O(platform) is a directory.
    type: str
  breakouts:
    description: "SONiC breakout mode per parent port (for example C({Ethernet0: 4x25G})), to count sub-ports by."
    type: dict
"""

EXAMPLES = r"""
- name: The SONiC name of a machine's switch port
  ansible.builtin.set_fact:
    sonic_port: "{{ 'swp3' | metalfleet.datacenter.cumulus_to_sonic_port('/srv/sonic/device/x86_64-accton_as7726_32x-r0') }}"
    # Ethernet8

- name: A breakout sub-port, counted by the SONiC breakout
  ansible.builtin.set_fact:
    sonic_port: "{{ 'swp1s1' | metalfleet.datacenter.cumulus_to_sonic_port(platform_json, breakouts={'Ethernet0': '4x25G'}) }}"
    # Ethernet1
"""

RETURN = r"""
_value:
  description: The SONiC port name.
  type: str
"""

import functools
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import (
    cumulus_to_sonic_port,
    load_platform,
    platform_from_json,
)


@functools.lru_cache(maxsize=32)
def _platform_from_dir(path, hwsku):
    return load_platform(path, hwsku)


def _platform(platform, hwsku):
    if isinstance(platform, str):
        return _platform_from_dir(platform, hwsku)
    if isinstance(platform, Mapping):
        return platform_from_json(platform)
    raise ValidationError("platform", f"must be a device directory path or parsed platform.json data, got {type(platform).__name__}")


def to_sonic_port(name, platform, hwsku=None, breakouts=None):
    """Filter implementation: the SONiC port using the lanes of Cumulus port ``name``."""
    try:
        return cumulus_to_sonic_port(name, _platform(platform, hwsku), dict(breakouts or {}))
    except (ValidationError, OSError, ValueError) as error:
        raise AnsibleFilterError(f"cumulus_to_sonic_port: {error}") from error


class FilterModule:
    """Switch port filters of metalfleet.datacenter."""

    def filters(self):
        return {"cumulus_to_sonic_port": to_sonic_port}
