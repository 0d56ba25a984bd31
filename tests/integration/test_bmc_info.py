# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""bmc_info through ansible-playbook against a real ipmi_sim and a real sushy-tools Redfish emulator."""
from __future__ import annotations

import pytest

from tests.integration.bmc_conftest import ipmi_args, ipmi_vars, redfish_args, redfish_vars, task

pytestmark = pytest.mark.playbook


def test_ipmi_inventory_sensors_sel_firmware(bmc_runner, ipmi_bmc):
    ipmi_bmc.set_sensor_raw(1, 95)  # CPU Temp above its upper critical threshold (90)
    run = bmc_runner.run([
        task("everything", "bmc_info", ipmi_args()),
        task("power only", "bmc_info", ipmi_args(gather_subset=["power"])),
    ], extra_vars=ipmi_vars(ipmi_bmc), check=True)
    info = run.task("everything")["result"]
    assert info["changed"] is False and info["unavailable"] == {} and info["driver"] == "ipmi"
    assert info["power"] == "off" and info["boot"]["valid"] is False
    assert (info["inventory"]["manufacturer"], info["inventory"]["product"], info["inventory"]["serial"]) == ("Lab", "Box", ipmi_bmc.serial)
    sensors = {sensor["name"]: sensor for sensor in info["health"]["sensors"]}
    assert sensors["CPU Temp"]["value"] == pytest.approx(95) and sensors["CPU Temp"]["health"] == "critical"
    assert sensors["FAN1"]["value"] == pytest.approx(4800) and sensors["FAN1"]["units"] == "RPM"
    assert info["health"]["health"] == "critical" and info["health"]["bad"] == ["CPU Temp"]
    # the two preloaded entries, then what the injected fault logged
    assert [entry["id"] for entry in info["sel"][:2]] == [1, 2] and len(info["sel"]) > 2
    assert {entry["component"] for entry in info["sel"]} == {"CPU Temp"}
    assert [entry["severity"] for entry in info["sel"][:2]] == ["critical", "critical"]
    assert all(entry["event"] and entry["timestamp"] for entry in info["sel"])
    assert info["firmware"] == {"BMC Version": "2.5"}
    power_only = run.task("power only")["result"]
    assert power_only["power"] == "off" and not {"boot", "inventory", "health", "sel", "firmware"} & set(power_only)
    assert ipmi_bmc.chassis_log() == []


def test_redfish_info_reports_what_the_service_lacks(bmc_runner, redfish_emulator):
    run = bmc_runner.run([task("everything", "bmc_info", redfish_args(driver="auto"))], extra_vars=redfish_vars(redfish_emulator))
    info = run.task("everything")["result"]
    assert info["driver"] == "redfish" and info["power"] == "off"
    assert info["inventory"]["manufacturer"] == "Sushy Emulator" and info["inventory"]["uuid"] == redfish_emulator.system_ids()[0]
    assert info["health"]["health"] == "ok" and {"Temperature", "Fan"} <= {s["type"] for s in info["health"]["sensors"]}
    assert list(info["firmware"].values()) == ["1.00"]
    # the emulator has no log services: reported per part, the rest of the answer stands
    assert info["sel"] is None and info["unavailable"]["sel"]["error_kind"] == "unsupported"
    assert "no-log-services" in info["unavailable"]["sel"]["error"]


def test_machine_targets_need_machines_in_the_store(bmc_runner):
    run = bmc_runner.run([
        task("machine", "bmc_info", {"machine": "4c4c4544-0042-3010-8048-b7c04f4a3232"}, ignore_errors=True),
        task("write-back without machines", "bmc_info", {"bmc_host": "127.0.0.1", "update_machine": True}, ignore_errors=True),
    ])
    missing = run.task("machine")["result"]
    assert missing["error"] == "not_found" and "the fleet store has no machines yet" in missing["msg"]
    write_back = run.task("write-back without machines")["result"]
    assert write_back["error"] == "validation" and write_back["field"] == "update_machine"


def test_machine_from_the_store_and_fru_write_back(bmc_runner, ipmi_bmc):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import SecretBox  # pylint: disable=import-outside-toplevel
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location  # pylint: disable=import-outside-toplevel
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store  # pylint: disable=import-outside-toplevel

    machine, key = "4c4c4544-0042-3010-8048-b7c04f4a3232", "lab secret key, tests only"
    with open_store(parse_location(bmc_runner.store)) as store:
        store.run(lambda tx: tx.execute(
            "INSERT INTO machines (id, partition_id, bmc_address, bmc_port, bmc_driver, bmc_username, bmc_password_encrypted,"
            " created_at, updated_at) VALUES (?, 'lab', ?, ?, 'ipmi', ?, ?, 'now', 'now')",
            (machine, ipmi_bmc.host, ipmi_bmc.port, ipmi_bmc.username, SecretBox(key).encrypt(ipmi_bmc.password))))

        def row():
            return store.run(lambda tx: tx.query_one("SELECT serial, manufacturer FROM machines WHERE id = ?", (machine,)), write=False)

        tasks = [task("facts", "bmc_info", {"machine": machine, "gather_subset": ["power"], "update_machine": True}),
                 task("on", "bmc_power", {"targets": [{"machine": machine}], "state": "on"})]
        env = {"METALFLEET_SECRET_KEY": key}
        check = bmc_runner.run(tasks, check=True, diff=True, extra_env=env)
        assert row() == {"serial": "", "manufacturer": ""} and ipmi_bmc.chassis_log() == []
        real = bmc_runner.run(tasks, diff=True, extra_env=env)
        assert row() == {"serial": ipmi_bmc.serial, "manufacturer": "Lab"}
    for run in (check, real):
        facts = run.task("facts")["result"]
        assert facts["changed"] is True and facts["machines_updated"] == [machine] and facts["target"] == machine
        change = facts["diff"]["after"]["machine " + machine]
        assert (change["serial"], change["manufacturer"]) == (ipmi_bmc.serial, "Lab")
        assert facts["diff"]["before"]["machine " + machine]["serial"] == ""
        assert run.task("on")["result"]["results"][0]["target"] == machine
    assert ipmi_bmc.password not in check.stdout + real.stdout and ipmi_bmc.power == "on"
    again = bmc_runner.run(tasks[:1], extra_env=env).task("facts")["result"]
    assert again["changed"] is False and again["machines_updated"] == []
