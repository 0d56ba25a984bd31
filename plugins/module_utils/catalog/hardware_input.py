# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hardware given as a module option (``size_info`` ``match``, ``size_suggest`` ``hardware``), checked before use.

Private to the metalfleet.datacenter collection; not a public API.

The shape is what a machine reports: ``{"memory": 68719476736, "cpus": [{"model", "cores"}],
"gpus": [{"model"}], "disks": [{"name", "size"}]}``; memory and disk sizes may use
units (``64GiB``).  Errors name the option and the entry (``match.disks[1].size``).

Public function::

    hardware_option(data, field: str) -> size_matching.Hardware    # raises ValidationError
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import Hardware
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.units import parse_bytes

#: list option -> (name key, quantity key or None for "one per item", quantity is bytes)
_ITEMS = {"cpus": ("model", "cores", False), "gpus": ("model", None, False), "disks": ("name", "size", True)}


def _quantity(value, field: str, is_bytes: bool) -> int:
    if is_bytes:
        return parse_bytes(value, field)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(field, "%r is not a non-negative integer" % (value,))
    return limits.check_int(value, field, *limits.COUNT_RANGE)


def _items(data: dict, option: str, field: str) -> tuple:
    name_key, quantity_key, is_bytes = _ITEMS[option]
    entries = data.get(option) or []
    if not isinstance(entries, (list, tuple)):
        raise ValidationError("%s.%s" % (field, option), "expected a list")
    items = []
    for index, entry in enumerate(entries):
        where = "%s.%s[%d]" % (field, option, index)
        if not isinstance(entry, dict):
            raise ValidationError(where, "expected a mapping with %s" % name_key)
        name = entry.get(name_key) or ""
        if not isinstance(name, str):
            raise ValidationError("%s.%s" % (where, name_key), "%r is not a string" % (name,))
        limits.check_text(name, "%s.%s" % (where, name_key), limits.NAME_MAX)
        amount = 1 if quantity_key is None else _quantity(entry.get(quantity_key, 0), "%s.%s" % (where, quantity_key), is_bytes)
        items.append((name, amount))
    return tuple(items)


def hardware_option(data, field: str) -> Hardware:
    if not isinstance(data, dict):
        raise ValidationError(field, "expected a mapping with memory, cpus, gpus and disks")
    unknown = sorted(set(data) - {"memory", "cpus", "gpus", "disks", "nics"})
    if unknown:
        raise ValidationError(field, "unknown hardware keys %s; expected memory, cpus, gpus, disks" % ", ".join(unknown))
    return Hardware(
        memory=_quantity(data.get("memory", 0), field + ".memory", True),
        cpus=_items(data, "cpus", field),
        gpus=_items(data, "gpus", field),
        disks=_items(data, "disks", field),
    )
