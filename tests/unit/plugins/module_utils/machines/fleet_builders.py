# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builders shared by the machine store, allocation, capacity and inventory unit tests.

A catalog (partition ``fra-1``, size ``c1-medium``, a machine and a firewall image), networks (a dual-stack
private super network with the ``shop`` project's child network ``shop-net``, the IPv4 ``internet`` and
the dual-stack ``dual-ext`` external networks), sample hardware and helpers that run the services in
their own transaction, as one module run does.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import MachineStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import SecretBox
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import ASN_POOL

from tests.support.sample_hardware import HARDWARE

PARTITION = "fra-1"
SIZE = "c1-medium"
MACHINE_IMAGE = "ubuntu-24.4.20250101"
FIREWALL_IMAGE = "firewall-3.0.20250101"
SECRET = "unit-tests-secret-key-0001"

#: matches no size of the catalog (too little memory), but ``LARGE_SIZE`` once that is added.
LARGE_HARDWARE = dict(HARDWARE, memory="256GiB")
LARGE_SIZE = {"id": "c1-large", "constraints": [
    {"type": "cores", "min": 8, "max": 8}, {"type": "memory", "min": "200GiB", "max": "300GiB"},
    {"type": "storage", "min": "900GB", "max": "1TB", "identifier": "/dev/*"}]}
MEDIUM_SIZE = {"id": SIZE, "constraints": [
    {"type": "cores", "min": 8, "max": 8}, {"type": "memory", "min": "60GiB", "max": "70GiB"},
    {"type": "storage", "min": "900GB", "max": "1TB", "identifier": "/dev/*"}]}

NETWORKS = (
    {"name": "tenant-super", "partition": PARTITION, "type": "private_super", "prefixes": ["10.0.0.0/16", "2001:db8::/56"],
     "default_child_prefix_length": {"IPv4": 22, "IPv6": 64}},
    {"name": "shop-net", "partition": PARTITION, "project": "shop"},
    {"name": "internet", "type": "external", "prefixes": ["185.1.2.0/24"]},
    {"name": "dual-ext", "type": "external", "prefixes": ["192.0.2.0/24", "2001:db8:ff::/64"]},
)


def machine_id(number: int) -> str:
    return "00000000-0000-4000-8000-%012d" % number


def machine_spec(number: int, rack: str = "rack-1", hardware=None, **extra) -> dict:
    spec = {"id": machine_id(number), "partition": PARTITION, "rack": rack, "hardware": hardware or HARDWARE}
    spec.update(extra)
    return spec


def build_catalog(store, reservations=None, networks=NETWORKS) -> None:
    """Partition, the medium size (with ``reservations``), both images and the networks, in one transaction."""
    def work(tx):
        PartitionStore(tx).ensure_present({"id": PARTITION, "description": "Frankfurt 1"})
        SizeStore(tx).ensure_present(dict(MEDIUM_SIZE, reservations=reservations))
        images = ImageStore(tx)
        images.ensure_present({"id": MACHINE_IMAGE, "features": ["machine"], "classification": "supported",
                               "url": "https://images.example/ubuntu.tar"})
        images.ensure_present({"id": FIREWALL_IMAGE, "features": ["firewall"], "classification": "supported",
                               "url": "https://images.example/fw.tar"})
        for network in networks:
            NetworkService(tx).ensure_present(dict(network))
    store.run(work)


def register(store, specs, secret: str | None = None, check_mode: bool = False) -> list:
    """Register or update machines (list form) in one transaction; returns their documents."""
    return store.run(lambda tx: MachineStore(tx, SecretBox(secret)).apply_all([dict(s) for s in specs]), check_mode=check_mode)


def register_racks(store, count: int, racks: int) -> list:
    """``count`` machines numbered from 1, machine ``n`` in rack ``rack-(n % racks)``."""
    return register(store, [machine_spec(n, rack="rack-%d" % (n % racks)) for n in range(1, count + 1)])


def allocation_spec(hostname: str, project: str = "shop", **extra) -> dict:
    spec = {"project": project, "hostname": hostname, "partition": PARTITION, "size": SIZE, "image": "ubuntu-24.4",
            "networks": [{"network": "shop-net"}] if project == "shop" else [{"network": "internet"}]}
    spec.update(extra)
    return spec


def allocate(store, hostname: str, project: str = "shop", check_mode: bool = False, **extra) -> dict:
    return store.run(lambda tx: Allocator(tx).ensure_present(allocation_spec(hostname, project, **extra)), check_mode=check_mode)


def free(store, hostname: str, project: str = "shop"):
    return store.run(lambda tx: Allocator(tx).ensure_absent(project, hostname))


def changes_of(store, work, check_mode: bool = False) -> list:
    """Run ``work(tx)`` and return ``(kind, entity_id, action)`` of every change it recorded."""
    def wrapped(tx):
        work(tx)
        return [(c.kind, c.entity_id, c.action) for c in tx.changes]
    return store.run(wrapped, check_mode=check_mode)


def machine_row(store, number_or_id) -> dict:
    wanted = machine_id(number_or_id) if isinstance(number_or_id, int) else number_or_id
    return store.run(lambda tx: dict(tx.query_one("SELECT * FROM machines WHERE id = ?", (wanted,))), write=False)


def ips_of(store, machine: str) -> list:
    """``(address, type)`` of the IPs attached to a machine."""
    return store.run(lambda tx: [(r["address"], r["type"]) for r in tx.query(
        "SELECT address, type FROM ips WHERE machine_id = ? ORDER BY family, addr_key", (machine,))], write=False)


def ip_row(store, address: str):
    return store.run(lambda tx: tx.query_one("SELECT * FROM ips WHERE address = ?", (address,)), write=False)


def table_counts(store) -> dict:
    """Rows per table that an allocation touches (to prove a rollback left nothing behind)."""
    def work(tx):
        return {
            "allocated": tx.query_one("SELECT COUNT(*) AS n FROM machines WHERE project IS NOT NULL")["n"],
            "ips": tx.query_one("SELECT COUNT(*) AS n FROM ips")["n"],
            "asn_ranges": [(r["start_key"], r["end_key"]) for r in tx.query(
                "SELECT start_key, end_key FROM free_ranges WHERE owner = ? ORDER BY start_key", (ASN_POOL,))],
            "audit": tx.query_one("SELECT COUNT(*) AS n FROM audit_log")["n"],
        }
    return store.run(work, write=False)
