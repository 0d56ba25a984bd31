# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Attribute descriptions used by every module of the collection."""
from __future__ import annotations


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: The module runs its full logic in check mode and discards the result, so it predicts the real outcome.
  diff_mode:
    description: In diff mode the module returns the state of every entity it touched before and after the change.
"""

    FULL_SUPPORT = r"""
options: {}
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
"""

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: This module only reads, so check mode changes nothing in its behaviour.
    description: The module runs normally in check mode.
  diff_mode:
    support: N/A
    details: This module only reads.
    description: The module returns no diff.
"""

    ACTIONGROUP_FLEET = r"""
options: {}
attributes:
  action_group:
    description: Options such as O(store) can be set for all modules of the group with C(module_defaults).
    support: full
    membership:
      - metalfleet.datacenter.fleet
"""
