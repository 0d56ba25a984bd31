# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start and stop a real sushy-tools Redfish emulator (fake driver) on 127.0.0.1 for tests and demos.

The emulator runs without libvirt (``SUSHY_EMULATOR_FAKE_DRIVER``), keeps its state in
its own directory, requires HTTP basic auth from a bcrypt htpasswd file (the only format
it accepts; needs the ``bcrypt`` package), and never calls out (external notifier off).
Known behaviour of the fake driver the tests rely on: power changes land 1-11 s after
the request, ``Once`` boot overrides read back as ``Continuous``, no BIOS resource.
"""
from __future__ import annotations

import base64
import dataclasses
import os
import shutil
import sys
import time
import urllib.error
import urllib.request
import uuid

import labproc

DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "labpass"
EMULATOR = shutil.which("sushy-emulator", path=os.path.dirname(sys.executable)) or shutil.which("sushy-emulator")


def htpasswd_line(username: str, password: str) -> str:
    import bcrypt  # pylint: disable=import-outside-toplevel  # only the lab needs it

    return f"{username}:{bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()}\n"


def fake_systems(count: int, seed: str) -> list[dict]:
    """``count`` fake ComputerSystems named ``node-0``..; uuids derived from ``seed`` so reruns are stable."""
    systems = []
    for index in range(count):
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"metalfleet-lab/{seed}/{index}"))
        systems.append({"uuid": ident, "name": f"node-{index}", "power_state": "Off", "external_notifier": False,
                        "nics": [{"mac": f"52:54:00:00:{index // 256:02x}:{index % 256:02x}", "ip": f"10.99.0.{index + 10}"}]})
    return systems


def emulator_config(port: int, state_dir: str, auth_file: str, systems: list[dict]) -> str:
    return (f"SUSHY_EMULATOR_LISTEN_IP = {labproc.LOOPBACK!r}\n"
            f"SUSHY_EMULATOR_LISTEN_PORT = {port}\n"
            "SUSHY_EMULATOR_FAKE_DRIVER = True\n"
            f"SUSHY_EMULATOR_STATE_DIR = {state_dir!r}\n"
            f"SUSHY_EMULATOR_AUTH_FILE = {auth_file!r}\n"
            f"SUSHY_EMULATOR_FAKE_SYSTEMS = {systems!r}\n"
            "EXTERNAL_NOTIFICATION_URL = 'http://127.0.0.1:9'\n")


@dataclasses.dataclass
class RedfishEmulator:
    """One running sushy-emulator; ``systems`` are the fake systems it serves."""

    port: int
    base_dir: str
    username: str
    password: str
    systems: list
    process: object = dataclasses.field(default=None, repr=False)

    host = labproc.LOOPBACK

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def system_ids(self) -> list[str]:
        return [system["uuid"] for system in self.systems]

    def get(self, path: str, timeout: float = 2.0) -> int:
        """HTTP status of an authenticated GET (readiness probe, test helper)."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Basic {token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec - loopback lab only
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        labproc.stop_process(self.process)

    def endpoints(self) -> list[dict]:
        return [{"name": system["name"], "driver": "redfish", "host": self.host, "port": self.port, "scheme": "http",
                 "username": self.username, "password": self.password, "redfish_system": system["uuid"],
                 "pid": self.process.pid if self.process else None} for system in self.systems]


def start_emulator(base_dir: str, system_count: int = 2, username: str = DEFAULT_USER, password: str = DEFAULT_PASSWORD,
                   ready_timeout: float = 20.0) -> RedfishEmulator:
    """Write config + htpasswd below ``base_dir``, start sushy-emulator and wait for the service root."""
    if EMULATOR is None:
        raise RuntimeError("sushy-emulator is not installed (pip install sushy-tools)")
    state_dir = os.path.join(base_dir, "state")
    shutil.rmtree(base_dir, ignore_errors=True)
    os.makedirs(state_dir)
    auth_file = os.path.join(base_dir, "htpasswd")
    with open(auth_file, "w", encoding="ascii") as handle:
        handle.write(htpasswd_line(username, password))
    systems = fake_systems(system_count, base_dir)
    last_error = ""
    for _attempt in range(3):
        port = labproc.free_tcp_port()
        config = os.path.join(base_dir, "emulator.conf")
        with open(config, "w", encoding="ascii") as handle:
            handle.write(emulator_config(port, state_dir, auth_file, systems))
        proc = labproc.spawn([EMULATOR, "--config", config], os.path.join(base_dir, "emulator.log"), cwd=base_dir)
        emulator = RedfishEmulator(port, base_dir, username, password, systems, proc)
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if emulator.get("/redfish/v1/", timeout=0.5) == 200:
                    return emulator
            except OSError:
                pass
            time.sleep(0.1)
        emulator.stop()
        last_error = f"sushy-emulator on TCP {port} not ready (exit code {proc.poll()})"
    raise RuntimeError(last_error + f"; see {os.path.join(base_dir, 'emulator.log')}")
