# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API's configuration from environment variables: each problem names the variable."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.config import load_config


@pytest.fixture
def environ(tmp_path):
    secret = tmp_path / "secret.key"
    secret.write_text("a-secret-key-of-enough-length\n")
    (tmp_path / "files").mkdir()
    return {"METALFLEET_STORE": "postgresql://boot:pw%40rd@db.example:5433/fleet", "METALFLEET_SECRET_KEY_FILE": str(secret),
            "METALFLEET_BOOT_PARTITION": "fra-1", "METALFLEET_BOOT_API_URL": "http://10.0.0.1:8080/",
            "METALFLEET_BOOT_FILES_DIR": str(tmp_path / "files")}


def test_a_complete_environment(environ):
    config = load_config(environ)
    assert (config.partition, config.api_url, config.token_ttl) == ("fra-1", "http://10.0.0.1:8080", 3600)
    assert config.store.password == "pw@rd" and config.secret == "a-secret-key-of-enough-length"
    assert "pw@rd" not in repr(config) and "a-secret-key" not in repr(config)


def test_the_separate_store_password_wins(environ):
    environ["METALFLEET_STORE_PASSWORD"] = "other"
    assert load_config(environ).store.password == "other"


@pytest.mark.parametrize("name, value, part", [
    ("METALFLEET_STORE", "", "is required"),
    ("METALFLEET_STORE", "mysql://x/y", "unsupported"),
    ("METALFLEET_SECRET_KEY_FILE", "", "is required"),
    ("METALFLEET_SECRET_KEY_FILE", "/nonexistent/key", "cannot read"),
    ("METALFLEET_BOOT_PARTITION", "", "is required"),
    ("METALFLEET_BOOT_PARTITION", "fra 1", "not a valid partition"),
    ("METALFLEET_BOOT_API_URL", "", "is required"),
    ("METALFLEET_BOOT_API_URL", "ftp://x", "http"),
    ("METALFLEET_BOOT_API_URL", "http://x/?a=b", "http"),
    ("METALFLEET_BOOT_FILES_DIR", "relative/dir", "absolute"),
    ("METALFLEET_BOOT_FILES_DIR", "/nonexistent/dir", "not a directory"),
    ("METALFLEET_BOOT_TOKEN_TTL", "10", "between"),
    ("METALFLEET_BOOT_TOKEN_TTL", "soon", "not a number"),
    ("METALFLEET_BOOT_STORE_TIMEOUT", "0", "between"),
    ("METALFLEET_BOOT_MAX_WAITERS", "-1", "between"),
])
def test_bad_values_name_the_variable(environ, name, value, part):
    environ[name] = value
    with pytest.raises(ValidationError) as info:
        load_config(environ)
    assert info.value.field == name
    assert part in str(info.value)


def test_a_short_secret_is_refused(environ, tmp_path):
    (tmp_path / "secret.key").write_text("short")
    with pytest.raises(ValidationError, match="shorter than 16"):
        load_config(environ)
