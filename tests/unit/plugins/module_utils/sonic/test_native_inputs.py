# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading a switch's facts from the store: fabric ports in both directions, tenants, partition services."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native_inputs import TenantNetwork, read_switch_facts
from tests.unit.plugins.module_utils.sonic.switch_setup import register_fabric, require_shared, sqlite_store


def test_facts_of_the_fabric(tmp_path):
    require_shared()
    store = sqlite_store(tmp_path)
    try:
        def work(tx):
            register_fabric(tx)
            NetworkService(tx).ensure_present({"name": "internet", "type": "external", "prefixes": ["185.1.2.0/24"], "vrf": 104009})
            return {name: read_switch_facts(tx, name) for name in ("spine01", "leaf01", "exit01")}
        facts = store.run(work)
        with pytest.raises(NotFoundError, match="switch: no switch 'nope'"):
            store.run(lambda tx: read_switch_facts(tx, "nope"), write=False)
        store.run(lambda tx: PartitionStore(tx).ensure_present({"id": "fra", "mgmt_service_address": "mgmt.example:4242"}))
        with pytest.raises(ValidationError) as raised:
            store.run(lambda tx: read_switch_facts(tx, "leaf01"), write=False)
        assert raised.value.field == "mgmt_service_address"
    finally:
        store.close()
    assert facts["spine01"].fabric_ports == ("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12", "Ethernet20", "Ethernet24")
    assert facts["spine01"].tenants == () and facts["spine01"].dhcp_relay is None
    assert facts["leaf01"].tenants == (TenantNetwork(1, ("p1/shop",)), TenantNetwork(2, ("p2/analytics",)))
    assert facts["exit01"].tenants[-1] == TenantNetwork(104009, ("internet",)), "exits also carry external VRFs"
    assert facts["leaf01"].dhcp_relay == "10.1.0.2" and facts["leaf01"].syslog_servers == ("10.1.0.5",)
