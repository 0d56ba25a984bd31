# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import actor_name, build_diff
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import Change


def test_diff_keeps_first_before_and_last_after_per_entity():
    changes = [
        Change("network", "fra/a", "create", None, {"name": "a", "v": 1}),
        Change("network", "fra/a", "update", {"name": "a", "v": 1}, {"name": "a", "v": 2}),
        Change("ip", "fra/a/10.0.0.1", "acquire", None, {"address": "10.0.0.1"}),
        Change("ip", "fra/a/10.0.0.1", "release", {"address": "10.0.0.1"}, None),
        Change("machine", "m", "update", {"bmc": {"password": "old"}}, {"bmc": {"password": "new"}}),
    ]
    diff = build_diff(changes)
    assert diff["before"] == {"machine m": {"bmc": {"password": "********"}}}
    assert diff["after"] == {"network fra/a": {"name": "a", "v": 2}, "machine m": {"bmc": {"password": "********"}}}


def test_actor_from_environment(monkeypatch):
    monkeypatch.setenv("METALFLEET_ACTOR", "awx-job-7")
    assert actor_name() == "awx-job-7"
    monkeypatch.delenv("METALFLEET_ACTOR")
    assert actor_name()


def run_fleet_module(monkeypatch, capsys, machines):
    """Run a FleetModule (an option ``machines`` and a no_log ``token``) to its exit and return its JSON result."""
    import json

    import pytest
    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes

    from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule

    args = json.dumps({"ANSIBLE_MODULE_ARGS": {"machines": machines, "token": "s3cr3t-token"}})
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(args))
    monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy", raising=False)
    module = FleetModule(argument_spec={"machines": {"type": "list", "elements": "str"}, "token": {"type": "str", "no_log": True}})
    with pytest.raises(SystemExit):
        module.exit_json(changed=False, echo="s3cr3t-token")
    return json.loads(capsys.readouterr().out)


def test_long_lists_are_echoed_by_size_only(monkeypatch, capsys):
    result = run_fleet_module(monkeypatch, capsys, ["m%d" % i for i in range(51)])
    assert result["invocation"]["module_args"]["machines"] == "<51 entries>"
    assert result["invocation"]["module_args"]["token"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert "s3cr3t-token" not in json.dumps(result), "no_log values are still scrubbed from the result"


def test_short_lists_are_echoed_as_they_are(monkeypatch, capsys):
    result = run_fleet_module(monkeypatch, capsys, ["m1", "m2"])
    assert result["invocation"]["module_args"]["machines"] == ["m1", "m2"]


# -- store passwords in the system log and the invocation --------------------------------------------------------
PASSWORD = "p@ss/w%rd:1 #x"
ENCODED = "p%40ss%2Fw%25rd%3A1%20%23x"


def run_store_options_module(monkeypatch, capsys, args, fail=False):
    """Run a FleetModule with the store options to its exit; (its JSON result, the lines it sent to the system log)."""
    import pytest
    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes

    from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule, store_argument_spec

    logged = []
    monkeypatch.setattr(basic, "has_journal", False)
    monkeypatch.setattr(basic.AnsibleModule, "_log_to_syslog", lambda self, msg: logged.append(msg))
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy", raising=False)
    spec = dict(store_argument_spec(), count={"type": "int"})
    with pytest.raises(SystemExit):
        module = FleetModule(argument_spec=spec)
        if fail:
            module.fail_json(msg="the store said: %s" % PASSWORD)
        module.exit_json(changed=False, echo="%s and %s" % (PASSWORD, ENCODED))
    return json.loads(capsys.readouterr().out), logged


def assert_no_password(text, *secrets):
    for secret in (PASSWORD, ENCODED, ENCODED.lower()) + secrets:
        assert secret not in text, "%r shows in %s" % (secret, text)


def test_store_password_in_the_dsn_shows_in_no_form(monkeypatch, capsys):
    dsn = "postgresql://fleet:%s@db.example/fleet?sslpassword=k%%23ey" % ENCODED
    result, logged = run_store_options_module(monkeypatch, capsys, {"store": dsn})
    assert result["invocation"]["module_args"]["store"] == "postgresql://fleet:********@db.example/fleet?sslpassword=********"
    assert logged and "Invoked with" in logged[0]
    assert_no_password(json.dumps(result) + "\n".join(logged), "k#ey", "k%23ey")


def test_store_password_in_the_query_or_the_environment_shows_in_no_form(monkeypatch, capsys):
    monkeypatch.setenv("METALFLEET_STORE", "postgresql://fleet@db.example/fleet?password=%s" % ENCODED)
    result, logged = run_store_options_module(monkeypatch, capsys, {}, fail=True)
    assert result["failed"] is True
    assert result["invocation"]["module_args"]["store"] == "postgresql://fleet@db.example/fleet?password=********"
    assert_no_password(json.dumps(result) + "\n".join(logged))


def test_separate_store_password_shows_in_no_form(monkeypatch, capsys):
    """store_password is no_log already; its encoded form and a DSN's overridden password are hidden too."""
    dsn = "postgresql://fleet:%s@db.example/fleet" % "old%2Fpw"
    result, logged = run_store_options_module(monkeypatch, capsys, {"store": dsn, "store_password": PASSWORD})
    assert result["invocation"]["module_args"]["store_password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert_no_password(json.dumps(result) + "\n".join(logged), "old%2Fpw", "old/pw")


def test_a_module_failing_on_its_options_hides_the_store_password(monkeypatch, capsys):
    """AnsibleModule fails bad options before the module runs: the invocation it returns is masked too."""
    result, logged = run_store_options_module(
        monkeypatch, capsys, {"store": "postgresql://fleet:%s@h/db" % ENCODED, "count": "many"})
    assert result["failed"] is True and "count" in result["msg"]
    assert result["invocation"]["module_args"]["store"] == "postgresql://fleet:********@h/db"
    assert_no_password(json.dumps(result) + "\n".join(logged))
