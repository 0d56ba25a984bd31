# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A simulated machine in QEMU (TCG) with user-mode networking: no namespace, no bridge, no DHCP server of ours.

QEMU's own DHCP server (slirp, ``restrict=on``: the guest reaches nothing but what is forwarded) hands the NIC's
iPXE ROM the boot file ``http://10.0.2.100/ipxe/boot.ipxe``; ``guestfwd`` connects every TCP connection to
10.0.2.100:80 through ``busybox nc`` to the boot API on 127.0.0.1.  The machine has a fixed SMBIOS UUID and serial,
a virtio disk (qcow2, with a serial number) and a virtio NIC (with a fixed MAC and link speed), no VGA (it would be
reported as a GPU), and boots once from the network, then from its disk (``-boot once=n,order=c``).
The serial console goes to a file; :meth:`UsermodeVm.wait_console` waits for a line in it.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time

API_ADDRESS = "10.0.2.100"


class UsermodeVm:
    def __init__(self, workdir: str, name: str, uuid: str, serial: str, mac: str, api_port: int, disk_size: str = "2G",
                 memory_mib: int = 768):
        self.workdir = workdir
        self.name = name
        self.uuid = uuid
        self.serial = serial
        self.mac = mac
        self.api_port = api_port
        self.disk = os.path.join(workdir, name + ".qcow2")
        self.console = os.path.join(workdir, name + ".console.log")
        self.disk_size = disk_size
        self.memory_mib = memory_mib
        self.proc = None
        self.started_at = None
        self.started_wall = None

    def argv(self) -> list:
        forward = "tcp:%s:80-cmd:%s nc 127.0.0.1 %d" % (API_ADDRESS, shutil.which("busybox") or "busybox", self.api_port)
        return [
            "qemu-system-x86_64", "-accel", "tcg", "-nodefaults", "-no-user-config", "-display", "none", "-vga", "none",
            "-m", str(self.memory_mib), "-smp", "1",
            "-smbios", "type=1,manufacturer=metalfleet,product=lab-vm,uuid=%s,serial=%s" % (self.uuid, self.serial),
            "-serial", "file:" + self.console,
            "-drive", "file=%s,if=none,id=disk0,format=qcow2" % self.disk,
            "-device", "virtio-blk-pci,drive=disk0,serial=%s-disk0" % self.serial,
            "-netdev", "user,id=net0,restrict=on,bootfile=http://%s/ipxe/boot.ipxe,guestfwd=%s" % (API_ADDRESS, forward),
            "-device", "virtio-net-pci,netdev=net0,mac=%s,speed=10000,duplex=full" % self.mac,
            "-boot", "once=n,order=c",
        ]

    def start(self) -> "UsermodeVm":
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", self.disk, self.disk_size], check=True)
        log = open(os.path.join(self.workdir, self.name + ".qemu.log"), "wb")  # pylint: disable=consider-using-with
        self.started_at = time.monotonic()
        self.started_wall = time.time()
        self.proc = subprocess.Popen(self.argv(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        log.close()
        return self

    def console_text(self) -> str:
        if not os.path.exists(self.console):
            return ""
        with open(self.console, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def wait_console(self, pattern: str, timeout: float) -> str:
        """The first console line matching ``pattern`` (a regular expression); AssertionError with the log tail after ``timeout``."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            for line in self.console_text().splitlines():
                if regex.search(line):
                    return line
            if self.proc.poll() is not None:
                raise AssertionError("QEMU exited (%s) before %r:\n%s" % (self.proc.returncode, pattern, self.console_text()[-4000:]))
            if time.monotonic() > deadline:
                raise AssertionError("no %r on the console within %s s:\n%s" % (pattern, timeout, self.console_text()[-4000:]))
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
