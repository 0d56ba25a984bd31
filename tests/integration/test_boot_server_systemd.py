# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot_server role where systemd runs: its two units in a booted systemd container, on a boot network of its own.

The molecule scenario proves the branch without systemd (init scripts; our machines' own). Here the role runs inside
a systemd-nspawn container (``tests/lab/nspawn.py``) whose only network is a veth pair: ``host0`` inside is the
boot interface, the outer end is the client's in a :class:`BootNet` namespace, so dnsmasq serves DHCP there and
nowhere else. The role must detect systemd by itself, write and enable
both units, start them, and be idempotent (second run and check mode: nothing changed). The boot API's venv is
installed from a wheel directory (``boot_server_api_pip_find_links``: the container has no package index), and the API answers on the
boot interface's address to a client on the boot network that dnsmasq gave its address.
"""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.lab import nspawn, wheelhouse
from tests.lab.boot_role import boot_file
from tests.lab.bootnet import BootNet
from tests.support.playbook import REPO_ROOT

pytestmark = [pytest.mark.playbook, pytest.mark.slow]

if os.geteuid() != 0 or nspawn.missing_tools():
    pytest.skip("needs root and %s to boot a systemd container (scripts/install-system-deps installs them)"
                % ", ".join(nspawn.missing_tools() or ["root"]), allow_module_level=True)

API_PORT = 8080
API_USER = "metalfleet-boot"
STORE_DIR = "/var/lib/metalfleet/store"
SECRET = "/etc/metalfleet/secret.key"
UNITS = ("metalfleet-boot-dnsmasq", "metalfleet-boot-api")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The boot network, and the container booted in its server namespace."""
    work = str(tmp_path_factory.mktemp("boot-systemd"))
    box = nspawn.Container("mfbsd%d" % (os.getpid() % 10 ** 7), work, os.path.join(work, "nspawn.log"), veth=True)
    net = None
    try:
        box.start()
        net = BootNet(9, container_veth=box.host_veth)
        box.run(["ip", "addr", "add", net.server_address + "/24", "dev", net.server_if])
        box.run(["ip", "link", "set", net.server_if, "up"])
        yield net, box, work
    finally:
        box.stop()
        if net is not None:
            net.close()


def playbook(box, work: str, plays: list, *flags):
    return nspawn.run_playbook(box, work, plays, *flags)


def store_play(dsn: str) -> list:
    """The partition in a fresh SQLite store inside the container."""
    return [{"name": "The store", "hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "The partition", "metalfleet.datacenter.partition": {"id": "fra-1", "store": dsn, "boot": {
            "kernel_url": "http://10.213.9.1:8080/files/vmlinuz", "initrd_url": "http://10.213.9.1:8080/files/initrd.img",
            "command_line": "console=ttyS0"}}}]}]


def role_play(net, dsn: str, wheels: str) -> list:
    return [{"name": "Boot server where systemd runs", "hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "Set up the boot server", "ansible.builtin.include_role": {"name": "metalfleet.datacenter.boot_server"}}],
        "vars": {"boot_server_interface": net.server_if, "boot_server_partition": "fra-1", "boot_server_dhcp_mode": "full",
                 "boot_server_dhcp_range_start": net.network + ".100", "boot_server_dhcp_range_end": net.network + ".150",
                 "boot_server_store": dsn, "boot_server_secret_key_file": SECRET, "boot_server_api_port": API_PORT,
                 "boot_server_api_workers": 1,
                 "boot_server_api_pip_find_links": wheels,
                 "boot_server_api_collections_path": os.path.join(REPO_ROOT, ".build", "collections")}}]


def test_the_role_runs_dnsmasq_and_the_boot_api_as_systemd_units(lab):
    net, box, work = lab
    wheels = wheelhouse.wheelhouse()
    dsn = "sqlite://%s/fleet.db" % STORE_DIR
    # what an operator does first with an SQLite store: the API's user owns it (docs/boot-server.md)
    box.run(["useradd", "--system", "--user-group", "--home-dir", "/var/lib/metalfleet/boot", "--no-create-home",
             "--shell", "/usr/sbin/nologin", API_USER])
    box.run(["install", "-d", "-o", API_USER, "-g", API_USER, "-m", "0750", STORE_DIR])
    box.run(["install", "-d", "-m", "0755", os.path.dirname(SECRET)])
    box.run(["sh", "-c", "umask 027 && echo systemd-boot-server-secret-0001 > %s && chgrp %s %s" % (SECRET, API_USER, SECRET)])
    made = playbook(box, work, store_play(dsn))
    assert made.returncode == 0, made.stdout[-3000:]
    box.run(["chown", "-R", "%s:%s" % (API_USER, API_USER), STORE_DIR])

    plays = role_play(net, dsn, wheels)
    first = playbook(box, work, plays)
    assert first.returncode == 0, first.stdout[-6000:]
    assert nspawn.play_recap(first.stdout)["changed"] > 0
    # detected by itself: units, no init scripts
    for unit in UNITS:
        assert box.run(["systemctl", "is-active", unit], check=False).stdout.strip() == "active", \
            box.run(["journalctl", "--no-pager", "-n", "40", "-u", unit], check=False).stdout
        assert box.run(["systemctl", "is-enabled", unit], check=False).stdout.strip() == "enabled"
        assert box.run(["test", "-e", "/etc/systemd/system/%s.service" % unit], check=False).returncode == 0
        assert box.run(["test", "-e", "/etc/init.d/%s" % unit], check=False).returncode != 0
    shown = box.run(["systemctl", "show", "--property=User,MainPID", "metalfleet-boot-api"]).stdout
    assert "User=%s" % API_USER in shown
    # the distribution's own dnsmasq stays off (masked in the tree), ours runs with the role's configuration
    assert box.run(["systemctl", "is-active", "dnsmasq"], check=False).stdout.strip() != "active"

    # dnsmasq under systemd answers DHCP on the boot network ...
    reply = net.dhcp("52:54:00:00:09:01", arch=0)
    assert reply["ack"] is not None and reply["ack"]["type"] == 5 and boot_file(reply["ack"]) == "undionly.kpxe", reply
    # ... and the API answers health on the boot interface's address, to that client
    net.give_client_address(reply["ack"]["yiaddr"])
    # (the unit is active as soon as gunicorn runs; it listens once its workers have imported the app: ask again)
    health = subprocess.run(net.in_client(["curl", "--silent", "--show-error", "--fail", "--max-time", "10", "--retry", "30",
                                           "--retry-delay", "1", "--retry-connrefused",
                                           "http://%s:%d/healthz" % (net.server_address, API_PORT)]),
                            capture_output=True, text=True, check=False)
    assert health.returncode == 0, health.stderr + box.run(["journalctl", "--no-pager", "-n", "60", "-u", UNITS[1]],
                                                           check=False).stdout
    body = json.loads(health.stdout)
    assert body["status"] == "ok" and body["store"] == "sqlite" and body["schema_version"]
    # bound to that address only: nothing on the container's loopback
    loopback = box.run(["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:%d/healthz', timeout=5)"
                        % API_PORT], check=False)
    assert loopback.returncode != 0 and "Connection refused" in loopback.stdout, loopback.stdout

    # idempotent, and check mode predicts no change
    second = playbook(box, work, plays)
    assert second.returncode == 0 and nspawn.play_recap(second.stdout)["changed"] == 0, second.stdout[-6000:]
    check = playbook(box, work, plays, "--check")
    assert check.returncode == 0 and nspawn.play_recap(check.stdout)["changed"] == 0, check.stdout[-6000:]
    for unit in UNITS:
        assert box.run(["systemctl", "is-active", unit], check=False).stdout.strip() == "active"
