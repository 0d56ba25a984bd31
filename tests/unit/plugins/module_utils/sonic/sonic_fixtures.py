# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Locate and load the shared SONiC reference data for the sonic unit tests.

The data lives outside the repository (``$METALFLEET_SHARED``, default ``../shared``
next to the repository root); tests that need it skip with the reason when absent.
"""
from __future__ import annotations

import os

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import generator_inputs, platform, values

REPO_ROOT = os.path.dirname(os.path.abspath(__file__))
for _ in range(5):
    REPO_ROOT = os.path.dirname(REPO_ROOT)
SHARED_DIR = os.environ.get("METALFLEET_SHARED") or os.path.join(os.path.dirname(REPO_ROOT), "shared")
SONIC_DIR = os.path.join(SHARED_DIR, "sonic")
FIXTURES_DIR = os.path.join(SONIC_DIR, "fixtures")
PLATFORMS_DIR = os.path.join(SONIC_DIR, "platforms")
UNIT_BEHAVIOURS = os.path.join(FIXTURES_DIR, "configdb-utils-unit-behaviours.yaml")
SYSTEM_MAC = "aa:aa:aa:aa:aa:aa"  # the MAC the reference's golden test harness gives the container


def require(path: str) -> str:
    """Return ``path`` or skip the calling test, saying which shared data is missing."""
    if not os.path.exists(path):
        pytest.skip(f"shared SONiC reference data not found at {path} (set METALFLEET_SHARED)")
    return path


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def golden_case_dirs() -> list[str]:
    """Every ``configdb-utils-<n>`` directory with an expected.json (empty without shared data)."""
    if not os.path.isdir(FIXTURES_DIR):
        return []
    names = sorted(name for name in os.listdir(FIXTURES_DIR) if name.startswith("configdb-utils-"))
    return [os.path.join(FIXTURES_DIR, name) for name in names if os.path.isfile(os.path.join(FIXTURES_DIR, name, "expected.json"))]


def load_golden_case(case_dir: str):
    """(values, device, platform or None, expected text) of one golden generator case."""
    environment = generator_inputs.parse_sonic_environment(read_text(os.path.join(case_dir, "sonic-environment")))
    version_path = os.path.join(case_dir, "sonic_version.yml")
    branch = generator_inputs.parse_sonic_version(read_text(version_path)) if os.path.isfile(version_path) else ""
    device = values.DeviceContext(platform=environment.get("PLATFORM", ""), hwsku=environment.get("HWSKU", ""), mac=SYSTEM_MAC, branch=branch)
    sonic_values = values.parse_values(generator_inputs.load_sonic_config_text(read_text(os.path.join(case_dir, "sonic-config.yaml"))))
    platform_dir = os.path.join(FIXTURES_DIR, "device", device.platform)
    platform_data = platform.load_platform(platform_dir, device.hwsku) if os.path.isdir(platform_dir) else None
    return sonic_values, device, platform_data, read_text(os.path.join(case_dir, "expected.json"))


def platform_variants() -> list[tuple[str, str | None]]:
    """(platform dir, hwsku) for every platform.json / port_config.ini set under the shared platforms."""
    variants = []
    if not os.path.isdir(PLATFORMS_DIR):
        return variants
    for root, dirs, files in sorted(os.walk(PLATFORMS_DIR)):
        dirs.sort()
        if "platform.json" in files:
            variants.append((root, None))
        elif "port_config.ini" in files and not os.path.isfile(os.path.join(os.path.dirname(root), "default_sku")):
            variants.append((root, None))  # a bare port_config.ini directory (e.g. mini-lab sonic-vs)
        if "default_sku" in files:
            variants.extend((root, sku) for sku in dirs if os.path.isfile(os.path.join(root, sku, "port_config.ini")))
    return variants
