# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Range parsing and path resolution of /files (the HTTP side is in tests/integration/test_boot_api.py)."""
from __future__ import annotations

import os

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.files import parse_range, resolve
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.wsgi_io import HttpError


@pytest.mark.parametrize("header, span", [
    (None, None), ("", None), ("bytes=0-9", (0, 9)), ("bytes=5-", (5, 99)), ("bytes=-10", (90, 99)), ("bytes=-1000", (0, 99)),
    ("bytes=90-1000", (90, 99)), ("bytes=9-5", None), ("bytes=0-1,4-5", None), ("items=0-1", None), ("bytes=-", None),
    ("bytes = 0-9", (0, 9)),
])
def test_single_ranges(header, span):
    assert parse_range(header, 100) == span


@pytest.mark.parametrize("header, size", [("bytes=100-", 100), ("bytes=200-300", 100), ("bytes=-0", 100), ("bytes=0-", 0),
                                          ("bytes=-5", 0)])
def test_unsatisfiable_ranges_are_416_with_the_size(header, size):
    with pytest.raises(HttpError) as info:
        parse_range(header, size)
    assert info.value.status == 416
    assert ("Content-Range", "bytes */%d" % size) in info.value.headers


def test_resolve_stays_inside_the_directory(tmp_path):
    root = tmp_path / "files"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "kernel").write_bytes(b"k")
    (tmp_path / "secret").write_text("s")
    os.symlink(str(tmp_path / "secret"), str(root / "link"))
    os.symlink(str(root / "sub" / "kernel"), str(root / "inside-link"))
    real = os.path.realpath(str(root))
    assert resolve(real, "sub/kernel") == os.path.join(real, "sub", "kernel")
    assert resolve(real, "inside-link") == os.path.join(real, "sub", "kernel")
    for bad in ("../secret", "sub/../../secret", "link", "sub", "", "sub//kernel", "./sub/kernel", "sub\\kernel", "a\x00b",
                "/etc/passwd"):
        with pytest.raises(HttpError) as info:
            resolve(real, bad)
        assert info.value.status == 404, bad
