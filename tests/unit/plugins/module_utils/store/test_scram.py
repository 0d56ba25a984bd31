# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SCRAM-SHA-256 verifiers: ours match what a real PostgreSQL stores, and what it accepts at login."""
from __future__ import annotations

import psycopg

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store import scram


def _admin(server):
    return psycopg.connect(host="127.0.0.1", port=server.port, user=server.superuser, dbname="postgres", autocommit=True)


def test_a_password_set_by_postgresql_matches_and_another_does_not(postgres_server):
    with _admin(postgres_server) as conn:
        conn.execute("SET password_encryption = 'scram-sha-256'")
        conn.execute("DROP ROLE IF EXISTS scram_probe")
        conn.execute("CREATE ROLE scram_probe LOGIN PASSWORD 'Sesam-Öffne-dich'")
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'scram_probe'").fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$4096:")
    assert scram.matches("Sesam-Öffne-dich", stored)
    assert not scram.matches("Sesam-offne-dich", stored)


def test_a_verifier_we_compute_lets_the_role_log_in(postgres_server):
    secret = scram.verifier("s3cret pass")
    assert scram.matches("s3cret pass", secret) and secret != scram.verifier("s3cret pass")  # fresh salt each time
    with _admin(postgres_server) as conn:
        conn.execute("DROP ROLE IF EXISTS scram_login")
        conn.execute("CREATE ROLE scram_login LOGIN PASSWORD %s" % psycopg.sql.Literal(secret).as_string(conn))
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'scram_login'").fetchone()[0]
    assert stored == secret  # stored as given: the plain password never reached the server
    # logging in with it over scram is what the molecule scenario fleet_store_postgresql verifies (this server trusts)


def test_no_verifier_or_md5_never_matches():
    assert not scram.matches("x", None)
    assert not scram.matches("x", "md5" + "0" * 32)
    assert not scram.matches("x", "SCRAM-SHA-256$broken")
