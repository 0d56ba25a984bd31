# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Encryption at rest of BMC passwords (Fernet from the ``cryptography`` library).

Private to the metalfleet.datacenter collection; not a public API.

The key comes from ``METALFLEET_SECRET_KEY`` (a Fernet key, or any passphrase
of at least 16 characters, from which a key is derived), or from the file named
by ``METALFLEET_SECRET_KEY_FILE``, or from the module option of the same
meaning.  Without a key no password is stored: the module fails and says how to
provide one.  Passwords are never returned, logged or put into a diff; the diff
shows ``bmc.password_version`` going up instead.
"""
from __future__ import annotations

import base64
import hashlib
import os
import traceback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, ValidationError

ENV_SECRET_KEY = "METALFLEET_SECRET_KEY"
ENV_SECRET_KEY_FILE = "METALFLEET_SECRET_KEY_FILE"
MIN_PASSPHRASE = 16
#: what Ansible shows in place of a ``no_log`` value.
MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def _fernet_class():
    try:
        from cryptography.fernet import Fernet, InvalidToken
    except ImportError:
        raise DependencyError("cryptography", traceback.format_exc()) from None
    return Fernet, InvalidToken


def fernet_key(secret: str, field: str = "secret_key", purpose: bytes = b"metalfleet-bmc:") -> bytes:
    """A Fernet key from ``secret``: the key itself, or one derived from a passphrase (``purpose`` separates the uses)."""
    raw = secret.strip().encode("utf-8")
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except ValueError:
        pass
    if len(raw) < MIN_PASSPHRASE:
        raise ValidationError(field, "the key must be a Fernet key or a passphrase of at least %d characters" % MIN_PASSPHRASE)
    return base64.urlsafe_b64encode(hashlib.sha256(purpose + raw).digest())


def _key_bytes(secret: str) -> bytes:
    return fernet_key(secret)


def load_secret(secret_key: str | None = None, secret_key_file: str | None = None, env_key: str = ENV_SECRET_KEY,
                env_file: str = ENV_SECRET_KEY_FILE, file_field: str = "secret_key_file") -> str | None:
    """The key text from the options, else the environment (``env_key``, ``env_file``); None when there is none."""
    if secret_key:
        return secret_key
    path = secret_key_file or os.environ.get(env_file)
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ValidationError(file_field, "cannot read the key file %s: %s" % (path, exc.strerror)) from None
    return os.environ.get(env_key) or None


class SecretBox:
    """Encrypts and decrypts BMC passwords with one key."""

    def __init__(self, secret: str | None):
        self._secret = secret
        self._fernet = None

    @property
    def has_key(self) -> bool:
        return bool(self._secret)

    def _box(self):
        if not self._secret:
            raise ValidationError(
                "bmc.password", "refusing to store a BMC password without a secret key: set %s (or %s, or the secret_key option)"
                % (ENV_SECRET_KEY, ENV_SECRET_KEY_FILE))
        if self._fernet is None:
            fernet_class, _invalid = _fernet_class()
            self._fernet = fernet_class(_key_bytes(self._secret))
        return self._fernet

    def encrypt(self, password: str) -> str:
        return self._box().encrypt(password.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str | None:
        """The password, or None when there is no key or it cannot decrypt the token (another key was used)."""
        if not token or not self._secret:
            return None
        _fernet, invalid_token = _fernet_class()
        try:
            return self._box().decrypt(token.encode("ascii")).decode("utf-8")
        except invalid_token:
            return None


def secret_key_argument_spec() -> dict:
    """The options of the ``metalfleet.datacenter.secret_key`` doc fragment."""
    # imported here: the boot API uses this module without ansible-core (its virtual environment has no Ansible)
    from ansible.module_utils.basic import env_fallback  # pylint: disable=import-outside-toplevel

    return {
        "secret_key": {"type": "str", "no_log": True, "fallback": (env_fallback, [ENV_SECRET_KEY])},
        "secret_key_file": {"type": "path", "fallback": (env_fallback, [ENV_SECRET_KEY_FILE])},
    }


def secret_box_from_params(params: dict) -> SecretBox:
    return SecretBox(load_secret(params.get("secret_key"), params.get("secret_key_file")))


def _masked_bmc(entry: dict, found: set) -> dict:
    bmc = entry.get("bmc")
    if not isinstance(bmc, dict) or bmc.get("password") is None:
        return entry
    found.add(str(bmc["password"]))
    return dict(entry, bmc=dict(bmc, password=MASK))


def mask_bmc_passwords(params: dict) -> tuple:
    """A copy of the ``machine`` module's parameters with every BMC password masked, and the set of those passwords.

    Ansible scrubs module output by searching every string of it for every ``no_log`` value, which is
    quadratic: with one password per machine, a list of 10,000 machines takes hours.  The module shows
    this masked copy as its invocation instead, so the passwords can leave that search (results never
    hold a BMC password: documents show ``password_set`` and ``password_version`` only).
    """
    found = set()
    masked = _masked_bmc(params, found)
    if isinstance(params.get("machines"), list):
        masked = dict(masked, machines=[_masked_bmc(entry, found) if isinstance(entry, dict) else entry for entry in params["machines"]])
    return masked, found
