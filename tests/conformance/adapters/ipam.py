# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Adapter: go-ipam cases (``ipam.json``) onto ``ipam.prefixes.PrefixStore`` and ``ipam.prefix_math``.

Scenario steps run in one store transaction per step (like separate API
calls); ``expect`` is checked always and ``derived`` (values implied by the
reference algorithm) too, since we claim the same deterministic choices.
Every step may name a go-ipam ``namespace`` (default ``root``); the namespace
verbs are ``create_namespace``, ``list_namespaces`` and ``delete_namespace``.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import prefix_math as pm
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefixes import ROOT_NAMESPACE, PrefixStore

BACKENDS = ("sqlite", "postgresql")
NAMESPACE_OPS = ("create_namespace", "list_namespaces", "delete_namespace")


def _namespace_step(ipam, op, args):
    name = args.get("namespace", args.get("name"))
    if op == "create_namespace":
        ipam.create_namespace(name)
        return name
    if op == "list_namespaces":
        return ipam.list_namespaces()
    if op == "delete_namespace":
        ipam.delete_namespace(name)
        return name
    raise AssertionError("unknown scenario op %r" % op)


def _step(store, op, args):
    args = dict(args)
    namespace = ROOT_NAMESPACE if op in NAMESPACE_OPS else args.pop("namespace", args.pop("ns", ROOT_NAMESPACE))

    def work(tx):
        ipam = PrefixStore(tx, scope="conformance", namespace=namespace)
        if op in NAMESPACE_OPS:
            return _namespace_step(ipam, op, args)
        if op == "read_all_prefix_cidrs":
            return ipam.cidrs()
        if op == "prefix_from":
            return ipam.get(args["cidr"])["cidr"]
        if op == "new_prefix":
            return ipam.new_prefix(args["cidr"])["cidr"]
        if op == "delete_prefix":
            return ipam.delete_prefix(args["cidr"])["cidr"]
        if op == "acquire_ip":
            return ipam.acquire_ip(ipam.get(args["prefix"]))["address"]
        if op in ("acquire_specific_ip",):
            return ipam.acquire_specific_ip(ipam.get(args["prefix"]), args["ip"])["address"]
        if op == "mark_ips_used":
            row = ipam.get(args["prefix"])
            for address in args["ips"]:
                ipam.acquire_specific_ip(ipam.by_id(row["id"]), address)
            return None
        if op == "release_ip":
            return ipam.release_ip(ipam.get(args["prefix"]), args["ip"])["address"]
        if op == "acquire_child_prefix":
            return ipam.acquire_child_prefix(ipam.get(args["parent"]), int(args["length"]))["cidr"]
        if op == "acquire_specific_child_prefix":
            return ipam.acquire_specific_child_prefix(ipam.get(args["parent"]), args["child"])["cidr"]
        if op == "release_child_prefix":
            return ipam.release_child_prefix(args["child"])["cidr"]
        if op == "usage":
            return ipam.usage(ipam.get(args["prefix"]))
        raise AssertionError("unknown scenario op %r" % op)
    return store.run(work, actor="conformance", module="conformance")


def _outcome(store, op, args):
    try:
        return {"ok": True, "result": _step(store, op, args)}
    except FleetError as exc:
        return {"ok": False, "error": exc.reason}


def _check_expectation(where, expect, outcome):
    for key, want in expect.items():
        if key == "ok":
            assert outcome["ok"] is want, "%s: expected ok=%s, got %r" % (where, want, outcome)
        elif key == "result":
            assert outcome.get("result") == want, "%s: expected result %r, got %r" % (where, want, outcome)
        elif key == "result_prefix":
            assert str(outcome.get("result", "")).startswith(want), "%s: expected a result starting %r, got %r" % (where, want, outcome)
        elif key == "result_suffix":
            assert str(outcome.get("result", "")).endswith(want), "%s: expected a result ending %r, got %r" % (where, want, outcome)
        elif key == "error":
            assert not outcome["ok"], "%s: expected error %r, got %r" % (where, want, outcome)
            got = outcome["error"]
            assert got == want or got.startswith(want + ":"), "%s: expected error %r, got %r" % (where, want, got)
        elif key == "error_contains":
            assert not outcome["ok"] and want in outcome["error"], "%s: expected an error containing %r, got %r" % (where, want, outcome)
        elif key == "contains":
            wanted = want if isinstance(want, list) else [want]
            assert outcome["ok"] and all(w in outcome["result"] for w in wanted), "%s: expected a result containing %r, got %r" % (where, want, outcome)
        elif key in ("count", "len", "all_unique", "first", "last"):
            key = "count" if key == "len" else key
            results = outcome.get("results", outcome.get("result") if isinstance(outcome.get("result"), list) else [])
            actual = {"count": len(results), "all_unique": len(set(results)) == len(results),
                      "first": results[0] if results else None, "last": results[-1] if results else None}[key]
            assert actual == want, "%s: expected %s=%r, got %r" % (where, key, want, actual)
        else:  # a usage field
            assert outcome["ok"], "%s: usage failed: %r" % (where, outcome)
            assert outcome["result"][key] == want, "%s: expected %s=%r, got %r" % (where, key, want, outcome["result"][key])


def _run_scenario(case, ctx):
    store = ctx.store
    for index, step in enumerate(case["steps"]):
        where = "step %d %s %s" % (index, step["op"], step["args"])
        args = dict(step["args"])
        repeat = args.pop("repeat", None)
        if repeat is None:
            outcome = _outcome(store, step["op"], args)
        else:
            outcomes = [_outcome(store, step["op"], args) for _attempt in range(int(repeat))]
            failed = [o for o in outcomes if not o["ok"]]
            outcome = {"ok": not failed, "results": [o.get("result") for o in outcomes if o["ok"]],
                       "error": failed[0]["error"] if failed else None}
        for expectation in (step.get("expect"), step.get("derived")):
            if expectation:
                _check_expectation(where, expectation, outcome)


def _children(case_input):
    return [pm.parse_prefix(c) for c in case_input.get("acquired_children", [])]


def _check(case, actual):
    expected = case["expected"]
    for key, want in expected.items():
        assert actual.get(key) == want, "%s: expected %s=%r, got %r" % (case["id"], key, want, actual.get(key))


def _prefix_or_none(cidr):
    try:
        return pm.parse_prefix(cidr)
    except FleetError:
        return None


def run_case(case, ctx):
    kind = case.get("kind")
    data = case.get("input", {})
    if kind == "scenario" or "steps" in case:
        _run_scenario(case, ctx)
    elif kind == "available_ips":
        _check(case, {"available_ips": pm.available_ips(pm.parse_prefix(data["cidr"]))})
    elif kind in ("available_smallest_prefixes", "available_prefixes"):
        parent = _prefix_or_none(data["cidr"])
        if parent is None:
            _check(case, {"available_smallest_prefixes": 0, "available_prefixes": []})
            return
        taken = _children(data)
        _check(case, {"available_smallest_prefixes": pm.available_smallest_prefixes(parent, taken),
                      "available_prefixes": [str(b) for b in pm.available_prefix_blocks(parent, taken)]})
    elif kind == "prefixes_overlapping":
        hit = pm.first_overlap([pm.parse_prefix(p) for p in data["existing"]], [pm.parse_prefix(p) for p in data["new"]])
        _check(case, {"overlap": hit is not None, "error": "%s overlaps %s" % hit if hit else None})
    elif kind == "new_prefix":
        outcome = _outcome(ctx.store, "new_prefix", {"cidr": data["cidr"]})
        _check(case, {"cidr": outcome.get("result"), "error": outcome.get("error")})
    elif kind == "network_consumption_v1":
        _run_consumption(case, ctx)
    elif kind == "ips_available_v2":
        _run_ips_available(case, ctx)
    else:
        raise AssertionError("case kind %r is not adapted" % kind)


def _run_consumption(case, ctx):
    cidr = case["input"]["fresh_prefix"]

    def work(tx):
        ipam = PrefixStore(tx, scope="conformance")
        return ipam.usage(ipam.new_prefix(cidr))
    usage = ctx.store.run(work, actor="conformance", module="conformance")
    _check(case, {"available_ips": usage["available_ips"], "used_ips": usage["acquired_ips"],
                  "available_prefixes": usage["available_smallest_prefixes"], "used_prefixes": usage["acquired_prefixes"]})


def _run_ips_available(case, ctx):
    """A /30 child with its two host addresses taken has no free address (v2 ``ipsAvailable``)."""
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.usage import free_ips

    def work(tx):
        ipam = PrefixStore(tx, scope="conformance")
        parent = ipam.new_prefix("10.99.0.0/24")
        child = ipam.acquire_child_prefix(parent, 30)
        for _ip in range(int(case["input"]["acquired_host_ips"])):
            ipam.acquire_ip(ipam.by_id(child["id"]))
        return ipam.usage(ipam.by_id(child["id"]))
    usage = ctx.store.run(work, actor="conformance", module="conformance")
    assert free_ips(usage) == case["expected"]["free"], "%s: expected free=%r, got %r" % (case["id"], case["expected"]["free"], free_ips(usage))
