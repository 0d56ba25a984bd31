# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Proxy mode end to end: the network's own DHCP server hands out the address, the role's dnsmasq the boot file.

Three namespaces on one bridge (tests/lab/bootnet.py with ``peer=True``): the boot server (the role's dnsmasq in
proxy mode, configuration rendered by the role), a plain DHCP server that knows nothing of PXE (a second dnsmasq
with a range and no boot options) and the client. The client (tests/lab/dhcp_client.py ``--pxe``) behaves like a
PXE ROM: options 60 ``PXEClient:Arch:...``, 93 and 97; it takes its address from the plain server's offer, the
proxy's offer for what to boot and, when that names no file (BIOS: a boot menu with discovery control; UEFI: no
menu), asks the proxy on UDP 4011 from its new address like the ROM does.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.lab import boot_role
from tests.lab.boot_role import IPXE_DIR, api_url, boot_file, render, start_dnsmasq
from tests.lab.bootnet import BootNet

pytestmark = [pytest.mark.playbook, pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces and DHCP servers on port 67 need root")]

BIOS, UEFI, UEFI_BC = 0, 7, 9


@pytest.fixture(scope="module")
def lab():
    """The three namespaces, the plain DHCP server and the role's proxy dnsmasq, shared by the module's tests."""
    net = BootNet(8, peer=True)
    workdir = boot_role.work_directory()
    try:
        _run, conf = render(net, workdir, "proxy")
        start_dnsmasq(net, workdir, conf)
        net.start(["/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--log-dhcp", "--log-facility=-",
                   "--port=0", "--bind-interfaces", "--interface=" + net.peer_if, "--pid-file=", "--dhcp-authoritative",
                   "--dhcp-range=%s.100,%s.150,1h" % (net.network, net.network),
                   "--dhcp-leasefile=" + os.path.join(workdir, "plain.leases")],
                  os.path.join(workdir, "plain-dhcp.log"), ready="DHCP, IP range", peer=True)
        yield net, workdir
    finally:
        net.close()
        boot_role.remove(workdir)


def assert_address_from_the_plain_server(net, reply):
    offer, ack = reply["offer"], reply["ack"]
    assert offer is not None and ack is not None and ack["type"] == 5, reply
    assert offer["server_id"] == net.peer_address and ack["server_id"] == net.peer_address
    last = int(ack["yiaddr"].rsplit(".", 1)[1])
    assert ack["yiaddr"].startswith(net.network + ".") and 100 <= last <= 150
    # the plain server knows nothing of booting
    assert not boot_file(offer) and not boot_file(ack) and offer["vendor_class"] is None


def assert_proxy_offer(net, reply):
    proxy = reply["proxy"]
    assert proxy is not None, "no proxy-DHCP offer: %r" % reply["offers"]
    assert proxy["yiaddr"] == "0.0.0.0" and proxy["server_id"] == net.server_address and proxy["vendor_class"] == "PXEClient"
    return proxy


@pytest.mark.parametrize("arch, expected", [(BIOS, "undionly.kpxe"), (UEFI, "snponly.efi"), (UEFI_BC, "snponly.efi")],
                         ids=["bios", "uefi-7", "uefi-9"])
def test_a_pxe_rom_gets_its_address_from_the_dhcp_server_and_its_boot_file_from_the_proxy(lab, arch, expected):
    net, _workdir = lab
    mac = "52:54:00:00:08:%02x" % (0x10 + arch)
    reply = net.dhcp(mac, arch=arch, pxe=True, machine_uuid="00000000-0000-4000-8000-0000000008%02x" % arch,
                     proxy_request=True)
    assert_address_from_the_plain_server(net, reply)
    proxy = assert_proxy_offer(net, reply)
    # the proxy's offer names no file: BIOS gets a menu that asks for boot server discovery, UEFI no menu at all
    assert not boot_file(proxy)
    if arch == BIOS:
        assert proxy["pxe_discovery_control"] == 3 and [i["description"] for i in proxy["pxe_menu"]] == ["metalfleet iPXE (BIOS)"]
    else:
        assert proxy["pxe_menu"] == [] and proxy["siaddr"] == net.server_address
    # ... so the ROM asks the proxy on UDP 4011, from the address the DHCP server gave it
    boot = reply["boot_ack"]
    assert boot is not None, "no answer on UDP 4011"
    assert boot["type"] == 5 and boot["server_id"] == net.server_address and boot["siaddr"] == net.server_address
    assert boot_file(boot) == expected


@pytest.mark.parametrize("arch", [BIOS, UEFI], ids=["bios", "uefi"])
def test_ipxe_gets_the_boot_api_script_in_the_proxy_offer_itself(lab, arch):
    net, _workdir = lab
    mac = "52:54:00:00:08:%02x" % (0x20 + arch)
    reply = net.dhcp(mac, arch=arch, user_class="iPXE", pxe=True, proxy_request=True)
    assert_address_from_the_plain_server(net, reply)
    proxy = assert_proxy_offer(net, reply)
    # never iPXE again: the boot API's script, in the offer itself (BIOS: discovery control 8, "the boot file is in
    # this packet"; UEFI: no PXE options at all)
    assert boot_file(proxy) == api_url(net) + "/ipxe/boot.ipxe"
    assert proxy["pxe_discovery_control"] == (8 if arch == BIOS else None)
    assert reply["boot_ack"] is None


def test_a_client_that_is_no_pxe_rom_gets_no_proxy_offer(lab):
    net, _workdir = lab
    reply = net.dhcp("52:54:00:00:08:30", arch=BIOS)
    assert_address_from_the_plain_server(net, reply)
    assert reply["proxy"] is None and all(o["yiaddr"] != "0.0.0.0" for o in reply["offers"]), reply["offers"]


def test_the_rom_fetches_the_boot_file_over_tftp_from_the_proxy(lab):
    net, workdir = lab
    reply = net.dhcp("52:54:00:00:08:40", arch=BIOS, pxe=True, proxy_request=True)
    boot = reply["boot_ack"]
    assert boot is not None and boot_file(boot) == "undionly.kpxe"
    # the client has its address from the DHCP server now (the 4011 request put it on the interface)
    fetched = os.path.join(workdir, "fetched-undionly.kpxe")
    subprocess.run(net.in_client(["curl", "--silent", "--show-error", "--fail", "--output", fetched,
                                  "tftp://%s/%s" % (boot["siaddr"], boot_file(boot))]), check=True, timeout=60)
    with open(fetched, "rb") as got, open(os.path.join(IPXE_DIR, "undionly.kpxe"), "rb") as package:
        assert got.read() == package.read()
