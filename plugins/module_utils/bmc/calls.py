# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hard deadlines and bounded retries for calls into BMC client libraries.

Private to the metalfleet.datacenter collection; not a public API.

Client libraries have their own ideas about waiting (pyghmi keeps a dead session for
half a minute before giving up).  :func:`call_with_deadline` runs the call in a daemon
worker thread and stops waiting when the deadline passes, so the caller is never held
longer than asked; the abandoned thread ends when the library gives up on its own.
"""
from __future__ import annotations

import threading
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import BmcTimeoutError


def call_with_deadline(func, seconds: float, endpoint: str, what: str):
    """Return ``func()`` or raise :class:`BmcTimeoutError` once ``seconds`` have passed."""
    outcome = {}

    def runner():
        try:
            outcome["value"] = func()
        except BaseException as error:  # pylint: disable=broad-except  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=runner, name=f"bmc-call {endpoint} {what}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise BmcTimeoutError(endpoint, f"{what}: no answer within {seconds:g}s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def call_with_retries(attempt, target, endpoint: str, what: str, translate, on_abandon=None):
    """Run ``attempt()`` with a hard per-attempt deadline of ``target.timeout``.

    ``translate(exception)`` turns library exceptions into a FleetError (usually a BmcError); transient ones
    (timeout, unreachable) are retried ``target.retries`` times with exponential backoff.
    ``on_abandon()`` is called after an attempt timed out, to drop state the library may
    still be holding (e.g. a half-dead session).
    """
    last_error = None
    for number in range(target.retries + 1):
        if number:
            time.sleep(target.backoff(number - 1))
        try:
            return call_with_deadline(attempt, target.timeout, endpoint, what)
        except FleetError as error:  # already one of ours (BmcError, ValidationError ...)
            last_error = error
        except Exception as error:  # pylint: disable=broad-except  # translated into a BmcError
            last_error = translate(error)
        if isinstance(last_error, BmcTimeoutError) and on_abandon is not None:
            on_abandon()
        if not getattr(last_error, "transient", False):
            break
    raise last_error
