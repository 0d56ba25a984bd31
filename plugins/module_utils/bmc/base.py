# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The protocol-neutral BMC driver interface and the behaviour every driver shares.

Private to the metalfleet.datacenter collection; not a public API.

A driver talks to one :class:`BmcTarget`.  Public methods return plain JSON-friendly
values and raise only :class:`BmcError` subclasses.  Every call into the client library
goes through :meth:`BmcDriver._call`, which bounds it by ``target.timeout`` per attempt and
``target.retries`` extra attempts (see ``calls.py``).  Power changes are requested and
then polled until the BMC reports the wanted state, because BMCs apply them late.
"""
from __future__ import annotations

import abc
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.calls import call_with_retries
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import (  # noqa: F401  pylint: disable=unused-import  # re-exported for callers
    BmcAuthenticationError,
    BmcError,
    BmcTimeoutError,
    BmcUnreachableError,
    BmcUnsupportedError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget  # noqa: F401  re-exported

POWER_ACTIONS = ("on", "off", "soft_off", "reset", "cycle")
BOOT_DEVICES = ("network", "disk", "bios", "cdrom")
HEALTH_LEVELS = ("ok", "warning", "critical", "failed")

#: the power state each action ends in
POWER_GOAL = {"on": "on", "off": "off", "soft_off": "off", "reset": "on", "cycle": "on"}

DEFAULT_POWER_WAIT = 60.0
POLL_INTERVAL = 0.5


def worst_health(levels) -> str:
    """The most severe of ``levels`` (``ok`` when empty); unknown names count as ``warning``."""
    worst = 0
    for level in levels:
        rank = HEALTH_LEVELS.index(level) if level in HEALTH_LEVELS else 1
        worst = max(worst, rank)
    return HEALTH_LEVELS[worst]


def parse_identify(state) -> tuple[bool, int | None]:
    """``on`` / ``off`` / a number of seconds (1..255) -> (on, seconds or None)."""
    if isinstance(state, bool):
        return state, None
    if isinstance(state, str) and state.lower() in ("on", "off"):
        return state.lower() == "on", None
    try:
        seconds = int(state)
    except (TypeError, ValueError):
        raise ValidationError("identify", f"must be 'on', 'off' or a number of seconds, got {state!r}") from None
    if not 0 <= seconds <= 255:
        raise ValidationError("identify", f"seconds must be 0..255, got {seconds}")
    return seconds > 0, seconds or None


def plan_power(previous: str, action: str) -> str | None:
    """The request that brings a machine in power state ``previous`` to ``action``, or None when it is there.

    ``on``/``off``/``soft_off`` are idempotent.  ``reset`` and ``cycle`` always act; on a machine
    that is off they become ``on`` (the goal, a running machine, is the same).
    """
    if action not in POWER_ACTIONS:
        raise ValidationError("state", f"must be one of {', '.join(POWER_ACTIONS)}, got {action!r}")
    if action in ("on", "off", "soft_off"):
        return None if previous == POWER_GOAL[action] else action
    return "on" if previous == "off" else action


def boot_request(device: str, persistent: bool, uefi: bool) -> dict:
    """The validated boot override request ``{device, persistent, uefi}``."""
    if device not in BOOT_DEVICES:
        raise ValidationError("device", f"must be one of {', '.join(BOOT_DEVICES)}, got {device!r}")
    return {"device": device, "persistent": bool(persistent), "uefi": bool(uefi)}


class BmcDriver(abc.ABC):
    """One BMC, one protocol.  Use as a context manager or call :meth:`close`."""

    protocol = "abstract"

    def __init__(self, target: BmcTarget):
        self.target = target
        self.endpoint = target.endpoint(self.protocol)

    # -- plumbing -------------------------------------------------------------------

    def _call(self, what: str, func):
        """Run ``func()`` against the BMC with deadline, retries and error translation."""
        return call_with_retries(func, self.target, self.endpoint, what, self._translate, self._abandon)

    @abc.abstractmethod
    def _translate(self, error: Exception) -> BmcError:
        """Map a client-library exception to a :class:`BmcError` (message without traceback)."""

    def _abandon(self) -> None:
        """Forget a session that stopped answering; the next call starts a fresh one."""

    def close(self) -> None:
        """Release the session (logout).  Never raises."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- primitives each protocol implements --------------------------------------

    @abc.abstractmethod
    def _read_power(self) -> str:
        """'on', 'off' (or a transitional state) as the BMC reports it now; runs inside _call."""

    @abc.abstractmethod
    def _request_power(self, action: str) -> None:
        """Ask for ``action`` (one of POWER_ACTIONS); runs inside _call."""

    @abc.abstractmethod
    def get_boot(self) -> dict:
        """``{device, persistent, uefi, valid, raw}``; device None when the BMC has no override."""

    @abc.abstractmethod
    def _request_boot(self, device: str, persistent: bool, uefi: bool) -> None:
        """Write the boot override; runs inside _call."""

    @abc.abstractmethod
    def _boot_confirmation(self, requested: dict, readback: dict) -> tuple[bool, str | None]:
        """Whether ``readback`` confirms ``requested``, and why not (naming any vendor quirk)."""

    @abc.abstractmethod
    def _request_identify(self, on: bool, seconds: int | None) -> dict:
        """Switch the identify LED; returns details such as ``{"timed": bool}``."""

    @abc.abstractmethod
    def inventory(self) -> dict:
        """``{manufacturer, product, serial, model, uuid, extra}`` (FRU / ComputerSystem)."""

    @abc.abstractmethod
    def health_and_sensors(self) -> dict:
        """``{health, bad: [names], sensors: [{name, type, value, units, health, states}]}``."""

    @abc.abstractmethod
    def sel_entries(self) -> list:
        """System event log: ``[{id, timestamp, component, event, severity, message}]``."""

    @abc.abstractmethod
    def firmware(self) -> dict:
        """``{component name: version}``."""

    # -- shared behaviour -----------------------------------------------------------

    def power_state(self) -> str:
        """Current power state: ``on`` or ``off`` (transitional states as reported, lower case)."""
        return self._call("get power state", self._read_power)

    def set_power(self, action: str, wait: bool = True, wait_timeout: float = DEFAULT_POWER_WAIT,
                  poll_interval: float = POLL_INTERVAL) -> dict:
        """Bring the machine to ``action`` and (by default) wait until the BMC reports the goal state.

        What is sent follows :func:`plan_power` (nothing when already there).  Returns ``{changed,
        requested, action, previous, state, reached, elapsed}``; raises :class:`BmcTimeoutError`
        when waiting and the goal is not reached in ``wait_timeout``.
        """
        started = time.monotonic()
        previous = self.power_state()
        sent = plan_power(previous, action)
        if sent is None:
            return {"changed": False, "requested": action, "action": None, "previous": previous, "state": previous,
                    "reached": True, "elapsed": round(time.monotonic() - started, 3)}
        self._call(f"set power {sent}", lambda: self._request_power(sent))
        state, reached = None, None
        if wait:
            state = self.wait_for_power(POWER_GOAL[action], wait_timeout, poll_interval)
            reached = True
        return {"changed": True, "requested": action, "action": sent, "previous": previous, "state": state,
                "reached": reached, "elapsed": round(time.monotonic() - started, 3)}

    def wait_for_power(self, goal: str, wait_timeout: float = DEFAULT_POWER_WAIT, poll_interval: float = POLL_INTERVAL) -> str:
        """Poll until the power state is ``goal``; raise :class:`BmcTimeoutError` after ``wait_timeout``."""
        deadline = time.monotonic() + wait_timeout
        while True:
            state = self.power_state()
            if state == goal:
                return state
            if time.monotonic() + poll_interval > deadline:
                raise BmcTimeoutError(self.endpoint, f"power state {goal!r} not reached within {wait_timeout:g}s (last seen {state!r})")
            time.sleep(poll_interval)

    def plan_boot(self, device: str, persistent: bool = False, uefi: bool = True) -> dict:
        """Read the boot override and say whether ``set_boot`` would write it (check mode uses this alone).

        Returns ``{requested, before, changed, reason}``: ``changed`` is false only when the BMC
        confirms that the override is already in place; ``reason`` says why it does not.
        """
        requested = boot_request(device, persistent, uefi)
        before = self.get_boot()
        already, reason = self._boot_confirmation(requested, before)
        return {"requested": requested, "before": before, "changed": not already, "reason": reason}

    def set_boot(self, device: str, persistent: bool = False, uefi: bool = True) -> dict:
        """Set the boot override (unless confirmed already in place) and read it back.

        Returns ``{changed, device, persistent, uefi, confirmed, reason, readback, before}``: ``confirmed``
        is true only when the BMC's read-back matches the request; ``reason`` says why not.
        A BMC that never confirms (quirk ``boot-flags-never-valid``) gets the override on every call.
        """
        plan = self.plan_boot(device, persistent, uefi)
        requested = plan["requested"]
        if plan["changed"]:
            self._call(f"set boot device {device}", lambda: self._request_boot(device, requested["persistent"], requested["uefi"]))
        readback = self.get_boot() if plan["changed"] else plan["before"]
        confirmed, reason = self._boot_confirmation(requested, readback)
        return dict(requested, changed=plan["changed"], confirmed=confirmed, reason=reason, readback=readback, before=plan["before"])

    def identify_state(self) -> str | None:
        """``on`` / ``off`` when the BMC reports its identify LED, else None (unknown)."""
        return None

    def identify(self, state="on") -> dict:
        """Identify LED: ``on``, ``off`` or on for a number of seconds.  Returns ``{state, seconds, ...}``."""
        on, seconds = parse_identify(state)
        details = self._call("identify", lambda: self._request_identify(on, seconds))
        return dict(details or {}, state="on" if on else "off", seconds=seconds)
