# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renderer B: the test partition (2 spines, 4 leaves, 2 exits on four platforms) renders YANG-valid configs and frr.conf."""
from __future__ import annotations

import dataclasses
import re

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native import native_render_source, tenant_vlans
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native_inputs import read_switch_facts
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.pipeline import YangOptions, render
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService
from tests.support import sonic_fabric
from tests.unit.plugins.module_utils.sonic.switch_setup import register_fabric, require_shared, sqlite_store

NAMES = ("spine01", "spine02", "leaf01", "leaf02", "leaf03", "leaf04", "exit01", "exit02")


@pytest.fixture(scope="module")
def fabric(tmp_path_factory):
    """name -> (facts, RenderOutput validated against the shared YANG models)."""
    require_shared()
    store = sqlite_store(tmp_path_factory.mktemp("fabric"))
    try:
        store.run(register_fabric)
        facts = {name: store.run(lambda tx, name=name: read_switch_facts(tx, name), write=False) for name in NAMES}
    finally:
        store.close()
    yang = YangOptions(sonic_fabric.YANG_DIR)
    return {name: (facts[name], render(native_render_source(facts[name]), yang)) for name in NAMES}


def test_every_switch_is_yang_valid_on_four_platforms(fabric):
    platforms = {facts.platform_name for facts, _output in fabric.values()}
    assert len(platforms) == 4
    for name, (_facts, output) in fabric.items():
        assert output.validation.valid, f"{name}: {output.validation.errors}"
        assert output.validation.allowed == [], f"{name}: the community branch needs no allow-list"
        metadata = output.config_db["DEVICE_METADATA"]["localhost"]
        assert metadata["hostname"] == name and metadata["docker_routing_config_mode"] == "split"


def test_bgp_unnumbered_neighbours_match_the_links(fabric):
    expected = sonic_fabric.expected_neighbours()
    for name, (facts, output) in fabric.items():
        neighbours = set(re.findall(r"^ neighbor (\S+) interface peer-group FABRIC$", output.frr_conf, re.M))
        assert neighbours == expected[name], name
        assert set(output.config_db["INTERFACE"]) == expected[name]
        assert f"router bgp {facts.asn}\n bgp router-id {facts.loopback}\n" in output.frr_conf
    assert len(expected["spine01"]) == 6


def test_tenant_vrfs_on_leaves_and_exits_only(fabric):
    for name, (_facts, output) in fabric.items():
        vrfs = output.config_db.get("VRF", {})
        if name.startswith("spine"):
            assert vrfs == {} and "VXLAN_TUNNEL" not in output.config_db and "advertise-all-vni" not in output.frr_conf
            assert " neighbor FABRIC activate" in output.frr_conf
            continue
        assert vrfs == {"Vrf1": {"vni": "1"}, "Vrf2": {"vni": "2"}}, name
        assert output.config_db["VXLAN_TUNNEL_MAP"] == {"vtep|map_1_Vlan1001": {"vlan": "Vlan1001", "vni": "1"},
                                                        "vtep|map_2_Vlan1002": {"vlan": "Vlan1002", "vni": "2"}}
        assert output.config_db["VLAN_INTERFACE"]["Vlan1001"] == {"vrf_name": "Vrf1"}
        assert "vrf Vrf1\n vni 1\nexit-vrf" in output.frr_conf and "router bgp %d vrf Vrf2" % _facts.asn in output.frr_conf


def test_leaf_details(fabric):
    facts, output = fabric["leaf01"]
    config = output.config_db
    assert config["VLAN"]["Vlan4000"] == {"dhcp_servers": ["10.1.0.2"], "vlanid": "4000"}
    assert "Vlan4000|10.255.1.1/24" in config["VLAN_INTERFACE"]
    assert config["MGMT_INTERFACE"] == {"eth0|192.168.0.21/24": {"gwaddr": "192.168.0.1"}}
    assert config["MGMT_VRF_CONFIG"]["vrf_global"]["mgmtVrfEnabled"] == "true" and config["NTP"]["global"]["vrf"] == "mgmt"
    assert config["SYSLOG_SERVER"] == {"10.1.0.5": {"vrf": "mgmt"}} and set(config["DNS_NAMESERVER"]) == {"1.1.1.1", "8.8.8.8"}
    assert config["NTP_SERVER"] == {"162.159.200.1": {}} and config["LLDP"] == {"GLOBAL": {"hello_time": "10"}}
    assert config["BREAKOUT_CFG"]["Ethernet52"] == {"brkout_mode": "4x25G[10G]"}
    assert config["PORT"]["Ethernet53"]["speed"] == "10000" and config["PORT"]["Ethernet0"]["mtu"] == "9216"
    assert "Vlan4000|Ethernet0" not in config.get("VLAN_MEMBER", {}), "machine ports belong to metal-core"
    assert config["FEATURE"]["dhcp_relay"]["state"] == "enabled"
    assert fabric["leaf03"][1].config_db["PORT"]["Ethernet1"]["fec"] == "rs"
    assert facts.fabric_ports == ("Ethernet48", "Ethernet56")


def test_duplicate_vni_and_missing_facts_name_the_field(fabric):
    facts = fabric["leaf01"][0]
    clash = dataclasses.replace(facts, settings=dict(facts.settings, pxe={"vlan": 4000, "address": "10.255.1.1/24", "vni": 2}))
    with pytest.raises(ValidationError) as raised:
        native_render_source(clash)
    assert raised.value.field == "pxe.vni" and "duplicate VNI 2" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        native_render_source(dataclasses.replace(facts, mac=""))
    assert raised.value.field == "mgmt_mac"
    with pytest.raises(ValidationError) as raised:
        native_render_source(dataclasses.replace(facts, os="cumulus"))
    assert raised.value.field == "switch"


def test_tenant_vlans_are_assigned_from_1001_in_vni_order(fabric):
    assert tenant_vlans(fabric["exit01"][0]) == [(1, 1001), (2, 1002)]


def test_mgmtleaf_and_tenant_vrfs_off(tmp_path):
    require_shared()
    store = sqlite_store(tmp_path)
    try:
        def work(tx):
            register_fabric(tx)
            service = SwitchService(tx)
            service.ensure_present({"name": "leaf02", "tenant_vrfs": False, "mgmt_vrf": False})
            spec = dict(sonic_fabric.AS7326, name="mgmt01", partition="fra", role="mgmtleaf", mgmt_address="192.168.0.40/24", mgmt_gateway="192.168.0.1",
                        mgmt_mac="0c:29:ef:aa:00:40", pxe={"address": "10.254.0.1/24"},
                        links=[{"port": "Ethernet48", "switch": "spine01", "switch_port": "Ethernet28"}])
            service.ensure_present(spec)
            return read_switch_facts(tx, "leaf02"), read_switch_facts(tx, "mgmt01")
        leaf02, mgmt01 = store.run(work)
    finally:
        store.close()
    leaf = render(native_render_source(leaf02), YangOptions(sonic_fabric.YANG_DIR))
    assert "VRF" not in leaf.config_db and leaf.config_db["MGMT_VRF_CONFIG"]["vrf_global"]["mgmtVrfEnabled"] == "false"
    assert "vrf" not in leaf.config_db["NTP"]["global"] and leaf.validation.valid
    mgmt = render(native_render_source(mgmt01), YangOptions(sonic_fabric.YANG_DIR))
    assert mgmt.validation.valid, mgmt.validation.errors
    assert mgmt.config_db["DEVICE_METADATA"]["localhost"]["type"] == "MgmtLeafRouter"
    assert "VXLAN_TUNNEL" not in mgmt.config_db and "l2vpn evpn" not in mgmt.frr_conf and "Vlan4000" in mgmt.config_db["VLAN"]
