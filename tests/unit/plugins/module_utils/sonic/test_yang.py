# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for config_db validation against the community SONiC YANG models (shared research data)."""
from __future__ import annotations

import copy
import json
import os

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import yang

pytest.importorskip("libyang", reason="the libyang Python bindings are not installed")

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *([os.pardir] * 5)))
SHARED = os.environ.get("METALFLEET_SHARED", os.path.join(REPO_ROOT, os.pardir, "shared"))
YANG_DIR = os.path.join(SHARED, "sonic", "yang", "all")
FIXTURES = os.path.join(SHARED, "sonic", "fixtures")

pytestmark = pytest.mark.skipif(not os.path.isdir(YANG_DIR), reason=f"SONiC YANG models not found at {YANG_DIR} (set METALFLEET_SHARED)")


def shared_json(*parts):
    path = os.path.join(SHARED, "sonic", *parts)
    if not os.path.exists(path):
        pytest.skip(f"shared fixture {path} is missing")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def where(result):
    return {(issue.table, issue.key, issue.field) for issue in result.errors}


# a small, valid leaf config written for these tests
BASE = {
    "DEVICE_METADATA": {"localhost": {"hostname": "leaf01", "hwsku": "Accton-AS7726-32X", "mac": "aa:aa:aa:aa:aa:aa",
                                      "platform": "x86_64-accton_as7726_32x-r0", "type": "LeafRouter",
                                      "docker_routing_config_mode": "split"}},
    "PORT": {"Ethernet0": {"lanes": "1,2,3,4", "speed": "100000", "mtu": "9216", "admin_status": "up"},
             "Ethernet4": {"lanes": "5,6,7,8", "speed": "100000", "mtu": "9000", "admin_status": "up"}},
    "LOOPBACK_INTERFACE": {"Loopback0": {}, "Loopback0|10.0.0.1/32": {}},
    "INTERFACE": {"Ethernet0": {"ipv6_use_link_local_only": "enable"}},
    "VRF": {"Vrf46": {"vni": "46"}},
    "VLAN": {"Vlan4000": {"vlanid": "4000"}},
    "VLAN_MEMBER": {"Vlan4000|Ethernet4": {"tagging_mode": "untagged"}},
    "VXLAN_TUNNEL": {"vtep": {"src_ip": "10.0.0.1"}},
    "VXLAN_EVPN_NVO": {"nvo": {"source_vtep": "vtep"}},
    "VXLAN_TUNNEL_MAP": {"vtep|map_104000_Vlan4000": {"vlan": "Vlan4000", "vni": "104000"}},
    "NTP": {"global": {"src_intf": "eth0;Loopback0"}},
    "ACL_TABLE": {"ALLOW_SSH": {"type": "CTRLPLANE", "stage": "ingress", "services": ["SSH"], "policy_desc": "ssh"}},
}


def test_base_config_is_valid():
    result = yang.validate_config_db(BASE, YANG_DIR)
    assert result.errors == [] and result.valid
    assert result.to_dict() == {"valid": True, "errors": [], "allowed": [], "tables_without_model": []}


def test_sonic_buildimage_sample_config_is_valid():
    sample = shared_json("yang", "sample_config_db.json")["SAMPLE_CONFIG_DB_JSON"]
    result = yang.validate_config_db(sample, YANG_DIR)
    assert [str(issue) for issue in result.errors] == []
    assert len(sample) > 150


def test_table_module_map_is_derived_from_the_models():
    derived = yang.table_module_map(YANG_DIR)
    assert derived["VLAN_MEMBER"] == "sonic-vlan"
    assert derived["DEVICE_METADATA"] == "sonic-device_metadata"
    reference = shared_json("yang", "table_to_module.json")
    assert {table: entry["module"] for table, entry in reference.items() if table in derived} == \
        {table: derived[table] for table in reference if table in derived}
    config_tables = {table for table, entry in reference.items() if entry["lists"] or entry["containers"]}
    assert config_tables <= set(derived)


def test_configdb_utils_3_expected_output_is_valid():
    result = yang.validate_config_db(shared_json("fixtures", "configdb-utils-3", "expected.json"), YANG_DIR, branch="ec202111")
    assert [str(issue) for issue in result.errors] == []


def test_configdb_utils_1_ips_without_prefix_length_fail():
    result = yang.validate_config_db(shared_json("fixtures", "configdb-utils-1", "expected.json"), YANG_DIR, branch="ec202111")
    assert not result.valid
    found = where(result)
    assert ("INTERFACE", "Ethernet0|10.4.3.2", "ip-prefix") in found
    assert ("VLAN_INTERFACE", "Vlan4000|10.9.7.0", "ip-prefix") in found
    assert ("MGMT_INTERFACE", "eth0|10.7.10.2", "ip_prefix") in found
    messages = {issue.key: issue.message for issue in result.errors}
    assert "10.4.3.2" in messages["Ethernet0|10.4.3.2"]
    allowed = {(issue.table, issue.key, issue.field) for issue in result.allowed}
    assert ("LLDP", "Global", "hello_timer") in allowed and ("MCLAG_DOMAIN", "1", "mclag_system_id") in allowed
    assert all(issue.message.startswith(yang.ALLOWED_MESSAGE) for issue in result.allowed)
    assert not any(issue.table == "LLDP" for issue in result.errors)


def test_configdb_utils_1_without_allow_list_reports_vendor_fields():
    result = yang.validate_config_db(shared_json("fixtures", "configdb-utils-1", "expected.json"), YANG_DIR)
    found = where(result)
    assert ("PORTCHANNEL", "PortChannel01", "mix_speed") in found
    assert ("MCLAG_DOMAIN", "1", "mclag_system_id") in found
    assert any(table == "LLDP" and key == "Global" for table, key, _field in found)
    assert result.allowed == []


def test_configdb_utils_5_vlan1_fails_and_vrrp_needs_the_allow_list():
    config = shared_json("fixtures", "configdb-utils-5", "expected.json")
    result = yang.validate_config_db(config, YANG_DIR, branch="ec202111")
    assert ("VLAN", "Vlan1", "name") in where(result)
    assert "Vlan1" in next(issue.message for issue in result.errors if issue.table == "VLAN")
    assert "VRRP_INTERFACE" not in result.tables_without_model
    strict = yang.validate_config_db(config, YANG_DIR)
    assert strict.tables_without_model == ["VRRP_INTERFACE"]
    assert ("VRRP_INTERFACE", None, None) in where(strict)


def test_vxlan_map_with_bare_vlan_id_fails():
    config = copy.deepcopy(BASE)
    config["VXLAN_TUNNEL_MAP"]["vtep|map_104000_Vlan4000"]["vlan"] = "4000"
    result = yang.validate_config_db(config, YANG_DIR)
    assert where(result) == {("VXLAN_TUNNEL_MAP", "vtep|map_104000_Vlan4000", "vlan")}
    assert '"4000"' in result.errors[0].message


def test_several_errors_are_collected_in_one_run():
    config = copy.deepcopy(BASE)
    config["PORT"]["Ethernet0"]["mtu"] = "99999"          # out of range, field dropped, row kept
    config["VLAN_MEMBER"]["Vlan4000|Ethernet8"] = {"tagging_mode": "tagged"}  # port not in PORT (leafref)
    config["INTERFACE"]["Ethernet4|10.1.1.1"] = {}      # no prefix length
    config["DEVICE_METADATA"]["localhost"]["docker_routing_config_mode"] = "splitt"
    result = yang.validate_config_db(config, YANG_DIR)
    assert where(result) == {
        ("PORT", "Ethernet0", "mtu"),
        ("VLAN_MEMBER", "Vlan4000|Ethernet8", "port"),
        ("INTERFACE", "Ethernet4|10.1.1.1", "ip-prefix"),
        ("DEVICE_METADATA", "localhost", "docker_routing_config_mode"),
    }


def test_unknown_table_field_and_key_are_errors_unless_allowed():
    config = copy.deepcopy(BASE)
    config["SUPPRESS_VLAN_NEIGH"] = {"Vlan4000": {"suppress": "on"}}
    config["VLAN"]["Vlan4000"]["autostate"] = "enable"
    config["VRF"]["Vrf46|extra"] = {}
    result = yang.validate_config_db(config, YANG_DIR)
    assert result.tables_without_model == ["SUPPRESS_VLAN_NEIGH"]
    assert where(result) == {("SUPPRESS_VLAN_NEIGH", None, None), ("VLAN", "Vlan4000", "autostate"), ("VRF", "Vrf46|extra", None)}
    assert next(i for i in result.errors if i.table == "SUPPRESS_VLAN_NEIGH").message == yang.NO_MODEL_MESSAGE
    allowed = yang.validate_config_db(config, YANG_DIR, allow_list=["SUPPRESS_VLAN_NEIGH", "VLAN autostate", {"table": "VRF", "key": "*|extra"}])
    assert allowed.valid and len(allowed.allowed) == 3


def test_enterprise_sonic_startup_config_needs_its_profile():
    directory = os.path.join(FIXTURES, "mini-lab-enterprise-sonic-startup-config")
    if not os.path.isdir(directory):
        pytest.skip(f"{directory} is missing")
    config = shared_json("fixtures", "mini-lab-enterprise-sonic-startup-config", "leaf01_4.5.1.json")
    assert {"DNS", "DNS_SERVER", "LOOPBACK"} <= set(yang.validate_config_db(config, YANG_DIR).tables_without_model)
    result = yang.validate_config_db(config, YANG_DIR, branch="enterprise_sonic")
    assert [str(issue) for issue in result.errors] == []
    assert any(issue.table == "LOOPBACK" for issue in result.allowed)


def test_instance_document_shape():
    document, issues = yang.config_db_to_instance({"VLAN": {"Vlan10": {"vlanid": "10"}}, "NOPE": {"x": {}}}, YANG_DIR)
    assert document == {"sonic-vlan:sonic-vlan": {"VLAN": {"VLAN_LIST": [{"name": "Vlan10", "vlanid": 10}]}}}
    assert [(i.table, i.message) for i in issues] == [("NOPE", yang.NO_MODEL_MESSAGE)]


def test_input_must_be_a_mapping():
    with pytest.raises(ValidationError, match="config_db"):
        yang.validate_config_db(["VLAN"], YANG_DIR)
    result = yang.validate_config_db({"VLAN": "Vlan10"}, YANG_DIR)
    assert where(result) == {("VLAN", None, None)}


def test_missing_mandatory_field_and_failed_must_name_the_row():
    config = copy.deepcopy(BASE)
    del config["VXLAN_TUNNEL_MAP"]["vtep|map_104000_Vlan4000"]["vlan"]
    config["VLAN_SUB_INTERFACE"] = {"Ethernet8.10": {"admin_status": "up"}}
    result = yang.validate_config_db(config, YANG_DIR)
    assert where(result) == {("VXLAN_TUNNEL_MAP", "vtep|map_104000_Vlan4000", "vlan"), ("VLAN_SUB_INTERFACE", "Ethernet8.10", None)}
    assert any("Mandatory" in issue.message for issue in result.errors)
