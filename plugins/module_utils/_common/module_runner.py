# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a store-backed module: open the store, one transaction, check mode, diff, errors.

Private to the metalfleet.datacenter collection; not a public API.

A module's ``main()`` builds its ``AnsibleModule`` from its own options plus
:func:`store_argument_spec`, then makes one call::

    run_store_module(module, lambda tx: {"network": NetworkService(tx).ensure_present(module.params)})

The work function gets the transaction and returns the module's result
fields.  ``changed`` comes from what the transaction recorded, so it is the
same in check mode (where everything is rolled back) and in a real run.
"""
from __future__ import annotations

import getpass
import os

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, FleetError, StoreError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.secrets import mask_secrets
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import driver_message
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import (
    ENV_STORE,
    ENV_STORE_PASSWORD,
    dsn_secrets,
    parse_location,
    redact_dsn,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

ENV_ACTOR = "METALFLEET_ACTOR"


def store_argument_spec() -> dict:
    """The options of the ``metalfleet.datacenter.store`` doc fragment."""
    return {
        "store": {"type": "str", "fallback": (env_fallback, [ENV_STORE])},
        "store_password": {"type": "str", "no_log": True, "fallback": (env_fallback, [ENV_STORE_PASSWORD])},
    }


def actor_name() -> str:
    """Who is making the change, for the audit log: ``METALFLEET_ACTOR`` or the local user."""
    actor = os.environ.get(ENV_ACTOR)
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "uid:%d" % os.getuid()


def build_diff(changes) -> dict:
    """``{"before": {...}, "after": {...}}`` keyed by ``kind name`` for every entity the transaction touched."""
    before, after, seen = {}, {}, set()
    for change in changes:
        key = "%s %s" % (change.kind, change.entity_id)
        if key not in seen and change.before is not None:
            before[key] = mask_secrets(change.before)
        seen.add(key)
        if change.after is not None:
            after[key] = mask_secrets(change.after)
        elif key in after:
            del after[key]
    return {"before": before, "after": after}


def fail_from_error(module, exc: FleetError):
    details = {"error": exc.kind}
    if getattr(exc, "field", None):
        details["field"] = exc.field
    if len(getattr(exc, "fields", None) or ()) > 1:
        details["fields"] = list(exc.fields)
    if isinstance(exc, DependencyError) and exc.import_error:
        details["exception"] = exc.import_error
    module.fail_json(msg=str(exc), **details)


def open_module_store(module):
    """Open the store named by the module's options (every form of the store's passwords is hidden from all output)."""
    module.no_log_values.update(dsn_secrets(module.params.get("store"), module.params.get("store_password")))
    return open_store(parse_location(module.params.get("store"), module.params.get("store_password")))


def run_store_module(module, work, write: bool = True) -> None:
    """Run ``work(tx)`` in one transaction and exit the module with its result (see module docstring)."""
    try:
        with open_module_store(module) as store:
            try:
                result, changes = store.run(
                    lambda tx: (work(tx), list(tx.changes)), write=write, check_mode=module.check_mode,
                    actor=actor_name(), module=getattr(module, "_name", "metalfleet.datacenter"))
            except store.backend.database_errors as exc:
                raise StoreError("the fleet store %s refused the change (nothing was written): %s"
                                 % (store.location.redacted(), driver_message(store.location, exc))) from None
    except FleetError as exc:
        fail_from_error(module, exc)
        return
    result = dict(result or {})
    result["changed"] = bool(changes)
    if module._diff and write:
        result["diff"] = build_diff(changes)
    module.exit_json(**result)


#: list options longer than this are logged and echoed in the result's invocation by their size only (see FleetModule).
LOG_LIST_LIMIT = 50


class FleetModule(AnsibleModule):
    """The AnsibleModule of the collection's modules: store passwords in no form, long list options by size only.

    ``AnsibleModule`` logs every invocation to the system log and echoes every option back in the result's
    ``invocation``, scrubbing all of it of every no_log value, but only in the form the value was given in.

    * **The store's passwords.**  A password in the ``store`` DSN is written percent-encoded (``p%40ss``), one in
      ``store_password`` as it is (``p@ss``); neither is a no_log value in the other's form, and the DSN is no no_log
      option at all.  Before anything is logged or returned, every form of both (see ``location.dsn_secrets``)
      joins the no_log values, and ``store`` is shown with its password replaced (``location.redact_dsn``), also
      when it came from ``METALFLEET_STORE`` and also when the module fails before it opened the store.
    * **Long lists.**  For a list of 10,000 machines the echo is a second copy of megabytes of input for Ansible to
      carry and scrub: registration took seconds longer, and logging alone took minutes.  The list's content is
      in the store's audit log; the system log and the invocation show ``<10000 entries>``.  Short lists are
      shown as they are.
    """

    def _hide_store_secrets(self) -> None:
        params = getattr(self, "params", None) or {}
        if "store" in (getattr(self, "argument_spec", None) or {}):
            self.no_log_values.update(dsn_secrets(params.get("store"), params.get("store_password")))

    def _summarized_params(self) -> dict:
        shown = {}
        for name, value in (getattr(self, "params", None) or {}).items():
            if name == "store" and isinstance(value, str):
                value = redact_dsn(value)
            elif isinstance(value, list) and len(value) > LOG_LIST_LIMIT:
                value = "<%d entries>" % len(value)
            shown[name] = value
        return shown

    def _log_invocation(self):
        self._hide_store_secrets()
        summarized = self._summarized_params()
        if summarized == self.params:
            super()._log_invocation()
            return
        saved = dict(self.params)
        try:
            self.params.clear()
            self.params.update(summarized)
            super()._log_invocation()
        finally:
            self.params.clear()
            self.params.update(saved)

    def exit_json(self, **kwargs):
        self._hide_store_secrets()
        kwargs.setdefault("invocation", {"module_args": self._summarized_params()})
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._hide_store_secrets()
        kwargs.setdefault("invocation", {"module_args": self._summarized_params()})
        super().fail_json(msg, **kwargs)
