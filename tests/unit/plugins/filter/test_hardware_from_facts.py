# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the metalfleet.datacenter.hardware_from_facts filter, including one on the facts of this very host."""
from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.metalfleet.datacenter.plugins.filter import hardware_from_facts as facts_filter
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.hardware import normalize_hardware

MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
SKIPPED_DEVICES = ("loop", "ram", "sr", "dm-", "zram")


def test_filter_is_registered_under_its_name():
    to_hardware = facts_filter.FilterModule().filters()["hardware_from_facts"]
    assert to_hardware({"memtotal_mb": 1024})["memory"] == 1024 ** 3


@pytest.mark.parametrize("facts", [None, "facts", ["memtotal_mb"]])
def test_facts_must_be_a_mapping(facts):
    with pytest.raises(AnsibleFilterError, match="expects the facts as a mapping"):
        facts_filter.to_hardware(facts)


@pytest.mark.parametrize("facts", [{"memtotal_mb": "lots"}, {"processor_count": "two"},
                                   {"devices": {"sda": {"sectors": "many", "sectorsize": 512}}}])
def test_unusable_fact_values_raise_a_filter_error(facts):
    with pytest.raises(AnsibleFilterError, match="unexpected fact value"):
        facts_filter.to_hardware(facts)


def test_documentation_is_valid_yaml_with_the_filter_name():
    assert yaml.safe_load(facts_filter.DOCUMENTATION)["name"] == "hardware_from_facts"
    assert yaml.safe_load(facts_filter.EXAMPLES)[0]["metalfleet.datacenter.machine"]["partition"] == "fra-1"


# -- the real facts of this host ------------------------------------------------------------------------------------
def gather_facts(workdir) -> dict:
    """``ansible localhost -m ansible.builtin.setup`` with the venv's ansible and python; returns ``ansible_facts``."""
    ansible = os.path.join(os.path.dirname(sys.executable), "ansible")
    env = dict(os.environ, HOME=str(workdir), ANSIBLE_LOCAL_TEMP=str(workdir / "tmp"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    proc = subprocess.run([ansible, "localhost", "-c", "local", "-m", "ansible.builtin.setup",
                           "-e", "ansible_python_interpreter=%s" % sys.executable],
                          env=env, cwd=str(workdir), capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    marker = proc.stdout.index("=>")
    return json.loads(proc.stdout[marker + 2:])["ansible_facts"]


def cpuinfo_entries() -> list:
    entries, current = [], {}
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                if current:
                    entries.append(current)
                current = {}
                continue
            key, _sep, value = line.partition(":")
            current[key.strip()] = value.strip()
    if current:
        entries.append(current)
    return [entry for entry in entries if "processor" in entry]


def meminfo_total_mb() -> int:
    with open("/proc/meminfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    raise AssertionError("no MemTotal in /proc/meminfo")


def sysfs_disks() -> list:
    disks = []
    for path in sorted(glob.glob("/sys/block/*")):
        name = os.path.basename(path)
        with open(os.path.join(path, "size"), encoding="utf-8") as handle:
            size = int(handle.read()) * 512  # sysfs counts 512-byte sectors whatever the device's sector size
        if not name.startswith(SKIPPED_DEVICES) and size:
            disks.append({"name": "/dev/" + name, "size": size})
    return disks


def sysfs_nics() -> list:
    nics = []
    for path in sorted(glob.glob("/sys/class/net/*")):
        name = os.path.basename(path)
        try:
            with open(os.path.join(path, "address"), encoding="utf-8") as handle:
                mac = handle.read().strip().lower()
        except OSError:
            continue
        if name != "lo" and MAC.match(mac):
            nics.append({"name": name.replace(":", "_"), "mac": mac})
    return sorted(nics, key=lambda nic: nic["name"])


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not sys.platform.startswith("linux"):
        pytest.skip("the host-facts test compares with /proc and /sys, which only Linux has")
    facts = gather_facts(tmp_path_factory.mktemp("facts"))
    return facts, facts_filter.to_hardware(facts)


def test_real_facts_memory_matches_proc_meminfo(real):
    _facts, hardware = real
    assert hardware["memory"] == meminfo_total_mb() * 1024 * 1024


def test_real_facts_cpus_match_proc_cpuinfo(real):
    _facts, hardware = real
    entries = cpuinfo_entries()
    if not all("physical id" in entry for entry in entries):
        pytest.skip("/proc/cpuinfo has no 'physical id' lines (not x86): Ansible counts sockets differently there")
    first = entries[0]
    sockets = {entry["physical id"] for entry in entries}
    cores, siblings = int(first["cpu cores"]), int(first["siblings"])
    expected = {"vendor": first["vendor_id"], "model": first["model name"], "cores": cores, "threads": cores * round(siblings / cores)}
    assert hardware["cpus"] == [expected] * len(sockets)
    assert sum(cpu["threads"] for cpu in hardware["cpus"]) == len(entries), "every logical CPU is counted once"


def test_real_facts_disks_and_nics_match_sysfs(real):
    _facts, hardware = real
    assert hardware["disks"] == sysfs_disks()
    assert hardware["nics"] == sysfs_nics()
    assert hardware["gpus"] == []


def test_real_facts_give_hardware_the_machine_module_accepts(real):
    _facts, hardware = real
    assert normalize_hardware(hardware) == hardware
    prefixed = real[0]
    assert facts_filter.to_hardware({key[len("ansible_"):]: value for key, value in prefixed.items()
                                     if key.startswith("ansible_")}) == hardware
