# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the Masterminds-compatible semver port."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.semver import (
    InvalidVersionError,
    has_leading_zeros,
    parse_constraint,
    parse_version,
    try_parse_version,
)


@pytest.mark.parametrize("text, normalised", [
    ("1", "1.0.0"), ("19.4", "19.4.0"), ("v1.2.3", "1.2.3"), ("24.04", "24.4.0"), ("1.2.3-rc.1+b5", "1.2.3-rc.1+b5"),
    ("20.4.20200502", "20.4.20200502"),
])
def test_parse_version_normalises(text, normalised):
    assert str(parse_version(text)) == normalised


@pytest.mark.parametrize("text", ["", "x", "1.2.3.4", "1..2", "1.2.3-01", "1.2.3-", "-1", "99999999999999999999999"])
def test_parse_version_refuses(text):
    with pytest.raises(InvalidVersionError):
        parse_version(text)
    assert try_parse_version(text) is None


def test_ordering():
    ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.10.0"]
    versions = [parse_version(text) for text in ordered]
    assert sorted(reversed(versions)) == versions
    assert parse_version("1.0.0+a") == parse_version("1.0.0+b")


def test_leading_zeros_are_detected():
    assert has_leading_zeros("24.04.20250228")
    assert has_leading_zeros("v01")
    assert not has_leading_zeros("24.4.20250228")
    assert not has_leading_zeros("garbage")


@pytest.mark.parametrize("constraint, version, satisfied", [
    ("~1", "1.99.99", True), ("~1", "2.0.0", False), ("~24.4.0", "24.4.9", True), ("~24.4.0", "24.5.0", False),
    ("~24.0.0", "24.4.1", False), ("=20.4.20200502", "20.4.20200502", True), ("=20.4.2020", "20.4.20200502", False),
    (">= 2.0.20211001", "2.0.20201101", False), (">= 2.0.20211001", "2.0.20211101", True),
    ("^1.2.3", "1.9.0", True), ("^1.2.3", "2.0.0", False), ("^0.2.3", "0.2.9", True), ("^0.2.3", "0.3.0", False),
    ("^0.0.3", "0.0.4", False), ("1.2 - 1.4.5", "1.4.5", True), ("1.2 - 1.4.5", "1.4.6", False),
    (">1.x", "1.9.0", False), (">1.x", "2.0.0", True), ("<=1.2.x", "1.2.9", True), ("<=1.2.x", "1.3.0", False),
    ("*", "1.0.0", True), ("*", "1.0.0-beta", False), (">=1.0.0-0", "1.0.0-beta", True), ("!=1.0.0", "1.0.1-b", True),
    ("!=1.x", "1.5.0", False), (">=1.0, <2", "1.5.0", True), (">=1.0 <2 || 3.x", "3.2.0", True), ("<1.0.0", "0.9.9", True),
    ("2.1", "2.1.7", True), ("2.1", "2.2.0", False),
])
def test_constraints(constraint, version, satisfied):
    assert parse_constraint(constraint).check(parse_version(version)) is satisfied


@pytest.mark.parametrize("text", ["", "% 2", ">=abc", "1.2.3.4", "~>"])
def test_bad_constraints(text):
    with pytest.raises(InvalidVersionError):
        parse_constraint(text)


def test_constraint_text_is_normalised_like_masterminds():
    assert str(parse_constraint(">= 2.0.20211001")) == ">=2.0.20211001"
    assert str(parse_constraint(">=1, <2 || ~3")) == ">=1 <2 || ~3"
