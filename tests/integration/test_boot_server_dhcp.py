# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot_server role's dnsmasq, for real: configuration checked by dnsmasq, DHCP and TFTP inside namespaces.

The configuration is rendered by the role itself (entry point ``config``, run by ansible-playbook inside the
server's network namespace, so that its facts see the boot interface). The test starts dnsmasq from that file in
the namespace and talks to it from a second namespace with tests/lab/dhcp_client.py (a DHCP client that sends
option 93 and the user class like a PXE ROM and iPXE do) and curl's TFTP client. Nothing leaves the namespaces.
"""
from __future__ import annotations

import os
import signal
import subprocess

import pytest

from tests.integration.machines_setup import CATALOG, HARDWARE, machine_entry, machine_id, register
from tests.lab import boot_role
from tests.lab.boot_role import IPXE_DIR, boot_file, render, start_dnsmasq
from tests.lab.bootnet import BootNet
from tests.support.playbook import play, run_playbook

pytestmark = [pytest.mark.playbook,
              pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces and dnsmasq on port 67 need root")]

API_URL = "http://10.213.7.1:8080"
BIOS, UEFI, UEFI_BC = 0, 7, 9
ROLE = "metalfleet.datacenter.boot_server : "


@pytest.fixture
def workdir():
    """A directory dnsmasq's own user can read (pytest's tmp_path is private to root)."""
    path = boot_role.work_directory()
    yield path
    boot_role.remove(path)


@pytest.fixture
def net():
    bootnet = BootNet(7)
    yield bootnet
    bootnet.close()


def store_machines(workdir, *entries):
    """The tests' partition fra-1 (and its catalog) in the store, with these machines registered."""
    tasks = CATALOG + ([register(list(entries))] if entries else [])
    run = run_playbook(play(tasks), "sqlite://" + os.path.join(workdir, "fleet.db"), os.path.join(workdir, "run"))
    assert run.returncode == 0, run.stdout[-3000:]


@pytest.mark.parametrize("mode", ["full", "static", "proxy"])
def test_dnsmasq_accepts_the_configuration_of_every_mode(net, workdir, mode):
    if mode == "static":
        store_machines(workdir)
    _run, conf = render(net, workdir, mode)
    checked = subprocess.run(["/usr/sbin/dnsmasq", "--test", "--conf-file=" + conf], capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and "syntax check OK" in checked.stderr, checked.stderr
    text = open(conf, encoding="utf-8").read()
    lines = text.splitlines()
    assert "port=0" in lines and "interface=" + net.server_if in lines and "bind-interfaces" in lines
    assert "dhcp-userclass=set:ipxe,iPXE" in lines and "dhcp-boot=tag:ipxe,%s/ipxe/boot.ipxe" % API_URL in lines
    assert "enable-ra" in lines and "dhcp-range=::,constructor:%s,ra-only" % net.server_if in lines
    if mode == "proxy":
        assert "dhcp-range=%s.0,proxy" % net.network in lines
        assert 'pxe-service=tag:!ipxe,x86PC,"metalfleet iPXE (BIOS)",undionly.kpxe' in lines
        assert 'pxe-service=tag:!ipxe,x86-64_EFI,"metalfleet iPXE (UEFI)",snponly.efi' in lines
    else:
        assert "dhcp-range=%s.100,%s.150,1h" % (net.network, net.network) in lines
        assert "dhcp-boot=tag:!ipxe,tag:bios,undionly.kpxe" in lines and "dhcp-boot=tag:!ipxe,tag:efi64,snponly.efi" in lines
    assert ("dhcp-hostsdir=%s/state/dhcp-hosts" % workdir in lines) == (mode == "static")
    assert ("dhcp-ignore=tag:!known" in lines) == (mode == "static")
    # the DHCP snippets for a server of your own only when asked for (tests/integration/test_boot_server_dhcp_snippets.py)
    assert not os.path.exists(os.path.join(workdir, "etc", "dhcp-snippets"))
    for name in ("undionly.kpxe", "snponly.efi"):
        with open(os.path.join(workdir, "tftp", name), "rb") as served, open(os.path.join(IPXE_DIR, name), "rb") as package:
            assert served.read() == package.read()


def test_a_configuration_dnsmasq_refuses_is_not_written(net, workdir):
    run, conf = render(net, workdir, "full", expect_ok=False, boot_server_dnsmasq_extra_options=["no-such-option=1"])
    assert run.returncode != 0
    failed = run.failed[-1]
    assert failed["task"] == ROLE + "Write dnsmasq's configuration" and "bad option" in str(failed["result"])
    assert not os.path.exists(conf)


def test_full_mode_bios_uefi_and_ipxe_clients_boot_and_fetch_over_tftp(net, workdir):
    _run, conf = render(net, workdir, "full")
    start_dnsmasq(net, workdir, conf)
    cases = [("52:54:00:00:07:01", BIOS, None, "undionly.kpxe"), ("52:54:00:00:07:02", UEFI, None, "snponly.efi"),
             ("52:54:00:00:07:03", UEFI_BC, None, "snponly.efi"),
             ("52:54:00:00:07:01", BIOS, "iPXE", API_URL + "/ipxe/boot.ipxe"),
             ("52:54:00:00:07:02", UEFI, "iPXE", API_URL + "/ipxe/boot.ipxe")]
    leases = {}
    for mac, arch, user_class, expected in cases:
        reply = net.dhcp(mac, arch=arch, user_class=user_class)
        offer, ack = reply["offer"], reply["ack"]
        assert offer is not None, "no offer for %s arch %s user class %s" % (mac, arch, user_class)
        assert ack is not None and ack["type"] == 5, "no ACK for %s: %r" % (mac, reply)
        assert boot_file(offer) == expected and boot_file(ack) == expected, (mac, arch, user_class, offer, ack)
        assert offer["siaddr"] == net.server_address and ack["server_id"] == net.server_address
        last = int(ack["yiaddr"].rsplit(".", 1)[1])
        assert ack["yiaddr"].startswith(net.network + ".") and 100 <= last <= 150
        # a client keeps its address when it comes back as iPXE
        assert leases.setdefault(mac, ack["yiaddr"]) == ack["yiaddr"]
    net.give_client_address(leases["52:54:00:00:07:01"])
    for name in ("undionly.kpxe", "snponly.efi"):
        fetched = os.path.join(workdir, "fetched-" + name)
        subprocess.run(net.in_client(["curl", "--silent", "--show-error", "--fail", "--output", fetched,
                                      "tftp://%s/%s" % (net.server_address, name)]), check=True, timeout=60)
        with open(fetched, "rb") as got, open(os.path.join(IPXE_DIR, name), "rb") as package:
            assert got.read() == package.read(), name
    missing = subprocess.run(net.in_client(["curl", "--silent", "--fail", "--output", os.devnull,
                                            "tftp://%s/../../etc/passwd" % net.server_address]), check=False, timeout=60)
    assert missing.returncode != 0


def test_static_mode_answers_only_the_fleets_machines_and_follows_the_store(net, workdir):
    dsn = "sqlite://" + os.path.join(workdir, "fleet.db")
    known, later, unknown = "52:54:00:00:17:01", "52:54:00:00:17:02", "52:54:00:00:17:99"
    store_machines(workdir, machine_entry(1, hardware=dict(HARDWARE, nics=[{"name": "eth0", "mac": known}])))
    _run, conf = render(net, workdir, "static")
    dnsmasq = start_dnsmasq(net, workdir, conf)

    reply = net.dhcp(known, arch=BIOS)
    assert reply["offer"] is not None and reply["ack"]["type"] == 5 and boot_file(reply["ack"]) == "undionly.kpxe"
    assert net.dhcp(unknown, arch=BIOS, timeout=5)["offers"] == [], "an unknown MAC got an offer"

    # a machine registered later: the role writes its file, dnsmasq reads it without a restart
    assert net.dhcp(later, arch=UEFI, timeout=5)["offers"] == []
    store_machines(workdir, machine_entry(2, hardware=dict(HARDWARE, nics=[{"name": "eth0", "mac": later}])))
    run, _conf = render(net, workdir, "static")
    synced = run.task(ROLE + "Keep the host files of the fleet's machines in sync (static mode)")["result"]
    assert synced["changed"] is True and synced["added"] == [machine_id(2)]
    reply = net.dhcp(later, arch=UEFI)
    assert reply["offer"] is not None and boot_file(reply["ack"]) == "snponly.efi"
    assert dnsmasq.poll() is None, "dnsmasq was restarted"

    # a machine removed from the store loses its file; dnsmasq forgets it on SIGHUP (the role's reload handler)
    run = run_playbook(play([{"name": "remove", "metalfleet.datacenter.machine": {"id": machine_id(1), "state": "absent"}}]),
                       dsn, os.path.join(workdir, "run"))
    assert run.returncode == 0, run.stdout[-3000:]
    run, _conf = render(net, workdir, "static")
    synced = run.task(ROLE + "Keep the host files of the fleet's machines in sync (static mode)")["result"]
    assert synced["removed"] == [machine_id(1)] and synced["reload_needed"] is True
    os.kill(dnsmasq.pid, signal.SIGHUP)
    assert net.dhcp(known, arch=BIOS, timeout=5)["offers"] == [], "a removed machine still got an offer"
