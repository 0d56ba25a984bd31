# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line for the demo: a fleet lab (tests/lab/fleet_lab.py) that outlives this command.

    python tests/lab/labctl.py check
    python tests/lab/labctl.py start --count 2 --state-dir DIR --store DSN
    python tests/lab/labctl.py stop --state-dir DIR

``check`` prints ``{"available": bool, "reason": "..."}``: whether this host can run the lab (root, QEMU, dnsmasq,
lldpd, ipmi_sim, iPXE) and build the discovery ramdisk and test OS. ``start`` builds (or reuses) those, starts the lab on
the given store and prints ``{"machines": [...]}``, the entries for the provision playbook's ``provision_machines``
(with the BMC passwords of the lab's simulators: run it with no_log); it writes ``DIR/lab.json`` with the
namespace, the lab's directory and every pid. ``stop`` ends exactly those processes (each checked against its
command line), the QEMU machines (their pid files), and deletes the namespace.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests"))
import conftest  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import  # the collection's import path
sys.path.insert(0, REPO_ROOT)

from tests.lab import fleet_lab as lab_module  # noqa: E402  pylint: disable=wrong-import-position
from tests.lab import lab_artifacts  # noqa: E402  pylint: disable=wrong-import-position
from tests.lab import labproc  # noqa: E402  pylint: disable=wrong-import-position
from tests.lab import vmctl  # noqa: E402  pylint: disable=wrong-import-position

SUBNET = 50
STATE_FILE = "lab.json"
#: what each recorded pid must still run (a recycled pid is left alone)
EXPECTED = {"dnsmasq": b"dnsmasq", "lldpd": b"lldpd", "boot-api": b"gunicorn", "bmc": b"ipmi_sim"}


def check(_args) -> int:
    missing = lab_module.missing_tools()
    result = {"available": not missing, "reason": "needs " + ", ".join(missing) if missing else ""}
    print(json.dumps(result))
    return 0


def start(args) -> int:
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, exist_ok=True)
    try:
        files, images = lab_artifacts.lab_boot_files(lab_module.api_url_for(SUBNET), lab_module.IMAGE, lab_module.BAD_IMAGE)
        lab = lab_module.FleetLab(count=args.count, subnet=SUBNET, files=files, images=images[:1],
                                  workdir=os.path.join(state_dir, "lab"), dsn=args.store).start()
    except (lab_artifacts.Unavailable, RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(json.dumps({"machines": [], "error": str(error)[-2000:]}))
        return 1
    with open(os.path.join(state_dir, STATE_FILE), "w", encoding="utf-8") as handle:
        json.dump({"netns": lab.netns, "workdir": lab.workdir, "pids": lab.pids()}, handle, indent=2)
    print(json.dumps({"machines": [m.target() for m in lab.machines], "partition": lab_module.PARTITION,
                      "size": lab_module.SIZE, "image": lab_module.IMAGE, "network": lab_module.NETWORK,
                      "workdir": lab.workdir}))
    return 0


def _runs(pid: int, program: bytes) -> bool:
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            return program in handle.read()
    except OSError:
        return False


def stop(args) -> int:
    path = os.path.join(os.path.abspath(args.state_dir), STATE_FILE)
    if not os.path.exists(path):
        print(json.dumps({"stopped": []}))
        return 0
    with open(path, encoding="utf-8") as handle:
        state = json.load(handle)
    stopped = []
    for spec in glob.glob(os.path.join(state["workdir"], "bmcs", "*", "vm.json")):
        machine = vmctl.Machine(os.path.dirname(spec))  # the machine's own chassis control: its pid file, checked
        pid = machine.pid()
        if pid is not None:
            machine.stop()
            stopped.append(pid)
    for name, pid in state["pids"].items():
        program = next(text for prefix, text in EXPECTED.items() if name.startswith(prefix))
        if _runs(pid, program):
            labproc.stop_pid(pid)
            stopped.append(pid)
    subprocess.run(["ip", "netns", "del", state["netns"]], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.remove(path)
    print(json.dumps({"stopped": sorted(stopped), "netns": state["netns"]}))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check").set_defaults(func=check)
    start_cmd = commands.add_parser("start")
    start_cmd.add_argument("--count", type=int, default=2)
    start_cmd.add_argument("--state-dir", required=True)
    start_cmd.add_argument("--store", required=True, help="the store's DSN (the boot API and the playbooks share it)")
    start_cmd.set_defaults(func=start)
    stop_cmd = commands.add_parser("stop")
    stop_cmd.add_argument("--state-dir", required=True)
    stop_cmd.set_defaults(func=stop)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
