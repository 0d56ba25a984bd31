# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.size (constraints with units, reservations, list form) through ansible-playbook, on both backends."""
from __future__ import annotations

import pytest

from tests.support.machines_stub import add_machine

pytestmark = pytest.mark.playbook

MOD = "metalfleet.datacenter.size"
GIB, GB = 1024 ** 3, 1000 ** 3
PARTITIONS = {"name": "partitions", "metalfleet.datacenter.partition": {"partitions": [{"id": "fra-1"}, {"id": "fra-2"}]}}


def size(size_id, memory=("64GiB", "64GiB"), **extra):
    spec = {"id": size_id, "constraints": [
        {"type": "cores", "min": 16, "max": 16, "identifier": "Intel*"},
        {"type": "memory", "min": memory[0], "max": memory[1]},
        {"type": "storage", "min": "800GB", "max": "1000GB", "identifier": "/dev/nvme*"}]}
    spec.update(extra)
    return spec


def task(name, spec):
    return {"name": name, MOD: spec}


def test_size_contract(fleet):
    fleet.run([PARTITIONS])
    reservations = [{"amount": 2, "project": "p1", "partitions": ["fra-1", "fra-2"], "description": "keep two"},
                    {"amount": 1, "project": "p2", "partitions": ["fra-1"]}]
    (created,) = fleet.four_way([task("create", size("c1-large", name="C1 large", labels={"tier": "gold"},
                                                     reservations=reservations))], result_keys=["size"])
    doc = created["size"]
    assert doc["constraints"] == [
        {"type": "cores", "min": 16, "max": 16, "identifier": "Intel*"},
        {"type": "memory", "min": 64 * GIB, "max": 64 * GIB, "identifier": ""},
        {"type": "storage", "min": 800 * GB, "max": 1000 * GB, "identifier": "/dev/nvme*"}]
    assert [(r["project"], r["amount"], r["partitions"]) for r in doc["reservations"]] == [("p1", 2, ["fra-1", "fra-2"]), ("p2", 1, ["fra-1"])]
    assert len({r["id"] for r in doc["reservations"]}) == 2
    change = task("change", {"id": "c1-large", "reservations": [{"amount": 3, "project": "p1", "partitions": ["fra-1", "fra-2"]}],
                             "constraints": size("x", memory=("64GiB", "128GiB"))["constraints"]})
    (changed,) = fleet.four_way([change], result_keys=["size"])
    after = changed["size"]
    assert after["name"] == "C1 large" and after["labels"] == {"tier": "gold"}
    assert after["constraints"][1]["max"] == 128 * GIB
    # the p1 reservation keeps its id (same size, project and partitions); p2's is gone
    assert [(r["id"], r["amount"]) for r in after["reservations"]] == [(doc["reservations"][0]["id"], 3)]
    assert changed["diff"]["before"]["size c1-large"]["reservations"][1]["project"] == "p2"
    (removed,) = fleet.four_way([task("remove", {"id": "c1-large", "state": "absent"})], result_keys=["size"])
    assert removed["size"] is None and list(removed["diff"]["before"]) == ["size c1-large"]


def test_list_form_checks_overlaps_after_the_whole_list(fleet):
    small, large = size("small", memory=("32GiB", "63GiB")), size("large", memory=("64GiB", "128GiB"))
    (first,) = fleet.four_way([task("list", {"sizes": [small, large]})], result_keys=["sizes", "removed", "kept_in_use"])
    assert [s["id"] for s in first["sizes"]] == ["small", "large"]
    # swapping the ranges of two sizes is fine in one list run, although each step alone would overlap
    swapped = [size("small", memory=("64GiB", "128GiB")), size("large", memory=("32GiB", "63GiB"))]
    result = fleet.run([task("swap", {"sizes": swapped})]).task("swap")["result"]
    assert result["changed"] is True and result["sizes"][0]["constraints"][1]["min"] == 64 * GIB
    fleet.run([task("extra", {"sizes": [size("gone", memory=("1GiB", "2GiB")), size("used", memory=("3GiB", "4GiB"))]})])
    add_machine(fleet.dsn, "m-7", size="used", project="p")  # allocated: free machines are re-matched when sizes change
    pruned = fleet.run([task("prune", {"sizes": swapped, "prune": True})]).task("prune")["result"]
    assert pruned["removed"] == ["gone"] and pruned["kept_in_use"] == ["used"]
    fleet.expect_failures([
        ({MOD: {"id": "used", "state": "absent"}}, "id", "size 'used' is in use by machine m-7"),
    ])


def test_bad_input_names_the_field(fleet):
    fleet.run([PARTITIONS, task("base", size("base", reservations=[{"amount": 1, "project": "p", "partitions": ["fra-1"]}]))])
    fleet.expect_failures([
        ({MOD: size("twin", memory=("32GiB", "64GiB"))}, "constraints", 'size "twin" overlaps with "base"'),
        ({MOD: {"sizes": [size("ok", memory=("1GiB", "2GiB")), size("twin", memory=("64GiB", "64GiB"))]}},
         "sizes[1].constraints", 'size "twin" overlaps with "base"'),
        ({MOD: size("x", memory=("4GX", "8GiB"))}, "constraints[1].min", "4GX"),
        ({MOD: size("x", memory=("8GiB", "4GiB"))}, "constraints", "constraint at index 1 is invalid: max is smaller than min"),
        ({MOD: {"id": "x", "constraints": [{"type": "cores", "min": 1, "max": 2, "identifier": "Intel[*"}]}},
         "constraints", "identifier is malformed: syntax error in pattern"),
        ({MOD: {"id": "x", "constraints": [{"type": "gpu", "min": 1, "max": 2}]}}, "constraints", "for gpu constraints an identifier is required"),
        ({MOD: {"id": "x", "constraints": [{"type": "memory", "min": 1, "max": 2, "identifier": "a"}]}}, "constraints",
         "for memory constraints an identifier is not allowed"),
        ({MOD: {"id": "unknown"}}, "id", "reserved"),
        ({MOD: dict(size("r", memory=("1GiB", "2GiB")), reservations=[{"amount": 1, "project": "p", "partitions": ["fra-9"]}])},
         "reservations[0].partitions", "partition must exist before creating a size reservation (unknown partition: fra-9)"),
        ({MOD: dict(size("r", memory=("1GiB", "2GiB")), reservations=[{"amount": 0, "project": "p", "partitions": ["fra-1"]}])},
         "reservations[0].amount", "amount must be a positive integer"),
        ({MOD: dict(size("r", memory=("1GiB", "2GiB")), reservations=[{"amount": 1, "partitions": ["fra-1"]}])},
         "reservations[0].project", "project id must be specified"),
        ({MOD: dict(size("r", memory=("1GiB", "2GiB")), reservations=[{"amount": 1, "project": "p", "partitions": ["fra-1", "fra-1"]}])},
         "reservations[0].partitions", "partitions must not contain duplicates"),
        ({"metalfleet.datacenter.partition": {"id": "fra-1", "state": "absent"}}, "id", "in use by size reservation of size base for project p"),
    ])
