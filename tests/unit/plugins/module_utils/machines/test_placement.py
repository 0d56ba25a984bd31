# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests for machines.placement (MEP-12 rack spreading and the deterministic pick)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ExhaustedError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.placement import (
    choose_machine,
    count_tagged_machines_per_rack,
    elect_racks,
    intersect_racks,
    select_machine,
    spread_across_racks,
)


def machine(machine_id, rack, *tags):
    return {"id": machine_id, "rack": rack, "tags": list(tags)}


def racks_of(machines):
    return sorted({m["rack"] for m in machines})


# --- elect_racks / intersect_racks ---------------------------------------------------------


@pytest.mark.parametrize("all_racks, occupied, winners", [
    ([], {}, []),
    (["1", "2", "3", "4"], {"1": 3, "2": 2, "3": 1, "4": 0}, ["4"]),
    (["1", "2", "3", "5"], {"1": 3, "2": 3, "3": 1, "4": 0}, ["5"]),
    (["b", "a", "c"], {"c": 2}, ["b", "a"]),
    (["a", "a", "b"], {}, ["a", "b"]),
    (["x"], {"x": 7}, ["x"]),
])
def test_elect_racks(all_racks, occupied, winners):
    assert elect_racks(all_racks, occupied) == winners


@pytest.mark.parametrize("first, second, result", [
    ([], [], []),
    (["1"], ["2"], []),
    (["1", "2", "3"], ["1", "3", "4"], ["1", "3"]),
    (["3", "2", "1", "4"], ["1", "3", "4", "2"], ["3", "2", "1", "4"]),
    (None, ["1"], []),
])
def test_intersect_racks_keeps_order_of_first(first, second, result):
    assert intersect_racks(first, second) == result


# --- spread_across_racks -------------------------------------------------------------------


def test_no_project_machines_keeps_every_available_machine_in_order():
    available = [machine("m2", "r2"), machine("m1", "r1"), machine("m3", "r2")]
    assert spread_across_racks(available, [], []) == available


def test_empty_available_gives_no_candidates():
    assert spread_across_racks([], [machine("p", "r1")], ["t"]) == []


def test_least_project_occupied_racks_win_without_tags():
    available = [machine("a1", "r1"), machine("a2", "r2"), machine("a3", "r3")]
    project = [machine("p1", "r1"), machine("p2", "r1"), machine("p3", "r2")]
    assert [m["id"] for m in spread_across_racks(available, project, [])] == ["a3"]


def test_racks_only_in_project_machines_are_ignored():
    available = [machine("a1", "r1")]
    project = [machine("p1", "r1"), machine("p2", "r1"), machine("p3", "r2")]
    assert racks_of(spread_across_racks(available, project, [])) == ["r1"]


def test_tags_take_precedence_over_project_occupation():
    # r3 has the fewest project machines but the most tagged ones: the tag election wins.
    available = [machine("a1", "r1"), machine("a2", "r2"), machine("a3", "r3")]
    project = [
        machine("p1", "r1"), machine("p2", "r1"), machine("p3", "r1"),
        machine("p4", "r2", "db"), machine("p5", "r2"),
        machine("p6", "r3", "db"), machine("p7", "r3", "db"),
    ]
    assert racks_of(spread_across_racks(available, project, ["db"])) == ["r1"]


def test_intersection_of_both_elections_is_preferred():
    available = [machine("a1", "r1"), machine("a2", "r2"), machine("a3", "r3")]
    project = [machine("p1", "r1", "c1"), machine("p2", "r2", "c1"), machine("p3", "r2"), machine("p4", "r3", "c1", "pg")]
    # tag counts: r1=1, r2=1, r3=2 -> {r1, r2}; project counts: r1=1, r2=2, r3=1 -> {r1, r3}
    assert racks_of(spread_across_racks(available, project, ["c1", "pg"])) == ["r1"]


def test_machine_with_several_matching_tags_counts_once_per_tag():
    project = [machine("p1", "r1", "a", "b", "other"), machine("p2", "r2", "a")]
    assert count_tagged_machines_per_rack(project, ["a", "b", "a"]) == {"r1": 2, "r2": 1}


def test_machines_without_rack_share_the_empty_rack():
    available = [{"id": "a1", "tags": []}, {"id": "a2", "rack": None}, machine("a3", "r1")]
    project = [machine("p1", "r1")]
    assert [m["id"] for m in spread_across_racks(available, project, [])] == ["a1", "a2"]


def test_all_machines_of_winning_racks_are_candidates():
    available = [machine(f"a{i}", "r2") for i in range(5)] + [machine("b", "r1")]
    project = [machine("p1", "r1")]
    assert len(spread_across_racks(available, project, [])) == 5


@pytest.mark.parametrize("bad_available, bad_project, bad_tags, field", [
    ([machine("a", "r")], [machine("p", "r")], "tag", "placement_tags"),
    ([machine("a", "r")], [{"id": "p", "rack": "r", "tags": "t"}], ["t"], "tags"),
])
def test_strings_where_lists_belong_are_rejected(bad_available, bad_project, bad_tags, field):
    with pytest.raises(ValidationError) as error:
        spread_across_racks(bad_available, bad_project, bad_tags)
    assert error.value.field == field


# --- choose_machine / select_machine -------------------------------------------------------


def test_choose_machine_picks_lowest_id():
    candidates = [machine("m-b", "r1"), machine("m-a", "r2"), machine("m-c", "r1")]
    assert choose_machine(candidates)["id"] == "m-a"


def test_choose_machine_without_candidates_is_exhausted():
    with pytest.raises(ExhaustedError, match="no machine available"):
        choose_machine([])


@pytest.mark.parametrize("bad", [{"rack": "r"}, {"id": "", "rack": "r"}, {"id": 5, "rack": "r"}])
def test_choose_machine_needs_string_ids(bad):
    with pytest.raises(ValidationError) as error:
        choose_machine([machine("a", "r"), bad])
    assert error.value.field == "id"


def test_select_machine_combines_spread_and_pick():
    available = [machine("z1", "r1"), machine("a1", "r1"), machine("m2", "r2"), machine("k2", "r2")]
    project = [machine("p1", "r1")]
    assert select_machine(available, project)["id"] == "k2"


def test_ten_thousand_machines():
    """A partition of 10,000 machines in 40 racks: the result, not the time, is asserted."""
    available = [machine(f"m{i:05d}", f"r{i % 40:02d}", "spare") for i in range(10_000)]
    # project machines: rack r07 gets none, every other rack at least one; tagged ones avoid r07 and r11 only
    project = [machine(f"p{i:04d}", f"r{i % 40:02d}", "web" if i % 40 != 11 else "db") for i in range(2_000) if i % 40 != 7]
    project += [machine("p-extra", "r11", "db")]
    candidates = spread_across_racks(available, project, ["web"])
    assert racks_of(candidates) == ["r07"]
    assert len(candidates) == 250
    assert choose_machine(candidates)["id"] == "m00007"
    # without placement tags only the project election counts: still r07
    assert racks_of(spread_across_racks(available, project, [])) == ["r07"]
    # tag "db": r11 is tag-occupied; every other rack ties on tags, r07 wins the project election
    assert racks_of(spread_across_racks(available, project, ["db"])) == ["r07"]


# --- property: agrees with a literal transcription of the rules ----------------------------


def literal_spread(available, project, tags):
    """Slow, literal restatement of MEP-12 used as an oracle."""
    all_racks = {m["rack"] for m in available}

    def least(counts):
        if not all_racks:
            return set()
        lowest = min(counts.get(rack, 0) for rack in all_racks)
        return {rack for rack in all_racks if counts.get(rack, 0) == lowest}

    project_counts = {}
    for m in project:
        project_counts[m["rack"]] = project_counts.get(m["rack"], 0) + 1
    tag_counts = {}
    for tag in set(tags):
        for m in project:
            for own in m["tags"]:
                if own == tag:
                    tag_counts[m["rack"]] = tag_counts.get(m["rack"], 0) + 1
    by_tags = least(tag_counts)
    both = by_tags & least(project_counts)
    chosen = both or by_tags
    return [m for m in available if m["rack"] in chosen]


RACKS = st.sampled_from(["r1", "r2", "r3", "r4", ""])
TAGS = st.lists(st.sampled_from(["a", "b", "c"]), max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    available_racks=st.lists(RACKS, max_size=12),
    project=st.lists(st.tuples(RACKS, TAGS), max_size=12),
    tags=TAGS,
)
def test_spread_matches_literal_rules(available_racks, project, tags):
    available = [machine(f"a{i:02d}", rack) for i, rack in enumerate(available_racks)]
    project_machines = [machine(f"p{i:02d}", rack, *own) for i, (rack, own) in enumerate(project)]
    assert spread_across_racks(available, project_machines, tags) == literal_spread(available, project_machines, tags)
