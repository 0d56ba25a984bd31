# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared BMC options: what a task names and which value wins."""
from __future__ import annotations

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.module_spec import (
    bmc_argument_spec,
    build_target,
    target_requests,
)


def params(**given):
    """The task's parameters as AnsibleModule hands them over (defaults, aliases of ``targets`` entries resolved)."""
    result = ArgumentSpecValidator(bmc_argument_spec()).validate(given)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def test_password_options_are_no_log():
    spec = bmc_argument_spec()
    assert spec["bmc_password"]["no_log"] is True and spec["targets"]["options"]["bmc_password"]["no_log"] is True


def test_explicit_host_uses_the_task_options():
    task = params(bmc_host="10.1.0.17", bmc_username="admin", bmc_password="pw", driver="ipmi", timeout=3.0)
    (request,) = target_requests(task)
    target = build_target(request, task)
    assert (target.host, target.username, target.password, target.driver, target.timeout, target.retries) == (
        "10.1.0.17", "admin", "pw", "ipmi", 3.0, 1)
    assert target.label == "ipmi://10.1.0.17:623" and "pw" not in repr(target)


def test_entry_beats_machine_record_beats_task_options():
    task = params(targets=[{"machine": "m1", "username": "entry-user"}, {"host": "10.1.0.18", "name": "rack1-18"}],
                  bmc_username="task-user", bmc_password="task-pw", driver="auto", bmc_port=6230)
    first, second = target_requests(task)
    record = {"host": "10.9.0.1", "username": "record-user", "password": "record-pw", "driver": "redfish"}
    from_machine = build_target(first, task, record)
    assert (from_machine.host, from_machine.username, from_machine.password, from_machine.driver, from_machine.port) == (
        "10.9.0.1", "entry-user", "record-pw", "redfish", 6230)
    assert from_machine.label == "m1"
    explicit = build_target(second, task)
    assert (explicit.username, explicit.password, explicit.label) == ("task-user", "task-pw", "rack1-18")


@pytest.mark.parametrize("entry, field", [({"host": "a", "machine": "m"}, "targets[0]"), ({"name": "x"}, "targets[0]")])
def test_each_entry_names_exactly_one_bmc(entry, field):
    with pytest.raises(ValidationError) as caught:
        target_requests(params(targets=[entry]))
    assert caught.value.field == field


def test_bad_values_name_the_entry():
    task = params(targets=[{"host": "a"}, {"host": "b", "port": 70000}])
    requests = target_requests(task)
    with pytest.raises(ValidationError) as caught:
        build_target(requests[1], task)
    assert caught.value.field == "targets[1].bmc_port"
    with pytest.raises(ValidationError) as caught:
        build_target(target_requests(params(bmc_host="a", timeout=0.0))[0], params(bmc_host="a", timeout=0.0))
    assert caught.value.field == "timeout"


def test_entries_take_the_task_option_names():
    task = params(targets=[{"bmc_host": "10.1.0.19", "bmc_port": 6231, "bmc_username": "entry-user", "bmc_password": "entry-pw",
                            "driver": "ipmi", "redfish_scheme": "http", "redfish_system": "/redfish/v1/Systems/1"}],
                  bmc_username="task-user", bmc_password="task-pw", driver="redfish")
    (request,) = target_requests(task)
    target = build_target(request, task)
    assert (target.host, target.port, target.username, target.password, target.driver, target.scheme, target.redfish_system) == (
        "10.1.0.19", 6231, "entry-user", "entry-pw", "ipmi", "http", "/redfish/v1/Systems/1")
    assert "entry-pw" not in repr(target)


def test_the_short_entry_names_stay_aliases():
    spec = bmc_argument_spec()["targets"]["options"]
    assert {name: spec[name].get("aliases") for name in ("bmc_host", "bmc_port", "bmc_username", "bmc_password")} == {
        "bmc_host": ["host"], "bmc_port": ["port"], "bmc_username": ["username"], "bmc_password": ["password"]}
    short, full = (build_target(target_requests(task)[0], task) for task in (
        params(targets=[{"host": "a", "port": 6232, "username": "u", "password": "p"}]),
        params(targets=[{"bmc_host": "a", "bmc_port": 6232, "bmc_username": "u", "bmc_password": "p"}])))
    assert short == full


def test_an_entry_password_is_no_log_under_either_name():
    for name in ("bmc_password", "password"):
        result = ArgumentSpecValidator(bmc_argument_spec()).validate({"targets": [{"bmc_host": "a", name: "s3cret-entry"}]})
        assert "s3cret-entry" in result._no_log_values
