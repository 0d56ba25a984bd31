# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The PORT and BREAKOUT_CFG tables: platform ports after breakouts, plus per-port settings.

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

from typing import Mapping

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import BreakoutPort, Platform, port_sort_key
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import Port, Ports, SonicValues

DEFAULT_MTU = 9000
ADMIN_UP = "up"


def _compat_layout(platform: Platform, breakouts: Mapping[str, str]) -> dict[str, BreakoutPort]:
    """The reference's layout: default-mode ports, then explicit breakouts written over them.

    Children of a default mode that an explicit mode does not recreate stay (quirk kept
    for byte-exact output).
    """
    layout = dict(platform.layout(None, use_hwsku=False))
    for parent, mode in breakouts.items():
        for child in platform.breakout(parent, mode, f"breakouts.{parent}"):
            layout[child.name] = child
    return {name: layout[name] for name in sorted(layout, key=port_sort_key)}


def port_layout(values: SonicValues, platform: Platform | None, *, compat: bool) -> dict[str, BreakoutPort] | None:
    """Every port the switch will have (name -> BreakoutPort); None without platform data."""
    if platform is None:
        return None
    if compat:
        return _compat_layout(platform, values.breakouts)
    return platform.layout(values.breakouts, use_hwsku=True)


def breakout_modes(values: SonicValues, platform: Platform, *, compat: bool) -> dict[str, str]:
    """BREAKOUT_CFG content: parent port -> mode, defaults overridden by ``breakouts``."""
    if not platform.supports_breakout:
        return {}
    modes = {name: mode for name, mode in platform.default_breakouts(use_hwsku=not compat).items() if mode}
    modes.update(values.breakouts)
    return modes


def _base_row(child: BreakoutPort, defaults: Ports, compat: bool) -> dict[str, str]:
    row = {"admin_status": ADMIN_UP, "alias": child.alias, "index": str(child.index), "lanes": child.lanes_text,
           "mtu": str(defaults.default_mtu or DEFAULT_MTU)}
    if child.speed:
        row["speed"] = str(child.speed)
    platform_defaults = {} if compat else child.attributes
    fec = defaults.default_fec or platform_defaults.get("fec", "")
    autoneg = defaults.default_autoneg or platform_defaults.get("autoneg", "")
    if fec:
        row["fec"] = fec
    if autoneg:
        row["autoneg"] = autoneg
    return row


def _apply_port_settings(row: dict[str, str], child: BreakoutPort, port: Port, path: str) -> None:
    if port.speed:
        if port.speed not in child.speeds:
            options = " ".join(str(speed) for speed in child.speeds)
            raise ValidationError(f"{path}.speed", f"invalid speed {port.speed} for port {port.name}; current breakout configuration "
                                                   f"{child.mode} only allows speed options [{options}]")
        row["speed"] = str(port.speed)
    if port.fec:
        row["fec"] = port.fec
    if port.mtu:
        row["mtu"] = str(port.mtu)
    if port.autoneg:
        row["autoneg"] = port.autoneg


def render_port_tables(values: SonicValues, platform: Platform | None, *, compat: bool) -> tuple[dict, dict]:
    """(PORT, BREAKOUT_CFG); both empty when ``ports`` is None and no breakouts are given."""
    if values.ports is None and not values.breakouts:
        return {}, {}
    if platform is None:
        raise ValidationError("platform", "platform port data is required to render ports and breakouts")
    defaults = values.ports or Ports()
    layout = port_layout(values, platform, compat=compat)
    rows = {name: _base_row(child, defaults, compat) for name, child in layout.items()}
    for pos, port in enumerate(defaults.list):
        path = f"ports.list[{pos}]"
        if port.name not in rows:
            raise ValidationError(f"{path}.name", f"invalid port name {port.name}; "
                                                  "if you think it should be available please check your breakout configuration")
        _apply_port_settings(rows[port.name], layout[port.name], port, path)
    breakouts = {name: {"brkout_mode": mode} for name, mode in breakout_modes(values, platform, compat=compat).items()}
    return rows, breakouts
