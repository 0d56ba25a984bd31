# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.list_form import validated_entries

ENTRY = {
    "id": {"type": "str"},
    "bmc": {"type": "dict", "options": {"port": {"type": "int"}, "password": {"type": "str", "no_log": True}}},
    "networks": {"type": "list", "elements": "dict", "options": {"network": {"type": "str", "required": True}}},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
}


def test_entries_get_the_single_forms_conversions_and_defaults():
    secrets = set()
    entries = validated_entries([{"id": "a", "bmc": {"port": "623", "password": "s3cret"}}, {"id": "b", "state": "absent"}],
                                ENTRY, "machines", secrets)
    assert entries[0] == {"id": "a", "bmc": {"port": 623, "password": "s3cret"}, "networks": None, "state": "present"}
    assert entries[1]["state"] == "absent" and entries[1]["bmc"] is None
    assert secrets == {"s3cret"}, "no_log sub-options are reported so the module can scrub them"


@pytest.mark.parametrize("entries, index, text", [
    ([{"id": "a"}, {"id": "b", "rak": "x"}], 1, "unsupported option rak"),
    ([{"id": "a", "bmc": {"port": "ipmi"}}], 0, "unable to convert to int"),
    ([{"id": "a", "state": "gone"}], 0, "state must be one of: present, absent"),
    ([{"id": "a", "networks": [{}]}], 0, "network"),
    ([{"id": "a"}, "b"], 1, "expected a mapping of options"),
])
def test_bad_entries_are_named(entries, index, text):
    with pytest.raises(ValidationError) as caught:
        validated_entries(entries, ENTRY, "machines", set())
    assert caught.value.field == "machines[%d]" % index and text in caught.value.reason


def test_secrets_of_a_failing_entry_are_still_reported():
    secrets = set()
    with pytest.raises(ValidationError):
        validated_entries([{"id": "a", "bmc": {"port": "ipmi", "password": "s3cret"}}], ENTRY, "machines", secrets)
    assert secrets == {"s3cret"}, "the module must scrub the password from the failure it reports"
