# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""machines.allocation on SQLite and PostgreSQL: choice, reservations, ASNs, IPs, images, updates, free, list form."""
from __future__ import annotations

from collections import Counter

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    ExhaustedError,
    NotFoundError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.ips import IpService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.allocation import Allocator
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import ASN_RANGE

from tests.support.documents import without_volatile

from .fleet_builders import (
    FIREWALL_IMAGE,
    LARGE_HARDWARE,
    LARGE_SIZE,
    MACHINE_IMAGE,
    allocate,
    allocation_spec,
    build_catalog,
    changes_of,
    free,
    ip_row,
    ips_of,
    machine_id,
    machine_row,
    machine_spec,
    register,
    register_racks,
    table_counts,
)

FIRST_ASN = ASN_RANGE[0]


def run_allocator(store, work, check_mode=False):
    return store.run(lambda tx: work(Allocator(tx)), check_mode=check_mode)


@pytest.fixture
def fleet(store):
    """The catalog and six machines, machine n in rack-(n % 3)."""
    build_catalog(store)
    register_racks(store, 6, 3)
    return store


# -- choosing a machine -------------------------------------------------------------------------------------------
def test_allocation_document_and_check_mode_prediction(fleet):
    before = table_counts(fleet)
    predicted = allocate(fleet, "web-1", check_mode=True, tags=["web"], ssh_keys=["ssh-ed25519 AAAA k"], userdata="#cloud-config")
    assert table_counts(fleet) == before, "check mode wrote to the store"
    real = allocate(fleet, "web-1", tags=["web"], ssh_keys=["ssh-ed25519 AAAA k"], userdata="#cloud-config")
    assert without_volatile(predicted) == without_volatile(real)
    assert (real["id"], real["state"], real["allocated"]) == (machine_id(1), "allocated", True), "all racks tie: lowest id"
    allocation = real["allocation"]
    assert (allocation["project"], allocation["hostname"], allocation["name"], allocation["role"]) == ("shop", "web-1", "web-1", "machine")
    assert (allocation["image"], allocation["image_requested"], allocation["asn"]) == (MACHINE_IMAGE, "ubuntu-24.4", FIRST_ASN)
    assert allocation["tags"] == ["web"] and allocation["ssh_keys"] == ["ssh-ed25519 AAAA k"]
    (network,) = allocation["networks"]
    assert (network["network"], network["ips"], network["auto_acquire"]) == ("shop-net", ["10.0.0.1", "2001:db8::1"], True)


def test_recorded_changes_and_no_userdata_in_them(fleet):
    def work(tx):
        Allocator(tx).ensure_present(allocation_spec("web-1", userdata="password: hunter2"))
        return [(c.kind, c.entity_id, c.action, c.before, c.after) for c in tx.changes]
    changes = fleet.run(work)
    assert [(kind, entity, action) for kind, entity, action, _b, _a in changes] == [
        ("ip", "fra-1/shop/shop-net/10.0.0.1", "acquire"), ("ip", "fra-1/shop/shop-net/2001:db8::1", "acquire"),
        ("machine", machine_id(1), "allocate"), ("allocation", "shop/web-1", "create")]
    assert changes[2][3]["state"] == "waiting" and changes[2][4]["state"] == "allocated"
    assert changes[3][4]["userdata_set"] is True and "hunter2" not in str(changes)


def test_rack_spreading_is_even_per_project(store):
    build_catalog(store)
    register_racks(store, 15, 3)
    order = ["shop", "acme", "shop", "shop", "acme", "shop", "acme", "shop", "shop", "acme", "shop", "acme"]
    for index, project in enumerate(order):
        allocate(store, "host-%d" % index, project=project)
        rows = store.run(lambda tx: tx.query("SELECT project, rack FROM machines WHERE project IS NOT NULL"), write=False)
        for name in ("shop", "acme"):
            per_rack = Counter(r["rack"] for r in rows if r["project"] == name)
            counts = [per_rack.get("rack-%d" % rack, 0) for rack in range(3)]
            assert max(counts) - min(counts) <= 1, "%s after %d allocations: %s" % (name, index + 1, counts)
    assert Counter(order) == Counter(r["project"] for r in rows)


def test_firewalls_are_spread_apart_from_machines(fleet):
    allocate(fleet, "web-1", machine=machine_id(4))
    allocate(fleet, "web-2", machine=machine_id(2))
    firewall = allocate(fleet, "fw-1", role="firewall", image="firewall-3")
    assert (firewall["id"], firewall["rack"]) == (machine_id(1), "rack-1"), "the project's machines do not count for a firewall"
    assert firewall["allocation"]["image"] == FIREWALL_IMAGE
    machine = allocate(fleet, "web-3")
    assert (machine["id"], machine["rack"]) == (machine_id(3), "rack-0"), "nor its firewalls for a machine"


def test_placement_tags_win_over_the_project_election(fleet):
    placed = [allocate(fleet, "db-1", tags=["db"])["rack"], allocate(fleet, "app-1")["rack"], allocate(fleet, "app-2")["rack"]]
    assert placed == ["rack-1", "rack-2", "rack-0"]
    untagged = allocate(fleet, "x", check_mode=True)
    tagged = allocate(fleet, "db-2", check_mode=True, placement_tags=["db"])
    assert (untagged["id"], untagged["rack"]) == (machine_id(4), "rack-1"), "every rack holds one machine of the project"
    assert (tagged["id"], tagged["rack"]) == (machine_id(5), "rack-2"), "rack-1 already holds a db machine"
    real = allocate(fleet, "db-2", placement_tags=["db"])
    assert real["id"] == machine_id(5) and real["allocation"]["placement_tags"] == ["db"]
    third = allocate(fleet, "db-3", check_mode=True, placement_tags=["db"])
    assert third["rack"] == "rack-0", "placement tags of earlier allocations count too"


def test_explicit_machine(fleet):
    register(fleet, [machine_spec(7, hardware=LARGE_HARDWARE)])
    register(fleet, [machine_spec(2, hold="locked"), machine_spec(3, hold="reserved"), machine_spec(4, issues=["bmc-unreachable"])])
    allocate(fleet, "web-1", machine=machine_id(5))
    cases = [(machine_id(2), ConflictError, "it is locked"), (machine_id(3), ConflictError, "it is reserved"),
             (machine_id(4), ConflictError, "it is faulty"), (machine_id(5), ConflictError, "it is allocated"),
             (machine_id(7), ValidationError, "is a unknown machine in partition fra-1, not c1-medium"),
             (machine_id(9), NotFoundError, "is not registered"), ("web-1", ValidationError, "not a UUID")]
    for machine, error, part in cases:
        with pytest.raises(error) as caught:
            allocate(fleet, "other", machine=machine)
        assert part in caught.value.message and caught.value.message.startswith("machine: "), caught.value.message
    assert allocate(fleet, "other", machine=machine_id(6).upper())["id"] == machine_id(6)


def test_no_machine_says_why(fleet):
    register(fleet, [machine_spec(1, hold="reserved"), machine_spec(2, hold="locked"), machine_spec(3, issues=["x"])])
    for hostname in ("a", "b", "c"):
        allocate(fleet, hostname)
    with pytest.raises(ExhaustedError) as caught:
        allocate(fleet, "d")
    assert caught.value.message == ("size: no machine of size c1-medium available in partition fra-1 for project shop: "
                                    "0 waiting, 1 reserved, 1 locked, 1 faulty, 0 held for other projects' reservations")


def test_reservations_block_others_and_admit_the_owner(store):
    build_catalog(store, reservations=[{"amount": 2, "project": "vip", "partitions": ["fra-1"]}])
    register_racks(store, 5, 3)
    register(store, [machine_spec(6, hold="reserved")])
    allocate(store, "a")
    allocate(store, "b")
    allocate(store, "c")
    with pytest.raises(ExhaustedError) as caught:
        allocate(store, "d")
    assert "2 waiting, 1 reserved, 0 locked, 0 faulty, 2 held for other projects' reservations" in caught.value.message
    assert allocate(store, "v1", project="vip")["allocation"]["project"] == "vip"
    with pytest.raises(ExhaustedError, match="1 waiting, 1 reserved, 0 locked, 0 faulty, 1 held for other projects"):
        allocate(store, "d")
    assert allocate(store, "v2", project="vip")["allocation"]["project"] == "vip"
    with pytest.raises(ExhaustedError, match="0 waiting"):
        allocate(store, "v3", project="vip")


def test_a_fully_used_reservation_frees_the_rest(store):
    build_catalog(store, reservations=[{"amount": 1, "project": "vip", "partitions": ["fra-1"]}])
    register_racks(store, 3, 3)
    allocate(store, "v1", project="vip")
    assert allocate(store, "a")["allocation"]["project"] == "shop"
    assert allocate(store, "b")["allocation"]["project"] == "shop", "vip's reservation is used up: shop may take the last"


# -- ASNs -------------------------------------------------------------------------------------------------------
def test_asns_are_unique_and_reused_after_free(fleet):
    asns = [allocate(fleet, "web-%d" % i)["allocation"]["asn"] for i in range(3)]
    assert asns == [FIRST_ASN, FIRST_ASN + 1, FIRST_ASN + 2]
    free(fleet, "web-1")
    assert machine_row(fleet, 2)["asn"] is None
    assert allocate(fleet, "web-9")["allocation"]["asn"] == FIRST_ASN + 1, "the lowest free ASN comes back"
    assert allocate(fleet, "web-10")["allocation"]["asn"] == FIRST_ASN + 3
    stored = fleet.run(lambda tx: [r["asn"] for r in tx.query("SELECT asn FROM machines WHERE asn IS NOT NULL")], write=False)
    assert len(stored) == len(set(stored)) == 4


# -- networks and IPs -------------------------------------------------------------------------------------------
def test_dual_stack_auto_acquire_per_network(fleet):
    doc = allocate(fleet, "web-1", networks=[{"network": "shop-net"}, {"network": "dual-ext"}, {"network": "internet"}])
    assert [(n["network"], n["ips"]) for n in doc["allocation"]["networks"]] == [
        ("shop-net", ["10.0.0.1", "2001:db8::1"]), ("dual-ext", ["192.0.2.1", "2001:db8:ff::1"]), ("internet", ["185.1.2.1"])]
    assert {address for address, _type in ips_of(fleet, doc["id"])} == {
        "10.0.0.1", "2001:db8::1", "192.0.2.1", "2001:db8:ff::1", "185.1.2.1"}
    row = ip_row(fleet, "185.1.2.1")
    assert (row["project"], row["type"], row["name"]) == ("shop", "ephemeral", "web-1")


def test_explicit_ip_held_by_the_project_is_attached_others_are_acquired(fleet):
    fleet.run(lambda tx: IpService(tx).ensure_present({"network": "internet", "name": "vip", "ip": "185.1.2.50", "type": "static",
                                                       "project": "shop"}))

    def work(tx):
        networks = [{"network": "shop-net"}, {"network": "internet", "auto_acquire": False}]
        doc = Allocator(tx).ensure_present(allocation_spec("web-1", networks=networks, ips=["185.1.2.50", "185.1.2.60"]))
        return doc, [(c.entity_id, c.action) for c in tx.changes if c.kind == "ip"]
    doc, ip_changes = fleet.run(work)
    assert doc["allocation"]["networks"][1]["ips"] == ["185.1.2.50", "185.1.2.60"]
    assert ("internet/185.1.2.50", "attach") in ip_changes and ("internet/185.1.2.60", "acquire") in ip_changes
    attached = ip_row(fleet, "185.1.2.50")
    assert (attached["type"], attached["name"], attached["machine_id"]) == ("static", "vip", doc["id"]), "attaching keeps the IP as it is"
    assert ip_row(fleet, "185.1.2.60")["type"] == "ephemeral"


def test_explicit_ip_of_another_project_or_machine_is_refused(fleet):
    fleet.run(lambda tx: IpService(tx).ensure_present({"network": "internet", "name": "theirs", "ip": "185.1.2.50", "type": "static",
                                                       "project": "acme"}))
    internet = [{"network": "shop-net"}, {"network": "internet", "auto_acquire": False}]
    with pytest.raises(ValidationError) as caught:
        allocate(fleet, "web-1", networks=internet, ips=["185.1.2.50"])
    assert caught.value.field == "ips[0]" and "belongs to project acme" in caught.value.reason
    holder = allocate(fleet, "web-1", networks=internet, ips=["185.1.2.51"])
    with pytest.raises(ConflictError, match=r"^ips\[0\]: 185.1.2.51 is attached to machine %s" % holder["id"]):
        allocate(fleet, "web-2", networks=internet, ips=["185.1.2.51"])


@pytest.mark.parametrize("ips, field, part", [
    (["192.0.2.1"], "ips[0]", "is not in any network of the allocation (shop-net)"),
    (["10.0.0.5", "not-an-ip"], "ips[1]", "not in any network"),
])
def test_ip_outside_the_networks(fleet, ips, field, part):
    before = table_counts(fleet)
    with pytest.raises(ValidationError) as caught:
        allocate(fleet, "web-1", ips=ips)
    assert caught.value.field == field and part in caught.value.reason
    assert table_counts(fleet) == before


@pytest.mark.parametrize("networks, field, part", [
    ([], "networks", "at least one network"),
    ([{"network": "tenant-super"}], "networks[0].network", "private super network"),
    ([{"network": "shop-net"}, {"network": "shop-net"}], "networks[1].network", "given twice"),
    ([{"network": "shop-net", "auto_acquire": False}], "networks[0].auto_acquire", "gets no IP"),
])
def test_bad_networks(fleet, networks, field, part):
    with pytest.raises(ValidationError) as caught:
        allocate(fleet, "web-1", networks=networks)
    assert caught.value.field == field and part in caught.value.reason


def test_child_network_of_another_project_is_refused(fleet):
    with pytest.raises(ValidationError, match="network 'shop-net' belongs to project shop"):
        allocate(fleet, "web-1", project="acme", networks=[{"network": "shop-net"}])


# -- catalog references -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("extra, error, message", [
    ({"size": "nope"}, NotFoundError, "size: unknown size 'nope'"),
    ({"partition": "nope"}, NotFoundError, "partition: unknown partition 'nope'"),
    ({"image": "debian-12"}, NotFoundError, "image: no image for os:debian"),
    ({"image": "firewall-3"}, ValidationError, "image: given image is not usable for a machine, features: firewall"),
    ({"image": "ubuntu-24.4", "role": "firewall"}, ValidationError, "image: given image is not usable for a firewall"),
    ({"role": "router"}, ValidationError, "role: unknown role 'router'"),
    ({"image": None}, ValidationError, "image: a new allocation needs image"),
    ({"project": ""}, ValidationError, "project: an allocation belongs to a project"),
])
def test_bad_catalog_references(fleet, extra, error, message):
    with pytest.raises(error) as caught:
        allocate(fleet, "web-1", **extra)
    assert caught.value.message.startswith(message), caught.value.message


# -- updates ------------------------------------------------------------------------------------------------------
def test_mutable_fields_update_in_place(fleet):
    first = allocate(fleet, "web-1", tags=["web"])
    assert changes_of(fleet, lambda tx: Allocator(tx).ensure_present(allocation_spec("web-1", tags=["web"]))) == []
    assert changes_of(fleet, lambda tx: Allocator(tx).ensure_present({"project": "shop", "hostname": "web-1"})) == []
    recorded = changes_of(fleet, lambda tx: Allocator(tx).ensure_present(
        {"project": "shop", "hostname": "web-1", "tags": ["web", "prod"], "description": "front", "ssh_keys": ["k"]}))
    assert recorded == [("allocation", "shop/web-1", "update")]
    updated = machine_row(fleet, first["id"])
    assert updated["asn"] == first["allocation"]["asn"]
    assert ips_of(fleet, first["id"]) == [("10.0.0.1", "ephemeral"), ("2001:db8::1", "ephemeral")]


@pytest.mark.parametrize("change", [{"image": MACHINE_IMAGE}, {"size": "c1-large"}, {"partition": "muc-1"}, {"role": "firewall"}])
def test_identity_changes_need_reinstall(fleet, change):
    allocate(fleet, "web-1")
    option = next(iter(change))
    with pytest.raises(ConflictError) as caught:
        fleet.run(lambda tx: Allocator(tx).ensure_present(dict({"project": "shop", "hostname": "web-1"}, **change)))
    assert caught.value.message.startswith(option + ": shop/web-1 is allocated with " + option)
    assert "needs reinstall: true" in caught.value.message


def test_reinstall_with_a_new_image_keeps_machine_ips_and_asn(fleet):
    first = allocate(fleet, "web-1")
    spec = {"project": "shop", "hostname": "web-1", "image": MACHINE_IMAGE, "reinstall": True}
    recorded = changes_of(fleet, lambda tx: Allocator(tx).ensure_present(dict(spec)))
    assert recorded == [("allocation", "shop/web-1", "reinstall")]
    doc = machine_row(fleet, first["id"])
    assert doc["project"] == "shop" and doc["asn"] == first["allocation"]["asn"]
    assert ips_of(fleet, first["id"]) == [("10.0.0.1", "ephemeral"), ("2001:db8::1", "ephemeral")]
    assert changes_of(fleet, lambda tx: Allocator(tx).ensure_present(dict(spec))) == [], "the same image again is no change"


def test_reinstall_with_a_new_size_takes_a_new_machine(fleet):
    fleet.run(lambda tx: SizeStore(tx).ensure_present(dict(LARGE_SIZE)))
    register(fleet, [machine_spec(8, rack="rack-2", hardware=LARGE_HARDWARE)])
    first = allocate(fleet, "web-1", tags=["web"])

    def work(tx):
        doc = Allocator(tx).ensure_present({"project": "shop", "hostname": "web-1", "size": "c1-large", "reinstall": True})
        return doc, [(c.kind, c.entity_id, c.action) for c in tx.changes]
    doc, recorded = fleet.run(work)
    assert doc["id"] == machine_id(8) and doc["size"] == "c1-large"
    assert doc["allocation"]["tags"] == ["web"] and doc["allocation"]["size"] == "c1-large", "mutable fields carry over"
    assert machine_row(fleet, first["id"])["project"] is None, "the old machine went back to waiting"
    assert ("machine", first["id"], "free") in recorded and ("machine", machine_id(8), "allocate") in recorded
    assert recorded[-1] == ("allocation", "shop/web-1", "create") and ("allocation", "shop/web-1", "delete") in recorded
    assert [n["ips"] for n in doc["allocation"]["networks"]] == [["10.0.0.1", "2001:db8::1"]]


def test_failed_reinstall_leaves_the_old_allocation(fleet):
    fleet.run(lambda tx: SizeStore(tx).ensure_present(dict(LARGE_SIZE)))
    first = allocate(fleet, "web-1")
    before = table_counts(fleet)
    with pytest.raises(ExhaustedError, match="no machine of size c1-large"):
        fleet.run(lambda tx: Allocator(tx).ensure_present({"project": "shop", "hostname": "web-1", "size": "c1-large", "reinstall": True}))
    assert table_counts(fleet) == before and machine_row(fleet, first["id"])["hostname"] == "web-1"


# -- free ---------------------------------------------------------------------------------------------------------
def test_free_releases_ephemeral_ips_and_detaches_static_ones(fleet):
    fleet.run(lambda tx: IpService(tx).ensure_present({"network": "internet", "name": "vip", "ip": "185.1.2.50", "type": "static",
                                                       "project": "shop"}))
    doc = allocate(fleet, "web-1", networks=[{"network": "shop-net"}, {"network": "internet"}], ips=["185.1.2.50"])
    assert len(ips_of(fleet, doc["id"])) == 4
    recorded = changes_of(fleet, lambda tx: Allocator(tx).ensure_absent("shop", "web-1"))
    assert sorted(action for kind, _e, action in recorded if kind == "ip") == ["detach", "release", "release", "release"]
    assert recorded[-2:] == [("machine", doc["id"], "free"), ("allocation", "shop/web-1", "delete")]
    row = machine_row(fleet, doc["id"])
    assert (row["project"], row["hostname"], row["asn"], row["allocation"], row["image_id"]) == (None, None, None, None, None)
    static = ip_row(fleet, "185.1.2.50")
    assert static is not None and static["machine_id"] is None and static["project"] == "shop"
    assert ip_row(fleet, "185.1.2.1") is None and ip_row(fleet, "10.0.0.1") is None
    assert fleet.run(lambda tx: Allocator(tx).ensure_absent("shop", "web-1")) is None, "freeing twice is no change"


def test_locked_machine_cannot_be_freed(fleet):
    doc = allocate(fleet, "web-1")
    register(fleet, [{"id": doc["id"], "hold": "locked"}])
    assert machine_row(fleet, doc["id"])["project"] == "shop"
    with pytest.raises(ConflictError, match="is locked and cannot be freed; set hold: none first"):
        free(fleet, "web-1")
    register(fleet, [{"id": doc["id"], "hold": "none"}])
    assert free(fleet, "web-1")["id"] == doc["id"]


def test_free_needs_project_and_hostname(fleet):
    with pytest.raises(ValidationError) as caught:
        fleet.run(lambda tx: Allocator(tx).ensure_absent("shop", ""))
    assert caught.value.field == "hostname"


# -- list form ----------------------------------------------------------------------------------------------------
def test_list_form_allocates_frees_and_rolls_back(fleet):
    docs = run_allocator(fleet, lambda a: a.apply_all([allocation_spec("a"), allocation_spec("b"), allocation_spec("c")]))
    assert [d["rack"] for d in docs] == ["rack-1", "rack-2", "rack-0"]
    before = table_counts(fleet)
    with pytest.raises(ValidationError) as caught:
        run_allocator(fleet, lambda a: a.apply_all([{"project": "shop", "hostname": "a", "state": "absent"}, allocation_spec("d"),
                                                    allocation_spec("e", ips=["192.0.2.9"])]))
    assert caught.value.field == "allocations[2].ips[0]"
    assert table_counts(fleet) == before, "the failed list left nothing behind"
    with pytest.raises(ExhaustedError, match=r"^allocations\[3\]\.size: no machine"):
        run_allocator(fleet, lambda a: a.apply_all([allocation_spec(h) for h in ("d", "e", "f", "g")]))
    assert table_counts(fleet) == before
    docs = run_allocator(fleet, lambda a: a.apply_all([{"project": "shop", "hostname": "a", "state": "absent"}, allocation_spec("d")]))
    assert docs[0] is None and docs[1]["id"] == machine_id(1), "a machine freed earlier in the list is allocated again"
