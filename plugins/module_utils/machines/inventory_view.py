# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The allocated machines of the fleet as inventory hosts (used by the ``metalfleet.datacenter.fleet`` inventory plugin).

Private to the metalfleet.datacenter collection; not a public API.

Three queries whatever the fleet's size: the machines, the IPs attached to
them, the provisioning event containers.  Liveliness, last event and crash
loop come from ``provisioning.containers.provisioning_view`` (the same view
as the partition capacity's).  Each host is ``{"name", "groups": {"partition": ..., ...}, "vars": {...}}``;
the host name is the allocation's hostname, or ``hostname.project`` where two
projects of the selected hosts (after every filter) use the same hostname.  No secret is read.
"""
from __future__ import annotations

import json
import time
from collections import Counter, defaultdict

from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.hardware import summarize
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import machine_state
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.containers import load_all, provisioning_view

VAR_PREFIX = "metalfleet_"


def _ips_by_machine(tx) -> dict:
    found = defaultdict(list)
    for row in tx.query("SELECT ips.machine_id, ips.address, ips.family, n.name AS network FROM ips"
                        " JOIN networks n ON n.id = ips.network_id WHERE ips.machine_id IS NOT NULL ORDER BY ips.family, ips.addr_key"):
        found[row["machine_id"]].append(row)
    return found


def _addresses(allocation: dict, attached) -> dict:
    """IPs per network in the allocation's network order (then any other network the machine got IPs in)."""
    per_network = {n["network"]: [] for n in allocation.get("networks", [])}
    for row in attached:
        per_network.setdefault(row["network"], []).append(row["address"])
    return per_network


def inventory_hosts(tx, partition=None, project=None, states=None, tags=None, now: float | None = None) -> list:
    sql, params = "SELECT * FROM machines WHERE project IS NOT NULL", []
    for column, value in (("partition_id", partition), ("project", project)):
        if value is not None:
            sql, params = sql + " AND %s = ?" % column, params + [value]
    rows = tx.query(sql + " ORDER BY hostname, project", params)
    if states:
        rows = [r for r in rows if machine_state(r) in states]
    selected = []
    for row in rows:
        allocation = json.loads(row["allocation"])
        machine_tags = sorted(set(json.loads(row["tags"])) | set(allocation.get("tags", [])))
        if not tags or set(tags) <= set(machine_tags):
            selected.append((row, allocation, machine_tags))
    ips = _ips_by_machine(tx)
    containers = load_all(tx)
    now = time.time() if now is None else now
    hostnames = Counter(row["hostname"] for row, _allocation, _tags in selected)
    hosts = []
    for row, allocation, machine_tags in selected:
        addresses = _addresses(allocation, ips.get(row["id"], []))
        first = next((a[0] for a in addresses.values() if a), None)
        state = machine_state(row)
        provisioning = provisioning_view(row, containers.get(row["id"]), now)
        host_vars = {
            VAR_PREFIX + "machine_id": row["id"],
            VAR_PREFIX + "project": row["project"],
            VAR_PREFIX + "hostname": row["hostname"],
            VAR_PREFIX + "partition": row["partition_id"],
            VAR_PREFIX + "rack": row["rack"],
            VAR_PREFIX + "size": row["size_id"],
            VAR_PREFIX + "image": allocation.get("image"),
            VAR_PREFIX + "role": allocation.get("role"),
            VAR_PREFIX + "asn": row["asn"],
            VAR_PREFIX + "state": state,
            VAR_PREFIX + "ips": addresses,
            VAR_PREFIX + "tags": machine_tags,
            VAR_PREFIX + "bmc_address": row["bmc_address"],
            VAR_PREFIX + "hardware": summarize(json.loads(row["hardware"])),
            VAR_PREFIX + "liveliness": provisioning["liveliness"],
            VAR_PREFIX + "last_event": provisioning["last_event"],
            VAR_PREFIX + "crash_loop": provisioning["crash_loop"],
        }
        if first:
            host_vars["ansible_host"] = first
        name = row["hostname"] if hostnames[row["hostname"]] == 1 else "%s.%s" % (row["hostname"], row["project"])
        hosts.append({"name": name, "vars": host_vars, "groups": {
            "partition": [row["partition_id"]], "rack": [row["rack"]] if row["rack"] else [], "size": [row["size_id"]],
            "project": [row["project"]], "state": [state], "tag": machine_tags}})
    return hosts
