# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a BMC module: resolve its targets, act on each (in parallel), shape results, diff and failures.

Private to the metalfleet.datacenter collection; not a public API.

A module's ``main()`` builds its ``AnsibleModule`` from :func:`bmc_module_spec` plus its own
options and calls :func:`run_bmc_module` with an *action*: ``action(driver, params, check_mode)``
returns the target's result fields, including ``changed`` and optionally ``diff_before`` /
``diff_after`` (moved into the module's diff).  In check mode the action reads state and
predicts; it never changes the BMC.

One target (``bmc_host`` or ``machine``): the result fields are the module's result, and a
failed target fails the task with ``msg`` starting with the error kind and ``error`` set to
it.  ``targets``: ``results`` holds one entry per target (in task order) with ``ok``,
``error`` and ``error_kind``; the task fails when a target failed unless
``fail_on_target_error`` is false.
"""
from __future__ import annotations

import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    actor_name,
    build_diff,
    fail_from_error,
    open_module_store,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.bulk import run_bulk
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.fleet_targets import machine_bmc
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.module_spec import (
    bmc_argument_spec,
    bmc_module_constraints,
    build_target,
    target_requests,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import (
    secret_box_from_params,
    secret_key_argument_spec,
)

#: how each error kind reads at the start of ``msg``
KIND_WORDS = {
    "authentication": "authentication failed",
    "unreachable": "BMC unreachable",
    "timeout": "BMC timeout",
    "unsupported": "unsupported operation",
    "session": "BMC session failed",
    "bmc_error": "BMC error",
    "dependency": "missing library",
    "internal": "internal error",
}


def bmc_module_spec(extra: dict | None = None) -> dict:
    """``AnsibleModule`` keyword arguments: shared BMC, store and secret-key options plus the module's own."""
    spec = dict(bmc_argument_spec())
    spec.update(store_argument_spec())
    spec.update(secret_key_argument_spec())
    spec.update(extra or {})
    return dict(argument_spec=spec, supports_check_mode=True, **bmc_module_constraints())


def describe_failure(kind: str, error: str) -> str:
    return f"{KIND_WORDS.get(kind, kind)}: {error}"


class BmcTask:
    """One module run: the targets it names and the store, when machines are among them."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.requests = target_requests(self.params)
        self.store = None
        self.targets = []

    @property
    def bulk(self) -> bool:
        return bool(self.params.get("targets"))

    def run_in_store(self, work, write: bool = False):
        """``work(tx)`` in one store transaction (rolled back in check mode); the store opens on first use."""
        if self.store is None:
            self.store = open_module_store(self.module)
        return self.store.run(lambda tx: (work(tx), list(tx.changes)), write=write, check_mode=self.module.check_mode,
                              actor=actor_name(), module=getattr(self.module, "_name", "metalfleet.datacenter"))

    def resolve(self) -> list:
        """BmcTarget per request; machine records are read in one transaction.  Store passwords join no_log."""
        machines = {}
        wanted = [request for request in self.requests if request.machine]
        if wanted:
            box = secret_box_from_params(self.params)
            machines, _changes = self.run_in_store(
                lambda tx: {request.field: machine_bmc(tx, request.machine, box, request.field) for request in wanted})
        for bmc in machines.values():
            if bmc.get("password"):
                self.module.no_log_values.add(bmc["password"])
        self.targets = [build_target(request, self.params, machines.get(request.field)) for request in self.requests]
        return self.targets

    def close(self):
        if self.store is not None:
            self.store.close()
            self.store = None


def _act_on(action, params, check_mode):
    def operation(driver):
        outcome = dict(action(driver, params, check_mode) or {})
        outcome.setdefault("driver", driver.protocol)
        return outcome
    return operation


def _flatten(outcome: dict) -> dict:
    """A run_one outcome as one result entry: the action's fields next to target, ok, error, elapsed."""
    entry = dict(outcome.get("result") or {})
    entry.update(target=outcome["target"], ok=outcome["ok"], error=outcome["error"], error_kind=outcome["error_kind"],
                 elapsed=outcome["elapsed"])
    entry.setdefault("changed", False)
    return entry


def _split_diff(entry: dict):
    return entry.pop("diff_before", None), entry.pop("diff_after", None)


def bulk_result(entries: list, fail_on_target_error: bool, elapsed: float) -> dict:
    """Module result for a ``targets`` run (entries in task order, diff parts already removed)."""
    failed = [entry for entry in entries if not entry["ok"]]
    result = {
        "changed": any(entry["changed"] for entry in entries),
        "elapsed": elapsed,
        "results": entries,
        "failed_targets": [entry["target"] for entry in failed],
        "summary": {"targets": len(entries), "ok": len(entries) - len(failed), "failed": len(failed),
                    "changed": sum(1 for entry in entries if entry["changed"])},
    }
    if failed and fail_on_target_error:
        kinds = sorted({entry["error_kind"] for entry in failed})
        first = failed[0]
        result.update(failed=True, error=kinds[0] if len(kinds) == 1 else "mixed",
                      msg=f"{len(failed)} of {len(entries)} targets failed; first: {first['target']}: "
                          f"{describe_failure(first['error_kind'], first['error'])}")
    return result


def run_targets(task: BmcTask, action) -> tuple:
    """(entries, diff before, diff after, seconds) for every target of the task; never raises for a BMC error."""
    params = task.params
    started = time.monotonic()
    outcomes = run_bulk(task.targets, _act_on(action, params, task.module.check_mode), workers=params["workers"])
    entries, before, after = [], {}, {}
    for outcome in outcomes:
        entry = _flatten(outcome)
        diff_before, diff_after = _split_diff(entry)
        if entry["changed"] and (diff_before is not None or diff_after is not None):
            before[entry["target"]] = diff_before
            after[entry["target"]] = diff_after
        entries.append(entry)
    return entries, before, after, round(time.monotonic() - started, 3)


def _warnings(task: BmcTask, entries: list) -> list:
    """Take the actions' ``warning`` fields out of the entries (prefixed with the target in bulk runs)."""
    found = []
    for entry in entries:
        warning = entry.pop("warning", None)
        if warning:
            found.append(f"{entry['target']}: {warning}" if task.bulk else warning)
    return found


def finish(module, task: BmcTask, run: tuple, extra: dict | None = None) -> None:
    """exit_json / fail_json for the run (see the module docstring).

    ``extra`` holds more result fields; its ``store_changes`` (what a write-back recorded) join ``changed`` and the diff.
    """
    entries, before, after, elapsed = run
    extra = dict(extra or {})
    store_changes = extra.pop("store_changes", None) or []
    store_diff = build_diff(store_changes)
    warnings = _warnings(task, entries)
    if task.bulk:
        result = bulk_result(entries, module.params["fail_on_target_error"], elapsed)
        diff = {"before": before, "after": after}
    else:
        result = dict(entries[0])
        label = result["target"]
        diff = {"before": dict(before.get(label) or {}), "after": dict(after.get(label) or {})}
        if not result["ok"]:
            result.update(failed=True, error=result["error_kind"], msg=describe_failure(result["error_kind"], result["error"]))
    result.update(extra)
    result["changed"] = bool(result.get("changed") or store_changes)
    diff["before"].update(store_diff["before"])
    diff["after"].update(store_diff["after"])
    if module._diff and result["changed"]:
        result["diff"] = diff
    for warning in warnings:
        module.warn(warning)
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)


def run_bmc_module(module, action, after=None, prepare=None) -> None:
    """Resolve targets, run ``action`` on each and exit the module.

    ``prepare(params)`` validates the module's own options first (raising ValidationError).
    ``after(task, entries)`` may return extra result fields (and ``store_changes``), e.g. a write-back
    to the store; it runs after every target is done.
    """
    task = None
    try:
        if prepare is not None:
            prepare(module.params)
        task = BmcTask(module)
        task.resolve()
        run = run_targets(task, action)
        extra = after(task, run[0]) if after else None
    except FleetError as error:
        if task is not None:
            task.close()
        fail_from_error(module, error)
        return
    task.close()
    finish(module, task, run, extra)
