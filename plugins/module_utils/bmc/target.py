# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a BMC is and how to talk to it: the validated :class:`BmcTarget` value.

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

import dataclasses

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

DRIVERS = ("ipmi", "redfish", "auto")
SCHEMES = ("https", "http")
DEFAULT_IPMI_PORT = 623
DEFAULT_PORTS = {"https": 443, "http": 80}

#: first pause between two attempts; doubled per attempt, capped at MAX_BACKOFF
BASE_BACKOFF = 0.2
MAX_BACKOFF = 2.0


@dataclasses.dataclass(frozen=True)
class BmcTarget:
    """One BMC.  ``password`` never shows in ``repr()``; ``label`` is safe to print.

    ``timeout`` bounds every single attempt (seconds); ``retries`` is the number of extra
    attempts after a transient failure (timeout, unreachable).  ``redfish_system`` is a
    system id (``1``) or path (``/redfish/v1/Systems/1``); empty means "the only system".
    ``port`` empty means 623 for IPMI and the scheme's port for Redfish.
    """

    host: str
    username: str = ""
    password: str = dataclasses.field(default="", repr=False)
    port: int | None = None
    driver: str = "auto"
    timeout: float = 10.0
    retries: int = 1
    verify_tls: bool = True
    scheme: str = "https"
    redfish_system: str = ""
    name: str = ""

    def __post_init__(self):
        if not isinstance(self.host, str) or not self.host.strip():
            raise ValidationError("host", "a BMC host name or address is required")
        limits.check_host(self.host, "host")
        for name in ("username", "redfish_system", "name"):
            limits.check_text(getattr(self, name), name, limits.CREDENTIAL_MAX)
        if isinstance(self.password, str) and len(self.password) > limits.CREDENTIAL_MAX:
            raise ValidationError("password", "is longer than %d characters" % limits.CREDENTIAL_MAX)
        if self.driver not in DRIVERS:
            raise ValidationError("driver", f"must be one of {', '.join(DRIVERS)}, got {self.driver!r}")
        if self.scheme not in SCHEMES:
            raise ValidationError("scheme", f"must be one of {', '.join(SCHEMES)}, got {self.scheme!r}")
        if self.port is not None and (isinstance(self.port, bool) or not isinstance(self.port, int) or not 0 < self.port < 65536):
            raise ValidationError("port", f"must be an integer 1..65535, got {self.port!r}")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)) or not 0 < self.timeout <= 600:
            raise ValidationError("timeout", f"must be a number of seconds in (0, 600], got {self.timeout!r}")
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or not 0 <= self.retries <= 10:
            raise ValidationError("retries", f"must be an integer 0..10, got {self.retries!r}")

    @property
    def ipmi_port(self) -> int:
        return self.port or DEFAULT_IPMI_PORT

    @property
    def redfish_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = self.port or DEFAULT_PORTS[self.scheme]
        return f"{self.scheme}://{host}:{port}"

    def endpoint(self, driver: str | None = None) -> str:
        """A printable address for messages (no credentials): ``ipmi://host:623``."""
        driver = driver or self.driver
        if driver == "redfish":
            return self.redfish_url
        port = self.port or (DEFAULT_IPMI_PORT if driver == "ipmi" else "")
        return f"{driver}://{self.host}" + (f":{port}" if port else "")

    @property
    def label(self) -> str:
        return self.name or self.endpoint()

    def backoff(self, attempt: int) -> float:
        """Pause after failed attempt number ``attempt`` (0-based)."""
        return min(MAX_BACKOFF, BASE_BACKOFF * (2 ** attempt))

    def worst_case_seconds(self) -> float:
        """Upper bound for one driver call: every attempt times out, plus the pauses between them."""
        return self.timeout * (self.retries + 1) + sum(self.backoff(n) for n in range(self.retries))

    def with_driver(self, driver: str) -> "BmcTarget":
        return dataclasses.replace(self, driver=driver)

    @classmethod
    def from_params(cls, params: dict) -> "BmcTarget":
        """Build a target from module-style options, ignoring unknown keys and ``None`` values."""
        names = {field.name for field in dataclasses.fields(cls)}
        unknown_ok = {key: value for key, value in params.items() if key in names and value is not None}
        return cls(**unknown_ok)
