# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options the catalog modules share: partition, size, image, and their ``*_info`` filters."""
from __future__ import annotations


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  state:
    description: Whether the entry should exist.
    type: str
    choices: [present, absent]
    default: present
  name:
    description: Display name.
    type: str
  description:
    description: Free text.
    type: str
  prune:
    description:
      - With the list form, remove every stored entry of this kind that the list does not name, unless it is in use
        (in-use entries are kept and reported in RV(kept_in_use)).
    type: bool
    default: false
"""

    LABELS = r"""
options:
  labels:
    description: Key/value labels (values are strings); given labels replace the stored ones.
    type: dict
"""

    INFO_FILTERS = r"""
options:
  id:
    description: Only the entries with these ids.
    type: list
    elements: str
  name:
    description: Only the entries of this name.
    type: str
"""

    INFO_LABELS = r"""
options:
  labels:
    description: Only the entries carrying all these labels.
    type: dict
"""
