# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the metalfleet.datacenter.cumulus_to_sonic_port filter."""
from __future__ import annotations

import json

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.metalfleet.datacenter.plugins.filter import cumulus_to_sonic_port as port_filter

PLATFORM = {"interfaces": {
    f"Ethernet{n * 4}": {"index": ",".join([str(n + 1)] * 4), "lanes": ",".join(str(n * 4 + lane) for lane in range(1, 5)),
                         "breakout_modes": {"1x100G": [f"Eth{n + 1}"], "2x50G": [f"Eth{n + 1}/1", f"Eth{n + 1}/2"]}}
    for n in range(4)}}


def test_registered_and_translates_from_parsed_data():
    translate = port_filter.FilterModule().filters()["cumulus_to_sonic_port"]
    assert translate("swp3", PLATFORM) == "Ethernet8"
    assert translate("swp2s1", PLATFORM) == "Ethernet5"  # one lane per sub-port without a breakout
    assert translate("swp2s1", PLATFORM, breakouts={"Ethernet4": "2x50G"}) == "Ethernet6"


def test_translates_from_a_device_directory(tmp_path):
    (tmp_path / "platform.json").write_text(json.dumps(PLATFORM), encoding="utf-8")
    assert port_filter.to_sonic_port("swp4", str(tmp_path)) == "Ethernet12"


@pytest.mark.parametrize("name,platform,part", [
    ("swp5", PLATFORM, "unknown port swp5"),
    ("eth0", PLATFORM, "invalid Cumulus port name eth0"),
    ("swp1s1", PLATFORM, None),
    ("swp1", 42, "platform: must be a device directory path or parsed platform.json data"),
    ("swp1", "/nonexistent/platform", "neither a platform.json"),
])
def test_errors_become_filter_errors(name, platform, part):
    if part is None:  # a valid call, as a control for the parametrised failures
        assert port_filter.to_sonic_port(name, platform) == "Ethernet1"
        return
    with pytest.raises(AnsibleFilterError) as info:
        port_filter.to_sonic_port(name, platform)
    assert part in str(info.value) and str(info.value).startswith("cumulus_to_sonic_port: ")


def test_documentation_is_valid_yaml_with_the_filter_name():
    documentation = yaml.safe_load(port_filter.DOCUMENTATION)
    assert documentation["name"] == "cumulus_to_sonic_port"
    assert {"_input", "platform", "hwsku", "breakouts"} <= set(documentation["options"])
    assert yaml.safe_load(port_filter.RETURN)["_value"]["type"] == "str"
