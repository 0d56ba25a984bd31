#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: store_restore
short_description: Restore the fleet store from a verified backup version
version_added: 0.1.0
description:
  - Restores a version written by M(metalfleet.datacenter.store_backup) into the fleet store named by O(store).
  - Before the target is touched, the version is verified completely on a private temporary copy - its SHA-256
    against the manifest, its decryption, and C(PRAGMA integrity_check) (SQLite) or C(pg_restore --list)
    (PostgreSQL). A damaged version is refused and the target is left as it was.
  - A target that already holds the version's content (the same content digest as in the manifest; the audit log
    is not part of it) is left alone and the module reports C(changed=false), so a repeated restore is idempotent.
  - A non-empty target is refused unless O(force=true); then a safety copy of it is written to
    C(<directory>/safety) first. Safety copies are never pruned and never chosen by O(version=latest).
  - SQLite stores are restored through SQLite's online backup API under the store's write lock; PostgreSQL stores
    with C(pg_restore --clean --if-exists --single-transaction --no-owner --no-privileges), so the restoring role
    owns the restored objects.
  - After restoring, the store's content digest must equal the manifest's, and the restore is recorded in the
    restored store's audit log (kind C(store_backup), action C(restore)).
  - A version is restored into a store of the same backend, with one exception - the move to a shared store. An
    SQLite version restores into a PostgreSQL store (C(moved_from=sqlite)). The verified copy is brought to the
    current schema, and the target's content is replaced in one PostgreSQL transaction (every table, the audit log
    included; sequences continue after the copied ids). The target then holds the same rows; a repeated move
    compares portable digests (booleans as 0/1) and changes nothing. See the drill in C(docs/control-plane.md).
  - A PostgreSQL version cannot be restored into an SQLite store (reading a C(pg_dump) archive needs a PostgreSQL
    server); the module refuses it and names O(version).
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.backup
  - metalfleet.datacenter.backup.encryption
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.full_support
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  version:
    description:
      - V(latest) for the newest version in O(directory), or the name of a version (see
        M(metalfleet.datacenter.store_backup_info)).
    type: str
    default: latest
  force:
    description:
      - Replace the content of a non-empty target store (after writing a safety copy of it).
    type: bool
    default: false
notes:
  - Check mode verifies the version and the target and predicts whether the restore would change the store; it
    writes nothing.
  - The diff shows the target's row counts and content digest before and the version's after.
seealso:
  - module: metalfleet.datacenter.store_backup
  - module: metalfleet.datacenter.store_backup_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Restore the newest backup into a new, empty store
  metalfleet.datacenter.store_restore:
    store: sqlite:///var/lib/metalfleet/fleet.db
    directory: /var/backups/metalfleet

- name: Move the embedded store to PostgreSQL - restore its newest backup into the new, empty shared store
  metalfleet.datacenter.store_restore:
    store: postgresql://metalfleet@db.example.net:5432/metalfleet?sslmode=verify-full
    store_password: "{{ vault_fleet_store_password }}"
    directory: /var/backups/metalfleet

- name: Roll the store back to a given version (the current content is kept as a safety copy)
  metalfleet.datacenter.store_restore:
    directory: /var/backups/metalfleet
    version: fleet-20261202T031500.123456Z
    force: true
    encryption_key_file: /etc/metalfleet/backup.key
"""

RETURN = r"""
version:
  description: The manifest of the restored (or chosen) version.
  returned: always
  type: dict
  sample: {name: fleet-20261202T031500.123456Z, backend: sqlite, sha256: 3f0a..., counts: {machine: 120}}
safety_copy:
  description: The manifest of the safety copy of the target taken before restoring, or null when the target was empty.
  returned: always
  type: dict
moved_from:
  description: V(sqlite) when an SQLite version was restored into a PostgreSQL store (the move), otherwise null.
  returned: always
  type: str
  sample: sqlite
before:
  description: The target's row counts and content digest before the restore.
  returned: always
  type: dict
  sample: {counts: {machine: 118}, content_digest: 77aa...}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import actor_name
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup import restore_store
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_crypto import BackupCipher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_module import (
    backup_argument_spec,
    module_location,
    run_backup_module,
)


def run(module):
    outcome = restore_store(module_location(module), module.params["directory"], module.params["version"],
                            module.params["force"], BackupCipher.from_params(module.params), module.check_mode,
                            actor=actor_name(), module="metalfleet.datacenter.store_restore")
    result = {"changed": outcome["changed"], "version": outcome["version"], "safety_copy": outcome["safety_copy"],
              "before": outcome["before"], "moved_from": outcome["moved_from"]}
    if module._diff:
        version = outcome["version"]
        after = {"version": version["name"], "counts": version.get("counts"), "content_digest": version.get("content_digest"),
                 "backend": version.get("backend")}
        result["diff"] = {"before": {"store": outcome["before"]}, "after": {"store": after}} if outcome["changed"] else {
            "before": {}, "after": {}}
    return result


def main():
    module = AnsibleModule(argument_spec=backup_argument_spec(version={"type": "str", "default": "latest"},
                                                              force={"type": "bool", "default": False}),
                           supports_check_mode=True)
    run_backup_module(module, lambda: run(module))


if __name__ == "__main__":
    main()
