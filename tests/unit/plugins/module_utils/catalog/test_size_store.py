# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""catalog.size_store on both backends: units, validation, overlaps naming both sizes, reservations, matching."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore, reservation_id_for
from tests.support.machines_stub import add_machine_in_tx

GIB = 1024 ** 3


def constraints(low="8GiB", high="16GiB", cores=(4, 8)):
    return [{"type": "cores", "min": cores[0], "max": cores[1]}, {"type": "memory", "min": low, "max": high}]


def apply(store, func, defer=False):
    def work(tx):
        PartitionStore(tx).apply_all([{"id": "fra-1"}, {"id": "fra-2"}])
        tx.changes.clear()
        return func(SizeStore(tx, defer_overlap_check=defer)), [(c.kind, c.entity_id, c.action) for c in tx.changes]
    return store.run(work)


def test_units_are_stored_as_integer_bytes_and_reservations_keep_order(store):
    reservations = [{"amount": 1, "project": "b", "partitions": ["fra-2"]}, {"amount": 2, "project": "a", "partitions": ["fra-1", "fra-2"]}]
    doc, changes = apply(store, lambda s: s.ensure_present({"id": "s1", "constraints": constraints(), "reservations": reservations}))
    assert changes == [("size", "s1", "create")]
    assert doc["constraints"][1] == {"type": "memory", "min": 8 * GIB, "max": 16 * GIB, "identifier": ""}
    assert [r["project"] for r in doc["reservations"]] == ["b", "a"]
    assert doc["reservations"][1]["id"] == reservation_id_for("s1", "a", ["fra-2", "fra-1"])
    same, changes = apply(store, lambda s: s.ensure_present({
        "id": "s1", "constraints": constraints(8 * GIB, "16 GiB"), "reservations": reservations,
    }))
    assert changes == [] and same == doc
    # only the reservations change: still one "update" of the size, with a new updated_at
    reordered, changes = apply(store, lambda s: s.ensure_present({"id": "s1", "reservations": list(reversed(reservations))}))
    assert changes == [("size", "s1", "update")] and [r["project"] for r in reordered["reservations"]] == ["a", "b"]
    assert reordered["updated_at"] > doc["updated_at"]
    gone, changes = apply(store, lambda s: s.ensure_absent("s1"))
    assert gone is True and store.run(lambda tx: tx.query("SELECT * FROM size_reservations"), write=False) == []


def test_overlap_names_both_sizes_and_list_form_checks_at_the_end(store):
    apply(store, lambda s: s.ensure_present({"id": "small", "constraints": constraints("8GiB", "16GiB")}))
    with pytest.raises(ConflictError, match='constraints: size "big" overlaps with "small"'):
        apply(store, lambda s: s.ensure_present({"id": "big", "constraints": constraints("16GiB", "32GiB")}))
    # different literal identifiers never overlap (the reference rule)
    apply(store, lambda s: s.ensure_present({"id": "intel", "constraints": [{"type": "cores", "min": 4, "max": 8, "identifier": "Intel*"},
                                                                            {"type": "memory", "min": 1, "max": 2 ** 40}]}))
    swapped = [{"id": "small", "constraints": constraints("17GiB", "32GiB")}, {"id": "big", "constraints": constraints("8GiB", "16GiB")}]
    result = apply(store, lambda s: s.apply_all(swapped), defer=True)[0]
    assert [d["id"] for d in result["items"]] == ["small", "big"]
    with pytest.raises(ConflictError, match=r'sizes\[0\]\.constraints: size "small" overlaps with "big"'):
        apply(store, lambda s: s.apply_all([swapped[0], {"id": "big", "constraints": constraints("30GiB", "40GiB")}]), defer=True)


@pytest.mark.parametrize("spec, field, part", [
    ({"id": "x", "constraints": [{"type": "memory", "min": "4 gigs", "max": 1}]}, "constraints[0].min", "4 gigs"),
    ({"id": "x", "constraints": [{"type": "cpu", "min": 1, "max": 1}]}, "constraints[0].type", "cpu"),
    ({"id": "x", "constraints": constraints("2GiB", "1GiB")}, "constraints", "max is smaller than min"),
    ({"id": "x", "constraints": [{"type": "storage", "min": 1, "max": 2, "identifier": "[]"}]}, "constraints", "malformed"),
    ({"id": "x", "constraints": constraints() + [{"type": "cores", "min": 1, "max": 2}]}, "constraints", "type duplicates"),
    ({"id": "x", "reservations": [{"amount": 1, "project": "p", "partitions": ["nowhere"]}]}, "reservations[0].partitions", "nowhere"),
    ({"id": "x", "reservations": [{"amount": 1, "project": "p", "partitions": []}]}, "reservations[0].partitions", "at least one"),
    ({"id": "x", "reservations": [{"amount": "1", "project": "p", "partitions": ["fra-1"]}]}, "reservations[0].amount", "integer"),
    ({"id": "x", "reservations": [{"amount": 1, "project": "p", "partitions": ["fra-1"]}] * 2}, "reservations[1]", "listed twice"),
    ({"id": "x", "reservations": "many"}, "reservations", "expected a list"),
])
def test_bad_sizes_name_the_field(store, spec, field, part):
    with pytest.raises(ValidationError) as error:
        apply(store, lambda s: s.ensure_present(spec))
    assert error.value.field == field and part in str(error.value)


def test_match_and_in_use(store):
    def work(tx):
        PartitionStore(tx).ensure_present({"id": "fra-1"})
        sizes = SizeStore(tx)
        sizes.ensure_present({"id": "s1", "constraints": constraints()})
        matched = sizes.match({"memory": "12GiB", "cpus": [{"model": "Intel Xeon", "cores": 6}]})
        missed = sizes.match({"memory": "12GiB"})
        add_machine_in_tx(tx, "m-1", size="s1")
        with pytest.raises(ConflictError, match="size 's1' is in use by machine m-1"):
            sizes.ensure_absent("s1")
        return matched, missed, sizes.apply_all([], prune=True)
    matched, missed, pruned = store.run(work, check_mode=True)
    assert matched["size_id"] == "s1" and matched["size"]["id"] == "s1" and matched["matched_ids"] == ["s1"]
    assert missed["size_id"] == "unknown" and missed["size"] is None and "no size found" in missed["reason"]
    assert pruned == {"items": [], "removed": [], "kept_in_use": ["s1"]}
