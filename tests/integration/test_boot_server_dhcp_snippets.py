# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ISC dhcpd and Kea snippets the role writes (``boot_server_dhcp_snippets``): checked and run by the real servers.

The role's ``config`` entry point renders them for a boot server at 10.213.10.1 (tests/lab/boot_role.py). Each
snippet is included into a minimal configuration of its server, the way docs/boot-server.md says, and checked with
the server's own test mode (``dhcpd -t``, ``kea-dhcp4 -t``); a broken copy must be refused, so the check can fail.
Then each server runs for real in the third namespace of a BootNet (``dhcpd -f -d``, ``kea-dhcp4 -c``, leases in
the test's directory) and the DHCP client gets an address from it with the boot file of its architecture and user
class and the boot server as next-server.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.lab import boot_role
from tests.lab.boot_role import api_url, boot_file, render
from tests.lab.bootnet import BootNet

DHCPD, KEA = "/usr/sbin/dhcpd", "/usr/sbin/kea-dhcp4"
pytestmark = [pytest.mark.playbook,
              pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces and DHCP servers on port 67 need root"),
              pytest.mark.skipif(not (os.access(DHCPD, os.X_OK) and os.access(KEA, os.X_OK)),
                                 reason="needs ISC dhcpd and Kea (apt isc-dhcp-server kea-dhcp4-server; scripts/install-system-deps)")]

BIOS, UEFI, UEFI_BC = 0, 7, 9


@pytest.fixture(scope="module")
def lab():
    net = BootNet(10, peer=True)
    workdir = boot_role.work_directory()
    try:
        run, _conf = render(net, workdir, "full", boot_server_dhcp_snippets=True)
        assert run.task("metalfleet.datacenter.boot_server : Write the ISC dhcpd and Kea snippets")["result"]["changed"]
        yield net, workdir
    finally:
        net.close()
        boot_role.remove(workdir)


def snippet(workdir: str, name: str) -> str:
    return os.path.join(workdir, "etc", "dhcp-snippets", name)


def dhcpd_conf(net, workdir: str, include: str) -> str:
    """dhcpd.conf of the network's own DHCP server: the snippet at the top level, then its subnet."""
    path = os.path.join(workdir, "dhcpd.conf")
    with open(path, "w", encoding="utf-8") as out:
        out.write('authoritative;\ndefault-lease-time 600;\ninclude "%s";\n\nsubnet %s.0 netmask 255.255.255.0 {\n'
                  '  range %s.160 %s.180;\n}\n' % (include, net.network, net.network, net.network))
    return path


def kea_conf(net, workdir: str, include: str) -> str:
    """kea-dhcp4.conf with the snippet as the value of client-classes, as the docs show."""
    path = os.path.join(workdir, "kea-dhcp4.conf")
    text = """{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "%s" ] },
  "lease-database": { "type": "memfile", "persist": false },
  "valid-lifetime": 600,
  "client-classes": <?include "%s"?>,
  "subnet4": [ { "id": 1, "subnet": "%s.0/24", "pools": [ { "pool": "%s.160 - %s.180" } ] } ],
  "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ], "severity": "INFO" } ]
} }
""" % (net.peer_if, include, net.network, net.network, net.network)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    return path


def kea_env(workdir: str) -> dict:
    return dict(os.environ, KEA_LOCKFILE_DIR=workdir, KEA_PIDFILE_DIR=workdir)


def broken_copy(path: str, workdir: str) -> str:
    """The snippet with its last closing bracket removed."""
    text = open(path, encoding="utf-8").read()
    cut = max(text.rfind("}"), text.rfind("]"))
    broken = os.path.join(workdir, "broken-" + os.path.basename(path))
    with open(broken, "w", encoding="utf-8") as out:
        out.write(text[:cut] + text[cut + 1:])
    return broken


def test_the_snippets_carry_the_boot_servers_address_files_and_api(lab):
    net, workdir = lab
    isc = open(snippet(workdir, "isc-dhcpd.conf"), encoding="utf-8").read()
    kea = open(snippet(workdir, "kea-dhcp4-client-classes.json"), encoding="utf-8").read()
    for text in (isc, kea):
        assert net.server_address in text and api_url(net) + "/ipxe/boot.ipxe" in text
        assert "undionly.kpxe" in text and "snponly.efi" in text


def test_dhcpd_accepts_its_snippet_and_refuses_a_broken_one(lab):
    net, workdir = lab
    good = subprocess.run([DHCPD, "-t", "-4", "-cf", dhcpd_conf(net, workdir, snippet(workdir, "isc-dhcpd.conf"))],
                          capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stderr
    broken = broken_copy(snippet(workdir, "isc-dhcpd.conf"), workdir)
    bad = subprocess.run([DHCPD, "-t", "-4", "-cf", dhcpd_conf(net, workdir, broken)], capture_output=True, text=True,
                         check=False)
    assert bad.returncode != 0, bad.stderr


def test_kea_accepts_its_snippet_and_refuses_a_broken_one(lab):
    net, workdir = lab
    include = snippet(workdir, "kea-dhcp4-client-classes.json")
    # in the namespace of its interface: kea-dhcp4 -t also checks that the interface exists
    good = subprocess.run(net.in_peer([KEA, "-t", kea_conf(net, workdir, include)]), capture_output=True, text=True,
                          check=False, env=kea_env(workdir))
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run(net.in_peer([KEA, "-t", kea_conf(net, workdir, broken_copy(include, workdir))]), capture_output=True,
                         text=True, check=False, env=kea_env(workdir))
    assert bad.returncode != 0, bad.stdout + bad.stderr


def start_server(net, workdir: str, server: str):
    if server == "isc":
        leases = os.path.join(workdir, "dhcpd.leases")
        open(leases, "w", encoding="utf-8").close()
        conf = dhcpd_conf(net, workdir, snippet(workdir, "isc-dhcpd.conf"))
        return net.start([DHCPD, "-f", "-d", "-4", "-cf", conf, "-lf", leases, "-pf", os.path.join(workdir, "dhcpd.pid"),
                          net.peer_if], os.path.join(workdir, "dhcpd.log"), ready="Server starting service", peer=True)
    conf = kea_conf(net, workdir, snippet(workdir, "kea-dhcp4-client-classes.json"))
    env = ["env", "KEA_LOCKFILE_DIR=" + workdir, "KEA_PIDFILE_DIR=" + workdir]
    return net.start(env + [KEA, "-c", conf], os.path.join(workdir, "kea.log"), ready="DHCP4_STARTED", peer=True)


@pytest.mark.slow
@pytest.mark.parametrize("server", ["isc", "kea"])
def test_the_server_hands_out_the_boot_file_per_architecture_and_user_class(lab, server):
    net, workdir = lab
    process = start_server(net, workdir, server)
    try:
        cases = [("52:54:00:00:10:01", BIOS, None, "undionly.kpxe", net.server_address),
                 ("52:54:00:00:10:02", UEFI, None, "snponly.efi", net.server_address),
                 ("52:54:00:00:10:03", UEFI_BC, None, "snponly.efi", net.server_address),
                 ("52:54:00:00:10:01", BIOS, "iPXE", api_url(net) + "/ipxe/boot.ipxe", None),
                 ("52:54:00:00:10:02", UEFI, "iPXE", api_url(net) + "/ipxe/boot.ipxe", None)]
        for mac, arch, user_class, expected, next_server in cases:
            reply = net.dhcp(mac, arch=arch, user_class=user_class, pxe=True)
            offer, ack = reply["offer"], reply["ack"]
            assert offer is not None and ack is not None and ack["type"] == 5, (server, mac, arch, user_class, reply)
            assert ack["server_id"] == net.peer_address
            last = int(ack["yiaddr"].rsplit(".", 1)[1])
            assert ack["yiaddr"].startswith(net.network + ".") and 160 <= last <= 180
            assert boot_file(offer) == expected and boot_file(ack) == expected, (server, arch, user_class, offer, ack)
            if next_server:
                assert ack["siaddr"] == next_server, (server, arch, ack)
        # a client that is no PXE ROM gets an address and nothing to boot
        plain = net.dhcp("52:54:00:00:10:09")
        assert plain["ack"] is not None and plain["ack"]["type"] == 5 and not boot_file(plain["ack"])
    finally:
        process.terminate()
        process.wait(timeout=10)
