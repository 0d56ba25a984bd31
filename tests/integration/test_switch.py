# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""switch, switch_info, switch_migrate and sonic_config (switch:) through ansible-playbook, on SQLite and PostgreSQL.

Platforms and YANG models come from $METALFLEET_SHARED; the tests skip with the reason when they are absent.
"""
from __future__ import annotations

import json
import re

import pytest

from tests.support import sonic_fabric
from tests.support.machines_stub import add_machine

pytestmark = pytest.mark.playbook

SPECS = {spec["name"]: spec for spec in sonic_fabric.switch_specs()}
CUMULUS = {"name": "leaf01-cl", "partition": "fra", "rack": "r1", "role": "leaf", "os": "cumulus", "loopback": "10.0.1.1",
           "asn": 4200000100, "connections": [{"port": "swp1s1", "machine": sonic_fabric.MACHINE_A, "nic": "eth0"},
                                              {"port": "swp2", "machine": sonic_fabric.MACHINE_B, "nic": "eth1"}]}


def task(title, module, **options):
    return {"name": title, "metalfleet.datacenter.%s" % module: options}


def prepare(fleet):
    """Partition, networks and two machines (bare rows: the machine modules are tested elsewhere)."""
    if not sonic_fabric.have_shared_data():
        pytest.skip(f"shared SONiC platforms/YANG models not found under {sonic_fabric.SHARED} (set METALFLEET_SHARED)")
    tasks = [task("partition", "partition", **sonic_fabric.PARTITION_SPEC)]
    tasks += [task("network %s" % spec["name"], "network", **spec) for spec in sonic_fabric.NETWORK_SPECS]
    fleet.run(tasks)
    for machine in (sonic_fabric.MACHINE_A, sonic_fabric.MACHINE_B):
        add_machine(fleet.dsn, machine, sonic_fabric.PARTITION)


def test_switch_contract_info_and_bad_input(fleet):
    prepare(fleet)
    (spines,) = fleet.four_way([task("spines", "switch", switches=[SPECS["spine01"], SPECS["spine02"]])], result_keys=["switches"])
    assert [s["asn"] for s in spines["switches"]] == [4200000000, 4200000001]
    assert sorted(spines["diff"]["after"]) == ["ip fra/underlay/10.0.0.1", "ip fra/underlay/10.0.0.2", "switch spine01", "switch spine02"]
    assert spines["diff"]["before"] == {} and spines["diff"]["after"]["switch spine01"]["loopback"] == "10.0.0.1"
    (leaf,) = fleet.four_way([task("leaf01", "switch", **SPECS["leaf01"])], result_keys=["switch"])
    assert leaf["switch"]["loopback"] == "10.0.0.3" and "ip fra/underlay/10.0.0.3" in leaf["diff"]["after"]
    assert [c["port"] for c in leaf["switch"]["connections"]] == ["Ethernet0", "Ethernet1"]
    (changed,) = fleet.four_way([task("leaf01 update", "switch", name="leaf01", port_defaults={"mtu": 9000}, connections=[])],
                                result_keys=["switch"])
    before, after = changed["diff"]["before"]["switch leaf01"], changed["diff"]["after"]["switch leaf01"]
    assert before["port_defaults"] == {"mtu": 9216} and after["port_defaults"] == {"mtu": 9000} and after["connections"] == []

    info = fleet.run([task("info", "switch_info", partition="fra", role="spine")]).task("info")["result"]
    assert [s["name"] for s in info["switches"]] == ["spine01", "spine02"] and info["changed"] is False
    assert [n["switch"] for n in info["switches"][0]["neighbors"]] == ["leaf01"]

    leaf02 = dict(SPECS["leaf02"])
    fleet.expect_failures([
        (task("x", "switch", **dict(leaf02, connections=[{"port": "Ethernet99", "machine": sonic_fabric.MACHINE_A, "nic": "eth0"}])),
         "connections[0].port", "unknown port"),
        (task("x", "switch", **dict(leaf02, breakouts={"Ethernet52": "8x10G"})), "breakouts.Ethernet52", "invalid breakout mode"),
        (task("x", "switch", **dict(leaf02, breakouts={"Ethernet52": "2x50G", "Ethernet0": "4x25G[10G]"})), "breakouts.Ethernet0",
         "invalid breakout mode"),
        (task("x", "switch", **dict(leaf02, pxe={"vlan": 4095, "address": "10.255.2.1/24"})), "pxe.vlan", "out of range"),
        (task("x", "switch", **dict(leaf02, pxe={"address": "10.255.2.1/24", "vni": 2})), "pxe.vni", "duplicate VNI"),
        (task("x", "switch", **dict(leaf02, mgmt_address="192.168.0.22")), "mgmt_address", "no prefix length"),
        (task("x", "switch", switches=[SPECS["leaf02"], dict(SPECS["leaf03"], links=SPECS["leaf02"]["links"])]),
         "switches[1].links[0].switch_port", "already connected"),
    ])


def test_lane_conflict_fails_naming_the_field(fleet, tmp_path):
    prepare(fleet)
    device = tmp_path / "devices" / "x86_64-bad-r0"
    device.mkdir(parents=True)
    with open(sonic_fabric.PLATFORMS + "/x86_64-dellemc_s5232f_c3538-r0/platform.json", encoding="utf-8") as handle:
        data = json.load(handle)
    data["interfaces"]["Ethernet0"]["lanes"] = "1,2,2,4"
    (device / "platform.json").write_text(json.dumps(data), encoding="utf-8")
    spec = dict(SPECS["spine01"], platform="x86_64-bad-r0", platform_dir=str(tmp_path / "devices"))
    fleet.expect_failures([(task("x", "switch", **spec), "interfaces.Ethernet0.lanes", "lane conflict")])


def test_switch_migrate_contract(fleet):
    prepare(fleet)
    new = dict(sonic_fabric.AS7726, name="leaf01", partition="fra", rack="r1", role="leaf", breakouts={"Ethernet0": "4x25G"},
               mgmt_address="192.168.0.21/24", mgmt_gateway="192.168.0.1", mgmt_mac="0c:29:ef:aa:00:21")
    fleet.run([task("switches", "switch", switches=[CUMULUS, new])])
    (migrated,) = fleet.four_way([task("migrate", "switch_migrate", old="leaf01-cl", new="leaf01")], result_keys=["switch", "migrated"])
    assert [(m["from"], m["to"]) for m in migrated["migrated"]] == [("swp1s1", "Ethernet1"), ("swp2", "Ethernet4")]
    assert migrated["diff"]["before"]["switch leaf01"]["connections"] == []
    assert [c["port"] for c in migrated["diff"]["after"]["switch leaf01"]["connections"]] == ["Ethernet1", "Ethernet4"]
    fleet.expect_failures([(task("x", "switch_migrate", old="leaf01", new="leaf01-cl"), "old", "from a Cumulus switch")])


def test_sonic_config_renders_switches_of_the_store(fleet, tmp_path):
    prepare(fleet)
    fleet.run([task("fabric", "switch", switches=sonic_fabric.switch_specs())])
    out = tmp_path / "out"
    tasks = [task("render leaf01", "sonic_config", switch="leaf01", validate=True, yang_dir=sonic_fabric.YANG_DIR, dest=str(out / "leaf01")),
             task("render spine02", "sonic_config", switch="spine02", dest=str(out / "spine02"))]
    leaf, spine = fleet.four_way(tasks, result_keys=["config_db", "frr_conf", "validation"])
    assert leaf["validation"]["valid"] is True and leaf["validation"]["errors"] == []
    assert json.loads((out / "leaf01" / "config_db.json").read_text()) == leaf["config_db"]
    assert (out / "leaf01" / "frr.conf").read_text() == leaf["frr_conf"]
    assert leaf["config_db"]["VRF"] == {"Vrf1": {"vni": "1"}, "Vrf2": {"vni": "2"}}
    assert set(re.findall(r"neighbor (\S+) interface peer-group FABRIC", leaf["frr_conf"])) == {"Ethernet48", "Ethernet56"}
    assert set(re.findall(r"neighbor (\S+) interface peer-group FABRIC", spine["frr_conf"])) == sonic_fabric.expected_neighbours()["spine02"]
    assert "VLAN|Vlan4000" in leaf["changes"]["added"]
    run = fleet.run([
        dict(task("both", "sonic_config", switch="leaf01", compat_input="x.yaml"), ignore_errors=True),
        dict(task("unknown", "sonic_config", switch="nope"), ignore_errors=True),
    ])
    assert "mutually exclusive" in run.task("both")["result"]["msg"]
    assert run.task("unknown")["result"]["msg"] == "switch: no switch 'nope'"
