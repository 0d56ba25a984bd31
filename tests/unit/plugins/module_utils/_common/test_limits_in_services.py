# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every core service applies the bounds of ``_common.limits`` itself, on SQLite and PostgreSQL.

Callers that skip the modules (the boot API, list-form entries) meet the same rules; a value the store
cannot hold (2^63 and more) is a ValidationError naming the field, never a driver error, and nothing is written.
"""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.audit import read_audit
from tests.unit.plugins.module_utils.machines.fleet_builders import PARTITION, allocation_spec, build_catalog, machine_spec, table_counts

TOO_BIG = 2 ** 63
HUGE_NAME = "a" * (10 * 1024 * 1024)
SIZE_CONSTRAINTS = [{"type": "cores", "min": 1, "max": 64}, {"type": "memory", "min": "1GiB", "max": "1TiB"}]
EXTERNAL = {"type": "external", "prefixes": ["203.0.113.0/24"]}
SWITCH = {"name": "leaf01", "partition": PARTITION, "role": "leaf", "os": "cumulus", "asn": 4200000001, "loopback": "10.9.0.1"}

CASES = [
    # (service call, field, part of the message)
    (lambda tx: NetworkService(tx).ensure_present(dict(EXTERNAL, name="web\nnet")), "name", "U+000A"),
    (lambda tx: NetworkService(tx).ensure_present(dict(EXTERNAL, name=HUGE_NAME)), "name", "10485760 characters"),
    (lambda tx: NetworkService(tx).ensure_present(dict(EXTERNAL, name="ext", vrf=TOO_BIG)), "vrf", "out of range 1..16777215"),
    (lambda tx: NetworkService(tx).ensure_present(dict(EXTERNAL, name="ext", vrf=0)), "vrf", "out of range"),
    (lambda tx: NetworkService(tx).ensure_present(dict(EXTERNAL, name="ext", description="a\x00b")), "description", "U+0000"),
    (lambda tx: NetworkService(tx).ensure_present({"name": "c", "partition": PARTITION, "project": "sh op"}), "project", "not a valid name"),
    (lambda tx: IpService(tx).ensure_present({"network": "internet", "name": "x" * 129}), "name", "at most 128"),
    (lambda tx: IpService(tx).ensure_present({"network": "internet", "name": "ip", "tags": ["a\nb"]}), "tags[0]", "U+000A"),
    (lambda tx: PartitionStore(tx).ensure_present({"id": "p" * 129}), "id", "at most 128"),
    (lambda tx: PartitionStore(tx).ensure_present({"id": "p2", "name": "two\nlines"}), "name", "U+000A"),
    (lambda tx: PartitionStore(tx).ensure_present({"id": "p2", "labels": {"k": "v" * 257}}), "labels.k", "at most 256"),
    (lambda tx: SizeStore(tx).ensure_present({"id": "big", "constraints": [
        {"type": "cores", "min": 1, "max": TOO_BIG}, SIZE_CONSTRAINTS[1]]}),
     "constraints[0].max", "out of range 0..9223372036854775807"),
    (lambda tx: SizeStore(tx).ensure_present({"id": "big", "constraints": [SIZE_CONSTRAINTS[0], {"type": "memory", "min": 1, "max": "9EiB"}]}),
     "constraints[1].max", "at most 9223372036854775807 bytes"),
    (lambda tx: SizeStore(tx).ensure_present({"id": "c1-medium", "reservations": [{"amount": TOO_BIG, "project": "shop",
                                                                                   "partitions": [PARTITION]}]}),
     "reservations[0].amount", "out of range 1..2147483647"),
    (lambda tx: ImageStore(tx).ensure_present({"id": "ubuntu-24.4." + "1" * 200, "url": "https://i.example/u", "features": ["machine"]}),
     "id", "at most 128"),
    (lambda tx: MachineStore(tx).ensure_present(machine_spec(9, bmc={"address": "not a host!"})), "bmc.address", "neither an IP"),
    (lambda tx: MachineStore(tx).ensure_present(machine_spec(9, bmc={"port": TOO_BIG})), "bmc.port", "out of range 1..65535"),
    (lambda tx: MachineStore(tx).ensure_present(machine_spec(9, rack=HUGE_NAME)), "rack", "10485760 characters"),
    (lambda tx: MachineStore(tx).ensure_present(machine_spec(9, hardware={"memory": "1GiB", "cpus": [{"model": "x", "cores": TOO_BIG}]})),
     "hardware.cpus[0].cores", "out of range"),
    (lambda tx: MachineStore(tx).apply_all([machine_spec(9, rack="r\n1")]), "machines[0].rack", "U+000A"),
    (lambda tx: Allocator(tx).ensure_present(allocation_spec(HUGE_NAME)), "hostname", "10485760 characters"),
    (lambda tx: Allocator(tx).ensure_present(allocation_spec("web_1")), "hostname", "not a valid host name"),
    (lambda tx: Allocator(tx).ensure_present(allocation_spec("web-1", userdata="x" * 65537)), "userdata", "at most 65536"),
    (lambda tx: Allocator(tx).apply_all([allocation_spec("web-1", tags=["t"] * 300)]), "allocations[0].tags", "at most 256"),
    (lambda tx: SwitchService(tx).ensure_present(dict(SWITCH, asn=TOO_BIG)), "asn", "out of range 1..4294967295"),
    (lambda tx: SwitchService(tx).ensure_present(dict(SWITCH, lldp_hello_time="²")), "lldp_hello_time", "not an integer"),
    (lambda tx: SwitchService(tx).ensure_present(dict(SWITCH, rack="rack 1")), "rack", "not a valid name"),
    (lambda tx: read_audit(tx, limit=TOO_BIG), "limit", "out of range"),
]


@pytest.mark.parametrize("work, field, part", CASES)
def test_services_refuse_values_out_of_bounds_naming_the_field(store, work, field, part):
    build_catalog(store)
    store.run(lambda tx: MachineStore(tx).ensure_present(machine_spec(1)))
    before = table_counts(store)
    with pytest.raises(ValidationError) as error:
        store.run(work)
    assert error.value.field == field, error.value
    assert part in error.value.reason
    assert len(error.value.message) < 1000, "the message must not echo the whole value"
    assert table_counts(store) == before


def test_values_at_the_bounds_are_stored(store):
    build_catalog(store)
    network = store.run(lambda tx: NetworkService(tx).ensure_present(dict(EXTERNAL, name="n" * 128, vrf=16777215)))
    assert network["vrf"] == 16777215 and network["name"] == "n" * 128
    size = store.run(lambda tx: SizeStore(tx).ensure_present(
        {"id": "huge", "constraints": [{"type": "cores", "min": 65, "max": TOO_BIG - 1}, {"type": "memory", "min": 1, "max": TOO_BIG - 1}]}))
    assert size["constraints"][0]["max"] == TOO_BIG - 1
    machine = store.run(lambda tx: MachineStore(tx).ensure_present(machine_spec(2, rack="r" * 128, bmc={"address": "bmc-2.mgmt.example", "port": 65535})))
    assert machine["bmc"]["address"] == "bmc-2.mgmt.example" and machine["bmc"]["port"] == 65535
    hostname = ".".join(["h" * 63] * 3) + "." + "d" * 61
    allocated = store.run(lambda tx: Allocator(tx).ensure_present(allocation_spec(hostname, description="Größe\nzwei Zeilen")))
    assert allocated["allocation"]["hostname"] == hostname


def test_bmc_targets_are_addresses_or_host_names():
    assert BmcTarget(host="bmc-1.mgmt.example").host == "bmc-1.mgmt.example"
    with pytest.raises(ValidationError) as error:
        BmcTarget(host="not a host!")
    assert error.value.field == "host"
    with pytest.raises(ValidationError) as error:
        BmcTarget(host="10.0.0.1", username="u" * 257)
    assert error.value.field == "username"
