# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run every case of every reference case file through the collection's core.

Case files come from ``CONFORMANCE_DIR`` (default ``../shared/conformance``).
For ``<stem>.json`` the adapter ``tests/conformance/adapters/<stem>.py`` maps
each case onto the core (``run_case(case, ctx)`` raises AssertionError on a
mismatch).  Outcomes:

* pass: the core reproduces the reference;
* xfail "documented deviation": the case id is listed, with the reason, in
  ``tests/conformance/deviations/<stem>.yml`` (and ``docs/deviations.md``);
  a listed case that passes fails the run (strict), so the list stays true;
* skip "not yet adapted": no adapter exists for the file yet;
* skip "no case files": the directory is missing (the reason names it).

Store-backed adapters get ``ctx.store`` (a fresh store per case) and run once
per backend: SQLite and PostgreSQL.
"""
from __future__ import annotations

import glob
import importlib
import json
import os

import pytest
import yaml

from tests.conformance.context import CaseContext

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
CONFORMANCE_DIR = os.environ.get("CONFORMANCE_DIR") or os.path.join(
    os.environ.get("METALFLEET_SHARED") or os.path.join(os.path.dirname(REPO_ROOT), "shared"), "conformance")


def _case_files():
    return sorted(glob.glob(os.path.join(CONFORMANCE_DIR, "*.json")))


def _adapter(stem):
    if not os.path.exists(os.path.join(HERE, "adapters", stem + ".py")):
        return None
    return importlib.import_module("tests.conformance.adapters." + stem)


def _deviations(stem):
    path = os.path.join(HERE, "deviations", stem + ".yml")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _params():
    files = _case_files()
    if not files:
        return [pytest.param(None, None, None, id="no-case-files",
                             marks=pytest.mark.skip(reason="no conformance case files in %s (set CONFORMANCE_DIR)" % CONFORMANCE_DIR))]
    params = []
    for path in files:
        stem = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as handle:
            cases = json.load(handle)["cases"]
        adapter = _adapter(stem)
        backends = getattr(adapter, "BACKENDS", (None,)) if adapter else (None,)
        for case in cases:
            for backend in backends:
                case_id = "%s::%s" % (stem, case["id"]) + ("[%s]" % backend if backend else "")
                marks = []
                if adapter is None:
                    marks.append(pytest.mark.skip(reason="%s.json is not yet adapted to the collection's core" % stem))
                params.append(pytest.param(stem, case, backend, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize("stem,case,backend", _params())
def test_case(stem, case, backend, request, tmp_path):
    adapter = _adapter(stem)
    deviations = _deviations(stem)
    with CaseContext(request, tmp_path, backend) as ctx:
        if case["id"] in deviations:
            try:
                adapter.run_case(case, ctx)
            except AssertionError as exc:
                pytest.xfail("documented deviation: %s (%s)" % (deviations[case["id"]], str(exc).splitlines()[0][:200]))
            pytest.fail("case %s is listed as a deviation but now matches the reference: update deviations/%s.yml"
                        % (case["id"], stem))
        adapter.run_case(case, ctx)
