# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Try one connection to the scenario's server and print what happened as JSON (verify asserts on it).

Usage: connect.py HOST PORT DBNAME USER SSLMODE [SSLROOTCERT]; the password comes from PGPASSWORD.
libpq's require_auth makes the client refuse anything but SCRAM-SHA-256.
"""
import json
import sys

import psycopg


def main():
    host, port, dbname, user, sslmode = sys.argv[1:6]
    params = {"host": host, "port": port, "dbname": dbname, "user": user, "sslmode": sslmode,
              "require_auth": "scram-sha-256", "connect_timeout": 5}
    if len(sys.argv) > 6:
        params["sslrootcert"] = sys.argv[6]
    try:
        with psycopg.connect(**params) as conn:
            row = conn.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
            settings = {name: conn.execute("SELECT current_setting(%s)", (name,)).fetchone()[0]
                        for name in ("password_encryption", "ssl", "fsync", "synchronous_commit", "max_connections",
                                     "listen_addresses")}
            print(json.dumps({"ok": True, "ssl": row[0], "tls_version": row[1], "settings": settings}))
    except psycopg.Error as exc:
        print(json.dumps({"ok": False, "error": str(exc).strip()}))


main()
