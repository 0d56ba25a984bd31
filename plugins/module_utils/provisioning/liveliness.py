# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine liveliness from the time of its last provisioning event (pure; the clock is a parameter).

Private to the metalfleet.datacenter collection; not a public API.

metal-api's ``evaluateMachineLiveliness``: a machine that sent an event within
the last 5 minutes is ``Alive``.  Older than that, a free machine is ``Dead``
(its discovery ramdisk reports every minute), an allocated one ``Unknown``
(it runs its own operating system, which may simply not phone home).
Timestamps are stored as ISO 8601 UTC text; :func:`to_iso` and
:func:`from_iso` convert them from and to epoch seconds.
"""
from __future__ import annotations

import datetime
import time

ALIVE = "Alive"
DEAD = "Dead"
UNKNOWN = "Unknown"
LIVELINESS = (ALIVE, DEAD, UNKNOWN)

#: metal-stack's ``MachineDeadAfter``.
DEAD_AFTER = 5 * 60

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def system_clock() -> float:
    return time.time()


def to_iso(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(_FORMAT)


def from_iso(text: str) -> float:
    return datetime.datetime.strptime(text, _FORMAT).replace(tzinfo=datetime.timezone.utc).timestamp()


def liveliness(last_event_at: float | None, allocated: bool, now: float) -> str | None:
    """``Alive``, ``Dead`` or ``Unknown``; ``None`` for a machine that never sent an event."""
    if last_event_at is None:
        return None
    if now - last_event_at > DEAD_AFTER:
        return UNKNOWN if allocated else DEAD
    return ALIVE


def dead_cutoff(now: float) -> str:
    """The ISO time before which a last event makes a machine ``Dead`` or ``Unknown`` (compared as text in SQL)."""
    return to_iso(now - DEAD_AFTER)
