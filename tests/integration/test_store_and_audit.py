# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.store_info and audit_info, the store DSN and secrets, through ansible-playbook."""
from __future__ import annotations

import os
import stat

import pytest

from tests.support.playbook import play, run_playbook

pytestmark = pytest.mark.playbook

SUPER = {"name": "super", "metalfleet.datacenter.network": {
    "name": "tenant-super", "partition": "fra-1", "type": "private_super", "prefixes": ["10.0.0.0/16"],
    "default_child_prefix_length": {"IPv4": 22}}}
CHILD = {"name": "child", "metalfleet.datacenter.network": {"name": "shop", "partition": "fra-1", "project": "p1",
                                                            "description": "v1"}}


def test_store_info_counts(fleet):
    fleet.run([SUPER, CHILD, {"name": "ip", "metalfleet.datacenter.ip": {"network": "shop", "name": "a"}}])
    info = fleet.run([{"name": "info", "metalfleet.datacenter.store_info": {}}], check=True).task("info")["result"]
    assert info["changed"] is False
    assert info["schema_version"] >= 1
    assert info["backend"] == ("sqlite" if fleet.dsn.startswith("sqlite") else "postgresql")
    assert info["counts"]["network"] == 2 and info["counts"]["ip"] == 1 and info["counts"]["prefix"] == 2
    assert info["counts"]["audit_entry"] == 3


def test_audit_log_records_changes_with_actor(fleet):
    fleet.run([SUPER, CHILD])
    fleet.run([dict(CHILD, **{"metalfleet.datacenter.network": dict(CHILD["metalfleet.datacenter.network"], description="v2")})])
    run = fleet.run([
        {"name": "all", "metalfleet.datacenter.audit_info": {}},
        {"name": "shop", "metalfleet.datacenter.audit_info": {"kind": "network", "entity": "fra-1/p1/shop"}},
        {"name": "latest", "metalfleet.datacenter.audit_info": {"limit": 1}},
        {"name": "future", "metalfleet.datacenter.audit_info": {"since": "2999-01-01"}},
    ])
    entries = run.task("all")["result"]["entries"]
    assert [e["action"] for e in entries] == ["update", "create", "create"]
    assert all(e["module"] == "metalfleet.datacenter.network" and e["actor"] for e in entries)
    shop = run.task("shop")["result"]["entries"]
    assert [(e["action"], (e["before"] or {}).get("description"), e["after"]["description"]) for e in shop] == [
        ("update", "v1", "v2"), ("create", None, "v1")]
    assert len(run.task("latest")["result"]["entries"]) == 1
    assert run.task("future")["result"]["entries"] == []


def test_audit_actor_from_environment(fleet, tmp_path):
    result = run_playbook(play([SUPER]), fleet.dsn, str(tmp_path / "w"), extra_env={"METALFLEET_ACTOR": "awx-job-42"})
    assert result.returncode == 0
    entries = fleet.run([{"name": "a", "metalfleet.datacenter.audit_info": {}}]).task("a")["result"]["entries"]
    assert entries[0]["actor"] == "awx-job-42"


def test_default_embedded_store_is_private(tmp_path):
    """Without a DSN the store lands under $XDG_DATA_HOME/metalfleet/fleet.db, directory created, file mode 0600."""
    data_home = tmp_path / "xdg"
    result = run_playbook(play([{"name": "info", "metalfleet.datacenter.store_info": {}}]), "", str(tmp_path / "w"),
                          extra_env={"XDG_DATA_HOME": str(data_home), "METALFLEET_STORE": ""})
    assert result.returncode == 0, result.stdout[-2000:]
    path = data_home / "metalfleet" / "fleet.db"
    assert result.task("info")["result"]["location"] == "sqlite://" + str(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_dsn_password_never_shown(postgres_server, tmp_path):
    """The password of a PostgreSQL DSN is masked in results, and a wrong one fails with a clear message."""
    dsn = postgres_server.create_database()
    with_password = dsn.replace("://postgres@", "://postgres:S3cretPassw0rd@")
    result = run_playbook(play([{"name": "info", "metalfleet.datacenter.store_info": {"store": with_password}}]), dsn,
                          str(tmp_path), diff=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "S3cretPassw0rd" not in result.stdout
    assert "S3cretPassw0rd" not in str(result.results)
    assert result.task("info")["result"]["location"].startswith("postgresql://postgres:********@127.0.0.1")


def test_unreachable_store_fails_clearly(tmp_path):
    bad = "postgresql://postgres:pw@127.0.0.1:1/none"
    result = run_playbook(play([{"name": "info", "metalfleet.datacenter.store_info": {}, "ignore_errors": True}]), bad, str(tmp_path))
    failed = result.task("info")
    assert failed["status"] == "ignored"
    assert "cannot connect to the PostgreSQL store postgresql://postgres:********@127.0.0.1:1/none" in failed["result"]["msg"]
    assert "pw@" not in result.stdout


def test_bad_dsn_names_the_option(tmp_path):
    result = run_playbook(play([{"name": "info", "metalfleet.datacenter.store_info": {"store": "mysql://x/y"}, "ignore_errors": True}]),
                          "", str(tmp_path))
    assert result.task("info")["status"] == "ignored"
    assert result.task("info")["result"]["msg"].startswith("store: unsupported store DSN scheme 'mysql'")
