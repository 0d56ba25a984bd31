# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for SONiC platform data: parsing, breakouts, defaults and Cumulus port names."""
from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import platform as sonic_platform
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import (
    PlatformPort,
    cumulus_to_sonic_port,
    load_platform,
    parse_speed_options,
    platform_from_json,
    platform_from_port_config,
)
from tests.unit.plugins.module_utils.sonic import sonic_fixtures

FOUR_LANE_MODES = {"1x100G[40G]": ["Eth1(Port1)"], "2x50G": ["Eth1/1(Port1)", "Eth1/2(Port1)"],
                   "4x25G[10G]": ["Eth1/1(Port1)", "Eth1/2(Port1)", "Eth1/3(Port1)", "Eth1/4(Port1)"]}


def four_lane_platform(count=4):
    """``count`` 100G ports Ethernet0, 4, 8, ... with lanes 1.. and indexes 1.."""
    interfaces = {}
    for number in range(count):
        lanes = ",".join(str(number * 4 + lane) for lane in range(1, 5))
        interfaces[f"Ethernet{number * 4}"] = {"index": ",".join([str(number + 1)] * 4), "lanes": lanes, "breakout_modes": FOUR_LANE_MODES}
    return platform_from_json({"interfaces": interfaces}, "test-platform")


def behaviours(section):
    with open(sonic_fixtures.require(sonic_fixtures.UNIT_BEHAVIOURS), encoding="utf-8") as handle:
        return yaml.safe_load(handle)[section]


def behaviour_params(section):
    """Parametrize over a section of the unit-behaviours file (a visible skip when it is absent)."""
    if not os.path.isfile(sonic_fixtures.UNIT_BEHAVIOURS):
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{sonic_fixtures.UNIT_BEHAVIOURS} not found (set METALFLEET_SHARED)"))]
    return [pytest.param(case, id=case.get("name") or case.get("mode") or str(case.get("modes"))) for case in behaviours(section)]


@pytest.mark.parametrize("case", behaviour_params("speed_options"))
def test_speed_options_follow_reference(case):
    if case.get("error"):
        with pytest.raises(ValidationError):
            parse_speed_options(case["mode"])
    else:
        assert list(parse_speed_options(case["mode"])) == case["want"]


@pytest.mark.parametrize("case", behaviour_params("default_breakout"))
def test_default_breakout_is_lexicographic_minimum(case):
    modes = {mode: ("alias",) for mode in case["modes"]}
    port = PlatformPort(name="Ethernet0", lanes=(1, 2, 3, 4), indexes=(1,), breakout_modes=modes)
    assert port.default_mode(use_hwsku=False) == case["want"]


@pytest.mark.parametrize("case", behaviour_params("parse_breakout_errors"))
def test_parse_breakout_errors(case):
    interfaces = dict(case.get("platform") or {})
    if "platform_modes" in case:
        interfaces[case["port"]] = {"index": "1", "lanes": "1", "breakout_modes": {mode: ["a"] for mode in case["platform_modes"]}}
    if not interfaces:
        interfaces = {"Ethernet100": {"index": "1", "lanes": "1", "breakout_modes": {"1x1G": ["a"]}}}
    platform = platform_from_json({"interfaces": interfaces})
    with pytest.raises(ValidationError) as error:
        platform.breakout(case["port"], case.get("mode", "1x1G"))
    assert case["error"] in str(error.value)
    assert error.value.field == "breakouts"


def test_breakout_splits_lanes_names_and_aliases():
    children = four_lane_platform().breakout("Ethernet4", "4x25G[10G]")
    assert [child.name for child in children] == ["Ethernet4", "Ethernet5", "Ethernet6", "Ethernet7"]
    assert [child.lanes for child in children] == [(5,), (6,), (7,), (8,)]
    assert {child.index for child in children} == {2}
    assert children[2].alias == "Eth1/3(Port1)"
    assert children[0].speeds == (25000, 10000)


def test_two_way_breakout_steps_by_lanes_per_child():
    children = four_lane_platform().breakout("Ethernet0", "2x50G")
    assert [(child.name, child.lanes_text, child.speed) for child in children] == [("Ethernet0", "1,2", 50000), ("Ethernet2", "3,4", 50000)]


def test_layout_replaces_default_mode_of_broken_out_port():
    layout = four_lane_platform(2).layout({"Ethernet4": "4x25G[10G]"})
    assert list(layout) == ["Ethernet0", "Ethernet4", "Ethernet5", "Ethernet6", "Ethernet7"]
    assert layout["Ethernet0"].mode == "1x100G[40G]"


def test_layout_rejects_unknown_port_and_mode():
    platform = four_lane_platform(1)
    with pytest.raises(ValidationError, match="unknown port Ethernet8") as error:
        platform.layout({"Ethernet8": "2x50G"})
    assert error.value.field == "breakouts.Ethernet8"
    with pytest.raises(ValidationError, match=r"invalid breakout mode 8x10G; must be one of \[1x100G\[40G\] 2x50G 4x25G\[10G\]\]"):
        platform.layout({"Ethernet0": "8x10G"})


def test_lanes_that_do_not_split_evenly_are_a_lane_conflict():
    platform = platform_from_json({"interfaces": {"Ethernet0": {"index": "1,1,1", "lanes": "1,2,3", "breakout_modes": {"2x50G": ["a", "b"]}}}})
    with pytest.raises(ValidationError, match="lane conflict"):
        platform.breakout("Ethernet0", "2x50G")


def test_lane_listed_twice_is_a_lane_conflict():
    with pytest.raises(ValidationError, match="lane conflict") as error:
        platform_from_json({"interfaces": {"Ethernet0": {"index": "1", "lanes": "1,1", "breakout_modes": {"1x1G": ["a"]}}}})
    assert error.value.field == "interfaces.Ethernet0.lanes"


def test_breakout_child_colliding_with_another_port_is_rejected():
    interfaces = {"Ethernet0": {"index": "1,1", "lanes": "1,2", "breakout_modes": {"1x50G": ["a"], "2x25G": ["a1", "a2"]}},
                  "Ethernet1": {"index": "2", "lanes": "9", "breakout_modes": {"1x10G": ["b"]}}}
    with pytest.raises(ValidationError, match="Ethernet1"):
        platform_from_json({"interfaces": interfaces}).layout({"Ethernet0": "2x25G"})


def test_string_alias_of_single_port_mode_is_accepted():
    platform = platform_from_json({"interfaces": {"Ethernet0": {"index": "1", "lanes": "49", "breakout_modes": {"1x25G[10G]": "Eth1"}}}})
    assert platform.layout()["Ethernet0"].alias == "Eth1"


def test_hwsku_default_mode_preferred_unless_compat():
    interfaces = {"Ethernet0": {"index": "1,1,1,1", "lanes": "1,2,3,4", "breakout_modes": FOUR_LANE_MODES}}
    platform = platform_from_json({"interfaces": interfaces}, hwsku_data={"interfaces": {"Ethernet0": {"default_brkout_mode": "2x50G"}}})
    assert list(platform.layout()) == ["Ethernet0", "Ethernet2"]
    assert list(platform.layout(use_hwsku=False)) == ["Ethernet0"]


def test_port_config_ini_fallback_parses_header_columns():
    text = "# name lanes alias index speed autoneg\nEthernet0 26 thousandE1 1 1000 on\nEthernet52 69,70,71,72 hundredGigE1/53 53 100000 0\n"
    platform = platform_from_port_config(text, "ini-platform")
    layout = platform.layout()
    assert not platform.supports_breakout
    assert layout["Ethernet52"].lanes == (69, 70, 71, 72)
    assert layout["Ethernet52"].speed == 100000
    assert layout["Ethernet52"].attributes["autoneg"] == "off"
    assert layout["Ethernet0"].mode == "1x1G"


def test_port_name_must_be_ethernet_n():
    with pytest.raises(ValidationError, match="EthernetX"):
        sonic_platform.port_number("eth1")


@pytest.mark.parametrize("name, expected", [("swp1", "Ethernet0"), ("swp2", "Ethernet4"), ("swp1s0", "Ethernet0"),
                                            ("swp1s3", "Ethernet3"), ("swp4s1", "Ethernet13")])
def test_cumulus_names_map_by_front_panel_and_lane(name, expected):
    assert cumulus_to_sonic_port(name, four_lane_platform()) == expected


def test_cumulus_sub_port_follows_known_breakout():
    assert cumulus_to_sonic_port("swp2s1", four_lane_platform(), {"Ethernet4": "2x50G"}) == "Ethernet6"


def test_cumulus_names_on_single_lane_platform_use_front_panel_index():
    platform = platform_from_port_config("# name lanes alias index speed\nEthernet0 26 a 1 1000\nEthernet1 25 b 2 1000\n")
    assert cumulus_to_sonic_port("swp2", platform) == "Ethernet1"
    with pytest.raises(ValidationError, match="unknown port swp3"):
        cumulus_to_sonic_port("swp3", platform)


@pytest.mark.parametrize("name", ["swp0", "eth0", "swp-1", "swp1s", "Ethernet0"])
def test_cumulus_name_syntax_errors(name):
    with pytest.raises(ValidationError) as error:
        cumulus_to_sonic_port(name, four_lane_platform())
    assert error.value.field == "port"


def test_cumulus_sub_port_beyond_lanes_is_unknown():
    with pytest.raises(ValidationError, match="4 lanes"):
        cumulus_to_sonic_port("swp1s4", four_lane_platform())


def _variant_params():
    variants = sonic_fixtures.platform_variants()
    if not variants:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"no platforms under {sonic_fixtures.PLATFORMS_DIR} (set METALFLEET_SHARED)"))]
    return [pytest.param(path, sku, id=f"{os.path.relpath(path, sonic_fixtures.PLATFORMS_DIR)}:{sku}") for path, sku in variants]


@pytest.mark.parametrize("platform_dir, hwsku", _variant_params())
def test_every_shared_platform_parses_into_a_consistent_layout(platform_dir, hwsku):
    platform = load_platform(platform_dir, hwsku)
    layout = platform.layout()
    assert len(layout) >= len([port for port in platform.ports.values() if port.breakout_modes])
    assert all(child.lanes for child in layout.values())
    assert all(name.startswith("Ethernet") for name in layout)
    # the Cumulus name of the first front-panel port is its first SONiC port
    assert cumulus_to_sonic_port("swp1", platform) in platform.ports


@pytest.mark.parametrize("platform_dir, hwsku", _variant_params())
def test_every_breakout_of_every_shared_platform_port_yields_mode_port_count(platform_dir, hwsku):
    platform = load_platform(platform_dir, hwsku)
    for port in platform.ports.values():
        for mode, aliases in port.breakout_modes.items():
            if len(port.lanes) % len(aliases):
                continue  # partial-lane modes such as Dell's 1x50G on 4 lanes are not split evenly
            children = platform.breakout(port.name, mode)
            assert len(children) == len(aliases)
            assert sum(len(child.lanes) for child in children) == len(port.lanes)
            assert children[0].speed == parse_speed_options(mode)[0] or port.speed


EXPECTED_PORT_COUNTS = [
    ("edgecore-sonic-from-configdb-utils/x86_64-accton_as7726_32x-r0", None, {}, 32),
    ("edgecore-sonic-from-configdb-utils/x86_64-accton_as7726_32x-r0", None, {"Ethernet0": "4x25G", "Ethernet4": "2x50G"}, 36),
    ("edgecore-sonic-from-configdb-utils/x86_64-accton_as4630_54te-r0", None, {"Ethernet52": "4x25G[10G,1G]"}, 57),
    ("x86_64-dellemc_s5248f_c3538-r0", "DellEMC-S5248f-P-25G", {"Ethernet48": "4x25G[10G]"}, 59),
    ("x86_64-dellemc_s5232f_c3538-r0", "DellEMC-S5232f-C32", {}, 34),
    ("x86_64-accton_as7726_32x-r0", None, {}, 32),
    ("mini-lab-sonic-vs", None, {}, 122),
]


@pytest.mark.parametrize("relative, hwsku, breakouts, count", EXPECTED_PORT_COUNTS)
def test_known_platform_port_counts(relative, hwsku, breakouts, count):
    platform = load_platform(sonic_fixtures.require(os.path.join(sonic_fixtures.PLATFORMS_DIR, relative)), hwsku)
    assert len(platform.layout(breakouts)) == count


def test_already_split_port_config_ini_keeps_every_row():
    path = sonic_fixtures.require(os.path.join(sonic_fixtures.PLATFORMS_DIR, "x86_64-dellemc_s5232f_c3538-r0", "DellEMC-S5232f-P-25G", "port_config.ini"))
    platform = platform_from_port_config(sonic_fixtures.read_text(path))
    layout = platform.layout()
    assert len(layout) == 106
    assert cumulus_to_sonic_port("swp2s3", platform) == "Ethernet7"


def test_platform_without_any_port_data_is_an_error(tmp_path):
    (tmp_path / "platform.json").write_text('{"chassis": {}}', encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        load_platform(str(tmp_path))
    assert error.value.field == "platform"
