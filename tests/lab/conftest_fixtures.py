# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""pytest fixtures that run real BMC simulators (ipmi_sim, sushy-emulator) for a test.

Use from a conftest::

    sys.path.insert(0, <repo>/tests/lab)
    from conftest_fixtures import ipmisim_factory, ipmi_bmc, redfish_emulator  # noqa: F401

Every fixture stops what it started at teardown; missing tools skip with the reason.
"""
from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

import ipmisim
import redfish_emulator as redfish_lab


def _require_ipmi_sim():
    if not os.path.exists(ipmisim.IPMI_SIM):
        pytest.skip("ipmi_sim is not installed (apt-get install openipmi)")


def _require_emulator():
    if redfish_lab.EMULATOR is None:
        pytest.skip("sushy-emulator is not installed (pip install sushy-tools)")
    if importlib.util.find_spec("bcrypt") is None:
        pytest.skip("bcrypt is not installed; sushy-emulator's auth file needs it (pip install bcrypt)")


@pytest.fixture
def ipmisim_factory(tmp_path):
    """``start(count, **kwargs) -> [IpmiSimInstance]``; all instances stop at teardown."""
    _require_ipmi_sim()
    lab = ipmisim.IpmiSimLab(str(tmp_path / "ipmisim"))
    try:
        yield lab.start
    finally:
        lab.stop()


@pytest.fixture
def ipmi_bmc(ipmisim_factory):
    """One running ipmi_sim (power off, no boot override)."""
    return ipmisim_factory(1)[0]


@pytest.fixture
def redfish_emulator(tmp_path):
    """A running sushy-emulator (fake driver, 2 systems, basic auth)."""
    _require_emulator()
    emulator = redfish_lab.start_emulator(str(tmp_path / "redfish"))
    try:
        yield emulator
    finally:
        emulator.stop()
        shutil.rmtree(str(tmp_path / "redfish" / "state"), ignore_errors=True)
