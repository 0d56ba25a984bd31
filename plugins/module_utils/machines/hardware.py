# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A machine's reported hardware: checked, normalized, summarized, and built from Ansible facts.

Private to the metalfleet.datacenter collection; not a public API.

Normalized shape (what is stored and returned)::

    {"memory": 68719476736,
     "cpus":  [{"vendor": "GenuineIntel", "model": "Intel Xeon Silver 4214", "cores": 12, "threads": 24}],
     "disks": [{"name": "/dev/nvme0n1", "size": 960197124096, "rotational": false, "serial": "S5XX", "wwn": "eui.0025"}],
     "gpus":  [{"vendor": "NVIDIA", "model": "AD102GL [RTX 6000 Ada Generation]"}],
     "nics":  [{"name": "eth0", "mac": "aa:bb:cc:dd:ee:01", "speed": 25000, "carrier": true,
                "neighbor": {"switch": "leaf01", "port": "Ethernet0"}}]}

A disk's ``rotational``, ``serial`` and ``wwn`` and a NIC's ``speed`` (Mbit/s) and
``carrier`` are optional: kept when given, absent otherwise.

Memory and disk sizes may be given with units (``64GiB``); errors name the
option and entry (``hardware.disks[1].size``).
"""
from __future__ import annotations

import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.hardware_input import hardware_option
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import hardware_from_dict

MAC_PATTERN = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key) or ""
    if not isinstance(value, str):
        raise ValidationError("%s.%s" % (where, key), "%r is not a string" % (value,))
    return limits.check_text(value, "%s.%s" % (where, key), limits.NAME_MAX)


def _count(entry: dict, key: str, where: str) -> int:
    value = entry.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError("%s.%s" % (where, key), "%r is not a non-negative integer" % (value,))
    return limits.check_int(value, "%s.%s" % (where, key), *limits.COUNT_RANGE)


def _flag(entry: dict, key: str, where: str) -> bool:
    value = entry.get(key)
    if not isinstance(value, bool):
        raise ValidationError("%s.%s" % (where, key), "%r is not a boolean" % (value,))
    return value


def _disk(entry, name: str, size: int, where: str) -> dict:
    """A disk: name and size, plus ``rotational``, ``serial`` and ``wwn`` where they were reported."""
    disk = {"name": name, "size": size}
    if not isinstance(entry, dict):
        return disk
    if entry.get("rotational") is not None:
        disk["rotational"] = _flag(entry, "rotational", where)
    for key in ("serial", "wwn"):
        if entry.get(key):
            disk[key] = _text(entry, key, where)
    return disk


def _nics(entries, field: str) -> list:
    nics = []
    for index, entry in enumerate(entries or []):
        where = "%s.nics[%d]" % (field, index)
        if not isinstance(entry, dict):
            raise ValidationError(where, "expected a mapping with name and mac")
        mac = _text(entry, "mac", where).lower()
        if mac and not MAC_PATTERN.match(mac):
            raise ValidationError(where + ".mac", "%r is not a MAC address" % entry.get("mac"))
        nic = {"name": _text(entry, "name", where), "mac": mac}
        if entry.get("speed") is not None:
            nic["speed"] = _count(entry, "speed", where)
        if entry.get("carrier") is not None:
            nic["carrier"] = _flag(entry, "carrier", where)
        neighbor = entry.get("neighbor") or entry.get("neighbour")
        if neighbor:
            if not isinstance(neighbor, dict):
                raise ValidationError(where + ".neighbor", "expected a mapping with switch and port")
            nic["neighbor"] = {"switch": _text(neighbor, "switch", where + ".neighbor"), "port": _text(neighbor, "port", where + ".neighbor")}
        nics.append(nic)
    return nics


def normalize_hardware(data, field: str = "hardware") -> dict:
    """Check ``data`` and return the normalized document (sizes in bytes, keys complete)."""
    parsed = hardware_option(data, field)
    cpus = []
    for index, entry in enumerate(data.get("cpus") or []):
        where = "%s.cpus[%d]" % (field, index)
        cpus.append({"vendor": _text(entry, "vendor", where), "model": _text(entry, "model", where),
                     "cores": _count(entry, "cores", where), "threads": _count(entry, "threads", where)})
    gpus = [{"vendor": _text(entry, "vendor", "%s.gpus[%d]" % (field, i)), "model": _text(entry, "model", "%s.gpus[%d]" % (field, i))}
            for i, entry in enumerate(data.get("gpus") or [])]
    entries = data.get("disks") or []
    disks = [_disk(entries[index] if index < len(entries) else None, name, size, "%s.disks[%d]" % (field, index))
             for index, (name, size) in enumerate(parsed.disks)]
    return {"memory": parsed.memory, "cpus": cpus, "disks": disks, "gpus": gpus, "nics": _nics(data.get("nics"), field)}


def matching_view(hardware: dict):
    """The hardware as the size matcher takes it."""
    return hardware_from_dict(hardware)


def summarize(hardware: dict) -> dict:
    """A short summary for listings and the inventory."""
    return {
        "cpus": len(hardware.get("cpus", [])),
        "cores": sum(c.get("cores", 0) for c in hardware.get("cpus", [])),
        "memory": hardware.get("memory", 0),
        "storage": sum(d.get("size", 0) for d in hardware.get("disks", [])),
        "gpus": len(hardware.get("gpus", [])),
        "nics": len(hardware.get("nics", [])),
    }


def hardware_from_facts(facts: dict) -> dict:
    """Build the hardware document from Ansible's setup facts (``ansible_facts`` or ``hostvars[host]``).

    Uses ``processor`` (vendor/model triples), ``processor_count``, ``processor_cores``,
    ``processor_threads_per_core``, ``memtotal_mb``, ``devices`` (disks with ``sectors`` and
    ``sectorsize``; partitions, loop and ram devices left out) and ``interfaces`` with their
    ``macaddress``.  Keys may carry the ``ansible_`` prefix or not.
    """
    def fact(name, default=None):
        if name in facts:
            return facts[name]
        return facts.get("ansible_" + name, default)

    sockets = int(fact("processor_count", 0) or 0)
    cores = int(fact("processor_cores", 0) or 0)
    threads_per_core = int(fact("processor_threads_per_core", 1) or 1)
    processor = fact("processor", []) or []
    model = processor[2] if len(processor) >= 3 else ""
    vendor = processor[1] if len(processor) >= 2 else ""
    cpus = [{"vendor": vendor, "model": model, "cores": cores, "threads": cores * threads_per_core} for _socket in range(sockets)]
    disks = []
    for name, device in sorted((fact("devices", {}) or {}).items()):
        if name.startswith(("loop", "ram", "sr", "dm-", "zram")) or not isinstance(device, dict):
            continue
        sectors = int(device.get("sectors", 0) or 0)
        sector_size = int(device.get("sectorsize", 512) or 512)
        if sectors:
            disks.append({"name": "/dev/" + name, "size": sectors * sector_size})
    nics = []
    for name in sorted(fact("interfaces", []) or []):
        details = fact(name.replace("-", "_"), {}) or {}
        mac = (details.get("macaddress") or "").lower()
        if name != "lo" and mac and MAC_PATTERN.match(mac):
            nics.append({"name": name, "mac": mac})
    memory_mb = int(fact("memtotal_mb", 0) or 0)
    return {"memory": memory_mb * 1024 * 1024, "cpus": cpus, "disks": disks, "gpus": [], "nics": nics}
