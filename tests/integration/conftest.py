# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Playbook-level test helpers: every module is driven through real ansible-playbook runs, on both backends."""
from __future__ import annotations

import pytest

from tests.integration.bmc_conftest import (  # noqa: F401  pylint: disable=unused-import  # the BMC tests' fixtures
    bmc_runner,
    ipmi_bmc,
    ipmisim_factory,
    redfish_emulator,
)
from tests.support.documents import without_volatile
from tests.support.playbook import play, run_playbook
from tests.support.store_dump import dump_store

FLEET_GROUP = "group/metalfleet.datacenter.fleet"


def as_unchanged(value):
    """``value`` with every nested ``changed`` flag false: what a repeated run returns (list forms report per entry)."""
    if isinstance(value, dict):
        return {k: (False if k == "changed" else as_unchanged(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [as_unchanged(v) for v in value]
    return value


class Fleet:
    """A fresh store plus helpers to run tasks against it."""

    def __init__(self, dsn, workdir):
        self.dsn = dsn
        self.workdir = str(workdir)
        self.env = {}

    def run(self, tasks, check=False, diff=False, extra_vars=None, expect_ok=True, module_defaults=None):
        result = run_playbook(play(tasks, module_defaults=module_defaults), self.dsn, self.workdir, extra_vars=extra_vars,
                              check=check, diff=diff, extra_env=self.env)
        if expect_ok:
            assert result.returncode == 0, result.stdout[-4000:]
        return result

    def dump(self):
        return dump_store(self.dsn)

    def four_way(self, tasks, result_keys):
        """Check+diff, real+diff, check, real: the module contract of every store-backed module.

        * the check run reports changed, shows a diff and writes nothing;
        * the real run reports changed, shows the same diff and returns what check mode predicted;
        * the repeated check and real runs report no change and return the same result.
        Returns the real run's task results, in task order.
        """
        before = self.dump()
        check = self.run(tasks, check=True, diff=True)
        assert self.dump() == before, "check mode wrote to the store"
        real = self.run(tasks, diff=True)
        names = [t["name"] for t in tasks]
        outcomes = []
        for name in names:
            predicted, done = check.task(name)["result"], real.task(name)["result"]
            assert predicted["changed"] is True, "%s: check mode did not predict a change: %r" % (name, predicted)
            assert done["changed"] is True, "%s: the first real run changed nothing: %r" % (name, done)
            assert done.get("diff") and done["diff"] != {"before": {}, "after": {}}, "%s: no diff shown" % name
            assert without_volatile(predicted["diff"]) == without_volatile(done["diff"]), "%s: check diff differs from real diff" % name
            for key in result_keys:
                assert without_volatile(predicted.get(key)) == without_volatile(done.get(key)), \
                    "%s: check mode predicted %s=%r but the run gave %r" % (name, key, predicted.get(key), done.get(key))
            outcomes.append(done)
        after_first = self.dump()
        again_check = self.run(tasks, check=True)
        again = self.run(tasks)
        for name, first in zip(names, outcomes):
            for run in (again_check, again):
                repeated = run.task(name)["result"]
                assert repeated["changed"] is False, "%s: a repeated run reported a change: %r" % (name, repeated)
                for key in result_keys:
                    assert without_volatile(repeated.get(key)) == without_volatile(as_unchanged(first.get(key))), \
                        "%s: repeated run returned %s=%r instead of %r" % (name, key, repeated.get(key), first.get(key))
        assert self.dump() == after_first, "a run without changes wrote to the store"
        return outcomes

    def expect_failures(self, cases, extra_vars=None):
        """Run each ``(task, field, message_part)`` with ignore_errors; assert it failed naming the field and changed nothing."""
        before = self.dump()
        tasks = []
        for index, (task, _field, _part) in enumerate(cases):
            entry = dict(task)
            entry["name"] = "bad input %d" % index
            entry["ignore_errors"] = True
            tasks.append(entry)
        run = self.run(tasks, extra_vars=extra_vars)
        for index, (_task, field, part) in enumerate(cases):
            result = run.task("bad input %d" % index)
            assert result["status"] == "ignored", "bad input %d did not fail: %r" % (index, result["result"])
            message = result["result"]["msg"]
            assert field in message, "bad input %d: the message does not name %r: %s" % (index, field, message)
            assert part in message, "bad input %d: expected %r in: %s" % (index, part, message)
        assert self.dump() == before, "a failed run changed the store"
        return run


@pytest.fixture
def fleet(store_dsn, tmp_path):
    return Fleet(store_dsn, tmp_path)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):  # pylint: disable=unused-argument
    """Keep each phase's report on the item (``item.rep_call``); a failed test that used the fleet lab gets the lab's
    logs (serial consoles, dnsmasq, boot API, chassis calls, QEMU) as a section of its report."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
    lab = getattr(item, "funcargs", {}).get("fleet_lab")
    if report.failed and lab is not None and hasattr(lab, "format_logs"):
        report.sections.append(("fleet lab logs (%s)" % lab.workdir, lab.format_logs()))
