# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading the audit log and describing the store.

Private to the metalfleet.datacenter collection; not a public API.

Entries are written by ``Transaction.record`` (one per entity changed, secrets
already masked); this module only reads them.
"""
from __future__ import annotations

import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.limits import AUDIT_LIMIT_RANGE, check_int
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import ENTITY_TABLES


def read_audit(tx, entity_kind=None, entity_id=None, since=None, module=None, limit: int = 100) -> list:
    """Newest first."""
    if limit is not None and limit < 1:
        raise ValidationError("limit", "must be at least 1")
    if limit is not None:
        limit = check_int(limit, "limit", *AUDIT_LIMIT_RANGE)
    sql, params = "SELECT * FROM audit_log WHERE 1 = 1", []
    for column, value in (("entity_kind", entity_kind), ("entity_id", entity_id), ("module", module)):
        if value is not None:
            sql, params = sql + " AND %s = ?" % column, params + [value]
    if since is not None:
        sql, params = sql + " AND at >= ?", params + [since]
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT %d" % int(limit)
    return [{
        "id": row["id"],
        "at": row["at"],
        "actor": row["actor"],
        "module": row["module"],
        "entity_kind": row["entity_kind"],
        "entity_id": row["entity_id"],
        "action": row["action"],
        "before": json.loads(row["before_doc"]) if row["before_doc"] else None,
        "after": json.loads(row["after_doc"]) if row["after_doc"] else None,
    } for row in tx.query(sql, params)]


def entity_counts(tx) -> dict:
    """Rows per entity kind."""
    return {kind: tx.query_one("SELECT COUNT(*) AS n FROM %s" % table)["n"] for kind, table in sorted(ENTITY_TABLES.items())}
