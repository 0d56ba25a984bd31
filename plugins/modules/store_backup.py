#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: store_backup
short_description: Back up the fleet store to a directory of verified versions
version_added: 0.1.0
description:
  - Writes a new backup version of the fleet store into O(directory) and prunes the oldest versions beyond O(keep).
  - An SQLite store is copied through SQLite's online backup API (never file by file, so a live WAL store is copied
    consistently) and the copy is checked with C(PRAGMA integrity_check).
  - A PostgreSQL store is dumped with C(pg_dump -Fc) from one snapshot (the manifest's row counts and content
    digest come from the same snapshot); the archive is checked with C(pg_restore --list). The roles owning the
    store's objects are recorded in the manifest. C(pg_dump) is looked up so that its major version is at least the
    server's (C(/usr/lib/postgresql/<major>/bin), C(pg_config --bindir), E(PATH), or E(METALFLEET_PG_BINDIR)).
  - Each version is written under a temporary name, fsynced, checksummed (SHA-256 in C(manifest.json)) and only
    then renamed to its final name; a backup that is interrupted (even by C(kill -9)) leaves no version that
    M(metalfleet.datacenter.store_restore) or M(metalfleet.datacenter.store_backup_info) would pick, and the next
    backup removes its leftovers.
  - Old versions are pruned only after the new one has been written and verified.
  - Every run writes a new version, so the module always reports C(changed=true); it is meant to be run on a
    schedule. Check mode predicts the version name and what would be pruned, and writes nothing.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.backup
  - metalfleet.datacenter.backup.encryption
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.full_support
  - metalfleet.datacenter.attributes.actiongroup_fleet
options:
  keep:
    description:
      - How many versions to keep in O(directory), the new one included; older ones are removed after the new one is
        verified. Safety copies in C(<directory>/safety) are never pruned.
    type: int
    default: 14
notes:
  - The diff shows the list of version names before and after the run.
  - In check mode the predicted version name carries the time of the check run; the real run's name is its own time.
seealso:
  - module: metalfleet.datacenter.store_restore
  - module: metalfleet.datacenter.store_backup_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Nightly backup of the fleet store, 14 versions kept
  metalfleet.datacenter.store_backup:
    directory: /var/backups/metalfleet

- name: Encrypted backup of the shared PostgreSQL store
  metalfleet.datacenter.store_backup:
    store: postgresql://fleet@db.example.net/fleet
    store_password: "{{ vault_fleet_db_password }}"
    directory: /var/backups/metalfleet
    keep: 30
    encryption_key_file: /etc/metalfleet/backup.key
"""

RETURN = r"""
version:
  description: The manifest of the new version (predicted name and path only, in check mode).
  returned: always
  type: dict
  sample:
    name: fleet-20261202T031500.123456Z
    path: /var/backups/metalfleet/fleet-20261202T031500.123456Z
    backend: sqlite
    schema_version: 4
    file: store.sqlite
    size: 4096000
    sha256: 3f0a...
    encrypted: false
    verified: {integrity: ok, checksum: ok, at: "2026-12-02T03:15:01.000000Z"}
    counts: {machine: 120, ip: 900}
    content_digest: 9b1c...
pruned:
  description: Names of the versions removed (or, in check mode, that would be removed) because of O(keep).
  returned: always
  type: list
  elements: str
versions:
  description: Names of the versions in O(directory) after the run, oldest first.
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup import backup_store
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_crypto import BackupCipher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_module import (
    backup_argument_spec,
    module_location,
    run_backup_module,
)


def run(module):
    outcome = backup_store(module_location(module), module.params["directory"], module.params["keep"],
                           BackupCipher.from_params(module.params), module.check_mode)
    result = {"changed": True, "version": outcome["version"], "pruned": outcome["pruned"], "versions": outcome["versions"]}
    if module._diff:
        result["diff"] = {"before": {"versions": outcome["before"]}, "after": {"versions": outcome["versions"]}}
    return result


def main():
    module = AnsibleModule(argument_spec=backup_argument_spec(keep={"type": "int", "default": 14}), supports_check_mode=True)
    run_backup_module(module, lambda: run(module))


if __name__ == "__main__":
    main()
