# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translate config_db rows into RFC 7951 YANG instance data for the SONiC models.

Private to the metalfleet.datacenter collection; not a public API.

config_db is ``{TABLE: {key: {field: value}}}`` with string values.  The SONiC
models want ``{"<module>:<module>": {"<TABLE>": {"<TABLE>_LIST": [rows]}}}``
with the key split on ``|`` onto the list's key leaves and every value typed
as RFC 7951 says for its leaf (numbers for 8-32 bit integers, true/false for
booleans, arrays for leaf-lists).  Rows are kept as separate objects so the
validator can drop a faulty row or field and try again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_schema import (
    KIND_BOOL,
    KIND_EMPTY,
    KIND_INT,
    LeafSpec,
    RowSpec,
    TableSpec,
)

#: leaf-lists that config_db stores as one string use "," unless listed here.
LEAF_LIST_SEPARATORS = {("NTP", "src_intf"): ";"}
DEFAULT_SEPARATOR = ","


@dataclass(frozen=True)
class TranslationIssue:
    """A row or field that cannot be expressed in the model at all."""

    table: str
    key: Optional[str]
    field: Optional[str]
    message: str


@dataclass
class InstanceRow:
    """One config_db row, already typed for its YANG list or container."""

    table: str
    key: str
    module: str
    spec: RowSpec
    is_container: bool
    key_values: Dict[str, Any]
    values: Dict[str, Any] = field(default_factory=dict)
    field_names: Dict[str, str] = field(default_factory=dict)
    inner: List[Dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> Dict[str, Any]:
        """The row as the JSON object libyang parses."""
        data: Dict[str, Any] = dict(self.key_values)
        data.update(self.values)
        if self.inner and self.spec.inner_map is not None:
            data[self.spec.inner_map.name] = list(self.inner)
        return data

    def drop_field(self, config_field: str) -> bool:
        """Remove one optional field; False when the field is a key, mandatory or absent."""
        for json_name, name in list(self.field_names.items()):
            if name == config_field and not self.spec.leaves[_local(json_name)].mandatory:
                self.values.pop(json_name, None)
                del self.field_names[json_name]
                return True
        return False


def _local(json_name: str) -> str:
    return json_name.split(":", 1)[-1]


def _scalar(spec: LeafSpec, raw: Any) -> Any:
    if isinstance(raw, bool):
        text = "true" if raw else "false"
    elif isinstance(raw, (int, float)):
        text = str(raw)
    else:
        text = "" if raw is None else str(raw)
    if KIND_EMPTY in spec.kinds and text in ("", "true"):
        return [None]
    if KIND_INT in spec.kinds and _is_int(text):
        return int(text)
    if KIND_BOOL in spec.kinds and text in ("true", "false"):
        return text == "true"
    return text


def _is_int(text: str) -> bool:
    digits = text[1:] if text[:1] in ("-", "+") else text
    return digits.isdigit()


def typed_value(spec: LeafSpec, raw: Any, separator: str = DEFAULT_SEPARATOR) -> Any:
    """Type a config_db value for ``spec``; leaf-lists accept a list or a separated string."""
    if not spec.is_list:
        return _scalar(spec, raw)
    if isinstance(raw, (list, tuple)):
        items = list(raw)
    else:
        text = "" if raw is None else str(raw)
        items = [item.strip() for item in text.split(separator)] if text else []
    return [_scalar(spec, item) for item in items if item != ""]


def translate_row(table_spec: TableSpec, key: str, fields: Any) -> Tuple[Optional[InstanceRow], List[TranslationIssue]]:
    """Translate one row; returns (row or None, issues found while translating)."""
    table = table_spec.table
    if not isinstance(fields, Mapping):
        return None, [TranslationIssue(table, key, None, f"row must be a mapping of fields, got {type(fields).__name__}")]
    match = table_spec.row_for_key(key)
    if match is None:
        return None, [TranslationIssue(table, key, None, _unmatched_key_message(table_spec))]
    spec, parts = match
    row = InstanceRow(
        table=table,
        key=key,
        module=table_spec.module,
        spec=spec,
        is_container=not spec.keys,
        key_values={leaf.json_name: _scalar(leaf, part) for leaf, part in zip(spec.keys, parts)},
    )
    issues = []
    for config_field, raw in fields.items():
        name = str(config_field)
        leaf_name = name[:-1] if name.endswith("@") else name
        leaf = spec.leaves.get(leaf_name)
        if leaf is not None:
            separator = LEAF_LIST_SEPARATORS.get((table, leaf_name), DEFAULT_SEPARATOR)
            value = typed_value(leaf, raw, separator)
            if leaf.is_list and not value:
                continue
            row.values[leaf.json_name] = value
            row.field_names[leaf.json_name] = name
        elif spec.inner_map is not None:
            row.inner.append({
                spec.inner_map.key.json_name: _scalar(spec.inner_map.key, name),
                spec.inner_map.value.json_name: _scalar(spec.inner_map.value, raw),
            })
        else:
            issues.append(TranslationIssue(table, key, name, f"field {name} is not defined by {table_spec.module} ({spec.name})"))
    return row, issues


def _unmatched_key_message(table_spec: TableSpec) -> str:
    shapes = [f"{row.name} [{', '.join(leaf.name for leaf in row.keys)}]" for row in table_spec.lists]
    shapes.extend(f"container {name}" for name in sorted(table_spec.containers))
    return f"key matches no list or container of {table_spec.module} (expected one of: {'; '.join(shapes)})"


def build_instance(rows: List[InstanceRow]) -> Dict[str, Any]:
    """Assemble rows into one RFC 7951 document, modules and tables in first-seen order."""
    document: Dict[str, Any] = {}
    for row in rows:
        top = document.setdefault(f"{row.module}:{row.module}", {})
        table = top.setdefault(row.table, {})
        if row.is_container:
            table[row.spec.name] = row.to_json()
        else:
            table.setdefault(row.spec.name, []).append(row.to_json())
    return document
