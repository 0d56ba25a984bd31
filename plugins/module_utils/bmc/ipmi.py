# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""IPMI-over-LAN (RMCP+) BMC driver built on pyghmi.

Private to the metalfleet.datacenter collection; not a public API.

Vendor quirks handled here (each named so that results can say which one applied):

* ``boot-flags-never-valid`` - OpenIPMI's ipmi_sim (and some real BMCs) never set the
  "boot flags valid" bit in Get System Boot Options, so pyghmi's ``get_bootdev()`` always
  answers ``default``.  We read the raw parameter: the device selector bits are still
  reported and are returned as ``raw``, but ``set_boot`` answers ``confirmed: false`` with
  the reason, because the BMC itself does not vouch for the override.
* ``no-power-cycle-in-pyghmi`` - pyghmi's ``set_power`` has no ``cycle``; we send Chassis
  Control "power cycle" (0x02) directly.
* ``pyghmi-stale-login-cache`` - pyghmi 1.6.19 files a session under its credentials as
  given but removes it under the utf-8 encoded ones, so with ``str`` credentials a logged-out
  session stays cached and the next login to that BMC gets the dead object back (TypeError /
  "Session no longer connected").  We pass bytes, which keeps both keys equal.  Should some
  other pyghmi state break anyway, the TypeError is a transient ``session`` error: the session
  is dropped and the call retried.
* ``login-to-dead-bmc`` - pyghmi keeps a login to a dead address in its process-wide
  session tables for ~5 s, so every login is preceded by an RMCP/ASF presence ping (which
  IPMI 2.0 BMCs must answer); no pong within the timeout is a timeout error without pyghmi.
  BMCs that do not answer presence pings are therefore reported as unreachable by this driver.
* ``pyghmi-shared-session`` - pyghmi hands every ``Command`` for the same host, port, user and
  password the one process-wide session object it already has, including a login still in
  progress or a session we just abandoned and are logging out.  A retry after a timeout then
  got the dying session back and failed at once ("Session no longer connected").  Abandoning
  a session therefore marks every pyghmi session of this BMC and user broken first (so
  pyghmi's constructor skips them and logs in anew), and logs them out in the background.
* ``pyghmi-lost-wakeup`` - pyghmi's shared I/O thread can take a reply off the socket before
  the waiting call has registered for it; the call then sleeps until its retransmit timer
  (0.5-1 s) runs out although the answer is already queued.  On a fast BMC this hit most
  commands (an inventory read took up to 3 s instead of 10 ms).  The driver caps every such
  directed wait at 50 ms (pyghmi's loop then finds the queued reply); the retransmit timer
  itself and the protocol are unchanged.
* ``dead-session-hangs`` - pyghmi keeps retrying a session whose BMC died for ~30 s and
  logs in to a dead address for ~5 s; every call runs under a hard deadline (calls.py) and
  a timed-out session is dropped and logged out in the background.
"""
from __future__ import annotations

import socket
import threading
import time
import traceback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.base import BmcDriver, worst_health
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.calls import call_with_deadline
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import (
    BmcAuthenticationError,
    BmcError,
    BmcSessionError,
    BmcTimeoutError,
    BmcUnreachableError,
    BmcUnsupportedError,
)

try:
    from pyghmi import exceptions as pyghmi_exceptions
    from pyghmi.ipmi import command as pyghmi_command
    from pyghmi.ipmi.private import session as pyghmi_session
except ImportError:
    HAS_PYGHMI = False
    PYGHMI_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_PYGHMI = True
    PYGHMI_IMPORT_ERROR = None

# Chassis Control (netfn 0x00, command 0x02) data byte per action.
CHASSIS_CONTROL = {"off": 0x00, "on": 0x01, "cycle": 0x02, "reset": 0x03, "soft_off": 0x05}
# Boot device selector (bits 5..2 of boot flags data 2) <-> our device names.
BOOT_SELECTOR = {"none": 0x0, "network": 0x1, "disk": 0x2, "cdrom": 0x5, "bios": 0x6}
SELECTOR_NAME = {value: name for name, value in BOOT_SELECTOR.items()}
PYGHMI_BOOTDEV = {"network": "network", "disk": "hd", "cdrom": "optical", "bios": "setup"}
# pyghmi.constants.Health bit values -> our level names
PYGHMI_HEALTH = ((8, "failed"), (2, "critical"), (1, "warning"))
AUTH_MARKERS = ("password", "unauthorized", "integrity", "privilege", "invalid role", "authentication", "rakp")
TIMEOUT_MARKERS = ("timeout", "no longer connected", "failed to initialize", "disconnected")
QUIRK_BOOT_FLAGS = "boot-flags-never-valid"
#: longest pause of a pyghmi call waiting for its reply before it looks at its queue again (quirk pyghmi-lost-wakeup)
WAKEUP_SLICE = 0.05


ASF_PING = bytes([0x06, 0x00, 0xFF, 0x06, 0x00, 0x00, 0x11, 0xBE, 0x80, 0x2A, 0x00, 0x00])
ASF_PONG_TYPE = 0x40


def rmcp_presence_ping(host: str, port: int, timeout: float, endpoint: str) -> None:
    """RMCP/ASF presence ping (no session, no credentials); raise BmcTimeoutError if no pong in ``timeout``.

    Done before every pyghmi login (quirk ``login-to-dead-bmc``).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + timeout
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BmcTimeoutError(endpoint, f"no answer to an RMCP presence ping within {timeout:g}s")
            sock.settimeout(min(0.3, remaining))
            try:
                sock.sendto(ASF_PING, (host, port))
                data = sock.recv(512)
            except socket.timeout:
                continue
            except ConnectionRefusedError:  # ICMP port unreachable from an earlier send: nothing listens yet
                time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))
                continue
            if len(data) >= 9 and data[8] == ASF_PONG_TYPE:
                return


def install_wakeup_cap() -> None:
    """Quirk ``pyghmi-lost-wakeup``: bound pyghmi's directed waits to WAKEUP_SLICE seconds (idempotent)."""
    original = getattr(pyghmi_session, "_io_wait", None)
    if original is None or getattr(original, "metalfleet_capped", False):
        return  # another pyghmi version without this internal, or already capped

    def capped_wait(timeout, myaddr=None, evq=None):
        if myaddr is not None and timeout > WAKEUP_SLICE:
            timeout = WAKEUP_SLICE
        return original(timeout, myaddr, evq)

    capped_wait.metalfleet_capped = True
    pyghmi_session._io_wait = capped_wait  # pylint: disable=protected-access


def _health_name(bits: int) -> str:
    for bit, name in PYGHMI_HEALTH:
        if bits & bit:
            return name
    return "ok"


def _sensor(reading) -> dict:
    return {
        "name": reading.name,
        "type": reading.type,
        "value": reading.value,
        "units": reading.units or None,
        "health": "unknown" if getattr(reading, "unavailable", 0) else _health_name(reading.health),
        "states": list(reading.states),
    }


def _sel_entry(event: dict) -> dict:
    severity = event.get("severity")
    return {
        "id": event.get("record_id"),
        "timestamp": event.get("timestamp"),
        "component": event.get("component"),
        "event": event.get("event"),
        "severity": _health_name(severity) if isinstance(severity, int) else severity,
        "message": " ".join(str(part) for part in (event.get("component"), event.get("event")) if part),
        "deassertion": bool(event.get("deassertion")),
    }


class IpmiDriver(BmcDriver):
    """pyghmi-based driver; one RMCP+ session per driver object, logged out by :meth:`close`."""

    protocol = "ipmi"

    def __init__(self, target):
        if not HAS_PYGHMI:
            raise DependencyError("pyghmi", PYGHMI_IMPORT_ERROR)
        install_wakeup_cap()
        super().__init__(target)
        self._command = None
        self._generation = 0
        self._lock = threading.Lock()

    # -- session handling --------------------------------------------------------

    def _credentials(self) -> tuple:
        """(user, password) as pyghmi gets them: bytes, see quirk ``pyghmi-stale-login-cache``."""
        return self.target.username.encode("utf-8"), self.target.password.encode("utf-8")

    def _session(self):
        """The logged-in pyghmi Command, created on first use (inside a deadline-bound call).

        The login runs outside the lock; if the session was dropped meanwhile (the call that
        started it was abandoned), the late login is logged out instead of being installed.
        """
        with self._lock:
            if self._command is not None:
                return self._command
            generation = self._generation
        # a little under the call deadline, so that a dead BMC is reported by the ping with its own message
        rmcp_presence_ping(self.target.host, self.target.ipmi_port, self.target.timeout * 0.9, self.endpoint)
        userid, password = self._credentials()
        command = pyghmi_command.Command(bmc=self.target.host, userid=userid, password=password, port=self.target.ipmi_port,
                                         keepalive=False)
        with self._lock:
            if generation == self._generation and self._command is None:
                self._command = command
                return command
        self._logout_later(command.ipmi_session)
        raise BmcTimeoutError(self.endpoint, "login finished after the call was abandoned")

    def _pyghmi_sessions(self) -> list:
        """Every pyghmi session object (logged in or still logging in) for this BMC and user."""
        userid, password = self._credentials()
        wanted = (self.target.host, userid, password, self.target.ipmi_port)
        for _attempt in range(3):  # pyghmi's I/O thread may change the tables while we look
            try:
                handlers = [session for by_port in list(pyghmi_session.Session.bmc_handlers.values())
                            for session in list(by_port.values())]
                handlers += list(pyghmi_session.Session.initting_sessions.values())
                break
            except RuntimeError:
                continue
        else:
            return []
        return [session for session in set(handlers)
                if (getattr(session, "bmc", None), getattr(session, "userid", None),
                    getattr(session, "password", None), getattr(session, "port", None)) == wanted]

    def _drop_session(self):
        """Forget the session now (quirk ``pyghmi-shared-session``) and log it out in the background.  Never blocks."""
        with self._lock:
            self._command = None
            self._generation += 1
        for session in self._pyghmi_sessions():
            if not getattr(session, "errormsg", None):
                session.errormsg = "session abandoned after a timeout"
            session.broken = True  # pyghmi's constructor now skips it and logs in anew
            self._logout_later(session)

    def _logout_later(self, session):
        if session is not None:
            threading.Thread(target=self._logout, args=(session,), name=f"bmc-logout {self.endpoint}", daemon=True).start()

    @staticmethod
    def _logout(session):
        try:
            session.logout()
        except Exception:  # pylint: disable=broad-except  # best effort: the BMC may be gone
            pass

    _abandon = _drop_session

    def close(self) -> None:
        """Log out now (bounded by the target timeout, at most 3 s) so that a later driver for the
        same BMC does not inherit this session: pyghmi shares one session per host, port and user."""
        with self._lock:
            command, self._command = self._command, None
            self._generation += 1
        if command is not None:
            try:
                call_with_deadline(lambda: self._logout(command.ipmi_session), min(self.target.timeout, 3.0), self.endpoint, "logout")
            except BmcError:
                pass

    def _translate(self, error: Exception) -> BmcError:
        text = str(error.args[0]) if getattr(error, "args", None) and error.args[0] is not None else ""
        lowered = text.lower()
        if isinstance(error, socket.gaierror):
            return BmcUnreachableError(self.endpoint, f"cannot resolve host {self.target.host!r}")
        if isinstance(error, OSError):
            return BmcUnreachableError(self.endpoint, f"network error: {error.strerror or error}")
        if any(marker in lowered for marker in AUTH_MARKERS):
            self._drop_session()
            return BmcAuthenticationError(self.endpoint, f"login refused for user {self.target.username!r}: {text}")
        if not text or any(marker in lowered for marker in TIMEOUT_MARKERS):
            self._drop_session()
            return BmcTimeoutError(self.endpoint, f"no answer from the BMC ({text or 'session setup timed out'})")
        if isinstance(error, (TypeError, AttributeError, KeyError, IndexError)):
            # pyghmi-session-race: under concurrent use with a dead BMC in the mix, pyghmi can hand
            # out a session whose login state is inconsistent; drop it now so the retry logs in anew.
            self._drop_session()
            return BmcSessionError(self.endpoint, f"client session broke ({type(error).__name__}: {text}); retrying with a new session")
        if HAS_PYGHMI and isinstance(error, pyghmi_exceptions.UnsupportedFunctionality):
            return BmcUnsupportedError(self.endpoint, text)
        return BmcError(self.endpoint, f"the BMC answered with an error: {text or type(error).__name__}")

    def _raw(self, netfn: int, command: int, data=()) -> bytes:
        response = self._session().raw_command(netfn=netfn, command=command, data=data)
        if "error" in response:
            raise pyghmi_exceptions.IpmiException(response["error"], code=response.get("code", 0))
        return bytes(response.get("data", b""))

    # -- power --------------------------------------------------------------------

    def _read_power(self) -> str:
        return self._session().get_power()["powerstate"]

    def _request_power(self, action: str) -> None:
        self._raw(0x00, 0x02, [CHASSIS_CONTROL[action]])

    # -- boot ---------------------------------------------------------------------

    def get_boot(self) -> dict:
        """Boot flags as the BMC reports them; ``raw`` holds the device bits even when not valid."""
        data = self._call("get boot device", lambda: self._raw(0x00, 0x09, (5, 0, 0)))
        if len(data) < 4:
            raise BmcError(self.endpoint, f"short Get System Boot Options answer: {data.hex()}")
        flags1, flags2 = data[2], data[3]
        raw_device = SELECTOR_NAME.get((flags2 >> 2) & 0xF, f"selector-{(flags2 >> 2) & 0xF}")
        valid = bool(flags1 & 0x80)
        return {
            "device": raw_device if valid else None,
            "persistent": bool(flags1 & 0x40) if valid else None,
            "uefi": bool(flags1 & 0x20) if valid else None,
            "valid": valid,
            "raw": raw_device,
        }

    def _request_boot(self, device: str, persistent: bool, uefi: bool) -> None:
        self._session().set_bootdev(PYGHMI_BOOTDEV[device], persist=persistent, uefiboot=uefi)

    def _boot_confirmation(self, requested: dict, readback: dict):
        if not readback["valid"]:
            if readback["raw"] == requested["device"]:
                return False, (f"{QUIRK_BOOT_FLAGS}: the BMC accepted the override and reports device bits "
                               f"{readback['raw']!r}, but does not mark the boot flags valid, so it does not confirm "
                               "persistence or UEFI mode (OpenIPMI ipmi_sim behaves like this)")
            return False, f"the BMC reports no valid boot override (device bits {readback['raw']!r})"
        for key in ("device", "persistent", "uefi"):
            if readback[key] != requested[key]:
                return False, f"read-back {key} is {readback[key]!r}, requested {requested[key]!r}"
        return True, None

    # -- identify -----------------------------------------------------------------

    def identify_state(self) -> str | None:
        """From Get Chassis Status, when the BMC says it reports the identify state (ipmi_sim does not)."""
        data = self._call("get chassis status", lambda: self._raw(0x00, 0x01))
        if len(data) < 3 or not data[2] & 0x40:
            return None
        return "off" if (data[2] >> 4) & 0x3 == 0 else "on"

    def _request_identify(self, on: bool, seconds: int | None) -> dict:
        self._session().set_identify(on=on, duration=seconds)
        return {"timed": seconds is not None}

    # -- inventory and health -------------------------------------------------------

    def inventory(self) -> dict:
        def read():
            fru = self._session().get_inventory_of_component("System") or {}
            return {
                "manufacturer": fru.get("Manufacturer") or fru.get("Board manufacturer"),
                "product": fru.get("Product name") or fru.get("Board product name"),
                "serial": fru.get("Serial Number") or fru.get("Board serial number"),
                "model": fru.get("Model"),
                "uuid": fru.get("UUID"),
                "extra": {key: value for key, value in fru.items()
                          if isinstance(value, (str, int, float)) and key not in ("Manufacturer", "Product name", "Serial Number")},
            }
        return self._call("read FRU inventory", read)

    def health_and_sensors(self) -> dict:
        def read():
            sensors = [_sensor(reading) for reading in self._session().get_sensor_data()]
            bad = [sensor["name"] for sensor in sensors if sensor["health"] not in ("ok", "unknown")]
            return {"health": worst_health(sensor["health"] for sensor in sensors if sensor["health"] != "unknown"),
                    "bad": bad, "sensors": sensors}
        return self._call("read sensors", read)

    def sel_entries(self) -> list:
        return self._call("read SEL", lambda: [_sel_entry(event) for event in self._session().get_event_log()])

    def firmware(self) -> dict:
        def read():
            return {name: (info or {}).get("version") for name, info in self._session().get_firmware()}
        return self._call("read firmware", read)
