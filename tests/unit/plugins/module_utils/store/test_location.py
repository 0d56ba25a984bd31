# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import default_sqlite_path, parse_location


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
