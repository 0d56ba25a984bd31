# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Errors raised by the BMC drivers.

Private to the metalfleet.datacenter collection; not a public API.

Each class carries a ``kind`` that bulk results report as ``error_kind``.  Messages name
the BMC (``ipmi://host:port``) and say what went wrong in words; library tracebacks are
never part of them.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError


class BmcError(FleetError):
    """Base class: the BMC answered with an error or something unexpected."""

    kind = "bmc_error"

    #: whether another attempt may succeed (network trouble, not a refusal)
    transient = False

    def __init__(self, endpoint: str, message: str):
        self.endpoint = endpoint
        super().__init__(f"{endpoint}: {message}" if endpoint else message)


class BmcAuthenticationError(BmcError):
    """The BMC rejected the user name or password (never retried)."""

    kind = "authentication"


class BmcUnreachableError(BmcError):
    """Nothing answers at the address (refused, no route, unknown host)."""

    kind = "unreachable"
    transient = True


class BmcTimeoutError(BmcError):
    """The BMC did not answer, or a requested state was not reached, in time."""

    kind = "timeout"
    transient = True


class BmcUnsupportedError(BmcError):
    """The BMC or the protocol cannot do the requested operation."""

    kind = "unsupported"


class BmcSessionError(BmcError):
    """The client library's session state broke (not the BMC's fault); retried with a new session."""

    kind = "session"
    transient = True
