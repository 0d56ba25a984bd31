# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A throw-away PostgreSQL server for the tests: initdb + pg_ctl as the ``postgres`` user on 127.0.0.1.

PostgreSQL refuses to run as root, so when the tests run as root the server
runs as the ``postgres`` system user (created by Debian's package).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid


def _pg_bin(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/%s" % tool))
    if not candidates:
        raise RuntimeError("PostgreSQL's %s was not found: install the postgresql package" % tool)
    return candidates[-1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """Start with :meth:`start`, get databases with :meth:`create_database`, end with :meth:`stop`."""

    def __init__(self, user: str = "postgres", durable: bool = False):
        self.durable = durable
        self.run_as = user if os.geteuid() == 0 else None
        self.base = tempfile.mkdtemp(prefix="metalfleet-pg-")
        self.data = os.path.join(self.base, "data")
        self.sockets = os.path.join(self.base, "sock")
        self.port = free_port()
        self.superuser = user if self.run_as else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, argv, **kwargs):
        if self.run_as:
            argv = ["runuser", "-u", self.run_as, "--"] + argv
        return subprocess.run(argv, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)

    def start(self) -> "PostgresServer":
        os.makedirs(self.sockets)
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            for path in (self.base, self.sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run([_pg_bin("initdb"), "-D", self.data, "-A", "trust", "-U", self.superuser, "--no-sync", "-E", "UTF8"])
        options = "-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=200" % (self.port, self.sockets)
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off"
        self._options = options
        self._pg_ctl_start()
        return self

    def _pg_ctl_start(self) -> None:
        self._run([_pg_bin("pg_ctl"), "-D", self.data, "-o", self._options, "-l", os.path.join(self.base, "log"), "-w", "start"])

    def halt(self) -> None:
        """Stop the server but keep its data (a store outage); :meth:`resume` starts it again."""
        self._run([_pg_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"])

    def resume(self) -> None:
        self._pg_ctl_start()

    def dsn(self, database: str) -> str:
        return "postgresql://%s@127.0.0.1:%d/%s" % (self.superuser, self.port, database)

    def create_database(self, name: str | None = None) -> str:
        """Create a fresh database and return its DSN."""
        name = name or "fleet_" + uuid.uuid4().hex[:12]
        self._run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.superuser, name])
        return self.dsn(name)

    def create_password_role(self, role: str, password: str, database: str) -> None:
        """A login role that must authenticate with ``password`` (SCRAM) over TCP, owning ``database``.

        The server trusts every other role; a ``pg_hba.conf`` line for this role alone, put first, makes PostgreSQL
        check its password, so tests can see what a wrong one does.
        """
        import psycopg
        from psycopg import sql

        hba = os.path.join(self.data, "pg_hba.conf")
        with open(hba, encoding="utf-8") as handle:
            rules = handle.read()
        with open(hba, "w", encoding="utf-8") as handle:  # rewritten in place: the file keeps its owner
            handle.write("host all %s 127.0.0.1/32 scram-sha-256\n%s" % (role, rules))
        admin = "postgresql://%s@127.0.0.1:%d/postgres" % (self.superuser, self.port)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SET password_encryption = 'scram-sha-256'")
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
            conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), sql.Identifier(role)))
            conn.execute("SELECT pg_reload_conf()")
        # the reload is asynchronous: wait (bounded) until the server asks this role for its password
        for _attempt in range(100):
            try:
                psycopg.connect(host="127.0.0.1", port=self.port, user=role, dbname=database, password="").close()
            except psycopg.OperationalError as exc:
                if "password" in str(exc):
                    return
            time.sleep(0.05)
        raise RuntimeError("PostgreSQL did not start checking the password of role %s" % role)

    def stop(self) -> None:
        try:
            self._run([_pg_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"])
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.base, ignore_errors=True)
