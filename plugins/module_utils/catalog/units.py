# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Byte quantities: parse ``800GB`` / ``745GiB`` / ``1.5TiB`` and format them back.

Private to the metalfleet.datacenter collection; not a public API.

Rules of :func:`parse_bytes`:

* an ``int`` is a number of bytes; an integral ``float`` is accepted too;
* a string is ``<number>[ ]<unit>``; the number may have a fraction, but the
  result must be a whole number of bytes (``1.5KiB`` = 1536 is fine, ``1.5B`` is not);
* decimal units ``B kB KB MB GB TB PB EB`` (also ``k K M G T P E``) are powers of 1000,
  binary units ``KiB MiB GiB TiB PiB EiB`` (also ``Ki Mi Gi Ti Pi Ei``) powers of 1024;
  unit letters are case-insensitive (``gb`` = ``GB``), there are no bit units;
* bare digits are bytes; negative numbers, booleans and anything else are refused;
* at most 2^63-1 bytes (what the store can hold).

Public functions::

    parse_bytes(value, field: str = "value") -> int       # raises ValidationError
    format_bytes(count: int) -> str     # exact and parseable, e.g. "800GB", "1536KiB", "1234B"
    humanize_bytes(count: int) -> str   # rounded SI text like Go's humanize.Bytes, e.g. "1.1 GB"
"""
from __future__ import annotations

import decimal
import math
import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.limits import BYTES_RANGE, preview

_DECIMAL_PREFIXES = ("k", "m", "g", "t", "p", "e")
_DISPLAY_DECIMAL = ("kB", "MB", "GB", "TB", "PB", "EB")
_DISPLAY_BINARY = ("KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def _unit_table() -> dict[str, int]:
    table = {"": 1, "b": 1}
    for power, prefix in enumerate(_DECIMAL_PREFIXES, start=1):
        for suffix in ("", "b"):
            table[prefix + suffix] = 1000 ** power
        for suffix in ("i", "ib"):
            table[prefix + suffix] = 1024 ** power
    return table


UNIT_FACTORS = _unit_table()
#: longest text taken for a quantity (a byte count has at most 19 digits)
_TEXT_MAX = 64
_QUANTITY = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>[A-Za-z]*)\s*$")


def _reject(field: str, value, why: str) -> ValidationError:
    return ValidationError(field, f"{preview(value)} is not a valid byte size: {why}")


def parse_bytes(value, field: str = "value") -> int:
    """Return the number of bytes that ``value`` denotes (at most 2^63-1, what the store can hold)."""
    count = _parse_bytes(value, field)
    if count > BYTES_RANGE[1]:
        raise _reject(field, value, "at most %d bytes (8 EiB) can be stored" % BYTES_RANGE[1])
    return count


def _parse_bytes(value, field: str) -> int:
    if isinstance(value, bool):
        raise _reject(field, value, "a boolean is not a size")
    if isinstance(value, int):
        if value < 0:
            raise _reject(field, value, "sizes cannot be negative")
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0 or value != int(value):
            raise _reject(field, value, "a number must be a non-negative whole number of bytes")
        return int(value)
    if not isinstance(value, str):
        raise _reject(field, value, f"expected an integer or a string, got {type(value).__name__}")
    match = _QUANTITY.match(value) if len(value) <= _TEXT_MAX else None
    if match is None:
        raise _reject(field, value, "expected a number with an optional unit such as 800GB or 745GiB")
    factor = UNIT_FACTORS.get(match.group("unit").lower())
    if factor is None:
        raise _reject(field, value, f"unknown unit {match.group('unit')!r}")
    total = decimal.Decimal(match.group("number")) * factor
    if total != total.to_integral_value():
        raise _reject(field, value, "the result is not a whole number of bytes")
    return int(total)


def format_bytes(count: int) -> str:
    """Return an exact, parseable text for ``count`` bytes using the largest unit that divides it."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValidationError("count", f"{count!r} is not a non-negative integer")
    best = f"{count}B"
    best_value = count
    for displays, base in ((_DISPLAY_BINARY, 1024), (_DISPLAY_DECIMAL, 1000)):
        for power, unit in enumerate(displays, start=1):
            factor = base ** power
            if count < factor or count % factor:
                break
            if count // factor < best_value:
                best_value = count // factor
                best = f"{best_value}{unit}"
    return best


def humanize_bytes(count: int) -> str:
    """Return a rounded SI text (``"1.1 GB"``), like Go's ``humanize.Bytes`` used in reference messages."""
    if count < 10:
        return f"{count} B"
    units = ("B",) + _DISPLAY_DECIMAL
    exponent = min(int(math.floor(math.log(count) / math.log(1000))), len(units) - 1)
    value = math.floor(count / 1000 ** exponent * 10 + 0.5) / 10
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{text} {units[exponent]}"
