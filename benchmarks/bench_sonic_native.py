# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: native rendering of 200 switches from the fleet store, with and without YANG validation; prints one JSON document.

Run from the repository root: ``.venv/bin/python benchmarks/bench_sonic_native.py [--switches N]``.

Set-up (not measured): a SQLite store (durable, on the normal disk) with one partition, its networks (underlay, tenant
super network, 20 tenant networks) and N switches registered through ``SwitchService``: 16 spines (Dell S5232F) and
leaves on three platforms (Dell S5248F with a breakout, Accton AS7726-32X with a breakout, Accton AS7326-56X), every
20th of them an exit, each linked to two spines; ASNs and loopbacks allocated.  Platforms and YANG models come from
$METALFLEET_SHARED (skipped, with the reason, when absent).

Measured per switch:

* ``render``: read the switch's facts from the store (one read-only transaction), build the values and the FRR model,
  render config_db (+ JSON text) and frr.conf; the target is < 50 ms;
* ``render_validate``: the same plus the libyang validation against the community models (the schema is loaded once
  beforehand; its load time is reported separately).
"""
from __future__ import annotations

import argparse
import os
import time

import _support

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native import native_render_source
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native_inputs import read_switch_facts
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.pipeline import YangOptions, render
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang_schema import load_schema
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store
from tests.support import sonic_fabric

TARGET_MS = 50.0
SPINES = 16
TENANTS = 20
LEAF_PLATFORMS = (
    dict(sonic_fabric.S5248F, breakouts={"Ethernet52": "4x25G[10G]"}, uplinks=("Ethernet48", "Ethernet56")),
    dict(sonic_fabric.AS7726, breakouts={"Ethernet0": "4x25G"}, uplinks=("Ethernet120", "Ethernet124")),
    dict(sonic_fabric.AS7326, breakouts={}, uplinks=("Ethernet48", "Ethernet52")),
)


def switch_specs(count: int) -> list:
    specs = [dict(sonic_fabric.S5232F, name=f"spine{n:02d}", partition="bench", role="spine", mgmt_address=f"192.168.1.{n + 1}/16",
                  mgmt_gateway="192.168.0.1", mgmt_mac=f"0c:29:ef:ab:00:{n:02x}") for n in range(SPINES)]
    for n in range(count - SPINES):
        platform = dict(LEAF_PLATFORMS[n % len(LEAF_PLATFORMS)])
        uplinks = platform.pop("uplinks")
        first = (2 * n) % SPINES
        links = [{"port": port, "switch": f"spine{(first + k) % SPINES:02d}", "switch_port": f"Ethernet{4 * (n * 2 // SPINES)}"}
                 for k, port in enumerate(uplinks)]
        role = "exit" if n % 20 == 19 else "leaf"
        spec = dict(platform, name=f"{role}{n:03d}", partition="bench", role=role, links=links, port_defaults={"mtu": 9216},
                    mgmt_address=f"192.168.{2 + n // 250}.{n % 250 + 1}/16", mgmt_gateway="192.168.0.1",
                    mgmt_mac=f"0c:29:ef:ac:{n // 256:02x}:{n % 256:02x}")
        if role == "leaf":
            spec["pxe"] = {"address": f"10.255.{n % 250}.1/24"}
        specs.append(spec)
    return specs


def populate(store, count: int) -> list:
    def work(tx):
        PartitionStore(tx).ensure_present({"id": "bench", "dns_servers": ["1.1.1.1"], "ntp_servers": ["162.159.200.1"],
                                           "mgmt_service_address": "10.1.0.2:4242", "labels": {"metalfleet.io/syslog-servers": "10.1.0.5"}})
        networks = NetworkService(tx)
        networks.ensure_present({"name": "super", "partition": "bench", "type": "private_super", "prefixes": ["10.128.0.0/12"],
                                 "default_child_prefix_length": {"IPv4": 24}})
        networks.ensure_present({"name": "underlay", "partition": "bench", "type": "underlay", "prefixes": ["10.0.0.0/22"]})
        for n in range(TENANTS):
            networks.ensure_present({"name": f"tenant{n}", "partition": "bench", "project": f"p{n}"})
        return [doc["name"] for doc in SwitchService(tx).apply_all(switch_specs(count))]
    return store.run(work)


def _stats(samples: list) -> dict:
    ordered = sorted(samples)

    def pick(fraction):
        return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
    return {"switches": len(samples), "mean_ms": round(sum(samples) / len(samples), 3), "p50_ms": round(pick(0.5), 3),
            "p99_ms": round(pick(0.99), 3), "max_ms": round(ordered[-1], 3)}


def measure(store, names: list, yang) -> list:
    samples = []
    for name in names:
        started = time.perf_counter()
        source = store.run(lambda tx: native_render_source(read_switch_facts(tx, name)), write=False)
        output = render(source, yang)
        assert output.frr_conf and output.config_db_text
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=200)
    args = parser.parse_args()
    if not sonic_fabric.have_shared_data():
        _support.emit({"benchmark": "sonic_native", "skipped": f"shared SONiC platforms/YANG models not found under {sonic_fabric.SHARED}"})
        return
    with _support.scratch_dir("sonic-native-") as scratch:
        store = open_store(parse_location("sqlite://" + os.path.join(scratch, "fleet.db")))
        try:
            _support.note(f"registering {args.switches} switches")
            started = time.perf_counter()
            names = populate(store, args.switches)
            setup_seconds = time.perf_counter() - started
            started = time.perf_counter()
            load_schema(sonic_fabric.YANG_DIR)
            schema_ms = (time.perf_counter() - started) * 1000
            _support.note("rendering")
            render_only = _stats(measure(store, names, None))
            _support.note("rendering and validating")
            validated = _stats(measure(store, names, YangOptions(sonic_fabric.YANG_DIR)))
        finally:
            store.close()
    _support.emit({
        "benchmark": "sonic_native",
        "description": "render (store read + config_db + frr.conf) and render+YANG validation per switch, from the fleet store",
        "setup_seconds": round(setup_seconds, 2),
        "yang_schema_load_ms": round(schema_ms, 1),
        "render": render_only,
        "render_validate": validated,
        "machine": _support.machine_load(),
        "targets": [_support.target("render mean per switch", render_only["mean_ms"], maximum=TARGET_MS, unit="ms")],
    })


if __name__ == "__main__":
    main()
