# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The catalog role through ansible-playbook: which store it writes to (module_defaults, role variables, environment)."""
from __future__ import annotations

import pytest

from tests.integration.conftest import FLEET_GROUP, Fleet

pytestmark = pytest.mark.playbook

PARTITION = {"id": "fra-role", "description": "applied by the catalog role"}
SIZE = {"id": "c1-role", "constraints": [{"type": "cores", "min": 4, "max": 8}]}
IMAGE = {"id": "ubuntu-24.4.20250228", "url": "https://images.example/ubuntu.tar.lz4", "features": ["machine"]}


def apply_catalog(**role_vars):
    return {"name": "Apply the catalog", "ansible.builtin.include_role": {"name": "metalfleet.datacenter.catalog"},
            "vars": {"catalog_partitions": [PARTITION], "catalog_sizes": [SIZE], "catalog_images": [IMAGE], **role_vars}}


def read_back(dsn):
    """The partition, size and image ids of the store at ``dsn``, read through the info modules."""
    tasks = []
    for kind in ("partition", "size", "image"):
        tasks.append({"name": f"read {kind}s", f"metalfleet.datacenter.{kind}_info": {"store": dsn}, "register": f"read_{kind}s"})
    return tasks


def catalog_of(run):
    return {kind: sorted(entry["id"] for entry in run.task(f"read {kind}s")["result"][f"{kind}s"])
            for kind in ("partition", "size", "image")}


EMPTY = {"partition": [], "size": [], "image": []}
APPLIED = {"partition": ["fra-role"], "size": ["c1-role"], "image": ["ubuntu-24.4.20250228"]}


@pytest.fixture
def stores(tmp_path):
    """The environment's store (METALFLEET_STORE of the run) and two others."""
    return {name: "sqlite://" + str(tmp_path / f"{name}.db") for name in ("environment", "defaults", "role")}


def test_the_role_writes_to_the_store_of_the_play_module_defaults(stores, tmp_path):
    fleet = Fleet(stores["environment"], tmp_path)
    run = fleet.run([apply_catalog()] + read_back(stores["defaults"]) + [
        {"name": "read environment", "metalfleet.datacenter.partition_info": {"store": stores["environment"]}, "register": "env"}],
        module_defaults={FLEET_GROUP: {"store": stores["defaults"]}})
    assert catalog_of(run) == APPLIED
    assert run.task("read environment")["result"]["partitions"] == []


def test_role_variables_win_over_module_defaults(stores, tmp_path):
    fleet = Fleet(stores["environment"], tmp_path)
    run = fleet.run([apply_catalog(catalog_store=stores["role"])] + read_back(stores["role"]),
                    module_defaults={FLEET_GROUP: {"store": stores["defaults"]}})
    assert catalog_of(run) == APPLIED
    run = fleet.run(read_back(stores["defaults"]))
    assert catalog_of(run) == EMPTY


def test_without_module_defaults_or_role_variables_the_environment_store_is_used(stores, tmp_path):
    fleet = Fleet(stores["environment"], tmp_path)
    run = fleet.run([apply_catalog()] + read_back(stores["environment"]))
    assert catalog_of(run) == APPLIED


def test_a_role_variable_replaces_only_its_own_option_of_the_module_defaults(stores, tmp_path):
    """catalog_store_password alone: the store still comes from the play's module_defaults (SQLite ignores passwords)."""
    fleet = Fleet(stores["environment"], tmp_path)
    run = fleet.run([apply_catalog(catalog_store_password="not-needed-by-sqlite")] + read_back(stores["defaults"]),
                    module_defaults={FLEET_GROUP: {"store": stores["defaults"]}})
    assert catalog_of(run) == APPLIED
    run = fleet.run(read_back(stores["environment"]))
    assert catalog_of(run) == EMPTY
