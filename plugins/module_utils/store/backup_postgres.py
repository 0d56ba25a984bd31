# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Backup and restore of a PostgreSQL store with ``pg_dump -Fc`` and ``pg_restore``.

Private to the metalfleet.datacenter collection; not a public API.

* The tools are looked up so that their major version is at least the
  server's (pg_dump refuses older servers' successors): PostgreSQL's own
  ``/usr/lib/postgresql/<major>/bin`` directories (Debian), ``pg_config
  --bindir`` and ``PATH`` (Debian's ``/usr/bin`` wrappers) are considered, and
  the lowest suitable major version wins.
* The dump and the manifest's row counts and content digest come from one
  snapshot: a REPEATABLE READ transaction exports its snapshot and pg_dump runs
  with ``--snapshot``.
* The roles that own the store's objects are recorded in the manifest. A
  restore runs ``pg_restore --clean --if-exists --single-transaction
  --no-owner --no-privileges``: the restoring role becomes the owner, so on a
  new server only that role has to exist.
* Passwords go to the tools through ``PGPASSWORD``, never on a command line.
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import StoreError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import load_psycopg
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_digest import content_digest, row_counts

FILENAME = "store.pgdump"
ENV_PG_BINDIR = "METALFLEET_PG_BINDIR"
#: libpq connection parameters and the environment variables the tools read them from.
PG_ENV = {"host": "PGHOST", "port": "PGPORT", "dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD",
          "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
          "connect_timeout": "PGCONNECT_TIMEOUT", "application_name": "PGAPPNAME"}


def tool_env(location) -> dict:
    env = dict(os.environ)
    for key, value in location.postgres_conninfo().items():
        if key in PG_ENV:
            env[PG_ENV[key]] = str(value)
    return env


def _major(path: str) -> int | None:
    try:
        output = subprocess.run([path, "--version"], check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(found.group(1)) if found else None


def _candidates(tool: str) -> list:
    paths = []
    if os.environ.get(ENV_PG_BINDIR):
        paths.append(os.path.join(os.environ[ENV_PG_BINDIR], tool))
    paths.extend(sorted(glob.glob("/usr/lib/postgresql/*/bin/%s" % tool)))
    paths.extend(sorted(glob.glob("/usr/pgsql-*/bin/%s" % tool)))
    config = shutil.which("pg_config")
    if config:
        try:
            bindir = subprocess.run([config, "--bindir"], check=True, stdout=subprocess.PIPE, text=True, timeout=30).stdout.strip()
            paths.append(os.path.join(bindir, tool))
        except (OSError, subprocess.SubprocessError):
            pass
    if shutil.which(tool):
        paths.append(shutil.which(tool))
    unique = []
    for path in paths:
        if os.access(path, os.X_OK) and path not in unique:
            unique.append(path)
    return unique


def find_tool(tool: str, server_major: int, newest: bool = False) -> str:
    """The ``tool`` binary whose major version is the lowest one at least ``server_major`` (or the newest one)."""
    found = sorted((major, path) for path in _candidates(tool) for major in [_major(path)] if major is not None)
    suitable = [(major, path) for major, path in found if major >= server_major]
    if not suitable:
        raise StoreError("no %s for PostgreSQL %d or newer was found (found: %s): install the PostgreSQL %d client tools "
                         "or set %s" % (tool, server_major, ", ".join("%s (%d)" % (p, m) for m, p in found) or "none",
                                        server_major, ENV_PG_BINDIR))
    return suitable[-1 if newest else 0][1]


def _connect(location):
    psycopg, dict_row = load_psycopg()
    try:
        return psycopg.connect(autocommit=True, row_factory=dict_row, connect_timeout=10, **location.postgres_conninfo())
    except psycopg.Error as exc:
        raise StoreError("cannot connect to the PostgreSQL store %s: %s" % (location.redacted(), str(exc).strip().splitlines()[0])) from None


def server_major(conn) -> int:
    return int(conn.execute("SHOW server_version_num").fetchone()["server_version_num"]) // 10000


def check_source(location) -> None:
    conn = _connect(location)
    try:
        find_tool("pg_dump", server_major(conn))
    finally:
        conn.close()


def _run(argv, env, what: str) -> None:
    try:
        process = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    except OSError as exc:
        raise StoreError("cannot run %s: %s" % (argv[0], exc.strerror)) from None
    if process.returncode != 0:
        lines = [line for line in process.stdout.strip().splitlines() if line.strip()]
        raise StoreError("%s failed (exit %d): %s" % (what, process.returncode, " | ".join(lines[-3:]) or "no output"))


def _owner_roles(query) -> list:
    rows = query("SELECT DISTINCT pg_get_userbyid(c.relowner) AS role FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                 " WHERE n.nspname = current_schema() UNION SELECT pg_get_userbyid(datdba) FROM pg_database"
                 " WHERE datname = current_database()")
    return sorted(row["role"] for row in rows)


def dump(location, target: str) -> dict:
    """``pg_dump -Fc`` of one snapshot to ``target``, described from the same snapshot."""
    conn = _connect(location)
    try:
        pg_dump = find_tool("pg_dump", server_major(conn))
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot() AS id").fetchone()["id"]

        def query(sql):
            return list(conn.execute(sql.replace("%", "%%")).fetchall())
        version = query("SELECT value FROM store_meta WHERE key = 'schema_version'") if query(
            "SELECT to_regclass('store_meta') AS t")[0]["t"] else []
        description = {"schema_version": int(version[0]["value"]) if version else 0, "counts": row_counts(query),
                       "content_digest": content_digest(query, "postgresql"), "roles": _owner_roles(query)}
        _run([pg_dump, "--format=custom", "--snapshot=" + snapshot, "--file=" + target, "--no-password"],
             tool_env(location), "pg_dump of %s" % location.redacted())
        conn.execute("COMMIT")
    finally:
        conn.close()
    os.chmod(target, 0o600)
    verify(target, "the new backup")
    return dict(description, tool="pg_dump %d" % (_major(pg_dump) or 0))


def verify(path: str, version: str) -> None:
    """The archive must be readable by pg_restore (its table of contents is listed)."""
    pg_restore = find_tool("pg_restore", 0, newest=True)
    try:
        _run([pg_restore, "--list", path], dict(os.environ), "pg_restore --list")
    except StoreError as exc:
        raise ValidationError("version", "backup %s is not a readable pg_dump archive (%s); nothing was restored" % (version, exc)) from None


def restore(location, path: str) -> None:
    conn = _connect(location)
    try:
        pg_restore = find_tool("pg_restore", server_major(conn))
    finally:
        conn.close()
    _run([pg_restore, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
          "--no-password", "--dbname", location.postgres_conninfo()["dbname"], path],
         tool_env(location), "pg_restore into %s" % location.redacted())
