# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare two config_db documents by table and by ``TABLE|key`` row.

Private to the metalfleet.datacenter collection; not a public API.

Used for the module diff (before/after of the tables that differ) and for the
deployment plan (which rows are added, changed or removed).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class RowChanges:
    """Rows (``TABLE|key``) that exist only after, only before, or in both with other fields."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    tables: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict:
        return {"tables": list(self.tables), "added": list(self.added), "removed": list(self.removed), "changed": list(self.changed)}


def _rows(config: Mapping | None, table: str) -> Mapping:
    rows = (config or {}).get(table)
    return rows if isinstance(rows, Mapping) else {}


def differing_tables(before: Mapping | None, after: Mapping | None) -> list[str]:
    """Names of the tables whose content differs (missing tables count as empty)."""
    names = set(before or {}) | set(after or {})
    return sorted(name for name in names if _rows(before, name) != _rows(after, name))


def table_diff(before: Mapping | None, after: Mapping | None) -> dict:
    """``{"before": {...}, "after": {...}}`` holding only the tables that differ (absent tables left out)."""
    names = differing_tables(before, after)
    return {
        "before": {name: (before or {})[name] for name in names if name in (before or {})},
        "after": {name: (after or {})[name] for name in names if name in (after or {})},
    }


def row_changes(before: Mapping | None, after: Mapping | None) -> RowChanges:
    """Row-level changes from ``before`` to ``after``, each list sorted."""
    added, removed, changed = [], [], []
    tables = differing_tables(before, after)
    for table in tables:
        old, new = _rows(before, table), _rows(after, table)
        added.extend(f"{table}|{key}" for key in new if key not in old)
        removed.extend(f"{table}|{key}" for key in old if key not in new)
        changed.extend(f"{table}|{key}" for key in new if key in old and old[key] != new[key])
    return RowChanges(tuple(sorted(added)), tuple(sorted(removed)), tuple(sorted(changed)), tuple(tables))
