# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: machine registration, allocation and the fleet inventory at fleet scale; prints one JSON document.

Run from the repository root: ``.venv/bin/python benchmarks/bench_machines.py`` (``--quick`` for a smoke run with
a tenth of the machines; ``--profile`` adds the top cProfile entries of the in-process measurements).

What is measured, on fresh SQLite stores (WAL, synchronous=FULL, on the normal disk):

* registering 10,000 machines (hardware, rack, BMC with an encrypted password) in one list-form
  ``metalfleet.datacenter.machine`` task of a real ``ansible-playbook`` run, the list read from a JSON file with
  ``lookup('ansible.builtin.file', ...) | from_json``; then the same task again (nothing to change);
* for context, the same registration with the list in the play's ``vars_files``: ansible-core re-reads (and
  re-tags) play vars files for every task, so this costs seconds per task at this size (docs/machines.md);
* allocating 1,000 machines (10 projects, dual-stack IPs from one external network) in one list-form
  ``metalfleet.datacenter.machine_allocation`` task of the next run (list read the same way), on the same store;
  every project must end up spread evenly over the racks;
* one allocation in-process with those 10,000 machines in the partition (``Allocator.ensure_present`` in check
  mode, so the state does not change between runs): median and p95 over ~50 runs;
* bulk allocation cost against fill level, in-process: one list-form ``Allocator.apply_all`` of 200 allocations (check
  mode, so the state does not change) with 1,000 and then 10,000 machines registered in the partition; milliseconds,
  statements and rows read per allocation at each level and their ratio (the cost must not grow with the partition;
  ``--scaling-only`` runs just this part);
* the ``metalfleet.datacenter.fleet`` inventory plugin listing 10,000 allocated machines (a second store, filled
  in-process): the wall time of ``ansible-inventory --list`` and the plugin's own ``parse`` time, measured in a
  separate Python process that loads the plugin through Ansible's plugin loader (``--parse-inventory``); for
  context, ``ansible-inventory --list`` of two static YAML inventories of the same hosts: names only (ansible-core's
  own floor for that many hosts, whatever the source) and with exactly the host variables the plugin gave.

Task times come from two ``set_fact`` clock tasks around the measured task, so ansible-playbook's start-up is
left out (the whole playbook's wall time is reported next to it).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict

import _support

TARGETS = {"register_seconds": 20.0, "allocate_seconds": 30.0, "inventory_seconds": 3.0, "single_allocation_ms": 50.0}
FULL = {"machines": 10_000, "allocations": 1000, "inventory_machines": 10_000, "single_runs": 50,
        "scaling_levels": (1000, 10_000), "scaling_allocations": 200}
QUICK = {"machines": 1000, "allocations": 100, "inventory_machines": 1000, "single_runs": 10,
         "scaling_levels": (100, 1000), "scaling_allocations": 50}
#: the cost per allocation with the most machines held must stay within this factor of the cost with the fewest.
SCALING_TARGET = 1.5

PARTITION = "bench"
SIZE = "c1-medium"
MACHINES_PER_RACK = 40
PROJECTS = 10
SECRET_KEY = "benchmark-secret-key-0123456789"
HARDWARE = {
    "memory": "64GiB",
    "cpus": [{"vendor": "GenuineIntel", "model": "Intel Xeon Silver 4208", "cores": 8, "threads": 16}],
    "disks": [{"name": "/dev/sda", "size": "960GB"}],
}
SIZE_SPEC = {"id": SIZE, "constraints": [
    {"type": "cores", "min": 8, "max": 8}, {"type": "memory", "min": "60GiB", "max": "70GiB"},
    {"type": "storage", "min": "900GB", "max": "1TB", "identifier": "/dev/*"}]}
IMAGE_SPEC = {"id": "ubuntu-24.4.20250101", "features": ["machine"], "classification": "supported", "url": "https://images.example/u.tar"}
NETWORK_SPEC = {"name": "bench-ext", "type": "external", "prefixes": ["10.64.0.0/14", "fd00:0:0:64::/64"]}
REGISTER_TASK = "register the machines"
ALLOCATE_TASK = "allocate the machines"
INVENTORY_PARTITIONS = 40


# -- data ----------------------------------------------------------------------------------------------------------
def machine_id(number: int) -> str:
    return "00000000-0000-4000-8000-%012d" % number


def machine_entries(count: int, partition: str = PARTITION, first: int = 0, with_password: bool = True) -> list:
    entries = []
    for number in range(first, first + count):
        index = number - first
        bmc = {"address": "10.%d.%d.%d" % (200 + number // 65536, number // 256 % 256, number % 256), "port": 623, "driver": "ipmi",
               "username": "admin"}
        if with_password:
            bmc["password"] = "bmc-%06d" % number
        nic = {"name": "eth0", "mac": "aa:bb:%02x:%02x:%02x:%02x" % (number >> 24 & 255, number >> 16 & 255, number >> 8 & 255, number & 255),
               "neighbor": {"switch": "leaf-%03d" % (index // MACHINES_PER_RACK), "port": "Ethernet%d" % (index % MACHINES_PER_RACK)}}
        entries.append({"id": machine_id(number), "partition": partition, "rack": "rack-%03d" % (index // MACHINES_PER_RACK),
                        "hardware": dict(HARDWARE, nics=[nic]), "bmc": bmc})
    return entries


def allocation_entries(count: int, partition: str = PARTITION, offset: int = 0) -> list:
    return [{"project": "project-%d" % (index % PROJECTS), "hostname": "node-%05d" % (offset + index), "partition": partition,
             "size": SIZE, "image": "ubuntu-24.4", "networks": [{"network": NETWORK_SPEC["name"]}]} for index in range(count)]


def catalog_tasks() -> list:
    return [
        {"name": "partition", "metalfleet.datacenter.partition": {"id": PARTITION}},
        {"name": "size", "metalfleet.datacenter.size": dict(SIZE_SPEC)},
        {"name": "image", "metalfleet.datacenter.image": dict(IMAGE_SPEC)},
        {"name": "network", "metalfleet.datacenter.network": dict(NETWORK_SPEC)},
    ]


def from_json_file(path: str) -> str:
    """The module argument that reads a list from a JSON file on the controller (what docs/machines.md recommends)."""
    return "{{ lookup('ansible.builtin.file', %r) | from_json }}" % path


def run_timed(tasks_before: list, task: dict, vars_file, dsn: str, workdir: str, env: dict) -> dict:
    """Run ``task`` after ``tasks_before`` between the clock tasks (see ``_support.clocked_play``)."""
    return _support.timed_run(_support.clocked_play(tasks_before, [task], "machines benchmark", vars_file), dsn, workdir, env)


def write_json(path: str, document) -> str:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    return path


# -- checks --------------------------------------------------------------------------------------------------------
def check_registered(result: dict, count: int, changed: bool) -> None:
    summaries = result["machines"]
    wrong = [m["id"] for m in summaries if m["size"] != SIZE or m["state"] != "waiting" or m["changed"] is not changed]
    if len(summaries) != count or len({m["id"] for m in summaries}) != count or wrong or result["changed"] is not changed:
        raise AssertionError("expected %d sized, waiting machines (changed=%s), got %d (%d wrong)" % (count, changed, len(summaries), len(wrong)))


def count_bmc_passwords(dsn: str) -> int:
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

    with open_store(parse_location(dsn)) as store:
        return store.run(lambda tx: tx.query_one("SELECT COUNT(*) AS n FROM machines WHERE bmc_password_encrypted IS NOT NULL"
                                                 " AND bmc_password_encrypted <> ''")["n"], write=False)


def register_machines(directory: str, dsn: str, env: dict, count: int, input_from: str) -> dict:
    """Register ``count`` machines in one task (after the catalog tasks), then run the same task again (no change).

    ``input_from`` is ``file_lookup`` (the task reads the list with a file lookup) or ``vars_files`` (the play's
    vars_files hold the list; Ansible re-reads those for every task).
    """
    entries = machine_entries(count)
    if input_from == "file_lookup":
        argument, vars_file = from_json_file(write_json(os.path.join(directory, "machines.json"), entries)), None
    else:
        argument, vars_file = "{{ bench_machines }}", write_json(os.path.join(directory, "machines-vars.json"), {"bench_machines": entries})
    task = {"name": REGISTER_TASK, "metalfleet.datacenter.machine": {"machines": argument}}
    first = run_timed(catalog_tasks(), task, vars_file, dsn, directory, env)
    check_registered(first.pop("run").task(REGISTER_TASK)["result"], count, changed=True)
    passwords = count_bmc_passwords(dsn)
    if passwords != count:
        raise AssertionError("expected %d stored BMC passwords, found %d" % (count, passwords))
    again = run_timed([], task, vars_file, dsn, directory, env)
    check_registered(again.pop("run").task(REGISTER_TASK)["result"], count, changed=False)
    return dict(first, input_from=input_from, machines=count, unchanged_rerun=again)


def check_spread(allocations: list, count: int) -> dict:
    """Distinct machines, and per project the rack counts differ by at most one; returns the worst spread."""
    if len(allocations) != count or len({a["id"] for a in allocations}) != count:
        raise AssertionError("expected %d distinct machines, got %d" % (count, len({a["id"] for a in allocations})))
    racks = {a["rack"] for a in allocations}
    per_project = defaultdict(Counter)
    for allocation in allocations:
        per_project[allocation["allocation"]["project"]][allocation["rack"]] += 1
    worst = 0
    for project, counts in per_project.items():
        values = [counts.get(rack, 0) for rack in racks]
        worst = max(worst, max(values) - min(values))
        if max(values) - min(values) > 1:
            raise AssertionError("project %s is not spread evenly: %s" % (project, counts))
    return {"racks_used": len(racks), "max_rack_difference_per_project": worst}


# -- in-process measurements ---------------------------------------------------------------------------------------
def profile_top(function, lines: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    function()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def single_allocation(dsn: str, runs: int, want_profile: bool) -> dict:
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

    spec = dict(allocation_entries(1, offset=999_999)[0], project="project-single")
    with open_store(parse_location(dsn)) as store:
        in_partition = store.run(lambda tx: tx.query_one("SELECT COUNT(*) AS n FROM machines WHERE partition_id = ?", (PARTITION,))["n"],
                                 write=False)
        chosen = set()

        def once():
            chosen.add(store.run(lambda tx: Allocator(tx).ensure_present(dict(spec)), check_mode=True)["id"])
        once()  # warm-up (imports, first statements)
        latencies = []
        for _index in range(runs):
            started = time.perf_counter()
            once()
            latencies.append(time.perf_counter() - started)
        profile = profile_top(once) if want_profile else None
    if len(chosen) != 1:
        raise AssertionError("check mode chose different machines: %s" % sorted(chosen))
    latencies.sort()
    result = {"machines_in_partition": in_partition, "runs": runs, "median_ms": round(statistics.median(latencies) * 1000, 2),
              "p95_ms": round(latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))] * 1000, 2)}
    if profile:
        result["profile"] = profile
    return result


def bulk_allocation_scaling(dsn: str, levels, allocations: int) -> dict:
    """Cost per allocation of one list-form run of ``allocations`` allocations at each fill level of the partition."""
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

    points = {}
    with open_store(parse_location(dsn)) as store:
        def catalog(tx):
            PartitionStore(tx).ensure_present({"id": PARTITION})
            SizeStore(tx).ensure_present(dict(SIZE_SPEC))
            ImageStore(tx).ensure_present(dict(IMAGE_SPEC))
            NetworkService(tx).ensure_present(dict(NETWORK_SPEC))
        store.run(catalog)
        registered = 0
        for level in levels:
            for first in range(registered, level, 1000):
                batch = machine_entries(min(1000, level - first), first=first, with_password=False)
                for number, entry in enumerate(batch, start=first):
                    entry["rack"] = "rack-%03d" % (number // MACHINES_PER_RACK)  # racks numbered across batches
                store.run(lambda tx, b=batch: MachineStore(tx).apply_all(b))
            registered = level
            entries = allocation_entries(allocations, offset=500_000)

            def bulk(tx):
                started = time.perf_counter()
                documents = Allocator(tx).apply_all([dict(e) for e in entries])
                return time.perf_counter() - started, tx.statements, tx.rows_read, len({d["id"] for d in documents})
            store.run(bulk, check_mode=True)  # warm-up
            seconds, statements, rows, distinct = store.run(bulk, check_mode=True)
            if distinct != allocations:
                raise AssertionError("%d allocations got %d distinct machines" % (allocations, distinct))
            points[str(level)] = {"machines_in_partition": level, "allocations": allocations,
                                  "ms_per_allocation": round(seconds * 1000 / allocations, 3),
                                  "statements_per_allocation": round(statements / allocations, 2),
                                  "rows_read_per_allocation": round(rows / allocations, 2)}
            _support.note("%d machines: %s" % (level, points[str(level)]))
    low, high = points[str(levels[0])], points[str(levels[-1])]
    return {"points": points, "ratio_ms": round(high["ms_per_allocation"] / low["ms_per_allocation"], 2),
            "ratio_rows_read": round(high["rows_read_per_allocation"] / low["rows_read_per_allocation"], 2)}


def fill_inventory_store(dsn: str, count: int) -> dict:
    """``count`` machines in INVENTORY_PARTITIONS partitions, all allocated (in-process, one transaction per partition)."""
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

    partitions = ["inv-%02d" % index for index in range(INVENTORY_PARTITIONS)]
    per_partition = count // len(partitions)
    started = time.perf_counter()
    with open_store(parse_location(dsn)) as store:
        def catalog(tx):
            for partition in partitions:
                PartitionStore(tx).ensure_present({"id": partition})
            SizeStore(tx).ensure_present(dict(SIZE_SPEC))
            ImageStore(tx).ensure_present(dict(IMAGE_SPEC))
            NetworkService(tx).ensure_present(dict(NETWORK_SPEC))
        store.run(catalog)
        for index, partition in enumerate(partitions):
            first = index * per_partition
            store.run(lambda tx, p=partition, f=first: (
                MachineStore(tx).apply_all(machine_entries(per_partition, p, f, with_password=False)),
                Allocator(tx).apply_all(allocation_entries(per_partition, p, f))))
    return {"machines": per_partition * len(partitions), "partitions": len(partitions), "fill_seconds": round(time.perf_counter() - started, 1)}


def fetch_hosts_seconds(dsn: str) -> tuple:
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.inventory_view import inventory_hosts
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

    with open_store(parse_location(dsn)) as store:
        started = time.perf_counter()
        hosts = store.run(inventory_hosts, write=False)
        return len(hosts), round(time.perf_counter() - started, 3)


def parse_inventory_in_process(config_path: str) -> None:
    """``--parse-inventory``: load the plugin through Ansible's plugin loader and time its ``parse`` (prints JSON)."""
    from ansible.inventory.data import InventoryData
    from ansible.parsing.dataloader import DataLoader
    from ansible.plugins.loader import init_plugin_loader, inventory_loader

    init_plugin_loader([os.path.join(_support.BUILD_DIR, "collections")])
    plugin = inventory_loader.get("metalfleet.datacenter.fleet")
    inventory = InventoryData()
    started = time.perf_counter()
    plugin.parse(inventory, DataLoader(), config_path, cache=False)
    seconds = time.perf_counter() - started
    _support.emit({"hosts": len(inventory.hosts), "parse_seconds": round(seconds, 3)})


def plain_values(value):
    """ansible-inventory's output with its ``{"__ansible_unsafe": ...}`` markers replaced by the plain values."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: plain_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_values(item) for item in value]
    return value


def static_inventory_seconds(hostvars: dict, workdir: str, env: dict, name: str) -> float:
    """``ansible-inventory --list`` of a static YAML inventory holding exactly ``hostvars`` (no groups)."""
    from tests.support.playbook import ansible_bin

    path = write_json(os.path.join(workdir, name), {"all": {"hosts": hostvars}})  # JSON is YAML
    started = time.perf_counter()
    listing = subprocess.run([ansible_bin("ansible-inventory"), "-i", path, "--list"], env=env, cwd=workdir, capture_output=True,
                             text=True, timeout=600, check=False)
    seconds = time.perf_counter() - started
    if listing.returncode != 0 or len(json.loads(listing.stdout).get("ungrouped", {}).get("hosts", [])) != len(hostvars):
        raise RuntimeError("ansible-inventory of %s failed or lost hosts:\n%s" % (name, listing.stderr[-3000:]))
    return round(seconds, 3)


def inventory_listing(dsn: str, workdir: str) -> dict:
    from tests.support.playbook import ansible_bin, playbook_env

    config = os.path.join(workdir, "bench.fleet.yml")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write("plugin: metalfleet.datacenter.fleet\nstore: %s\n" % dsn)
    env = playbook_env(dsn, workdir)
    started = time.perf_counter()
    listing = subprocess.run([ansible_bin("ansible-inventory"), "-i", config, "--list"], env=env, cwd=workdir, capture_output=True,
                             text=True, timeout=600, check=False)
    wall = time.perf_counter() - started
    if listing.returncode != 0:
        raise RuntimeError("ansible-inventory failed:\n%s" % listing.stderr[-3000:])
    hosts = json.loads(listing.stdout)["_meta"]["hostvars"]
    floors = {"static_inventory_names_only_seconds": static_inventory_seconds(dict.fromkeys(hosts), workdir, env, "static-names.yml"),
              "static_inventory_same_vars_seconds": static_inventory_seconds(plain_values(hosts), workdir, env, "static-vars.yml")}
    parsed = subprocess.run([sys.executable, os.path.abspath(__file__), "--parse-inventory", config], env=env, cwd=workdir,
                            capture_output=True, text=True, timeout=600, check=False)
    if parsed.returncode != 0:
        raise RuntimeError("the in-process parse failed:\n%s" % parsed.stderr[-3000:])
    in_process = json.loads(parsed.stdout)
    return {"hosts_listed": len(hosts), "ansible_inventory_list_seconds": round(wall, 3), "plugin_parse_seconds": in_process["parse_seconds"],
            **floors,
            "plugin_hosts": in_process["hosts"], "sample_host": sorted(hosts)[0] if hosts else None}


# -- main ----------------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the machines (smoke run)")
    parser.add_argument("--profile", action="store_true", help="add cProfile summaries of the in-process measurements")
    parser.add_argument("--parse-inventory", metavar="CONFIG", help=argparse.SUPPRESS)
    parser.add_argument("--scaling-only", action="store_true", help="only the bulk allocation cost against fill level")
    args = parser.parse_args()
    if args.parse_inventory:
        parse_inventory_in_process(args.parse_inventory)
        return
    settings = QUICK if args.quick else FULL
    load_before = _support.machine_load()
    _support.note("bulk allocation cost with %s machines in the partition" % " / ".join(map(str, settings["scaling_levels"])))
    with _support.scratch_dir("machines-scaling-") as directory:
        scaling = bulk_allocation_scaling("sqlite://%s/fleet.db" % directory, settings["scaling_levels"], settings["scaling_allocations"])
    scaling_target = _support.target(
        "ms per allocation of a %d-allocation list, %s / %s machines in the partition" % (
            settings["scaling_allocations"], settings["scaling_levels"][-1], settings["scaling_levels"][0]),
        scaling["ratio_ms"], maximum=SCALING_TARGET)
    if args.scaling_only:
        _support.emit({"benchmark": "machines", "quick": args.quick, "bulk_allocation_scaling": scaling,
                       "machine_load": {"before": load_before, "after": _support.machine_load()}, "targets": [scaling_target]})
        return
    env = {"METALFLEET_SECRET_KEY": SECRET_KEY}
    with _support.scratch_dir("machines-") as directory:
        dsn = "sqlite://%s/fleet.db" % directory
        _support.note("registering %d machines in one task, the list read with a file lookup" % settings["machines"])
        register = register_machines(directory, dsn, env, settings["machines"], "file_lookup")

        _support.note("allocating %d machines in one task" % settings["allocations"])
        allocations_file = write_json(os.path.join(directory, "allocations.json"), allocation_entries(settings["allocations"]))
        allocate = run_timed([], {"name": ALLOCATE_TASK, "metalfleet.datacenter.machine_allocation": {
            "allocations": from_json_file(allocations_file)}}, None, dsn, directory, env)
        spread = check_spread(allocate["run"].task(ALLOCATE_TASK)["result"]["allocations"], settings["allocations"])
        allocate.pop("run")

        _support.note("one allocation in check mode, %d runs" % settings["single_runs"])
        single = single_allocation(dsn, settings["single_runs"], args.profile)

    with _support.scratch_dir("machines-vars-files-") as directory:
        _support.note("registering %d machines in one task, the list in the play's vars_files (context)" % settings["machines"])
        register_vars_files = register_machines(directory, "sqlite://%s/fleet.db" % directory, env, settings["machines"], "vars_files")

    with _support.scratch_dir("machines-inventory-") as directory:
        dsn = "sqlite://%s/fleet.db" % directory
        _support.note("filling a store with %d allocated machines" % settings["inventory_machines"])
        filled = fill_inventory_store(dsn, settings["inventory_machines"])
        host_count, fetch_seconds = fetch_hosts_seconds(dsn)
        _support.note("listing the inventory")
        inventory = inventory_listing(dsn, directory)
        if not inventory["hosts_listed"] == inventory["plugin_hosts"] == host_count == filled["machines"]:
            raise AssertionError("expected %d hosts, got %s" % (filled["machines"], inventory))
        inventory["store_query_seconds"] = fetch_seconds
        inventory.update(filled)

    _support.emit({
        "benchmark": "machines",
        "store": "sqlite (WAL, synchronous=FULL)",
        "quick": args.quick,
        "register": register,
        "register_with_vars_files": register_vars_files,
        "allocate": dict(allocate, allocations=settings["allocations"], machines_in_partition=settings["machines"], **spread),
        "single_allocation_check_mode": single,
        "bulk_allocation_scaling": scaling,
        "inventory": inventory,
        "machine_load": {"before": load_before, "after": _support.machine_load()},
        "targets": [
            _support.target("register %d machines in one machine task (task wall time)" % settings["machines"],
                            register["task_seconds"], maximum=TARGETS["register_seconds"], unit="s"),
            _support.target("allocate %d machines in one machine_allocation task (task wall time)" % settings["allocations"],
                            allocate["task_seconds"], maximum=TARGETS["allocate_seconds"], unit="s"),
            _support.target("ansible-inventory --list of %d machines (wall time)" % inventory["hosts_listed"],
                            inventory["ansible_inventory_list_seconds"], maximum=TARGETS["inventory_seconds"], unit="s"),
            _support.target("fleet inventory plugin parse of %d machines (in-process)" % inventory["plugin_hosts"],
                            inventory["plugin_parse_seconds"], maximum=TARGETS["inventory_seconds"], unit="s"),
            _support.target("one allocation with %d machines in the partition (median, in-process)" % single["machines_in_partition"],
                            single["median_ms"], maximum=TARGETS["single_allocation_ms"], unit="ms"),
            scaling_target,
        ],
    })


if __name__ == "__main__":
    main()
