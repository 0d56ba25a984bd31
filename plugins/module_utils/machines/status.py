# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A normalized, store-independent view of one machine's status.

Private to the metalfleet.datacenter collection; not a public API.

Issue detection and partition capacity work on :class:`MachineStatus` only, so
they stay pure and do not care how a machine record is stored.  Mapping from
the collection's own records (state ``waiting|allocated|reserved|locked|faulty``):

* ``waiting``   -> ``waiting=True``
* ``allocated`` -> ``project=<allocation project>``
* ``reserved``  -> ``hold=HOLD_RESERVED`` (operator hold: not allocatable)
* ``locked``    -> ``hold=HOLD_LOCKED``
* ``faulty``    -> ``extra_issues=("marked-faulty",)`` (or any other issue name)

Liveliness and provisioning events are normalized to lower case with
underscores (``"Phoned Home"`` -> ``"phoned_home"``) when the view is built.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LIVELINESS_ALIVE = "alive"
LIVELINESS_DEAD = "dead"
LIVELINESS_UNKNOWN = "unknown"
KNOWN_LIVELINESS = (LIVELINESS_ALIVE, LIVELINESS_DEAD, LIVELINESS_UNKNOWN)

EVENT_WAITING = "waiting"
EVENT_PHONED_HOME = "phoned_home"

HOLD_NONE = ""
HOLD_RESERVED = "reserved"
HOLD_LOCKED = "locked"

UNKNOWN_SIZE = "unknown"


def normalize_word(value) -> str:
    """Lower-case a state word and join its parts with ``_`` (``None`` -> ``""``)."""
    if value is None:
        return ""
    return "_".join(str(value).strip().lower().replace("-", " ").split())


@dataclass
class MachineStatus:  # pylint: disable=too-many-instance-attributes
    """What capacity and issue detection need to know about one machine.

    id: machine id.
    partition: partition id; ``""`` = none (issue ``no-partition``, not counted in capacity).
    size: size id; ``""`` = not matched to a size (counted under ``unknown``).
    project: project of the allocation; ``None`` = not allocated.
    waiting: the machine sits in the waiting pool, ready to be allocated.
    preallocated: an allocation in progress has already picked it.
    hold: operator hold, ``""`` (none), ``"reserved"`` or ``"locked"``; any hold makes it unallocatable.
    liveliness: ``"alive"``, ``"dead"``, ``"unknown"``, another value (issue ``liveliness-not-available``),
        or ``None`` = no provisioning record at all (issue ``no-event-container``; skipped by capacity).
    last_event: most recent provisioning event (``"waiting"``, ``"phoned_home"``, ...; ``""`` = none).
    crash_loop: the provisioning cycle is detected as crash-looping.
    failed_reclaim: a reclaim (free after delete) was detected as failed.
    bmc_address / bmc_mac: BMC IP and MAC; ``""`` = unknown.
    bmc_updated: epoch seconds of the last BMC report; ``None`` = never.
    extra_issues: issue names found elsewhere (e.g. a machine marked faulty by an operator).
    """

    id: str
    partition: str = ""
    size: str = ""
    project: str | None = None
    waiting: bool = False
    preallocated: bool = False
    hold: str = HOLD_NONE
    liveliness: str | None = LIVELINESS_ALIVE
    last_event: str = ""
    crash_loop: bool = False
    failed_reclaim: bool = False
    bmc_address: str = ""
    bmc_mac: str = ""
    bmc_updated: float | None = None
    extra_issues: tuple = field(default_factory=tuple)

    def __post_init__(self):
        self.partition = self.partition or ""
        self.size = self.size or ""
        self.hold = normalize_word(self.hold)
        self.last_event = normalize_word(self.last_event)
        if self.liveliness is not None:
            self.liveliness = normalize_word(self.liveliness)
        self.bmc_address = self.bmc_address or ""
        self.bmc_mac = self.bmc_mac or ""
        self.extra_issues = tuple(self.extra_issues or ())

    @property
    def allocated(self) -> bool:
        return self.project is not None

    @property
    def size_or_unknown(self) -> str:
        return self.size or UNKNOWN_SIZE

    @property
    def allocatable(self) -> bool:
        """True when the allocation query would consider it: unallocated, waiting, not picked, no hold, alive."""
        return (not self.allocated and self.waiting and not self.preallocated
                and self.hold == HOLD_NONE and self.liveliness == LIVELINESS_ALIVE)
