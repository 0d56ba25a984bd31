# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Running a backup module: options, the store location, errors, the exit.

Private to the metalfleet.datacenter collection; not a public API.

The backup modules do not work inside one store transaction (a backup reads a
snapshot, a restore replaces the whole store), so they use this small runner
instead of ``run_store_module``; errors become ``fail_json`` the same way.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import fail_from_error, store_argument_spec
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_crypto import encryption_argument_spec
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location


def backup_argument_spec(encryption: bool = True, **options) -> dict:
    spec = dict(store_argument_spec(), directory={"type": "path", "required": True})
    if encryption:
        spec.update(encryption_argument_spec())
    spec.update(options)
    return spec


def module_location(module):
    location = parse_location(module.params.get("store"), module.params.get("store_password"))
    if location.password:
        module.no_log_values.add(location.password)
    return location


def run_backup_module(module, work) -> None:
    """``work()`` returns the result (with ``changed``); FleetErrors fail the module naming their field."""
    try:
        result = work()
    except FleetError as exc:
        fail_from_error(module, exc)
        return
    module.exit_json(**result)
