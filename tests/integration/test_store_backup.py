# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.store_backup, store_restore and store_backup_info through ansible-playbook, on both backends."""
from __future__ import annotations

import os
import re

import pytest

from tests.support.playbook import REPO_ROOT, run_playbook
from tests.support.store_dump import dump_store
from tests.unit.plugins.module_utils.store.test_backup import change_and_delete, fill, flip_one_byte, without_restore_audit

pytestmark = pytest.mark.playbook

KEY = "a backup passphrase of some length"
PARTITION = "fra-demo"
NAME = re.compile(r"^fleet-\d{8}T\d{6}\.\d{6}Z(-\d+)?$")


def backup_task(directory, name="backup", **options):
    return {"name": name, "metalfleet.datacenter.store_backup": dict({"directory": directory}, **options)}


def info_task(directory, name="info"):
    return {"name": name, "metalfleet.datacenter.store_backup_info": {"directory": directory, "verify": True}}


def test_store_backup_writes_a_new_verified_version_every_run(fleet, tmp_path):
    """store_backup is not idempotent by nature: every real run adds a version. Check mode predicts and writes nothing."""
    fill(fleet.dsn)
    directory = str(tmp_path / "backups")
    before = fleet.dump()
    check = fleet.run([backup_task(directory, keep=2, encryption_key=KEY)], check=True, diff=True).task("backup")["result"]
    assert check["changed"] is True and NAME.match(check["version"]["name"]) and check["pruned"] == []
    assert check["diff"] == {"before": {"versions": []}, "after": {"versions": [check["version"]["name"]]}}
    assert not os.path.exists(directory) and fleet.dump() == before, "check mode wrote something"
    names = []
    for _round in range(3):
        run = fleet.run([backup_task(directory, keep=2, encryption_key=KEY), info_task(directory)], diff=True)
        result = run.task("backup")["result"]
        assert result["changed"] is True and result["version"]["encrypted"] is True
        assert result["version"]["verified"]["integrity"] == "ok" and result["version"]["counts"]["ip"] == 3
        assert result["diff"]["before"]["versions"] == names[-2:]
        names.append(result["version"]["name"])
        assert result["versions"] == names[-2:] and result["diff"]["after"]["versions"] == names[-2:]
        assert KEY not in run.stdout and KEY not in str(run.results)
    info = run.task("info")["result"]
    assert info["changed"] is False and [v["name"] for v in info["versions"]] == names[-2:]
    assert all(v["checksum_ok"] and v["size"] > 0 and len(v["sha256"]) == 64 for v in info["versions"])
    assert fleet.dump() == before, "a backup wrote to the store"


def test_store_restore_contract(fleet, tmp_path):
    fill(fleet.dsn)
    directory = str(tmp_path / "backups")
    fleet.run([backup_task(directory)])
    at_backup = fleet.dump()
    change_and_delete(fleet.dsn)
    restore = {"name": "restore", "metalfleet.datacenter.store_restore": {"directory": directory, "force": True}}
    first, = fleet.four_way([restore], result_keys=["version"])
    assert first["before"]["counts"]["ip"] == 2
    assert first["safety_copy"]["counts"]["ip"] == 2
    assert without_restore_audit(fleet.dump()) == at_backup
    audit = fleet.run([{"name": "audit", "metalfleet.datacenter.audit_info": {"kind": "store_backup"}}]).task("audit")["result"]
    assert [(e["action"], e["entity_id"], e["module"]) for e in audit["entries"]] == [
        ("restore", first["version"]["name"], "metalfleet.datacenter.store_restore")]


def test_bad_input_names_the_field_and_changes_nothing(fleet, tmp_path):
    fill(fleet.dsn)
    directory = str(tmp_path / "backups")
    fleet.run([backup_task(directory)])
    change_and_delete(fleet.dsn)
    a_file = tmp_path / "a-file"
    a_file.write_text("a file where the backup directory should be")
    fleet.expect_failures([
        (backup_task(str(a_file)), "directory", "is not a directory"),
        (backup_task(str(a_file / "below")), "directory", "is not a directory"),
        (backup_task(str(tmp_path / "new"), keep=0), "keep", "at least 1"),
        (backup_task(str(tmp_path / "new"), encryption_key="short"), "encryption_key", "passphrase"),
        ({"metalfleet.datacenter.store_restore": {"directory": directory}}, "force", "not empty"),
        ({"metalfleet.datacenter.store_restore": {"directory": directory, "version": "fleet-nope", "force": True}},
         "version", "no backup named"),
        ({"metalfleet.datacenter.store_restore": {"directory": str(tmp_path / "empty"), "force": True}}, "version",
         "no finished backup"),
        ({"metalfleet.datacenter.store_backup_info": {"directory": str(a_file)}}, "directory", "is not a directory"),
    ])
    assert not os.path.exists(str(tmp_path / "new"))


def test_a_flipped_byte_is_refused_by_the_module(fleet, tmp_path):
    fill(fleet.dsn)
    directory = str(tmp_path / "backups")
    version = fleet.run([backup_task(directory)]).task("backup")["result"]["version"]
    flip_one_byte(os.path.join(version["path"], version["file"]))
    change_and_delete(fleet.dsn)
    run = fleet.expect_failures([({"metalfleet.datacenter.store_restore": {"directory": directory, "force": True}},
                                  "version", "is damaged: its SHA-256 is")])
    assert "nothing was restored" in run.task("bad input 0")["result"]["msg"]
    assert not os.path.exists(os.path.join(directory, "safety"))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_restore_drill_with_the_demo_data(backend, tmp_path, request):
    """The operators' drill: the demo's store, backed up; rows changed and deleted; restored into place."""
    dsn = "sqlite://" + str(tmp_path / "fleet.db") if backend == "sqlite" else request.getfixturevalue("postgres_server").create_database()
    os.makedirs(str(tmp_path / "demo-output"))
    demo = run_playbook(os.path.join(REPO_ROOT, "playbooks", "demo.yml"), dsn, str(tmp_path / "demo"),
                        extra_vars={"demo_output": str(tmp_path / "demo-output")},
                        extra_env={"METALFLEET_SECRET_KEY": "the demo's BMC secret key"})
    assert demo.returncode == 0, demo.stdout[-3000:]
    at_backup = dump_store(dsn)
    assert at_backup["machines"] and at_backup["ips"] and at_backup["switches"]
    directory = str(tmp_path / "backups")
    work = str(tmp_path / "w")
    tasks = [backup_task(directory, encryption_key=KEY)]
    assert run_playbook([{"name": "b", "hosts": "localhost", "gather_facts": False, "tasks": tasks}], dsn, work).returncode == 0
    change_and_delete(dsn)
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store
    with open_store(parse_location(dsn)) as store:
        store.run(lambda tx: (tx.execute("DELETE FROM switch_connections"), tx.execute("UPDATE machines SET rack = 'moved'")))
    assert dump_store(dsn) != at_backup
    restore = [{"name": "restore", "metalfleet.datacenter.store_restore": {
        "directory": directory, "force": True, "encryption_key": KEY}}]
    run = run_playbook([{"name": "r", "hosts": "localhost", "gather_facts": False, "tasks": restore}], dsn, work)
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.task("restore")["result"]["changed"] is True
    assert without_restore_audit(dump_store(dsn)) == at_backup


def test_moving_the_demo_store_from_sqlite_to_postgresql(tmp_path, postgres_server):
    """The move of docs/control-plane.md: back up the SQLite store, restore that backup into a new PostgreSQL store."""
    sqlite_dsn = "sqlite://" + str(tmp_path / "fleet.db")
    secret = {"METALFLEET_SECRET_KEY": "the demo's BMC secret key"}
    os.makedirs(str(tmp_path / "demo-output"))
    demo = run_playbook(os.path.join(REPO_ROOT, "playbooks", "demo.yml"), sqlite_dsn, str(tmp_path / "demo"),
                        extra_vars={"demo_output": str(tmp_path / "demo-output")}, extra_env=secret)
    assert demo.returncode == 0, demo.stdout[-3000:]
    directory = str(tmp_path / "backups")
    work = str(tmp_path / "w")
    backed_up = run_playbook([{"name": "b", "hosts": "localhost", "gather_facts": False, "tasks": [backup_task(directory)]}],
                             sqlite_dsn, work)
    assert backed_up.returncode == 0, backed_up.stdout[-3000:]
    postgres_dsn = postgres_server.create_database()
    move = [{"name": "move", "metalfleet.datacenter.store_restore": {"directory": directory}}]
    plays = [{"name": "m", "hosts": "localhost", "gather_facts": False, "tasks": move}]
    predicted = run_playbook(plays, postgres_dsn, work, check=True, diff=True)
    assert predicted.returncode == 0, predicted.stdout[-3000:]
    assert predicted.task("move")["result"]["changed"] is True and predicted.task("move")["result"]["moved_from"] == "sqlite"
    assert dump_store(postgres_dsn)["machines"] == [], "check mode wrote something"
    moved = run_playbook(plays, postgres_dsn, work, diff=True)
    assert moved.returncode == 0, moved.stdout[-3000:]
    result = moved.task("move")["result"]
    assert result["changed"] is True and result["diff"]["after"]["store"]["counts"]["machine"] == 12
    assert without_restore_audit(dump_store(postgres_dsn, portable=True)) == dump_store(sqlite_dsn, portable=True)
    again = run_playbook(plays, postgres_dsn, work)
    assert again.returncode == 0 and again.task("move")["result"]["changed"] is False
    # the moved store serves the modules: machines (BMC passwords decrypt with the same key) and new allocations
    use = [{"name": "machines", "metalfleet.datacenter.machine_info": {}},
           {"name": "ip", "metalfleet.datacenter.ip": {"network": "shop-net", "partition": PARTITION, "name": "after-the-move"}}]
    used = run_playbook([{"name": "u", "hosts": "localhost", "gather_facts": False, "tasks": use}], postgres_dsn, work, extra_env=secret)
    assert used.returncode == 0, used.stdout[-3000:]
    assert len(used.task("machines")["result"]["machines"]) == 12
    assert used.task("ip")["result"]["changed"] is True
