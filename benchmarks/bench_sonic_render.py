# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: render (and serialise) the config_db of 200 leaf switches; prints JSON.

Uses a synthetic 32x100G platform with breakouts so no shared data is needed.
Run: ``.venv/bin/python benchmarks/bench_sonic_render.py [--switches N]``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO_ROOT, ".build", "collections"))

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.configdb import dumps_config_db, render_config_db  # noqa: E402
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import platform_from_json  # noqa: E402
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import DeviceContext, parse_values  # noqa: E402

MODES = {"1x100G[40G]": ["Eth{n}"], "2x50G": ["Eth{n}/1", "Eth{n}/2"], "4x25G[10G]": ["Eth{n}/1", "Eth{n}/2", "Eth{n}/3", "Eth{n}/4"]}


def synthetic_platform():
    interfaces = {}
    for n in range(32):
        lanes = ",".join(str(n * 4 + lane) for lane in range(1, 5))
        modes = {mode: [alias.format(n=n + 1) for alias in aliases] for mode, aliases in MODES.items()}
        interfaces[f"Ethernet{n * 4}"] = {"index": ",".join([str(n + 1)] * 4), "lanes": lanes, "breakout_modes": modes}
    return platform_from_json({"interfaces": interfaces}, "x86_64-bench-r0")


def switch_values(number: int) -> dict:
    tenants = [1000 + number * 10 + offset for offset in range(5)]
    return {
        "hostname": f"leaf{number:03d}", "docker_routing_config_mode": "split", "frr_mgmt_framework_config": True,
        "loopback_address": f"10.0.{number // 250}.{number % 250 + 1}", "bgp_ports": ["Ethernet120", "Ethernet124"],
        "breakouts": {"Ethernet0": "4x25G[10G]", "Ethernet4": "2x50G"},
        "features": {"dhcp_relay": {"enabled": True, "auto_restart": True}},
        "interconnects": {f"t{vni}": {"vni": vni, "vrf": f"Vrf{vni}"} for vni in tenants},
        "lldp_hello_time": 10, "mgmt_vrf": True, "mgmt_interface": {"ip": f"192.168.{number // 250}.{number % 250 + 1}/16", "gateway_address": "192.168.0.1"},
        "nameservers": ["1.1.1.1"], "ntp": {"servers": ["162.159.200.1"], "src_interface": "Loopback0"},
        "ports": {"default_mtu": 9216, "default_fec": "rs", "list": [{"name": f"Ethernet{n * 4}", "mtu": 9000} for n in range(2, 30)]},
        "ssh_sourceranges": ["10.0.0.0/8"], "syslog_servers": [{"address": "10.1.0.5", "port": 514}],
        "vlans": [{"id": 4000, "ip": "10.255.0.1/24", "dhcp_servers": ["10.1.0.2"], "untagged_ports": [f"Ethernet{n * 4}" for n in range(2, 30)]}]
        + [{"id": vni - 900 + number % 7, "vrf": f"Vrf{vni}"} for vni in tenants],
        "vtep": {"enabled": True, "vxlan_tunnel_maps": [{"vni": vni, "vlan": f"Vlan{vni - 900 + number % 7}"} for vni in tenants]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--switches", type=int, default=200)
    args = parser.parse_args()
    platform = synthetic_platform()
    inputs = [parse_values(switch_values(number)) for number in range(args.switches)]
    start = time.perf_counter()
    total_bytes = 0
    for number, values in enumerate(inputs):
        device = DeviceContext("x86_64-bench-r0", "Bench-Sku", f"aa:bb:cc:00:{number // 256:02x}:{number % 256:02x}", "ec202211_ecsonic")
        total_bytes += len(dumps_config_db(render_config_db(values, device, platform)))
    elapsed = time.perf_counter() - start
    print(json.dumps({"benchmark": "sonic_render", "switches": args.switches, "total_ms": round(elapsed * 1000, 2),
                      "ms_per_render": round(elapsed * 1000 / args.switches, 3), "avg_bytes": total_bytes // max(args.switches, 1)}))


if __name__ == "__main__":
    main()
