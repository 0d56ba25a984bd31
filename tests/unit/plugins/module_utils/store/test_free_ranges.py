# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.free_ranges import FreeRanges
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("lowest"), st.just(0)),
    st.tuples(st.just("take"), st.integers(0, 40)),
    st.tuples(st.just("give"), st.integers(0, 40)),
), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_matches_a_set_model(tmp_path_factory, operations):
    """Random take/give-back sequences behave exactly like a Python set of free values, with merged intervals."""
    path = tmp_path_factory.mktemp("ranges") / "fleet.db"
    with open_store(parse_location("sqlite://" + str(path))) as store:
        def work(tx):
            pool = FreeRanges(tx, "pool:test")
            pool.add_interval(0, 40)
            free = set(range(41))
            for op, value in operations:
                if op == "lowest":
                    expected = min(free) if free else None
                    assert pool.take_lowest() == expected
                    free.discard(expected)
                elif op == "take":
                    assert pool.take(value) == (value in free)
                    free.discard(value)
                elif value not in free:
                    pool.give_back(value)
                    free.add(value)
            rows = tx.query("SELECT start_key, end_key FROM free_ranges WHERE owner = 'pool:test' ORDER BY start_key")
            intervals = [(int(r["start_key"], 16), int(r["end_key"], 16)) for r in rows]
            covered = {v for lo, hi in intervals for v in range(lo, hi + 1)}
            assert covered == free
            assert all(intervals[i][1] + 1 < intervals[i + 1][0] for i in range(len(intervals) - 1)), "intervals not merged"
        store.run(work)
