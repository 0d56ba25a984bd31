# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""provisioning.events: names, metal-stack's transition table, swallowing, crash loop, failed reclaim."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import events as ev

T0 = 1_900_000_000.0

#: a regular provisioning cycle of a machine: discovery, waiting, install, running.
CYCLE = (ev.PXE_BOOTING, ev.PREPARING, ev.REGISTERING, ev.WAITING, ev.INSTALLING, ev.BOOTING_NEW_KERNEL, ev.PHONED_HOME)


def run(events, start=ev.Container(), at=T0):
    """Apply events one second apart; returns the final container and every outcome."""
    container, outcomes = start, []
    for index, event in enumerate(events):
        outcome = ev.apply_event(container, event, "", at + index)
        outcomes.append(outcome)
        container = outcome.container
    return container, outcomes


@pytest.mark.parametrize("given, stored", [
    ("Phoned Home", "Phoned Home"), ("phoned_home", "Phoned Home"), ("PHONED-HOME", "Phoned Home"), ("  pxe booting ", "PXE Booting"),
    ("bootingnewkernel", "Booting New Kernel"), ("Machine_Reclaim", "Machine Reclaim"),
])
def test_event_names_are_accepted_in_any_spelling(given, stored):
    assert ev.event_name(given) == stored


def test_an_unknown_event_names_the_field_and_the_choices():
    with pytest.raises(ValidationError) as caught:
        ev.event_name("rebooting", "events[3].event")
    assert caught.value.field == "events[3].event" and "Phoned Home" in caught.value.reason


def test_a_full_cycle_is_accepted_and_stored_in_order():
    container, outcomes = run(CYCLE)
    assert [o.accepted and o.store for o in outcomes] == [True] * len(CYCLE)
    assert container.last_event == ev.PHONED_HOME and container.last_event_at == T0 + len(CYCLE) - 1
    assert container.liveliness == "Alive" and not container.crash_loop


# every (state, event) pair: accepted exactly where metal-api's fsm.Events() has a transition
TABLE = {
    ev.PXE_BOOTING: {"Initial", "Crashing", "PXE Booting", "Planned Reboot", "Machine Reclaim"},
    ev.PREPARING: {"Initial", "Crashing", "PXE Booting", "Planned Reboot", "Machine Reclaim"},
    ev.REGISTERING: {"Initial", "Preparing"},
    ev.WAITING: {"Initial", "Registering"},
    ev.INSTALLING: {"Initial", "Waiting"},
    ev.BOOTING_NEW_KERNEL: {"Initial", "Installing"},
    ev.PHONED_HOME: {"Initial", "Booting New Kernel", "Machine Reclaim", "Planned Reboot", "Phoned Home"},
    ev.ALIVE: {"Initial", "PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"},
    ev.CRASHED: {"Initial", "PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"},
}
STATES = ("Initial", "Crashing", "PXE Booting", "Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel",
          "Phoned Home", "Planned Reboot", "Machine Reclaim")
LAST_EVENT_OF = {"Initial": "", "Crashing": ev.CRASHED}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", ev.EVENTS)
def test_transition_table(state, event):
    container = ev.Container(last_event=LAST_EVENT_OF.get(state, state), last_event_at=T0)
    assert ev.state_after(container.last_event) == state
    outcome = ev.apply_event(container, event, "why", T0 + 10)
    expected = TABLE.get(event, set(STATES))   # Planned Reboot and Machine Reclaim: from every state
    assert outcome.accepted is (state in expected)
    if (state, event) != ("Machine Reclaim", ev.PHONED_HOME):  # see the reclaim test below: it keeps the time
        assert outcome.container.last_event_at == T0 + 10 and outcome.container.liveliness == "Alive"
    if not outcome.accepted and not outcome.swallowed and event != ev.ALIVE:
        # refused transitions are stored all the same, flagged (metal-stack never drops what a machine says)
        assert outcome.store and outcome.message == "[unexpectedly received in %s]: why" % state.lower()
        assert outcome.container.last_event == event and outcome.container.last_error == "%s: %s" % (event, outcome.message)


def test_alive_is_never_stored_but_refreshes_the_time():
    container = ev.Container(last_event=ev.WAITING, last_event_at=T0, liveliness="Dead")
    outcome = ev.apply_event(container, ev.ALIVE, "", T0 + 60)
    assert (outcome.store, outcome.accepted) == (False, True)
    assert outcome.container == ev.Container(last_event=ev.WAITING, last_event_at=T0 + 60, liveliness="Alive")
    unexpected = ev.apply_event(ev.Container(last_event=ev.PHONED_HOME, last_event_at=T0), ev.ALIVE, "", T0 + 60)
    assert (unexpected.store, unexpected.accepted, unexpected.container.last_event) == (False, False, ev.PHONED_HOME)


@pytest.mark.parametrize("event", [e for e in ev.EVENTS if e != ev.ALIVE])
def test_repeats_are_swallowed(event):
    container = ev.Container(last_event=event, last_event_at=T0, crash_loop=event == ev.CRASHED)
    outcome = ev.apply_event(container, event, "again", T0 + 30)
    assert outcome.swallowed and not outcome.store
    assert outcome.container.last_event == event and outcome.container.last_event_at == T0 + 30


def test_crash_loop_is_set_by_crashed_and_cleared_by_phoned_home():
    container = run([ev.PXE_BOOTING, ev.PREPARING, ev.CRASHED])[0]
    assert container.crash_loop and container.last_error == ev.CRASHED
    container = run([ev.PXE_BOOTING, ev.PREPARING, ev.REGISTERING, ev.WAITING, ev.INSTALLING], start=container)[0]
    assert container.crash_loop, "a new cycle alone does not clear the crash loop"
    container, outcomes = run([ev.BOOTING_NEW_KERNEL, ev.PHONED_HOME], start=container)
    assert not container.crash_loop and outcomes[-1].accepted


def test_restarting_provisioning_unexpectedly_is_a_crash_loop():
    container, outcomes = run([ev.PXE_BOOTING, ev.PREPARING, ev.REGISTERING, ev.WAITING, ev.PREPARING])
    assert not outcomes[-1].accepted and outcomes[-1].store and container.crash_loop


@pytest.mark.parametrize("event", [ev.PLANNED_REBOOT, ev.MACHINE_RECLAIM])
def test_planned_reboot_and_reclaim_clear_the_crash_loop(event):
    container = ev.Container(last_event=ev.CRASHED, last_event_at=T0, crash_loop=True)
    assert not ev.apply_event(container, event, "", T0 + 1).container.crash_loop


def test_phone_home_during_reclaim_is_swallowed_and_late_marks_a_failed_reclaim():
    container = ev.Container(last_event=ev.MACHINE_RECLAIM, last_event_at=T0)
    early = ev.apply_event(container, ev.PHONED_HOME, "", T0 + 60)
    assert early.swallowed and not early.store and early.container == container
    late = ev.apply_event(container, ev.PHONED_HOME, "", T0 + ev.FAILED_RECLAIM_AFTER + 1)
    assert late.swallowed and late.container.failed_reclaim and late.container.last_event_at == T0 + ev.FAILED_RECLAIM_AFTER + 1
    rebooted = ev.apply_event(late.container, ev.PXE_BOOTING, "", T0 + 1000)
    assert rebooted.store and not rebooted.container.failed_reclaim


def test_trim_bound_keeps_the_last_hundred():
    assert ev.trim_below(100) == 1 and ev.trim_below(101) == 2 and ev.trim_below(250) == 151
