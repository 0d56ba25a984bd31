# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the ``partition``, ``size`` and ``image`` modules share: the single and the list form.

Private to the metalfleet.datacenter collection; not a public API.

Each of these modules takes one entry (``id`` plus its options and ``state``)
or a list of entries (``partitions:``, ``sizes:``, ``images:``, each entry with
the same options) plus ``prune``, which removes every stored entry that is not
listed, except those in use (they are kept and reported in ``kept_in_use``).
Either form is applied in one transaction.  List entries are not described
by the argument spec (so the documentation does not repeat every option): the
store services check every value, and unknown keys are refused here.

Public functions::

    catalog_argument_spec(entry_options: dict, list_option: str) -> dict
    catalog_module_kwargs(list_option: str) -> dict       # mutually_exclusive / required_one_of for AnsibleModule
    apply_catalog_params(module, store, entry_options: dict, singular: str) -> dict   # the module's result fields
    info_argument_spec(extra: dict, labels: bool = True) -> dict   # the ``*_info`` filters: id, name (and labels)
    filtered_documents(store, params) -> list              # the documents those filters select
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import store_argument_spec

STATES = ["present", "absent"]


def catalog_argument_spec(entry_options: dict, list_option: str) -> dict:
    spec = store_argument_spec()
    spec.update(entry_options)
    spec["id"] = {"type": "str"}
    spec["state"] = {"type": "str", "choices": STATES, "default": "present"}
    # entries are checked by the store service (like the single form, errors name "<list_option>[i].<option>")
    spec[list_option] = {"type": "list", "elements": "dict"}
    spec["prune"] = {"type": "bool", "default": False}
    return spec


def catalog_module_kwargs(list_option: str) -> dict:
    return {"mutually_exclusive": [("id", list_option)], "required_one_of": [("id", list_option)], "supports_check_mode": True}


def apply_catalog_params(module, store, entry_options: dict, singular: str) -> dict:
    params = module.params
    plural = store.list_field
    if params[plural] is None:
        if params["prune"]:
            raise ValidationError("prune", "prune works with the list form only (%s)" % plural)
        entry = {option: params[option] for option in entry_options}
        entry.update(id=params["id"], state=params["state"])
        return {singular: store.apply_entry(entry)}
    allowed = set(entry_options) | {"id", "state"}
    for index, entry in enumerate(params[plural]):
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise ValidationError("%s[%d]" % (plural, index), "unknown option %s; an entry takes %s" % (", ".join(unknown), ", ".join(sorted(allowed))))
    outcome = store.apply_all(params[plural], prune=params["prune"])
    if outcome["kept_in_use"]:
        module.warn("prune kept %d %s that are still in use: %s" % (len(outcome["kept_in_use"]), plural, ", ".join(outcome["kept_in_use"])))
    return {plural: outcome["items"], "removed": outcome["removed"], "kept_in_use": outcome["kept_in_use"]}


def info_argument_spec(extra: dict, labels: bool = True) -> dict:
    """The ``*_info`` modules' filters (doc fragments ``catalog.info_filters`` and ``catalog.info_labels``) plus ``extra``."""
    spec = store_argument_spec()
    spec.update(id={"type": "list", "elements": "str"}, name={"type": "str"})
    if labels:
        spec["labels"] = {"type": "dict"}
    spec.update(extra)
    return spec


def filtered_documents(store, params) -> list:
    return [store.document(row) for row in store.rows(ids=params["id"], name=params["name"], labels=params.get("labels"))]
