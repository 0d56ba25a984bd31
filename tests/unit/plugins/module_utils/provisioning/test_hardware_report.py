# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""provisioning.report_schema and hardware_report: validation errors by JSON path, the mapping, the shipped schema file."""
from __future__ import annotations

import json
import os
import sys

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.hardware import normalize_hardware
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import hardware_report
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.report_schema import SCHEMA

from .reports import machine_uuid, metal_hammer_payload, report

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 5))


def test_the_shipped_schema_file_equals_the_python_schema():
    with open(os.path.join(REPO, "docs", "schemas", "hardware-report.schema.json"), encoding="utf-8") as handle:
        assert json.load(handle) == SCHEMA


def test_the_schema_is_a_valid_draft_2020_12_schema():
    from jsonschema import Draft202012Validator
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("doc", [report(), metal_hammer_payload(), {"uuid": machine_uuid(7), "error": "lldpd did not start"}],
                         ids=["flat", "metal-hammer", "error-only"])
def test_valid_reports_pass_and_the_uuid_is_canonical(doc):
    checked = hardware_report.validate_report(doc)
    assert checked["uuid"] == machine_uuid(int(doc["uuid"][-2:]))
    assert checked is not doc


@pytest.mark.parametrize("change, field, part", [
    ({"nics": [{"mac": "aa:bb:cc:00:00:01"}, {"mac": "aa:bb"}]}, "report.nics[1].mac", "does not match"),
    ({"cpus": [{"cores": -1}]}, "report.cpus[0].cores", "less than the minimum"),
    ({"disks": [{"size": 1}]}, "report.disks[0].name", "is required"),
    ({"memory": "64GiB"}, "report.memory", "is not of type 'integer'"),
    ({"bmc": {"address": "10.0.0.1", "secret": "x"}}, "report.bmc.secret", "unknown key"),
    ({"colour": "blue"}, "report.colour", "unknown key"),
    ({"uuid": "web-1"}, "report.uuid", "does not match"),
    ({"nics": [{"mac": "aa:bb:cc:00:00:01", "neighbors": [{"mac": "nope"}]}]}, "report.nics[0].neighbors[0].mac", "does not match"),
])
def test_violations_are_named_by_their_json_path(change, field, part):
    with pytest.raises(ValidationError) as caught:
        hardware_report.validate_report(report(**change))
    assert caught.value.field == field and part in str(caught.value)


def test_a_missing_uuid_and_several_problems_are_reported_at_once():
    doc = report(cpus=[{"cores": "eight"}], gpus=[{"model": 3}])
    del doc["uuid"]
    with pytest.raises(ValidationError) as caught:
        hardware_report.validate_report(doc, field="body")
    assert caught.value.fields == ["body.uuid", "body.cpus[0].cores", "body.gpus[0].model"]
    assert "body.uuid: is required" in str(caught.value)


def test_not_an_object_is_refused():
    with pytest.raises(ValidationError) as caught:
        hardware_report.validate_report(["uuid"])
    assert caught.value.field == "report"


def test_without_jsonschema_the_error_names_the_package(monkeypatch):
    # a mock on purpose: the test environment has jsonschema installed; None in sys.modules makes its import fail
    monkeypatch.setattr(hardware_report, "_VALIDATOR", [])
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    with pytest.raises(DependencyError) as caught:
        hardware_report.validate_report(report())
    assert caught.value.library == "jsonschema" and "jsonschema" in str(caught.value)


@pytest.mark.parametrize("doc", [report(), metal_hammer_payload()], ids=["flat", "metal-hammer"])
def test_the_report_maps_onto_the_machine_hardware(doc):
    hardware = normalize_hardware(hardware_report.hardware_of(doc))
    assert hardware["memory"] == 64 * 1024 ** 3 and hardware["cpus"][0]["cores"] == 8
    assert hardware["disks"] == [{"name": "/dev/sda", "size": 960 * 10 ** 9}] and hardware["gpus"] == []
    assert hardware["nics"] == [
        {"name": "lan0", "mac": "aa:bb:cc:01:00:01", "neighbor": {"switch": "leaf01", "port": "Ethernet1"}},
        {"name": "lan1", "mac": "aa:bb:cc:01:00:02", "neighbor": {"switch": "02:00:00:00:01:02", "port": "swp1"}},
    ]


def test_disk_and_nic_link_details_are_validated_and_mapped():
    doc = report(disks=[{"name": "/dev/vda", "size": 2 * 1024 ** 3, "rotational": True, "serial": "MF-LAB-0001-disk0", "wwn": "naa.1"}],
                 nics=[{"name": "eth0", "mac": "52:54:00:6d:66:01", "speed": 10000, "carrier": True, "up": True}])
    hardware = normalize_hardware(hardware_report.hardware_of(hardware_report.validate_report(doc)))
    assert hardware["disks"] == [{"name": "/dev/vda", "size": 2 * 1024 ** 3, "rotational": True, "serial": "MF-LAB-0001-disk0", "wwn": "naa.1"}]
    assert hardware["nics"] == [{"name": "eth0", "mac": "52:54:00:6d:66:01", "speed": 10000, "carrier": True}]


@pytest.mark.parametrize("change, field", [
    ({"disks": [{"name": "/dev/sda", "rotational": 1}]}, "report.disks[0].rotational"),
    ({"disks": [{"name": "/dev/sda", "serial": "x" * 200}]}, "report.disks[0].serial"),
    ({"nics": [{"mac": "aa:bb:cc:00:00:01", "carrier": "yes"}]}, "report.nics[0].carrier"),
    ({"nics": [{"mac": "aa:bb:cc:00:00:01", "speed": -1}]}, "report.nics[0].speed"),
])
def test_bad_disk_and_nic_details_are_named(change, field):
    with pytest.raises(ValidationError) as caught:
        hardware_report.validate_report(report(**change))
    assert caught.value.field == field


def test_top_level_hardware_wins_over_the_nested_form():
    doc = dict(metal_hammer_payload(), memory=128 * 1024 ** 3)
    assert hardware_report.hardware_of(doc)["memory"] == 128 * 1024 ** 3


@pytest.mark.parametrize("address, expected", [
    ("10.0.0.1", ("10.0.0.1", None)), ("10.0.0.1:623", ("10.0.0.1", 623)), ("bmc-1.example:6230", ("bmc-1.example", 6230)),
    ("[2001:db8::1]:623", ("2001:db8::1", 623)), ("2001:db8::1", ("2001:db8::1", None)),
])
def test_bmc_addresses_may_carry_a_port(address, expected):
    assert hardware_report.split_address(address) == expected


def test_the_bmc_password_is_passed_on_only_when_it_can_be_encrypted():
    assert hardware_report.bmc_of(report(), can_encrypt=True) == {
        "address": "10.1.0.1", "port": 623, "username": "metal", "password": "Bmc-Passw0rd-from-agent"}
    assert "password" not in hardware_report.bmc_of(report(), can_encrypt=False)
    assert hardware_report.bmc_of(report(bmc={}), can_encrypt=True) is None
    assert hardware_report.bmc_of(metal_hammer_payload(), can_encrypt=False)["address"] == "10.1.0.1"


def test_details_keep_bios_fru_lldp_and_never_credentials():
    details = hardware_report.details_of(report())
    assert details["bios"]["version"] == "3.3" and details["fru"]["product_serial"] == "SN0001"
    assert details["bmc"] == {"mac": "02:00:00:00:02:01", "bmc_version": "1.2"} and details["agent_version"] == "0.1.0"
    assert sorted(details["lldp"]) == ["aa:bb:cc:01:00:01", "aa:bb:cc:01:00:02"]
    assert "Bmc-Passw0rd" not in json.dumps(details) and "metal" not in json.dumps(details["bmc"])
    assert hardware_report.details_of(metal_hammer_payload())["fru"]["product_manufacturer"] == "Supermicro"
    assert hardware_report.serial_and_manufacturer(report()) == ("SN0001", "Supermicro")
