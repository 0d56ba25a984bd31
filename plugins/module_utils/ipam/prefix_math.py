# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure prefix arithmetic for the IPAM: parsing, sortable keys, free space, best fit, usage numbers.

Private to the metalfleet.datacenter collection; not a public API.

Nothing here enumerates address space: free space is handled as sorted
intervals and decomposed into aligned CIDR blocks, so an IPv6 /48 costs the
same as an IPv4 /24.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable, List, Sequence, Tuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

#: go-ipam caps address and prefix counts at the largest signed 32-bit integer.
COUNT_CAP = 2 ** 31 - 1

#: width of the hexadecimal keys that make addresses of both families sort as text.
KEY_WIDTH = 32

FAMILY_NAMES = {4: "IPv4", 6: "IPv6"}
FAMILIES_BY_NAME = {"ipv4": 4, "ipv6": 6}


def to_key(value: int) -> str:
    """Fixed-width hex text that sorts like the integer (SQLite integers stop at 64 bits)."""
    return format(value, "0%dx" % KEY_WIDTH)


def from_key(key: str) -> int:
    return int(key, 16)


def family_from_name(name: str, field: str = "address_family") -> int:
    """Map ``IPv4``/``ipv6``/``4`` onto 4 or 6."""
    normalized = str(name).strip().lower()
    if normalized in ("4", "6"):
        return int(normalized)
    if normalized in FAMILIES_BY_NAME:
        return FAMILIES_BY_NAME[normalized]
    raise ValidationError(field, "unknown address family %r, expected IPv4 or IPv6" % (name,))


def parse_prefix(text: str, field: str = "prefix", strict: bool = False) -> ipaddress._BaseNetwork:
    """Parse a CIDR.

    With ``strict`` the prefix must be written in canonical form (host bits
    zero, the address as Go's netip prints it), as metal-apiserver demands for
    networks; otherwise it is masked like go-ipam's ``NewPrefix``.
    """
    if not isinstance(text, str) or "/" not in text:
        raise ValidationError(field, "%r is not a valid prefix (expected address/length)" % (text,))
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError as exc:
        raise ValidationError(field, "unable to parse cidr:%s %s" % (text, _length_reason(text, exc))) from None
    if strict and str(network) != text:
        raise ValidationError(
            field, 'expecting canonical form of prefix "%s", please specify it as "%s"' % (text, network))
    return network


def _length_reason(text: str, exc: Exception) -> str:
    address, _sep, length = text.rpartition("/")
    try:
        family_bits = ipaddress.ip_address(address).max_prefixlen
    except ValueError:
        return str(exc)
    if length.isdigit() and int(length) > family_bits:
        return 'netip.ParsePrefix("%s"): prefix length out of range' % text
    return str(exc)


def parse_address(text: str, field: str = "ip") -> ipaddress._BaseAddress:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise ValidationError(field, "given ip:%s in not valid" % (text,)) from None


def prefix_bounds(network) -> Tuple[int, int]:
    return int(network.network_address), int(network.broadcast_address)


def reserved_addresses(network) -> List[int]:
    """Addresses go-ipam marks as used when a prefix is created: the network address, and for IPv4 the broadcast."""
    first, last = prefix_bounds(network)
    if network.version == 4 and last != first:
        return [first, last]
    return [first]


def overlaps(a, b) -> bool:
    return a.version == b.version and a.overlaps(b)


def first_overlap(existing: Iterable, new: Sequence) -> Tuple[object, object] | None:
    """The first (new, existing) pair that overlaps, in go-ipam's order (new outer loop)."""
    existing = list(existing)
    for candidate in new:
        for other in existing:
            if overlaps(candidate, other):
                return candidate, other
    return None


def _span(taken) -> Tuple[int, int]:
    return taken if isinstance(taken, tuple) else prefix_bounds(taken)


def free_intervals(parent, taken: Iterable) -> List[Tuple[int, int]]:
    """Parts of ``parent`` not covered by ``taken`` (prefixes, or (first, last) integer spans), as sorted inclusive intervals."""
    start, end = prefix_bounds(parent)
    cursor = start
    result = []
    for lo, hi in sorted(_span(p) for p in taken):
        if hi < cursor:
            continue
        if lo > cursor:
            result.append((cursor, lo - 1))
        cursor = max(cursor, hi + 1)
    if cursor <= end:
        result.append((cursor, end))
    return result


def free_blocks(parent, taken: Iterable) -> List:
    """The free space of ``parent`` as maximal aligned CIDR blocks in ascending address order."""
    address_class = ipaddress.IPv4Address if parent.version == 4 else ipaddress.IPv6Address
    blocks = []
    for lo, hi in free_intervals(parent, taken):
        blocks.extend(ipaddress.summarize_address_range(address_class(lo), address_class(hi)))
    return blocks


def best_fit_child(parent, taken: Iterable, length: int):
    """go-ipam's best fit: the smallest free block that can hold ``/length`` (lowest address on ties), its first ``/length``.

    Returns ``None`` when no free block is large enough.
    """
    best = None
    for block in free_blocks(parent, taken):
        if block.prefixlen > length:
            continue
        if best is None or block.prefixlen > best.prefixlen:
            best = block
    if best is None:
        return None
    return ipaddress.ip_network((best.network_address, length))


def smallest_unit_bits(version: int) -> int:
    """go-ipam counts available prefixes in units of /30 (IPv4) resp. /126 (IPv6)."""
    return 30 if version == 4 else 126


def available_prefix_blocks(parent, taken: Iterable) -> List:
    """Free blocks that can hold at least one smallest unit (go-ipam's ``AvailablePrefixes``)."""
    unit = smallest_unit_bits(parent.version)
    return [block for block in free_blocks(parent, taken) if block.prefixlen <= unit]


def available_smallest_prefixes(parent, taken: Iterable) -> int:
    unit = smallest_unit_bits(parent.version)
    total = 0
    for block in available_prefix_blocks(parent, taken):
        total += 2 ** (unit - block.prefixlen)
        if total >= COUNT_CAP:
            return COUNT_CAP
    return total


def available_ips(network) -> int:
    """All addresses of the prefix (go-ipam ``AvailableIPs``), capped when more than 31 host bits."""
    host_bits = network.max_prefixlen - network.prefixlen
    if host_bits > 31:
        return COUNT_CAP
    return 2 ** host_bits


def capped(value: int) -> int:
    return min(value, COUNT_CAP)
