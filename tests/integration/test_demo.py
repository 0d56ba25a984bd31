# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lifecycle demo (``playbooks/demo.yml``) as ``make demo`` runs it, on a checkout without the reference material.

A new user's clone has no ``../shared``: the demo must run on the platform data it ships and say that it does not
validate against YANG when no models are given. With models (``METALFLEET_SONIC_YANG``) it validates.
"""
from __future__ import annotations

import json
import os

import pytest
from cryptography.fernet import Fernet

from tests.support.playbook import REPO_ROOT, run_playbook

# the demo drives simulated BMCs with short timeouts: it runs alone, like the BMC tests
pytestmark = [pytest.mark.playbook, pytest.mark.slow, pytest.mark.serial]

DEMO = os.path.join(REPO_ROOT, "playbooks", "demo.yml")
DEMO_SWITCHES = os.path.join(REPO_ROOT, "playbooks", "demo_switches.yml")
SWITCHES = ("exit01", "leaf01", "leaf02", "spine01", "spine02")
SHARED = os.environ.get("METALFLEET_SHARED") or os.path.join(os.path.dirname(REPO_ROOT), "shared")
YANG_DIR = os.path.join(SHARED, "sonic", "yang", "all")


class Demo:
    """One demo run's store, output directory and environment (no reference material, no YANG models)."""

    def __init__(self, root):
        self.root = str(root)
        self.output = os.path.join(self.root, "demo-output")
        os.makedirs(self.output)
        key_file = os.path.join(self.output, "secret.key")
        with open(key_file, "wb") as handle:
            handle.write(Fernet.generate_key())
        os.chmod(key_file, 0o600)
        self.dsn = "sqlite://" + os.path.join(self.output, "fleet.db")
        self.env = {"METALFLEET_SECRET_KEY_FILE": key_file,
                    "METALFLEET_SHARED": os.path.join(self.root, "no-shared-here"),
                    "METALFLEET_SONIC_YANG": ""}

    def run(self, playbook, **env):
        # the lab step (QEMU machines, minutes on TCG) is covered by tests/integration/test_lab_*.py; here it must say
        # that it was skipped, and why
        return run_playbook(playbook, self.dsn, os.path.join(self.root, "work"), extra_vars={"demo_output": self.output, "demo_lab": False},
                            extra_env={**self.env, **env})


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The whole demo, run once for this module on a fresh store."""
    demo = Demo(tmp_path_factory.mktemp("demo"))
    demo.first_run = demo.run(DEMO)
    return demo


def test_demo_runs_without_the_reference_material_and_says_it_does_not_validate(demo):
    run = demo.first_run
    assert run.returncode == 0, run.stdout[-4000:]
    assert not run.failed
    skipped = run.task("Say why YANG validation is skipped")
    assert skipped["status"] == "ok"
    assert "YANG validation skipped" in skipped["result"]["msg"] and "METALFLEET_SONIC_YANG" in skipped["result"]["msg"]
    rendered = run.task("Render, validate and write config_db.json and frr.conf of every switch")["result"]["results"]
    assert sorted(item["item"]["name"] for item in rendered) == list(SWITCHES)
    for item in rendered:
        assert item["validation"] is None, item["item"]["name"]
    shown = [item["msg"] for item in run.task("Show what each switch got")["result"]["results"]]
    assert all("YANG not validated (no models)" in msg for msg in shown), shown
    for name in SWITCHES:
        with open(os.path.join(demo.output, "switches", name, "config_db.json"), encoding="utf-8") as handle:
            config_db = json.load(handle)
        assert config_db["DEVICE_METADATA"]["localhost"]["hostname"] == name
        assert os.path.isfile(os.path.join(demo.output, "switches", name, "frr.conf"))
    # the leaf's breakout and fabric links come from the shipped platform data
    with open(os.path.join(demo.output, "switches", "leaf01", "config_db.json"), encoding="utf-8") as handle:
        leaf = json.load(handle)
    assert leaf["BREAKOUT_CFG"]["Ethernet52"]["brkout_mode"] == "4x25G[10G]"
    assert {"Ethernet52", "Ethernet53", "Ethernet54", "Ethernet55", "Ethernet48", "Ethernet56"} <= set(leaf["PORT"])


def test_demo_switches_validate_when_models_are_given(demo):
    if not os.path.isdir(YANG_DIR):
        pytest.skip(f"SONiC YANG models not found at {YANG_DIR} (set METALFLEET_SHARED)")
    run = demo.run(DEMO_SWITCHES, METALFLEET_SONIC_YANG=YANG_DIR)
    assert run.returncode == 0, run.stdout[-4000:]
    assert run.task("Say why YANG validation is skipped")["status"] == "skipped"
    rendered = run.task("Render, validate and write config_db.json and frr.conf of every switch")["result"]["results"]
    assert {item["item"]["name"]: item["validation"]["valid"] for item in rendered} == dict.fromkeys(SWITCHES, True)
    # the switches and their files were already there: a second run changes nothing
    assert run.task("Register the switches, spines first (ASNs and loopbacks are allocated)")["result"]["changed"] is False
    assert [item["changed"] for item in rendered] == [False] * len(SWITCHES)


def test_demo_switches_refuse_a_model_directory_that_is_not_there(demo):
    missing = os.path.join(demo.root, "no-models-here")
    run = demo.run(DEMO_SWITCHES, METALFLEET_SONIC_YANG=missing)
    assert run.returncode != 0
    failure = run.task("Refuse a YANG model directory that was given but is not there")
    assert failure["status"] == "failed"
    assert f"METALFLEET_SONIC_YANG): {missing} is not a directory" in failure["result"]["msg"]
    assert "Render, validate and write config_db.json and frr.conf of every switch" not in [r["task"] for r in run.results]


def test_demo_says_it_skipped_the_lab_step_and_why(demo):
    run = demo.first_run
    assert run.returncode == 0, run.stdout[-3000:]
    said = run.task("Say what was skipped and why")["result"]["msg"]
    assert said == "SKIPPED the lab step (two machines from power-off to installed): demo_lab is false"
    assert not [r for r in run.results if r["task"].startswith("Start the lab") and r["status"] != "skipped"]
