# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Adapter: metal-api / metal-apiserver network validation cases onto ``ipam.network_validation`` and ``NetworkService``.

Create and allocate cases run through the real network service on a fresh store (both backends); an HTTP status
of 201 means the network was created, 400 that a ValidationError/ConflictError with the expected message was raised.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import network_validation as nv
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.networks import NetworkService

BACKENDS = ("sqlite", "postgresql")


def _outcome(func):
    try:
        func()
    except FleetError as exc:
        return {"valid": False, "error": exc.reason}
    return {"valid": True, "error": None}


def _check(case, actual):
    for key, want in case["expected"].items():
        assert actual.get(key) == want, "%s: expected %s=%r, got %r" % (case["id"], key, want, actual.get(key))


def _validate_prefixes_and_afs(data):
    prefixes = nv.parse_prefix_list(data["prefixes"], "prefixes")
    destinations = [pm.parse_prefix("0.0.0.0/0" if af == "IPv4" else "::/0") for af in data.get("destination_prefix_afs", [])]
    nv.check_destination_families(prefixes, destinations)
    lengths = nv.parse_length_map(data.get("default_child_prefix_length"), "default_child_prefix_length")
    if data.get("privatesuper"):
        nv.check_private_super_lengths(prefixes, lengths)


def _super_spec(data):
    return {
        "name": "conformance",
        "partition": data.get("partitionid") or ("p" if data.get("privatesuper") else ""),
        "type": "private_super" if data.get("privatesuper") else "external",
        "prefixes": data["prefixes"],
        "destination_prefixes": data.get("destinationprefixes"),
        "default_child_prefix_length": data.get("defaultchildprefixlength"),
        "vrf": data.get("vrf"),
    }


def _create(case, ctx):
    outcome = _outcome(lambda: ctx.store.run(lambda tx: NetworkService(tx).ensure_present(_super_spec(case["input"]))))
    status = 201 if outcome["valid"] else 400
    _check(case, {"http_status": status, "message": outcome["error"]})


def _allocate(case, ctx):
    data = case["input"]
    parent = {"name": "super", "partition": "p", "type": "private_super", "prefixes": data["super_network"]["prefixes"],
              "default_child_prefix_length": data["super_network"]["defaultchildprefixlength"]}

    def work(tx):
        service = NetworkService(tx)
        service.ensure_present(parent)
        return service.ensure_present({"name": "child", "partition": "p", "project": "proj", "length": data.get("length")})
    try:
        child = ctx.store.run(work)
    except FleetError as exc:
        _check(case, {"http_status": 400, "message": exc.reason})
        return
    families = {pm.parse_prefix(p).version for p in data["super_network"]["prefixes"]}
    assert len(child["prefixes"]) == len(families), "%s: expected one child prefix per family, got %r" % (case["id"], child["prefixes"])
    for prefix in child["prefixes"]:
        network = pm.parse_prefix(prefix)
        wanted = (data.get("length") or {}).get(pm.FAMILY_NAMES[network.version]) or \
            data["super_network"]["defaultchildprefixlength"][pm.FAMILY_NAMES[network.version]]
        assert network.prefixlen == wanted, "%s: %s is not a /%d" % (case["id"], prefix, wanted)
    assert case["expected"]["http_status"] == 201, "%s: created, but the reference refuses it" % case["id"]
    minimum = case["expected"].get("min_prefix_count", 1)
    assert len(child["prefixes"]) >= minimum, "%s: expected at least %d prefixes, got %r" % (case["id"], minimum, child["prefixes"])


def _validate_child_prefix_length(data):
    prefixes = nv.parse_prefix_list(data["prefixes"], "prefixes")
    nv.check_lengths_longer(prefixes, nv.parse_length_map(data["child_prefix_length"], "length"), "length")


def run_case(case, ctx):
    kind = case.get("kind")
    data = case["input"]
    if kind == "validate_prefixes_and_afs_v1":
        _check(case, _outcome(lambda: _validate_prefixes_and_afs(data)))
    elif kind == "create_network_v1":
        _create(case, ctx)
    elif kind == "allocate_network_v1":
        _allocate(case, ctx)
    elif kind == "validate_child_prefix_length_v2":
        _check(case, _outcome(lambda: _validate_child_prefix_length(data)))
    elif kind == "validate_prefixes_on_boundaries_v2":
        _check(case, _outcome(lambda: nv.parse_prefix_list(data["prefixes"], "prefixes")))
    else:
        raise AssertionError("case kind %r is not adapted" % kind)
