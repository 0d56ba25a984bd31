# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""SONiC platform port data: physical ports, lanes, breakout modes and their results.

Private to the metalfleet.datacenter collection; not a public API.

A platform is read from SONiC's ``platform.json`` (``interfaces.<EthernetN>`` with
``index``, ``lanes`` and ``breakout_modes``) or, when a platform has none, from the
HWSKU's ``port_config.ini`` together with the optional ``hwsku.json`` (which names
the default breakout mode of each port).  Breaking a port out follows the rules of
metal-stack's sonic-configdb-utils: the lanes are split evenly between the aliases
of the mode, child ``i`` is called ``Ethernet<parent + i * lanes_per_child>`` and
gets ``index[i]``, and the first speed of the mode is the default speed.

The module also translates Cumulus port names (``swp3``, ``swp1s2``) to SONiC names
by front-panel position and lanes, as ``switch migrate`` needs it.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable, Mapping

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

PLATFORM_JSON = "platform.json"
PORT_CONFIG_INI = "port_config.ini"
HWSKU_JSON = "hwsku.json"

_ETHERNET_RE = re.compile(r"^Ethernet(\d+)$")
_MODE_RE = re.compile(r"^(\d+)x(\d+(?:\.\d+)?G)(?:\[((?:\d+(?:\.\d+)?G)(?:,\d+(?:\.\d+)?G)*)\])?$")
_CUMULUS_RE = re.compile(r"^swp(\d+)(?:s(\d+))?$")
_INI_DEFAULT_COLUMNS = ("name", "lanes", "alias", "index", "speed")


def port_number(name: str, field_name: str = "port") -> int:
    """Return N of ``EthernetN``; raise ValidationError for any other name."""
    match = _ETHERNET_RE.match(str(name))
    if not match:
        raise ValidationError(field_name, f"invalid port name {name}; must be of form EthernetX, where X is a positive number")
    return int(match.group(1))


def port_sort_key(name: str) -> tuple:
    """Sort ``Ethernet2`` before ``Ethernet10``; other names after, alphabetically."""
    match = _ETHERNET_RE.match(name)
    return (0, int(match.group(1)), "") if match else (1, 0, name)


def _speed_to_mbps(text: str) -> int:
    return int(round(float(text[:-1]) * 1000))


def parse_speed_options(mode: str, field_name: str = "breakout") -> tuple[int, ...]:
    """Speeds (Mb/s) a breakout mode allows, the default first: ``4x25G[10G]`` -> (25000, 10000)."""
    match = _MODE_RE.match(str(mode))
    if not match:
        raise ValidationError(field_name, f"invalid breakout mode {mode}, must be of form <number>x<speed>G[<altSpeed1>G,...,<altSpeedN>G]")
    speeds = [_speed_to_mbps(match.group(2))]
    if match.group(3):
        speeds.extend(_speed_to_mbps(item) for item in match.group(3).split(","))
    return tuple(speeds)


def _int_list(text, field_name: str) -> tuple[int, ...]:
    items = [item.strip() for item in str(text).split(",") if item.strip()]
    try:
        return tuple(int(item) for item in items)
    except ValueError:
        raise ValidationError(field_name, f"must be a comma separated list of integers, got {text!r}") from None


@dataclass(frozen=True)
class BreakoutPort:
    """One SONiC port that exists after a parent port was put into a breakout mode."""

    name: str
    parent: str
    mode: str | None
    lanes: tuple[int, ...]
    index: int
    alias: str
    speeds: tuple[int, ...]
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def speed(self) -> int | None:
        """Default speed in Mb/s (the first speed of the mode), None when unknown."""
        return self.speeds[0] if self.speeds else None

    @property
    def lanes_text(self) -> str:
        return ",".join(str(lane) for lane in self.lanes)


@dataclass(frozen=True)
class PlatformPort:
    """A physical (parent) port of a platform."""

    name: str
    lanes: tuple[int, ...]
    indexes: tuple[int, ...]
    breakout_modes: Mapping[str, tuple[str, ...]]
    hwsku_default_mode: str | None = None
    speed: int | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def number(self) -> int:
        return port_number(self.name)

    @property
    def front_panel_index(self) -> int:
        return self.indexes[0] if self.indexes else self.number

    def default_mode(self, use_hwsku: bool = True) -> str | None:
        """The mode a port has unless configured otherwise.

        ``use_hwsku`` prefers the HWSKU's ``default_brkout_mode`` (what SONiC itself
        does); otherwise, and when the HWSKU names none, the lexicographically smallest
        mode (what sonic-configdb-utils does).
        """
        if use_hwsku and self.hwsku_default_mode in self.breakout_modes:
            return self.hwsku_default_mode
        return min(self.breakout_modes) if self.breakout_modes else None

    def breakout(self, mode: str | None, field_name: str = "breakouts") -> tuple[BreakoutPort, ...]:
        """The ports that exist when this port is put into ``mode``."""
        if mode is None and not self.breakout_modes:
            speeds = (self.speed,) if self.speed else ()
            alias = self.attributes.get("alias", self.name)
            index = self.indexes[0] if self.indexes else 0
            return (BreakoutPort(self.name, self.name, None, self.lanes, index, alias, speeds, self._port_attributes()),)
        if mode not in self.breakout_modes:
            choices = " ".join(self.breakout_modes)
            raise ValidationError(field_name, f"invalid breakout mode {mode}; must be one of [{choices}]")
        aliases = self.breakout_modes[mode]
        speeds = self._speeds(mode, field_name)
        if not self.lanes:
            raise ValidationError(field_name, f"no lanes given for port {self.name}")
        if not aliases or len(self.lanes) % len(aliases):
            raise ValidationError(field_name, f"lane conflict: {len(self.lanes)} lanes of {self.name} cannot be split into {len(aliases)} ports")
        per_child = len(self.lanes) // len(aliases)
        children = []
        for position, alias in enumerate(aliases):
            lanes = self.lanes[position * per_child:(position + 1) * per_child]
            index = self.indexes[min(position, len(self.indexes) - 1)] if self.indexes else 0
            name = f"Ethernet{self.number + position * per_child}"
            children.append(BreakoutPort(name, self.name, mode, lanes, index, alias, speeds, self._port_attributes()))
        return tuple(children)

    def _speeds(self, mode: str, field_name: str) -> tuple[int, ...]:
        speeds = parse_speed_options(mode, field_name)
        if self.speed and self.speed != speeds[0]:
            speeds = (self.speed,) + tuple(item for item in speeds if item != self.speed)
        return speeds

    def _port_attributes(self) -> Mapping[str, str]:
        return {key: value for key, value in self.attributes.items() if key != "alias"}


@dataclass(frozen=True)
class Platform:
    """The ports of one SONiC platform (+ HWSKU) and what breakouts make of them."""

    name: str
    ports: Mapping[str, PlatformPort]
    source: str

    @property
    def supports_breakout(self) -> bool:
        """BREAKOUT_CFG is only meaningful when the modes come from platform.json."""
        return self.source == PLATFORM_JSON

    def port(self, name: str, field_name: str = "port") -> PlatformPort:
        if name not in self.ports:
            raise ValidationError(field_name, f"unknown port {name}")
        return self.ports[name]

    def breakout(self, name: str, mode: str, field_name: str = "breakouts") -> tuple[BreakoutPort, ...]:
        """Ports that exist when parent port ``name`` is put into ``mode``."""
        return self.port(name, field_name).breakout(mode, field_name)

    def default_breakouts(self, use_hwsku: bool = True) -> dict[str, str | None]:
        """Parent port -> default mode (ports without modes map to None)."""
        return {name: port.default_mode(use_hwsku) for name, port in self.ports.items()}

    def layout(self, breakouts: Mapping[str, str] | None = None, use_hwsku: bool = True) -> dict[str, BreakoutPort]:
        """All ports (sorted by name number) with the given breakouts over the defaults.

        Raises ValidationError for unknown ports, unknown modes, lanes that cannot be
        split evenly and children whose name another parent port already provides.
        """
        modes = self.default_breakouts(use_hwsku)
        for name, mode in (breakouts or {}).items():
            self.port(name, f"breakouts.{name}")
            modes[name] = mode
        result: dict[str, BreakoutPort] = {}
        for parent, mode in modes.items():
            if mode is None and self.supports_breakout:
                continue  # platform.json ports without modes do not become PORT rows
            for child in self.ports[parent].breakout(mode, f"breakouts.{parent}"):
                _claim(child, result, f"breakouts.{parent}")
        return {name: result[name] for name in sorted(result, key=port_sort_key)}


def _claim(child: BreakoutPort, result: dict, field_name: str) -> None:
    if child.name in result:
        raise ValidationError(field_name, f"breakout creates {child.name}, which port {result[child.name].parent} already provides")
    result[child.name] = child


def _aliases(value, field_name: str) -> tuple[str, ...]:
    if isinstance(value, str):  # Dell platform.json writes single-port modes as a plain string
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ValidationError(field_name, "must be a list of alias strings or one alias string")


def _hwsku_defaults(hwsku_data: Mapping | None) -> dict[str, str]:
    interfaces = (hwsku_data or {}).get("interfaces") or {}
    return {name: str(entry["default_brkout_mode"]) for name, entry in interfaces.items()
            if isinstance(entry, Mapping) and entry.get("default_brkout_mode")}


def _check_unique_lanes(ports: Iterable[PlatformPort]) -> None:
    """A lane listed twice for one port is a lane conflict.

    Lanes shared between different ports are tolerated: upstream data has them
    (Dell S5232F lists lane 128 for Ethernet124 and Ethernet129).
    """
    for port in ports:
        seen: set[int] = set()
        for lane in port.lanes:
            if lane in seen:
                raise ValidationError(f"interfaces.{port.name}.lanes", f"lane conflict: lane {lane} is listed twice")
            seen.add(lane)


def _sorted_platform(name: str, ports: list[PlatformPort], source: str) -> Platform:
    _check_unique_lanes(ports)
    ordered = {port.name: port for port in sorted(ports, key=lambda port: port_sort_key(port.name))}
    return Platform(name=name, ports=MappingProxyType(ordered), source=source)


def platform_from_json(data: Mapping, name: str = "", hwsku_data: Mapping | None = None) -> Platform:
    """Build a Platform from parsed platform.json (and optionally hwsku.json) data."""
    interfaces = data.get("interfaces") if isinstance(data, Mapping) else None
    if not isinstance(interfaces, Mapping) or not interfaces:
        raise ValidationError("interfaces", f"platform.json of {name or 'the platform'} lists no interfaces")
    defaults = _hwsku_defaults(hwsku_data)
    ports = []
    for port_name, entry in interfaces.items():
        prefix = f"interfaces.{port_name}"
        port_number(port_name, prefix)
        if not isinstance(entry, Mapping):
            raise ValidationError(prefix, "must be a mapping")
        modes = entry.get("breakout_modes") or {}
        if not isinstance(modes, Mapping):
            raise ValidationError(f"{prefix}.breakout_modes", "must be a mapping of mode to aliases")
        ports.append(PlatformPort(
            name=port_name,
            lanes=_int_list(entry.get("lanes", ""), f"{prefix}.lanes"),
            indexes=_int_list(entry.get("index", ""), f"{prefix}.index"),
            breakout_modes=MappingProxyType({str(mode): _aliases(aliases, f"{prefix}.breakout_modes.{mode}") for mode, aliases in modes.items()}),
            hwsku_default_mode=defaults.get(port_name),
        ))
    return _sorted_platform(name, ports, PLATFORM_JSON)


def _ini_columns(line: str) -> tuple[str, ...] | None:
    words = line.lstrip("#").split()
    return tuple(word.lower() for word in words) if words and words[0].lower() == "name" else None


def _ini_port(row: Mapping[str, str], position: int, defaults: Mapping[str, str]) -> PlatformPort:
    port_name = row["name"]
    prefix = f"port_config.ini.{port_name}"
    port_number(port_name, prefix)
    speed = int(row["speed"]) if row.get("speed", "").isdigit() else None
    indexes = _int_list(row["index"], f"{prefix}.index") if row.get("index") else (position,)
    alias = row.get("alias") or port_name
    mode = defaults.get(port_name) or (f"1x{speed / 1000:g}G" if speed else None)
    extra = {key: _ini_flag(value) for key, value in row.items() if key in ("autoneg", "fec")}
    return PlatformPort(
        name=port_name,
        lanes=_int_list(row.get("lanes", ""), f"{prefix}.lanes"),
        indexes=indexes,
        breakout_modes=MappingProxyType({mode: (alias,)} if mode else {}),
        hwsku_default_mode=mode,
        speed=speed,
        attributes=MappingProxyType({"alias": alias, **extra}),
    )


def _ini_flag(value: str) -> str:
    return {"1": "on", "0": "off"}.get(value, value)


def platform_from_port_config(text: str, name: str = "", hwsku_data: Mapping | None = None) -> Platform:
    """Build a Platform from port_config.ini text (each row one port with one mode).

    The row's mode is the HWSKU's default breakout mode when hwsku.json names one,
    otherwise ``1x<speed>G``; ``autoneg``/``fec`` columns become port defaults.
    """
    columns = _INI_DEFAULT_COLUMNS
    defaults = _hwsku_defaults(hwsku_data)
    ports = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            columns = _ini_columns(stripped) or columns
            continue
        row = dict(zip(columns, stripped.split()))
        if "name" not in row:
            continue
        ports.append(_ini_port(row, len(ports) + 1, defaults))
    if not ports:
        raise ValidationError("port_config.ini", f"no ports found for {name or 'the platform'}")
    return _sorted_platform(name, ports, PORT_CONFIG_INI)


def _read_json(path: str):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _default_sku(platform_dir: str) -> str | None:
    path = os.path.join(platform_dir, "default_sku")
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as handle:
        words = handle.read().split()
    return words[0] if words else None


def load_platform(platform_dir: str, hwsku: str | None = None) -> Platform:
    """Read a SONiC device directory (``/usr/share/sonic/device/<platform>`` layout).

    Uses ``platform.json`` when it lists interfaces, else ``<hwsku>/port_config.ini``
    (HWSKU from the argument or ``default_sku``) or a ``port_config.ini`` in the
    directory itself; ``<hwsku>/hwsku.json`` supplies default breakout modes.
    """
    name = os.path.basename(os.path.normpath(platform_dir))
    hwsku = hwsku or _default_sku(platform_dir)
    sku_dir = os.path.join(platform_dir, hwsku) if hwsku else None
    hwsku_path = os.path.join(sku_dir, HWSKU_JSON) if sku_dir else None
    hwsku_data = _read_json(hwsku_path) if hwsku_path and os.path.isfile(hwsku_path) else None
    json_path = os.path.join(platform_dir, PLATFORM_JSON)
    if os.path.isfile(json_path):
        data = _read_json(json_path)
        if isinstance(data, Mapping) and data.get("interfaces"):
            return platform_from_json(data, name, hwsku_data)
    for candidate in ([os.path.join(sku_dir, PORT_CONFIG_INI)] if sku_dir else []) + [os.path.join(platform_dir, PORT_CONFIG_INI)]:
        if os.path.isfile(candidate):
            with open(candidate, encoding="utf-8") as handle:
                return platform_from_port_config(handle.read(), name, hwsku_data)
    raise ValidationError("platform", f"{platform_dir} has neither a platform.json with interfaces nor a port_config.ini (hwsku {hwsku})")


def _front_panel_groups(platform: Platform) -> list[list[PlatformPort]]:
    groups: dict[int, list[PlatformPort]] = {}
    for port in platform.ports.values():
        groups.setdefault(port.front_panel_index, []).append(port)
    return [groups[index] for index in sorted(groups)]


def cumulus_to_sonic_port(name: str, platform: Platform, breakouts: Mapping[str, str] | None = None) -> str:
    """Translate a Cumulus port name to the SONiC port using the same lanes.

    ``swpN`` is the N-th front-panel port (platform ports grouped by index, in index
    order); ``swpNsM`` is its M-th breakout sub-port.  The lanes per sub-port come from
    ``breakouts`` (the SONiC breakout of that port) when given, else from the platform's
    own rows when they are already split (port_config.ini), else one lane per sub-port
    (Cumulus' 4x split of a 4-lane port).  Pure function; raises ValidationError.
    """
    match = _CUMULUS_RE.match(str(name))
    if not match or int(match.group(1)) < 1:
        raise ValidationError("port", f"invalid Cumulus port name {name}; expected swpN or swpNsM with N >= 1")
    groups = _front_panel_groups(platform)
    panel = int(match.group(1))
    if panel > len(groups):
        raise ValidationError("port", f"unknown port {name}: platform {platform.name or ''} has {len(groups)} front-panel ports")
    group = groups[panel - 1]
    if match.group(2) is None:
        return group[0].name
    return _sub_port(name, int(match.group(2)), group, breakouts or {})


def _sub_port(name: str, sub: int, group: list[PlatformPort], breakouts: Mapping[str, str]) -> str:
    parent = group[0]
    if len(group) > 1:
        if sub >= len(group):
            raise ValidationError("port", f"unknown port {name}: front-panel port has {len(group)} sub-ports")
        return group[sub].name
    mode = breakouts.get(parent.name)
    if mode is not None:
        children = parent.breakout(mode, f"breakouts.{parent.name}")
        if sub >= len(children):
            raise ValidationError("port", f"unknown port {name}: breakout {mode} of {parent.name} has {len(children)} ports")
        return children[sub].name
    if sub >= len(parent.lanes):
        raise ValidationError("port", f"unknown port {name}: {parent.name} has {len(parent.lanes)} lanes")
    return f"Ethernet{parent.number + sub}"
