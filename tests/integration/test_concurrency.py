# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parallel ansible-playbook runs never hand out an address, a prefix or a VRF id twice (SQLite and PostgreSQL).

8 processes acquire 30 IPs each, one module run (transaction) per address, from the same network, while 4 more
processes allocate 4 child networks each from the same private super network.
"""
from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from tests.support.playbook import INVENTORY, ansible_bin, play, playbook_env, run_playbook

pytestmark = [pytest.mark.playbook, pytest.mark.slow]

IP_WORKERS, IPS_EACH = 8, 30
NET_WORKERS, NETS_EACH = 4, 4


def _write(path, plays):
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(plays, handle, sort_keys=False)
    return path


def test_parallel_runs_never_double_allocate(store_dsn, tmp_path):
    setup = play([
        {"name": "super", "metalfleet.datacenter.network": {
            "name": "tenant-super", "partition": "fra", "type": "private_super", "prefixes": ["10.0.0.0/16", "2001:db8:1::/64"],
            "default_child_prefix_length": {"IPv4": 26, "IPv6": 112}}},
        {"name": "pool", "metalfleet.datacenter.network": {
            "name": "pool", "partition": "fra", "type": "external", "prefixes": ["100.64.0.0/20"]}},
    ])
    assert run_playbook(setup, store_dsn, str(tmp_path / "setup")).returncode == 0

    ip_play = _write(tmp_path / "ips.yml", play([{
        "name": "acquire one address per module run",
        "metalfleet.datacenter.ip": {"network": "pool", "name": "w{{ worker }}-{{ item }}"},
        "loop": "{{ range(%d) | list }}" % IPS_EACH}]))
    net_play = _write(tmp_path / "nets.yml", play([{
        "name": "allocate child networks",
        "metalfleet.datacenter.network": {"name": "n{{ worker }}-{{ item }}", "partition": "fra", "project": "p{{ worker }}"},
        "loop": "{{ range(%d) | list }}" % NETS_EACH}]))

    processes = []
    for kind, playbook, count in (("ip", ip_play, IP_WORKERS), ("net", net_play, NET_WORKERS)):
        for worker in range(count):
            workdir = tmp_path / ("%s-%d" % (kind, worker))
            os.makedirs(workdir)
            env = playbook_env(store_dsn, str(workdir))
            argv = [ansible_bin("ansible-playbook"), "-i", INVENTORY, str(playbook), "-e", "worker=%d" % worker]
            processes.append((kind, worker, subprocess.Popen(argv, env=env, cwd=str(workdir), stdout=subprocess.PIPE,
                                                             stderr=subprocess.STDOUT, text=True)))
    failures = []
    for kind, worker, proc in processes:
        output = proc.communicate(timeout=1500)[0]
        if proc.returncode != 0:
            failures.append("%s worker %d failed:\n%s" % (kind, worker, output[-3000:]))
    assert not failures, "\n".join(failures)

    listing = run_playbook(play([
        {"name": "ips", "metalfleet.datacenter.ip_info": {"network": "pool"}},
        {"name": "nets", "metalfleet.datacenter.network_info": {"type": "child"}},
    ]), store_dsn, str(tmp_path / "check"))
    ips = listing.task("ips")["result"]["ips"]
    nets = listing.task("nets")["result"]["networks"]
    addresses = [i["address"] for i in ips]
    assert len(addresses) == IP_WORKERS * IPS_EACH
    assert len(set(addresses)) == len(addresses), "an address was handed out twice"
    assert sorted(i["name"] for i in ips) == sorted("w%d-%d" % (w, i) for w in range(IP_WORKERS) for i in range(IPS_EACH))
    # lowest-free allocation under contention still fills the range without holes
    highest = IP_WORKERS * IPS_EACH  # the pool's first address (100.64.0.0) is its network address, never handed out
    assert sorted(addresses, key=lambda a: tuple(int(x) for x in a.split(".")))[-1] == "100.64.%d.%d" % divmod(highest, 256)
    prefixes = [p for n in nets for p in n["prefixes"]]
    assert len(nets) == NET_WORKERS * NETS_EACH and len(prefixes) == 2 * len(nets)
    assert len(set(prefixes)) == len(prefixes), "a child prefix was handed out twice"
    vrfs = [n["vrf"] for n in nets]
    assert sorted(vrfs) == list(range(1, len(nets) + 1)), "VRF ids must be distinct and gap-free"
