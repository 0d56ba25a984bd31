# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""BmcTarget: validation, secrets kept out of repr, derived bounds."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget


def test_password_never_in_repr():
    target = BmcTarget(host="10.0.0.5", username="root", password="s3cr3t-value")
    assert "s3cr3t-value" not in repr(target)
    assert "s3cr3t-value" not in target.label
    assert target.password == "s3cr3t-value"


@pytest.mark.parametrize("field, value", [
    ("host", ""), ("driver", "snmp"), ("port", 0), ("port", 70000), ("port", True),
    ("timeout", 0), ("timeout", -1), ("retries", -1), ("retries", 11), ("scheme", "ftp"),
])
def test_bad_values_name_the_field(field, value):
    params = {"host": "bmc1", field: value}
    with pytest.raises(ValidationError) as caught:
        BmcTarget(**params)
    assert caught.value.field == field


def test_endpoints_and_default_ports():
    assert BmcTarget(host="bmc1", driver="ipmi").endpoint() == "ipmi://bmc1:623"
    assert BmcTarget(host="bmc1", driver="redfish").endpoint() == "https://bmc1:443"
    assert BmcTarget(host="fd00::5", driver="redfish", scheme="http", port=8000).redfish_url == "http://[fd00::5]:8000"


def test_worst_case_is_derived_from_timeout_and_retries():
    target = BmcTarget(host="bmc1", timeout=2, retries=2)
    # two attempts' worth of pauses (0.2 s, 0.4 s) between three attempts of 2 s
    assert target.worst_case_seconds() == pytest.approx(2 * 3 + 0.2 + 0.4)


def test_from_params_ignores_unknown_and_none():
    target = BmcTarget.from_params({"host": "bmc1", "port": None, "state": "on", "retries": 3})
    assert (target.host, target.port, target.retries) == ("bmc1", None, 3)
