# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shared bounds of names, texts and numbers (``_common.limits``), at their boundaries."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

INT64_MAX = 2 ** 63 - 1


def refused(check, *args, field="f"):
    with pytest.raises(ValidationError) as error:
        check(*args)
    assert error.value.field == field
    return error.value.reason


# -- identifiers -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["internet-fra-equ01", "tenant-super-network-fra-equ01", "c1-xlarge-x86", "fra-equ01",
                                   "6f1f5a52-4a8e-4d0c-9b8e-6d2a3c0e9a11", "rack_1", "a", "r01.row3", "x" * 128])
def test_real_world_identifiers_pass(value):
    assert limits.check_identifier(value, "f") == value


@pytest.mark.parametrize("value, part", [
    ("x" * 129, "129 characters long; at most 128"),
    ("", "must not be empty"),
    ("a\nb", "U+000A"),
    ("a\x00b", "U+0000"),
    ("a\tb", "U+0009"),
    ("a b", "not a valid name"),
    ("-lead", "not a valid name"),
    ("grüße", "ASCII only"),
    ("a/b", "not a valid name"),
])
def test_bad_identifiers_are_refused_naming_the_field(value, part):
    assert part in refused(limits.check_identifier, value, "f")


def test_a_ten_megabyte_name_is_refused_without_echoing_it():
    reason = refused(limits.check_identifier, "a" * 10 * 1024 * 1024, "f")
    assert reason == "is 10485760 characters long; at most 128 are allowed"


def test_extra_characters_and_optional_identifiers():
    assert limits.check_identifier("a:b", "f", extra=":") == "a:b"
    assert limits.check_optional_identifier(None, "f") is None
    assert limits.check_optional_identifier("", "f") == ""
    refused(limits.check_identifier, 12, "f")


# -- host names and hosts ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["web-1", "web-1.shop.example.com", "a", "1web", "x" * 63, ".".join(["a" * 63] * 3) + "." + "b" * 61])
def test_rfc1123_hostnames_pass(value):
    assert len(value) <= 253
    assert limits.check_hostname(value, "f") == value


@pytest.mark.parametrize("value, part", [
    ("x" * 64, "not a valid host name"),
    (".".join(["a" * 63] * 4), "255 characters long; at most 253"),
    ("-web", "not a valid host name"),
    ("web-", "not a valid host name"),
    ("web_1", "not a valid host name"),
    ("web..1", "not a valid host name"),
    ("web.", "not a valid host name"),
    ("web\n1", "U+000A"),
    ("wéb", "not a valid host name"),
])
def test_bad_hostnames_are_refused(value, part):
    assert part in refused(limits.check_hostname, value, "f")


def test_hosts_are_addresses_or_hostnames():
    assert limits.check_host("10.1.0.17", "f") == "10.1.0.17"
    assert limits.check_host("FD00:0::5", "f") == "fd00::5"
    assert limits.check_host("bmc-1.mgmt.example.", "f") == "bmc-1.mgmt.example."
    assert "neither an IP address nor a host name" in refused(limits.check_host, "not a host!", "f")
    assert "at most 253" in refused(limits.check_host, "a" * 254, "f")
    refused(limits.check_host, None, "f")


# -- free text ---------------------------------------------------------------------------------------------------
def test_text_allows_unicode_but_no_control_characters():
    assert limits.check_name("Größe L – 2×GPU", "f") == "Größe L – 2×GPU"
    assert limits.check_name("x" * 128, "f")
    assert "129 characters" in refused(limits.check_name, "x" * 129, "f")
    for bad in ("a\nb", "a\x00", "a\x7f", "a\u2028b", "a\ud800b", "a\rb"):
        assert "control character" in refused(limits.check_name, bad, "f")


def test_descriptions_may_span_lines_but_hold_no_other_control_characters():
    assert limits.check_description("line one\nline two\r\n\tindented", "f")
    assert limits.check_description("x" * 1024, "f")
    assert "1025 characters" in refused(limits.check_description, "x" * 1025, "f")
    assert "U+0000" in refused(limits.check_description, "a\x00b", "f")
    assert "U+001B" in refused(limits.check_description, "a\x1b[31m", "f")


def test_tags_labels_and_lists():
    assert limits.check_tags(["machine.metal-stack.io/id=1", "web"]) == ["machine.metal-stack.io/id=1", "web"]
    with pytest.raises(ValidationError) as error:
        limits.check_tags(["ok", "bad\ntag"])
    assert error.value.field == "tags[1]"
    with pytest.raises(ValidationError, match="at most 256"):
        limits.check_tags(["t"] * 257)
    with pytest.raises(ValidationError, match="must not be empty"):
        limits.check_tags([""])
    assert limits.check_labels({"a": "b", "n": 3}) == {"a": "b", "n": 3}
    with pytest.raises(ValidationError) as error:
        limits.check_labels({"k": "v" * 257})
    assert error.value.field == "labels.k"
    with pytest.raises(ValidationError, match="string value"):
        limits.check_labels({"k": {"nested": 1}})


# -- integers ----------------------------------------------------------------------------------------------------
def test_int64_boundary():
    assert limits.check_int(INT64_MAX, "f", *limits.COUNT_RANGE) == INT64_MAX
    assert refused(limits.check_int, INT64_MAX + 1, "f", *limits.COUNT_RANGE) == \
        "9223372036854775808 is out of range 0..9223372036854775807"
    assert "out of range" in refused(limits.check_int, -1, "f", *limits.COUNT_RANGE)


@pytest.mark.parametrize("bounds, low, high", [
    (limits.VRF_RANGE, 1, 16777215), (limits.ASN_RANGE, 1, 4294967295), (limits.PORT_RANGE, 1, 65535),
    (limits.AMOUNT_RANGE, 1, 2147483647), (limits.BYTES_RANGE, 0, INT64_MAX),
])
def test_ranges_are_inclusive(bounds, low, high):
    assert bounds == (low, high)
    assert limits.check_int(low, "f", *bounds) == low and limits.check_int(high, "f", *bounds) == high
    refused(limits.check_int, low - 1, "f", *bounds)
    refused(limits.check_int, high + 1, "f", *bounds)


@pytest.mark.parametrize("value", [True, 1.5, "1.5", "²", "one", None, [1], "9" * 30])
def test_non_integers_are_refused(value):
    assert "not an integer" in refused(limits.check_int, value, "f", 0, INT64_MAX)


def test_digit_strings_are_numbers_and_huge_ones_are_not_printed():
    assert limits.check_int(" 42 ", "f", 1, 100) == 42
    reason = refused(limits.check_int, 10 ** 5000, "f", 0, INT64_MAX)
    assert reason == "a number of more than 20 digits is out of range 0..9223372036854775807"
    assert limits.check_optional_int(None, "f", limits.VRF_RANGE) is None
    assert refused(limits.check_int, 0, "vrf", *limits.VRF_RANGE, "VRF", field="vrf") == "VRF 0 is out of range 1..16777215"
