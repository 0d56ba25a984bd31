# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How IPAM rows are shown to users, in module results, diffs and the audit log.

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefix_math import FAMILY_NAMES


def network_label(network_row) -> str:
    """A readable entity id: ``partition/project/name`` (empty parts left out)."""
    return "/".join(part for part in (network_row["partition_id"], network_row["project"], network_row["name"]) if part)


def ip_label(ip_row, network_row) -> str:
    return "%s/%s" % (network_label(network_row), ip_row["address"])


def ip_state(ip_row, network_row) -> dict:
    """An IP as diffs and the audit log show it (no timestamps)."""
    return {
        "address": ip_row["address"],
        "network": network_row["name"],
        "network_id": network_row["id"],
        "partition": network_row["partition_id"],
        "namespace": network_row["namespace"],
        "family": FAMILY_NAMES[ip_row["family"]],
        "name": ip_row["name"],
        "description": ip_row["description"],
        "project": ip_row["project"],
        "type": ip_row["type"],
        "tags": json.loads(ip_row["tags"]),
        "machine": ip_row.get("machine_id"),
    }


def ip_document(ip_row, network_row, prefix_cidr: str) -> dict:
    """An IP as modules return it."""
    doc = ip_state(ip_row, network_row)
    doc["prefix"] = prefix_cidr
    doc["created_at"] = ip_row["created_at"]
    doc["updated_at"] = ip_row["updated_at"]
    return doc
