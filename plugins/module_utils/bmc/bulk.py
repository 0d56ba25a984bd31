# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run one BMC operation against many targets with a bounded pool of worker threads.

Private to the metalfleet.datacenter collection; not a public API.

Each target gets its own driver (own session), opened and closed inside its worker.  A
dead BMC holds only its own worker, and only for its own bounded time (every driver call
has a hard deadline), so the other targets are not delayed by it beyond that.
"""
from __future__ import annotations

import concurrent.futures
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.select import select_driver

OPERATIONS = ("power_state", "set_power", "get_boot", "set_boot", "identify", "inventory",
              "health_and_sensors", "sel_entries", "firmware")
DEFAULT_WORKERS = 8
MAX_WORKERS = 64


def run_one(target, operation, args=(), kwargs=None, driver_factory=select_driver) -> dict:
    """Run ``operation`` (a driver method name, or ``callable(driver)``) for one target; never raises.

    Returns ``{target, ok, result | error, error_kind, elapsed}``.
    """
    started = time.monotonic()
    outcome = {"target": target.label}
    try:
        with driver_factory(target) as driver:
            if callable(operation):
                result = operation(driver)
            else:
                result = getattr(driver, operation)(*args, **(kwargs or {}))
        outcome.update(ok=True, result=result, error=None, error_kind=None)
    except FleetError as error:
        outcome.update(ok=False, result=None, error=str(error), error_kind=error.kind)
    except Exception as error:  # pylint: disable=broad-except  # one broken target must not end the run
        outcome.update(ok=False, result=None, error=f"{target.label}: internal error: {type(error).__name__}: {error}",
                       error_kind="internal")
    outcome["elapsed"] = round(time.monotonic() - started, 3)
    return outcome


def run_bulk(targets, operation, args=(), kwargs=None, workers: int = DEFAULT_WORKERS, driver_factory=select_driver) -> list:
    """Run ``operation`` for every target in parallel (at most ``workers`` at once).

    Results come back in the order of ``targets``; see :func:`run_one` for their shape.
    """
    if not callable(operation) and operation not in OPERATIONS:
        raise ValidationError("operation", f"must be one of {', '.join(OPERATIONS)}, got {operation!r}")
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        raise ValidationError("workers", f"must be an integer 1..{MAX_WORKERS}, got {workers!r}")
    targets = list(targets)
    if not targets:
        return []
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(workers, len(targets)), thread_name_prefix="bmc-bulk") as pool:
        futures = [pool.submit(run_one, target, operation, args, kwargs, driver_factory) for target in targets]
        return [future.result() for future in futures]
