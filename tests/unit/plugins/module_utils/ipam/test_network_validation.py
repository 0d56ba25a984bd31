# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Network validation reports every problem at once where metal-apiserver does (errors.Join, newline-separated)."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import network_validation as nv


def _reason(func):
    with pytest.raises(ValidationError) as raised:
        func()
    return raised.value


def test_every_child_prefix_length_problem_sorted_by_text():
    prefixes = nv.parse_prefix_list(["192.168.2.0/24", "2001::/64", "10.0.0.0/25"], "prefixes")
    error = _reason(lambda: nv.check_lengths_longer(prefixes, {4: 24, 6: 48}, "length"))
    assert error.field == "length"
    assert error.reason == ("given childprefixlength 24 is not greater than prefix length of:10.0.0.0/25\n"
                            "given childprefixlength 24 is not greater than prefix length of:192.168.2.0/24\n"
                            "given childprefixlength 48 is not greater than prefix length of:2001::/64")


def test_missing_family_and_short_length_together():
    prefixes = nv.parse_prefix_list(["192.168.2.0/24"], "prefixes")
    error = _reason(lambda: nv.check_lengths_longer(prefixes, {4: 12, 6: 64}, "length"))
    assert error.reason == ('child prefix length for addressfamily "IPv6" specified, but not found in prefixes\n'
                            "given childprefixlength 12 is not greater than prefix length of:192.168.2.0/24")


def test_every_non_canonical_prefix_in_input_order():
    error = _reason(lambda: nv.parse_prefix_list(["10.105.0.0/14", "10.0.0.0/8", "2001:abcd:1:1::/48"], "prefixes"))
    assert error.field == "prefixes"
    assert error.reason == ('expecting canonical form of prefix "10.105.0.0/14", please specify it as "10.104.0.0/14"\n'
                            'expecting canonical form of prefix "2001:abcd:1:1::/48", please specify it as "2001:abcd:1::/48"')


def test_a_malformed_prefix_is_reported_alone():
    error = _reason(lambda: nv.parse_prefix_list(["10.105.0.0/14", "10.0.0.0/33"], "prefixes"))
    assert error.reason.startswith("given cidr 10.0.0.0/33 is not a valid ip with mask:") and "\n" not in error.reason


def test_canonical_means_written_as_netip_prints_it():
    """metal-apiserver compares the text with the masked prefix's String(): leading zeros are not canonical."""
    error = _reason(lambda: nv.parse_prefix_list(["2001:0db8::/32"], "prefixes"))
    assert error.reason == 'expecting canonical form of prefix "2001:0db8::/32", please specify it as "2001:db8::/32"'


def test_overlap_among_the_new_prefixes_names_the_first_prefix_checked():
    """metal-apiserver checks each prefix against the others: [A, B inside A] reports "A overlaps B"."""
    error = _reason(lambda: nv.parse_prefix_list(["10.0.0.0/16", "10.0.1.0/24"], "prefixes"))
    assert error.reason == "10.0.0.0/16 overlaps 10.0.1.0/24"
