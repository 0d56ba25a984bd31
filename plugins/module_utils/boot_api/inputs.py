# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the boot API's request parameters (query and path); each error names the parameter.

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

import re
import uuid

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.limits import preview

_MAC = re.compile(r"^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$")
_ARCH = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def mac_address(value, field: str = "mac") -> str:
    """A MAC address in lower case with colons (``52:54:00:12:34:56``); colons, hyphens or nothing between octets."""
    if not isinstance(value, str) or not value:
        raise ValidationError(field, "is required: the MAC address of the booting NIC")
    text = value.strip().lower()
    if not _MAC.match(text):
        raise ValidationError(field, "%s is not a MAC address (six hex octets, e.g. 52:54:00:12:34:56)" % preview(value))
    digits = text.replace(":", "").replace("-", "")
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def machine_uuid(value, field: str = "uuid") -> str:
    """A machine id: the DMI product UUID, lower case."""
    if not isinstance(value, str) or not value:
        raise ValidationError(field, "is required: the machine's DMI product UUID")
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise ValidationError(field, "%s is not a UUID" % preview(value)) from None


def optional_uuid(value, field: str = "uuid"):
    """A UUID, or None for none given (also for the all-zero and all-one UUIDs some firmware reports)."""
    if value in (None, ""):
        return None
    parsed = machine_uuid(value, field)
    return None if parsed.replace("-", "") in ("0" * 32, "f" * 32) else parsed


def architecture(value, field: str = "arch"):
    """iPXE's ``${buildarch}`` (``x86_64``, ``i386``, ``arm64``) or ``${platform}`` (``pcbios``, ``efi``); None when absent."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _ARCH.match(value):
        raise ValidationError(field, "%s is not an architecture name (letters, digits, '_', '-')" % preview(value))
    return value


def bounded_int(value, field: str, default: int, low: int, high: int) -> int:
    if value in (None, ""):
        return default
    if not isinstance(value, str) or not value.isdigit() or int(value) > high or int(value) < low:
        raise ValidationError(field, "must be a whole number from %d to %d, got %s" % (low, high, preview(value)))
    return int(value)


def text_member(doc: dict, key: str, field: str, required: bool = False, maximum: int = 1024):
    """``doc[key]``: a string (or None when absent and not required)."""
    value = doc.get(key)
    if value is None:
        if required:
            raise ValidationError(field, "is required")
        return None
    if not isinstance(value, str):
        raise ValidationError(field, "expected a string, got %s" % type(value).__name__)
    if len(value) > maximum:
        raise ValidationError(field, "is %d characters long; at most %d are allowed" % (len(value), maximum))
    return value
