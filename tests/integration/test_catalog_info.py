# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""partition_info, size_info (with match), image_info (with resolve) and size_suggest through ansible-playbook."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.playbook

GIB = 1024 ** 3
CATALOG = [
    {"name": "partitions", "metalfleet.datacenter.partition": {"partitions": [
        {"id": "fra-1", "labels": {"region": "eu"}}, {"id": "nyc-1", "labels": {"region": "us"}}]}},
    {"name": "sizes", "metalfleet.datacenter.size": {"sizes": [
        {"id": "c1-small", "labels": {"gpu": "no"}, "constraints": [
            {"type": "cores", "min": 4, "max": 8, "identifier": "Intel*"}, {"type": "memory", "min": "16GiB", "max": "32GiB"},
            {"type": "storage", "min": "100GB", "max": "1TB", "identifier": "/dev/sd*"}]},
        {"id": "c1-small-any", "constraints": [
            {"type": "cores", "min": 4, "max": 8}, {"type": "memory", "min": "16GiB", "max": "32GiB"},
            {"type": "storage", "min": "100GB", "max": "1TB"}]},
        {"id": "g1-large", "labels": {"gpu": "yes"}, "constraints": [
            {"type": "cores", "min": 32, "max": 64}, {"type": "memory", "min": "256GiB", "max": "512GiB"},
            {"type": "gpu", "min": 2, "max": 2, "identifier": "AD102GL*"}, {"type": "storage", "min": 0, "max": "8TB"}]},
    ]}},
    {"name": "images", "metalfleet.datacenter.image": {"images": [
        {"id": "ubuntu-24.4.20250101", "url": "https://i.example/u1", "features": ["machine"], "classification": "supported"},
        {"id": "ubuntu-24.4.20250301", "url": "https://i.example/u2", "features": ["machine"]},
        {"id": "ubuntu-22.4.20240101", "url": "https://i.example/u3", "features": ["machine"], "classification": "supported"},
        {"id": "firewall-ubuntu-3.0.20250301", "url": "https://i.example/f", "features": ["firewall"]},
    ]}},
]
GPU_BOX = {"memory": "384GiB", "cpus": [{"model": "AMD EPYC 9354P", "cores": 32}],
           "gpus": [{"model": "AD102GL [RTX 6000 Ada Generation]"}] * 2, "disks": [{"name": "/dev/nvme0n1", "size": "3840GB"}]}
SMALL_BOX = {"memory": 32 * GIB, "cpus": [{"model": "Intel Xeon E-2278G", "cores": 8}], "disks": [{"name": "/dev/sda", "size": "480GB"}]}


def test_info_modules(fleet):
    fleet.run(CATALOG)
    run = fleet.run([
        {"name": "partitions", "metalfleet.datacenter.partition_info": {"labels": {"region": "eu"}}},
        {"name": "gpu sizes", "metalfleet.datacenter.size_info": {"labels": {"gpu": "yes"}}},
        {"name": "match gpu", "metalfleet.datacenter.size_info": {"id": [], "match": GPU_BOX}},
        {"name": "match two", "metalfleet.datacenter.size_info": {"match": SMALL_BOX}},
        {"name": "match none", "metalfleet.datacenter.size_info": {"match": {"memory": "1GiB"}}},
        {"name": "ubuntu-24.4", "metalfleet.datacenter.image_info": {"resolve": "ubuntu-24.4"}},
        {"name": "supported", "metalfleet.datacenter.image_info": {"resolve": "ubuntu-24.4", "supported_only": True}},
        {"name": "ubuntu", "metalfleet.datacenter.image_info": {"os": "ubuntu", "resolve": "ubuntu", "supported_only": True}},
        {"name": "firewalls", "metalfleet.datacenter.image_info": {"feature": "firewall"}},
        {"name": "suggest", "metalfleet.datacenter.size_suggest": {"id": "g2", "hardware": GPU_BOX}},
    ], check=True)
    assert all(r["result"]["changed"] is False for r in run.results)
    assert [p["id"] for p in run.task("partitions")["result"]["partitions"]] == ["fra-1"]
    assert [s["id"] for s in run.task("gpu sizes")["result"]["sizes"]] == ["g1-large"]
    gpu = run.task("match gpu")["result"]
    assert gpu["sizes"] == [] and gpu["match"]["size_id"] == "g1-large" and gpu["match"]["size"]["id"] == "g1-large"
    two = run.task("match two")["result"]["match"]
    assert two["size_id"] == "unknown" and two["matched_ids"] == ["c1-small", "c1-small-any"] and "2 sizes found" in two["reason"]
    none = run.task("match none")["result"]["match"]
    assert none["size_id"] == "unknown" and none["reason"].startswith("no size found for hardware") and none["size"] is None
    newest = run.task("ubuntu-24.4")["result"]["resolved"]
    assert newest["image"]["id"] == "ubuntu-24.4.20250301" and "~24.4.0" in newest["reason"]
    assert run.task("supported")["result"]["resolved"]["image"]["id"] == "ubuntu-24.4.20250101"
    latest = run.task("ubuntu")["result"]
    assert latest["resolved"]["image"]["id"] == "ubuntu-24.4.20250101" and len(latest["images"]) == 3
    assert [i["id"] for i in run.task("firewalls")["result"]["images"]] == ["firewall-ubuntu-3.0.20250301"]
    suggestion = run.task("suggest")["result"]
    assert suggestion["self_match"] is True
    assert {"type": "gpu", "min": 2, "max": 2, "identifier": "AD102GL \\[RTX 6000 Ada Generation]"} in suggestion["constraints"]
    assert {"type": "memory", "min": "384GiB", "max": "384GiB", "identifier": ""} in suggestion["readable_constraints"]


def test_info_bad_input(fleet):
    fleet.run(CATALOG)
    fleet.expect_failures([
        ({"metalfleet.datacenter.image_info": {"resolve": "ubuntu-26.4"}}, "resolve", "no image for os:ubuntu version:26.4.0 found"),
        ({"metalfleet.datacenter.image_info": {"resolve": "ubuntu-x"}}, "resolve", "invalid version"),
        ({"metalfleet.datacenter.size_info": {"match": {"memory": "lots"}}}, "match.memory", "lots"),
        ({"metalfleet.datacenter.size_info": {"match": {"memory": 1, "disks": [{"name": "/dev/sda", "size": "1XB"}]}}},
         "match.disks[0].size", "1XB"),
        ({"metalfleet.datacenter.size_suggest": {"hardware": {"memory": 1, "cpus": [{"model": "x", "cores": -1}]}}},
         "hardware.cpus[0].cores", "not a non-negative integer"),
    ])
