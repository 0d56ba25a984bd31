# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of byte size parsing and formatting."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.units import (
    format_bytes,
    humanize_bytes,
    parse_bytes,
)


@pytest.mark.parametrize("text, expected", [
    (0, 0),
    (1024, 1024),
    ("1024", 1024),
    ("512B", 512),
    ("800GB", 800 * 10 ** 9),
    ("800 GB", 800 * 10 ** 9),
    ("800gb", 800 * 10 ** 9),
    ("1kB", 1000),
    ("1KB", 1000),
    ("745GiB", 745 * 2 ** 30),
    ("1.5TiB", 3 * 2 ** 39),
    ("1.92 TB", 1920 * 10 ** 9),
    ("2Pi", 2 * 2 ** 50),
    ("3M", 3 * 10 ** 6),
    (" 7 MiB ", 7 * 2 ** 20),
    (2.0, 2),
])
def test_parse_bytes(text, expected):
    assert parse_bytes(text) == expected


@pytest.mark.parametrize("value, fragment", [
    (True, "boolean"),
    (-1, "negative"),
    ("-1GB", "expected a number"),
    ("1.5B", "whole number"),
    ("0.1KiB", "whole number"),
    ("12 parsecs", "unknown unit"),
    ("GB", "expected a number"),
    ("", "expected a number"),
    (None, "expected an integer or a string"),
    (1.5, "whole number"),
    ([1], "expected an integer or a string"),
])
def test_parse_bytes_refuses_junk_and_names_field_and_value(value, fragment):
    with pytest.raises(ValidationError) as info:
        parse_bytes(value, "constraints[1].min")
    assert info.value.field == "constraints[1].min"
    assert fragment in info.value.message
    assert repr(value) in info.value.message


@pytest.mark.parametrize("count, text", [
    (0, "0B"),
    (1234, "1234B"),
    (1000, "1kB"),
    (1024, "1KiB"),
    (800 * 10 ** 9, "800GB"),
    (745 * 2 ** 30, "745GiB"),
    (1024000, "1000KiB"),
    (3 * 2 ** 39, "1536GiB"),
])
def test_format_bytes_is_exact(count, text):
    assert format_bytes(count) == text


def test_format_bytes_refuses_negative():
    with pytest.raises(ValidationError):
        format_bytes(-5)


@pytest.mark.parametrize("count, text", [(5, "5 B"), (1025, "1.0 kB"), (1069838336, "1.1 GB"), (3000, "3.0 kB"), (82854982, "83 MB")])
def test_humanize_bytes_like_go_humanize(count, text):
    assert humanize_bytes(count) == text


@given(st.integers(min_value=0, max_value=2 ** 63 - 1))
def test_format_then_parse_round_trips(count):
    assert parse_bytes(format_bytes(count)) == count


@given(st.integers(min_value=2 ** 63, max_value=2 ** 70))
def test_more_than_the_store_holds_is_refused(count):
    with pytest.raises(ValidationError, match="at most 9223372036854775807 bytes"):
        parse_bytes(format_bytes(count))


def test_the_largest_storable_size():
    assert parse_bytes("9223372036854775807") == 2 ** 63 - 1
    with pytest.raises(ValidationError, match="8 EiB"):
        parse_bytes("8EiB")
    with pytest.raises(ValidationError, match=r"\(100 characters\)"):
        parse_bytes("1" * 100)


@given(st.integers(min_value=0, max_value=8000), st.sampled_from(["k", "M", "G", "T", "P"]))
def test_decimal_and_binary_units_differ_by_base(amount, prefix):
    power = "kMGTP".index(prefix) + 1
    assert parse_bytes(f"{amount}{prefix}B") == amount * 1000 ** power
    assert parse_bytes(f"{amount}{prefix.upper()}iB") == amount * 1024 ** power


@given(st.integers(min_value=0, max_value=10 ** 6), st.integers(min_value=1, max_value=9))
def test_fractions_of_binary_units(whole, tenths):
    text = f"{whole}.{tenths}KiB"
    exact = whole * 1024 + tenths * 1024 / 10
    if exact == int(exact):
        assert parse_bytes(text) == int(exact)
    else:
        with pytest.raises(ValidationError):
            parse_bytes(text)
