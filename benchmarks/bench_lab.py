# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: the lifecycle in the fleet lab (QEMU TCG), one machine and three in parallel; prints one JSON document.

Run from the repository root as root: ``.venv/bin/python benchmarks/bench_lab.py``. Needs what the lab needs
(tests/lab/fleet_lab.py: QEMU, dnsmasq, ipmi_sim, iPXE) and builds (or reuses from ``.build/lab-images``) the
discovery ramdisk and the test OS.

One lab of four machines. The real provision playbook (``playbooks/provision.yml``, polling the store every
second) provisions machine 0 alone, then machines 1-3 together. Per machine, from the chassis control's log and
the stored events:

* ``registered_s``: the BMC's power on (``set power 1`` reaching the chassis control) -> the ``Waiting`` event (the
  hardware report was accepted and the size matched: the machine is registered);
* ``phoned_home_s``: the power on -> ``Phoned Home`` (allocation by the playbook, install by the agent, reboot,
  the test OS booted from the disk).

Targets (issue 12): registered within 30 s, Phoned Home within 90 s, three in parallel at most 1.5 times one
(the slowest of the three against the single machine). Everything runs on TCG without KVM: a 2-core machine runs
three emulated CPUs in parallel, so the parallel figure is bound by the cores.
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _support  # noqa: E402  pylint: disable=wrong-import-position

from tests.lab import fleet_lab as lab_module  # noqa: E402  pylint: disable=wrong-import-position
from tests.lab import lab_artifacts  # noqa: E402  pylint: disable=wrong-import-position
from tests.support.playbook import REPO_ROOT, play, run_playbook  # noqa: E402  pylint: disable=wrong-import-position

SUBNET = 40
PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "provision.yml")


def _epoch(iso: str) -> float:
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def provision(lab, indexes) -> float:
    extra = {"provision_machines": [lab.machines[i].target() for i in indexes], "provision_project": "bench",
             "provision_partition": lab_module.PARTITION, "provision_size": lab_module.SIZE, "provision_image": lab_module.IMAGE,
             "provision_networks": [{"network": lab_module.NETWORK}], "provision_bmc_driver": "ipmi",
             "provision_poll_interval": 1, "provision_register_timeout": 300, "provision_install_timeout": 600}
    started = time.perf_counter()
    run = run_playbook(PLAYBOOK, lab.dsn, os.path.join(lab.workdir, "runs"), extra_vars=extra, timeout=1500)
    if run.returncode != 0:
        raise RuntimeError("the provision playbook failed:\n" + run.stdout[-4000:])
    return round(time.perf_counter() - started, 1)


def timings(lab, index) -> dict:
    machine = lab.machines[index]
    power_on = next(float(line.split(" ", 1)[0]) for line in machine.file("chassis.log").splitlines() if line.endswith(" set power 1"))
    run = run_playbook(play([{"name": "events", "metalfleet.datacenter.machine_events_info": {"id": [machine.uuid]}}]),
                       lab.dsn, os.path.join(lab.workdir, "runs"))
    events = {e["event"]: _epoch(e["time"]) for e in run.task("events")["result"]["machines"][0]["events"]}
    return {"machine": machine.name, "registered_s": round(events["Waiting"] - power_on, 1),
            "phoned_home_s": round(events["Phoned Home"] - power_on, 1)}


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # no options: --help only
    missing = lab_module.missing_tools()
    if missing:
        _support.emit({"benchmark": "lab", "skipped": "the fleet lab needs " + ", ".join(missing)})
        return
    started = time.perf_counter()
    load_before = _support.machine_load()
    _support.note("building or reusing the discovery ramdisk and the test OS")
    files, images = lab_artifacts.lab_boot_files(lab_module.api_url_for(SUBNET), lab_module.IMAGE, lab_module.BAD_IMAGE)
    lab = lab_module.FleetLab(count=4, subnet=SUBNET, files=files, images=images)
    try:
        set_up = time.perf_counter()
        lab.start()
        set_up = round(time.perf_counter() - set_up, 1)
        _support.note("lab up in %s s; one machine" % set_up)
        single_playbook = provision(lab, [0])
        single = [timings(lab, 0)]
        _support.note("one machine: %s; three in parallel" % single)
        parallel_playbook = provision(lab, [1, 2, 3])
        parallel = [timings(lab, i) for i in (1, 2, 3)]
    finally:
        lab.close()
        lab.remove()
    slowest = max(p["phoned_home_s"] for p in parallel)
    ratio = round(slowest / single[0]["phoned_home_s"], 2)
    targets = [
        _support.target("one machine: power on -> registered", single[0]["registered_s"], maximum=30, unit="s"),
        _support.target("one machine: power on -> Phoned Home", single[0]["phoned_home_s"], maximum=90, unit="s"),
        _support.target("three in parallel: slowest power on -> registered", max(p["registered_s"] for p in parallel),
                        maximum=30, unit="s"),
        _support.target("three in parallel: slowest power on -> Phoned Home", slowest, maximum=90, unit="s"),
        _support.target("three in parallel / one (Phoned Home)", ratio, maximum=1.5),
    ]
    _support.emit({
        "benchmark": "lab", "quick": False,
        "parameters": {"machines": "1, then 3 in parallel", "accel": "tcg", "memory_mib": lab_module.MEMORY_MIB,
                       "poll_interval_s": 1},
        "results": {"lab_set_up_s": set_up, "single": single, "parallel": parallel,
                    "playbook_s": {"single": single_playbook, "parallel": parallel_playbook},
                    "parallel_over_single": ratio},
        "targets": targets, "meets_all_targets": all(t["meets_target"] for t in targets),
        "seconds": round(time.perf_counter() - started, 1),
        "machine_load": {"before": load_before, "after": _support.machine_load()},
    })


if __name__ == "__main__":
    main()
