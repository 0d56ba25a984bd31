# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the rendering pipeline (source -> config_db + frr.conf -> YANG check) and of publishing its files."""
from __future__ import annotations

import json
import os

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import pipeline
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.publish import parse_config_db_text, publish
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import DeviceContext, SonicValues, Vlan
from tests.unit.plugins.module_utils.sonic import sonic_fixtures

YANG_DIR = os.path.join(sonic_fixtures.SONIC_DIR, "yang", "all")
DEVICE = DeviceContext(platform="x86_64-test-r0", hwsku="Test", mac="0c:29:ef:aa:00:11")
FRR_VARS = {"sonic_config_asn": 4200000011, "sonic_config_loopback_address": "10.0.0.11", "sonic_config_bgp_ports": ["Ethernet0"]}


def source(**values):
    return pipeline.RenderSource(values=SonicValues(**values), device=DEVICE)


def test_compat_source_reads_the_input_file_and_platform(tmp_path):
    case = sonic_fixtures.require(os.path.join(sonic_fixtures.FIXTURES_DIR, "configdb-utils-3"))
    platform_dir = os.path.join(sonic_fixtures.FIXTURES_DIR, "device", "x86_64-accton_as4630_54te-r0")
    built = pipeline.compat_source(os.path.join(case, "sonic-config.yaml"), platform="x86_64-accton_as4630_54te-r0", hwsku="Accton-AS4630-54TE",
                                   mac=sonic_fixtures.SYSTEM_MAC, branch="ec202111", platform_dir=platform_dir, compat=True, frr_vars=FRR_VARS)
    assert built.values.hostname == "mgmtspine" and built.platform is not None and built.compat is True
    assert built.frr.hostname == "mgmtspine" and built.frr.asn == 4200000011  # host name defaults to the config_db one
    output = pipeline.render(built)
    assert output.config_db_text == sonic_fixtures.read_text(os.path.join(case, "expected.json"))
    assert set(pipeline.output_texts(output)) == {pipeline.CONFIG_DB_FILE, pipeline.FRR_CONF_FILE}


def test_missing_input_file_names_the_option(tmp_path):
    with pytest.raises(ValidationError) as info:
        pipeline.read_compat_input(str(tmp_path / "nope.yaml"))
    assert info.value.field == "compat_input" and "nope.yaml" in str(info.value)


def test_without_frr_vars_only_config_db_is_rendered():
    output = pipeline.render(source(hostname="leaf01"))
    assert output.frr_conf is None and output.validation is None
    assert pipeline.output_texts(output) == {pipeline.CONFIG_DB_FILE: output.config_db_text}
    assert json.loads(output.config_db_text)["DEVICE_METADATA"]["localhost"]["hostname"] == "leaf01"


def test_yang_failure_names_table_key_and_field():
    sonic_fixtures.require(YANG_DIR)
    bad = source(hostname="leaf01", vlans=(Vlan(id="1", ip="10.0.0.1/24"),))  # YANG allows Vlan2..4095 only
    with pytest.raises(pipeline.YangValidationFailed) as info:
        pipeline.render(bad, pipeline.YangOptions(YANG_DIR))
    assert info.value.field == "validate" and not info.value.result.valid
    assert "VLAN|Vlan1" in str(info.value)
    assert {issue.table for issue in info.value.result.errors} >= {"VLAN"}
    good = pipeline.render(source(hostname="leaf01", vlans=(Vlan(id="4000", ip="10.0.0.1/24"),)), pipeline.YangOptions(YANG_DIR))
    assert good.validation.valid


def test_publish_without_dest_changes_nothing():
    result = publish(pipeline.render(source(hostname="leaf01")), None, check_mode=False)
    assert result["changed"] is False and result["files"] == {} and result["changes"] is None and result["diff"] == []


def test_publish_reports_changed_tables_and_a_frr_diff(tmp_path):
    first = publish(pipeline.render(source(hostname="leaf01")), str(tmp_path), check_mode=False)
    assert first["changed"] is True and first["changes"]["removed"] == []
    frr_source = pipeline.RenderSource(values=SonicValues(hostname="leaf01", nameservers=("1.1.1.1",)), device=DEVICE,
                                       frr=pipeline.frr_from_vars(FRR_VARS, "leaf", "leaf01"))
    second = publish(pipeline.render(frr_source), str(tmp_path), check_mode=True)
    assert second["changes"] == {"tables": ["DNS_NAMESERVER"], "added": ["DNS_NAMESERVER|1.1.1.1"], "removed": [], "changed": []}
    config_diff, frr_diff = second["diff"]
    assert config_diff["before"] == {} and config_diff["after"] == {"DNS_NAMESERVER": {"1.1.1.1": {}}}
    assert frr_diff["before"] == "" and "hostname leaf01" in frr_diff["after"]
    assert not (tmp_path / "frr.conf").exists(), "check mode wrote frr.conf"


@pytest.mark.parametrize("text,expected", [(None, {}), ("", {}), ("not json", {}), ("[1]", {}), ('{"VRF": {}}', {"VRF": {}})])
def test_parse_config_db_text(text, expected):
    assert parse_config_db_text(text) == expected
