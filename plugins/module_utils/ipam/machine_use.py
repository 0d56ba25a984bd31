# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Addresses that allocated machines use, and the refusals that protect them.

Private to the metalfleet.datacenter collection; not a public API.

An IP attached to a machine (``ips.machine_id``; metal-stack's *machine scope*) is listed by that machine's
allocation.  Only the allocation may release or detach it (``machines.allocation`` frees it); releasing it
through the IPAM, changing its project or removing its network would leave the allocation listing an address
that the IPAM hands out again.  metal-stack refuses the same: ``ip with machine scope cannot be deleted``.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError

#: how many machines a refusal names before it only counts the rest
LISTED_MACHINES = 5


def machine_holder(tx, machine_id: str) -> str:
    """``machine <id> (allocation <project>/<hostname>)``, for messages."""
    row = tx.query_one("SELECT project, hostname FROM machines WHERE id = ?", (machine_id,))
    if row is None or row["project"] is None:
        return "machine %s" % machine_id
    return "machine %s (allocation %s/%s)" % (machine_id, row["project"], row["hostname"])


def refuse_if_machine_held(tx, ip_row, network_row, field: str, what: str) -> None:
    """Raise when an allocated machine holds ``ip_row``; ``what`` says what was asked (``be released``)."""
    if ip_row["machine_id"]:
        raise ConflictError("%s: %s of network %r is used by %s; an ip with machine scope cannot %s: free the allocation first"
                            % (field, ip_row["address"], network_row["name"], machine_holder(tx, ip_row["machine_id"]), what))


def refuse_removal_if_machines_use(tx, network_row, subtree) -> None:
    """Raise when machines hold addresses of ``network_row`` or of its child networks (``subtree``, itself first)."""
    uses = []
    for network in subtree:
        rows = tx.query("SELECT address, machine_id FROM ips WHERE network_id = ? AND machine_id IS NOT NULL"
                        " ORDER BY machine_id, family, addr_key", (network["id"],))
        by_machine = {}
        for row in rows:
            by_machine.setdefault(row["machine_id"], []).append(row["address"])
        where = "" if network["id"] == network_row["id"] else "child network %r: " % network["name"]
        uses.extend((where, machine, addresses) for machine, addresses in by_machine.items())
    if not uses:
        return
    listed = ["%s%s of %s" % (where, ", ".join(addresses), machine_holder(tx, machine))
              for where, machine, addresses in uses[:LISTED_MACHINES]]
    if len(uses) > LISTED_MACHINES:
        listed.append("and %d more machines" % (len(uses) - LISTED_MACHINES))
    raise ConflictError("name: network %r cannot be removed: allocated machines use its addresses: %s; free those allocations first"
                        " (force does not release the addresses of a machine)" % (network_row["name"], "; ".join(listed)))
