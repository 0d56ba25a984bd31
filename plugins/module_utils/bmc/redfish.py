# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Redfish BMC driver built on sushy.

Private to the metalfleet.datacenter collection; not a public API.

Vendor quirks handled here (named so results can cite them):

* ``power-lands-late`` - power changes are accepted at once but applied seconds later
  (sushy-tools' fake driver: 1-11 s, at random); the shared ``set_power`` polls.
* ``no-power-cycle`` - many services (sushy-emulator, Lenovo, Dell per go-hal) do not offer
  ``PowerCycle``; ``cycle`` then falls back to ``ForceRestart``.
* ``once-reads-continuous`` - sushy-emulator accepts ``BootSourceOverrideEnabled: Once`` but
  always reads back ``Continuous``; ``set_boot(persistent=False)`` answers ``confirmed: false``
  and says so, because the override may outlive the next boot.
* ``boot-target-not-offered`` - a target missing from ``BootSourceOverrideTarget@Redfish.
  AllowableValues`` (sushy-emulator has no ``BiosSetup``) is reported as unsupported.
* ``no-log-services`` - services without ``LogServices`` (sushy-emulator) report the SEL
  read as unsupported rather than as an empty log.

HTTP calls use sushy's connector with a single attempt (``server_side_retries=1``) and our own timeout, so the
retry policy of ``calls.py`` is the only one.
"""
from __future__ import annotations

import threading
import traceback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, FleetError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.base import BmcDriver, worst_health
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.errors import (
    BmcAuthenticationError,
    BmcError,
    BmcTimeoutError,
    BmcUnreachableError,
    BmcUnsupportedError,
)

try:
    import sushy
    from sushy import auth as sushy_auth
    from sushy import connector as sushy_connector
    from sushy import exceptions as sushy_exceptions
except ImportError:
    HAS_SUSHY = False
    SUSHY_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_SUSHY = True
    SUSHY_IMPORT_ERROR = None

SYSTEMS_PATH = "/redfish/v1/Systems"
BOOT_TARGETS = {"network": "Pxe", "disk": "Hdd", "bios": "BiosSetup", "cdrom": "Cd"}
TARGET_NAMES = {value: key for key, value in BOOT_TARGETS.items()}
RESET_TYPES = {"on": ("On", "ForceOn"), "off": ("ForceOff",), "soft_off": ("GracefulShutdown",),
               "reset": ("ForceRestart",), "cycle": ("PowerCycle", "ForceRestart")}
HEALTH_NAMES = {"ok": "ok", "warning": "warning", "critical": "critical"}
QUIRK_ONCE = "once-reads-continuous"


def _health(status) -> str:
    health = ((status or {}).get("Health") or "").lower()
    return HEALTH_NAMES.get(health, "unknown")


def _member_paths(collection: dict) -> list:
    return [member["@odata.id"] for member in collection.get("Members", []) if "@odata.id" in member]


def _link(document: dict, *keys) -> str | None:
    value = document
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value.get("@odata.id") if isinstance(value, dict) else None


class RedfishDriver(BmcDriver):
    """sushy-based driver for one ComputerSystem of a Redfish service."""

    protocol = "redfish"

    def __init__(self, target):
        if not HAS_SUSHY:
            raise DependencyError("sushy", SUSHY_IMPORT_ERROR)
        super().__init__(target)
        self._root = None
        self._connector = None
        self._system_path = None
        self._lock = threading.Lock()

    # -- connection ---------------------------------------------------------------

    def _service(self):
        """(sushy root, connector), connected on first use with our timeout and a single HTTP attempt.

        sushy treats ``server_side_retries=0`` as "use the default (3, with 2 s pauses)", so 1 is
        passed.  The connection is built outside the lock so an abandoned attempt never blocks
        the next one.
        """
        with self._lock:
            if self._root is not None:
                return self._root, self._connector
        connector = sushy_connector.Connector(
            self.target.redfish_url, verify=self.target.verify_tls, server_side_retries=1,
            server_side_retries_delay=0.1, default_request_timeout=self.target.timeout,
            connect_timeout=self.target.timeout)
        basic = sushy_auth.BasicAuth(username=self.target.username, password=self.target.password)
        root = sushy.Sushy(self.target.redfish_url, verify=self.target.verify_tls, auth=basic, connector=connector,
                           public_connector=connector, server_side_retries=1, server_side_retries_delay=0.1)
        with self._lock:
            if self._root is None:
                self._root, self._connector = root, connector
            return self._root, self._connector

    def _get_json(self, path: str) -> dict:
        return self._service()[1].get(path).json()

    def _path_of_system(self) -> str:
        if self._system_path is None:
            wanted = self.target.redfish_system.strip()
            if wanted:
                self._system_path = wanted if wanted.startswith("/") else f"{SYSTEMS_PATH}/{wanted}"
            else:
                members = _member_paths(self._get_json(SYSTEMS_PATH))
                if len(members) != 1:
                    raise ValidationError("redfish_system", f"{self.endpoint} has {len(members)} systems "
                                          f"({', '.join(members) or 'none'}); name the one to manage")
                self._system_path = members[0]
        return self._system_path

    def _system(self):
        return self._service()[0].get_system(self._path_of_system())

    def _system_json(self) -> dict:
        return self._get_json(self._path_of_system())

    def _abandon(self) -> None:
        with self._lock:
            self._root, self._connector = None, None

    def close(self) -> None:
        with self._lock:
            connector, self._root, self._connector = self._connector, None, None
        if connector is not None:
            try:
                connector.close()
            except Exception:  # pylint: disable=broad-except  # closing a requests session never matters
                pass

    def _translate(self, error: Exception) -> FleetError:
        if isinstance(error, FleetError):
            return error
        if isinstance(error, sushy_exceptions.AccessError):
            return BmcAuthenticationError(self.endpoint, f"access denied for user {self.target.username!r} (HTTP {error.status_code})")
        if isinstance(error, sushy_exceptions.ConnectionError):
            text = str(error).lower()
            if "timed out" in text or "timeout" in text:
                return BmcTimeoutError(self.endpoint, "no answer from the Redfish service in time")
            return BmcUnreachableError(self.endpoint, "cannot connect to the Redfish service")
        if isinstance(error, sushy_exceptions.ResourceNotFoundError):
            return BmcError(self.endpoint, f"resource not found: {getattr(error, 'url', '') or error}")
        if isinstance(error, (sushy_exceptions.InvalidParameterValueError, sushy_exceptions.MissingActionError)):
            return BmcUnsupportedError(self.endpoint, str(error))
        if isinstance(error, sushy_exceptions.HTTPError):
            return BmcError(self.endpoint, f"HTTP {error.status_code}: {getattr(error, 'detail', None) or error}")
        return BmcError(self.endpoint, f"unexpected answer: {type(error).__name__}: {error}")

    # -- power --------------------------------------------------------------------

    def _read_power(self) -> str:
        state = (self._system_json().get("PowerState") or "unknown")
        return {"poweringon": "powering_on", "poweringoff": "powering_off"}.get(state.lower(), state.lower())

    def _request_power(self, action: str) -> None:
        system = self._system()
        allowed = {value.value if hasattr(value, "value") else str(value) for value in system.get_allowed_reset_system_values()}
        for reset_type in RESET_TYPES[action]:
            if reset_type in allowed:
                system.reset_system(sushy.ResetType(reset_type))
                return
        raise BmcUnsupportedError(self.endpoint, f"power {action}: none of {', '.join(RESET_TYPES[action])} is offered "
                                  f"(the service allows {', '.join(sorted(allowed)) or 'nothing'})")

    # -- boot ---------------------------------------------------------------------

    def get_boot(self) -> dict:
        boot = self._call("get boot device", self._system_json).get("Boot") or {}
        target = boot.get("BootSourceOverrideTarget")
        enabled = boot.get("BootSourceOverrideEnabled")
        mode = boot.get("BootSourceOverrideMode")
        valid = enabled in ("Once", "Continuous") and target not in (None, "None")
        return {
            "device": TARGET_NAMES.get(target, target) if valid else None,
            "persistent": (enabled == "Continuous") if valid else None,
            "uefi": (mode == "UEFI") if mode else None,
            "valid": valid,
            "raw": {"target": target, "enabled": enabled, "mode": mode,
                    "allowed": boot.get("BootSourceOverrideTarget@Redfish.AllowableValues")},
        }

    def _request_boot(self, device: str, persistent: bool, uefi: bool) -> None:
        system = self._system()
        allowed = system.boot.allowed_values
        wanted = BOOT_TARGETS[device]
        if allowed and wanted not in {value.value if hasattr(value, "value") else str(value) for value in allowed}:
            raise BmcUnsupportedError(self.endpoint, f"boot-target-not-offered: {wanted} is not among the allowed boot "
                                      f"targets ({', '.join(str(getattr(v, 'value', v)) for v in allowed)})")
        system.set_system_boot_options(
            target=sushy.BootSource(wanted),
            enabled=sushy.BootSourceOverrideEnabled.CONTINUOUS if persistent else sushy.BootSourceOverrideEnabled.ONCE,
            mode=sushy.BootSourceOverrideMode.UEFI if uefi else sushy.BootSourceOverrideMode.LEGACY)

    def _boot_confirmation(self, requested: dict, readback: dict):
        if not readback["valid"]:
            return False, f"the BMC reports no active boot override (raw {readback['raw']['target']!r}/{readback['raw']['enabled']!r})"
        if readback["device"] != requested["device"]:
            return False, f"read-back device is {readback['device']!r}, requested {requested['device']!r}"
        if readback["uefi"] is not None and readback["uefi"] != requested["uefi"]:
            return False, f"read-back boot mode is {readback['raw']['mode']!r}, requested {'UEFI' if requested['uefi'] else 'Legacy'}"
        if readback["persistent"] != requested["persistent"]:
            if not requested["persistent"]:
                return False, (f"{QUIRK_ONCE}: the BMC reports BootSourceOverrideEnabled=Continuous after Once was requested "
                               "(sushy-emulator always does); the override may stay active after the next boot")
            return False, "read-back says the override is for the next boot only, persistent was requested"
        return True, None

    # -- identify -----------------------------------------------------------------

    def identify_state(self) -> str | None:
        led = self._call("get indicator LED", self._system_json).get("IndicatorLED")
        return {"Lit": "on", "Blinking": "on", "Off": "off"}.get(led)

    def _request_identify(self, on: bool, seconds: int | None) -> dict:
        system = self._system()
        if not on:
            system.set_indicator_led(sushy.IndicatorLED.OFF)
            return {"timed": False}
        # Redfish has no timed identify: blink when a duration was asked, the caller turns it off.
        system.set_indicator_led(sushy.IndicatorLED.BLINKING if seconds else sushy.IndicatorLED.LIT)
        return {"timed": False, "note": "Redfish cannot time the LED; it stays on until switched off" if seconds else None}

    # -- inventory and health -------------------------------------------------------

    def _chassis_documents(self, system: dict) -> list:
        return [self._get_json(link["@odata.id"]) for link in (system.get("Links") or {}).get("Chassis", []) if "@odata.id" in link]

    def inventory(self) -> dict:
        def read():
            system = self._system_json()
            chassis = self._chassis_documents(system)
            first = chassis[0] if chassis else {}

            def pick(key):
                return system.get(key) or first.get(key)
            return {"manufacturer": pick("Manufacturer"), "product": system.get("Name") if not pick("Model") else pick("Model"),
                    "serial": pick("SerialNumber"), "model": pick("Model"), "uuid": system.get("UUID"),
                    "extra": {"system_id": system.get("Id"), "sku": pick("SKU"), "part_number": pick("PartNumber"),
                              "chassis_manufacturer": first.get("Manufacturer"), "chassis_serial": first.get("SerialNumber")}}
        return self._call("read inventory", read)

    def health_and_sensors(self) -> dict:
        def read():
            system = self._system_json()
            sensors = []
            for chassis in self._chassis_documents(system):
                thermal_path = _link(chassis, "Thermal")
                if not thermal_path:
                    continue
                thermal = self._get_json(thermal_path)
                for item in thermal.get("Temperatures", []):
                    sensors.append({"name": item.get("Name"), "type": "Temperature", "value": item.get("ReadingCelsius"),
                                    "units": "°C", "health": _health(item.get("Status")), "states": []})
                for item in thermal.get("Fans", []):
                    sensors.append({"name": item.get("Name") or item.get("FanName"), "type": "Fan", "value": item.get("Reading"),
                                    "units": item.get("ReadingUnits"), "health": _health(item.get("Status")), "states": []})
            levels = [sensor["health"] for sensor in sensors] + [_health(system.get("Status"))]
            return {"health": worst_health(level for level in levels if level != "unknown"),
                    "bad": [sensor["name"] for sensor in sensors if sensor["health"] not in ("ok", "unknown")],
                    "sensors": sensors}
        return self._call("read sensors", read)

    def sel_entries(self) -> list:
        def read():
            system = self._system_json()
            owners = [system] + [self._get_json(link["@odata.id"]) for link in (system.get("Links") or {}).get("ManagedBy", [])]
            services = [path for owner in owners if _link(owner, "LogServices")
                        for path in _member_paths(self._get_json(_link(owner, "LogServices")))]
            if not services:
                raise BmcUnsupportedError(self.endpoint, "no-log-services: the Redfish service exposes no LogServices "
                                          "for this system or its managers")
            entries = []
            for service_path in services:
                entries_path = _link(self._get_json(service_path), "Entries")
                for entry in (self._get_json(entries_path).get("Members", []) if entries_path else []):
                    entries.append({"id": entry.get("Id"), "timestamp": entry.get("Created"), "component": entry.get("SensorType"),
                                    "event": entry.get("MessageId") or entry.get("EntryType"),
                                    "severity": _health({"Health": entry.get("Severity")}), "message": entry.get("Message"),
                                    "deassertion": False})
            return entries
        return self._call("read event log", read)

    def firmware(self) -> dict:
        def read():
            system = self._system_json()
            versions = {}
            if system.get("BiosVersion"):
                versions["BIOS"] = system["BiosVersion"]
            for link in (system.get("Links") or {}).get("ManagedBy", []):
                manager = self._get_json(link["@odata.id"])
                if manager.get("FirmwareVersion"):
                    versions[f"BMC {manager.get('Id')}"] = manager["FirmwareVersion"]
            return versions
        return self._call("read firmware", read)
