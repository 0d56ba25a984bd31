# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Result shaping of BMC module runs over many targets."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.bmc_module import bmc_module_spec, bulk_result, describe_failure


def entry(target, ok=True, changed=False, kind=None):
    return {"target": target, "ok": ok, "changed": changed, "error": None if ok else f"ipmi://{target}: gone",
            "error_kind": kind, "elapsed": 0.1}


def test_all_ok_is_not_a_failure():
    result = bulk_result([entry("a", changed=True), entry("b")], fail_on_target_error=True, elapsed=0.2)
    assert result["changed"] is True and "failed" not in result and result["failed_targets"] == []
    assert result["summary"] == {"targets": 2, "ok": 2, "failed": 0, "changed": 1}


def test_a_failed_target_fails_the_task_with_its_kind_unless_told_otherwise():
    entries = [entry("a"), entry("b", ok=False, kind="timeout")]
    result = bulk_result(entries, fail_on_target_error=True, elapsed=2.2)
    assert result["failed"] is True and result["error"] == "timeout"
    assert result["msg"] == "1 of 2 targets failed; first: b: BMC timeout: ipmi://b: gone"
    lenient = bulk_result(entries, fail_on_target_error=False, elapsed=2.2)
    assert "failed" not in lenient and lenient["failed_targets"] == ["b"]


def test_mixed_kinds():
    result = bulk_result([entry("a", ok=False, kind="timeout"), entry("b", ok=False, kind="authentication")], True, 1.0)
    assert result["error"] == "mixed"


def test_describe_failure_names_the_kind():
    assert describe_failure("authentication", "x") == "authentication failed: x"
    assert describe_failure("something_new", "x") == "something_new: x"


def test_module_spec_has_one_way_to_name_targets():
    spec = bmc_module_spec({"state": {"type": "str"}})
    assert spec["mutually_exclusive"] == [["bmc_host", "machine", "targets"]] == spec["required_one_of"]
    assert {"store", "secret_key", "bmc_host", "state"} <= set(spec["argument_spec"]) and spec["supports_check_mode"]
