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
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

ENV_STORE = "METALFLEET_STORE"
ENV_STORE_PASSWORD = "METALFLEET_STORE_PASSWORD"


def default_sqlite_path() -> str:
    """``$XDG_DATA_HOME/metalfleet/fleet.db``, falling back to ``~/.local/share/metalfleet/fleet.db``."""
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data_home, "metalfleet", "fleet.db")


@dataclass(frozen=True)
class StoreLocation:
    """A parsed store DSN.  ``password`` is kept apart so it never ends up in output."""

    backend: str  # "sqlite" or "postgresql"
    path: str = ""  # sqlite only
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    database: str = ""
    query: str = ""

    def redacted(self) -> str:
        """The DSN with any password replaced, safe for results and logs."""
        if self.backend == "sqlite":
            return "sqlite://" + self.path
        userinfo = self.user + (":********" if self.password else "")
        netloc = (userinfo + "@" if userinfo else "") + self.host + (":%d" % self.port if self.port else "")
        return urlunsplit(("postgresql", netloc, "/" + self.database, self.query, ""))

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
        )
    raise ValidationError(field, "unsupported store DSN scheme %r: use sqlite:///path or postgresql://..." % (parts.scheme,))
