# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Playbook-level helpers for the BMC modules: real ansible-playbook runs against real BMC simulators.

The BMC modules need no fleet store, so there is no backend matrix here.  The fixtures
(``bmc_runner``, ``ipmi_bmc``, ``ipmisim_factory``, ``redfish_emulator``) reach every integration
test through ``conftest.py``; a test module imports the helpers it uses::

    from tests.integration.bmc_conftest import ipmi_args, task

BMC endpoints and credentials reach the playbook as extra vars (``-e``), the way an inventory
would provide them.
"""
from __future__ import annotations

import os
import sys

import pytest

from tests.support.playbook import play, run_playbook

LAB_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lab")
if LAB_DIR not in sys.path:
    sys.path.insert(0, LAB_DIR)

import labproc  # noqa: E402  pylint: disable=wrong-import-position
from conftest_fixtures import ipmi_bmc, ipmisim_factory, redfish_emulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import

LOOPBACK = labproc.LOOPBACK

FQCN = "metalfleet.datacenter."
BMC_GROUP = "group/metalfleet.datacenter.bmc"
#: thread start-up, scheduling and result handling on a busy 2-core machine
SLACK = 2.0


def ipmi_vars(bmc, prefix: str = "bmc") -> dict:
    """Extra vars describing one ipmi_sim instance."""
    return {f"{prefix}_host": bmc.host, f"{prefix}_port": bmc.port, f"{prefix}_user": bmc.username,
            f"{prefix}_password": bmc.password}


def ipmi_args(prefix: str = "bmc", **extra) -> dict:
    """Module arguments referring to the vars of :func:`ipmi_vars` (the password stays a variable)."""
    args = {"bmc_host": "{{ %s_host }}" % prefix, "bmc_port": "{{ %s_port }}" % prefix,
            "bmc_username": "{{ %s_user }}" % prefix, "bmc_password": "{{ %s_password }}" % prefix,
            "driver": "ipmi", "timeout": 2, "retries": 1}
    args.update(extra)
    return args


def redfish_vars(emulator, system: int = 0, prefix: str = "rf") -> dict:
    """Extra vars describing one system of a sushy-emulator."""
    return {f"{prefix}_host": emulator.host, f"{prefix}_port": emulator.port, f"{prefix}_user": emulator.username,
            f"{prefix}_password": emulator.password, f"{prefix}_system": emulator.system_ids()[system]}


def redfish_args(prefix: str = "rf", **extra) -> dict:
    """Module arguments referring to the vars of :func:`redfish_vars` (plain HTTP, as the lab emulator serves)."""
    args = {"bmc_host": "{{ %s_host }}" % prefix, "bmc_port": "{{ %s_port }}" % prefix,
            "bmc_username": "{{ %s_user }}" % prefix, "bmc_password": "{{ %s_password }}" % prefix,
            "redfish_system": "{{ %s_system }}" % prefix, "redfish_scheme": "http", "driver": "redfish",
            "timeout": 3, "retries": 1}
    args.update(extra)
    return args


def redfish_system(emulator, system: int = 0) -> dict:
    """The ComputerSystem document as the emulator serves it now (test-side check, not through the module)."""
    import base64  # pylint: disable=import-outside-toplevel
    import json  # pylint: disable=import-outside-toplevel
    import urllib.request  # pylint: disable=import-outside-toplevel

    token = base64.b64encode(f"{emulator.username}:{emulator.password}".encode()).decode()
    request = urllib.request.Request(f"{emulator.url}/redfish/v1/Systems/{emulator.system_ids()[system]}",
                                     headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:  # nosec - loopback lab only
        return json.load(response)


def task(name: str, module: str, args: dict, **keywords) -> dict:
    entry = {"name": name, FQCN + module: args}
    entry.update(keywords)
    return entry


def worst_case(timeout: float, retries: int) -> float:
    """Upper bound of one BMC call as the driver promises it (same formula as BmcTarget.worst_case_seconds)."""
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget  # pylint: disable=import-outside-toplevel

    return BmcTarget(host="bound", timeout=timeout, retries=retries).worst_case_seconds()


class BmcRunner:
    """Runs plays on localhost; every run gets the same private HOME below the test's tmp dir."""

    def __init__(self, workdir):
        self.workdir = str(workdir)
        self.store = "sqlite://" + os.path.join(self.workdir, "fleet.db")

    def run(self, tasks, extra_vars=None, check=False, diff=False, module_defaults=None, expect_ok=True, extra_env=None):
        result = run_playbook(play(tasks, module_defaults=module_defaults), self.store, self.workdir,
                              extra_vars=extra_vars, check=check, diff=diff, extra_env=extra_env)
        if expect_ok:
            assert result.returncode == 0, result.stdout[-4000:]
        return result


@pytest.fixture
def bmc_runner(tmp_path):
    return BmcRunner(tmp_path / "playbooks")
