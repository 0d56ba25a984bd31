# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Usage numbers of networks per address family, summed over their prefixes.

Private to the metalfleet.datacenter collection; not a public API.

Definitions (documented in docs/ipam.md):

* ``available_ips``: all addresses of the family's prefixes (go-ipam
  ``AvailableIPs``; a prefix with more than 31 host bits counts 2^31-1);
* ``used_ips``: acquired addresses including the reserved network (and IPv4
  broadcast) address, as metal-stack reports;
* ``free_ips``: ``available_ips - used_ips`` (what can still be acquired; an
  approximation where the count is capped);
* ``available_prefixes``: metal-api v1 semantics, the number of /30 (IPv4) or
  /126 (IPv6) units in the free child-prefix space, capped at 2^31-1;
* ``available_prefix_blocks``: metal-apiserver v2 semantics, the number of
  free maximal CIDR blocks;
* ``used_prefixes``: acquired child prefixes.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefix_math import FAMILY_NAMES, capped


def free_ips(prefix_usage: dict) -> int:
    return max(prefix_usage["available_ips"] - prefix_usage["acquired_ips"], 0)


def empty_family_usage() -> dict:
    return {"available_ips": 0, "used_ips": 0, "free_ips": 0, "available_prefixes": 0,
            "available_prefix_blocks": 0, "used_prefixes": 0}


def network_usage(prefix_usages) -> dict:
    """Sum ``[(family, PrefixStore.usage()), ...]`` into ``{"IPv4": {...}, "IPv6": {...}}`` (families present only)."""
    result = {}
    for family, usage in prefix_usages:
        entry = result.setdefault(FAMILY_NAMES[family], empty_family_usage())
        entry["available_ips"] = capped(entry["available_ips"] + usage["available_ips"])
        entry["used_ips"] += usage["acquired_ips"]
        entry["free_ips"] = capped(entry["free_ips"] + free_ips(usage))
        entry["available_prefixes"] = capped(entry["available_prefixes"] + usage["available_smallest_prefixes"])
        entry["available_prefix_blocks"] += len(usage["available_prefixes"])
        entry["used_prefixes"] += usage["acquired_prefixes"]
    return result
