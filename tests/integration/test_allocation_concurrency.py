# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parallel allocation: 8 ansible-playbook processes allocate 10 machines each from one partition (SQLite and PostgreSQL).

90 machines in 6 racks; four projects with two processes each; project p0 holds a reservation of 30 machines.
Expected: no machine or ASN or IP handed out twice, every run succeeds (the others need exactly the 60 machines
left outside p0's reservation), each project spread evenly across the racks (counts differ by at most one), and
afterwards the reservation still holds: another project is refused, p0 is not.
"""
from __future__ import annotations

import os
import subprocess
from collections import Counter, defaultdict

import pytest
import yaml

from tests.integration.machines_setup import CATALOG, machine_entry, register
from tests.support.playbook import INVENTORY, ansible_bin, play, playbook_env, run_playbook

pytestmark = [pytest.mark.playbook, pytest.mark.slow]

RACKS, PER_RACK = 6, 15
PROCESSES, EACH = 8, 10
# the six processes of p1..p3 need exactly what lies outside p0's reservation
RESERVED = RACKS * PER_RACK - (PROCESSES - 2) * EACH


def _catalog():
    tasks = [dict(t) for t in CATALOG]
    size = dict(tasks[1]["metalfleet.datacenter.size"])
    size["reservations"] = [{"amount": RESERVED, "project": "p0", "partitions": ["fra-1"]}]
    tasks[1] = {"name": "size", "metalfleet.datacenter.size": size}
    tasks.append({"name": "pool", "metalfleet.datacenter.network": {
        "name": "pool", "partition": "fra-1", "type": "external", "prefixes": ["100.64.0.0/22"]}})
    machines = [machine_entry(i, rack="rack-%d" % (i % RACKS)) for i in range(RACKS * PER_RACK)]
    return tasks + [register(machines)]


def test_parallel_allocations(store_dsn, tmp_path):
    setup = run_playbook(play(_catalog()), store_dsn, str(tmp_path / "setup"))
    assert setup.returncode == 0, setup.stdout[-3000:]
    playbook = tmp_path / "allocate.yml"
    with open(playbook, "w", encoding="utf-8") as handle:
        yaml.safe_dump(play([{"name": "allocate one machine per module run", "metalfleet.datacenter.machine_allocation": {
            "project": "{{ project }}", "hostname": "w{{ worker }}-{{ item }}", "partition": "fra-1", "size": "c1-medium",
            "image": "ubuntu-24.4", "networks": [{"network": "pool"}]}, "loop": "{{ range(%d) | list }}" % EACH}]), handle)
    processes = []
    for worker in range(PROCESSES):
        workdir = tmp_path / ("w%d" % worker)
        os.makedirs(workdir)
        argv = [ansible_bin("ansible-playbook"), "-i", INVENTORY, str(playbook), "-e", "worker=%d project=p%d" % (worker, worker // 2)]
        processes.append(subprocess.Popen(argv, env=playbook_env(store_dsn, str(workdir)), cwd=str(workdir),
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    failures = []
    for worker, proc in enumerate(processes):
        output = proc.communicate(timeout=1500)[0]
        if proc.returncode != 0:
            failures.append("worker %d:\n%s" % (worker, output[-3000:]))
    assert not failures, "\n".join(failures)

    listing = run_playbook(play([{"name": "machines", "metalfleet.datacenter.machine_info": {"state": "allocated"}}]),
                           store_dsn, str(tmp_path / "check")).task("machines")["result"]["machines"]
    assert len(listing) == PROCESSES * EACH
    assert len({m["id"] for m in listing}) == len(listing)
    allocations = [m["allocation"] for m in listing]
    assert len({a["asn"] for a in allocations}) == len(listing), "an ASN was handed out twice"
    addresses = [ip for a in allocations for n in a["networks"] for ip in n["ips"]]
    assert len(set(addresses)) == len(addresses) == len(listing), "an address was handed out twice"
    per_project = defaultdict(Counter)
    for machine in listing:
        per_project[machine["allocation"]["project"]][machine["rack"]] += 1
    for project, racks in per_project.items():
        counts = [racks.get("rack-%d" % r, 0) for r in range(RACKS)]
        assert sum(counts) == 2 * EACH and max(counts) - min(counts) <= 1, "%s is not spread evenly: %s" % (project, counts)

    after = run_playbook(play([
        {"name": "other", "metalfleet.datacenter.machine_allocation": {
            "project": "p1", "hostname": "extra", "partition": "fra-1", "size": "c1-medium", "image": "ubuntu-24.4",
            "networks": [{"network": "pool"}]}, "ignore_errors": True},
        {"name": "owner", "metalfleet.datacenter.machine_allocation": {
            "project": "p0", "hostname": "extra", "partition": "fra-1", "size": "c1-medium", "image": "ubuntu-24.4",
            "networks": [{"network": "pool"}]}},
    ]), store_dsn, str(tmp_path / "after"))
    assert after.task("other")["status"] == "ignored"
    assert "held for other projects' reservations" in after.task("other")["result"]["msg"]
    assert after.task("owner")["result"]["changed"] is True
