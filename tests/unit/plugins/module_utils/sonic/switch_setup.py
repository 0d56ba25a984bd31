# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fill a store with the test partition of ``tests.support.sonic_fabric`` (partition, networks, machines, switches)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store
from tests.support import sonic_fabric
from tests.support.machines_stub import add_machine_in_tx


def require_shared():
    if not sonic_fabric.have_shared_data():
        pytest.skip(f"shared SONiC platforms/YANG models not found under {sonic_fabric.SHARED} (set METALFLEET_SHARED)")


def prepare_partition(tx) -> None:
    """Partition, networks and two machines, no switches."""
    PartitionStore(tx).ensure_present(dict(sonic_fabric.PARTITION_SPEC))
    service = NetworkService(tx)
    for spec in sonic_fabric.NETWORK_SPECS:
        service.ensure_present(dict(spec))
    for machine in (sonic_fabric.MACHINE_A, sonic_fabric.MACHINE_B):
        add_machine_in_tx(tx, machine, sonic_fabric.PARTITION)


def register_fabric(tx) -> list:
    prepare_partition(tx)
    return SwitchService(tx).apply_all(sonic_fabric.switch_specs())


def sqlite_store(tmp_path):
    return open_store(parse_location("sqlite://" + str(tmp_path / "fleet.db")))
