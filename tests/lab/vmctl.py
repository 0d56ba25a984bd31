# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Chassis control of one lab machine: ipmi_sim's power and boot requests drive a QEMU virtual machine.

ipmi_sim calls the chassis script (``chassis.sh``, which runs this file with the state directory first) as
``<dir> <device> get power boot`` and ``<dir> <device> set power 1|0``, ``set reset 1``, ``set boot pxe|default|...``.
The machine is described by ``<dir>/vm.json`` (written by tests/lab/fleet_lab.py): the network namespace and tap
device, MAC, SMBIOS UUID and serial, disk image, serial console file, memory.

* power is real: ``get power`` answers whether the QEMU process (``vm.pid``) runs; a guest that powers itself off
  ends QEMU and reads back as off. ``set power 1`` starts QEMU (under ``ip netns exec``) when it does not run,
  ``set power 0`` kills it, ``set reset 1`` kills and starts it again.
* the boot device is a file (``boot``): ``pxe`` starts QEMU with ``-boot once=n,order=c`` (network for this start,
  then the disk on every guest reboot) and is consumed by that start, like a one-time IPMI boot override; anything
  else starts with ``-boot order=c``. When iPXE is told to boot locally (``exit``), SeaBIOS goes on to the disk.
* every request and every QEMU start and stop is appended to ``chassis.log`` (read by the tests and their failure
  logs); QEMU's own output goes to ``qemu.log``, the guest's serial console to ``console.log`` (appended).

Only the standard library: ipmi_sim runs it with the interpreter named in ``chassis.sh``.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

QEMU = "/usr/bin/qemu-system-x86_64"


class Machine:
    def __init__(self, state_dir: str):
        self.dir = state_dir
        with open(self.path("vm.json"), encoding="utf-8") as handle:
            self.spec = json.load(handle)

    def path(self, leaf: str) -> str:
        return os.path.join(self.dir, leaf)

    def log(self, text: str) -> None:
        with open(self.path("chassis.log"), "a", encoding="utf-8") as handle:
            handle.write("%.3f %s\n" % (time.time(), text))

    def read(self, leaf: str, default: str = "") -> str:
        try:
            with open(self.path(leaf), encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError:
            return default

    def write(self, leaf: str, value: str) -> None:
        with open(self.path(leaf), "w", encoding="utf-8") as handle:
            handle.write(value + "\n")

    # -- the QEMU process ----------------------------------------------------------------------------------------
    def pid(self) -> int | None:
        text = self.read("vm.pid")
        if not text.isdigit():
            return None
        pid = int(text)
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as handle:
                cmdline = handle.read()
            with open("/proc/%d/stat" % pid, "rb") as handle:
                zombie = handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
        except OSError:
            return None
        # the pid file could name a recycled pid: it must still be this machine's QEMU
        return None if zombie or self.spec["uuid"].encode() not in cmdline else pid

    def running(self) -> bool:
        return self.pid() is not None

    def qemu_argv(self, pxe: bool) -> list:
        spec = self.spec
        smbios = "type=1,manufacturer=Metalfleet Lab,product=Lab VM,uuid=%s,serial=%s" % (spec["uuid"], spec["serial"])
        return ["ip", "netns", "exec", spec["netns"], spec.get("qemu", QEMU),
                "-name", spec["name"], "-nodefaults", "-accel", "tcg", "-machine", "pc", "-cpu", "qemu64",
                "-smp", "1", "-m", str(spec["memory_mib"]), "-vga", "none", "-display", "none", "-monitor", "none",
                "-smbios", smbios,
                "-drive", "file=%s,if=none,id=disk0,format=raw,cache=unsafe" % spec["disk"],
                "-device", "virtio-blk-pci,drive=disk0,serial=%s" % spec["disk_serial"],
                "-netdev", "tap,id=net0,ifname=%s,script=no,downscript=no" % spec["tap"],
                "-device", "virtio-net-pci,netdev=net0,mac=%s" % spec["mac"],
                "-chardev", "file,id=console,path=%s,append=on" % self.path("console.log"), "-serial", "chardev:console",
                "-boot", "once=n,order=c" if pxe else "order=c",
                "-pidfile", self.path("vm.pid"), "-daemonize"]

    def start(self) -> None:
        if self.running():
            return
        pxe = self.read("boot") == "pxe"
        argv = self.qemu_argv(pxe)
        if pxe:
            self.write("boot", "default")  # a one-time override: used up by this start
        self.log("qemu start boot=%s" % ("network-once" if pxe else "disk"))
        with open(self.path("qemu.log"), "ab") as out:
            # -daemonize: the first process exits once the machine runs; nothing of QEMU keeps ipmi_sim's pipe open
            done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, check=False,
                                  start_new_session=True, timeout=60)
        if done.returncode != 0:
            self.log("qemu failed to start (exit %d), see qemu.log" % done.returncode)

    def stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        self.log("qemu stop pid=%d" % pid)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if self.pid() is None:
                    return
                time.sleep(0.05)

    # -- ipmi_sim's requests -------------------------------------------------------------------------------------
    def get(self, parms) -> int:
        for parm in parms:
            if parm == "power":
                print("power:%d" % (1 if self.running() else 0))
            elif parm == "boot":
                print("boot:%s" % (self.read("boot") or "none"))
            else:
                print("unsupported parameter %s" % parm)
                return 1
        return 0

    def set(self, pairs) -> int:
        while len(pairs) >= 2:
            parm, value = pairs[0], pairs[1]
            pairs = pairs[2:]
            self.log("set %s %s" % (parm, value))
            if parm == "power":
                self.start() if value == "1" else self.stop()  # pylint: disable=expression-not-assigned
            elif parm == "reset":
                if self.running():
                    self.stop()
                    self.start()
            elif parm == "boot":
                self.write("boot", value)
            elif parm == "shutdown":
                self.stop()
            elif parm == "identify":
                self.write("identify", value)
            else:
                print("unsupported parameter %s" % parm)
                return 1
        return 0


def main(argv) -> int:
    state_dir, _device, operation = argv[0], argv[1], argv[2]
    machine = Machine(state_dir)
    if operation == "get":
        return machine.get(argv[3:])
    if operation == "set":
        return machine.set(argv[3:])
    return 1  # "check" and anything else: not supported


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
