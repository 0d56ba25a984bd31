# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures shared by the machines unit tests: healthy machine status views."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.status import MachineStatus

NOW = 1_900_000_000.0


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def make_status():
    """Build a MachineStatus that has no issue unless the keyword arguments give it one.

    The BMC address is derived from the id so every machine's address is distinct.
    """
    def factory(machine_id, **fields):
        values = {
            "partition": "p1",
            "size": "s1",
            "liveliness": "Alive",
            "bmc_address": f"10.0.{len(machine_id)}.{machine_id}",
            "bmc_mac": f"aa:bb:cc:{machine_id}",
            "bmc_updated": NOW - 60,
        }
        values.update(fields)
        return MachineStatus(id=machine_id, **values)
    return factory
