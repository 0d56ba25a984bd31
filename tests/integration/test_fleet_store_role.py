# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""store_postgres_database against the tests' PostgreSQL, and the fleet_store role refusing bad input.

The role's full runs (both backends, systemd-less PostgreSQL with TLS and scram) are the molecule scenarios
extensions/molecule/fleet_store_postgresql and fleet_store_sqlite.
"""
from __future__ import annotations

import glob
import uuid

import psycopg
import pytest

from tests.support.playbook import play, run_playbook

pytestmark = pytest.mark.playbook

PASSWORD = "Vaulted-Pass-1"


def _db_task(server, name, password=PASSWORD):
    return {"name": "db", "metalfleet.datacenter.store_postgres_database": {
        "name": name, "owner": name, "password": password, "port": server.port, "admin_host": "127.0.0.1",
        "admin_user": server.superuser}}


def _state(server, name):
    with psycopg.connect(host="127.0.0.1", port=server.port, user=server.superuser, dbname="postgres") as conn:
        role = conn.execute("SELECT rolcanlogin, rolsuper, rolcreatedb, rolpassword FROM pg_authid WHERE rolname = %s",
                            (name,)).fetchone()
        owner = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return role, owner


def test_store_postgres_database_check_real_repeat_and_password_change(postgres_server, tmp_path):
    name = "fs_" + uuid.uuid4().hex[:8]
    dsn = "sqlite://" + str(tmp_path / "unused.db")
    check = run_playbook(play([_db_task(postgres_server, name)]), dsn, str(tmp_path), check=True, diff=True)
    predicted = check.task("db")["result"]
    assert predicted["changed"] and predicted["actions"] == ["create role %s" % name,
                                                             "create database %s owned by %s" % (name, name)]
    assert _state(postgres_server, name) == (None, None)

    real = run_playbook(play([_db_task(postgres_server, name)]), dsn, str(tmp_path), diff=True)
    done = real.task("db")["result"]
    assert done["changed"] and done["actions"] == predicted["actions"]
    assert done["diff"]["after"] == predicted["diff"]["after"]
    role, owner = _state(postgres_server, name)
    assert role[0] is True and role[1] is False and role[2] is False and owner == (name,)
    assert role[3].startswith("SCRAM-SHA-256$")
    assert PASSWORD not in real.stdout + check.stdout and PASSWORD not in str(done)

    again = run_playbook(play([_db_task(postgres_server, name)]), dsn, str(tmp_path), check=True)
    assert again.task("db")["result"]["changed"] is False
    again = run_playbook(play([_db_task(postgres_server, name)]), dsn, str(tmp_path))
    assert again.task("db")["result"]["changed"] is False
    assert _state(postgres_server, name)[0][3] == role[3]

    changed = run_playbook(play([_db_task(postgres_server, name, password="Rotated-Pass-2")]), dsn, str(tmp_path))
    assert changed.task("db")["result"]["actions"] == ["set the password of role %s" % name]
    assert _state(postgres_server, name)[0][3] != role[3]


def _role_play(variables):
    return [{"name": "role", "hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "fleet_store", "ansible.builtin.include_role": {"name": "metalfleet.datacenter.fleet_store"},
         "vars": variables}]}]


@pytest.mark.parametrize("field, bad", [
    ("fleet_store_backend", {"fleet_store_backend": "mysql"}),
    ("fleet_store_allowed_cidrs", {"fleet_store_allowed_cidrs": ["127.0.0.1/32", "10.0.0.1/8"]}),
    ("fleet_store_postgresql_port", {"fleet_store_postgresql_port": 70000}),
    ("fleet_store_tls_cert_file", {"fleet_store_tls": True, "fleet_store_tls_cert_file": "/nonexistent/server.crt",
                                   "fleet_store_tls_key_file": "/etc/hostname"}),
])
def test_role_bad_input_fails_naming_the_field_and_changes_nothing(tmp_path, field, bad):
    cluster = "fsbad" + uuid.uuid4().hex[:6]
    variables = {"fleet_store_backend": "postgresql", "fleet_store_password": PASSWORD,
                 "fleet_store_postgresql_cluster": cluster, "fleet_store_postgresql_port": 25999,
                 "fleet_store_sqlite_path": str(tmp_path / "store" / "fleet.db"),
                 "fleet_store_backup_config_dir": str(tmp_path / "etc")}
    variables.update(bad)
    run = run_playbook(_role_play(variables), "sqlite://" + str(tmp_path / "unused.db"), str(tmp_path))
    assert run.returncode != 0
    failed = run.failed
    messages = [failed[-1]["result"].get("msg", "")] + [r.get("msg", "") for r in failed[-1]["result"].get("results", [])]
    assert any(m.startswith(field) or ("of " + field) in m for m in messages), run.stdout[-2000:]
    assert not [r for r in run.results if r["result"].get("changed")]
    assert not glob.glob("/etc/postgresql/*/%s" % cluster)
    assert not (tmp_path / "store").exists() and not (tmp_path / "etc").exists()
