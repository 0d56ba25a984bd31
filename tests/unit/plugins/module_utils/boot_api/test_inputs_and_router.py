# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Request parameter checks and the router."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api import inputs
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.router import Router
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.wsgi_io import REASON_DETAIL_MAX, HttpError, error_response, status_line


@pytest.mark.parametrize("given", ["52:54:00:AB:cd:01", "52-54-00-ab-cd-01", "525400abcd01", " 52:54:00:ab:cd:01 "])
def test_mac_forms(given):
    assert inputs.mac_address(given) == "52:54:00:ab:cd:01"


@pytest.mark.parametrize("given", ["", None, "52:54:00:ab:cd", "52:54-00:ab:cd:01", "zz:54:00:ab:cd:01", "52:54:00:ab:cd:01:02"])
def test_bad_macs(given):
    with pytest.raises(ValidationError) as info:
        inputs.mac_address(given)
    assert info.value.field == "mac"


def test_uuids():
    assert inputs.machine_uuid("0000000000004000800000000000000A") == "00000000-0000-4000-8000-00000000000a"
    assert inputs.optional_uuid("") is None
    assert inputs.optional_uuid("00000000-0000-0000-0000-000000000000") is None
    assert inputs.optional_uuid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF") is None
    with pytest.raises(ValidationError, match="uuid"):
        inputs.optional_uuid("nope")


@pytest.mark.parametrize("value, result", [(None, 30), ("", 30), ("0", 0), ("60", 60)])
def test_bounded_int(value, result):
    assert inputs.bounded_int(value, "timeout", 30, 0, 60) == result


@pytest.mark.parametrize("value", ["61", "-1", "1.5", "x", "1e3"])
def test_bounded_int_refuses(value):
    with pytest.raises(ValidationError) as info:
        inputs.bounded_int(value, "timeout", 30, 0, 60)
    assert info.value.field == "timeout"


def test_router():
    router = Router()
    router.add("GET", "/v1/machines/{uuid}/events", "events", "list")
    router.add("POST", "/v1/machines/{uuid}/events", "event", "post")
    router.add("GET", "/files/{path:path}", "files", "file")
    assert router.resolve("GET", "/v1/machines/abc/events") == ("events", "list", {"uuid": "abc"})
    assert router.resolve("HEAD", "/v1/machines/abc/events")[0] == "events"
    assert router.resolve("GET", "/files/a/b/c") == ("files", "file", {"path": "a/b/c"})
    with pytest.raises(HttpError) as info:
        router.resolve("DELETE", "/v1/machines/abc/events")
    assert info.value.status == 405 and ("Allow", "GET, HEAD, POST") in info.value.headers
    with pytest.raises(HttpError) as info:
        router.resolve("GET", "/v1/machines/a/b/events")
    assert info.value.status == 404


def test_status_lines_carry_an_errors_message_as_printable_ascii_and_bounded():
    assert status_line(200) == "200 OK"
    assert status_line(400, "report.memory: expected an integer") == "400 Bad Request: report.memory: expected an integer"
    # no CR/LF (response splitting) and nothing outside printable ASCII
    assert status_line(400, "a\r\nX-Injected: 1\u00e9") == "400 Bad Request: a??X-Injected: 1?"
    long_line = status_line(409, "x" * 1000)
    assert long_line == "409 Conflict: " + "x" * (REASON_DETAIL_MAX - 3) + "..."
    assert error_response(HttpError(404, "machine m1 is not registered", "not_found")).reason_detail == "machine m1 is not registered"
