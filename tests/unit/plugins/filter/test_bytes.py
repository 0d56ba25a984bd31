# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the metalfleet.datacenter.bytes filter."""
from __future__ import annotations

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.metalfleet.datacenter.plugins.filter import bytes as bytes_filter


def test_filter_is_registered_under_its_name():
    filters = bytes_filter.FilterModule().filters()
    assert filters["bytes"]("745GiB") == 745 * 2 ** 30
    assert filters["bytes"](12) == 12


@pytest.mark.parametrize("value", ["1.5B", "-1", True, "ten GB"])
def test_bad_input_raises_filter_error_naming_the_value(value):
    with pytest.raises(AnsibleFilterError) as info:
        bytes_filter.to_byte_count(value)
    assert repr(value) in str(info.value)


def test_documentation_is_valid_yaml_with_the_filter_name():
    documentation = yaml.safe_load(bytes_filter.DOCUMENTATION)
    assert documentation["name"] == "bytes"
    assert "_input" in documentation["options"]
    assert yaml.safe_load(bytes_filter.RETURN)["_value"]["type"] == "int"
    assert isinstance(yaml.safe_load(bytes_filter.EXAMPLES), list)
