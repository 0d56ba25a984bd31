# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deadline and retry plumbing.

These tests use plain Python callables instead of a BMC: "a call that never returns"
and "a call that fails twice then works" cannot be produced on demand by a simulator.
"""
from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.calls import call_with_deadline, call_with_retries
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import (
    BmcAuthenticationError,
    BmcTimeoutError,
    BmcUnreachableError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget


def test_deadline_returns_value_and_propagates_errors():
    assert call_with_deadline(lambda: 42, 1.0, "ipmi://x", "answer") == 42
    with pytest.raises(KeyError):
        call_with_deadline(lambda: {}["missing"], 1.0, "ipmi://x", "lookup")


def test_deadline_stops_waiting_for_a_hung_call():
    release = threading.Event()
    with pytest.raises(BmcTimeoutError) as caught:
        call_with_deadline(lambda: release.wait(30), 0.2, "ipmi://x", "hang")
    release.set()
    assert "hang" in str(caught.value) and caught.value.kind == "timeout"


def test_transient_errors_are_retried_then_succeed():
    target = BmcTarget(host="x", timeout=1, retries=2)
    calls = []

    def flaky():
        calls.append(time.monotonic())
        if len(calls) < 3:
            raise BmcUnreachableError("ipmi://x", "refused")
        return "ok"
    assert call_with_retries(flaky, target, "ipmi://x", "flaky", translate=lambda e: e) == "ok"
    assert len(calls) == 3


def test_authentication_errors_are_not_retried():
    target = BmcTarget(host="x", timeout=1, retries=3)
    calls = []

    def refused():
        calls.append(1)
        raise BmcAuthenticationError("ipmi://x", "bad password")
    with pytest.raises(BmcAuthenticationError):
        call_with_retries(refused, target, "ipmi://x", "login", translate=lambda e: e)
    assert len(calls) == 1


def test_foreign_exceptions_are_translated():
    target = BmcTarget(host="x", timeout=1, retries=0)
    with pytest.raises(BmcUnreachableError, match="translated"):
        call_with_retries(lambda: 1 / 0, target, "ipmi://x", "divide",
                          translate=lambda e: BmcUnreachableError("ipmi://x", f"translated {type(e).__name__}"))
