# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The invariant between machine allocations and the IPAM, checked over a whole store.

* every address an allocation lists is held in the IPAM, in the network the allocation names, attached to that
  machine, owned by the allocation's project (or by none) and not free in its prefix (so no acquire hands it out);
* every address attached to a machine is listed by that machine's allocation.

``allocation_ip_problems(tx)`` returns one line per violation (empty when the store is consistent); tests assert
``== []`` so a failure shows every problem at once.
"""
from __future__ import annotations

import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import free_owner
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.free_ranges import FreeRanges
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store


def _listed_addresses(tx):
    """``{(machine id, network id, address)}`` of every allocation, and the problems found reading them."""
    listed, problems = set(), []
    for machine in tx.query("SELECT id, project, hostname, allocation FROM machines WHERE allocation IS NOT NULL ORDER BY id"):
        allocation = json.loads(machine["allocation"])
        who = "allocation %s/%s (machine %s)" % (machine["project"], machine["hostname"], machine["id"])
        for entry in allocation.get("networks", []):
            if tx.query_one("SELECT id FROM networks WHERE id = ?", (entry["network_id"],)) is None:
                problems.append("%s lists network %s (%s), which does not exist" % (who, entry["network"], entry["network_id"]))
            for address in entry["ips"]:
                listed.add((machine["id"], entry["network_id"], address))
                problems.extend(_held_problems(tx, machine, entry, address, who))
    return listed, problems


def _held_problems(tx, machine, entry, address, who) -> list:
    parsed = pm.parse_address(address)
    row = tx.query_one("SELECT * FROM ips WHERE network_id = ? AND family = ? AND addr_key = ?",
                       (entry["network_id"], parsed.version, pm.to_key(int(parsed))))
    if row is None:
        return ["%s lists %s in network %s, but the IPAM does not hold it" % (who, address, entry["network"])]
    problems = []
    if row["machine_id"] != machine["id"]:
        problems.append("%s lists %s, but it is attached to machine %s" % (who, address, row["machine_id"]))
    if row["project"] not in ("", machine["project"]):
        problems.append("%s lists %s, but it belongs to project %s" % (who, address, row["project"]))
    if FreeRanges(tx, free_owner(row["prefix_id"])).is_free(int(parsed)):
        problems.append("%s lists %s, which is held but also free in its prefix (it would be handed out again)" % (who, address))
    return problems


def allocation_ip_problems(tx) -> list:
    """Every disagreement between allocations and the IPAM in the store of ``tx`` (see the module docstring)."""
    listed, problems = _listed_addresses(tx)
    for row in tx.query("SELECT machine_id, network_id, address FROM ips WHERE machine_id IS NOT NULL ORDER BY machine_id, address"):
        if (row["machine_id"], row["network_id"], row["address"]) not in listed:
            problems.append("%s is attached to machine %s, whose allocation does not list it" % (row["address"], row["machine_id"]))
    return problems


def allocation_ip_problems_in(dsn: str) -> list:
    """:func:`allocation_ip_problems` of the store at ``dsn`` (for playbook-level tests)."""
    with open_store(parse_location(dsn)) as store:
        return store.run(allocation_ip_problems, write=False)
