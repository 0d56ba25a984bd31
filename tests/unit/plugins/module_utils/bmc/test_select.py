# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Driver selection: explicit, and auto-detection against real simulators."""
from __future__ import annotations

import labproc

from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.ipmi import IpmiDriver
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.redfish import RedfishDriver
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.select import detect_protocol, probe_redfish, select_driver
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget


def test_explicit_driver_is_taken_without_probing():
    assert isinstance(select_driver(BmcTarget(host="bmc.invalid", driver="ipmi")), IpmiDriver)
    assert isinstance(select_driver(BmcTarget(host="bmc.invalid", driver="redfish")), RedfishDriver)


def test_auto_finds_redfish(redfish_emulator):
    target = BmcTarget(host=redfish_emulator.host, port=redfish_emulator.port, scheme="http", driver="auto",
                       username=redfish_emulator.username, password=redfish_emulator.password,
                       redfish_system=redfish_emulator.system_ids()[0])
    assert probe_redfish(target)
    with select_driver(target) as driver:
        assert isinstance(driver, RedfishDriver) and driver.target.driver == "redfish"
        assert driver.power_state() == "off"


def test_auto_falls_back_to_ipmi(ipmi_bmc):
    target = BmcTarget(host=ipmi_bmc.host, port=ipmi_bmc.port, scheme="http", driver="auto", timeout=2,
                       username=ipmi_bmc.username, password=ipmi_bmc.password)
    assert detect_protocol(target) == "ipmi"
    with select_driver(target) as driver:
        assert isinstance(driver, IpmiDriver) and driver.power_state() == "off"


def test_probe_is_false_where_nothing_listens():
    target = BmcTarget(host=labproc.LOOPBACK, port=labproc.free_tcp_port(), scheme="http", timeout=1)
    assert probe_redfish(target) is False
