# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A test partition of 2 spines, 4 leaves and 2 exits on four SONiC platforms, shared by unit, playbook tests and benchmarks.

Platforms (from $METALFLEET_SHARED/sonic/platforms): spines Dell S5232F (platform.json), leaf01/02 Dell S5248F
(platform.json, breakout of Ethernet52), leaf03/04 Accton AS7726-32X (Edgecore platform.json, breakout of
Ethernet0), exits Accton AS7326-56X (port_config.ini only).  Every leaf and exit links to both spines.
"""
from __future__ import annotations

import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("METALFLEET_SHARED") or os.path.join(os.path.dirname(REPO_ROOT), "shared")
PLATFORMS = os.path.join(SHARED, "sonic", "platforms")
EDGECORE_PLATFORMS = os.path.join(PLATFORMS, "edgecore-sonic-from-configdb-utils")
YANG_DIR = os.path.join(SHARED, "sonic", "yang", "all")

PARTITION = "fra"
PARTITION_SPEC = {"id": PARTITION, "dns_servers": ["1.1.1.1", "8.8.8.8"], "ntp_servers": ["162.159.200.1"],
                  "mgmt_service_address": "10.1.0.2:4242", "labels": {"metalfleet.io/syslog-servers": "10.1.0.5"}}
NETWORK_SPECS = (
    {"name": "tenant-super", "partition": PARTITION, "type": "private_super", "prefixes": ["10.128.0.0/14"],
     "default_child_prefix_length": {"IPv4": 22}},
    {"name": "underlay", "partition": PARTITION, "type": "underlay", "prefixes": ["10.0.0.0/22"]},
    {"name": "shop", "partition": PARTITION, "project": "p1"},
    {"name": "analytics", "partition": PARTITION, "project": "p2"},
)
MACHINE_A = "00000000-0000-0000-0000-0000000000a1"
MACHINE_B = "00000000-0000-0000-0000-0000000000b2"

S5232F = {"platform": "x86_64-dellemc_s5232f_c3538-r0", "hwsku": "DellEMC-S5232f-C32", "platform_dir": PLATFORMS}
S5248F = {"platform": "x86_64-dellemc_s5248f_c3538-r0", "hwsku": "DellEMC-S5248f-P-25G", "platform_dir": PLATFORMS}
AS7726 = {"platform": "x86_64-accton_as7726_32x-r0", "hwsku": "Accton-AS7726-32X", "platform_dir": EDGECORE_PLATFORMS}
AS7326 = {"platform": "x86_64-accton_as7326_56x-r0", "hwsku": "Accton-AS7326-56X", "platform_dir": PLATFORMS}


def _mgmt(number: int) -> dict:
    return {"mgmt_address": f"192.168.0.{number}/24", "mgmt_gateway": "192.168.0.1", "mgmt_mac": f"0c:29:ef:aa:00:{number:02x}"}


def _uplinks(ports, spine_port_offset: int) -> list:
    return [{"port": port, "switch": spine, "switch_port": f"Ethernet{spine_port_offset}"} for port, spine in zip(ports, ("spine01", "spine02"))]


def switch_specs() -> list:
    """The eight switches in registration order (spines first: links name registered switches)."""
    specs = [dict(S5232F, name=f"spine0{n}", partition=PARTITION, role="spine", rack="r0", **_mgmt(10 + n)) for n in (1, 2)]
    for n in (1, 2):
        specs.append(dict(S5248F, name=f"leaf0{n}", partition=PARTITION, role="leaf", rack=f"r{n}", breakouts={"Ethernet52": "4x25G[10G]"},
                          pxe={"address": f"10.255.{n}.1/24"}, port_defaults={"mtu": 9216}, ports={"Ethernet53": {"speed": 10000}},
                          links=_uplinks(("Ethernet48", "Ethernet56"), 4 * (n - 1)), **_mgmt(20 + n)))
    for n in (3, 4):
        specs.append(dict(AS7726, name=f"leaf0{n}", partition=PARTITION, role="leaf", rack=f"r{n}", breakouts={"Ethernet0": "4x25G"},
                          pxe={"address": f"10.255.{n}.1/24"}, port_defaults={"mtu": 9216, "fec": "rs"},
                          links=_uplinks(("Ethernet120", "Ethernet124"), 4 * (n - 1)), **_mgmt(20 + n)))
    for n in (1, 2):
        specs.append(dict(AS7326, name=f"exit0{n}", partition=PARTITION, role="exit", rack="r0",
                          links=_uplinks(("Ethernet48", "Ethernet52"), 16 + 4 * n), **_mgmt(30 + n)))
    specs[2]["connections"] = [{"port": "Ethernet0", "machine": MACHINE_A, "nic": "eth0"}, {"port": "Ethernet1", "machine": MACHINE_B, "nic": "eth0"}]
    return specs


def expected_neighbours() -> dict:
    """Switch name -> the ports that must carry BGP unnumbered sessions."""
    result = {"spine01": set(), "spine02": set()}
    for spec in switch_specs():
        for link in spec.get("links") or ():
            result.setdefault(spec["name"], set()).add(link["port"])
            result[link["switch"]].add(link["switch_port"])
    return result


def have_shared_data() -> bool:
    return os.path.isdir(PLATFORMS) and os.path.isdir(YANG_DIR)
