# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The common part of the catalog's store services (partitions, sizes, images).

Private to the metalfleet.datacenter collection; not a public API.

A catalog entry is one row keyed by a user-given ``id``.  A subclass says how
module options become column values (validated, encoded), how a row becomes a
document, and who uses an entry; this class does the rest inside the caller's
transaction:

* ``ensure_present(spec)``: create, or update only the columns whose value
  changes (options given as ``None`` keep the stored value); the change is
  recorded (``tx.record``) only when the entry's state really differs;
* ``ensure_absent(id)``: refuse while the entry is in use (``ConflictError``
  naming the users), else delete and record;
* ``apply_all(entries, prune)``: the list form; with ``prune`` first removes
  every stored entry that is not listed and not in use (in-use ones are kept
  and reported), then applies the entries in order.  Errors name the entry
  (``sizes[3].constraints``).

Public class::

    CatalogStore(tx)   # subclass attributes: kind, table, list_field
        .find(entity_id) / .get(entity_id, field="id") / .rows(ids=None, name=None, labels=None)
        .document(row) / .state(row) / .users(entity_id)
        .ensure_present(spec) -> dict;  .ensure_absent(entity_id) -> bool
        .apply_all(entries, prune=False) -> {"items": [...], "removed": [...], "kept_in_use": [...]}
"""
from __future__ import annotations

import abc
import collections
import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    FleetError,
    NotFoundError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.usage import describe_users
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

ABSENT = "absent"


def to_json(value) -> str:
    """Canonical JSON text, so equal values are stored (and compared) as equal text."""
    return json.dumps(value, sort_keys=True)


def labels_option(value, field: str = "labels") -> dict:
    """Labels are a flat mapping of strings to strings."""
    if not isinstance(value, dict):
        raise ValidationError(field, "expected a mapping of strings, got %s" % type(value).__name__)
    labels = {}
    for key, item in value.items():
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise ValidationError(field, "label %r must have a string value, got %r" % (key, item))
        labels[str(key)] = str(item)
    return limits.check_labels(labels, field)


def text_option(value, field: str, maximum: int = limits.DESCRIPTION_MAX, multiline: bool = True) -> str:
    """Free text within the bounds of ``_common.limits`` (by default those of a description)."""
    if not isinstance(value, str):
        raise ValidationError(field, "expected a string, got %r" % (value,))
    return limits.check_text(value, field, maximum, multiline=multiline)


def descriptive_columns(spec: dict, options=("name", "description", "labels")) -> dict:
    """The encoded columns of the descriptive options that catalog entries share, for those given in ``spec``.

    ``name`` is a display name (one line, at most 128 characters), ``description`` may span lines (1024).
    """
    columns = {option: text_option(spec[option], option, *((limits.NAME_MAX, False) if option == "name" else ()))
               for option in ("name", "description") if option in options and spec.get(option) is not None}
    if "labels" in options and spec.get("labels") is not None:
        columns["labels"] = to_json(labels_option(spec["labels"]))
    return columns


def descriptive_state(row) -> dict:
    """The id and the descriptive fields of a catalog entry's state, as :func:`descriptive_columns` stored them."""
    return {"id": row["id"], "name": row["name"], "description": row["description"], "labels": json.loads(row["labels"])}


def reindex_error(exc: FleetError, prefix: str) -> FleetError:
    """The same error with its field (or message) prefixed by the list entry, e.g. ``sizes[2].``."""
    if isinstance(exc, ValidationError):
        return ValidationError(prefix + exc.field if exc.field else prefix.rstrip("."), exc.reason)
    clone = type(exc)("%s%s" % (prefix, exc.message))
    return clone


class CatalogStore(abc.ABC):
    """Create, change, delete and describe one kind of catalog entry inside one transaction."""

    kind = ""          # entity kind for the diff and the audit log, e.g. "partition"
    table = ""         # the store table
    list_field = ""    # the module's list option, e.g. "partitions"

    def __init__(self, tx):
        self.tx = tx

    # -- to implement --------------------------------------------------------------------------------------
    @abc.abstractmethod
    def validated_id(self, spec) -> str:
        """The entry's id from the options, validated."""

    @abc.abstractmethod
    def columns_for(self, entity_id: str, spec: dict, row) -> dict:
        """Validated, encoded column values for the options (only the options given; all required ones for a new row)."""

    @abc.abstractmethod
    def state(self, row) -> dict:
        """What the diff and the audit log show (no timestamps)."""

    @abc.abstractmethod
    def users(self, entity_id: str) -> list:
        """Who uses the entry (empty: it may be removed)."""

    def write_children(self, entity_id: str, spec: dict) -> None:
        """Hook for entries with rows in other tables (size reservations); called after the row is written."""

    def delete_children(self, entity_id: str) -> None:
        """Hook: delete the rows of other tables that belong to the entry, before the entry itself."""

    # -- lookups ---------------------------------------------------------------------------------------------
    def find(self, entity_id: str):
        return self.tx.query_one("SELECT * FROM %s WHERE id = ?" % self.table, (entity_id,))

    def get(self, entity_id: str, field: str = "id"):
        row = self.find(entity_id)
        if row is None:
            raise NotFoundError("%s: no %s %r in the catalog" % (field, self.kind, entity_id))
        return row

    def rows(self, ids=None, name=None, labels=None) -> list:
        rows = self.tx.query("SELECT * FROM %s ORDER BY id" % self.table)
        if ids is not None:
            wanted = set(ids)
            rows = [r for r in rows if r["id"] in wanted]
        if name is not None:
            rows = [r for r in rows if r["name"] == name]
        if labels:
            rows = [r for r in rows if all(json.loads(r["labels"]).get(k) == str(v) for k, v in labels.items())]
        return rows

    def document(self, row) -> dict:
        """The entry as modules return it: its state plus timestamps."""
        doc = self.state(row)
        doc["created_at"] = row["created_at"]
        doc["updated_at"] = row["updated_at"]
        return doc

    # -- present ---------------------------------------------------------------------------------------------
    def ensure_present(self, spec: dict) -> dict:
        entity_id = self.validated_id(spec)
        row = self.find(entity_id)
        before = self.state(row) if row is not None else None
        columns = self.columns_for(entity_id, spec, row)
        now = utc_now()
        if row is None:
            self.tx.insert_row(self.table, dict(columns, id=entity_id, created_at=now, updated_at=now))
        else:
            changed = {column: value for column, value in columns.items() if row[column] != value}
            if changed:
                self._update(entity_id, changed, now)
        self.write_children(entity_id, spec)
        row = self.find(entity_id)
        after = self.state(row)
        if after != before:
            if before is not None and row["updated_at"] != now:  # only child rows changed
                self._update(entity_id, {}, now)
                row = self.find(entity_id)
            self.tx.record(self.kind, entity_id, "create" if before is None else "update", before, after)
        return self.document(row)

    def _update(self, entity_id: str, changed: dict, now: str) -> None:
        self.tx.update_row(self.table, ("id", entity_id), changed, now)

    # -- absent ----------------------------------------------------------------------------------------------
    def ensure_absent(self, entity_id: str, field: str = "id") -> bool:
        """Remove the entry; returns whether it existed.  Refused while it is in use."""
        row = self.find(entity_id)
        if row is None:
            return False
        users = self.users(entity_id)
        if users:
            raise ConflictError("%s: %s %r is in use by %s and cannot be removed" % (field, self.kind, entity_id, describe_users(users)))
        self._delete(row)
        return True

    def _delete(self, row) -> None:
        before = self.state(row)
        self.delete_children(row["id"])
        self.tx.execute("DELETE FROM %s WHERE id = ?" % self.table, (row["id"],))
        self.tx.record(self.kind, row["id"], "delete", before, None)

    # -- list form -------------------------------------------------------------------------------------------
    def listed_id(self, entry: dict, index: int) -> str:
        try:
            return self.validated_id(entry)
        except FleetError as exc:
            raise reindex_error(exc, "%s[%d]." % (self.list_field, index)) from None

    def prune(self, keep_ids) -> tuple:
        """Remove every entry not in ``keep_ids`` that nothing uses; return ``(removed, kept_in_use)`` ids."""
        removed, kept = [], []
        for row in self.rows():
            if row["id"] in keep_ids:
                continue
            if self.users(row["id"]):
                kept.append(row["id"])
            else:
                self._delete(row)
                removed.append(row["id"])
        return removed, kept

    def apply_entry(self, entry: dict):
        """Apply one list entry; returns its document (``None`` for ``state: absent``)."""
        if entry.get("state") == ABSENT:
            self.ensure_absent(self.validated_id(entry))
            return None
        return self.ensure_present(entry)

    def apply_all(self, entries, prune: bool = False) -> dict:
        """Apply the list form (see the module docstring)."""
        entries = list(entries or [])
        ids = [self.listed_id(entry, index) for index, entry in enumerate(entries)]
        duplicates = sorted(entity_id for entity_id, count in collections.Counter(ids).items() if count > 1)
        if duplicates:
            raise ValidationError(self.list_field, "%s listed more than once: %s" % (self.kind, ", ".join(duplicates)))
        removed, kept = self.prune({i for i, e in zip(ids, entries) if e.get("state") != ABSENT}) if prune else ([], [])
        items = []
        for index, entry in enumerate(entries):
            try:
                document = self.apply_entry(entry)
            except FleetError as exc:
                raise reindex_error(exc, "%s[%d]." % (self.list_field, index)) from None
            if document is not None:
                items.append(document)
        self.after_apply_all(ids)
        return {"items": items, "removed": removed, "kept_in_use": kept}

    def after_apply_all(self, ids) -> None:
        """Hook for checks that need the whole list applied first (size overlaps)."""
