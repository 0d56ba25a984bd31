# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line for demos: start/stop a few simulated BMCs that outlive this command.

    python tests/lab/bmcsim.py start --count 3 --state-dir DIR [--redfish-systems 2] [--power-on]
    python tests/lab/bmcsim.py status --state-dir DIR
    python tests/lab/bmcsim.py targets --state-dir DIR
    python tests/lab/bmcsim.py stop --state-dir DIR

``start`` prints (and writes to DIR/endpoints.json) a JSON list of endpoints: ipmi_sim
instances on 127.0.0.1 UDP ports and, when asked, one sushy-emulator serving N systems.
``targets`` prints them as entries for the ``targets:`` option of the BMC modules.
``stop`` ends exactly the processes recorded there (checked against their command line).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ipmisim  # noqa: E402  pylint: disable=wrong-import-position
import labproc  # noqa: E402  pylint: disable=wrong-import-position
import redfish_emulator  # noqa: E402  pylint: disable=wrong-import-position

ENDPOINTS_FILE = "endpoints.json"
EXPECTED_PROGRAMS = {"ipmi": "ipmi_sim", "redfish": "sushy-emulator"}


def _endpoints_path(state_dir: str) -> str:
    return os.path.join(state_dir, ENDPOINTS_FILE)


def _load(state_dir: str) -> list:
    path = _endpoints_path(state_dir)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _is_ours(pid: int, driver: str) -> bool:
    """The pid still runs the program we started (guards against a recycled pid)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return EXPECTED_PROGRAMS[driver].encode() in handle.read()
    except OSError:
        return False


def start(args) -> int:
    state_dir = os.path.abspath(args.state_dir)
    if any(_is_ours(entry["pid"], entry["driver"]) for entry in _load(state_dir) if entry.get("pid")):
        print(f"simulators from {state_dir} are still running; stop them first", file=sys.stderr)
        return 1
    os.makedirs(state_dir, exist_ok=True)
    endpoints = []
    try:
        lab = ipmisim.IpmiSimLab(os.path.join(state_dir, "ipmi"))
        for instance in lab.start(args.count, power_on=args.power_on):
            endpoints.append(instance.endpoint())
        if args.redfish_systems:
            emulator = redfish_emulator.start_emulator(os.path.join(state_dir, "redfish"), system_count=args.redfish_systems)
            endpoints.extend(emulator.endpoints())
    except Exception as error:  # pylint: disable=broad-except  # report, clean up, exit non-zero
        for entry in endpoints:
            labproc.stop_pid(entry["pid"])
        print(f"start failed: {error}", file=sys.stderr)
        return 1
    with open(_endpoints_path(state_dir), "w", encoding="utf-8") as handle:
        json.dump(endpoints, handle, indent=2)
    print(json.dumps(endpoints, indent=2))
    return 0


def status(args) -> int:
    entries = _load(os.path.abspath(args.state_dir))
    report = [dict(name=entry["name"], driver=entry["driver"], port=entry["port"], running=_is_ours(entry["pid"], entry["driver"]))
              for entry in entries]
    print(json.dumps(report, indent=2))
    return 0


#: endpoint key -> key of a ``targets:`` entry of the BMC modules
TARGET_KEYS = {"name": "name", "host": "host", "port": "port", "driver": "driver", "username": "username",
               "password": "password", "scheme": "redfish_scheme", "redfish_system": "redfish_system"}


def module_targets(entries: list) -> list:
    """Endpoints as ``targets:`` entries of the BMC modules (only the keys those accept)."""
    return [{TARGET_KEYS[key]: value for key, value in entry.items() if key in TARGET_KEYS} for entry in entries]


def targets(args) -> int:
    print(json.dumps(module_targets(_load(os.path.abspath(args.state_dir))), indent=2))
    return 0


def stop(args) -> int:
    state_dir = os.path.abspath(args.state_dir)
    stopped = set()
    for entry in _load(state_dir):
        pid = entry.get("pid")
        if pid and pid not in stopped and _is_ours(pid, entry["driver"]):
            labproc.stop_pid(pid)
            stopped.add(pid)
    print(json.dumps({"stopped": sorted(stopped)}))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start_cmd = commands.add_parser("start", help="start simulators and print their endpoints as JSON")
    start_cmd.add_argument("--count", type=int, default=3, help="number of ipmi_sim BMCs")
    start_cmd.add_argument("--redfish-systems", type=int, default=0, help="also start a sushy-emulator with this many systems")
    start_cmd.add_argument("--power-on", action="store_true", help="simulated machines start powered on")
    start_cmd.add_argument("--state-dir", required=True)
    start_cmd.set_defaults(func=start)
    for name, func in (("status", status), ("targets", targets), ("stop", stop)):
        sub = commands.add_parser(name)
        sub.add_argument("--state-dir", required=True)
        sub.set_defaults(func=func)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
