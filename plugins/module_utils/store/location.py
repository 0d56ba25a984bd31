# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the fleet store lives: DSN parsing, the default embedded path, redaction.

Private to the metalfleet.datacenter collection; not a public API.

Two forms are accepted::

    sqlite:///absolute/path/fleet.db
    postgresql://user:password@host:port/dbname   (also postgres://)

Without a DSN the embedded SQLite store at :func:`default_sqlite_path` is used.

Keeping the password out of output: a password that needs percent-encoding is written one way in the DSN
(``p%40ss``) and used another (``p@ss``), and Ansible masks no_log values only as they are written.
:func:`dsn_secrets` therefore lists every form a DSN's password (in the user info or in the query's
``password``/``sslpassword``) and a separate ``store_password`` can take; modules register them as no_log
values and :meth:`StoreLocation.scrub` removes them from driver messages.  :func:`redact_dsn` is the DSN as
given with its secrets replaced, for showing the option itself.  A DSN whose user info cannot be read in one
way only (an unencoded ``@``, ``#`` or stray ``%``) is refused, since what part of it is the password is a guess.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

ENV_STORE = "METALFLEET_STORE"
ENV_STORE_PASSWORD = "METALFLEET_STORE_PASSWORD"
REDACTED = "********"
#: libpq connection parameters of a DSN's query that hold secrets
SECRET_PARAMETERS = ("password", "sslpassword")
_QUERY_SECRET = re.compile(r"([?&](?:%s)=)[^&#]*" % "|".join(SECRET_PARAMETERS), re.IGNORECASE)
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def default_sqlite_path() -> str:
    """``$XDG_DATA_HOME/metalfleet/fleet.db``, falling back to ``~/.local/share/metalfleet/fleet.db``."""
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data_home, "metalfleet", "fleet.db")


def secret_forms(secret: str) -> set:
    """``secret`` and the ways it is written in DSNs and connection strings: percent-encoded (upper- and lower-case
    escapes, ``%20`` or ``+`` for a space) and quoted as libpq quotes a conninfo value."""
    if not secret:
        return set()
    encoded = {quote(secret, safe=""), quote_plus(secret, safe="")}
    encoded |= {_ESCAPE.sub(lambda match: match.group(0).lower(), form) for form in encoded}
    return {secret, secret.replace("\\", "\\\\").replace("'", "\\'")} | encoded


def _split_dsn(dsn: str):
    """``(scheme, user info or None, everything after ``://``, ambiguous)`` of ``scheme://...``.

    ``ambiguous``: the DSN has a ``#``, an ``@`` after the authority or a ``%`` that starts no escape in the user
    info, so a parser's split into user, password, host and database is a guess (an unencoded password).
    """
    scheme, _sep, rest = dsn.partition("://")
    end = min([index for index in (rest.find(char) for char in "/?#") if index >= 0] + [len(rest)])
    authority, tail = rest[:end], rest[end:]
    userinfo = authority[:authority.rindex("@")] if "@" in authority else None
    ambiguous = "#" in rest or "@" in tail or bool(userinfo and _STRAY_PERCENT.search(userinfo))
    return scheme, userinfo, rest, ambiguous


def _has_authority(dsn) -> bool:
    """Whether ``dsn`` is a ``scheme://`` DSN that may hold credentials (an SQLite DSN is a path, whatever it holds)."""
    return bool(dsn) and "://" in dsn and dsn.partition("://")[0].lower() != "sqlite"


def _query_secrets(dsn: str) -> set:
    """The forms of the secret parameters' values in the query (everything after the first ``?``)."""
    found = set()
    for item in re.split(r"[&#]", dsn.partition("?")[2]):
        key, _sep, value = item.partition("=")
        if value and unquote(key).lower() in SECRET_PARAMETERS:
            found |= {value} | secret_forms(unquote(value))
    return found


def dsn_secrets(dsn: str | None, password: str | None = None) -> frozenset:
    """Every string that would give away a password of ``dsn`` or the separate ``password`` (never raises).

    For an ambiguous DSN (see :func:`_split_dsn`) the password is taken to run from the first ``:`` of the user info
    to the last ``@``: the most it can be.
    """
    found = secret_forms(password or "")
    if _has_authority(dsn):
        _scheme, userinfo, rest, ambiguous = _split_dsn(dsn)
        if ambiguous and "@" in rest:
            userinfo = rest[:rest.rindex("@")]
        if userinfo and ":" in userinfo:
            raw = userinfo.partition(":")[2]
            found |= {raw} | secret_forms(unquote(raw))
        found |= _query_secrets(dsn)
    found.discard("")
    return frozenset(found)


def redact_dsn(dsn: str | None) -> str | None:
    """``dsn`` as given, with the password of its user info and query replaced (all of the user info when ambiguous)."""
    if not _has_authority(dsn):
        return dsn
    scheme, userinfo, rest, ambiguous = _split_dsn(dsn)
    if ambiguous and "@" in rest:
        rest = REDACTED + rest[rest.rindex("@"):]
    elif userinfo is not None and ":" in userinfo:
        rest = userinfo.partition(":")[0] + ":" + REDACTED + rest[len(userinfo):]
    return scheme + "://" + _QUERY_SECRET.sub(lambda match: match.group(1) + REDACTED, rest)


@dataclass(frozen=True)
class StoreLocation:
    """A parsed store DSN.  ``password`` is kept apart so it never ends up in output (nor in the repr)."""

    backend: str  # "sqlite" or "postgresql"
    path: str = ""  # sqlite only
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = field(default="", repr=False)
    database: str = ""
    query: str = field(default="", repr=False)
    #: every form of every password the DSN and the separate password hold (see :func:`dsn_secrets`)
    secrets: frozenset = field(default=frozenset(), repr=False, compare=False)

    def redacted(self) -> str:
        """The DSN with any password replaced, safe for results and logs."""
        if self.backend == "sqlite":
            return "sqlite://" + self.path
        userinfo = self.user + (":" + REDACTED if self.password else "")
        netloc = (userinfo + "@" if userinfo else "") + self.host + (":%d" % self.port if self.port else "")
        query = _QUERY_SECRET.sub(lambda match: match.group(1) + REDACTED, "?" + self.query)[1:]
        return urlunsplit(("postgresql", netloc, "/" + self.database, query, ""))

    def scrub(self, text: str) -> str:
        """``text`` (a driver's message, say) with every form of the store's passwords replaced."""
        for secret in sorted(self.secrets | secret_forms(self.password), key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    def postgres_conninfo(self) -> dict:
        params = {"host": self.host or "127.0.0.1", "port": self.port, "dbname": self.database}
        if self.user:
            params["user"] = self.user
        if self.password:
            params["password"] = self.password
        for item in filter(None, self.query.split("&")):
            key, _sep, value = item.partition("=")
            params[unquote(key)] = unquote(value)
        return params


def parse_location(dsn: str | None, password: str | None = None, field: str = "store") -> StoreLocation:
    """Parse ``dsn`` (or fall back to the default embedded store).  ``password`` overrides one in the DSN."""
    if not dsn:
        return StoreLocation(backend="sqlite", path=default_sqlite_path())
    parts = urlsplit(dsn)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/"):
            raise ValidationError(field, "an SQLite DSN needs an absolute path: sqlite:///abs/path.db")
        return StoreLocation(backend="sqlite", path=path)
    if scheme in ("postgresql", "postgres"):
        if _split_dsn(dsn)[3]:
            raise ValidationError(field, "the PostgreSQL DSN cannot be read one way only: percent-encode the user name and "
                                         "password (every character but letters, digits and -._~; '@' is %40, '/' is %2F, "
                                         "'%' is %25, '#' is %23), or give the password in store_password")
        try:
            port = parts.port or 5432
        except ValueError:
            raise ValidationError(field, "the PostgreSQL DSN has an invalid port") from None
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ValidationError(field, "the PostgreSQL DSN must name a database: postgresql://user@host:port/dbname")
        return StoreLocation(
            backend="postgresql",
            host=parts.hostname or "",
            port=port,
            user=unquote(parts.username or ""),
            password=password if password else unquote(parts.password or ""),
            database=database,
            query=parts.query,
            secrets=dsn_secrets(dsn, password),
        )
    raise ValidationError(field, "unsupported store DSN scheme %r: use sqlite:///path or postgresql://..." % (parts.scheme,))
