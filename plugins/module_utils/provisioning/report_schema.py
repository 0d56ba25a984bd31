# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The JSON Schema (draft 2020-12) of the hardware report a discovery agent posts.

Private to the metalfleet.datacenter collection; not a public API.

A superset of metal-hammer's register payload (``BootServiceRegisterRequest``
in its JSON form): the hardware may come at the top level or, as metal-hammer
sends it, under ``hardware``; the BMC as ``bmc`` or metal-hammer's ``ipmi``
(its FRU inside it or at the top level).  Added: ``error`` (what went wrong
while collecting; a report with an error is stored, not rejected),
``agent_version``, disk ``rotational``/``serial``/``wwn`` and NIC ``carrier``.  Sizes are integers in bytes.  A copy ships as
``docs/schemas/hardware-report.schema.json`` (a test keeps them equal).
"""
from __future__ import annotations

SCHEMA_ID = "https://metalfleet.example/schemas/hardware-report.schema.json"

_NAME = {"type": "string", "maxLength": 128}
_TEXT = {"type": "string", "maxLength": 1024}
_COUNT = {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}
_MAC = {"type": "string", "pattern": "^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$"}
_UUID = {"type": "string", "pattern": "^[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}$"}
_MAX_ITEMS = 1024


def _object(properties: dict, required=(), closed: bool = True) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    return schema


def _list(item_ref: str) -> dict:
    return {"type": "array", "maxItems": _MAX_ITEMS, "items": {"$ref": "#/$defs/" + item_ref}}


_HARDWARE_PROPERTIES = {
    "memory": {"$ref": "#/$defs/bytes"},
    "cpu_cores": _COUNT,
    "cpus": _list("cpu"),
    "disks": _list("disk"),
    "nics": _list("nic"),
    "gpus": _list("gpu"),
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "metalfleet hardware report",
    "description": "What a discovery agent collected about a machine; a superset of metal-hammer's register payload.",
    "type": "object",
    "required": ["uuid"],
    "additionalProperties": False,
    "properties": dict(_HARDWARE_PROPERTIES, **{
        "uuid": dict(_UUID, description="The machine's DMI product UUID: its id."),
        "partition_id": _NAME,
        "hardware": dict(_object(_HARDWARE_PROPERTIES), description="The hardware as metal-hammer nests it."),
        "bios": {"$ref": "#/$defs/bios"},
        "bmc": {"$ref": "#/$defs/bmc"},
        "ipmi": dict({"$ref": "#/$defs/bmc"}, description="metal-hammer's name for bmc."),
        "fru": {"$ref": "#/$defs/fru"},
        "tags": {"type": "array", "maxItems": 256, "items": {"type": "string", "maxLength": 256}},
        "metal_hammer_version": _NAME,
        "agent_version": _NAME,
        "error": {"type": "string", "maxLength": 4096,
                  "description": "What failed while collecting; the report is stored all the same."},
    }),
    "$defs": {
        "bytes": _COUNT,
        "cpu": _object({"vendor": _NAME, "model": _NAME, "cores": _COUNT, "threads": _COUNT}),
        "gpu": _object({"vendor": _NAME, "model": _NAME}),
        "disk": _object({"name": dict(_NAME, minLength=1), "size": {"$ref": "#/$defs/bytes"},
                         "rotational": {"type": "boolean", "description": "Spinning disk (sysfs queue/rotational)."},
                         "serial": dict(_NAME, description="The disk's serial number."),
                         "wwn": dict(_NAME, description="The disk's World Wide Name (sysfs wwid).")}, required=("name",)),
        "neighbor": _object({"mac": _MAC, "name": _NAME, "identifier": _NAME, "hostname": {"type": "string", "maxLength": 253}},
                            closed=False),
        "nic": _object({
            "name": _NAME, "mac": _MAC, "identifier": _NAME, "vendor": _NAME, "model": _NAME,
            "speed": dict(_COUNT, description="Link speed in Mbit/s (sysfs speed), when the link knows it."),
            "up": {"type": "boolean"}, "carrier": {"type": "boolean", "description": "Link detected (sysfs carrier)."},
            "hostname": {"type": "string", "maxLength": 253},
            "neighbors": {"type": "array", "maxItems": 64, "items": {"$ref": "#/$defs/neighbor"},
                          "description": "LLDP neighbours: the switch ports this NIC is cabled to."},
        }, required=("mac",)),
        "bios": _object({"vendor": _NAME, "version": _NAME, "date": _NAME}, closed=False),
        "fru": _object({name: _NAME for name in (
            "chassis_part_number", "chassis_part_serial", "board_mfg", "board_mfg_serial", "board_part_number",
            "product_manufacturer", "product_part_number", "product_serial")}, closed=False),
        "bmc": _object({
            "address": dict(_NAME, description="host or host:port"), "port": {"type": "integer", "minimum": 1, "maximum": 65535},
            "mac": {"anyOf": [_MAC, {"const": ""}]}, "user": {"type": "string", "maxLength": 256},
            "password": {"type": "string", "maxLength": 256, "description": "Stored encrypted; never returned."},
            "interface": _NAME, "driver": {"enum": ["ipmi", "redfish", "auto"]}, "bmc_version": _NAME,
            "power_state": _NAME, "fru": {"$ref": "#/$defs/fru"},
        }),
    },
}
