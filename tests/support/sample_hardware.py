# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sample machine hardware of the machine tests: it matches the tests' size ``c1-medium``."""
from __future__ import annotations

HARDWARE = {
    "memory": "64GiB",
    "cpus": [{"vendor": "GenuineIntel", "model": "Intel Xeon Silver 4208", "cores": 8, "threads": 16}],
    "disks": [{"name": "/dev/sda", "size": "960GB"}],
    "nics": [{"name": "eth0", "mac": "aa:bb:cc:00:00:01", "neighbor": {"switch": "leaf01", "port": "Ethernet0"}}],
}
