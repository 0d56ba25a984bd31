# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Find the size of a machine from its hardware (the reference's ``FromHardware``).

Private to the metalfleet.datacenter collection; not a public API.

A size matches when

1. every constraint is in range: ``min <= capacity <= max`` where the capacity is
   the sum of ``cpus[].cores`` (cores), the number of GPUs (gpu) or the sum of
   ``disks[].size`` (storage) over the items whose model/name matches the
   identifier glob (empty identifier = all items), and ``memory`` for memory;
2. the match is exhaustive: every CPU, GPU, disk and the memory must be matched by
   some constraint of its type (memory is one item with the empty name, so a size
   needs a memory constraint, and a cores constraint if the machine has CPUs).

Sizes without constraints are skipped.  Exactly one matching size is the result;
none or several give the size id ``unknown`` and a reason naming the candidates.

For speed, :class:`SizeMatcher` compiles the sizes once: globs are precompiled
and their results cached per (identifier, model), and sizes are indexed by their
memory range so only plausible candidates are examined per machine.

Public functions::

    hardware_from_dict(data: dict) -> Hardware
        # data: {"memory": int, "cpus": [{"model", "cores"}], "gpus": [{"model"}], "disks": [{"name", "size"}]}
    readable_spec(hardware) -> str        # "CPUs: 8, Memory: 1.1 GB, Storage: 3.0 kB, GPUs: 1"
    SizeMatcher(sizes).match(hardware) -> MatchResult
    SizeMatcher(sizes).matching_ids(hardware) -> list[str]
    match_size(sizes, hardware) -> MatchResult
        # MatchResult(size_id: str ("unknown" when not exactly one), reason: str, matched_ids: tuple[str, ...])
"""
from __future__ import annotations

import bisect
import dataclasses

from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.goglob import BadPatternError, compile_glob
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import (
    CORES,
    GPU,
    MEMORY,
    STORAGE,
    UNKNOWN_SIZE_ID,
    size_from_dict,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.units import humanize_bytes, parse_bytes

_GLOB_CACHE_LIMIT = 200_000
_NEVER = object()


@dataclasses.dataclass(frozen=True)
class Hardware:
    """Machine hardware reduced to what size matching looks at."""

    memory: int
    cpus: tuple = ()     # ((model, cores), ...)
    gpus: tuple = ()     # ((model, 1), ...)
    disks: tuple = ()    # ((name, size), ...)

    def items(self, constraint_type: str) -> tuple:
        if constraint_type == CORES:
            return self.cpus
        if constraint_type == STORAGE:
            return self.disks
        if constraint_type == GPU:
            return self.gpus
        return (("", self.memory),)


@dataclasses.dataclass(frozen=True)
class MatchResult:
    """Outcome of matching one machine: ``size_id`` is ``unknown`` unless exactly one size matched."""

    size_id: str
    reason: str
    matched_ids: tuple = ()

    def to_dict(self) -> dict:
        return {"size_id": self.size_id, "reason": self.reason, "matched_ids": list(self.matched_ids)}


def _count(value, field: str) -> int:
    # bool is an int subclass but not a count: it goes through parse_bytes like any other non-int value
    return value if isinstance(value, int) and not isinstance(value, bool) else parse_bytes(value or 0, field)


def hardware_from_dict(data) -> Hardware:
    """Normalise the hardware mapping reported by a machine (extra keys such as nics are ignored)."""
    if isinstance(data, Hardware):
        return data
    return Hardware(
        memory=_count(data.get("memory"), "hardware.memory"),
        cpus=tuple((cpu.get("model") or "", _count(cpu.get("cores"), "hardware.cpus.cores")) for cpu in data.get("cpus") or ()),
        gpus=tuple((gpu.get("model") or "", 1) for gpu in data.get("gpus") or ()),
        disks=tuple((disk.get("name") or "", _count(disk.get("size"), "hardware.disks.size")) for disk in data.get("disks") or ()),
    )


def readable_spec(hardware) -> str:
    """Human summary of the hardware used in no-match messages (storage counts all disks)."""
    hardware = hardware_from_dict(hardware)
    cores = sum(count for _model, count in hardware.cpus)
    storage = sum(size for _name, size in hardware.disks)
    return f"CPUs: {cores}, Memory: {humanize_bytes(hardware.memory)}, Storage: {humanize_bytes(storage)}, GPUs: {len(hardware.gpus)}"


def _compiled_identifier(identifier: str):
    """None matches everything, _NEVER nothing (a malformed glob), else a GoGlob."""
    if not identifier:
        return None
    try:
        return compile_glob(identifier)
    except BadPatternError:
        return _NEVER


@dataclasses.dataclass
class _CompiledSize:
    index: int
    size_id: str
    memory_low: int
    memory_high: int
    checks: tuple          # ((type, identifier, min, max), ...) for cores/storage/gpu


def _compile_size(index: int, size):
    """Return a _CompiledSize, or None when the size can never match any machine."""
    memory = [c for c in size.constraints if c.type == MEMORY]
    low = max((c.min for c in memory), default=0)
    high = min((c.max for c in memory), default=-1)
    memory_coverable = any(c.identifier == "" or _glob_hits(_compiled_identifier(c.identifier), "") for c in memory)
    if not memory or low > high or not memory_coverable:
        return None
    checks = tuple((c.type, c.identifier, c.min, c.max) for c in size.constraints if c.type != MEMORY)
    return _CompiledSize(index, size.id, low, high, checks)


def _glob_hits(compiled, name: str) -> bool:
    if compiled is None:
        return True
    if compiled is _NEVER:
        return False
    return compiled.matches(name)


class _MemoryIndex:
    """Stabbing index over the memory ranges of the sizes: value -> bitmask of candidate sizes."""

    def __init__(self, compiled_sizes):
        points = sorted({s.memory_low for s in compiled_sizes} | {s.memory_high + 1 for s in compiled_sizes})
        self._points = points
        self._segments = [
            sum(1 << s.index for s in compiled_sizes if s.memory_low <= start <= s.memory_high)
            for start in points
        ]

    def candidates(self, memory: int) -> int:
        position = bisect.bisect_right(self._points, memory) - 1
        return self._segments[position] if position >= 0 else 0


def _bits(mask: int):
    """Positions of the set bits, lowest first."""
    while mask:
        lowest = mask & -mask
        yield lowest.bit_length() - 1
        mask ^= lowest


class SizeMatcher:
    """Sizes compiled for fast, repeated matching of machines.

    Few memory candidates are checked size by size; many candidates are filtered by
    evaluating each *distinct* constraint once and dropping all sizes that carry a
    failing one (a bitmask per constraint), then only the survivors are checked for
    exhaustive coverage.
    """

    PER_SIZE_LIMIT = 8

    def __init__(self, sizes):
        sizes = [size for size in (size_from_dict(item) for item in sizes) if size.constraints]
        compiled = [_compile_size(index, size) for index, size in enumerate(sizes)]
        self._sizes = compiled
        self._index = _MemoryIndex([size for size in compiled if size is not None])
        distinct: dict = {}
        for size in compiled:
            for check in size.checks if size is not None else ():
                distinct[check] = distinct.get(check, 0) | 1 << size.index
        self._distinct_checks = tuple((*check, mask) for check, mask in distinct.items())
        self._globs = {
            constraint.identifier: _compiled_identifier(constraint.identifier)
            for size in sizes for constraint in size.constraints
        }
        self._glob_results: dict = {}

    def _hits(self, identifier: str, name: str) -> bool:
        key = (identifier, name)
        hit = self._glob_results.get(key)
        if hit is None:
            if len(self._glob_results) > _GLOB_CACHE_LIMIT:
                self._glob_results.clear()
            hit = self._glob_results[key] = _glob_hits(self._globs[identifier], name)
        return hit

    def _capacity(self, hardware: Hardware, constraint_type: str, identifier: str, capacities: dict) -> tuple:
        """Return (capacity, bitmask of matched items) of one identifier, memoised per machine."""
        key = (constraint_type, identifier)
        found = capacities.get(key)
        if found is not None:
            return found
        items = hardware.items(constraint_type)
        if not identifier:
            found = (sum(count for _name, count in items), (1 << len(items)) - 1)
        else:
            total = mask = 0
            for position, (name, count) in enumerate(items):
                if self._hits(identifier, name):
                    total += count
                    mask |= 1 << position
            found = (total, mask)
        capacities[key] = found
        return found

    def _fits(self, size: _CompiledSize, hardware: Hardware, capacities: dict) -> bool:
        """Range check of every constraint followed by the exhaustive coverage check."""
        for constraint_type, identifier, low, high in size.checks:
            capacity = self._capacity(hardware, constraint_type, identifier, capacities)[0]
            if capacity < low or capacity > high:
                return False
        return self._covered(size, hardware, capacities)

    def _covered(self, size: _CompiledSize, hardware: Hardware, capacities: dict) -> bool:
        """Exhaustive pass: every CPU, disk and GPU is matched by some constraint of its type.

        The answer depends only on the non-memory constraints, so it is memoised per
        machine for sizes that share them.
        """
        key = ("covered", size.checks)
        answer = capacities.get(key)
        if answer is None:
            covered: dict = {}
            for constraint_type, identifier, _low, _high in size.checks:
                mask = self._capacity(hardware, constraint_type, identifier, capacities)[1]
                covered[constraint_type] = covered.get(constraint_type, 0) | mask
            answer = capacities[key] = all(
                not items or covered.get(constraint_type, 0) == (1 << len(items)) - 1
                for constraint_type, items in ((CORES, hardware.cpus), (STORAGE, hardware.disks), (GPU, hardware.gpus))
            )
        return answer

    def _filter_by_distinct_checks(self, candidates: int, hardware: Hardware, capacities: dict) -> int:
        for constraint_type, identifier, low, high, sizes_mask in self._distinct_checks:
            if sizes_mask & candidates:
                capacity = self._capacity(hardware, constraint_type, identifier, capacities)[0]
                if capacity < low or capacity > high:
                    candidates &= ~sizes_mask
                    if not candidates:
                        break
        return candidates

    def matching_ids(self, hardware) -> list:
        """Ids of every size that fits the machine, in the order the sizes were given."""
        hardware = hardware_from_dict(hardware)
        candidates = self._index.candidates(hardware.memory)
        capacities: dict = {}
        if bin(candidates).count("1") > self.PER_SIZE_LIMIT:
            candidates = self._filter_by_distinct_checks(candidates, hardware, capacities)
            fitting = (self._sizes[p] for p in _bits(candidates))
            return [size.size_id for size in fitting if self._covered(size, hardware, capacities)]
        fitting = (self._sizes[p] for p in _bits(candidates))
        return [size.size_id for size in fitting if self._fits(size, hardware, capacities)]

    def match(self, hardware) -> MatchResult:
        """Return the single matching size, or ``unknown`` with the reason."""
        hardware = hardware_from_dict(hardware)
        matched = tuple(self.matching_ids(hardware))
        if len(matched) == 1:
            return MatchResult(matched[0], f'the hardware matches size "{matched[0]}"', matched)
        if not matched:
            return MatchResult(UNKNOWN_SIZE_ID, f"no size found for hardware ({readable_spec(hardware)})", matched)
        names = ", ".join(f'"{size_id}"' for size_id in matched)
        return MatchResult(UNKNOWN_SIZE_ID, f"{len(matched)} sizes found for hardware ({readable_spec(hardware)}): {names}", matched)


def match_size(sizes, hardware) -> MatchResult:
    """One-off matching; build a :class:`SizeMatcher` once to match many machines."""
    return SizeMatcher(sizes).match(hardware)
