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
    """Bad input.  ``field`` names the option or attribute at fault.

    Where the reference reports every problem at once (Go's ``errors.Join``), :meth:`joined` makes one error
    of several: the reasons joined with newlines, ``field`` the first field at fault and ``fields`` all of
    them, in order.  A single error's ``fields`` is ``[field]``.
    """

    kind = "validation"

    def __init__(self, field: str, message: str):
        self.field = field
        self.fields = [field] if field else []
        super().__init__(f"{field}: {message}" if field else message)
        self.reason = message

    @classmethod
    def joined(cls, errors) -> "ValidationError | None":
        """One error for ``errors`` (None for none, the error itself for one), joined like Go's ``errors.Join``."""
        errors = list(errors)
        if len(errors) <= 1:
            return errors[0] if errors else None
        fields = []
        for error in errors:
            fields.extend(f for f in error.fields if f not in fields)
        reason = "\n".join(error.reason for error in errors)
        if len(fields) <= 1:
            return cls(fields[0] if fields else "", reason)
        combined = cls(fields[0], reason)
        combined.fields = fields
        combined.message = "\n".join(str(error) for error in errors)
        combined.args = (combined.message,)
        return combined


def raise_joined(errors) -> None:
    """Raise :meth:`ValidationError.joined` of ``errors`` when there is any."""
    error = ValidationError.joined(errors)
    if error is not None:
        raise error


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
