# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validation of network definitions (pure): prefixes, address families, child prefix lengths.

Private to the metalfleet.datacenter collection; not a public API.

Messages follow metal-api (v1) and metal-apiserver (v2) where the reference
cases rely on them; every error names the module option at fault.  Where
metal-apiserver reports every problem at once (non-canonical prefixes, child
prefix lengths) so do these checks: one ValidationError whose message joins
the problems with newlines, like Go's ``errors.Join`` (child prefix length
problems sorted by their text, as the reference sorts them).
"""
from __future__ import annotations

import ipaddress

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError, raise_joined
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm


def parse_network_prefix(text, field: str, canonical: bool = True):
    """Parse one prefix of a network definition; canonical form is required (metal-apiserver rule)."""
    try:
        return pm.parse_prefix(text, field, strict=canonical)
    except ValidationError as exc:
        if "canonical form" in exc.reason:
            raise
        lead = "unable to parse cidr:%s " % (text,)
        detail = exc.reason[len(lead):] if exc.reason.startswith(lead) else exc.reason
        raise ValidationError(field, "given cidr %s is not a valid ip with mask: %s" % (text, detail)) from None


def parse_prefix_list(texts, field: str, canonical: bool = True) -> list:
    """Parse every prefix: all non-canonical ones are reported together, a malformed one alone (as metal-apiserver)."""
    parsed, not_canonical = [], []
    for text in texts or []:
        try:
            parsed.append(parse_network_prefix(text, field, canonical))
        except ValidationError as exc:
            if "canonical form" not in exc.reason:
                raise
            not_canonical.append(exc)
    raise_joined(not_canonical)
    # metal-apiserver checks each prefix in turn against the others (go-ipam PrefixesOverlapping(others, [prefix]))
    for index, prefix in enumerate(parsed):
        for other_index, other in enumerate(parsed):
            if other_index != index and pm.overlaps(prefix, other):
                raise ValidationError(field, "%s overlaps %s" % (prefix, other))
    return parsed


def families(prefixes) -> list:
    """Address families present, IPv4 first."""
    return sorted({p.version for p in prefixes})


def check_destination_families(prefixes, destination_prefixes, field: str = "destination_prefixes") -> None:
    present = set(families(prefixes))
    for family in families(destination_prefixes):
        if family not in present:
            raise ValidationError(field, "addressfamily:%s of destination prefixes is not present in existing prefixes"
                                  % pm.FAMILY_NAMES[family])


def parse_length_map(lengths, field: str) -> dict:
    """``{"IPv4": 22, "IPv6": 96}`` -> ``{4: 22, 6: 96}``; an unknown family key is an error."""
    result = {}
    for key, value in (lengths or {}).items():
        normalized = str(key).strip().lower()
        if normalized not in pm.FAMILIES_BY_NAME:
            raise ValidationError(field, 'addressfamily of defaultchildprefixlength is invalid given addressfamily:"%s" is invalid' % key)
        try:
            result[pm.FAMILIES_BY_NAME[normalized]] = int(value)
        except (TypeError, ValueError):
            raise ValidationError(field, "the %s length %r is not a number" % (key, value)) from None
    return result


def check_lengths_longer(prefixes, lengths: dict, field: str, wording: str = "childprefixlength") -> None:
    """Every length must be strictly longer than every prefix of its family and the family must exist.

    All problems are reported, sorted by their text (metal-apiserver ``validateChildPrefixLength``).
    """
    present = set(families(prefixes))
    problems = []
    for family, length in sorted(lengths.items()):
        if family not in present:
            problems.append('child prefix length for addressfamily "%s" specified, but not found in prefixes' % pm.FAMILY_NAMES[family])
            continue
        if length > (32 if family == 4 else 128):
            problems.append("given %s %d is longer than an %s address" % (wording, length, pm.FAMILY_NAMES[family]))
        for prefix in prefixes:
            if prefix.version == family and length <= prefix.prefixlen:
                problems.append("given %s %d is not greater than prefix length of:%s" % (wording, length, prefix))
    raise_joined(ValidationError(field, problem) for problem in sorted(problems))


def check_private_super_lengths(prefixes, lengths: dict, field: str = "default_child_prefix_length") -> None:
    """A private super network needs one default child length per family of its prefixes (metal-api v1)."""
    for family in families(prefixes):
        if family not in lengths:
            raise ValidationError(field, "private super network must always contain a defaultchildprefixlength per addressfamily:%s"
                                  % pm.FAMILY_NAMES[family])
    check_lengths_longer(prefixes, lengths, field, wording="defaultchildprefixlength")


def format_length_map(lengths: dict) -> dict:
    return {pm.FAMILY_NAMES[family]: length for family, length in sorted(lengths.items())}


def address_family_of(text: str) -> int:
    return ipaddress.ip_network(text, strict=False).version
