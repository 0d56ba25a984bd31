# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bounds of every name, text and number the core stores: defined once, checked by the services.

Private to the metalfleet.datacenter collection; not a public API.

The services (IPAM, catalog, machines, switches, BMC targets) call these checks on
every entry path, so a module, a list-form entry and a direct caller (the boot API)
are held to the same rules.  Each check returns the value (an ``int`` for numbers)
or raises ``ValidationError`` naming the field; a value that is too long is never
echoed in full.  ``docs/limits.md`` lists the rules.

Kinds of text:

* **identifier** (networks, IP names, projects, racks, partitions, sizes, images,
  switches, hardware profile names): ASCII letters, digits, ``.``, ``_``, ``-``
  (plus ``:``, ``@``, ``/``, ``=``, ``+`` where a kind allows them), starting with a
  letter or digit, 1-128 characters.  metal-stack's ids (``internet-fra-equ01``,
  project UUIDs, ``c1-xlarge-x86``) all fit.
* **hostname** (allocations): RFC 1123, dot-separated labels of 1-63 letters, digits
  and ``-`` (not first or last), at most 253 characters; a FQDN is fine.
* **host** (BMC addresses, NTP servers): an IP address or a hostname (a trailing dot
  is allowed).
* **text** (display names, descriptions, tags, label keys and values): any Unicode
  except control characters (``Cc``: NUL, newline, tab, DEL, ...), surrogates and
  line/paragraph separators; descriptions may span lines (newline, carriage return and tab allowed).

Numbers are integers (booleans and fractions are refused; a string of ASCII digits
is accepted) within a range; nothing above ``INT64_MAX`` (2^63-1) reaches the store,
because SQLite and PostgreSQL ``BIGINT`` cannot hold it.
"""
from __future__ import annotations

import ipaddress
import re
import unicodedata

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

INT64_MAX = 2 ** 63 - 1
#: PostgreSQL ``INTEGER`` columns (reservation amounts).
INT32_MAX = 2 ** 31 - 1

IDENTIFIER_MAX = 128
HOSTNAME_MAX = 253
HOSTNAME_LABEL_MAX = 63
NAME_MAX = 128
DESCRIPTION_MAX = 1024
TAG_MAX = 256
LABEL_KEY_MAX = 256
LABEL_VALUE_MAX = 256
#: generous bounds of free-form inputs: the BMC username/password, an SSH key, user data, a URL.
CREDENTIAL_MAX = 256
SSH_KEY_MAX = 16384
USERDATA_MAX = 65536
URL_MAX = 2048
#: an IP address as text (the longest IPv6 form with an IPv4 tail is 45 characters)
ADDRESS_MAX = 64
COMMAND_LINE_MAX = 4096
#: list lengths
TAGS_MAX = 256
SSH_KEYS_MAX = 50
PLACEMENT_TAGS_MAX = 64

#: integer ranges, inclusive
VRF_RANGE = (1, 2 ** 24 - 1)          # a VRF id is the VXLAN VNI of the tenant VRF on the switches (24 bits)
ASN_RANGE = (1, 2 ** 32 - 1)
PORT_RANGE = (1, 65535)
AMOUNT_RANGE = (1, INT32_MAX)
COUNT_RANGE = (0, INT64_MAX)          # cores, threads, GPUs, size constraint bounds
BYTES_RANGE = (0, INT64_MAX)          # memory and disk sizes
AUDIT_LIMIT_RANGE = (1, INT64_MAX)

_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_HOSTNAME_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_REFUSED_CATEGORIES = ("Cc", "Cs", "Zl", "Zp")
_MULTILINE_ALLOWED = "\n\r\t"
#: longest digit string accepted for a number (INT64_MAX has 19 digits)
_DIGITS_MAX = 20


def preview(value, limit: int = 40) -> str:
    """A short ``repr`` of ``value`` for messages (long values are cut)."""
    text = repr(value)
    return text if len(text) <= limit else "%s... (%d characters)" % (text[:limit], len(value) if isinstance(value, str) else len(text))


def _require_string(value, field: str, what: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, "expected %s, got %s" % (what, preview(value)))
    return value


def check_length(value: str, field: str, maximum: int, minimum: int = 1) -> str:
    if len(value) > maximum:
        raise ValidationError(field, "is %d characters long; at most %d are allowed" % (len(value), maximum))
    if len(value) < minimum:
        raise ValidationError(field, "must not be empty" if minimum == 1 else "needs at least %d characters" % minimum)
    return value


def refused_character(value: str, multiline: bool = False):
    """The first character that text must not contain, or None."""
    for char in value:
        if multiline and char in _MULTILINE_ALLOWED:
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            return char
    return None


def _check_characters(value: str, field: str, multiline: bool = False) -> str:
    bad = refused_character(value, multiline)
    if bad is not None:
        raise ValidationError(field, "%s contains the control character U+%04X; %s" % (
            preview(value), ord(bad), "only newlines and tabs are allowed there" if multiline else "only single-line printable text is allowed"))
    return value


def check_identifier(value, field: str, maximum: int = IDENTIFIER_MAX, extra: str = "", what: str = "name") -> str:
    """An identifier (see the module docstring); ``extra`` adds allowed characters after the first; ``what`` names it."""
    _require_string(value, field, "a " + what)
    check_length(value, field, maximum)
    _check_characters(value, field)
    pattern = _IDENTIFIER if not extra else re.compile(r"^[A-Za-z0-9][A-Za-z0-9._%s-]*$" % re.escape(extra))
    if not pattern.match(value):
        allowed = "letters, digits, '.', '_', '-'" + "".join(", %r" % c for c in extra)
        raise ValidationError(field, "%s is not a valid %s (%s; starting with a letter or digit; ASCII only; at most %d characters)"
                              % (preview(value), what, allowed, maximum))
    return value


def check_optional_identifier(value, field: str, maximum: int = IDENTIFIER_MAX, extra: str = ""):
    """``None`` and ``""`` pass (an option not given, or cleared); anything else is an identifier."""
    if value is None or value == "":
        return value
    return check_identifier(value, field, maximum, extra)


def is_hostname(value: str, allow_trailing_dot: bool = False) -> bool:
    """RFC 1123 host name (FQDN allowed), at most 253 characters."""
    name = value[:-1] if allow_trailing_dot and value.endswith(".") else value
    return 0 < len(name) <= HOSTNAME_MAX and all(_HOSTNAME_LABEL.match(label) for label in name.split("."))


def check_hostname(value, field: str) -> str:
    """An RFC 1123 host name such as ``web-1`` or ``web-1.shop.example.com``."""
    _require_string(value, field, "a host name")
    check_length(value, field, HOSTNAME_MAX)
    _check_characters(value, field)
    if not is_hostname(value):
        raise ValidationError(field, "%s is not a valid host name (RFC 1123: dot-separated labels of letters, digits and '-', "
                                     "each 1-%d characters, not starting or ending with '-'; at most %d characters)"
                              % (preview(value), HOSTNAME_LABEL_MAX, HOSTNAME_MAX))
    return value


def check_host(value, field: str) -> str:
    """An IP address (returned in canonical form) or a host name (returned as given, a trailing dot allowed)."""
    _require_string(value, field, "an IP address or host name")
    check_length(value.strip(), field, HOSTNAME_MAX)
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    if not is_hostname(value, allow_trailing_dot=True):
        raise ValidationError(field, "%s is neither an IP address nor a host name" % preview(value))
    return value


def check_text(value, field: str, maximum: int = NAME_MAX, multiline: bool = False, minimum: int = 0) -> str:
    """Free text: any Unicode but control characters (newlines and tabs too unless ``multiline``)."""
    _require_string(value, field, "a string")
    check_length(value, field, maximum, minimum)
    return _check_characters(value, field, multiline)


def check_name(value, field: str = "name") -> str:
    """A display name (single line, at most 128 characters; may be empty)."""
    return check_text(value, field, NAME_MAX)


def check_description(value, field: str = "description") -> str:
    """A description (may span lines, at most 1024 characters)."""
    return check_text(value, field, DESCRIPTION_MAX, multiline=True)


def check_string_list(values, field: str, check, max_items: int = TAGS_MAX) -> list:
    """A list of strings, each checked by ``check(value, "<field>[i]")``."""
    if not isinstance(values, (list, tuple)):
        raise ValidationError(field, "expected a list of strings, got %s" % preview(values))
    if len(values) > max_items:
        raise ValidationError(field, "has %d entries; at most %d are allowed" % (len(values), max_items))
    return [check(value, "%s[%d]" % (field, index)) for index, value in enumerate(values)]


def check_tag(value, field: str) -> str:
    """One tag (``k=v`` or a word): single-line text, 1-256 characters."""
    return check_text(value, field, TAG_MAX, minimum=1)


def check_address_text(value, field: str) -> str:
    """The text of an IP address to be parsed later: bounded so that no parser or message sees megabytes."""
    return check_text(value, field, ADDRESS_MAX, minimum=1)


def check_tags(values, field: str = "tags", max_items: int = TAGS_MAX) -> list:
    return check_string_list(values, field, check_tag, max_items)


def check_label(key, value, field: str = "labels") -> tuple:
    """One label: the key 1-256 and the value 0-256 characters of single-line text."""
    check_text(key, field, LABEL_KEY_MAX, minimum=1)
    check_text(value, "%s.%s" % (field, key if len(key) <= 64 else key[:64] + "..."), LABEL_VALUE_MAX)
    return key, value


def check_labels(labels, field: str = "labels") -> dict:
    """A flat mapping of labels; numbers as values are checked as their text.  Returns ``labels`` unchanged."""
    if not isinstance(labels, dict):
        raise ValidationError(field, "expected a mapping of strings, got %s" % preview(labels))
    if len(labels) > TAGS_MAX:
        raise ValidationError(field, "has %d labels; at most %d are allowed" % (len(labels), TAGS_MAX))
    for key, value in labels.items():
        if isinstance(value, (dict, list, tuple)):
            raise ValidationError(field, "label %s must have a string value, got %s" % (preview(key), preview(value)))
        check_label(str(key), "" if value is None else str(value), field)
    return labels


def check_int(value, field: str, low: int, high: int, what: str = "") -> int:
    """An integer in ``[low, high]``: an ``int`` or a string of ASCII digits; booleans and fractions are refused."""
    number = value
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not digits.isascii() or not digits.isdigit() or len(digits) > _DIGITS_MAX:
            raise ValidationError(field, "%s%s is not an integer in %d..%d" % (what + " " if what else "", preview(value), low, high))
        number = int(text)
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValidationError(field, "%s%s is not an integer in %d..%d" % (what + " " if what else "", preview(value), low, high))
    if not low <= number <= high:
        shown = str(number) if abs(number) < 10 ** _DIGITS_MAX else "a number of more than %d digits" % _DIGITS_MAX
        raise ValidationError(field, "%s%s is out of range %d..%d" % (what + " " if what else "", shown, low, high))
    return number


def check_optional_int(value, field: str, bounds: tuple, what: str = ""):
    return None if value is None else check_int(value, field, bounds[0], bounds[1], what)
