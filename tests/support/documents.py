# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Comparing store documents across runs (check mode against the real run, a run against its repetition)."""
from __future__ import annotations

#: timestamps, which legitimately differ between a check run and the real run
VOLATILE_KEYS = ("created_at", "updated_at", "allocated_at")


def without_volatile(value):
    """``value`` with every timestamp key dropped, at any depth."""
    if isinstance(value, dict):
        return {k: without_volatile(v) for k, v in value.items() if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [without_volatile(v) for v in value]
    return value
