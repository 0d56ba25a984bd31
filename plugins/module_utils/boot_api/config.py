# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API's configuration, read once from environment variables (the boot_server role writes an env file).

Private to the metalfleet.datacenter collection; not a public API.

Every problem names the variable at fault (``ValidationError.field``), so a worker that cannot start says why.
The store password and the secret key never leave this object except to open the store and derive the token key;
its ``repr`` shows neither.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import ENV_STORE, ENV_STORE_PASSWORD, parse_location

ENV_SECRET_KEY_FILE = "METALFLEET_SECRET_KEY_FILE"
ENV_PARTITION = "METALFLEET_BOOT_PARTITION"
ENV_API_URL = "METALFLEET_BOOT_API_URL"
ENV_FILES_DIR = "METALFLEET_BOOT_FILES_DIR"
ENV_TOKEN_TTL = "METALFLEET_BOOT_TOKEN_TTL"
ENV_PHONE_HOME_TTL = "METALFLEET_BOOT_PHONE_HOME_TTL"
ENV_STORE_TIMEOUT = "METALFLEET_BOOT_STORE_TIMEOUT"
ENV_MAX_WAITERS = "METALFLEET_BOOT_MAX_WAITERS"
ENV_BODY_TIMEOUT = "METALFLEET_BOOT_BODY_TIMEOUT"
ENV_LIVELINESS_DELAY = "METALFLEET_BOOT_LIVELINESS_DELAY"

DEFAULT_TOKEN_TTL = 3600
TOKEN_TTL_RANGE = (60, 7 * 24 * 3600)
#: the installed system's phone-home token: a year, renewed by every phone home
DEFAULT_PHONE_HOME_TTL = 365 * 24 * 3600
PHONE_HOME_TTL_RANGE = (3600, 10 * 365 * 24 * 3600)
#: seconds one store statement (or SQLite's wait for the write lock) may take before the request gets a 503
DEFAULT_STORE_TIMEOUT = 5.0
#: seconds a client may take to send its body before the request gets a 408
DEFAULT_BODY_TIMEOUT = 10.0
#: long polls one worker process holds at once (each holds a thread); more are answered at once
DEFAULT_MAX_WAITERS = 16
#: seconds a boot script's liveliness refresh may wait to be written with the others of that time (liveliness_writer)
DEFAULT_LIVELINESS_DELAY = 0.1
LIVELINESS_DELAY_RANGE = (0.0, 5.0)


@dataclass(frozen=True)
class BootApiConfig:
    store: object  # a store.location.StoreLocation (its password is not in its repr)
    secret: str = field(repr=False)
    partition: str
    api_url: str
    files_dir: str | None
    token_ttl: int = DEFAULT_TOKEN_TTL
    phone_home_ttl: int = DEFAULT_PHONE_HOME_TTL
    store_timeout: float = DEFAULT_STORE_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    max_waiters: int = DEFAULT_MAX_WAITERS
    liveliness_delay: float = DEFAULT_LIVELINESS_DELAY


def _number(environ, name: str, default, kind, low, high):
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValidationError(name, "%r is not a number" % raw[:32]) from None
    if not low <= value <= high:
        raise ValidationError(name, "must be between %s and %s, got %s" % (low, high, raw[:32]))
    return value


def _api_url(environ) -> str:
    url = environ.get(ENV_API_URL, "").strip().rstrip("/")
    if not url:
        raise ValidationError(ENV_API_URL, "is required: the URL machines use to reach the boot API, e.g. http://10.0.0.1:8080")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment or " " in url:
        raise ValidationError(ENV_API_URL, "must be an http:// or https:// URL without query, got %r" % url[:128])
    return url


def _secret(environ) -> str:
    path = environ.get(ENV_SECRET_KEY_FILE, "").strip()
    if not path:
        raise ValidationError(ENV_SECRET_KEY_FILE, "is required: the store's secret key file (agent tokens are signed with a key derived from it)")
    try:
        with open(path, encoding="utf-8") as handle:
            secret = handle.read().strip()
    except OSError as exc:
        raise ValidationError(ENV_SECRET_KEY_FILE, "cannot read %s: %s" % (path, exc.strerror)) from None
    if len(secret) < 16:
        raise ValidationError(ENV_SECRET_KEY_FILE, "the key in %s is shorter than 16 characters" % path)
    return secret


def _files_dir(environ) -> str | None:
    path = environ.get(ENV_FILES_DIR, "").strip()
    if not path:
        return None
    if not os.path.isabs(path):
        raise ValidationError(ENV_FILES_DIR, "must be an absolute path, got %r" % path[:128])
    if not os.path.isdir(path):
        raise ValidationError(ENV_FILES_DIR, "%s is not a directory" % path)
    return os.path.realpath(path)


def load_config(environ=None) -> BootApiConfig:
    """The configuration from ``environ`` (default ``os.environ``); raises ValidationError naming the variable."""
    environ = os.environ if environ is None else environ
    dsn = environ.get(ENV_STORE, "").strip()
    if not dsn:
        raise ValidationError(ENV_STORE, "is required: the fleet store's DSN (sqlite:///path or postgresql://...)")
    store = parse_location(dsn, environ.get(ENV_STORE_PASSWORD) or None, field=ENV_STORE)
    partition = environ.get(ENV_PARTITION, "").strip()
    if not partition:
        raise ValidationError(ENV_PARTITION, "is required: the partition this boot server serves")
    limits.check_identifier(partition, ENV_PARTITION, what="partition")
    return BootApiConfig(
        store=store,
        secret=_secret(environ),
        partition=partition,
        api_url=_api_url(environ),
        files_dir=_files_dir(environ),
        token_ttl=_number(environ, ENV_TOKEN_TTL, DEFAULT_TOKEN_TTL, int, *TOKEN_TTL_RANGE),
        phone_home_ttl=_number(environ, ENV_PHONE_HOME_TTL, DEFAULT_PHONE_HOME_TTL, int, *PHONE_HOME_TTL_RANGE),
        store_timeout=_number(environ, ENV_STORE_TIMEOUT, DEFAULT_STORE_TIMEOUT, float, 0.1, 120.0),
        body_timeout=_number(environ, ENV_BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT, float, 0.5, 300.0),
        max_waiters=_number(environ, ENV_MAX_WAITERS, DEFAULT_MAX_WAITERS, int, 0, 10000),
        liveliness_delay=_number(environ, ENV_LIVELINESS_DELAY, DEFAULT_LIVELINESS_DELAY, float, *LIVELINESS_DELAY_RANGE),
    )
