# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a network-booting machine boots (pure).

Private to the metalfleet.datacenter collection; not a public API.

| machine                                   | mode        | boots                                    |
| ----------------------------------------- | ----------- | ---------------------------------------- |
| unknown (no machine has its MAC or UUID)  | discovery   | the partition's ramdisk                  |
| registered, not allocated                 | discovery   | the partition's ramdisk                  |
| allocated, ``netboot_allowed``            | install     | the ramdisk with ``metalfleet.mode=install`` |
| allocated, installed (netboot not allowed)| local       | its local disk                           |
| held (``reserved`` or ``locked``)         | local       | its local disk                           |

``netboot_allowed`` is turned off by the phone home after a successful
install and on again by a reinstall or a free (``machines.allocation``).
"""
from __future__ import annotations

from dataclasses import dataclass

DISCOVERY = "discovery"
INSTALL = "install"
LOCAL = "local"
MODES = (DISCOVERY, INSTALL, LOCAL)

#: added to the partition's kernel command line in install mode.
INSTALL_ARGUMENT = "metalfleet.mode=install"


@dataclass(frozen=True)
class BootDecision:  # pylint: disable=too-many-instance-attributes
    """The answer to a booting machine; the URLs and command line are the partition's boot settings."""

    mode: str
    machine_id: str | None
    partition: str
    kernel_url: str
    initrd_url: str
    command_line: str

    def as_dict(self) -> dict:
        return {"mode": self.mode, "machine_id": self.machine_id, "partition": self.partition, "kernel_url": self.kernel_url,
                "initrd_url": self.initrd_url, "command_line": self.command_line}


def boot_mode(registered: bool, allocated: bool, netboot_allowed: bool, hold: str = "") -> str:
    """The mode of the decision table above."""
    if not registered:
        return DISCOVERY
    if hold:
        return LOCAL
    if not allocated:
        return DISCOVERY
    return INSTALL if netboot_allowed else LOCAL


def decide(machine, partition: dict) -> BootDecision:
    """The decision for ``machine`` (a machines row, or None when unknown) booting in ``partition`` (a partitions row)."""
    if machine is None:
        mode = boot_mode(False, False, True)
    else:
        mode = boot_mode(True, machine["project"] is not None, bool(machine["netboot_allowed"]), machine["hold"] or "")
    command_line = partition["boot_command_line"]
    if mode == INSTALL:
        command_line = (command_line + " " + INSTALL_ARGUMENT).strip()
    return BootDecision(mode=mode, machine_id=None if machine is None else machine["id"], partition=partition["id"],
                        kernel_url=partition["boot_kernel_url"], initrd_url=partition["boot_initrd_url"], command_line=command_line)
