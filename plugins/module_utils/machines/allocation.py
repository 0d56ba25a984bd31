# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine allocation: choose a machine, give it an image, networks, IPs and an ASN; update; free.

Private to the metalfleet.datacenter collection; not a public API.

An allocation is identified by ``(project, hostname)``.  Allocating runs, inside
the caller's transaction and under the partition's allocation lock:

1. resolve partition, size and image (the image must have the feature of the
   role: ``machine`` or ``firewall``);
2. candidates: free machines of the partition with that size, no operator hold
   and no issues, lowest id first;
3. metal-stack's size reservation check (``catalog.reservations``);
4. rack spreading (``machines.placement``): racks with the fewest machines of
   the project and role, then placement tags; the lowest machine id among the
   winners, so check mode predicts the real choice;
5. the lowest free ASN of the pool from 4210000000;
6. for each network marked ``auto_acquire`` one IP per address family, plus the
   explicitly given IPs, all attached to the machine.

Everything happens in one transaction, so any error leaves nothing behind.
Steps 2 to 4 read a summary of the partition's machines once per transaction
(``machines.pool_summary``) that the Allocator keeps up to date, so each
allocation of a list-form run costs the same however many machines the
partition holds.
Changes to machine rows are serialized by the store-wide ``machines`` lock
(taken before the IPAM lock), which serializes every partition's allocations
on both backends; reads take no lock.
Freeing releases the ephemeral IPs (static ones are only detached), returns the
ASN and puts the machine back to waiting.  Freeing and reinstalling turn the
machine's ``netboot_allowed`` flag on again (phone home after an install turns
it off, see ``provisioning``), so it network-boots instead of booting its disk.
"""
from __future__ import annotations

import json
from collections import Counter

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    ExhaustedError,
    FleetError,
    NotFoundError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.entity_store import reindex_error
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_policy import check_image_feature
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.reservations import check_size_reservations
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import IPAM_LOCK, PrefixStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.records import ip_label, ip_state
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import (
    MACHINES_LOCK,
    MachineStore,
    machine_id_option,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.placement import choose_machine, spread_by_counts
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.pool_summary import PoolSummary
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.free_ranges import FreeRanges
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.schema import ASN_POOL, ASN_RANGE
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

ROLES = ("machine", "firewall")
#: what an existing allocation may change without ``reinstall``.
MUTABLE = ("description", "tags", "ssh_keys")


def allocation_label(project: str, hostname: str) -> str:
    return "%s/%s" % (project, hostname)


def _string_list(value, field: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(field, "expected a list of strings")
    return value


class Allocator:
    """Allocate, update and free machines inside one transaction."""

    def __init__(self, tx, machines: MachineStore | None = None):
        self.tx = tx
        self.machines = machines or MachineStore(tx)
        self.networks = NetworkService(tx)
        self.ipam = PrefixStore(tx, write=True)
        self._pools = {}

    # -- lookups ---------------------------------------------------------------------------------------------
    def find(self, project: str, hostname: str):
        return self.tx.query_one("SELECT * FROM machines WHERE project = ? AND hostname = ?", (project, hostname))

    def document(self, row) -> dict:
        doc = self.machines.document(row)
        return doc

    # -- present ---------------------------------------------------------------------------------------------
    def ensure_present(self, spec: dict) -> dict:
        project, hostname = self._identity(spec)
        self.tx.lock(MACHINES_LOCK)
        role = spec.get("role") or "machine"
        if role not in ROLES:
            raise ValidationError("role", "unknown role %r, expected machine or firewall" % (role,))
        row = self.find(project, hostname)
        if row is not None:
            return self._update(row, spec)
        return self._allocate(spec, project, hostname, role)

    @staticmethod
    def _identity(spec):
        project, hostname = spec.get("project"), spec.get("hostname")
        if not project:
            raise ValidationError("project", "an allocation belongs to a project")
        if not hostname:
            raise ValidationError("hostname", "an allocation is identified by project and hostname: give hostname")
        check_allocation_options(spec)
        return project, hostname

    def _allocate(self, spec, project, hostname, role):
        partition, size_id = spec.get("partition"), spec.get("size")
        for option in ("partition", "size", "image"):
            if not spec.get(option):
                raise ValidationError(option, "a new allocation needs %s" % option)
        self.tx.lock(MACHINES_LOCK)
        self.tx.lock(IPAM_LOCK)
        if self.tx.query_one("SELECT id FROM partitions WHERE id = ?", (partition,)) is None:
            raise NotFoundError("partition: unknown partition %r" % partition)
        if SizeStore(self.tx).find(size_id) is None:
            raise NotFoundError("size: unknown size %r" % size_id)
        image = self._resolve_image(spec["image"], role)
        ssh_keys = _string_list(spec.get("ssh_keys"), "ssh_keys")
        tags = _string_list(spec.get("tags"), "tags")
        placement_tags = _string_list(spec.get("placement_tags"), "placement_tags")
        chosen = self._choose_machine(spec, project, partition, size_id, role, placement_tags)
        machine_row = self.machines.find(chosen)
        before = self.machines.state(machine_row)
        asn = FreeRanges(self.tx, ASN_POOL).take_lowest()
        if asn is None:
            raise ExhaustedError("asn: the ASN pool %d-%d is exhausted" % ASN_RANGE)
        networks = self._attach_networks(spec, chosen, project, hostname, partition, role)
        allocation = {
            "project": project, "hostname": hostname, "name": spec.get("name") or hostname,
            "description": spec.get("description") or "", "role": role, "partition": partition, "size": size_id,
            "image": image["id"], "image_requested": spec["image"], "asn": asn, "networks": networks,
            "ssh_keys": ssh_keys, "userdata": spec.get("userdata") or "", "tags": tags,
            "placement_tags": placement_tags, "allocated_at": utc_now(),
        }
        self._write_allocation(chosen, allocation)
        if (partition, size_id) in self._pools:
            self._pools[(partition, size_id)].taken(machine_row, project, role, tags + placement_tags)
        after = self.find(project, hostname)
        self.tx.record("machine", chosen, "allocate", before, self.machines.state(after))
        self.tx.record("allocation", allocation_label(project, hostname), "create", None, _allocation_state(allocation, chosen))
        return self.document(after)

    def _resolve_image(self, requested: str, role: str) -> dict:
        try:
            image = ImageStore(self.tx).resolve(requested)["image"]
        except FleetError as exc:
            raise NotFoundError("image: %s" % exc.reason.replace("resolve: ", "")) from None
        check_image_feature(image, role)
        return image

    def _write_allocation(self, machine_id, allocation):
        self.tx.execute(
            "UPDATE machines SET project = ?, hostname = ?, role = ?, image_id = ?, asn = ?, allocation = ?, allocated_at = ?,"
            " updated_at = ? WHERE id = ?",
            (allocation["project"], allocation["hostname"], allocation["role"], allocation["image"], allocation["asn"],
             json.dumps(allocation, sort_keys=True), allocation["allocated_at"], utc_now(), machine_id))

    # -- choosing a machine ----------------------------------------------------------------------------------
    def _choose_machine(self, spec, project, partition, size_id, role, placement_tags) -> str:
        """The machine to allocate, from the pool's summary (``machines.pool_summary``), whatever the partition's size.

        Rack spreading only looks at which racks have free machines and how many machines of the project (and
        tag) each rack holds; the pick is the lowest id among the winning racks.  So one representative per rack,
        its lowest free machine id, gives exactly the choice the full candidate list would.
        """
        if spec.get("machine"):
            return self._check_explicit_machine(machine_id_option(spec["machine"], "machine"), partition, size_id)
        if (partition, size_id) not in self._pools:
            self._pools[(partition, size_id)] = PoolSummary(self.tx, partition, size_id)
        pool = self._pools[(partition, size_id)]
        waiting = pool.waiting
        allocated = Counter({name: n for name, n in pool.allocated.items() if n > 0})
        reservations = [r for r in SizeStore(self.tx).reservations_of(size_id) if partition in r["partitions"]]
        as_reference = [{"amount": r["amount"], "projectid": r["project"], "partitionids": r["partitions"], "sizeid": size_id}
                        for r in reservations]
        if not waiting or not check_size_reservations(waiting, project, allocated, as_reference):
            raise ExhaustedError(self._no_machine_message(waiting, reservations, allocated, project, partition, size_id))
        counts = pool.project_racks(project, role)
        return choose_machine(spread_by_counts(pool.representatives(), counts.machines, counts.tagged(placement_tags)))["id"]

    def _check_explicit_machine(self, machine_id, partition, size_id) -> str:
        row = self.machines.find(machine_id)
        if row is None:
            raise NotFoundError("machine: machine %s is not registered" % machine_id)
        if row["partition_id"] != partition or row["size_id"] != size_id:
            raise ValidationError("machine", "machine %s is a %s machine in partition %s, not %s in %s"
                                  % (machine_id, row["size_id"], row["partition_id"], size_id, partition))
        if row["project"] is None and not row["hold"] and row["issues"] == "[]":
            return machine_id
        raise ConflictError("machine: machine %s cannot be allocated: it is %s" % (machine_id, self.machines.state(row)["state"]))

    def _no_machine_message(self, waiting, reservations, allocated, project, partition, size_id) -> str:
        held = 0
        for reservation in reservations:
            if reservation["project"] != project:
                held += max(reservation["amount"] - allocated.get(reservation["project"], 0), 0)
        free = self.tx.query("SELECT hold, issues FROM machines WHERE partition_id = ? AND size_id = ? AND project IS NULL",
                             (partition, size_id))
        reserved = sum(1 for r in free if r["hold"] == "reserved")
        locked = sum(1 for r in free if r["hold"] == "locked")
        faulty = sum(1 for r in free if r["issues"] != "[]")
        counts = (size_id, partition, project, waiting, reserved, locked, faulty, min(held, waiting))
        return ("size: no machine of size %s available in partition %s for project %s: %d waiting, %d reserved, %d locked, "
                "%d faulty, %d held for other projects' reservations" % counts)

    # -- networks and IPs ------------------------------------------------------------------------------------
    def _network_entries(self, spec):
        entries = spec.get("networks") or []
        if not isinstance(entries, list) or not entries:
            raise ValidationError("networks", "an allocation needs at least one network")
        normalized = []
        for index, entry in enumerate(entries):
            entry = {"network": entry} if isinstance(entry, str) else entry
            if not isinstance(entry, dict) or not entry.get("network"):
                raise ValidationError("networks[%d].network" % index, "name the network")
            normalized.append((index, entry))
        return normalized

    def _attach_networks(self, spec, machine_id, project, hostname, partition, role) -> list:
        attached, seen = [], set()
        explicit = list(enumerate(_string_list(spec.get("ips"), "ips")))
        attrs = {"name": hostname, "description": "autoassigned", "project": project, "type": "ephemeral",
                 "machine_id": machine_id, "tags_json": json.dumps(["machine.metal-stack.io/id=%s" % machine_id])}
        for index, entry in self._network_entries(spec):
            field = "networks[%d]" % index
            network = self.networks.resolve(entry["network"], partition=entry.get("partition"), field=field + ".network")
            self._check_network(network, project, partition, role, field)
            if network["id"] in seen:
                raise ValidationError(field + ".network", "network %r is given twice" % network["name"])
            seen.add(network["id"])
            prefixes = self.networks.prefixes_of(network)
            addresses = []
            if entry.get("auto_acquire", True):
                for family in sorted({p["family"] for p in prefixes}):
                    addresses.append(self._acquire(network, [p for p in prefixes if p["family"] == family], attrs, field))
            for ip_index, address in list(explicit):
                if self._network_holds(prefixes, address):
                    addresses.append(self._attach_ip(network, prefixes, address, attrs, "ips[%d]" % ip_index))
                    explicit.remove((ip_index, address))
            if not addresses:
                raise ValidationError(field + ".auto_acquire", "network %r gets no IP: enable auto_acquire or give ips in it" % network["name"])
            attached.append({"network": network["name"], "network_id": network["id"], "partition": network["partition_id"],
                             "vrf": network["vrf"], "prefixes": [p["cidr"] for p in prefixes], "ips": addresses,
                             "auto_acquire": bool(entry.get("auto_acquire", True))})
        for ip_index, address in explicit:
            raise ValidationError("ips[%d]" % ip_index, "%s is not in any network of the allocation (%s)"
                                  % (address, ", ".join(n["network"] for n in attached)))
        return attached

    @staticmethod
    def _check_network(network, project, partition, role, field):
        kind = network["kind"]
        if kind == "private_super":
            raise ValidationError(field + ".network", "network %r is a private super network; give a child network" % network["name"])
        if kind == "underlay" and role != "firewall":
            raise ValidationError(field + ".network", "only firewalls join the underlay network %r" % network["name"])
        if network["partition_id"] not in ("", partition):
            raise ValidationError(field + ".network", "network %r is in partition %s, the machine in %s"
                                  % (network["name"], network["partition_id"], partition))
        if kind == "child" and network["project"] != project and not network["shared"]:
            raise ValidationError(field + ".network", "network %r belongs to project %s" % (network["name"], network["project"]))

    def _acquire(self, network, prefixes, attrs, field) -> str:
        reasons = []
        for prefix in prefixes:
            try:
                ip_row = self.ipam.acquire_ip(self.ipam.by_id(prefix["id"]), attrs)
            except (ExhaustedError, ConflictError) as exc:
                reasons.append(exc.reason)
                continue
            self.tx.record("ip", ip_label(ip_row, network), "acquire", None, ip_state(ip_row, network))
            return ip_row["address"]
        raise ExhaustedError("%s.network: no free %s address left in network %r: %s"
                             % (field, pm.FAMILY_NAMES[prefixes[0]["family"]], network["name"], "; ".join(reasons)))

    @staticmethod
    def _network_holds(prefixes, address) -> bool:
        try:
            parsed = pm.parse_address(address)
        except ValidationError:
            return False
        return any(p["family"] == parsed.version and parsed in pm.parse_prefix(p["cidr"]) for p in prefixes)

    def _attach_ip(self, network, prefixes, address, attrs, field) -> str:
        parsed = pm.parse_address(address, field)
        existing = self.tx.query_one("SELECT * FROM ips WHERE network_id = ? AND family = ? AND addr_key = ?",
                                     (network["id"], parsed.version, pm.to_key(int(parsed))))
        if existing is None:
            prefix = next(p for p in prefixes if p["family"] == parsed.version and parsed in pm.parse_prefix(p["cidr"]))
            ip_row = self.ipam.acquire_specific_ip(self.ipam.by_id(prefix["id"]), str(parsed), attrs, field=field)
            self.tx.record("ip", ip_label(ip_row, network), "acquire", None, ip_state(ip_row, network))
            return ip_row["address"]
        if existing["machine_id"] and existing["machine_id"] != attrs["machine_id"]:
            raise ConflictError("%s: %s is attached to machine %s" % (field, existing["address"], existing["machine_id"]))
        if existing["project"] and existing["project"] != attrs["project"]:
            raise ValidationError(field, "%s belongs to project %s" % (existing["address"], existing["project"]))
        before = ip_state(existing, network)
        self.tx.execute("UPDATE ips SET machine_id = ?, updated_at = ? WHERE id = ?", (attrs["machine_id"], utc_now(), existing["id"]))
        self.tx.record("ip", ip_label(existing, network), "attach", before, ip_state(dict(existing, machine_id=attrs["machine_id"]), network))
        return existing["address"]

    # -- updates ---------------------------------------------------------------------------------------------
    def _update(self, row, spec) -> dict:
        allocation = json.loads(row["allocation"])
        changed_identity = [(option, allocation[key]) for option, key in (("partition", "partition"), ("size", "size"), ("image", "image_requested"))
                            if spec.get(option) is not None and spec[option] != allocation[key]]
        if spec.get("role") is not None and spec["role"] != allocation["role"]:
            changed_identity.append(("role", allocation["role"]))
        if changed_identity:
            option, current = changed_identity[0]
            if not spec.get("reinstall"):
                raise ConflictError("%s: %s/%s is allocated with %s %r; changing it needs reinstall: true"
                                    % (option, allocation["project"], allocation["hostname"], option, current))
            if {option_name for option_name, _current in changed_identity} == {"image"}:
                return self._reinstall_image(row, allocation, spec)
            self._release(row)
            merged = {k: v for k, v in allocation.items()
                      if k in ("description", "tags", "ssh_keys", "userdata", "placement_tags", "name", "partition", "size", "role")}
            merged["image"] = allocation["image_requested"]
            merged["networks"] = [{"network": n["network_id"], "auto_acquire": n["auto_acquire"]} for n in allocation["networks"]]
            merged.update({k: v for k, v in spec.items() if v is not None})
            return self._allocate(merged, allocation["project"], allocation["hostname"], merged.get("role") or allocation["role"])
        changes = {}
        for option in MUTABLE:
            if spec.get(option) is not None:
                value = spec[option] if option == "description" else _string_list(spec[option], option)
                if value != allocation[option]:
                    changes[option] = value
        if not changes:
            return self.document(row)
        return self._rewrite(row, allocation, dict(allocation, **changes), "update")

    def _reinstall_image(self, row, allocation, spec):
        """A new image on the same machine: it network-boots into the installer again (``netboot_allowed``)."""
        image = self._resolve_image(spec["image"], allocation["role"])
        if not row["netboot_allowed"]:
            self.tx.execute("UPDATE machines SET netboot_allowed = ? WHERE id = ?", (True, row["id"]))
        return self._rewrite(row, allocation, dict(allocation, image=image["id"], image_requested=spec["image"]), "reinstall")

    def _rewrite(self, row, old, new, action):
        self._write_allocation(row["id"], new)
        if (row["partition_id"], row["size_id"]) in self._pools:
            self._pools[(row["partition_id"], row["size_id"])].forget(old["project"], old["role"])
        self.tx.record("allocation", allocation_label(old["project"], old["hostname"]), action,
                       _allocation_state(old, row["id"]), _allocation_state(new, row["id"]))
        return self.document(self.machines.find(row["id"]))

    # -- absent ----------------------------------------------------------------------------------------------
    def ensure_absent(self, project: str, hostname: str):
        if not project or not hostname:
            raise ValidationError("hostname" if project else "project", "give project and hostname of the allocation to free")
        self.tx.lock(MACHINES_LOCK)
        row = self.find(project, hostname)
        if row is None:
            return None
        self._release(row)
        return row

    def _release(self, row):
        """Free an allocated machine (not a locked one) and record it: for ``state: absent`` and a reinstall on a new machine.

        ``row`` must have been read under the machines lock."""
        self.tx.lock(MACHINES_LOCK)
        self.tx.lock(IPAM_LOCK)
        if row["hold"] == "locked":
            raise ConflictError("hostname: machine %s (%s/%s) is locked and cannot be freed; set hold: none first"
                                % (row["id"], row["project"], row["hostname"]))
        before = self.machines.state(row)
        allocation = json.loads(row["allocation"])
        self._free(row)
        self.tx.record("machine", row["id"], "free", before, self.machines.state(self.machines.find(row["id"])))
        self.tx.record("allocation", allocation_label(row["project"], row["hostname"]), "delete", _allocation_state(allocation, row["id"]), None)

    def _free(self, row):
        for ip_row in self.tx.query("SELECT * FROM ips WHERE machine_id = ? ORDER BY id", (row["id"],)):
            network = self.networks.by_id(ip_row["network_id"])
            if ip_row["type"] == "static":
                self.tx.execute("UPDATE ips SET machine_id = NULL, updated_at = ? WHERE id = ?", (utc_now(), ip_row["id"]))
                self.tx.record("ip", ip_label(ip_row, network), "detach", ip_state(ip_row, network),
                               ip_state(dict(ip_row, machine_id=None), network))
            else:
                self.ipam.release_ip_row(ip_row)
                self.tx.record("ip", ip_label(ip_row, network), "release", ip_state(ip_row, network), None)
        if row["asn"] is not None:
            FreeRanges(self.tx, ASN_POOL).give_back(row["asn"])
        if (row["partition_id"], row["size_id"]) in self._pools:
            self._pools[(row["partition_id"], row["size_id"])].freed(row)
        # a free machine network-boots into discovery again (``netboot_allowed``, see provisioning.boot_decision)
        self.tx.execute("UPDATE machines SET project = NULL, hostname = NULL, role = NULL, image_id = NULL, asn = NULL,"
                        " allocation = NULL, allocated_at = NULL, netboot_allowed = ?, updated_at = ? WHERE id = ?",
                        (True, utc_now(), row["id"]))

    # -- list form -------------------------------------------------------------------------------------------
    def apply_all(self, entries) -> list:
        documents = []
        for index, entry in enumerate(entries):
            try:
                if entry.get("state") == "absent":
                    self.ensure_absent(entry.get("project"), entry.get("hostname"))
                    documents.append(None)
                else:
                    documents.append(self.ensure_present(entry))
            except FleetError as exc:
                raise reindex_error(exc, "allocations[%d]." % index) from None
        return documents


def _check_ssh_key(value, field: str) -> str:
    return limits.check_text(value, field, limits.SSH_KEY_MAX, minimum=1)


def check_allocation_options(spec: dict) -> None:
    """The bounds of an allocation's names, texts and lists (``_common.limits``), before anything is looked up."""
    limits.check_identifier(spec["project"], "project")
    limits.check_hostname(spec["hostname"], "hostname")
    for option in ("partition", "size", "image"):
        limits.check_optional_identifier(spec.get(option), option)
    if spec.get("name") is not None:
        limits.check_name(spec["name"])
    if spec.get("description") is not None:
        limits.check_description(spec["description"])
    if spec.get("userdata") is not None:
        limits.check_text(spec["userdata"], "userdata", limits.USERDATA_MAX, multiline=True)
    for option, check, most in (("tags", limits.check_tag, limits.TAGS_MAX), ("placement_tags", limits.check_tag, limits.PLACEMENT_TAGS_MAX),
                                ("ssh_keys", _check_ssh_key, limits.SSH_KEYS_MAX), ("ips", limits.check_address_text, limits.TAGS_MAX)):
        if spec.get(option) is not None:
            limits.check_string_list(spec[option], option, check, most)
    for index, entry in enumerate(spec.get("networks") or []):
        entry = {"network": entry} if isinstance(entry, str) else entry
        if isinstance(entry, dict):
            for option in ("network", "partition"):
                limits.check_optional_identifier(entry.get(option), "networks[%d].%s" % (index, option))


def _allocation_state(allocation: dict, machine_id: str) -> dict:
    """The allocation as diffs and the audit log show it (user data is left out: it may hold secrets)."""
    state = {k: v for k, v in allocation.items() if k not in ("userdata", "allocated_at")}
    state["machine"] = machine_id
    state["userdata_set"] = bool(allocation.get("userdata"))
    return state
