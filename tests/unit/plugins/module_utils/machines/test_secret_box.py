# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""machines.secret_box: where the key comes from, encryption round trips, wrong keys, no key."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import (
    ENV_SECRET_KEY,
    ENV_SECRET_KEY_FILE,
    MASK,
    SecretBox,
    load_secret,
    mask_bmc_passwords,
    secret_box_from_params,
    secret_key_argument_spec,
)

PASSPHRASE = "a passphrase of sufficient length"
FERNET_KEY = "x" * 43 + "="  # 32 bytes, url-safe base64


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch):
    monkeypatch.delenv(ENV_SECRET_KEY, raising=False)
    monkeypatch.delenv(ENV_SECRET_KEY_FILE, raising=False)


@pytest.mark.parametrize("secret", [PASSPHRASE, FERNET_KEY])
def test_round_trip_without_the_password_in_the_token(secret):
    box = SecretBox(secret)
    token = box.encrypt("Bmc-Passw0rd")
    assert "Bmc-Passw0rd" not in token
    assert box.decrypt(token) == "Bmc-Passw0rd"
    assert SecretBox(secret).decrypt(token) == "Bmc-Passw0rd", "the same key text gives the same key"


def test_tokens_differ_for_the_same_password():
    box = SecretBox(PASSPHRASE)
    assert box.encrypt("same") != box.encrypt("same"), "Fernet tokens carry a random IV"


def test_another_key_cannot_decrypt():
    token = SecretBox(PASSPHRASE).encrypt("secret")
    assert SecretBox(PASSPHRASE + "!").decrypt(token) is None
    assert SecretBox(FERNET_KEY).decrypt(token) is None


def test_nothing_to_decrypt_or_no_key_gives_none():
    assert SecretBox(PASSPHRASE).decrypt("") is None
    assert SecretBox(None).decrypt(SecretBox(PASSPHRASE).encrypt("secret")) is None


def test_refuses_to_encrypt_without_a_key():
    box = SecretBox(None)
    assert not box.has_key
    with pytest.raises(ValidationError) as caught:
        box.encrypt("secret")
    assert caught.value.field == "bmc.password"
    assert ENV_SECRET_KEY in caught.value.reason and ENV_SECRET_KEY_FILE in caught.value.reason


def test_short_passphrase_is_refused():
    with pytest.raises(ValidationError) as caught:
        SecretBox("too-short").encrypt("secret")
    assert caught.value.field == "secret_key" and "16 characters" in caught.value.reason


def test_key_sources_in_order(monkeypatch, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("  from-the-file-0123456789\n", encoding="utf-8")
    assert load_secret() is None
    monkeypatch.setenv(ENV_SECRET_KEY, "from-the-environment")
    assert load_secret() == "from-the-environment"
    monkeypatch.setenv(ENV_SECRET_KEY_FILE, str(key_file))
    assert load_secret() == "from-the-file-0123456789", "a key file wins over the key in the environment"
    assert load_secret(secret_key_file=str(key_file)) == "from-the-file-0123456789"
    assert load_secret(secret_key="from-the-option") == "from-the-option"


def test_unreadable_key_file_names_the_option(tmp_path):
    with pytest.raises(ValidationError) as caught:
        load_secret(secret_key_file=str(tmp_path / "missing"))
    assert caught.value.field == "secret_key_file" and "missing" in caught.value.reason


def test_box_from_module_params(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(PASSPHRASE, encoding="utf-8")
    token = secret_box_from_params({"secret_key": None, "secret_key_file": str(key_file)}).encrypt("pw")
    assert SecretBox(PASSPHRASE).decrypt(token) == "pw"
    assert not secret_box_from_params({"secret_key": None, "secret_key_file": None}).has_key


def test_argument_spec_hides_the_key():
    spec = secret_key_argument_spec()
    assert spec["secret_key"]["no_log"] is True
    assert spec["secret_key_file"]["type"] == "path"


def test_mask_bmc_passwords_in_module_params():
    params = {"id": None, "bmc": None, "secret_key": PASSPHRASE, "machines": [
        {"id": "a", "bmc": {"address": "10.0.0.1", "password": "first"}},
        {"id": "b", "bmc": {"address": "10.0.0.2", "password": None}},
        {"id": "c", "bmc": None}]}
    masked, passwords = mask_bmc_passwords(params)
    assert passwords == {"first"}
    assert masked["machines"][0]["bmc"] == {"address": "10.0.0.1", "password": MASK}
    assert masked["machines"][1:] == params["machines"][1:] and masked["secret_key"] == PASSPHRASE
    assert params["machines"][0]["bmc"]["password"] == "first", "the module still needs the real parameters"
    single, found = mask_bmc_passwords({"id": "a", "bmc": {"password": "pw"}, "machines": None})
    assert single["bmc"]["password"] == MASK and found == {"pw"}
