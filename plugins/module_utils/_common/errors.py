# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Error types shared by every part of the collection's core.

Private to the metalfleet.datacenter collection; not a public API.

Every error the core raises on purpose is a :class:`FleetError`.  Modules turn
them into ``fail_json`` with the message (and, for validation errors, the name
of the offending field); anything else is a bug and is reported as such.
"""
from __future__ import annotations


class FleetError(Exception):
    """Base class of all deliberate errors of the collection's core."""

    kind = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.reason = message

    def __str__(self) -> str:
        return self.message


class ValidationError(FleetError):
    """Bad input.  ``field`` names the option or attribute at fault."""

    kind = "validation"

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)
        self.reason = message


class NotFoundError(FleetError):
    """A referenced entity does not exist."""

    kind = "not_found"


class ConflictError(FleetError):
    """The request contradicts existing state (overlap, duplicate, in use)."""

    kind = "conflict"


class ExhaustedError(FleetError):
    """A pool (addresses, prefixes, VRF ids, machines) has nothing left."""

    kind = "exhausted"


class StoreError(FleetError):
    """The fleet store cannot be opened or used (bad DSN, schema too new, driver missing)."""

    kind = "store"


class DependencyError(FleetError):
    """An optional Python library that the requested feature needs is missing."""

    kind = "dependency"

    def __init__(self, library: str, import_error: str | None = None):
        self.library = library
        self.import_error = import_error
        super().__init__(f"the Python library {library} is required for this feature but could not be imported")
