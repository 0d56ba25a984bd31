# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ValidationError.joined: several problems reported at once, like Go's errors.Join."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError, raise_joined
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import fail_from_error


def test_one_field_keeps_the_field_and_joins_reasons_with_newlines():
    error = ValidationError.joined([ValidationError("prefixes", "a"), ValidationError("prefixes", "b")])
    assert (error.field, error.fields, error.reason, str(error)) == ("prefixes", ["prefixes"], "a\nb", "prefixes: a\nb")


def test_several_fields_name_the_first_and_list_all():
    error = ValidationError.joined([ValidationError("a", "x"), ValidationError("b", "y"), ValidationError("a", "z")])
    assert error.field == "a" and error.fields == ["a", "b"]
    assert error.reason == "x\ny\nz" and str(error) == "a: x\nb: y\na: z"


def test_none_and_one():
    single = ValidationError("f", "m")
    assert ValidationError.joined([]) is None and ValidationError.joined([single]) is single
    raise_joined([])
    with pytest.raises(ValidationError) as raised:
        raise_joined([single])
    assert raised.value is single


class _Module:
    def fail_json(self, **kwargs):
        self.failed = kwargs


def test_runner_returns_field_and_all_fields():
    module = _Module()
    fail_from_error(module, ValidationError.joined([ValidationError("a", "x"), ValidationError("b", "y")]))
    assert module.failed == {"msg": "a: x\nb: y", "error": "validation", "field": "a", "fields": ["a", "b"]}
    fail_from_error(module, ValidationError("a", "x"))
    assert module.failed == {"msg": "a: x", "error": "validation", "field": "a"}
