# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A boot network of its own for the boot server tests: two network namespaces joined by a veth pair.

``<prefix>-srv`` holds the boot server's end (``<prefix>s``, 10.213.<n>.1/24), ``<prefix>-cli`` the client's end
(``<prefix>c``, no address until a test gives it one).

With ``peer=True`` (proxy-DHCP and bring-your-own-DHCP tests) a third namespace ``<prefix>-dhcp`` holds another
DHCP server's end (``<prefix>d``, 10.213.<n>.2/24), and the boot server's end is a bridge (``<prefix>b``, with the
.1 address) joining both veth pairs: one broadcast domain of three hosts. No traffic can leave the namespaces; :meth:`BootNet.close`
stops every process started through :meth:`BootNet.start` (by its pid) and deletes both namespaces, which removes
the veth pair with them.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
DHCP_CLIENT = os.path.join(HERE, "dhcp_client.py")


def _ip(*args) -> None:
    subprocess.run(["ip"] + list(args), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


class BootNet:
    def __init__(self, subnet: int, peer: bool = False, container_veth: str | None = None):
        """``container_veth``: the boot server is a container with a veth pair of its own (tests/lab/nspawn.py); its
        outer end (in the host's namespace) becomes the client's end, and there is no server namespace. The
        container gives ``host0`` the server's address itself."""
        tag = "mfb" + uuid.uuid4().hex[:6]
        self.server_ns, self.client_ns = tag + "-srv", tag + "-cli"
        self.server_if, self.client_if = tag + "s", tag + "c"
        if container_veth:
            self.server_ns, self.server_if = None, "host0"
        self.peer_ns = tag + "-dhcp" if peer else None
        self.peer_if = tag + "d" if peer else None
        self.network = "10.213.%d" % subnet
        self.server_address = self.network + ".1"
        self.peer_address = self.network + ".2" if peer else None
        self.processes = []
        try:
            for ns in self.namespaces():
                _ip("netns", "add", ns)
                _ip("-n", ns, "link", "set", "lo", "up")
            if container_veth:
                _ip("link", "set", container_veth, "netns", self.client_ns)
                _ip("-n", self.client_ns, "link", "set", container_veth, "name", self.client_if)
                up = [(self.client_ns, self.client_if)]
            else:
                _ip("link", "add", self.server_if, "netns", self.server_ns, "type", "veth", "peer", "name", self.client_if,
                    "netns", self.client_ns)
                up = [(self.server_ns, self.server_if), (self.client_ns, self.client_if)]
            if peer:
                ports = [self.server_if, tag + "p"]
                _ip("link", "add", ports[1], "netns", self.server_ns, "type", "veth", "peer", "name", self.peer_if,
                    "netns", self.peer_ns)
                self.server_if = tag + "b"
                _ip("-n", self.server_ns, "link", "add", self.server_if, "type", "bridge")
                up.append((self.server_ns, self.server_if))
                for port in ports:
                    _ip("-n", self.server_ns, "link", "set", port, "master", self.server_if)
                    up.append((self.server_ns, port))
                _ip("-n", self.peer_ns, "addr", "add", self.peer_address + "/24", "dev", self.peer_if)
                up.append((self.peer_ns, self.peer_if))
            if self.server_ns:
                _ip("-n", self.server_ns, "addr", "add", self.server_address + "/24", "dev", self.server_if)
            for ns, interface in up:
                _ip("-n", ns, "link", "set", interface, "up")
        except BaseException:
            self.close()
            raise

    def namespaces(self) -> list:
        return [ns for ns in (self.server_ns, self.client_ns, self.peer_ns) if ns]

    def in_peer(self, argv) -> list:
        return ["ip", "netns", "exec", self.peer_ns] + list(argv)

    def in_server(self, argv) -> list:
        return ["ip", "netns", "exec", self.server_ns] + list(argv)

    def in_client(self, argv) -> list:
        return ["ip", "netns", "exec", self.client_ns] + list(argv)

    def start(self, argv, log_path: str, ready: str, timeout: float = 10.0, peer: bool = False) -> subprocess.Popen:
        """Start ``argv`` in the server (or the peer's) namespace, output to ``log_path``; wait for ``ready`` in the log."""
        log = open(log_path, "ab")  # pylint: disable=consider-using-with  # closed with the process in close()
        process = subprocess.Popen(self.in_peer(argv) if peer else self.in_server(argv), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        process.log = log
        self.processes.append(process)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                if ready in handle.read():
                    return process
            if process.poll() is not None:
                break
            time.sleep(0.05)
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            raise AssertionError("%s did not get ready (%r):\n%s" % (argv[0], ready, handle.read()[-3000:]))

    def dhcp(self, mac: str, arch=None, user_class=None, vendor_class=None, timeout: float = 8.0, pxe: bool = False,
             machine_uuid=None, proxy_request: bool = False) -> dict:
        """One DHCP exchange from the client namespace (see dhcp_client.py); ``pxe``: as a PXE ROM (options 60, 93, 97)."""
        argv = [sys.executable, DHCP_CLIENT, "--interface", self.client_if, "--mac", mac, "--timeout", str(timeout)]
        for flag, value in (("--arch", arch), ("--user-class", user_class), ("--vendor-class", vendor_class),
                            ("--uuid", machine_uuid)):
            if value is not None:
                argv += [flag, str(value)]
        argv += (["--pxe"] if pxe else []) + (["--proxy-request"] if proxy_request else [])
        done = subprocess.run(self.in_client(argv), check=True, capture_output=True, text=True, timeout=timeout * 3)
        return json.loads(done.stdout)

    def give_client_address(self, address: str) -> None:
        _ip("-n", self.client_ns, "addr", "replace", address + "/24", "dev", self.client_if)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            process.log.close()
        self.processes = []
        for ns in self.namespaces():
            subprocess.run(["ip", "netns", "del", ns], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
