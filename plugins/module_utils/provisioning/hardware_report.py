# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checking a hardware report against its JSON Schema and mapping it onto the machine service's shapes.

Private to the metalfleet.datacenter collection; not a public API.

:func:`validate_report` needs ``jsonschema`` (imported when called; a
``DependencyError`` naming it when missing).  Every schema violation is
reported at once (``ValidationError.joined``), each named by its JSON path
under the option name, e.g. ``report.nics[2].mac``.

The mapping (:func:`hardware_of`, :func:`bmc_of`, :func:`details_of`):

* ``memory``, ``cpus``, ``disks`` (with ``rotational``, ``serial``, ``wwn`` when
  reported), ``gpus`` -> the machine's hardware as they are;
* ``nics`` -> ``{name, mac, speed, carrier, neighbor: {switch, port}}`` (speed and
  carrier when reported): the first LLDP neighbour
  gives the switch (its host name, else its chassis MAC) and the port (its
  name, else its identifier);
* ``bmc`` / ``ipmi`` -> the machine's BMC (``address`` may carry ``:port``);
  the password only when a secret key can encrypt it;
* BIOS, FRU, BMC MAC/version, the agent version and all LLDP neighbours ->
  the details kept with the machine's event container (no credentials).
"""
from __future__ import annotations

import copy
import uuid

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.report_schema import SCHEMA

_HARDWARE_KEYS = ("memory", "cpus", "disks", "nics", "gpus")
_DISK_EXTRAS = ("rotational", "serial", "wwn")
_VALIDATOR = []


def _validator():
    if not _VALIDATOR:
        try:
            from jsonschema import Draft202012Validator  # pylint: disable=import-outside-toplevel
        except ImportError as exc:
            raise DependencyError("jsonschema", str(exc)) from None
        _VALIDATOR.append(Draft202012Validator(SCHEMA))
    return _VALIDATOR[0]


def json_path(field: str, path) -> str:
    """``report`` + ``["nics", 2, "mac"]`` -> ``report.nics[2].mac``."""
    text = field
    for part in path:
        text += "[%d]" % part if isinstance(part, int) else ".%s" % part
    return text


def _problem(error, field: str) -> ValidationError:
    where = json_path(field, error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return ValidationError("%s.%s" % (where, missing[0]), "is required")
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return ValidationError("%s.%s" % (where, unknown[0]), "unknown key (expected one of %s)"
                               % ", ".join(sorted(error.schema.get("properties", {}))))
    return ValidationError(where, error.message)


def validate_report(doc, field: str = "report") -> dict:
    """Check ``doc`` against the schema; returns a copy with the UUID in canonical lower case."""
    if not isinstance(doc, dict):
        raise ValidationError(field, "expected a JSON object (the hardware report)")
    errors = sorted(_validator().iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    problem = ValidationError.joined([_problem(e, field) for e in errors])
    if problem is not None:
        raise problem
    report = copy.deepcopy(doc)
    report["uuid"] = str(uuid.UUID(doc["uuid"]))
    return report


def _merged_hardware(report: dict) -> dict:
    merged = {key: value for key, value in (report.get("hardware") or {}).items() if key in _HARDWARE_KEYS}
    merged.update({key: report[key] for key in _HARDWARE_KEYS if key in report})
    return merged


def _nic(nic: dict) -> dict:
    mapped = {"name": nic.get("name") or "", "mac": nic["mac"].lower()}
    mapped.update({key: nic[key] for key in ("speed", "carrier") if nic.get(key) is not None})
    neighbors = nic.get("neighbors") or []
    if neighbors:
        first = neighbors[0]
        switch = first.get("hostname") or (first.get("mac") or "").lower()
        port = first.get("name") or first.get("identifier") or ""
        if switch or port:
            mapped["neighbor"] = {"switch": switch, "port": port}
    return mapped


def hardware_of(report: dict) -> dict:
    """The machine service's hardware input (``machines.hardware.normalize_hardware`` checks it further)."""
    hardware = _merged_hardware(report)
    return {
        "memory": hardware.get("memory", 0),
        "cpus": [{k: cpu[k] for k in ("vendor", "model", "cores", "threads") if k in cpu} for cpu in hardware.get("cpus", [])],
        "disks": [dict({"name": disk["name"], "size": disk.get("size", 0)}, **{k: disk[k] for k in _DISK_EXTRAS if disk.get(k) is not None})
                  for disk in hardware.get("disks", [])],
        "gpus": [{k: gpu[k] for k in ("vendor", "model") if k in gpu} for gpu in hardware.get("gpus", [])],
        "nics": [_nic(nic) for nic in hardware.get("nics", [])],
    }


def _bmc_section(report: dict) -> dict:
    return report.get("bmc") or report.get("ipmi") or {}


def split_address(address: str) -> tuple:
    """``host``, ``host:port``, ``[v6]:port`` or a bare IPv6 address -> ``(host, port or None)``."""
    if address.startswith("["):
        host, _sep, rest = address[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif address.count(":") == 1:
        host, port = address.split(":")
    else:
        host, port = address, ""
    return host, (int(port) if port.isdigit() else None)


def bmc_of(report: dict, can_encrypt: bool) -> dict | None:
    """The machine service's ``bmc`` input, or None when the report has no BMC address."""
    section = _bmc_section(report)
    address = section.get("address") or ""
    if not address:
        return None
    host, port = split_address(address)
    bmc = {"address": host, "port": section.get("port") or port}
    if section.get("driver"):
        bmc["driver"] = section["driver"]
    if section.get("user"):
        bmc["username"] = section["user"]
    if can_encrypt and section.get("password"):
        bmc["password"] = section["password"]
    return bmc


def details_of(report: dict) -> dict:
    """What the report says beyond hardware and BMC credentials (kept with the event container, shown by the info module)."""
    section = _bmc_section(report)
    details = {
        "bios": report.get("bios") or {},
        "fru": report.get("fru") or section.get("fru") or {},
        "bmc": {k: section[k] for k in ("mac", "interface", "bmc_version", "power_state") if section.get(k)},
        "agent_version": report.get("agent_version") or report.get("metal_hammer_version") or "",
        "lldp": {nic["mac"].lower(): nic["neighbors"] for nic in _merged_hardware(report).get("nics", []) if nic.get("neighbors")},
    }
    return details


def serial_and_manufacturer(report: dict) -> tuple:
    """The FRU's product serial and manufacturer (None where the report has none)."""
    fru = report.get("fru") or _bmc_section(report).get("fru") or {}
    return fru.get("product_serial") or None, fru.get("product_manufacturer") or None
