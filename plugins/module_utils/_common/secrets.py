# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keep secrets out of results, diffs and the audit log.

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

MASK = "********"

#: keys whose values are secrets wherever they appear in a document.
SECRET_KEYS = frozenset((
    "password", "bmc_password", "store_password", "token", "api_token", "secret", "secret_key",
    "private_key", "key", "password_encrypted",
))


def is_secret_key(key) -> bool:
    name = str(key).lower()
    return name in SECRET_KEYS or name.endswith("_password") or name.endswith("_token") or name.endswith("_secret")


def mask_secrets(doc):
    """A copy of ``doc`` (dicts and lists, recursively) with every secret value replaced by a mask."""
    if isinstance(doc, dict):
        return {k: (MASK if is_secret_key(k) and v not in (None, "") else mask_secrets(v)) for k, v in doc.items()}
    if isinstance(doc, (list, tuple)):
        return [mask_secrets(item) for item in doc]
    return doc
