# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of writing rendered files atomically and only on change."""
from __future__ import annotations

import os

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import output_files


def test_sync_creates_directory_writes_and_then_reports_unchanged(tmp_path):
    dest = tmp_path / "a" / "b"
    first = output_files.sync_files(str(dest), {"config_db.json": "{}", "frr.conf": "x\n"})
    assert first["config_db.json"] == {"path": str(dest / "config_db.json"), "changed": True, "before": None}
    assert (dest / "frr.conf").read_text() == "x\n" and oct(os.stat(dest / "frr.conf").st_mode & 0o777) == oct(output_files.FILE_MODE)
    mtime = os.stat(dest / "config_db.json").st_mtime_ns
    second = output_files.sync_files(str(dest), {"config_db.json": "{}", "frr.conf": "y\n"})
    assert second["config_db.json"]["changed"] is False and os.stat(dest / "config_db.json").st_mtime_ns == mtime
    assert second["frr.conf"] == {"path": str(dest / "frr.conf"), "changed": True, "before": "x\n"}
    assert sorted(os.listdir(dest)) == ["config_db.json", "frr.conf"], "temporary files were left behind"


def test_check_mode_writes_nothing(tmp_path):
    dest = tmp_path / "out"
    result = output_files.sync_files(str(dest), {"config_db.json": "{}"}, check_mode=True)
    assert result["config_db.json"]["changed"] is True and not dest.exists()


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "config_db.json"
    target.write_text("old")

    def broken_replace(_src, _dst):
        raise OSError("disk full")

    monkeypatch.setattr(output_files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        output_files.write_atomic(str(target), "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["config_db.json"]
