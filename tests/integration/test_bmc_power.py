# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""bmc_power through ansible-playbook against real ipmi_sim BMCs (and a closed Redfish port)."""
from __future__ import annotations

import pytest

from tests.integration.bmc_conftest import BMC_GROUP, LOOPBACK, SLACK, ipmi_args, ipmi_vars, labproc, task, worst_case

pytestmark = pytest.mark.playbook


def test_check_mode_predicts_and_sends_nothing(bmc_runner, ipmi_bmc):
    run = bmc_runner.run([task("on", "bmc_power", ipmi_args(state="on")),
                          task("cycle", "bmc_power", ipmi_args(state="cycle"))],
                         extra_vars=ipmi_vars(ipmi_bmc), check=True, diff=True)
    on = run.task("on")["result"]
    assert on["changed"] is True and on["power"] == "on" and on["previous"] == "off" and on["action"] == "on"
    assert on["diff"] == {"before": {"power": "off"}, "after": {"power": "on", "action": "on"}}
    # cycling a machine that is off is predicted as a power-on
    assert run.task("cycle")["result"]["action"] == "on"
    # the simulated chassis was never asked to do anything
    assert ipmi_bmc.power == "off" and ipmi_bmc.chassis_log() == []


def test_on_off_cycle_are_idempotent_and_match_the_prediction(bmc_runner, ipmi_bmc):
    def power(name, state, **keywords):
        return task(name, "bmc_power", ipmi_args(state=state), **keywords)

    run = bmc_runner.run([
        power("predict on", "on", check_mode=True),
        power("on", "on"),
        power("on again", "on"),
        power("predict cycle", "cycle", check_mode=True),
        power("cycle", "cycle"),
        power("off", "off"),
        power("off again", "off"),
        power("soft off when off", "soft_off"),
        power("status", "status"),
    ], extra_vars=ipmi_vars(ipmi_bmc), diff=True)
    predicted, done = run.task("predict on")["result"], run.task("on")["result"]
    for key in ("changed", "power", "previous", "action", "diff"):
        assert predicted[key] == done[key], key
    assert done["reached"] is True and done["driver"] == "ipmi"
    again = run.task("on again")["result"]
    assert again["changed"] is False and again["action"] is None and "diff" not in again
    cycle = run.task("cycle")["result"]
    assert cycle["changed"] is True and cycle["action"] == "cycle" and cycle["power"] == "on"
    assert run.task("predict cycle")["result"]["action"] == "cycle"
    assert cycle["diff"] == {"before": {"power": "on"}, "after": {"power": "on", "action": "cycle"}}
    assert run.task("off")["result"]["changed"] is True
    assert [run.task(name)["result"]["changed"] for name in ("off again", "soft off when off", "status")] == [False] * 3
    assert run.task("status")["result"]["power"] == "off"
    # exactly one request per real change reached the chassis (ipmi_sim turns a cycle into off + on)
    assert ipmi_bmc.chassis_log() == ["power 1", "power 0", "power 1", "power 0"]
    assert ipmi_bmc.power == "off"


def test_errors_name_their_kind_within_the_configured_bound(bmc_runner, ipmi_bmc):
    dead_udp, closed_tcp = labproc.dead_udp_port(), labproc.free_tcp_port()
    run = bmc_runner.run([
        task("wrong password", "bmc_power", ipmi_args(bmc_password="{{ wrong_password }}", retries=2), ignore_errors=True),
        task("nothing listens", "bmc_power", ipmi_args(bmc_port=dead_udp, timeout=1, retries=1), ignore_errors=True),
        task("closed redfish port", "bmc_power", {"bmc_host": LOOPBACK, "bmc_port": closed_tcp, "redfish_scheme": "http",
                                                  "driver": "redfish", "redfish_system": "1", "bmc_username": "admin",
                                                  "bmc_password": "{{ wrong_password }}", "timeout": 1, "retries": 1},
             ignore_errors=True),
    ], extra_vars=dict(ipmi_vars(ipmi_bmc), wrong_password="Not-The-Pw-42"))
    auth = run.task("wrong password")["result"]
    assert auth["error"] == "authentication" and auth["msg"].startswith("authentication failed: ")
    assert "Traceback" not in auth["msg"] and "Not-The-Pw-42" not in run.stdout
    assert "labpass" not in run.stdout and "Not-The-Pw-42" not in str(run.results)
    dead = run.task("nothing listens")["result"]
    assert dead["error"] == "timeout" and dead["msg"].startswith("BMC timeout: ")
    assert dead["elapsed"] <= worst_case(1, 1) + SLACK
    closed = run.task("closed redfish port")["result"]
    assert closed["error"] == "unreachable" and closed["msg"].startswith("BMC unreachable: ")
    assert closed["elapsed"] <= worst_case(1, 1) + SLACK
    assert ipmi_bmc.chassis_log() == []


@pytest.mark.slow
def test_bulk_over_twenty_bmcs_with_one_dead(bmc_runner, ipmisim_factory):
    instances = ipmisim_factory(20)
    dead = instances[13]
    dead.stop()
    timeout, retries = 1.0, 1
    targets = [{"name": bmc.name, "host": bmc.host, "port": bmc.port} for bmc in instances]
    credentials = {"bmc_username": instances[0].username, "bmc_password": "{{ lab_password }}", "driver": "ipmi",
                   "timeout": timeout, "retries": retries}
    run = bmc_runner.run([
        task("status", "bmc_power", {"targets": "{{ lab_targets }}", "state": "status", "workers": 10}, ignore_errors=True),
        task("on", "bmc_power", {"targets": "{{ lab_targets }}", "state": "on", "workers": 10, "fail_on_target_error": False}),
    ], extra_vars={"lab_targets": targets, "lab_password": instances[0].password}, module_defaults={BMC_GROUP: credentials})
    status = run.task("status")
    assert status["status"] == "ignored", "a dead target fails the task by default"
    result = status["result"]
    assert result["error"] == "timeout" and dead.name in result["msg"]
    assert result["failed_targets"] == [dead.name]
    assert result["summary"] == {"targets": 20, "ok": 19, "failed": 1, "changed": 0}
    by_name = {entry["target"]: entry for entry in result["results"]}
    assert [entry["target"] for entry in result["results"]] == [bmc.name for bmc in instances]
    assert by_name[dead.name]["error_kind"] == "timeout" and by_name[dead.name]["ok"] is False
    assert all(by_name[bmc.name]["power"] == "off" for bmc in instances if bmc is not dead)
    # the dead BMC costs its own bound and holds up no one: the whole task stays within one target's bound
    bound = worst_case(timeout, retries) + SLACK
    assert by_name[dead.name]["elapsed"] <= bound
    assert result["elapsed"] <= bound
    on = run.task("on")
    assert on["status"] == "ok" and on["result"]["changed"] is True
    assert on["result"]["failed_targets"] == [dead.name] and on["result"]["summary"]["changed"] == 19
    assert [bmc.power for bmc in instances if bmc is not dead] == ["on"] * 19
    assert dead.power == "off"


def test_target_entries_take_the_task_option_names(bmc_runner, ipmisim_factory):
    """A ``targets:`` entry accepts ``bmc_host``/``bmc_port``/``bmc_username``/``bmc_password`` like the task itself,
    and the short names still work beside them; a password given in an entry is never shown."""
    long_names, short_names = ipmisim_factory(2)
    targets = [
        {"name": long_names.name, "bmc_host": long_names.host, "bmc_port": long_names.port,
         "bmc_username": long_names.username, "bmc_password": "{{ lab_password }}"},
        {"name": short_names.name, "host": short_names.host, "port": short_names.port,
         "username": short_names.username, "password": "{{ lab_password }}"},
    ]
    run = bmc_runner.run([
        task("on", "bmc_power", {"targets": "{{ lab_targets }}", "state": "on", "driver": "ipmi",
                                 "timeout": 2, "retries": 1}),
    ], extra_vars={"lab_targets": targets, "lab_password": long_names.password}, diff=True)
    result = run.task("on")["result"]
    assert result["summary"] == {"targets": 2, "ok": 2, "failed": 0, "changed": 2}
    assert [entry["target"] for entry in result["results"]] == [long_names.name, short_names.name]
    assert long_names.power == "on" and short_names.power == "on"
    assert long_names.password not in run.stdout
