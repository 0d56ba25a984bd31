# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Suggest size constraints that describe one machine's hardware exactly.

Private to the metalfleet.datacenter collection; not a public API.

Like the reference ``size suggest``: ``cores`` min = max = total cores with the
longest common prefix of the CPU models; ``memory`` min = max = memory;
``storage`` min = max = total disk size with the longest common prefix of the disk
names; one ``gpu`` constraint per distinct model
(min = max = count, in order of first appearance).

Improvement over the reference (documented deviation): identifiers are
glob-escaped, so a model such as ``AD102GL [RTX 6000 Ada Generation]`` becomes
``AD102GL \\[RTX 6000 Ada Generation]`` and the suggested size matches the machine
it was suggested from; when ``*`` cannot cover the differing tails (they contain
``/``, e.g. ``/dev/sda`` and ``/dev/disk/by-id/x``) the empty identifier is used.
``escape=False`` gives the reference's raw identifiers.

Public functions::

    longest_common_prefix(strings) -> str     # "" for none, "foo" if all equal, else "<prefix>*"
    suggest_constraints(hardware, escape: bool = True) -> list[dict]   # [{"type", "min", "max", "identifier"}]
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.goglob import SEPARATOR, escape_glob
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import hardware_from_dict
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import CORES, GPU, MEMORY, STORAGE


def _common_prefix(first: str, last: str) -> str:
    length = 0
    for a, b in zip(first, last):
        if a != b:
            break
        length += 1
    return first[:length]


def _prefix_pattern(strings, escape: bool) -> str:
    """Longest common prefix as a glob.

    With ``escape`` the prefix is glob-escaped, and when ``*`` cannot reach the end
    of every string (the rest contains ``/``) the empty identifier is used instead,
    so the pattern always matches all ``strings``.
    """
    if not strings:
        return ""
    ordered = sorted(strings)
    prefix = _common_prefix(ordered[0], ordered[-1])
    if not escape:
        return prefix if ordered[0] == ordered[-1] else prefix + "*"
    if ordered[0] == ordered[-1]:
        return escape_glob(prefix)
    if any(SEPARATOR in text[len(prefix):] for text in ordered):
        return ""
    return escape_glob(prefix) + "*"


def longest_common_prefix(strings) -> str:
    """The reference helper: sort, compare first and last, append ``*`` unless all are equal."""
    return _prefix_pattern(strings or [], escape=False)


def _constraint(constraint_type: str, amount: int, identifier: str) -> dict:
    return {"type": constraint_type, "min": amount, "max": amount, "identifier": identifier}


def suggest_constraints(hardware, escape: bool = True) -> list:
    """Constraints matching exactly this machine's hardware."""
    hardware = hardware_from_dict(hardware)
    suggestion = [
        _constraint(CORES, sum(cores for _model, cores in hardware.cpus), _prefix_pattern([m for m, _cores in hardware.cpus], escape)),
        _constraint(MEMORY, hardware.memory, ""),
    ]
    suggestion.append(
        _constraint(STORAGE, sum(size for _name, size in hardware.disks), _prefix_pattern([n for n, _size in hardware.disks], escape))
    )
    gpu_counts: dict = {}
    for model, _gpu in hardware.gpus:
        gpu_counts[model] = gpu_counts.get(model, 0) + 1
    for model, count in gpu_counts.items():
        suggestion.append(_constraint(GPU, count, escape_glob(model) if escape else model))
    return suggestion
