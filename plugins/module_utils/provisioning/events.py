# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Provisioning events and metal-stack's provisioning state machine (pure; no store, no clock).

Private to the metalfleet.datacenter collection; not a public API.

A machine's *event container* remembers its last stored event, when it last
heard from the machine, its liveliness and two flags (crash loop, failed
machine reclaim).  The state of the machine is the state its last stored event
leads to (``Initial`` before any).  :func:`apply_event` takes the container
and one incoming event and says what to do, following metal-api's
``cmd/metal-api/internal/fsm`` (``events.go`` and ``states/``):

* an event the table accepts from the current state is stored;
* ``Alive`` is never stored: it only refreshes the time and liveliness;
* a repeat of the last stored event is swallowed (time and liveliness refreshed,
  nothing stored), see :data:`SWALLOW_REPEATS`;
* ``Phoned Home`` during ``Machine Reclaim`` is swallowed; arriving more than
  5 minutes after the last event it marks the reclaim failed;
* an event the table does not accept is still stored (metal-stack never drops
  what a machine says), its message prefixed ``[unexpectedly received in
  <state>]``; an unexpected ``PXE Booting`` or ``Preparing`` means the machine
  restarted its provisioning: crash loop;
* ``Crashed`` sets the crash loop; ``Phoned Home``, ``Planned Reboot`` and
  ``Machine Reclaim`` clear it; ``PXE Booting`` and ``Preparing`` clear the
  failed reclaim.

Every event makes the machine ``Alive`` (``liveliness.py`` ages it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

PXE_BOOTING = "PXE Booting"
PREPARING = "Preparing"
REGISTERING = "Registering"
WAITING = "Waiting"
INSTALLING = "Installing"
BOOTING_NEW_KERNEL = "Booting New Kernel"
PHONED_HOME = "Phoned Home"
ALIVE = "Alive"
CRASHED = "Crashed"
PLANNED_REBOOT = "Planned Reboot"
MACHINE_RECLAIM = "Machine Reclaim"

#: every event name, as stored and shown (metal-stack's spelling), in provisioning order.
EVENTS = (PXE_BOOTING, PREPARING, REGISTERING, WAITING, INSTALLING, BOOTING_NEW_KERNEL, PHONED_HOME, ALIVE, CRASHED,
          PLANNED_REBOOT, MACHINE_RECLAIM)

#: the state before any event; the state after ``Crashed``.  Every other state is named after its event.
INITIAL = "Initial"
CRASHING = "Crashing"

#: metal-stack keeps this many events per machine.
MAX_EVENTS = 100

#: a phone home this long after the last event of a machine reclaim means the reclaim failed (metal-stack: 5 minutes).
FAILED_RECLAIM_AFTER = 5 * 60

#: repeats of these are swallowed (metal-stack swallows repeated PXE Booting and Phoned Home; the collection swallows
#: every repeat, see docs/deviations.md).
SWALLOW_REPEATS = frozenset(EVENTS)

_PROVISIONING = (PXE_BOOTING, PREPARING, REGISTERING, WAITING, INSTALLING, BOOTING_NEW_KERNEL)
_ALL_STATES = (INITIAL, CRASHING) + _PROVISIONING + (PHONED_HOME, PLANNED_REBOOT, MACHINE_RECLAIM)

#: event -> the states it is accepted in (metal-api's ``fsm.Events()``; self transitions included).
ACCEPTED_FROM = {
    PXE_BOOTING: frozenset((PLANNED_REBOOT, MACHINE_RECLAIM, CRASHING, INITIAL, PXE_BOOTING)),
    PREPARING: frozenset((PXE_BOOTING, PLANNED_REBOOT, MACHINE_RECLAIM, CRASHING, INITIAL)),
    REGISTERING: frozenset((PREPARING, INITIAL)),
    WAITING: frozenset((REGISTERING, INITIAL)),
    INSTALLING: frozenset((WAITING, INITIAL)),
    BOOTING_NEW_KERNEL: frozenset((INSTALLING, INITIAL)),
    PHONED_HOME: frozenset((BOOTING_NEW_KERNEL, MACHINE_RECLAIM, INITIAL, PLANNED_REBOOT, PHONED_HOME)),
    PLANNED_REBOOT: frozenset(_ALL_STATES),
    MACHINE_RECLAIM: frozenset(_ALL_STATES),
    ALIVE: frozenset(_PROVISIONING + (INITIAL,)),
    CRASHED: frozenset(_PROVISIONING + (INITIAL,)),
}

_CLEARS_CRASH_LOOP = (PHONED_HOME, PLANNED_REBOOT, MACHINE_RECLAIM)
_CLEARS_FAILED_RECLAIM = (PXE_BOOTING, PREPARING)
_BY_KEY = {re.sub(r"[\s_-]+", "", name.lower()): name for name in EVENTS}


def event_name(value, field: str = "event") -> str:
    """The stored spelling of an event given in any case, with spaces, ``_`` or ``-`` (``phoned_home`` -> ``Phoned Home``)."""
    key = re.sub(r"[\s_-]+", "", str(value or "").lower())
    if key not in _BY_KEY:
        raise ValidationError(field, "unknown provisioning event %r, expected one of %s" % (value, ", ".join(EVENTS)))
    return _BY_KEY[key]


def state_after(last_event: str) -> str:
    """The machine's state when ``last_event`` is its last stored event (``""``: none yet)."""
    if not last_event:
        return INITIAL
    if last_event == CRASHED:
        return CRASHING
    return last_event


def accepted(state: str, event: str) -> bool:
    """Whether metal-stack's table has a transition for ``event`` in ``state``."""
    return state in ACCEPTED_FROM[event]


@dataclass(frozen=True)
class Container:
    """What the store keeps per machine besides the events themselves (times are epoch seconds)."""

    last_event: str = ""
    last_event_at: float | None = None
    liveliness: str = "Alive"
    crash_loop: bool = False
    failed_reclaim: bool = False
    last_error: str = ""


@dataclass(frozen=True)
class Outcome:
    """The result of one incoming event.

    ``store``: append ``(event, message)`` to the machine's events; ``accepted``: the table has the transition
    (False: stored anyway, flagged as unexpected); ``swallowed``: a repeat or reclaim phone home, nothing stored.
    """

    container: Container
    event: str
    message: str
    store: bool
    accepted: bool
    swallowed: bool


def apply_event(container: Container, event: str, message: str, at: float) -> Outcome:
    """Apply one event (already :func:`event_name`-normalized) received at ``at`` to ``container``."""
    state = state_after(container.last_event)
    alive = replace(container, last_event_at=at, liveliness="Alive")
    if not accepted(state, event):
        return _unexpected(alive, state, event, message)
    if event == ALIVE:
        return Outcome(alive, event, message, store=False, accepted=True, swallowed=False)
    if event == PHONED_HOME and state == MACHINE_RECLAIM:
        late = container.last_event_at is not None and at - container.last_event_at > FAILED_RECLAIM_AFTER
        if late:
            return Outcome(replace(alive, failed_reclaim=True), event, message, store=False, accepted=True, swallowed=True)
        return Outcome(container, event, message, store=False, accepted=True, swallowed=True)
    after = alive
    if event in _CLEARS_FAILED_RECLAIM:
        after = replace(after, failed_reclaim=False)
    if event in _CLEARS_CRASH_LOOP:
        after = replace(after, crash_loop=False)
    if event == CRASHED:
        after = replace(after, crash_loop=True, last_error=_error_text(event, message))
    if event == container.last_event and event in SWALLOW_REPEATS:
        return Outcome(after, event, message, store=False, accepted=True, swallowed=True)
    return Outcome(replace(after, last_event=event), event, message, store=True, accepted=True, swallowed=False)


def _unexpected(alive: Container, state: str, event: str, message: str) -> Outcome:
    note = "[unexpectedly received in %s]" % state.lower()
    message = "%s: %s" % (note, message) if message else note
    after = replace(alive, last_error=_error_text(event, message))
    if event == ALIVE:
        # metal-stack never stores Alive: stored in a state that does not accept it, every later Alive would be too
        return Outcome(after, event, message, store=False, accepted=False, swallowed=False)
    if event == alive.last_event and event in SWALLOW_REPEATS:
        return Outcome(alive, event, message, store=False, accepted=False, swallowed=True)
    if event in (PXE_BOOTING, PREPARING):
        after = replace(after, crash_loop=True)
    return Outcome(replace(after, last_event=event), event, message, store=True, accepted=False, swallowed=False)


def _error_text(event: str, message: str) -> str:
    return "%s: %s" % (event, message) if message else event


def trim_below(last_seq: int) -> int:
    """Events numbered below this are older than the last :data:`MAX_EVENTS` and are deleted."""
    return last_seq - MAX_EVENTS + 1
