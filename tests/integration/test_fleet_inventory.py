# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The metalfleet.datacenter.fleet inventory plugin through real ansible-inventory runs, and hardware_from_facts in a playbook."""
from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from tests.integration.machines_setup import CATALOG, SECRET_KEY, machine_entry, register
from tests.support.playbook import ansible_bin, playbook_env

pytestmark = pytest.mark.playbook

ALLOC = "metalfleet.datacenter.machine_allocation"


def allocate(hostname, project="shop", **extra):
    options = {"project": project, "hostname": hostname, "partition": "fra-1", "size": "c1-medium", "image": "ubuntu-24.4",
               "networks": [{"network": "shop-net" if project == "shop" else "internet"}]}
    options.update(extra)
    return {"name": "allocate %s/%s" % (project, hostname), ALLOC: options}


def plain(value):
    """ansible-inventory marks values that are data, not templates (all of ours), as ``{"__ansible_unsafe": ...}``."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def inventory(fleet, config: dict, *args):
    path = "%s/%s.fleet.yml" % (fleet.workdir, config.pop("_name", "test"))
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(dict({"plugin": "metalfleet.datacenter.fleet"}, **config), handle)
    env = playbook_env(fleet.dsn, fleet.workdir)
    proc = subprocess.run([ansible_bin("ansible-inventory"), "-i", path] + list(args), env=env, cwd=fleet.workdir,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_inventory_lists_allocated_machines_with_groups_and_vars(fleet):
    fleet.env = {"METALFLEET_SECRET_KEY": SECRET_KEY}
    machines = [machine_entry(i, rack="rack-%d" % (i % 2), bmc={"address": "10.1.0.%d" % i, "password": "Secret-Pw-%d" % i})
                for i in range(1, 5)]
    fleet.run(CATALOG + [register(machines), allocate("web-1", tags=["web"]), allocate("web-2", tags=["web"]),
                         allocate("web-1", project="ads")])
    raw = inventory(fleet, {}, "--list")
    assert '"__ansible_unsafe": "10.0.0.2"' in raw, "store values must never be templated"
    listing = plain(json.loads(raw))
    hostvars = listing["_meta"]["hostvars"]
    assert sorted(hostvars) == ["web-1.ads", "web-1.shop", "web-2"], "duplicate hostnames get the project appended"
    web2 = hostvars["web-2"]
    assert web2["ansible_host"] == web2["metalfleet_ips"]["shop-net"][0] == "10.0.0.2"
    assert web2["metalfleet_asn"] >= 4210000000 and web2["metalfleet_size"] == "c1-medium"
    assert web2["metalfleet_image"] == "ubuntu-24.4.20250101" and web2["metalfleet_hardware"]["cores"] == 8
    assert web2["metalfleet_bmc_address"].startswith("10.1.0.")
    assert "Secret-Pw" not in json.dumps(listing)
    assert set(listing["project_shop"]["hosts"]) == {"web-1.shop", "web-2"}
    assert listing["project_ads"]["hosts"] == ["web-1.ads"] and set(listing["tag_web"]["hosts"]) == {"web-1.shop", "web-2"}
    assert set(listing["partition_fra_1"]["hosts"]) == set(hostvars) and set(listing["state_allocated"]["hosts"]) == set(hostvars)
    graph = inventory(fleet, {}, "--graph")
    assert "@rack_rack_1" in graph and "@size_c1_medium" in graph


def test_inventory_filters_compose_and_keyed_groups(fleet):
    fleet.run(CATALOG + [register([machine_entry(i) for i in range(1, 4)]), allocate("web-1"), allocate("db-1", project="ads")])
    config = {"project": "shop", "compose": {"ansible_user": "'metal'"}, "keyed_groups": [{"key": "metalfleet_image", "prefix": "image"}]}
    listing = plain(json.loads(inventory(fleet, config, "--list")))
    assert list(listing["_meta"]["hostvars"]) == ["web-1"]
    assert listing["_meta"]["hostvars"]["web-1"]["ansible_user"] == "metal"
    assert listing["image_ubuntu_24_4_20250101"]["hosts"] == ["web-1"]


def test_inventory_cache(fleet, tmp_path):
    fleet.run(CATALOG + [register([machine_entry(i) for i in range(1, 4)]), allocate("web-1")])
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache"),
              "cache_timeout": 3600}
    first = json.loads(inventory(fleet, dict(config), "--list"))
    fleet.run([allocate("web-2")])
    cached = json.loads(inventory(fleet, dict(config), "--list"))
    fresh = json.loads(inventory(fleet, dict(config), "--list", "--flush-cache"))
    assert sorted(first["_meta"]["hostvars"]) == sorted(cached["_meta"]["hostvars"]) == ["web-1"]
    assert sorted(fresh["_meta"]["hostvars"]) == ["web-1", "web-2"]


def test_register_from_gathered_facts(fleet):
    """Real facts of this machine through the filter into a registration."""
    run = fleet.run(CATALOG[:1] + [
        {"name": "facts", "ansible.builtin.setup": {"gather_subset": ["hardware", "network"]}},
        {"name": "register", "metalfleet.datacenter.machine": {
            "id": "00000000-0000-4000-8000-00000000f4c7", "partition": "fra-1",
            "hardware": "{{ ansible_facts | metalfleet.datacenter.hardware_from_facts }}"}},
    ])
    facts = run.task("facts")["result"]["ansible_facts"]
    machine = run.task("register")["result"]["machine"]
    assert machine["hardware"]["memory"] == facts["ansible_memtotal_mb"] * 1024 * 1024
    assert sum(c["cores"] for c in machine["hardware"]["cpus"]) == facts["ansible_processor_cores"] * facts["ansible_processor_count"]
