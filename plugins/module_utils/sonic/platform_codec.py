# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Platform port data as plain JSON-able data, so a switch record carries its platform and rendering reads no files.

Private to the metalfleet.datacenter collection; not a public API.

:func:`platform_to_data` turns a :class:`~.platform.Platform` into a dict of plain
lists and strings; :func:`platform_from_data` rebuilds an equal Platform from it.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import Platform, PlatformPort


def platform_to_data(platform: Platform) -> dict:
    """``{"source": ..., "ports": {parent: {lanes, indexes, modes, default, speed, attributes}}}``."""
    return {
        "source": platform.source,
        "ports": {
            name: {
                "lanes": list(port.lanes),
                "indexes": list(port.indexes),
                "modes": {mode: list(aliases) for mode, aliases in port.breakout_modes.items()},
                "default": port.hwsku_default_mode,
                "speed": port.speed,
                "attributes": dict(port.attributes),
            }
            for name, port in platform.ports.items()
        },
    }


def platform_from_data(name: str, data: Mapping) -> Platform:
    """The Platform stored by :func:`platform_to_data` (ports keep their stored order)."""
    ports = (data or {}).get("ports") or {}
    if not ports:
        raise ValidationError("platform", f"no platform port data is stored for {name or 'the switch'}; register it with platform_dir")
    rebuilt = {
        port_name: PlatformPort(
            name=port_name,
            lanes=tuple(entry.get("lanes") or ()),
            indexes=tuple(entry.get("indexes") or ()),
            breakout_modes=MappingProxyType({mode: tuple(aliases) for mode, aliases in (entry.get("modes") or {}).items()}),
            hwsku_default_mode=entry.get("default"),
            speed=entry.get("speed"),
            attributes=MappingProxyType(dict(entry.get("attributes") or {})),
        )
        for port_name, entry in ports.items()
    }
    return Platform(name=name, ports=MappingProxyType(rebuilt), source=data.get("source", ""))
