# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options of the store backup modules (paired with store.backup_crypto.encryption_argument_spec())."""
from __future__ import annotations


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  directory:
    description:
      - Absolute path of the backup directory on the host running the module. Each backup is a subdirectory
        C(fleet-<UTC time>) holding the payload and a C(manifest.json) with its SHA-256 checksum.
      - Safety copies taken by M(metalfleet.datacenter.store_restore) are kept apart in C(<directory>/safety).
    type: path
    required: true
"""

    ENCRYPTION = r"""
options:
  encryption_key:
    description:
      - Key that encrypts the backup files (Fernet); a Fernet key, or a passphrase of at least 16 characters from
        which one is derived. Given like the BMC O(ignore:secret_key) of the machine modules.
      - Without a key (here, in O(encryption_key_file) or the environment) backups are not encrypted.
      - Restoring an encrypted backup needs the key it was written with.
      - When not set, the environment variable E(METALFLEET_BACKUP_KEY) is used.
    type: str
  encryption_key_file:
    description:
      - File holding the key, as an alternative to O(encryption_key).
      - When not set, the environment variable E(METALFLEET_BACKUP_KEY_FILE) is used.
    type: path
requirements:
  - cryptography (only for encrypted backups)
  - pg_dump and pg_restore of the server's major version or newer (only for PostgreSQL stores)
"""
