# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SwitchService on both store backends: registration, allocation, connections, bad input, removal."""
from __future__ import annotations

import json

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService, drop_machine_connections
from tests.support import sonic_fabric
from tests.unit.plugins.module_utils.sonic.switch_setup import prepare_partition, register_fabric, require_shared


def spec_of(switch, **changes):
    spec = next(dict(item) for item in sonic_fabric.switch_specs() if item["name"] == switch)
    spec.update(changes)
    return spec


def test_fabric_registration_allocates_and_is_idempotent(store):
    require_shared()
    docs = store.run(register_fabric)
    by_name = {doc["name"]: doc for doc in docs}
    assert [doc["asn"] for doc in docs] == list(range(4200000000, 4200000008))
    assert [doc["loopback"] for doc in docs] == [f"10.0.0.{n}" for n in range(1, 9)]
    leaf01 = by_name["leaf01"]
    assert leaf01["interfaces"][:2] == ["Ethernet0", "Ethernet1"] and {"Ethernet52", "Ethernet53", "Ethernet55"} <= set(leaf01["interfaces"])
    assert "Ethernet54" in leaf01["interfaces"] and leaf01["breakouts"] == {"Ethernet52": "4x25G[10G]"}
    assert leaf01["connections"] == [{"port": "Ethernet0", "machine": sonic_fabric.MACHINE_A, "nic": "eth0"},
                                     {"port": "Ethernet1", "machine": sonic_fabric.MACHINE_B, "nic": "eth0"}]
    assert leaf01["pxe"] == {"vlan": 4000, "address": "10.255.1.1/24", "vni": None}
    assert by_name["leaf03"]["interfaces"][:4] == ["Ethernet0", "Ethernet1", "Ethernet2", "Ethernet3"]
    assert len(by_name["exit01"]["interfaces"]) == 56 and by_name["exit01"]["branch"] == "community"

    def again(tx):
        spine = SwitchService(tx).document(SwitchService(tx).get("spine01"))
        documents = SwitchService(tx).apply_all(sonic_fabric.switch_specs())
        return spine, documents, list(tx.changes)
    spine, documents, changes = store.run(again)
    assert changes == [], "registering the same switches again changed something"
    assert [d["asn"] for d in documents] == [d["asn"] for d in docs]
    # links are stored once but every side sees them
    assert [(n["port"], n["switch"]) for n in spine["neighbors"]] == [
        ("Ethernet0", "leaf01"), ("Ethernet4", "leaf02"), ("Ethernet8", "leaf03"), ("Ethernet12", "leaf04"),
        ("Ethernet20", "exit01"), ("Ethernet24", "exit02")]
    assert spine["links"] == []


def test_updates_are_recorded_with_before_and_after(store):
    require_shared()
    store.run(register_fabric)

    def update(tx):
        doc = SwitchService(tx).ensure_present({"name": "leaf01", "connections": [], "lldp_hello_time": 30, "syslog_servers": ["10.9.9.9"]})
        return doc, list(tx.changes)
    doc, changes = store.run(update)
    (change,) = changes
    assert (change.kind, change.entity_id, change.action) == ("switch", "leaf01", "update")
    assert len(change.before["connections"]) == 2 and change.after["connections"] == []
    assert doc["lldp_hello_time"] == 30 and doc["syslog_servers"] == ["10.9.9.9"]
    rows = store.run(lambda tx: tx.query("SELECT * FROM switch_connections WHERE switch_name = 'leaf01'"))
    assert sorted(r["port"] for r in rows) == ["Ethernet48", "Ethernet56"], "the links must stay when only connections change"


@pytest.mark.parametrize("changes, field, part", [
    ({"connections": [{"port": "Ethernet99", "machine": sonic_fabric.MACHINE_A, "nic": "eth0"}]}, "connections[0].port", "unknown port"),
    ({"breakouts": {"Ethernet52": "8x10G"}}, "breakouts.Ethernet52", "8x10G"),
    ({"breakouts": {"Ethernet999": "4x25G[10G]"}}, "breakouts.Ethernet999", "unknown port"),
    ({"ports": {"Ethernet53": {"speed": 40000}}}, "ports.Ethernet53.speed", "not allowed"),
    ({"pxe": {"vlan": 4095, "address": "10.255.1.1/24"}}, "pxe.vlan", "out of range"),
    ({"pxe": {"vlan": 1500, "address": "10.255.1.1/24"}}, "pxe.vlan", "tenant VRFs"),
    ({"pxe": {"address": "10.255.1.1/24", "vni": 1}}, "pxe.vni", "duplicate VNI 1"),
    ({"mgmt_address": "192.168.0.21"}, "mgmt_address", "no prefix length"),
    ({"pxe": {"address": "10.255.1.1"}}, "pxe.address", "no prefix length"),
    ({"links": [{"port": "Ethernet48", "switch": "leaf02", "switch_port": "Ethernet48"}]}, "links[0].switch", "join a spine"),
    ({"mgmt_mac": "0c:29"}, "mgmt_mac", "not a MAC"),
    ({"mgmt_gateway": ""}, "mgmt_gateway", "needs a gateway"),
])
def test_bad_input_names_the_field(store, changes, field, part):
    require_shared()
    store.run(register_fabric)
    with pytest.raises(ValidationError) as raised:
        store.run(lambda tx: SwitchService(tx).ensure_present(spec_of("leaf01", **changes)))
    assert raised.value.field == field and part in str(raised.value)


def test_lane_conflict_in_platform_data_names_the_field(store, tmp_path):
    require_shared()
    device = tmp_path / "x86_64-bad-r0"
    device.mkdir()
    data = json.loads(open(sonic_fabric.PLATFORMS + "/x86_64-dellemc_s5232f_c3538-r0/platform.json", encoding="utf-8").read())
    data["interfaces"]["Ethernet0"]["lanes"] = "1,2,2,4"
    (device / "platform.json").write_text(json.dumps(data), encoding="utf-8")
    store.run(prepare_partition)
    with pytest.raises(ValidationError) as raised:
        store.run(lambda tx: SwitchService(tx).ensure_present(spec_of("spine01", platform="x86_64-bad-r0", platform_dir=str(tmp_path))))
    assert raised.value.field == "interfaces.Ethernet0.lanes" and "lane conflict" in str(raised.value)


def test_ports_taken_twice_and_unknown_references_conflict(store):
    require_shared()
    store.run(register_fabric)
    taken = {"links": [{"port": "Ethernet48", "switch": "spine01", "switch_port": "Ethernet4"}]}  # leaf02's uplink port
    with pytest.raises(ConflictError, match="links\\[0\\].switch_port: port Ethernet4 of switch spine01 is already connected"):
        store.run(lambda tx: SwitchService(tx).ensure_present(spec_of("leaf01", **taken)))
    with pytest.raises(NotFoundError, match="connections\\[0\\].machine"):
        store.run(lambda tx: SwitchService(tx).ensure_present(spec_of("leaf01", connections=[
            {"port": "Ethernet2", "machine": "00000000-0000-0000-0000-00000000ffff", "nic": "eth0"}])))
    with pytest.raises(ConflictError, match="asn: AS 4200000000 is already used by switch spine01"):
        store.run(lambda tx: SwitchService(tx).ensure_present(spec_of("leaf01", asn=4200000000)))


def test_removal_gives_back_asn_and_loopback_and_is_refused_while_linked(store):
    require_shared()
    store.run(register_fabric)
    with pytest.raises(ConflictError, match="switches exit01, exit02, leaf01, leaf02, leaf03, leaf04 link to switch spine01"):
        store.run(lambda tx: SwitchService(tx).ensure_absent("spine01"))

    def remove_and_add(tx):
        SwitchService(tx).ensure_absent("exit02")
        changes = [(c.kind, c.entity_id, c.action) for c in tx.changes]
        return SwitchService(tx).ensure_present(spec_of("exit02", name="exit03", links=[])), changes
    doc, changes = store.run(remove_and_add)
    assert ("switch", "exit02", "delete") in changes and ("ip", "fra/underlay/10.0.0.8", "release") in changes
    assert doc["asn"] == 4200000007 and doc["loopback"] == "10.0.0.8"


def test_dropping_a_machine_removes_its_connections(store):
    require_shared()
    store.run(register_fabric)
    names = store.run(lambda tx: drop_machine_connections(tx, sonic_fabric.MACHINE_A))
    assert names == ["leaf01"]
    doc = store.run(lambda tx: SwitchService(tx, write=False).document(SwitchService(tx, write=False).get("leaf01")))
    assert [c["machine"] for c in doc["connections"]] == [sonic_fabric.MACHINE_B]


def test_removing_a_machine_through_the_machine_store_drops_its_connections(store):
    """The machine module wires ``drop_machine_connections`` into MachineStore removal."""
    require_shared()
    store.run(register_fabric)

    def remove(tx):
        MachineStore(tx, on_remove=drop_machine_connections).ensure_absent(sonic_fabric.MACHINE_A)
        return [(c.kind, c.entity_id, c.action) for c in tx.changes]
    changes = store.run(remove)
    assert changes == [("switch", "leaf01", "update"), ("machine", sonic_fabric.MACHINE_A, "remove")]
    doc = store.run(lambda tx: SwitchService(tx, write=False).document(SwitchService(tx, write=False).get("leaf01")))
    assert [c["machine"] for c in doc["connections"]] == [sonic_fabric.MACHINE_B]
