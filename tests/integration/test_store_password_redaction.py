# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A PostgreSQL password that needs percent-encoding never shows: not at -vvv, not in ANSIBLE_LOG_PATH, not in the store.

The server checks the role's password (SCRAM), so the runs that succeed really used it, and the failing ones fail the
way an operator would see them fail: wrong password, wrong database, a password given in the DSN's query, a password
written into the DSN without percent-encoding.  Every way of giving the store is used: the ``store`` option, the
``METALFLEET_STORE`` / ``METALFLEET_STORE_PASSWORD`` variables, ``store_password``, the inventory plugin and the BMC
modules (which take the store options too).
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
import uuid
from urllib.parse import quote, quote_plus

import pytest
import yaml

from tests.support.playbook import INVENTORY, ansible_bin, play, playbook_env
from tests.support.store_dump import dump_store

pytestmark = pytest.mark.playbook

PASSWORD = "p@ss/w%rd:1 #x"
WRONG_PASSWORD = "wr0ng@pw/%x:9"
STORE_INFO = "metalfleet.datacenter.store_info"
NETWORK = "metalfleet.datacenter.network"
SUPER = {"name": "tenant-super", "partition": "fra-1", "type": "private_super", "prefixes": ["10.0.0.0/16"],
         "default_child_prefix_length": {"IPv4": 22}}


def forms(secret: str) -> set:
    """Every way ``secret`` could be written out: as it is, percent-encoded (either case, ``+`` for space), and the
    middle of each (a form masked only in part still gives the password away)."""
    encoded = {quote(secret, safe=""), quote_plus(secret, safe=""), quote(secret, safe="@:")}
    whole = {secret} | encoded | {form.lower() for form in encoded}
    return whole | {form[2:-2] for form in whole}


def leaks(text: str, secrets=(PASSWORD, WRONG_PASSWORD)) -> list:
    found = []
    for secret in secrets:
        found += sorted(form for form in forms(secret) if form.lower() in text.lower())
    return found


@pytest.fixture
def secret_store(postgres_server):
    """(DSN with the percent-encoded password, the same DSN without it, a trusted DSN for inspecting the store)."""
    trusted = postgres_server.create_database()
    database = trusted.rsplit("/", 1)[1]
    role = "fleet_" + uuid.uuid4().hex[:8]
    postgres_server.create_password_role(role, PASSWORD, database)
    base = "127.0.0.1:%d/%s" % (postgres_server.port, database)
    return {"role": role, "database": database, "port": postgres_server.port, "trusted": trusted,
            "with_password": "postgresql://%s:%s@%s" % (role, quote(PASSWORD, safe=""), base),
            "without_password": "postgresql://%s@%s" % (role, base)}


def run(argv_tail, workdir, env_store, tool="ansible-playbook", extra_env=None):
    """Run an Ansible tool at -vvv with ANSIBLE_LOG_PATH set; (returncode, stdout, stderr, log file, task results)."""
    os.makedirs(workdir, exist_ok=True)
    env = playbook_env(env_store, workdir, extra_env)
    log_path = os.path.join(workdir, "ansible.log")
    results = os.path.join(workdir, "results.jsonl")
    env.update({"ANSIBLE_LOG_PATH": log_path, "METALFLEET_RESULTS_FILE": results})
    proc = subprocess.run([ansible_bin(tool), "-vvv"] + argv_tail, env=env, cwd=workdir, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600, check=False)
    with open(log_path, encoding="utf-8") as handle:
        log = handle.read()
    tasks = {}
    if os.path.exists(results):
        with open(results, encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                tasks[entry["task"]] = entry
    return proc.returncode, proc.stdout, proc.stderr, log, tasks


def run_tasks(tasks, workdir, variables, env_store="", extra_env=None):
    """Run ``tasks`` (``--diff``).  DSNs and passwords are variables (as from a vault): Ansible quotes a failing task's
    source in its error, and the source is the playbook's business, not the module's."""
    os.makedirs(workdir, exist_ok=True)
    handle, path = tempfile.mkstemp(suffix=".yml", dir=workdir)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        yaml.safe_dump(play(tasks), out, sort_keys=False)
    handle, vars_path = tempfile.mkstemp(suffix=".json", dir=workdir)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(variables, out)
    return run(["-i", INVENTORY, "--diff", "-e", "@" + vars_path, path], workdir, env_store, extra_env=extra_env)


def assert_nowhere(outputs: dict, secrets=(PASSWORD, WRONG_PASSWORD)):
    for where, text in outputs.items():
        found = leaks(text, secrets)
        assert not found, "the password shows in %s as %r:\n%s" % (where, found, text[-3000:])


def test_successful_runs_never_show_the_password(secret_store, tmp_path):
    """The store's password works wherever it is given, and shows nowhere: results, -vvv, the log file, the store."""
    store, workdir = secret_store, str(tmp_path)
    variables = {"dsn": store["with_password"], "dsn_no_password": store["without_password"], "store_pw": PASSWORD,
                 "dsn_old_password": "postgresql://%s:%s@127.0.0.1:%d/%s" % (
                     store["role"], quote(WRONG_PASSWORD, safe=""), store["port"], store["database"])}
    tasks = [
        {"name": "write", NETWORK: dict(SUPER, store="{{ dsn }}")},
        {"name": "info", STORE_INFO: {"store": "{{ dsn }}"}},
        {"name": "audit", "metalfleet.datacenter.audit_info": {"store": "{{ dsn }}"}},
        {"name": "from the environment", STORE_INFO: {}},
        {"name": "store_password", STORE_INFO: {"store": "{{ dsn_no_password }}", "store_password": "{{ store_pw }}"}},
        {"name": "separate password wins", STORE_INFO: {"store": "{{ dsn_old_password }}", "store_password": "{{ store_pw }}"}},
        # failures of runs that got their options: the task's invocation is echoed with the failure
        {"name": "bad option", STORE_INFO: {"store": "{{ dsn }}", "bogus": 1}, "ignore_errors": True},
        {"name": "bad input", NETWORK: dict(SUPER, name="bad", prefixes=["10.0.0.0/33"], store="{{ dsn }}"),
         "ignore_errors": True},
        {"name": "bmc of a fleet machine", "metalfleet.datacenter.bmc_info": {"machine": "m-1"}, "ignore_errors": True},
        {"name": "bmc given directly", "metalfleet.datacenter.bmc_info": {
            "bmc_host": "127.0.0.1", "bmc_port": 9, "driver": "redfish", "redfish_scheme": "http", "bmc_username": "admin",
            "bmc_password": "bmc-pw", "timeout": 2, "retries": 0}, "ignore_errors": True},
    ]
    code, stdout, stderr, log, results = run_tasks(tasks, workdir, variables, env_store=store["with_password"])
    assert code == 0, stdout[-4000:] + stderr[-2000:]
    for name in ("write", "info", "audit", "from the environment", "store_password", "separate password wins"):
        assert results[name]["status"] == "ok", results[name]
    assert results["write"]["result"]["changed"] is True
    redacted = "postgresql://%s:********@127.0.0.1:%d/%s" % (store["role"], store["port"], store["database"])
    assert results["info"]["result"]["location"] == redacted
    assert results["info"]["result"]["counts"]["network"] == 1
    assert [entry["action"] for entry in results["audit"]["result"]["entries"]] == ["create"]
    assert results["info"]["result"]["invocation"]["module_args"]["store"] == redacted
    for name in ("bad option", "bad input", "bmc of a fleet machine", "bmc given directly"):
        assert results[name]["status"] == "ignored", results[name]
    assert "bogus" in results["bad option"]["result"]["msg"]
    assert "machine m-1" in results["bmc of a fleet machine"]["result"]["msg"]
    assert results["bad option"]["result"]["invocation"]["module_args"]["store"] == redacted
    outputs = {"stdout": stdout, "stderr": stderr, "the log file": log, "the task results": json.dumps(results)}

    # the password in METALFLEET_STORE_PASSWORD, the DSN without it in METALFLEET_STORE (as AWX's credential sets them)
    tasks = [{"name": "info", STORE_INFO: {}},
             {"name": "bmc of a fleet machine", "metalfleet.datacenter.bmc_info": {"machine": "m-1"}, "ignore_errors": True}]
    code, stdout, stderr, log, results = run_tasks(tasks, os.path.join(workdir, "env"), {}, env_store=store["without_password"],
                                                   extra_env={"METALFLEET_STORE_PASSWORD": PASSWORD})
    assert code == 0, stdout[-4000:] + stderr[-2000:]
    assert results["info"]["status"] == "ok" and results["info"]["result"]["location"] == redacted
    assert results["bmc of a fleet machine"]["status"] == "ignored"
    outputs.update({"stdout (environment)": stdout, "stderr (environment)": stderr, "the log file (environment)": log,
                    "the task results (environment)": json.dumps(results),
                    "the store (audit log included)": json.dumps(dump_store(store["trusted"]))})
    assert_nowhere(outputs)


def test_failing_connections_never_show_the_password(secret_store, tmp_path):
    """Wrong password, wrong database, a password in the query, an unencoded password: clear failures, no password."""
    store, workdir = secret_store, str(tmp_path)
    host = "127.0.0.1:%d" % store["port"]
    role, database = store["role"], store["database"]
    cases = {
        "wrong password": ("postgresql://%s:%s@%s/%s" % (role, quote(WRONG_PASSWORD, safe=""), host, database),
                           "password authentication failed"),
        "wrong database": ("postgresql://%s:%s@%s/nosuchdb" % (role, quote(PASSWORD, safe=""), host),
                           "does not exist"),
        "password in the query": ("postgresql://%s@%s/nosuchdb?password=%s" % (role, host, quote(PASSWORD, safe="")),
                                  "does not exist"),
        "password not encoded": ("postgresql://%s:%s@%s/%s" % (role, PASSWORD, host, database), "percent-encode"),
        "wrong store_password": ("postgresql://%s@%s/%s" % (role, host, database), "password authentication failed"),
    }
    variables = {"dsn_%d" % index: dsn for index, (dsn, _part) in enumerate(cases.values())}
    variables["wrong_pw"] = WRONG_PASSWORD
    tasks = [{"name": name, STORE_INFO: {"store": "{{ dsn_%d }}" % index}, "ignore_errors": True}
             for index, name in enumerate(cases)]
    tasks[-1][STORE_INFO]["store_password"] = "{{ wrong_pw }}"
    tasks.append({"name": "wrong password from the environment", STORE_INFO: {}, "ignore_errors": True})
    tasks.append({"name": "bmc with a wrong database", "metalfleet.datacenter.bmc_info": {
        "machine": "m-1", "store": "{{ dsn_1 }}"}, "ignore_errors": True})
    code, stdout, stderr, log, results = run_tasks(tasks, workdir, variables, env_store=cases["wrong password"][0])
    assert code == 0, stdout[-4000:] + stderr[-2000:]
    for name, (_dsn, part) in cases.items():
        assert results[name]["status"] == "ignored", results[name]
        assert part in results[name]["result"]["msg"], (name, results[name]["result"]["msg"])
    assert "password authentication failed" in results["wrong password from the environment"]["result"]["msg"]
    assert "does not exist" in results["bmc with a wrong database"]["result"]["msg"]
    assert "cannot connect to the PostgreSQL store postgresql://%s:********@%s/nosuchdb" % (role, host) in \
        results["wrong database"]["result"]["msg"]
    assert_nowhere({"stdout": stdout, "stderr": stderr, "the log file": log, "the task results": json.dumps(results)})


def test_inventory_plugin_never_shows_the_password(secret_store, tmp_path):
    """The fleet inventory with the password in its store DSN: a good store lists, a wrong database fails in words
    (the password given in the DSN's query there)."""
    store, workdir = secret_store, str(tmp_path)
    good = os.path.join(workdir, "good.fleet.yml")
    bad = os.path.join(workdir, "bad.fleet.yml")
    with open(good, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"plugin": "metalfleet.datacenter.fleet", "store": store["with_password"]}, handle)
    with open(bad, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"plugin": "metalfleet.datacenter.fleet", "store": "%s?password=%s" % (
            store["without_password"].rsplit("/", 1)[0] + "/nosuchdb", quote(PASSWORD, safe=""))}, handle)
    code, stdout, stderr, log, _results = run(["-i", good, "--list"], os.path.join(workdir, "good"), "", tool="ansible-inventory")
    assert code == 0, stderr[-3000:]
    assert json.loads(stdout[stdout.index("\n{") + 1:])["_meta"]["hostvars"] == {}  # -vvv prints more before the JSON
    outputs = {"stdout (good)": stdout, "stderr (good)": stderr, "the log file (good)": log}
    code, stdout, stderr, log, _results = run(["-i", bad, "--list"], os.path.join(workdir, "bad"), "", tool="ansible-inventory",
                                              extra_env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "1"})
    assert code != 0 and "does not exist" in stdout + stderr, stdout[-2000:] + stderr[-2000:]
    outputs.update({"stdout (bad)": stdout, "stderr (bad)": stderr, "the log file (bad)": log})
    assert_nowhere(outputs)
