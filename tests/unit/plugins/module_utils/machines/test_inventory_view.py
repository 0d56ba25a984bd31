# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""machines.inventory_view on SQLite and PostgreSQL: host names, groups, variables and filters; no secrets."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.inventory_view import inventory_hosts

from .fleet_builders import PARTITION, SECRET, SIZE, allocate, build_catalog, machine_id, machine_row, machine_spec, register

PASSWORD = "Bmc-Passw0rd-never-shown"
USERDATA = "#cloud-config\npassword: userdata-secret"


@pytest.fixture
def fleet(store):
    """Six machines with BMCs (machine n in rack-(n % 3)); shop has web-1 and db-1, acme has web-1 too; one machine stays free."""
    build_catalog(store)
    register(store, [machine_spec(n, rack="rack-%d" % (n % 3), tags=["hw"] if n == 2 else [],
                                  bmc={"address": "10.1.0.%d" % n, "username": "admin", "password": PASSWORD})
                     for n in range(1, 7)], secret=SECRET)
    allocate(store, "web-1", tags=["web"], userdata=USERDATA)
    allocate(store, "db-1", networks=[{"network": "shop-net"}, {"network": "internet"}])
    allocate(store, "web-1", project="acme", networks=[{"network": "dual-ext"}])
    return store


def hosts(store, **filters) -> dict:
    return {host["name"]: host for host in store.run(lambda tx: inventory_hosts(tx, **filters), write=False)}


def test_host_names_are_unique(fleet):
    assert sorted(hosts(fleet)) == ["db-1", "web-1.acme", "web-1.shop"]
    assert sorted(hosts(fleet, project="shop")) == ["db-1", "web-1"], "within the filter the hostname is unique again"


def test_groups(fleet):
    web = hosts(fleet)["web-1.shop"]
    assert web["groups"] == {"partition": [PARTITION], "rack": ["rack-1"], "size": [SIZE], "project": ["shop"],
                             "state": ["allocated"], "tag": ["web"]}
    db = hosts(fleet)["db-1"]
    assert db["groups"]["rack"] == ["rack-2"] and db["groups"]["tag"] == ["hw"], "machine tags count as well"


def test_host_vars(fleet):
    all_hosts = hosts(fleet)
    db = all_hosts["db-1"]["vars"]
    assert db["ansible_host"] == "10.0.0.2", "the first IP of the first network"
    assert db["metalfleet_ips"] == {"shop-net": ["10.0.0.2", "2001:db8::2"], "internet": ["185.1.2.1"]}
    assert list(db["metalfleet_ips"]) == ["shop-net", "internet"], "in the allocation's network order"
    assert (db["metalfleet_machine_id"], db["metalfleet_project"], db["metalfleet_hostname"]) == (machine_id(2), "shop", "db-1")
    assert (db["metalfleet_partition"], db["metalfleet_rack"], db["metalfleet_size"]) == (PARTITION, "rack-2", SIZE)
    assert (db["metalfleet_image"], db["metalfleet_role"], db["metalfleet_state"]) == ("ubuntu-24.4.20250101", "machine", "allocated")
    assert db["metalfleet_asn"] == machine_row(fleet, 2)["asn"] and db["metalfleet_bmc_address"] == "10.1.0.2"
    assert db["metalfleet_hardware"] == {"cpus": 1, "cores": 8, "memory": 64 * 1024 ** 3, "storage": 960 * 10 ** 9, "gpus": 0, "nics": 1}
    acme = all_hosts["web-1.acme"]["vars"]
    assert acme["ansible_host"] == "192.0.2.1" and acme["metalfleet_ips"] == {"dual-ext": ["192.0.2.1", "2001:db8:ff::1"]}


def test_no_secrets(fleet):
    text = str(hosts(fleet))
    token = machine_row(fleet, 1)["bmc_password_encrypted"]
    for secret in (PASSWORD, token, "userdata-secret", SECRET):
        assert secret not in text
    assert not [key for host in hosts(fleet).values() for key in host["vars"] if "password" in key or "userdata" in key]


def test_filters(fleet):
    assert sorted(hosts(fleet, project="acme")) == ["web-1"]
    assert sorted(hosts(fleet, partition="elsewhere")) == []
    assert sorted(hosts(fleet, tags=["web"])) == ["web-1"], "the only match keeps its plain name"
    assert sorted(hosts(fleet, tags=["web", "hw"])) == []
    register(fleet, [{"id": machine_id(2), "hold": "locked"}])
    assert sorted(hosts(fleet, states=["locked"])) == ["db-1"]
    assert hosts(fleet)["db-1"]["groups"]["state"] == ["locked"]
    assert sorted(hosts(fleet, states=["allocated"])) == ["web-1.acme", "web-1.shop"]


def test_free_machines_are_not_hosts(store):
    build_catalog(store)
    register(store, [machine_spec(1)])
    assert hosts(store) == {}
