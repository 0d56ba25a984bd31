# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Option checks of switch records."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import switch_records as records


def test_addresses_and_loopbacks():
    assert records.check_cidr("10.1.0.11/24", "mgmt_address") == "10.1.0.11/24"
    assert records.check_loopback("10.0.0.1/32") == "10.0.0.1"
    for call, field in ((lambda: records.check_cidr("10.1.0.11", "mgmt_address"), "mgmt_address"),
                        (lambda: records.check_loopback("10.0.0.1/24"), "loopback"),
                        (lambda: records.check_mgmt_pair("10.1.0.11/24", "2001:db8::1"), "mgmt_gateway")):
        with pytest.raises(ValidationError) as raised:
            call()
        assert raised.value.field == field


def test_port_settings_and_settings():
    settings = records.check_port_settings({"mtu": 9216, "autoneg": False}, {"Ethernet0": {"speed": 10000, "fec": "rs"}})
    assert settings == {"defaults": {"mtu": 9216, "autoneg": "off"}, "ports": {"Ethernet0": {"speed": 10000, "fec": "rs"}}}
    with pytest.raises(ValidationError) as raised:
        records.check_port_settings(None, {"Ethernet0": {"mtu": 10000}})
    assert raised.value.field == "ports.Ethernet0.mtu"
    with pytest.raises(ValidationError) as raised:
        records.check_port_settings({"speed": 1}, None)
    assert raised.value.field == "port_defaults.speed"
    current = records.check_settings({"pxe": {"address": "10.255.0.1/24"}, "syslog_servers": ["10.1.0.5"]}, {})
    assert current["pxe"] == {"vlan": 4000, "address": "10.255.0.1/24", "vni": None} and current["mgmt_vrf"] is True
    assert records.check_settings({"pxe": {}}, current)["pxe"] is None
    with pytest.raises(ValidationError) as raised:
        records.check_settings({"syslog_servers": ["logs.example"]}, {})
    assert raised.value.field == "syslog_servers[0]"


def test_ports_by_operating_system():
    assert records.check_port("swp1s2", None, "cumulus", "connections[0].port") == "swp1s2"
    with pytest.raises(ValidationError):
        records.check_port("Ethernet0", None, "cumulus", "connections[0].port")
    with pytest.raises(ValidationError):
        records.check_port("Ethernet9", {"Ethernet0": None}, "sonic", "connections[0].port")
