# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""dnsmasq host files (``dhcp-hostsdir``) kept in sync with the fleet store's machines.

Private to the metalfleet.datacenter collection; not a public API.

One file per machine, ``<machine id>.hosts``, one line per NIC MAC (dnsmasq's ``dhcp-host`` syntax without the
``dhcp-host=``).  A bare MAC is enough: dnsmasq sets the tag ``known`` for it, and the boot server's static mode
answers only known clients (``dhcp-ignore=tag:!known``).

dnsmasq reads new and changed files in the directory by itself (inotify), but it forgets a host only on SIGHUP:
the plan says when a reload is needed (a file was removed, or a MAC left a file).  Only files named like a machine's
(``<uuid>.hosts``) are managed; anything else in the directory is left alone.  Files are written to a temporary file
starting with ``.`` (which dnsmasq ignores) and renamed into place, so dnsmasq never reads half a file.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import NotFoundError, ValidationError

SUFFIX = ".hosts"
MANAGED_NAME = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" + re.escape(SUFFIX) + "$")
MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
HEADER = "# written by metalfleet.datacenter.boot_dhcp_hosts from the fleet store; changes are overwritten\n"


@dataclass
class HostPlan:
    """What syncing the directory does: file contents wanted, and which machines' files are added, updated, removed."""

    directory: str
    wanted: dict
    current: dict
    machines: list
    warnings: list = field(default_factory=list)

    @property
    def added(self) -> list:
        return sorted(name for name in self.wanted if name not in self.current)

    @property
    def updated(self) -> list:
        return sorted(name for name in self.wanted if name in self.current and self.current[name] != self.wanted[name])

    @property
    def removed(self) -> list:
        return sorted(name for name in self.current if name not in self.wanted)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    @property
    def reload_needed(self) -> bool:
        """dnsmasq drops hosts it read only on SIGHUP: needed when a file went away or lost a MAC."""
        if self.removed:
            return True
        return any(set(_macs(self.current[name])) - set(_macs(self.wanted[name])) for name in self.updated)

    def diff(self) -> list:
        """One text diff per touched file, headed by its path."""
        diffs = []
        for name in sorted(set(self.added) | set(self.updated) | set(self.removed)):
            path = os.path.join(self.directory, name)
            diffs.append({"before_header": path, "after_header": path,
                          "before": self.current.get(name, ""), "after": self.wanted.get(name, "")})
        return diffs


def _macs(content: str) -> list:
    return [line.split(",", 1)[0] for line in content.splitlines() if line and not line.startswith("#")]


def check_directory(directory) -> str:
    if not directory or not os.path.isabs(directory):
        raise ValidationError("directory", "must be an absolute path, got %r" % (directory,))
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise ValidationError("directory", "%s exists and is not a directory" % directory)
    return os.path.normpath(directory)


def machine_macs(tx, partition=None) -> tuple:
    """``([(machine id, partition, [mac, ...]), ...], warnings)`` from the store, machines ordered by id.

    A MAC claimed by two machines stays with the first (by id) and is reported in the warnings: dnsmasq would
    otherwise pick one of the two files at random.
    """
    if partition is not None:
        if tx.query_one("SELECT id FROM partitions WHERE id = ?", (partition,)) is None:
            raise NotFoundError("partition: unknown partition %r (create it with metalfleet.datacenter.partition)" % partition)
        rows = tx.query("SELECT id, partition_id, hardware FROM machines WHERE partition_id = ? ORDER BY id", (partition,))
    else:
        rows = tx.query("SELECT id, partition_id, hardware FROM machines ORDER BY id")
    owner, machines, warnings = {}, [], []
    for row in rows:
        macs = []
        for nic in json.loads(row["hardware"] or "{}").get("nics") or []:
            mac = str(nic.get("mac") or "").lower()
            if not MAC.match(mac) or mac in macs:
                continue
            if mac in owner:
                warnings.append("MAC %s of machine %s is also a NIC of machine %s; only %s's host file has it"
                                % (mac, row["id"], owner[mac], owner[mac]))
                continue
            owner[mac] = row["id"]
            macs.append(mac)
        if macs:
            machines.append((row["id"], row["partition_id"], macs))
    return machines, warnings


def render(machine_id: str, partition: str, macs) -> str:
    lines = [HEADER, "# machine %s, partition %s\n" % (machine_id, partition)]
    lines.extend(mac + "\n" for mac in macs)
    return "".join(lines)


def read_current(directory: str) -> dict:
    """The managed files now in ``directory`` (none when it does not exist yet)."""
    current = {}
    if not os.path.isdir(directory):
        return current
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if MANAGED_NAME.match(name) and os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as handle:
                current[name] = handle.read()
    return current


def plan_hosts(tx, directory: str, partition=None) -> HostPlan:
    directory = check_directory(directory)
    machines, warnings = machine_macs(tx, partition)
    wanted = {machine_id + SUFFIX: render(machine_id, part, macs) for machine_id, part, macs in machines}
    summary = [{"id": machine_id, "partition": part, "file": os.path.join(directory, machine_id + SUFFIX), "macs": macs}
               for machine_id, part, macs in machines]
    return HostPlan(directory, wanted, read_current(directory), summary, warnings)


def apply_plan(plan: HostPlan, mode: int = 0o644) -> None:
    """Write the added and updated files (temporary file, then rename) and remove the files of gone machines."""
    os.makedirs(plan.directory, mode=0o755, exist_ok=True)
    for name in plan.added + plan.updated:
        handle, temporary = tempfile.mkstemp(prefix="." + name + ".", dir=plan.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(plan.wanted[name])
            os.chmod(temporary, mode)
            os.replace(temporary, os.path.join(plan.directory, name))
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    for name in plan.removed:
        os.unlink(os.path.join(plan.directory, name))
