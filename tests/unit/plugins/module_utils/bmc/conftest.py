# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""BMC tests run against real simulators: load the lab fixtures from tests/lab."""
from __future__ import annotations

import os
import sys

LAB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), *([os.pardir] * 4), "lab")
if os.path.abspath(LAB_DIR) not in sys.path:
    sys.path.insert(0, os.path.abspath(LAB_DIR))

from conftest_fixtures import ipmi_bmc, ipmisim_factory, redfish_emulator  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
