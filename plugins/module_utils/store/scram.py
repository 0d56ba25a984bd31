# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SCRAM-SHA-256 password verifiers as PostgreSQL stores them in ``pg_authid.rolpassword``.

Private to the metalfleet.datacenter collection; not a public API.

Computing the verifier on the client means the plain password is never sent to the server (so it cannot land in
the server's log), and comparing a password with the stored verifier (same salt and iteration count) tells whether
the role's password is already the wanted one without logging in. The format (RFC 5802, RFC 7677) is::

    SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>     (salt and keys base64)
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

#: PostgreSQL's default scram_iterations
DEFAULT_ITERATIONS = 4096
SALT_BYTES = 16


def _normalize(password: str) -> bytes:
    # PostgreSQL applies SASLprep; for the passwords operators use (printable ASCII) it is the identity, and NFKC is
    # its normalization step for the rest.
    return unicodedata.normalize("NFKC", password).encode("utf-8")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def verifier(password: str, salt: bytes | None = None, iterations: int = DEFAULT_ITERATIONS) -> str:
    """The ``rolpassword`` value for ``password`` (a fresh random salt unless one is given)."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    salted = hashlib.pbkdf2_hmac("sha256", _normalize(password), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return "SCRAM-SHA-256$%d:%s$%s:%s" % (iterations, _b64(salt), _b64(stored_key), _b64(server_key))


def matches(password: str, stored: str | None) -> bool:
    """Whether ``stored`` (a ``rolpassword`` value, maybe none or MD5) is a SCRAM verifier of ``password``."""
    if not stored or not stored.startswith("SCRAM-SHA-256$"):
        return False
    try:
        head, _keys = stored[len("SCRAM-SHA-256$"):].split("$", 1)
        iterations, salt = head.split(":", 1)
        expected = verifier(password, base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, stored)
