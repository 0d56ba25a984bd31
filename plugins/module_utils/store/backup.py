# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Backing up, restoring and listing fleet store backups (what the store_backup* modules call).

Private to the metalfleet.datacenter collection; not a public API.

Backup: the engine (``backup_sqlite`` / ``backup_postgres``) writes and
verifies the payload in a temporary version directory; the payload is
encrypted when a key is given, checksummed into the manifest, fsynced and the
directory renamed (``backup_files``). Only then are versions beyond ``keep``
pruned, oldest first.

Restore: the chosen version's checksum, decryption and integrity are verified
on a private temporary copy before the target is opened. A target that
already holds the version's content (same content digest) is left alone
(``changed: false``). A non-empty target needs ``force``; a safety copy of it
is then written to ``<directory>/safety/`` first (never a version, never
pruned). After restoring, the target's digest must equal the manifest's, and
the restore is written to the restored store's audit log. An SQLite version
may also be restored into a PostgreSQL store: the move to a shared store
(``backup_move``).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store import backup_move, backup_postgres, backup_sqlite
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import backend_for
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_crypto import SUFFIX
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_digest import content_digest, row_counts, store_is_empty
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_files import (
    directory_lock,
    ensure_directory,
    publish_version,
    remove_leftovers,
    sha256_file,
    start_version,
    writable_directory_problem,
    write_private,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_versions import (
    MANIFEST,
    MANIFEST_FORMAT,
    SAFETY_DIR,
    checksum_problem,
    choose,
    list_versions,
    new_name,
    payload_path,
    remove_version,
    summary,
    to_prune,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.migrate import _read_version
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import LATEST_VERSION
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store, utc_now

AUDIT_KIND = "store_backup"


def engine_for(location):
    return backup_sqlite if location.backend == "sqlite" else backup_postgres


def _check_directory(directory: str) -> None:
    if not directory or not os.path.isabs(directory):
        raise ValidationError("directory", "must be an absolute path")
    problem = writable_directory_problem(directory)
    if problem:
        raise ValidationError("directory", "cannot write backups to %s: %s" % (directory, problem))


def _check_keep(keep) -> None:
    if keep is None or keep < 1:
        raise ValidationError("keep", "must be at least 1 (the new backup is always kept)")


# -- backup ---------------------------------------------------------------------------------------------------------
def write_version(location, directory: str, cipher) -> dict:
    """Write one verified version into ``directory`` (which exists and is locked by the caller); its manifest."""
    engine = engine_for(location)
    name = new_name(directory)
    tmp = start_version(directory, name)
    try:
        plain = os.path.join(tmp, engine.FILENAME)
        description = engine.dump(location, plain)
        stored = plain
        if cipher.enabled:
            stored = plain + SUFFIX
            cipher.encrypt_file(plain, stored)
            os.unlink(plain)
        manifest = dict(description, format=MANIFEST_FORMAT, name=name, created_at=utc_now(), backend=location.backend,
                        store=location.redacted(), file=os.path.basename(stored), size=os.path.getsize(stored),
                        sha256=sha256_file(stored), encrypted=cipher.enabled,
                        verified={"integrity": "ok", "checksum": "ok", "at": utc_now()})
        write_private(os.path.join(tmp, MANIFEST), json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8"))
        final = publish_version(directory, tmp, name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dict(manifest, path=final)


def backup_store(location, directory: str, keep: int, cipher, check_mode: bool) -> dict:
    """One new version of the store in ``directory``; prune beyond ``keep`` after it is verified."""
    _check_directory(directory)
    _check_keep(keep)
    cipher.check()
    engine_for(location).check_source(location)
    before, _unreadable = list_versions(directory)
    if check_mode:
        name = new_name(directory) if os.path.isdir(directory) else new_name("/nonexistent")
        pruned = to_prune([v["name"] for v in before] + [name], keep)
        return {"version": {"name": name, "path": os.path.join(directory, name), "encrypted": cipher.enabled},
                "pruned": pruned, "versions": [v["name"] for v in before if v["name"] not in pruned] + [name],
                "before": [v["name"] for v in before]}
    ensure_directory(directory)
    with directory_lock(directory):
        remove_leftovers(directory)
        manifest = write_version(location, directory, cipher)
        current, _unreadable = list_versions(directory)
        pruned = to_prune([v["name"] for v in current], keep)
        for name in pruned:
            remove_version(directory, name)
    return {"version": summary(manifest), "pruned": pruned,
            "versions": [v["name"] for v in current if v["name"] not in pruned], "before": [v["name"] for v in before]}


# -- restore --------------------------------------------------------------------------------------------------------
def verify_version(version: dict, location, cipher, workdir: str) -> str:
    """Check a version completely; the path of its verified plain payload in ``workdir``."""
    name = version["name"]
    backup_backend = version.get("backend")
    if backup_backend != location.backend and not backup_move.is_move(backup_backend, location.backend):
        raise ValidationError("version", "backup %s is of a %s store and cannot be restored into the %s store %s: only "
                              "SQLite backups move to PostgreSQL (reading a pg_dump archive needs a PostgreSQL server)"
                              % (name, backup_backend, location.backend, location.redacted()))
    if int(version.get("schema_version") or 0) > LATEST_VERSION:
        raise ValidationError("version", "backup %s has schema version %s, newer than the %d this collection understands"
                              % (name, version.get("schema_version"), LATEST_VERSION))
    problem = checksum_problem(version)
    if problem:
        raise ValidationError("version", "backup %s is damaged: %s; nothing was restored" % (name, problem))
    engine = backup_sqlite if backup_backend == "sqlite" else backup_postgres
    plain = os.path.join(workdir, engine.FILENAME)
    if version.get("encrypted"):
        cipher.decrypt_file(payload_path(version), plain, name)
    else:
        shutil.copyfile(payload_path(version), plain)
    engine.verify(plain, name)
    return plain


class RestorePlan:
    """How a verified version goes into the target, and how to tell that the target holds its content.

    Within one backend the manifest's content digest is compared (after restoring only when the version has the
    current schema: an older one is migrated when the store is next opened). The move of an SQLite backup into
    PostgreSQL (``backup_move``) compares portable digests, the backup's taken from the verified copy once it has
    been brought to the current schema.
    """

    def __init__(self, version: dict, location, plain: str):
        self.location = location
        self.plain = plain
        self.move = backup_move.is_move(version.get("backend"), location.backend)
        if self.move:
            self.expected = backup_move.prepare_copy(plain)
            self.check_after = True
        else:
            self.expected = version.get("content_digest")
            self.check_after = int(version.get("schema_version") or 0) == LATEST_VERSION

    def target_holds_it(self, target: dict) -> bool:
        if self.move:
            return target["content_digest"] is not None and backup_move.target_digest(self.location) == self.expected
        return target["content_digest"] == self.expected

    def restore(self) -> None:
        if self.move:
            backup_move.restore_into_postgres(self.location, self.plain)
        else:
            engine_for(self.location).restore(self.location, self.plain)

    def restored_content_ok(self, query) -> bool:
        return not self.check_after or content_digest(query, self.location.backend, portable=self.move) == self.expected


def inspect_target(location) -> dict:
    """Row counts and content digest of the target, without creating or migrating anything."""
    if location.backend == "sqlite" and not os.path.exists(location.path):
        return {"exists": False, "counts": {}, "content_digest": None}
    backend = backend_for(location)
    conn = backend.connect()
    try:
        version = _read_version(backend, conn)
    finally:
        conn.close()
    if version is None:
        return {"exists": True, "counts": {}, "content_digest": None}
    with open_store(location) as store:
        return store.run(lambda tx: {"exists": True, "counts": row_counts(tx.query),
                                     "content_digest": content_digest(tx.query, location.backend)}, write=False)


def restore_store(location, directory: str, wanted: str, force: bool, cipher, check_mode: bool, actor: str, module: str) -> dict:
    if not directory or not os.path.isabs(directory):
        raise ValidationError("directory", "must be an absolute path")
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise ValidationError("directory", "%s is not a directory" % directory)
    versions, _unreadable = list_versions(directory)
    version = choose(versions, wanted, directory)
    with tempfile.TemporaryDirectory(prefix="metalfleet-restore-") as workdir:
        plan = RestorePlan(version, location, verify_version(version, location, cipher, workdir))
        target = inspect_target(location)
        result = {"version": summary(version), "before": {"counts": target["counts"], "content_digest": target["content_digest"]},
                  "safety_copy": None, "moved_from": version.get("backend") if plan.move else None}
        if plan.target_holds_it(target):
            return dict(result, changed=False)
        if not store_is_empty(target["counts"]) and not force:
            raise ValidationError("force", "the target store %s is not empty (%s); restoring would replace its content: set "
                                  "force: true (a safety copy of it is written to %s first)" % (
                                      location.redacted(), _describe_counts(target["counts"]), os.path.join(directory, SAFETY_DIR)))
        if check_mode:
            if not store_is_empty(target["counts"]):
                result["safety_copy"] = {"path": os.path.join(directory, SAFETY_DIR, "(new)")}
            return dict(result, changed=True)
        if not store_is_empty(target["counts"]):
            result["safety_copy"] = _safety_copy(location, directory, cipher)
        plan.restore()
    _after_restore(location, version, plan, result, actor, module)
    return dict(result, changed=True)


def _describe_counts(counts: dict) -> str:
    return ", ".join("%d %s" % (n, kind) for kind, n in sorted(counts.items()) if n)


def _safety_copy(location, directory: str, cipher) -> dict:
    safety = os.path.join(directory, SAFETY_DIR)
    ensure_directory(safety)
    with directory_lock(safety):
        remove_leftovers(safety)
        return summary(write_version(location, safety, cipher))


def _after_restore(location, version: dict, plan: RestorePlan, result: dict, actor: str, module: str) -> None:
    """Verify the restored content and record the restore in the restored store's audit log."""
    with open_store(location) as store:
        def record(tx):
            if not plan.restored_content_ok(tx.query):
                raise StoreError("the restored store %s does not hold the content of backup %s (digest mismatch)"
                                 % (location.redacted(), version["name"]))
            tx.record(AUDIT_KIND, version["name"], "restore", result["before"], {
                "version": version["name"], "created_at": version.get("created_at"), "sha256": version.get("sha256"),
                "content_digest": version.get("content_digest"), "counts": version.get("counts"),
                "safety_copy": (result["safety_copy"] or {}).get("path"), "moved_from": result["moved_from"]})
        store.run(record, actor=actor, module=module)


# -- info -----------------------------------------------------------------------------------------------------------
def backup_info(directory: str, verify: bool) -> dict:
    if not directory or not os.path.isabs(directory):
        raise ValidationError("directory", "must be an absolute path")
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise ValidationError("directory", "%s is not a directory" % directory)

    def describe(version):
        entry = summary(version)
        if verify:
            problem = checksum_problem(version)
            entry["checksum_ok"] = problem is None
            if problem:
                entry["problem"] = problem
        return entry
    versions, unreadable = list_versions(directory)
    safety, _ignored = list_versions(os.path.join(directory, SAFETY_DIR))
    incomplete = sorted(n for n in os.listdir(directory) if n.startswith(".tmp-")) if os.path.isdir(directory) else []
    return {"versions": [describe(v) for v in versions], "latest": versions[-1]["name"] if versions else None,
            "safety_copies": [describe(v) for v in safety], "unreadable": unreadable, "incomplete": incomplete,
            "total_size": sum(v.get("size") or 0 for v in versions)}
