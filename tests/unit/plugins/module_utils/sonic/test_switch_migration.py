# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Copying a Cumulus switch's machine connections to its SONiC replacement."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_migration import migrate_switch
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService
from tests.support import sonic_fabric
from tests.unit.plugins.module_utils.sonic.switch_setup import prepare_partition, require_shared, sqlite_store

OLD = {"name": "leaf01-cl", "partition": "fra", "rack": "r1", "role": "leaf", "os": "cumulus", "loopback": "10.0.1.1", "asn": 4200000100,
       "connections": [{"port": "swp1s1", "machine": sonic_fabric.MACHINE_A, "nic": "eth0"},
                       {"port": "swp2", "machine": sonic_fabric.MACHINE_B, "nic": "eth1"}]}
NEW = dict(sonic_fabric.AS7726, name="leaf01", partition="fra", rack="r1", role="leaf", breakouts={"Ethernet0": "4x25G"},
           mgmt_address="192.168.0.21/24", mgmt_gateway="192.168.0.1", mgmt_mac="0c:29:ef:aa:00:21")


@pytest.fixture
def store(tmp_path):
    require_shared()
    opened = sqlite_store(tmp_path)

    def setup(tx):
        prepare_partition(tx)
        SwitchService(tx).apply_all([OLD, NEW])
    opened.run(setup)
    yield opened
    opened.close()


def test_connections_are_translated_by_lanes_and_the_copy_is_idempotent(store):
    result = store.run(lambda tx: migrate_switch(tx, "leaf01-cl", "leaf01"))
    assert result["migrated"] == [{"machine": sonic_fabric.MACHINE_A, "nic": "eth0", "from": "swp1s1", "to": "Ethernet1"},
                                  {"machine": sonic_fabric.MACHINE_B, "nic": "eth1", "from": "swp2", "to": "Ethernet4"}]
    connections = [(c["port"], c["machine"]) for c in result["switch"]["connections"]]
    assert connections == [("Ethernet1", sonic_fabric.MACHINE_A), ("Ethernet4", sonic_fabric.MACHINE_B)]
    again = store.run(lambda tx: (migrate_switch(tx, "leaf01-cl", "leaf01"), list(tx.changes)))
    assert again[1] == [] and again[0]["switch"]["connections"] == result["switch"]["connections"]


def test_wrong_direction_and_occupied_ports_fail(store):
    with pytest.raises(ValidationError) as raised:
        store.run(lambda tx: migrate_switch(tx, "leaf01", "leaf01-cl"))
    assert raised.value.field == "old"
    store.run(lambda tx: SwitchService(tx).ensure_present({"name": "leaf01", "connections": [
        {"port": "Ethernet4", "machine": sonic_fabric.MACHINE_A, "nic": "eth9"}]}))
    with pytest.raises(ConflictError, match="new: port Ethernet4 of switch leaf01 is already connected"):
        store.run(lambda tx: migrate_switch(tx, "leaf01-cl", "leaf01"))
