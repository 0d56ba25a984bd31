# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import (
    default_sqlite_path,
    dsn_secrets,
    parse_location,
    redact_dsn,
)


def test_sqlite_dsn():
    location = parse_location("sqlite:///var/lib/fleet/fleet.db")
    assert (location.backend, location.path) == ("sqlite", "/var/lib/fleet/fleet.db")
    assert location.redacted() == "sqlite:///var/lib/fleet/fleet.db"


def test_default_path_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_sqlite_path() == str(tmp_path / "metalfleet" / "fleet.db")
    assert parse_location(None).path == str(tmp_path / "metalfleet" / "fleet.db")


def test_postgres_dsn_keeps_password_out_of_redacted_form():
    location = parse_location("postgresql://fleet:s%40cret@db.example:6543/fleet?sslmode=require")
    assert (location.host, location.port, location.user, location.password, location.database) == (
        "db.example", 6543, "fleet", "s@cret", "fleet")
    assert "s@cret" not in location.redacted() and "********" in location.redacted()
    assert location.postgres_conninfo()["sslmode"] == "require"


def test_separate_password_overrides_the_dsn():
    assert parse_location("postgres://fleet:old@h/db", password="new").password == "new"


@pytest.mark.parametrize("dsn,message", [
    ("sqlite://relative.db", "absolute path"),
    ("sqlite:relative.db", "absolute path"),
    ("postgresql://h:5432", "must name a database"),
    ("postgresql://h:notaport/db", "invalid port"),
    ("mysql://h/db", "unsupported store DSN scheme"),
])
def test_bad_dsns_name_the_option(dsn, message):
    with pytest.raises(ValidationError) as raised:
        parse_location(dsn)
    assert raised.value.field == "store" and message in str(raised.value)


# -- passwords that need percent-encoding ------------------------------------------------------------------------
PASSWORD = "p@ss/w%rd:1 #x"
ENCODED = "p%40ss%2Fw%25rd%3A1%20%23x"


def test_percent_encoded_password_is_decoded_for_use_and_redacted_for_show():
    dsn = "postgresql://fleet:%s@db.example:6543/fleet?sslmode=require" % ENCODED
    location = parse_location(dsn)
    assert location.password == PASSWORD
    assert location.redacted() == "postgresql://fleet:********@db.example:6543/fleet?sslmode=require"
    assert redact_dsn(dsn) == "postgresql://fleet:********@db.example:6543/fleet?sslmode=require"
    assert PASSWORD not in repr(location) and ENCODED not in repr(location)


def test_every_form_of_the_password_is_a_secret():
    secrets = dsn_secrets("postgresql://fleet:%s@h/db" % ENCODED, "sep@rate pw")
    assert {PASSWORD, ENCODED, ENCODED.lower(), "p%40ss%2Fw%25rd%3A1+%23x", "sep@rate pw", "sep%40rate%20pw"} <= secrets
    # as typed: escapes in either case, characters left unencoded where the DSN allows them
    assert "p%40ss:x" in dsn_secrets("postgresql://fleet:p%40ss:x@h/db")
    assert "p%2fw" in dsn_secrets("postgresql://fleet:p%2fw@h/db")


def test_password_in_the_query_is_a_secret_and_redacted():
    dsn = "postgresql://fleet@h/db?sslmode=require&password=%s&sslpassword=k%%23ey" % ENCODED
    location = parse_location(dsn)
    assert location.postgres_conninfo()["password"] == PASSWORD
    assert {PASSWORD, ENCODED, "k#ey", "k%23ey"} <= dsn_secrets(dsn)
    assert location.redacted() == "postgresql://fleet@h:5432/db?sslmode=require&password=********&sslpassword=********"
    assert redact_dsn(dsn) == "postgresql://fleet@h/db?sslmode=require&password=********&sslpassword=********"


def test_scrub_removes_every_form_from_a_message():
    location = parse_location("postgresql://fleet:%s@h/db" % ENCODED, password="other'pw\\")
    message = "bad: %s / %s / %s / other\\'pw\\\\ / other%%27pw%%5C" % (PASSWORD, ENCODED, ENCODED.lower())
    assert location.scrub(message) == "bad: ******** / ******** / ******** / ******** / ********"


@pytest.mark.parametrize("dsn", [
    "postgresql://fleet:%s@h:5432/db" % PASSWORD,  # '@', '/', '%', '#' unencoded
    "postgresql://fleet:pa?ss@h/db",
    "postgresql://fleet:100%@h/db",
    "postgres://fleet:a#b@h/db",
])
def test_unencoded_passwords_are_refused_and_hidden_whole(dsn):
    with pytest.raises(ValidationError) as raised:
        parse_location(dsn)
    assert raised.value.field == "store" and "percent-encode" in str(raised.value)
    password = dsn.split("fleet:", 1)[1].rsplit("@", 1)[0]
    assert password not in str(raised.value)
    assert password in dsn_secrets(dsn), "the most the password can be is a secret"
    assert redact_dsn(dsn) == dsn.split("://")[0] + "://********@" + dsn.rsplit("@", 1)[1]


def test_dsns_without_secrets_are_shown_as_given():
    for dsn in ("sqlite:///srv/a@b:c#d.db", "postgresql://fleet@h/db", "postgresql://h/db?sslmode=require", "", None):
        assert redact_dsn(dsn) == dsn
        assert dsn_secrets(dsn) == frozenset()
