# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""IpmiDriver against real OpenIPMI ipmi_sim instances (tests/lab/ipmisim.py)."""
from __future__ import annotations

import time

import labproc
import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import BmcAuthenticationError, BmcTimeoutError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.ipmi import QUIRK_BOOT_FLAGS, IpmiDriver
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget

SLACK = 1.5  # thread start-up and scheduling on a busy 2-core machine


def target_for(bmc, **overrides):
    params = {"host": bmc.host, "port": bmc.port, "username": bmc.username, "password": bmc.password,
              "driver": "ipmi", "timeout": 2.0, "retries": 1}
    params.update(overrides)
    return BmcTarget(**params)


def test_power_on_off_and_idempotence(ipmi_bmc):
    with IpmiDriver(target_for(ipmi_bmc)) as driver:
        assert driver.power_state() == "off"
        first = driver.set_power("on")
        assert first["changed"] and first["state"] == "on" and ipmi_bmc.power == "on"
        again = driver.set_power("on")
        assert not again["changed"] and again["action"] is None
        off = driver.set_power("off")
        assert off["changed"] and off["state"] == "off" and ipmi_bmc.power == "off"
        assert not driver.set_power("off")["changed"]
    # the idempotent calls sent nothing: exactly one "power 1" and one "power 0" reached the chassis
    assert ipmi_bmc.chassis_log() == ["power 1", "power 0"]


def test_cycle_reset_and_soft_off(ipmi_bmc):
    ipmi_bmc.set_power_file(True)
    with IpmiDriver(target_for(ipmi_bmc)) as driver:
        cycled = driver.set_power("cycle")
        assert cycled["action"] == "cycle" and cycled["state"] == "on"
        assert driver.set_power("reset")["state"] == "on"
        soft = driver.set_power("soft_off")
        assert soft["state"] == "off" and ipmi_bmc.power == "off"
        # cycling a machine that is off powers it on
        from_off = driver.set_power("cycle")
        assert from_off["action"] == "on" and ipmi_bmc.power == "on"
    # ipmi_sim turns a power cycle into "off" now and "on" one second later
    assert ipmi_bmc.chassis_log() == ["power 0", "power 1", "reset 1", "shutdown 1", "power 1"]


def test_boot_override_is_written_but_not_confirmed(ipmi_bmc):
    with IpmiDriver(target_for(ipmi_bmc)) as driver:
        result = driver.set_boot("network", persistent=False, uefi=True)
        assert ipmi_bmc.boot == "pxe"
        assert result["changed"] is True
        assert result["confirmed"] is False and result["reason"].startswith(QUIRK_BOOT_FLAGS)
        assert result["readback"] == {"device": None, "persistent": None, "uefi": None, "valid": False, "raw": "network"}
        driver.set_boot("bios")
        assert ipmi_bmc.boot == "bios"
        assert driver.get_boot()["raw"] == "bios"


def test_fru_sensors_sel_firmware(ipmi_bmc):
    with IpmiDriver(target_for(ipmi_bmc)) as driver:
        inventory = driver.inventory()
        assert (inventory["manufacturer"], inventory["product"], inventory["serial"]) == ("Lab", "Box", ipmi_bmc.serial)
        health = driver.health_and_sensors()
        readings = {sensor["name"]: sensor for sensor in health["sensors"]}
        assert health["health"] == "ok" and health["bad"] == []
        assert readings["CPU Temp"]["value"] == pytest.approx(40) and readings["FAN1"]["value"] == pytest.approx(4800)
        events = driver.sel_entries()
        assert len(events) == 2 and {event["component"] for event in events} == {"CPU Temp"}
        assert all(event["severity"] == "critical" for event in events)
        assert driver.firmware() == {"BMC Version": "2.5"}


def test_sensor_fault_injected_through_the_console_shows_as_critical(ipmi_bmc):
    ipmi_bmc.set_sensor_raw(1, 95)  # above the upper critical threshold (90)
    with IpmiDriver(target_for(ipmi_bmc)) as driver:
        health = driver.health_and_sensors()
    assert health["health"] == "critical" and health["bad"] == ["CPU Temp"]


def test_identify_reaches_the_chassis(ipmi_bmc):
    with IpmiDriver(target_for(ipmi_bmc)) as driver:
        assert driver.identify(20) == {"timed": True, "state": "on", "seconds": 20}
        assert ipmi_bmc.identify == "20 0"
        driver.identify("on")
        assert ipmi_bmc.identify == "0 1"  # interval 0 + force on = indefinitely
        driver.identify("off")
        assert ipmi_bmc.identify == "0 0"


def test_wrong_password_is_an_authentication_error(ipmi_bmc):
    with pytest.raises(BmcAuthenticationError) as caught:
        IpmiDriver(target_for(ipmi_bmc, password="not-the-password", retries=3)).power_state()
    assert caught.value.kind == "authentication"
    assert "not-the-password" not in str(caught.value) and "Traceback" not in str(caught.value)


def test_nothing_listening_times_out_within_the_configured_bound():
    target = BmcTarget(host=labproc.LOOPBACK, port=labproc.dead_udp_port(), username="admin", password="x",
                       driver="ipmi", timeout=1.0, retries=1)
    started = time.monotonic()
    with pytest.raises(BmcTimeoutError) as caught:
        IpmiDriver(target).power_state()
    elapsed = time.monotonic() - started
    assert caught.value.kind == "timeout"
    assert elapsed < target.timeout * (target.retries + 1) + sum(target.backoff(n) for n in range(target.retries)) + SLACK


def test_bmc_dying_mid_session_times_out_within_the_bound(ipmi_bmc):
    # pyghmi on its own waits ~25 s before declaring such a session dead
    target = target_for(ipmi_bmc, timeout=1.0, retries=1)
    with IpmiDriver(target) as driver:
        assert driver.power_state() == "off"
        ipmi_bmc.stop()
        started = time.monotonic()
        with pytest.raises(BmcTimeoutError):
            driver.power_state()
        assert time.monotonic() - started < target.worst_case_seconds() + SLACK


def test_a_new_driver_after_close_gets_a_working_session(ipmi_bmc):
    # regression: pyghmi 1.6.19 kept logged-out sessions cached when given str credentials,
    # so the second driver for the same BMC failed ("pyghmi-stale-login-cache")
    for _round in range(3):
        with IpmiDriver(target_for(ipmi_bmc)) as driver:
            assert driver.power_state() == "off"


def test_abandoned_session_is_not_handed_out_again(ipmi_bmc):
    # regression: pyghmi shares one session per BMC and user; a retry after a timeout got the
    # abandoned (dying) session back and failed at once ("pyghmi-shared-session")
    with IpmiDriver(target_for(ipmi_bmc)) as driver:
        assert driver.power_state() == "off"
        abandoned = driver._command.ipmi_session  # pylint: disable=protected-access
        driver._abandon()  # pylint: disable=protected-access  # what a timed-out attempt does
        assert abandoned.broken
        assert driver.power_state() == "off"
        assert driver._command.ipmi_session is not abandoned  # pylint: disable=protected-access


def test_pyghmi_waits_are_capped_once():
    from pyghmi.ipmi.private import session  # pylint: disable=import-outside-toplevel

    from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.ipmi import install_wakeup_cap  # pylint: disable=import-outside-toplevel

    install_wakeup_cap()
    capped = session._io_wait  # pylint: disable=protected-access
    install_wakeup_cap()
    assert session._io_wait is capped and capped.metalfleet_capped  # pylint: disable=protected-access
