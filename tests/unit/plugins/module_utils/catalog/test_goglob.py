# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the Go filepath.Match port (goglob)."""
from __future__ import annotations

import fnmatch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.goglob import (
    BadPatternError,
    compile_glob,
    escape_glob,
    glob_match,
    is_valid_glob,
)

# (pattern, name, expected) taken from the behaviour of Go's path/filepath.Match on Unix.
GO_CASES = [
    ("abc", "abc", True),
    ("*", "abc", True),
    ("*c", "abc", True),
    ("a*", "a", True),
    ("a*", "abc", True),
    ("a*", "ab/c", False),
    ("a*/b", "abc/b", True),
    ("a*/b", "a/c/b", False),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", True),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/f", True),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", False),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", False),
    ("a*b?c*x", "abxbbxdbxebxczzx", True),
    ("a*b?c*x", "abxbbxdbxebxczzy", False),
    ("ab[c]", "abc", True),
    ("ab[b-d]", "abc", True),
    ("ab[e-g]", "abc", False),
    ("ab[^c]", "abc", False),
    ("ab[^b-d]", "abc", False),
    ("ab[^e-g]", "abc", True),
    ("a\\*b", "a*b", True),
    ("a\\*b", "ab", False),
    ("a?b", "a☺b", True),
    ("a[^a]b", "a☺b", True),
    ("a???b", "a☺b", False),
    ("[a-ζ]*", "α", True),
    ("*[a-ζ]", "A", False),
    ("a?b", "a/b", False),
    ("a*b", "a/b", False),
    ("[\\]a]", "]", True),
    ("[\\-]", "-", True),
    ("[x\\-]", "x", True),
    ("[x\\-]", "-", True),
    ("[x\\-]", "z", False),
    ("[\\-x]", "x", True),
    ("[\\-x]", "-", True),
    ("[\\-x]", "a", False),
    ("*x", "xxx", True),
    ("/dev/*", "/dev/sda", True),
    ("*", "/dev/sda", False),
    ("", "", True),
    ("", "a", False),
    ("[/]", "/", True),
    ("AD102GL*", "AD102GL [RTX 6000 Ada Generation]", True),
    ("AD102GL [RTX 6000 Ada Generation]", "AD102GL [RTX 6000 Ada Generation]", False),
]

BAD_PATTERNS = ["[", "[]", "][", "[^", "[^bc", "a[", "a\\", "[a-", "[a-]", "[-]", "[x-]", "[\\", "*[", "a*[", "ab[^]", "[a-b-c]"]


@pytest.mark.parametrize("pattern, name, expected", GO_CASES)
def test_matches_like_go(pattern, name, expected):
    assert glob_match(pattern, name) is expected


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_malformed_patterns_are_errors_for_any_name(pattern):
    assert not is_valid_glob(pattern)
    for name in ("", "a", "x/y", "zzz"):
        with pytest.raises(BadPatternError) as info:
            glob_match(pattern, name)
        assert info.value.message == "syntax error in pattern"


def test_bad_tail_is_reported_after_an_early_mismatch():
    # Go validates the rest of the pattern even when the first chunk already failed.
    with pytest.raises(BadPatternError):
        glob_match("x*[", "abc")


def test_compiled_patterns_are_cached():
    assert compile_glob("/dev/nvme*") is compile_glob("/dev/nvme*")


def test_greedy_chunks_follow_go_not_regex():
    # A regex translation would match by letting the first star eat "a"; Go places the
    # class chunk at its leftmost position and fails.
    assert glob_match("*[a/][/x]*c", "a//c") is False


@given(st.text(alphabet="ab*?[]^\\-/x☺", max_size=12))
@settings(max_examples=300, deadline=None)
def test_escaped_text_matches_itself_only(text):
    pattern = escape_glob(text)
    assert glob_match(pattern, text)
    assert not glob_match(pattern, text + "q")


_PIECES = st.sampled_from(["a", "b", "c", "*", "?", "[ab]", "[a-c]", "[bc]"])


@given(st.lists(_PIECES, max_size=8).map("".join), st.text(alphabet="abc", max_size=10))
@settings(max_examples=400, deadline=None)
def test_agrees_with_fnmatch_without_separators(pattern, name):
    """Without '/' in the name and without Go-only syntax both dialects mean the same."""
    assert glob_match(pattern, name) == fnmatch.fnmatchcase(name, pattern)


@given(st.lists(_PIECES, max_size=8).map("".join), st.text(alphabet="abc/", max_size=10))
@settings(max_examples=300, deadline=None)
def test_go_is_stricter_than_fnmatch_with_separators(pattern, name):
    """'*' and '?' never match '/' in Go, so every Go match is also an fnmatch match."""
    if glob_match(pattern, name):
        assert fnmatch.fnmatchcase(name, pattern)
