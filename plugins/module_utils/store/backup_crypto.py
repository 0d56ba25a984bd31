# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Optional encryption of backup files (Fernet, with a key given like the BMC secret key).

Private to the metalfleet.datacenter collection; not a public API.

The key is ``encryption_key`` (a Fernet key, or a passphrase of at least 16
characters from which one is derived), or the file ``encryption_key_file``, or
the environment variables ``METALFLEET_BACKUP_KEY`` / ``METALFLEET_BACKUP_KEY_FILE``.
A passphrase derives a different key than the same passphrase used as the BMC
secret key.  Fernet authenticates what it encrypts, so a wrong key or a changed
byte is detected on decryption.  Files are encrypted whole, in memory.
"""
from __future__ import annotations

import traceback

from ansible.module_utils.basic import env_fallback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import fernet_key, load_secret
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_files import write_private

ENV_BACKUP_KEY = "METALFLEET_BACKUP_KEY"
ENV_BACKUP_KEY_FILE = "METALFLEET_BACKUP_KEY_FILE"
PURPOSE = b"metalfleet-backup:"
SUFFIX = ".enc"


def encryption_argument_spec() -> dict:
    """The options of the ``metalfleet.datacenter.backup`` doc fragment's encryption part."""
    return {
        "encryption_key": {"type": "str", "no_log": True, "fallback": (env_fallback, [ENV_BACKUP_KEY])},
        "encryption_key_file": {"type": "path", "fallback": (env_fallback, [ENV_BACKUP_KEY_FILE])},
    }


def _fernet():
    try:
        from cryptography.fernet import Fernet, InvalidToken
    except ImportError:
        raise DependencyError("cryptography", traceback.format_exc()) from None
    return Fernet, InvalidToken


class BackupCipher:
    """Encrypts or decrypts whole files with one key; ``None`` key = no encryption."""

    def __init__(self, secret: str | None):
        self._secret = secret

    @classmethod
    def from_params(cls, params: dict) -> "BackupCipher":
        return cls(load_secret(params.get("encryption_key"), params.get("encryption_key_file"), env_key=ENV_BACKUP_KEY,
                               env_file=ENV_BACKUP_KEY_FILE, file_field="encryption_key_file"))

    @property
    def enabled(self) -> bool:
        return bool(self._secret)

    def check(self) -> None:
        """Fail early (naming the option) when the key is unusable."""
        if self._secret:
            fernet_key(self._secret, "encryption_key", PURPOSE)
            _fernet()

    def _box(self):
        fernet_class, _invalid = _fernet()
        return fernet_class(fernet_key(self._secret, "encryption_key", PURPOSE))

    def encrypt_file(self, source: str, target: str) -> None:
        with open(source, "rb") as handle:
            token = self._box().encrypt(handle.read())
        write_private(target, token)

    def decrypt_file(self, source: str, target: str, version: str) -> None:
        if not self._secret:
            raise ValidationError("encryption_key", "backup %s is encrypted: give its key (encryption_key, encryption_key_file "
                                  "or %s)" % (version, ENV_BACKUP_KEY))
        _fernet_class, invalid_token = _fernet()
        with open(source, "rb") as handle:
            token = handle.read()
        try:
            data = self._box().decrypt(token)
        except invalid_token:
            raise ValidationError("encryption_key", "backup %s cannot be decrypted with this key (wrong key, or the file "
                                  "was altered)" % version) from None
        write_private(target, data)
