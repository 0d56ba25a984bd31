# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run real ``ansible-playbook`` processes against the collection and collect their task results.

Every run gets a private HOME and temp dirs (so parallel runs never share
``~/.ansible``), the collection on ANSIBLE_COLLECTIONS_PATH, the fleet store
in METALFLEET_STORE, and the ``record_results`` callback writing one JSON line
per task result, which :class:`PlaybookRun` parses.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS_ROOT = os.path.join(REPO_ROOT, ".build", "collections")
INVENTORY = os.path.join(HERE, "inventory.yml")


def ansible_bin(tool: str) -> str:
    candidate = os.path.join(os.path.dirname(sys.executable), tool)
    return candidate if os.path.exists(candidate) else tool


@dataclass
class PlaybookRun:
    returncode: int
    stdout: str
    results: list = field(default_factory=list)

    def task(self, name: str) -> dict:
        """The result of the (last) task with this name."""
        matches = [r for r in self.results if r["task"] == name]
        assert matches, "no task named %r ran; tasks: %s\n%s" % (name, [r["task"] for r in self.results], self.stdout[-3000:])
        return matches[-1]

    @property
    def failed(self) -> list:
        return [r for r in self.results if r["status"] == "failed"]


def playbook_env(store_dsn: str, workdir: str, extra_env: dict | None = None) -> dict:
    home = os.path.join(workdir, "home")
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "HOME": home,
        "ANSIBLE_LOCAL_TEMP": os.path.join(home, ".ansible", "tmp"),
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_ROOT,
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(HERE, "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "record_results",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_PIPELINING": "1",
        "ANSIBLE_DEPRECATION_WARNINGS": "0",
        "METALFLEET_STORE": store_dsn,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    })
    env.pop("METALFLEET_STORE_PASSWORD", None)
    env.update(extra_env or {})
    return env


def run_playbook(playbook, store_dsn: str, workdir: str, extra_vars: dict | None = None, check: bool = False,
                 diff: bool = False, extra_env: dict | None = None, timeout: int = 900, argv_prefix=()) -> PlaybookRun:
    """Run ``playbook`` (a path, or a list of plays that is written to a file first).

    ``argv_prefix`` runs ansible-playbook through another command, e.g. ``["ip", "netns", "exec", "ns1"]``.
    """
    os.makedirs(workdir, exist_ok=True)
    if not isinstance(playbook, str):
        handle, path = tempfile.mkstemp(suffix=".yml", dir=workdir)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yaml.safe_dump(playbook, out, sort_keys=False)
        playbook = path
    handle, results_file = tempfile.mkstemp(suffix=".jsonl", dir=workdir)
    os.close(handle)
    argv = list(argv_prefix) + [ansible_bin("ansible-playbook"), "-i", INVENTORY, playbook]
    if extra_vars:
        argv += ["-e", json.dumps(extra_vars)]
    if check:
        argv.append("--check")
    if diff:
        argv.append("--diff")
    env = playbook_env(store_dsn, workdir, extra_env)
    env["METALFLEET_RESULTS_FILE"] = results_file
    proc = subprocess.run(argv, env=env, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)
    with open(results_file, encoding="utf-8") as handle:
        results = [json.loads(line) for line in handle if line.strip()]
    return PlaybookRun(proc.returncode, proc.stdout, results)


def play(tasks, name: str = "test", module_defaults: dict | None = None) -> list:
    """A one-play playbook on localhost."""
    entry = {"name": name, "hosts": "localhost", "gather_facts": False, "tasks": tasks}
    if module_defaults:
        entry["module_defaults"] = module_defaults
    return [entry]
