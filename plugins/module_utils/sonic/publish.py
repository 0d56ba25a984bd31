# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn a render into a module result: write the files of a destination directory, report changes and diff.

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

import json
from typing import Optional

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.configdb_diff import row_changes, table_diff
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.output_files import sync_files
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.pipeline import (
    CONFIG_DB_FILE,
    FRR_CONF_FILE,
    RenderOutput,
    output_texts,
)


def parse_config_db_text(text: Optional[str]) -> dict:
    """A config_db file's tables; {} when there is no file or it is not a JSON object (then every table counts as new)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _diffs(output: RenderOutput, synced: dict) -> list:
    diffs = []
    config_db = synced[CONFIG_DB_FILE]
    if config_db["changed"]:
        tables = table_diff(parse_config_db_text(config_db["before"]), output.config_db)
        diffs.append(dict(tables, before_header=f"{config_db['path']} (changed tables)", after_header=f"{config_db['path']} (changed tables)"))
    frr = synced.get(FRR_CONF_FILE)
    if frr and frr["changed"]:
        diffs.append({"before": frr["before"] or "", "after": output.frr_conf, "before_header": frr["path"], "after_header": frr["path"]})
    return diffs


def publish(output: RenderOutput, dest: Optional[str], check_mode: bool) -> dict:
    """Module result of a render; with ``dest``, its files are synced (not in check mode) and changes reported.

    ``changed`` is true only when a file's content differs; ``changes`` lists the config_db
    tables and ``TABLE|key`` rows that differ from the file in ``dest``; ``diff`` holds
    before/after of those tables (and of frr.conf).
    """
    result = {
        "changed": False,
        "config_db": output.config_db,
        "frr_conf": output.frr_conf,
        "validation": output.validation.to_dict() if output.validation is not None else None,
        "files": {},
        "changes": None,
        "diff": [],
    }
    if not dest:
        return result
    synced = sync_files(dest, output_texts(output), check_mode)
    result["changed"] = any(item["changed"] for item in synced.values())
    result["files"] = {name: {"path": item["path"], "changed": item["changed"]} for name, item in synced.items()}
    result["changes"] = row_changes(parse_config_db_text(synced[CONFIG_DB_FILE]["before"]), output.config_db).to_dict()
    result["diff"] = _diffs(output, synced)
    return result
