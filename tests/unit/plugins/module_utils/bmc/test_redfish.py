# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""RedfishDriver against a real sushy-tools emulator (fake driver, tests/lab/redfish_emulator.py)."""
from __future__ import annotations

import json
import time
import urllib.request

import labproc
import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import (
    BmcAuthenticationError,
    BmcUnreachableError,
    BmcUnsupportedError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.redfish import QUIRK_ONCE, RedfishDriver
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget

SLACK = 1.5
POWER_WAIT = 25.0  # the fake driver applies power changes 1-11 s after the request


def target_for(emulator, system=0, **overrides):
    params = {"host": emulator.host, "port": emulator.port, "scheme": "http", "username": emulator.username,
              "password": emulator.password, "driver": "redfish", "timeout": 3.0, "retries": 1,
              "redfish_system": emulator.system_ids()[system]}
    params.update(overrides)
    return BmcTarget(**params)


def system_document(emulator, system=0):
    import base64  # pylint: disable=import-outside-toplevel
    token = base64.b64encode(f"{emulator.username}:{emulator.password}".encode()).decode()
    request = urllib.request.Request(f"{emulator.url}/redfish/v1/Systems/{emulator.system_ids()[system]}",
                                     headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=3) as response:
        return json.load(response)


@pytest.mark.slow
def test_power_on_cycle_off_and_idempotence(redfish_emulator):
    with RedfishDriver(target_for(redfish_emulator)) as driver:
        assert driver.power_state() == "off"
        on = driver.set_power("on", wait_timeout=POWER_WAIT)
        assert on["changed"] and on["state"] == "on"
        assert system_document(redfish_emulator)["PowerState"] == "On"
        assert not driver.set_power("on")["changed"]
        cycled = driver.set_power("cycle", wait_timeout=POWER_WAIT)
        # sushy-emulator offers no PowerCycle; ForceRestart is the fallback and ends powered on
        assert cycled["changed"] and cycled["state"] == "on"
        off = driver.set_power("off", wait_timeout=POWER_WAIT)
        assert off["state"] == "off" and system_document(redfish_emulator)["PowerState"] == "Off"
        assert not driver.set_power("off")["changed"]
        assert not driver.set_power("soft_off")["changed"]
    # the other system was never touched
    assert system_document(redfish_emulator, 1)["PowerState"] == "Off"


def test_boot_override_and_the_once_quirk(redfish_emulator):
    with RedfishDriver(target_for(redfish_emulator)) as driver:
        once = driver.set_boot("network", persistent=False)
        assert once["confirmed"] is False and once["reason"].startswith(QUIRK_ONCE)
        assert once["readback"]["device"] == "network" and once["readback"]["persistent"] is True
        kept = driver.set_boot("disk", persistent=True, uefi=True)
        assert kept["changed"] and kept["confirmed"] is True and kept["reason"] is None
        assert system_document(redfish_emulator)["Boot"]["BootSourceOverrideTarget"] == "Hdd"
        assert driver.set_boot("disk", persistent=True)["changed"] is False
        with pytest.raises(BmcUnsupportedError, match="BiosSetup"):
            driver.set_boot("bios")


def test_identify_sets_the_indicator_led(redfish_emulator):
    with RedfishDriver(target_for(redfish_emulator)) as driver:
        driver.identify("off")
        assert system_document(redfish_emulator)["IndicatorLED"] == "Off"
        driver.identify(30)
        assert system_document(redfish_emulator)["IndicatorLED"] == "Blinking"
        driver.identify("on")
        assert system_document(redfish_emulator)["IndicatorLED"] == "Lit"


def test_inventory_sensors_firmware_and_missing_sel(redfish_emulator):
    with RedfishDriver(target_for(redfish_emulator)) as driver:
        inventory = driver.inventory()
        assert inventory["uuid"] == redfish_emulator.system_ids()[0]
        assert inventory["manufacturer"] == "Sushy Emulator" and inventory["serial"]
        health = driver.health_and_sensors()
        assert health["health"] == "ok"
        assert {"Temperature", "Fan"} <= {sensor["type"] for sensor in health["sensors"]}
        assert all(isinstance(sensor["value"], (int, float)) for sensor in health["sensors"])
        assert list(driver.firmware().values()) == ["1.00"]
        with pytest.raises(BmcUnsupportedError, match="no-log-services"):
            driver.sel_entries()


def test_wrong_password_is_an_authentication_error(redfish_emulator):
    with pytest.raises(BmcAuthenticationError) as caught:
        RedfishDriver(target_for(redfish_emulator, password="wrong", retries=3)).power_state()
    assert caught.value.kind == "authentication" and "wrong" not in str(caught.value)


def test_closed_port_is_unreachable_within_the_bound():
    target = BmcTarget(host=labproc.LOOPBACK, port=labproc.free_tcp_port(), scheme="http", username="a", password="b",
                       driver="redfish", timeout=1.0, retries=2, redfish_system="1")
    started = time.monotonic()
    with pytest.raises(BmcUnreachableError) as caught:
        RedfishDriver(target).power_state()
    assert caught.value.kind == "unreachable"
    assert time.monotonic() - started < target.timeout * (target.retries + 1) + sum(target.backoff(n) for n in range(target.retries)) + SLACK


def test_several_systems_need_a_system_id(redfish_emulator):
    with pytest.raises(ValidationError) as caught:
        RedfishDriver(target_for(redfish_emulator, redfish_system="")).power_state()
    assert caught.value.field == "redfish_system"
    by_path = target_for(redfish_emulator, redfish_system=f"/redfish/v1/Systems/{redfish_emulator.system_ids()[1]}")
    assert RedfishDriver(by_path).power_state() == "off"
