# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Backups and restores on both backends: drill, damaged versions, keep, force, encryption, kill -9, bad directories."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store import backup_postgres
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.audit import read_audit
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup import backup_info, backup_store, restore_store
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_crypto import BackupCipher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_versions import list_versions, payload_path
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store
from tests.support.store_dump import dump_store

NO_KEY = BackupCipher(None)
KEY = BackupCipher("correct horse battery staple")
SUPER = {"name": "super", "partition": "fra-1", "type": "private_super", "prefixes": ["10.0.0.0/16"],
         "default_child_prefix_length": {"IPv4": 22}}
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))))


def fill(dsn: str) -> None:
    with open_store(parse_location(dsn)) as store:
        store.run(lambda tx: NetworkService(tx).ensure_present(dict(SUPER)), actor="t", module="t")
        store.run(lambda tx: NetworkService(tx).ensure_present({"name": "shop", "partition": "fra-1", "project": "p1"}), actor="t", module="t")
        for name in ("a", "b", "c"):
            store.run(lambda tx, n=name: IpService(tx).ensure_present({"network": "shop", "name": n}), actor="t", module="t")


def change_and_delete(dsn: str) -> None:
    with open_store(parse_location(dsn)) as store:
        store.run(lambda tx: (tx.execute("UPDATE networks SET description = 'changed'"), tx.execute("DELETE FROM ips WHERE name = 'a'")))


def without_restore_audit(dump: dict) -> dict:
    """The dump with the audit entries of restores left out (a restore adds one, after restoring)."""
    return dict(dump, audit_log=[row for row in dump["audit_log"] if ("entity_kind", "store_backup") not in row])


def restore(dsn, directory, version="latest", force=False, cipher=NO_KEY, check_mode=False):
    return restore_store(parse_location(dsn), directory, version, force, cipher, check_mode, actor="tester", module="test")


def backup(dsn, directory, keep=14, cipher=NO_KEY, check_mode=False):
    return backup_store(parse_location(dsn), directory, keep, cipher, check_mode)


def test_restore_drill_gives_back_the_dump_taken_at_backup_time(store_dsn, tmp_path):
    fill(store_dsn)
    at_backup = dump_store(store_dsn)
    made = backup(store_dsn, str(tmp_path / "bk"))
    assert made["version"]["verified"]["integrity"] == "ok" and made["version"]["counts"]["ip"] == 3
    change_and_delete(store_dsn)
    assert dump_store(store_dsn) != at_backup
    done = restore(store_dsn, str(tmp_path / "bk"), force=True)
    assert done["changed"] is True and done["version"]["name"] == made["version"]["name"]
    restored = dump_store(store_dsn)
    assert without_restore_audit(restored) == at_backup
    with open_store(parse_location(store_dsn)) as store:
        entries = store.run(lambda tx: read_audit(tx, entity_kind="store_backup"), write=False)
    assert [(e["action"], e["entity_id"], e["actor"]) for e in entries] == [("restore", made["version"]["name"], "tester")]
    assert entries[0]["after"]["safety_copy"] == done["safety_copy"]["path"]
    # the safety copy holds the changed content and is kept apart from the versions
    assert done["safety_copy"]["counts"]["ip"] == 2
    assert [v["name"] for v in backup_info(str(tmp_path / "bk"), verify=True)["versions"]] == [made["version"]["name"]]
    # restoring the same version again changes nothing, writes nothing
    again = restore(store_dsn, str(tmp_path / "bk"), force=True)
    assert again["changed"] is False and again["safety_copy"] is None
    assert dump_store(store_dsn) == restored


def test_restore_into_a_new_empty_store(store_dsn, tmp_path, request):
    fill(store_dsn)
    at_backup = dump_store(store_dsn)
    backup(store_dsn, str(tmp_path / "bk"), cipher=KEY)
    if store_dsn.startswith("sqlite"):
        target = "sqlite://" + str(tmp_path / "new" / "fleet.db")
    else:
        target = request.getfixturevalue("postgres_server").create_database()
    predicted = restore(target, str(tmp_path / "bk"), cipher=KEY, check_mode=True)
    assert predicted["changed"] is True and predicted["safety_copy"] is None
    done = restore(target, str(tmp_path / "bk"), cipher=KEY)
    assert done["changed"] is True and done["safety_copy"] is None
    assert without_restore_audit(dump_store(target)) == at_backup


def flip_one_byte(path: str) -> None:
    with open(path, "r+b") as handle:
        handle.seek(os.path.getsize(path) // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0x01]))


def test_a_flipped_byte_is_refused_and_the_target_untouched(store_dsn, tmp_path):
    fill(store_dsn)
    backup(store_dsn, str(tmp_path / "bk"))
    change_and_delete(store_dsn)
    before = dump_store(store_dsn)
    version, = list_versions(str(tmp_path / "bk"))[0]
    flip_one_byte(payload_path(version))
    with pytest.raises(ValidationError) as failure:
        restore(store_dsn, str(tmp_path / "bk"), force=True)
    assert failure.value.field == "version"
    assert "is damaged: its SHA-256 is" in str(failure.value) and "nothing was restored" in str(failure.value)
    assert dump_store(store_dsn) == before
    assert not os.path.exists(str(tmp_path / "bk" / "safety"))
    info = backup_info(str(tmp_path / "bk"), verify=True)
    assert info["versions"][0]["checksum_ok"] is False and "SHA-256" in info["versions"][0]["problem"]


def test_a_damaged_payload_with_a_matching_checksum_fails_the_integrity_check(tmp_path):
    """The checksum guards the file; the integrity check guards against a version written damaged (SQLite)."""
    dsn = "sqlite://" + str(tmp_path / "fleet.db")
    fill(dsn)
    backup(dsn, str(tmp_path / "bk"))
    version, = list_versions(str(tmp_path / "bk"))[0]
    path = payload_path(version)
    with open(path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * 4096)
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_files import sha256_file
    import json
    manifest_path = os.path.join(version["path"], "manifest.json")
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    manifest["sha256"] = sha256_file(path)
    with open(manifest_path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle)
    before = dump_store(dsn)
    with pytest.raises(ValidationError) as failure:
        restore(dsn, str(tmp_path / "bk"), force=True)
    assert failure.value.field == "version" and "SQLite" in str(failure.value)
    assert dump_store(dsn) == before


def test_keep_prunes_the_oldest_after_the_new_version(store_dsn, tmp_path):
    fill(store_dsn)
    names = [backup(store_dsn, str(tmp_path / "bk"), keep=2)["version"]["name"] for _round in range(4)]
    assert [v["name"] for v in list_versions(str(tmp_path / "bk"))[0]] == names[-2:]
    predicted = backup(store_dsn, str(tmp_path / "bk"), keep=2, check_mode=True)
    assert predicted["pruned"] == [names[2]] and len(predicted["versions"]) == 2
    assert [v["name"] for v in list_versions(str(tmp_path / "bk"))[0]] == names[-2:], "check mode pruned"


def test_a_non_empty_target_needs_force(store_dsn, tmp_path):
    fill(store_dsn)
    backup(store_dsn, str(tmp_path / "bk"))
    change_and_delete(store_dsn)
    before = dump_store(store_dsn)
    with pytest.raises(ValidationError) as failure:
        restore(store_dsn, str(tmp_path / "bk"))
    assert failure.value.field == "force" and "not empty" in str(failure.value)
    assert dump_store(store_dsn) == before


def test_encrypted_backups_need_their_key(store_dsn, tmp_path):
    fill(store_dsn)
    made = backup(store_dsn, str(tmp_path / "bk"), cipher=KEY)
    assert made["version"]["encrypted"] is True and made["version"]["file"].endswith(".enc")
    with open(payload_path(list_versions(str(tmp_path / "bk"))[0][0]), "rb") as handle:
        assert b"SQLite format" not in handle.read(64) and b"PGDMP" not in handle.read(64)
    change_and_delete(store_dsn)
    before = dump_store(store_dsn)
    for cipher, part in ((NO_KEY, "is encrypted"), (BackupCipher("another passphrase, long enough"), "cannot be decrypted")):
        with pytest.raises(ValidationError) as failure:
            restore(store_dsn, str(tmp_path / "bk"), force=True, cipher=cipher)
        assert failure.value.field == "encryption_key" and part in str(failure.value)
    assert dump_store(store_dsn) == before
    with pytest.raises(ValidationError) as failure:
        backup(store_dsn, str(tmp_path / "bk"), cipher=BackupCipher("short"))
    assert failure.value.field == "encryption_key"


def test_bad_directories_and_keep_name_the_field(store_dsn, tmp_path):
    fill(store_dsn)
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    for directory, part in ((str(a_file), "is not a directory"), (str(a_file / "below"), "is not a directory"),
                            ("relative/dir", "absolute")):
        with pytest.raises(ValidationError) as failure:
            backup(store_dsn, directory)
        assert failure.value.field == "directory" and part in str(failure.value)
    with pytest.raises(ValidationError) as failure:
        backup(store_dsn, str(tmp_path / "bk"), keep=0)
    assert failure.value.field == "keep"
    assert not os.path.exists(str(tmp_path / "bk"))


def test_an_immutable_directory_is_not_writable_even_for_root(tmp_path):
    """Root ignores permission bits; ``chattr +i`` (where the file system supports it) stops root too."""
    dsn = "sqlite://" + str(tmp_path / "fleet.db")
    fill(dsn)
    locked = tmp_path / "locked"
    locked.mkdir()
    if subprocess.run(["chattr", "+i", str(locked)], stderr=subprocess.DEVNULL, check=False).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        with pytest.raises(ValidationError) as failure:
            backup(dsn, str(locked))
        assert failure.value.field == "directory" and "not writable" in str(failure.value)
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)


def test_pg_dump_matches_the_server_major_version(postgres_server):
    dsn = postgres_server.create_database()
    conn = backup_postgres._connect(parse_location(dsn))
    try:
        major = backup_postgres.server_major(conn)
    finally:
        conn.close()
    for tool in ("pg_dump", "pg_restore"):
        path = backup_postgres.find_tool(tool, major)
        assert backup_postgres._major(path) >= major
    with pytest.raises(Exception) as failure:
        backup_postgres.find_tool("pg_dump", major + 100)
    assert "no pg_dump for PostgreSQL %d" % (major + 100) in str(failure.value)


KILLED_BACKUP = """
import sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[1] + '/tests')
import conftest
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup import backup_store
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_crypto import BackupCipher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
backup_store(parse_location(sys.argv[2]), sys.argv[3], 14, BackupCipher(None), False)
"""


def _hold_postgres_tables(dsn):
    """Block pg_dump: an open transaction holding ACCESS EXCLUSIVE on a table it must read."""
    import psycopg
    conn = psycopg.connect(**parse_location(dsn).postgres_conninfo())
    conn.execute("LOCK TABLE ips IN ACCESS EXCLUSIVE MODE")
    return conn


def _grow_sqlite(dsn):
    """Make the SQLite store big enough (~150 MB of audit history) that its backup takes seconds."""
    import sqlite3
    conn = sqlite3.connect(parse_location(dsn).path)
    blob = "x" * 4000
    conn.executemany("INSERT INTO audit_log (at, actor, module, entity_kind, entity_id, action, after_doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (("2026", "t", "t", "filler", str(i), "create", blob + str(i)) for i in range(38000)))
    conn.commit()
    conn.close()


def test_kill_9_during_a_backup_leaves_no_version(store_dsn, tmp_path):
    fill(store_dsn)
    directory = str(tmp_path / "bk")
    first = backup(store_dsn, directory)["version"]["name"]
    blocker = _hold_postgres_tables(store_dsn) if store_dsn.startswith("postgresql") else _grow_sqlite(store_dsn)
    process = subprocess.Popen([sys.executable, "-c", KILLED_BACKUP, REPO_ROOT, store_dsn, directory], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not [n for n in os.listdir(directory) if n.startswith(".tmp-")]:
            assert process.poll() is None, "the backup ended before it could be killed"
            assert time.monotonic() < deadline, "the backup never started writing"
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        if blocker is not None:
            blocker.close()
    assert process.returncode == -signal.SIGKILL
    info = backup_info(directory, verify=True)
    assert [v["name"] for v in info["versions"]] == [first] and info["latest"] == first
    assert len(info["incomplete"]) == 1
    assert restore(store_dsn, directory, force=True, check_mode=True)["version"]["name"] == first
    # the next backup clears the leftovers of the killed one
    second = backup(store_dsn, directory)
    assert backup_info(directory, verify=False)["incomplete"] == []
    assert [v["name"] for v in list_versions(directory)[0]] == [first, second["version"]["name"]]
