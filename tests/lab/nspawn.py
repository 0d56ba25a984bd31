# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real systemd as PID 1, for the roles' systemd branches: a Debian root file system booted with systemd-nspawn.

Our test machines have no systemd as PID 1. ``debootstrap`` builds a minimal Debian 12 tree with systemd (cached
under ``.build/nspawn/``, rebuilt when the package list changes), and ``systemd-nspawn --boot --ephemeral`` boots
a throw-away copy of it. By default the container shares the host's network (PostgreSQL inside is reachable on
127.0.0.1); with ``veth=True`` it gets a network of its own whose only link is a veth pair (``--network-veth``:
``host0`` inside, :attr:`Container.host_veth` outside, for the test to move into a namespace of its own), so that a
boot server's DHCP stays on it. Other ways do not work here: with ``--network-namespace-path`` systemd-nspawn 252
still mounts the host's sysfs (the facts would show the host's interfaces), and ``--network-interface`` refuses an
interface that udev has not seen ("not initialized yet"; no udev runs on our machines). It sees
the repository, the virtual environment and its base Python read-only, so ``ansible-playbook`` runs inside it with
``nsenter`` and a local connection: exactly what the role does on a real host where systemd runs.

One tree serves every role's test: it holds the packages of all of them (``PACKAGES``), so that no test downloads
Debian packages at run time. Services those packages enable on their own are masked in the tree (``MASKED``): the
distribution's dnsmasq would otherwise start at boot and serve DNS on the host's network.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import yaml

from tests.support.playbook import REPO_ROOT

SUITE = "bookworm"
PACKAGES = ("systemd", "systemd-sysv", "dbus", "python3", "python3-apt", "ca-certificates", "openssl",
            # boot_server: its boot_server_packages, and ip for the network facts of its boot interface
            "dnsmasq", "ipxe", "python3-venv", "iproute2")
MASKED = ("dnsmasq.service",)
CACHE = os.path.join(REPO_ROOT, ".build", "nspawn")


def missing_tools() -> list:
    return [tool for tool in ("debootstrap", "systemd-nspawn", "nsenter") if shutil.which(tool) is None]


def rootfs() -> str:
    """The cached root file system, built when missing or made for another package list (two to four minutes).

    Tests that run in parallel (``make pytest`` has two workers) share it: a lock file makes the second wait for the
    first's build instead of building into the same directory.
    """
    os.makedirs(CACHE, exist_ok=True)
    with open(os.path.join(CACHE, SUITE + "-systemd.lock"), "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_rootfs()


def _build_rootfs() -> str:
    tree = os.path.join(CACHE, SUITE + "-systemd")
    stamp = os.path.join(CACHE, SUITE + "-systemd.packages")
    wanted = " ".join(PACKAGES) + "; masked: " + " ".join(MASKED)
    if os.path.isdir(tree) and os.path.exists(stamp) and open(stamp, encoding="utf-8").read() == wanted:
        return tree
    shutil.rmtree(tree, ignore_errors=True)
    if os.path.exists(stamp):
        os.unlink(stamp)
    build = subprocess.run(["debootstrap", "--variant=minbase", "--include=" + ",".join(PACKAGES), SUITE, tree],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900, check=False)
    if build.returncode != 0:
        raise RuntimeError("debootstrap failed: %s" % build.stdout[-2000:])
    for unit in MASKED:
        os.symlink("/dev/null", os.path.join(tree, "etc", "systemd", "system", unit))
    with open(stamp, "w", encoding="utf-8") as out:
        out.write(wanted)
    return tree


def run_playbook(box, work: str, plays: list, *flags):
    """Run ``plays`` (written to ``work``/play.yml) with the host's ansible-playbook inside the container ``box``,
    against its own localhost; the collection, the virtualenv and ``work`` are the host's (bind-mounted)."""
    path = os.path.join(work, "play.yml")
    with open(path, "w", encoding="utf-8") as out:
        yaml.safe_dump(plays, out, sort_keys=False)
    env = {"ANSIBLE_COLLECTIONS_PATH": os.path.join(REPO_ROOT, ".build", "collections"), "ANSIBLE_NOCOLOR": "1",
           "ANSIBLE_PYTHON_INTERPRETER": os.path.join(REPO_ROOT, ".venv", "bin", "python"),
           "ANSIBLE_LOCAL_TEMP": os.path.join(work, "tmp"), "ANSIBLE_REMOTE_TEMP": os.path.join(work, "tmp")}
    return box.run([os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook"), "-i", "localhost,", "-c", "local", path]
                   + list(flags), check=False, env=env)


def play_recap(output: str) -> dict:
    """The counters of localhost's PLAY RECAP line of an ``ansible-playbook`` run inside a container."""
    found = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", output)
    assert found, output[-3000:]
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, found.groups())))


class Container:
    """One booted, ephemeral systemd container; ``run`` executes a command inside it."""

    def __init__(self, name: str, writable: str, log_path: str, veth: bool = False):
        """``veth``: a network of its own with one veth pair (keep ``name`` to 12 characters: its outer end is named
        ``ve-<name>``); otherwise the host's network."""
        if veth and len(name) > 12:
            raise ValueError("machine name %r: at most 12 characters with veth=True" % name)
        self.name = name
        self.veth = veth
        self.host_veth = "ve-" + name if veth else None
        self.writable = writable
        self.log_path = log_path
        self.process = None
        self.leader = None

    def read_only_binds(self) -> list:
        paths = {REPO_ROOT, os.path.realpath(os.path.join(REPO_ROOT, ".venv")), os.path.realpath(sys.base_prefix)}
        return sorted(path for path in paths if os.path.isdir(path))

    def start(self, timeout: float = 60.0) -> "Container":
        argv = ["systemd-nspawn", "--quiet", "--directory", rootfs(), "--ephemeral", "--boot", "--register=no",
                "--keep-unit", "--machine", self.name, "--bind", self.writable]
        argv += ["--bind-ro=%s" % path for path in self.read_only_binds()]
        if self.veth:
            argv.append("--network-veth")
        log = open(self.log_path, "w", encoding="utf-8")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)  # pylint: disable=consider-using-with
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("systemd-nspawn exited with %s: %s" % (self.process.returncode, self.log()))
            self.leader = self._leader()
            if self.leader and self.run(["systemctl", "is-system-running", "--wait"], check=False, timeout=30).stdout.strip() in (
                    "running", "degraded"):
                return self
            time.sleep(0.5)
        raise RuntimeError("the container did not boot in %d s: %s" % (timeout, self.log()))

    def _leader(self):
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], stdout=subprocess.PIPE, text=True, check=False).stdout.split()
        return int(children[0]) if children else None

    def run(self, argv, check: bool = True, timeout: int = 900, env: dict | None = None):
        command = ["nsenter", "--target", str(self.leader), "--all", "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                   "HOME=/root", "LANG=C.UTF-8"]
        command += ["%s=%s" % item for item in sorted((env or {}).items())] + list(argv)
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)
        if check and done.returncode != 0:
            raise AssertionError("%s failed in the container (%d): %s" % (" ".join(argv), done.returncode, done.stdout[-4000:]))
        return done

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()[-3000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if self.leader:
            os.kill(self.leader, signal.SIGRTMIN + 3)  # systemd halts on SIGRTMIN+3
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
