# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Allow-lists of vendor-specific config_db tables and fields that community SONiC YANG does not model.

Private to the metalfleet.datacenter collection; not a public API.

A rule is written ``TABLE``, ``TABLE|KEY``, ``TABLE FIELD`` or ``TABLE|KEY FIELD``
(KEY and FIELD are shell-style globs, KEY defaults to ``*``), or as a mapping
``{table, key, field, reason}``.  A rule without FIELD allows whole rows; with
FIELD it allows only that field of the matching rows.  Allowed data is taken out
before validation and reported back as "allowed by allow-list".
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

EDGECORE_RULES = (
    "LLDP|Global hello_timer",
    "PORT parent_port",
    "PORTCHANNEL mix_speed",
    "MCLAG_DOMAIN mclag_system_id",
)

#: built-in allow-lists per SONiC branch (sonic_version.yml ``branch``) or vendor profile.
BRANCH_ALLOW_LISTS: Dict[str, Tuple[str, ...]] = {
    "ec202111": EDGECORE_RULES + ("VRRP_INTERFACE",),
    "ec202211_ecsonic": EDGECORE_RULES + ("SAG_GLOBAL",),
    "enterprise_sonic": (
        "LOOPBACK",
        "DNS",
        "DNS_SERVER",
        "NTP auth_enabled",
        "VLAN autostate",
        "VLAN dhcp_relay_*",
        "VXLAN_TUNNEL src_intf",
        "VXLAN_TUNNEL dscp",
        "VXLAN_TUNNEL qos-mode",
    ),
}


@dataclass(frozen=True)
class AllowRule:
    """One allow-list entry."""

    table: str
    key: str = "*"
    field: Optional[str] = None
    reason: str = ""

    def matches_row(self, table: str, key: str) -> bool:
        """True when the rule applies to row ``table|key``."""
        return table == self.table and fnmatch.fnmatchcase(key, self.key)

    def matches_field(self, name: str) -> bool:
        """True when the rule allows field ``name`` (rules without a field allow the whole row)."""
        return self.field is None or fnmatch.fnmatchcase(name, self.field)

    def describe(self) -> str:
        """The rule in its compact text form."""
        text = self.table if self.key == "*" else f"{self.table}|{self.key}"
        return f"{text} {self.field}" if self.field else text


@dataclass(frozen=True)
class AllowedItem:
    """A row or field removed because a rule allowed it."""

    table: str
    key: str
    field: Optional[str]
    rule: AllowRule


def parse_allow_rule(item: Any) -> AllowRule:
    """Parse one rule from its text or mapping form."""
    if isinstance(item, AllowRule):
        return item
    if isinstance(item, str):
        head, _sep, field_part = item.strip().partition(" ")
        table, _bar, key = head.partition("|")
        rule = AllowRule(table=table, key=key or "*", field=field_part.strip() or None)
    elif isinstance(item, Mapping):
        unknown = set(item) - {"table", "key", "field", "reason"}
        if unknown:
            raise ValidationError("allow_list", f"unknown rule keys {sorted(unknown)} in {dict(item)!r}")
        rule = AllowRule(table=str(item.get("table") or ""), key=str(item.get("key") or "*"),
                         field=item.get("field") or None, reason=str(item.get("reason") or ""))
    else:
        raise ValidationError("allow_list", f"a rule must be a string or a mapping, got {item!r}")
    if not rule.table or " " in rule.table:
        raise ValidationError("allow_list", f"rule {item!r} names no table")
    return rule


def allow_rules(branch: Optional[str] = None, extra: Optional[Iterable[Any]] = None) -> List[AllowRule]:
    """The built-in rules of ``branch`` (none for unknown or community branches) plus ``extra`` rules."""
    rules = [parse_allow_rule(text) for text in BRANCH_ALLOW_LISTS.get(branch or "", ())]
    rules.extend(parse_allow_rule(item) for item in (extra or ()))
    return rules


def split_allowed(config_db: Mapping[str, Any], rules: List[AllowRule]) -> Tuple[Dict[str, Any], List[AllowedItem], List[Tuple[str, str]]]:
    """Remove allowed rows and fields.

    Returns the remaining config (rows copied, input untouched), what was allowed, and the
    ``(table, key)`` rows that became empty only because all their fields were allowed.
    """
    remaining: Dict[str, Any] = {}
    allowed: List[AllowedItem] = []
    emptied: List[Tuple[str, str]] = []
    for table, rows in config_db.items():
        if not isinstance(rows, Mapping):
            remaining[table] = rows
            continue
        kept_rows: Dict[str, Any] = {}
        for key, fields in rows.items():
            matching = [rule for rule in rules if rule.matches_row(table, str(key))]
            whole = next((rule for rule in matching if rule.field is None), None)
            if whole is not None:
                allowed.append(AllowedItem(table, str(key), None, whole))
                continue
            if not matching or not isinstance(fields, Mapping):
                kept_rows[key] = fields
                continue
            kept = {}
            for name, value in fields.items():
                rule = next((rule for rule in matching if rule.matches_field(str(name))), None)
                if rule is None:
                    kept[name] = value
                else:
                    allowed.append(AllowedItem(table, str(key), str(name), rule))
            if fields and not kept:
                emptied.append((table, str(key)))
            kept_rows[key] = kept
        if kept_rows or not rows:
            remaining[table] = kept_rows
    return remaining, allowed, emptied
