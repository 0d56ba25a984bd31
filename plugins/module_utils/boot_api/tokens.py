# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Agent tokens bound to one machine, signed with HMAC-SHA256: short-lived ones, and phone-home ones.

Private to the metalfleet.datacenter collection; not a public API.

A token is ``mf1.<machine id>.<expiry>.<signature>``: the machine id is the machine's DMI UUID (lower case),
the expiry a Unix time in seconds, the signature the base64url (unpadded) HMAC-SHA256 of
``mf1.<machine id>.<expiry>`` under a key derived from the store's secret with HKDF-SHA256 and the fixed info
string :data:`HKDF_INFO` (so the token key is never the key that encrypts BMC passwords).  Signatures are compared
in constant time.  Nothing in a token is secret but its signature; it is not encrypted.

A phone-home token (``mfh1.<machine id>.<expiry>.<signature>``, signed over its own prefix) is handed to the
installer with the install instructions and written into the installed system, which phones home with it on every
boot, long after the agent's short-lived token expired.  It lives ``phone_home_ttl`` seconds, every phone home
answers a fresh one, and it is accepted only where ``phone_home=True`` is asked for (the phone-home endpoint): it
never reads install instructions or writes a report.

:class:`TokenError` says why a token was refused (``missing``, ``malformed``, ``bad signature``, ``expired``,
``other machine``, ``wrong scope``) without ever repeating the token.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import traceback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError

VERSION = "mf1"
#: the prefix of phone-home tokens; signed into the token, so an agent token cannot be relabelled as one
PHONE_HOME = "mfh1"
#: the HKDF info string: changing it invalidates every issued token
HKDF_INFO = b"metalfleet.datacenter boot-api agent token v1"
_TOKEN = re.compile(r"^(mf1|mfh1)\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$")


class TokenError(Exception):
    """A token was refused.  ``reason`` is one of the short phrases in the module docstring."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def derive_key(secret: str) -> bytes:
    """The 32-byte HMAC key for tokens: HKDF-SHA256 of the store's secret with the fixed info string, no salt."""
    try:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    except ImportError:
        raise DependencyError("cryptography", traceback.format_exc()) from None
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(secret.encode("utf-8"))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class TokenAuthority:
    """Issues and checks tokens with one key; ``clock`` (seconds since the epoch) is a parameter for tests."""

    def __init__(self, key: bytes, ttl: int, clock=time.time, phone_home_ttl: int | None = None):
        self._key = key
        self.ttl = ttl
        self.phone_home_ttl = ttl if phone_home_ttl is None else phone_home_ttl
        self._clock = clock

    def __repr__(self) -> str:
        return "TokenAuthority(ttl=%d)" % self.ttl

    def _signature(self, prefix: str, machine_id: str, expiry: int) -> str:
        message = ("%s.%s.%d" % (prefix, machine_id, expiry)).encode("ascii")
        return _b64(hmac.new(self._key, message, hashlib.sha256).digest())

    def _issue(self, prefix: str, machine_id: str, ttl: int) -> dict:
        expiry = int(self._clock()) + ttl
        return {"token": "%s.%s.%d.%s" % (prefix, machine_id, expiry, self._signature(prefix, machine_id, expiry)), "expires_at": expiry}

    def issue(self, machine_id: str) -> dict:
        """``{"token", "expires_at"}`` for ``machine_id`` (a lower-case UUID), valid for ``ttl`` seconds."""
        return self._issue(VERSION, machine_id, self.ttl)

    def issue_phone_home(self, machine_id: str) -> dict:
        """A phone-home token for ``machine_id``, valid for ``phone_home_ttl`` seconds (same shape as :meth:`issue`)."""
        return self._issue(PHONE_HOME, machine_id, self.phone_home_ttl)

    def verify(self, token: str | None, machine_id: str, phone_home: bool = False) -> int:
        """The token's expiry when ``token`` is valid now and bound to ``machine_id``; else raise TokenError.

        A phone-home token counts only with ``phone_home=True`` (reason ``wrong scope`` otherwise)."""
        if not token:
            raise TokenError("missing")
        match = _TOKEN.match(token)
        if not match:
            raise TokenError("malformed")
        prefix, bound, expiry_text, signature = match.groups()
        expiry = int(expiry_text)
        if not hmac.compare_digest(signature, self._signature(prefix, bound, expiry)):
            raise TokenError("bad signature")
        if prefix == PHONE_HOME and not phone_home:
            raise TokenError("wrong scope")
        if expiry <= self._clock():
            raise TokenError("expired")
        if bound != machine_id:
            raise TokenError("other machine")
        return expiry


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (None without one)."""
    if not authorization:
        return None
    scheme, _sep, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
