# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate a SONiC config_db against a directory of SONiC YANG models with libyang.

Private to the metalfleet.datacenter collection; not a public API.

Flow: take out what the allow-list permits; translate every row into YANG
instance data (rows of tables without a model, unknown keys and unknown fields
become errors right away); let libyang parse and validate the whole document.
libyang stops at its first error, so on failure the offending field (or row)
is recorded and removed and the document is checked again until it passes.
A valid config therefore costs one libyang parse; each error costs one more.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_allowlist import allow_rules, split_allowed
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_instance import (
    InstanceRow,
    build_instance,
    translate_row,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_schema import YangSchema, load_schema

ALLOWED_MESSAGE = "allowed by allow-list"
NO_MODEL_MESSAGE = "no YANG model defines this table"

#: safety net: a config with more errors than this is reported as far as it got.
MAX_LIBYANG_ERRORS = 200

_LOCATION_RE = re.compile(r'(?:Data|Schema) location "([^"]*)"')
_PREDICATE_RE = re.compile(r"\[([^=\]]+)=('[^']*'|\"[^\"]*\")\]")


@dataclass(frozen=True)
class YangIssue:
    """One finding: ``table``, row ``key`` and ``field`` (None when the finding is about a whole row/table)."""

    table: str
    key: Optional[str]
    field: Optional[str]
    message: str

    def to_dict(self) -> Dict[str, Any]:
        """Plain-data form for module results."""
        return {"table": self.table, "key": self.key, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        where = self.table if self.key is None else f"{self.table}|{self.key}"
        if self.field:
            where = f"{where} {self.field}"
        return f"{where}: {self.message}"


@dataclass
class YangValidationResult:
    """Outcome of one validation."""

    errors: List[YangIssue] = field(default_factory=list)
    allowed: List[YangIssue] = field(default_factory=list)
    tables_without_model: List[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when nothing but allow-listed data deviates from the models."""
        return not self.errors

    def to_dict(self) -> Dict[str, Any]:
        """Plain-data form for module results."""
        return {
            "valid": self.valid,
            "errors": [issue.to_dict() for issue in self.errors],
            "allowed": [issue.to_dict() for issue in self.allowed],
            "tables_without_model": list(self.tables_without_model),
        }


def table_module_map(yang_dir: str) -> Dict[str, str]:
    """``{config_db table: YANG module}`` derived from the models in ``yang_dir``."""
    return {table: spec.module for table, spec in sorted(load_schema(yang_dir).tables.items())}


def config_db_to_instance(config_db: Mapping[str, Any], yang_dir: str) -> Tuple[Dict[str, Any], List[YangIssue]]:
    """Translate ``config_db`` into RFC 7951 instance data; returns (document, translation issues)."""
    schema = load_schema(yang_dir)
    rows, issues, _missing = _translate(schema, config_db)
    return build_instance(rows), issues


def validate_config_db(
    config_db: Mapping[str, Any],
    yang_dir: str,
    branch: Optional[str] = None,
    allow_list: Optional[Iterable[Any]] = None,
) -> YangValidationResult:
    """Validate ``config_db`` against the models in ``yang_dir``.

    ``branch`` selects a built-in allow-list (see yang_allowlist.BRANCH_ALLOW_LISTS),
    ``allow_list`` adds rules of the caller.
    """
    if not isinstance(config_db, Mapping):
        raise ValidationError("config_db", f"must be a mapping of tables, got {type(config_db).__name__}")
    schema = load_schema(yang_dir)
    remaining, allowed_items, emptied = split_allowed(config_db, allow_rules(branch, allow_list))
    result = YangValidationResult(
        allowed=[YangIssue(item.table, item.key, item.field, f"{ALLOWED_MESSAGE} ({item.rule.describe()})") for item in allowed_items],
    )
    for table, key in emptied:
        spec = schema.tables.get(table)
        if spec is None or spec.row_for_key(key) is None:
            remaining[table].pop(key, None)
            if not remaining[table]:
                del remaining[table]
    rows, issues, result.tables_without_model = _translate(schema, remaining)
    result.errors.extend(issues)
    result.errors.extend(_libyang_errors(schema, rows))
    return result


def _translate(schema: YangSchema, config_db: Mapping[str, Any]) -> Tuple[List[InstanceRow], List[YangIssue], List[str]]:
    rows: List[InstanceRow] = []
    issues: List[YangIssue] = []
    missing: List[str] = []
    for table, table_rows in config_db.items():
        spec = schema.tables.get(table)
        if spec is None:
            missing.append(table)
            issues.append(YangIssue(table, None, None, NO_MODEL_MESSAGE))
            continue
        if not isinstance(table_rows, Mapping):
            issues.append(YangIssue(table, None, None, f"table must be a mapping of rows, got {type(table_rows).__name__}"))
            continue
        for key, fields in table_rows.items():
            row, row_issues = translate_row(spec, str(key), fields)
            issues.extend(YangIssue(i.table, i.key, i.field, i.message) for i in row_issues)
            if row is not None:
                rows.append(row)
    return rows, issues, missing


def _libyang_errors(schema: YangSchema, rows: List[InstanceRow]) -> List[YangIssue]:
    errors: List[YangIssue] = []
    rows = list(rows)
    while rows:
        message = _parse_message(schema, rows)
        if message is None:
            break
        if len(errors) >= MAX_LIBYANG_ERRORS:
            errors.append(YangIssue("*", None, None, f"stopped after {MAX_LIBYANG_ERRORS} errors"))
            break
        issue, rows = _attribute(schema, rows, message)
        errors.append(issue)
    return errors


def _parse_message(schema: YangSchema, rows: List[InstanceRow], parse_only: bool = False) -> Optional[str]:
    """None when libyang accepts the rows, else its error message."""
    return schema.check(json.dumps(build_instance(rows)), parse_only=parse_only)


def _attribute(schema: YangSchema, rows: List[InstanceRow], message: str) -> Tuple[YangIssue, List[InstanceRow]]:
    """Turn a libyang error into an issue and the rows to check next (the culprit removed or trimmed)."""
    location = _LOCATION_RE.search(message)
    text = _clean_message(message)
    segments = _path_segments(location.group(1)) if location else []
    table = segments[1][0] if len(segments) > 1 else None
    field_name = segments[-1][0] if len(segments) > 3 else None
    culprit = _row_by_path(rows, segments) or _row_missing_leaf(rows, segments)
    if culprit is None and table is not None:
        culprit = _first_bad_row(schema, [row for row in rows if row.table == table])
        if culprit is not None and culprit[1] is not None:
            text, field_name = culprit[1]
        culprit = culprit[0] if culprit else None
    if culprit is None:
        # not attributable to one row: drop the table (or everything) so the loop terminates
        kept = [row for row in rows if table is not None and row.table != table]
        return YangIssue(table or "*", None, field_name, text), kept
    config_field = culprit.field_names.get(field_name or "", field_name)
    if config_field and culprit.drop_field(config_field):
        return YangIssue(culprit.table, culprit.key, config_field, text), rows
    return YangIssue(culprit.table, culprit.key, field_name, text), [row for row in rows if row is not culprit]


def _first_bad_row(schema: YangSchema, rows: List[InstanceRow]) -> Optional[Tuple[InstanceRow, Optional[Tuple[str, Optional[str]]]]]:
    """Parse rows one at a time (types only) to find the one a path without keys pointed at."""
    for row in rows:
        message = _parse_message(schema, [row], parse_only=True)
        if message is not None:
            location = _LOCATION_RE.search(message)
            segments = _path_segments(location.group(1)) if location else []
            return row, (_clean_message(message), segments[-1][0] if len(segments) > 3 else None)
    return None


def _row_by_path(rows: List[InstanceRow], segments: List[Tuple[str, Dict[str, str]]]) -> Optional[InstanceRow]:
    if len(segments) < 3:
        return None
    table, (row_name, predicates) = segments[1][0], segments[2]
    for row in rows:
        if row.table != table or row.spec.name != row_name:
            continue
        if row.is_container:
            return row
        if predicates and all(str(_plain(row.key_values.get(name, row.key_values.get(_local(name))))) == value
                              for name, value in predicates.items()):
            return row
    return None


def _row_missing_leaf(rows: List[InstanceRow], segments: List[Tuple[str, Dict[str, str]]]) -> Optional[InstanceRow]:
    """For a schema path (a missing mandatory leaf): the first row of that list without the leaf."""
    if len(segments) != 4:
        return None
    table, row_name, leaf_name = (segment[0] for segment in segments[1:4])
    for row in rows:
        if row.table == table and row.spec.name == row_name and leaf_name in row.spec.leaves:
            present = {json_name.split(":", 1)[-1] for json_name in row.values}
            if leaf_name not in present:
                return row
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _local(name: str) -> str:
    return name.split(":", 1)[-1]


def _path_segments(path: str) -> List[Tuple[str, Dict[str, str]]]:
    """Split a libyang data path into (node name, {key: value}) pairs; quoted values may hold '/'."""
    segments = []
    current = []
    quote = None
    for char in path:
        if quote:
            current.append(char)
            if char == quote:
                quote = None
        elif char in ("'", '"'):
            quote = char
            current.append(char)
        elif char == "/":
            if current:
                segments.append("".join(current))
            current = []
        else:
            current.append(char)
    if current:
        segments.append("".join(current))
    parsed = []
    for segment in segments:
        name = _local(segment.split("[", 1)[0])
        predicates = {key: value[1:-1] for key, value in _PREDICATE_RE.findall(segment)}
        parsed.append((name, predicates))
    return parsed


def _clean_message(message: str) -> str:
    text = message
    for prefix in ("failed to parse data tree: ", "validation failed: "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    text = text.split(': Data location "', 1)[0].split(': Schema location "', 1)[0]
    return text.rstrip(".: ") + "."
