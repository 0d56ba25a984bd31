# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scalar coercion for SONiC values input, with errors that name the field.

Private to the metalfleet.datacenter collection; not a public API.

Values reach the renderer either as YAML text loaded with every scalar kept as its
literal text (like sonic-configdb-utils' Go decoder into string fields), or as data
typed by Ansible (YAML 1.1: ``01`` -> 1, ``on`` -> True).  These helpers accept both
and turn them into the type a field needs.
"""
from __future__ import annotations

from typing import Mapping

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

_TRUE_WORDS = frozenset(("true", "yes", "on", "y", "1"))
_FALSE_WORDS = frozenset(("false", "no", "off", "n", "0"))


def as_text(value, field_name: str) -> str:
    """A string field: None -> "", numbers -> their decimal text; bools are refused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValidationError(field_name, f"must be a string, got the boolean {value}; quote it in YAML")
    if isinstance(value, (str, int)):
        return str(value)
    raise ValidationError(field_name, f"must be a string, got {type(value).__name__}")


def as_int(value, field_name: str) -> int:
    """An integer field: None/"" -> 0, digit strings are accepted."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValidationError(field_name, f"must be an integer, got the boolean {value}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValidationError(field_name, f"must be an integer, got {value!r}")


def as_bool(value, field_name: str) -> bool:
    """A boolean field: None -> False; YAML 1.1 words (yes/no/on/off) accepted."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValidationError(field_name, f"must be a boolean, got {value!r}")


def as_optional_bool(value, field_name: str) -> bool | None:
    """Like :func:`as_bool`, but keeps "not given" (None) apart from false."""
    return None if value is None else as_bool(value, field_name)


def as_on_off(value, field_name: str) -> str:
    """``on``/``off`` fields (autoneg): booleans from YAML 1.1 parsing map back to on/off."""
    if value is None or value == "":
        return ""
    return "on" if as_bool(value, field_name) else "off"


def as_text_list(value, field_name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)):
        raise ValidationError(field_name, f"must be a list, got {type(value).__name__}")
    return tuple(as_text(item, f"{field_name}[{position}]") for position, item in enumerate(value))


def as_mapping(value, field_name: str) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(field_name, f"must be a mapping, got {type(value).__name__}")
    return value


def as_list(value, field_name: str) -> list:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise ValidationError(field_name, f"must be a list, got {type(value).__name__}")
    return list(value)


def as_mac(value, field_name: str) -> str:
    """MAC addresses must be strings: YAML 1.1 reads unquoted ``10:11:22:33:44:55`` as a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValidationError(field_name, f"MAC address was parsed as the number {value}; quote it in YAML")
    return as_text(value, field_name)
