# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the addresses a catalog entry carries: catalog ids, URLs, IP addresses, host names, ``host:port``.

Private to the metalfleet.datacenter collection; not a public API.

Every check returns the value in its canonical form or raises
``ValidationError(field, ...)`` naming the offending value.

Public functions::

    check_catalog_id(value, field="id") -> str          # letters, digits, ".", "_", "-"; 1-128 characters
    check_url(value, field, schemes=("http", "https")) -> str
    check_ip(value, field) -> str                        # canonical text of an IPv4/IPv6 address
    check_host(value, field) -> str                      # IP address or DNS name
    check_host_port(value, field) -> str                 # "host:port" or "[v6]:port"
    check_list(values, field, check) -> list             # each element checked, field "<field>[i]"
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError


def check_catalog_id(value, field: str = "id") -> str:
    """A catalog id: an identifier of ``_common.limits`` (letters, digits, '.', '_', '-'; 1-128 characters)."""
    if not isinstance(value, str) or not value:
        raise ValidationError(field, "an id is required")
    return limits.check_identifier(value, field, what="id")


def check_url(value, field: str, schemes=("http", "https")) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, "expected a URL, got %r" % (value,))
    limits.check_length(value, field, limits.URL_MAX)
    parts = urlsplit(value)
    located = parts.path if parts.scheme == "file" else parts.netloc
    if parts.scheme not in schemes or not located or any(c.isspace() for c in value):
        raise ValidationError(field, "%r is not a valid %s URL" % (value, "/".join(schemes)))
    return value


def check_ip(value, field: str) -> str:
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        raise ValidationError(field, "%r is not an IP address" % (value,)) from None


def check_host(value, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValidationError(field, "expected an IP address or DNS name, got %r" % (value,))
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    if not limits.is_hostname(value, allow_trailing_dot=True):
        raise ValidationError(field, "%r is neither an IP address nor a DNS name" % value)
    return value.lower()


def check_host_port(value, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, "expected host:port, got %r" % (value,))
    host, separator, port = value.rpartition(":")
    if not separator or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValidationError(field, "%r is not host:port with a port from 1 to 65535" % value)
    if host.startswith("[") and host.endswith("]"):
        address = check_ip(host[1:-1], field)
        if ":" not in address:
            raise ValidationError(field, "%r: only IPv6 addresses are written in brackets" % value)
        return "[%s]:%d" % (address, int(port))
    if ":" in host:
        raise ValidationError(field, "%r: write an IPv6 address in brackets, like [2001:db8::1]:50051" % value)
    return "%s:%d" % (check_host(host, field), int(port))


def check_list(values, field: str, check) -> list:
    if not isinstance(values, (list, tuple)):
        raise ValidationError(field, "expected a list, got %r" % (values,))
    return [check(value, "%s[%d]" % (field, index)) for index, value in enumerate(values)]
