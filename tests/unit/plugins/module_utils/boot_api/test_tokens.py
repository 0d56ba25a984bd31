# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Agent tokens: HKDF-derived key, machine binding, expiry, tampering."""
from __future__ import annotations

import hashlib
import hmac

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.tokens import (
    TokenAuthority,
    TokenError,
    bearer_token,
    derive_key,
)

MACHINE = "00000000-0000-4000-8000-000000000001"
OTHER = "00000000-0000-4000-8000-000000000002"
NOW = 1_900_000_000


def authority(secret="a-store-secret-of-some-length", ttl=600, now=NOW):
    return TokenAuthority(derive_key(secret), ttl, clock=lambda: now)


def test_key_is_hkdf_of_the_secret_with_the_fixed_info_not_the_secret_itself():
    key = derive_key("a-store-secret-of-some-length")
    assert len(key) == 32
    assert key == derive_key("a-store-secret-of-some-length")
    assert key != derive_key("a-store-secret-of-some-lengtH")
    assert key != hashlib.sha256(b"a-store-secret-of-some-length").digest()
    # RFC 5869 with an all-zero salt, computed by hand: one block of HMAC-SHA256
    prk = hmac.new(b"\0" * 32, b"a-store-secret-of-some-length", hashlib.sha256).digest()
    assert key == hmac.new(prk, b"metalfleet.datacenter boot-api agent token v1\x01", hashlib.sha256).digest()


def test_issued_token_verifies_for_its_machine_until_it_expires():
    issued = authority().issue(MACHINE)
    assert issued["expires_at"] == NOW + 600
    assert issued["token"].startswith("mf1.%s.%d." % (MACHINE, NOW + 600))
    assert authority(now=NOW + 599).verify(issued["token"], MACHINE) == NOW + 600
    with pytest.raises(TokenError, match="expired"):
        authority(now=NOW + 600).verify(issued["token"], MACHINE)


@pytest.mark.parametrize("change, reason", [
    (lambda t: None, "missing"),
    (lambda t: "", "missing"),
    (lambda t: t + "x", "malformed"),
    (lambda t: t.replace("mf1.", "mf2."), "malformed"),
    (lambda t: t.replace(".%d." % (NOW + 600), ".%d." % (NOW + 6000)), "bad signature"),
    (lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), "bad signature"),
    (lambda t: t.replace(MACHINE, OTHER), "bad signature"),
])
def test_refused_tokens_say_why(change, reason):
    token = authority().issue(MACHINE)["token"]
    with pytest.raises(TokenError) as info:
        authority().verify(change(token), MACHINE)
    assert info.value.reason == reason


def test_a_token_of_another_machine_or_another_key_is_refused():
    with pytest.raises(TokenError, match="other machine"):
        authority().verify(authority().issue(OTHER)["token"], MACHINE)
    with pytest.raises(TokenError, match="bad signature"):
        authority().verify(authority(secret="another-store-secret-of-some-length").issue(MACHINE)["token"], MACHINE)


def test_repr_shows_no_key():
    assert "TokenAuthority(ttl=600)" == repr(authority())


@pytest.mark.parametrize("header, token", [
    ("Bearer abc", "abc"), ("bearer  abc ", "abc"), ("Basic abc", None), ("Bearer", None), ("", None), (None, None)])
def test_bearer_token(header, token):
    assert bearer_token(header) == token


def test_phone_home_token_lives_long_and_counts_only_for_phone_home():
    long_lived = TokenAuthority(derive_key("a-store-secret-of-some-length"), 600, clock=lambda: NOW, phone_home_ttl=86400)
    issued = long_lived.issue_phone_home(MACHINE)
    assert issued["expires_at"] == NOW + 86400 and issued["token"].startswith("mfh1.%s." % MACHINE)
    later = TokenAuthority(derive_key("a-store-secret-of-some-length"), 600, clock=lambda: NOW + 3600)
    assert later.verify(issued["token"], MACHINE, phone_home=True) == NOW + 86400
    with pytest.raises(TokenError, match="wrong scope"):
        later.verify(issued["token"], MACHINE)
    with pytest.raises(TokenError, match="other machine"):
        later.verify(issued["token"], OTHER, phone_home=True)
    # the agent's token is good for phone home too; relabelling either kind breaks its signature
    agent = long_lived.issue(MACHINE)["token"]
    assert long_lived.verify(agent, MACHINE, phone_home=True) == NOW + 600
    for relabelled in (agent.replace("mf1.", "mfh1.", 1), issued["token"].replace("mfh1.", "mf1.", 1)):
        with pytest.raises(TokenError, match="bad signature"):
            long_lived.verify(relabelled, MACHINE, phone_home=True)
