# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Semantic versions and version constraints compatible with Masterminds/semver v3.

Private to the metalfleet.datacenter collection; not a public API.

Versions (``NewVersion`` with coercion, as used for image ids): optional ``v``,
1-3 numeric parts (missing parts are 0, leading zeros tolerated: ``24.04`` = 24.4.0),
optional ``-prerelease`` and ``+build``.  Ordering: numeric parts, then a release
sorts after its pre-releases, build metadata is ignored.

Constraints: ``||`` separates alternatives, commas or spaces separate conjunctions,
``a - b`` is ``>= a, <= b``; operators ``= != > < >= => <= =< ~ ~> ^`` or none;
``x``/``X``/``*`` or missing parts make a constraint a range (``~1`` = ``>=1.0.0 <2.0.0``,
``2.1`` = ``2.1.x``).  Pre-release versions only satisfy constraints that carry a
pre-release themselves.

Public functions::

    parse_version(text: str) -> Version                # raises InvalidVersionError
    try_parse_version(text: str) -> Version | None
    has_leading_zeros(text: str) -> bool                # a numeric part written like "04"
    parse_constraint(text: str) -> VersionConstraint    # raises InvalidVersionError
    VersionConstraint.check(version: Version) -> bool;  str(VersionConstraint) -> normalised text
    Version: .major .minor .patch .prerelease .metadata, str() -> "X.Y.Z[-pre][+meta]", ordering operators
"""
from __future__ import annotations

import functools
import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError

_UINT64_MAX = 2 ** 64 - 1
_IDENTIFIERS = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
_VERSION = re.compile(
    rf"^v?(?P<major>[0-9]+)(?:\.(?P<minor>[0-9]+))?(?:\.(?P<patch>[0-9]+))?"
    rf"(?:-(?P<pre>{_IDENTIFIERS}))?(?:\+(?P<meta>{_IDENTIFIERS}))?$"
)
_OPERATORS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_WILD_VERSION = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    rf"(-{_IDENTIFIERS})?(\+{_IDENTIFIERS})?"
)
_SINGLE = re.compile(rf"^\s*({_OPERATORS})\s*({_WILD_VERSION})\s*$")
_FIND = re.compile(rf"({_OPERATORS})\s*({_WILD_VERSION})")
_VALID_GROUP = re.compile(rf"^\s*(?:{_OPERATORS})\s*(?:{_WILD_VERSION})\s*(?:(?:\s+|,\s*)(?:{_OPERATORS})\s*(?:{_WILD_VERSION})\s*)*$")
_HYPHEN_RANGE = re.compile(rf"\s*({_WILD_VERSION})\s+-\s+({_WILD_VERSION})\s*")
_WILDCARDS = ("x", "X", "*")


class InvalidVersionError(FleetError):
    """A version or constraint string cannot be parsed."""

    kind = "validation"


def _compare_prerelease_part(mine: str, theirs: str) -> int:
    if mine == theirs:
        return 0
    if not mine or not theirs:
        return -1 if not mine else 1
    mine_numeric, theirs_numeric = mine.isdigit(), theirs.isdigit()
    if mine_numeric and theirs_numeric:
        return -1 if int(mine) < int(theirs) else 1
    if mine_numeric != theirs_numeric:
        return -1 if mine_numeric else 1
    return -1 if mine < theirs else 1


def _compare_prerelease(mine: str, theirs: str) -> int:
    if mine == theirs:
        return 0
    if not mine or not theirs:
        return 1 if not mine else -1
    left, right = mine.split("."), theirs.split(".")
    for index in range(max(len(left), len(right))):
        order = _compare_prerelease_part(left[index] if index < len(left) else "", right[index] if index < len(right) else "")
        if order:
            return order
    return 0


@functools.total_ordering
class Version:
    """A parsed semantic version (immutable)."""

    __slots__ = ("major", "minor", "patch", "prerelease", "metadata", "original")

    def __init__(self, major: int, minor: int, patch: int, prerelease: str = "", metadata: str = "", original: str = ""):
        self.major, self.minor, self.patch = major, minor, patch
        self.prerelease, self.metadata = prerelease, metadata
        self.original = original or self.__str__()

    def compare(self, other: "Version") -> int:
        mine, theirs = (self.major, self.minor, self.patch), (other.major, other.minor, other.patch)
        if mine != theirs:
            return -1 if mine < theirs else 1
        return _compare_prerelease(self.prerelease, other.prerelease)

    def __eq__(self, other) -> bool:
        return isinstance(other, Version) and self.compare(other) == 0

    def __lt__(self, other: "Version") -> bool:
        return self.compare(other) < 0

    def __hash__(self) -> int:
        return hash((self.major, self.minor, self.patch, self.prerelease))

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + self.prerelease
        if self.metadata:
            text += "+" + self.metadata
        return text

    def __repr__(self) -> str:
        return f"Version({self.__str__()!r})"


def _number(text, version: str) -> int:
    value = int(text) if text else 0
    if value > _UINT64_MAX:
        raise InvalidVersionError(f"invalid semantic version {version!r}: {text} is too large")
    return value


@functools.lru_cache(maxsize=4096)
def parse_version(text: str) -> Version:
    """Parse like Masterminds ``NewVersion`` (coercing); raise InvalidVersionError."""
    match = _VERSION.match(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidVersionError(f"invalid semantic version {text!r}")
    prerelease = match.group("pre") or ""
    for part in prerelease.split(".") if prerelease else ():
        if part.isdigit() and len(part) > 1 and part.startswith("0"):
            raise InvalidVersionError(f"invalid semantic version {text!r}: pre-release part {part!r} has a leading zero")
    return Version(
        _number(match.group("major"), text), _number(match.group("minor"), text), _number(match.group("patch"), text),
        prerelease, match.group("meta") or "", text,
    )


def try_parse_version(text) -> Version | None:
    """Parse or return None."""
    try:
        return parse_version(text)
    except InvalidVersionError:
        return None


def has_leading_zeros(text: str) -> bool:
    """Whether a numeric part of the version text is written with a leading zero (``24.04``)."""
    match = _VERSION.match(text or "")
    if match is None:
        return False
    return any(part and len(part) > 1 and part.startswith("0") for part in match.group("major", "minor", "patch"))


class _Term:
    """One ``<op><version>`` term; the check functions mirror Masterminds' operator semantics."""

    __slots__ = ("operator", "text", "version", "dirty", "minor_dirty", "patch_dirty")

    def __init__(self, term: str):
        match = _SINGLE.match(term)
        if match is None:
            raise InvalidVersionError(f"improper constraint: {term}")
        self.operator, self.text = match.group(1), match.group(2)
        major, minor, patch, prerelease = match.group(3), match.group(4) or "", match.group(5) or "", match.group(6) or ""
        self.dirty = self.minor_dirty = self.patch_dirty = False
        version_text = self.text
        if major in _WILDCARDS:
            self.dirty, version_text = True, f"0.0.0{prerelease}"
        elif not minor or minor[1:] in _WILDCARDS:
            self.dirty = self.minor_dirty = True
            version_text = f"{major}.0.0{prerelease}"
        elif not patch or patch[1:] in _WILDCARDS:
            self.dirty = self.patch_dirty = True
            version_text = f"{major}{minor}.0{prerelease}"
        version = try_parse_version(version_text)
        if version is None:
            raise InvalidVersionError(f"improper constraint: {term}")
        self.version = version

    def __str__(self) -> str:
        return self.operator + self.text

    def excludes_prerelease(self, version: Version) -> bool:
        """Pre-release versions only satisfy terms that name a pre-release themselves."""
        return bool(version.prerelease) and not self.version.prerelease

    def check(self, version: Version) -> bool:
        if self.operator != "!=" and self.excludes_prerelease(version):
            return False
        return _OPERATOR_CHECKS[self.operator](self, version)

    def tilde(self, version: Version) -> bool:
        con = self.version
        if version < con:
            return False
        if (con.major, con.minor, con.patch) == (0, 0, 0) and not self.minor_dirty and not self.patch_dirty:
            return True
        if version.major != con.major:
            return False
        return version.minor == con.minor or self.minor_dirty

    def equal_or_tilde(self, version: Version) -> bool:
        return self.tilde(version) if self.dirty else version == self.version

    def not_equal(self, version: Version) -> bool:
        con = self.version
        if not self.dirty:
            return version != con
        if self.excludes_prerelease(version):
            return False
        if con.major != version.major:
            return True
        if self.minor_dirty:
            return False
        if con.minor != version.minor:
            return True
        if self.patch_dirty:
            return _compare_prerelease(version.prerelease, con.prerelease) != 0
        return version != con

    def greater(self, version: Version) -> bool:
        con = self.version
        if not self.dirty:
            return version > con
        if version.major != con.major:
            return version.major > con.major
        if self.minor_dirty:
            return False
        if self.patch_dirty:
            return version.minor > con.minor
        return version > con

    def less(self, version: Version) -> bool:
        return version < self.version

    def greater_equal(self, version: Version) -> bool:
        return version >= self.version

    def less_equal(self, version: Version) -> bool:
        con = self.version
        if not self.dirty:
            return version <= con
        if version.major > con.major:
            return False
        return not (version.major == con.major and version.minor > con.minor and not self.minor_dirty)

    def caret(self, version: Version) -> bool:
        con = self.version
        if version < con:
            return False
        if con.major > 0 or self.minor_dirty:
            return version.major == con.major
        if version.major > 0:
            return False
        if con.minor > 0 or self.patch_dirty:
            return version.minor == con.minor
        if version.minor > 0:
            return False
        return version.patch == con.patch


_OPERATOR_CHECKS = {
    "": _Term.equal_or_tilde, "=": _Term.equal_or_tilde, "!=": _Term.not_equal,
    ">": _Term.greater, "<": _Term.less, ">=": _Term.greater_equal, "=>": _Term.greater_equal,
    "<=": _Term.less_equal, "=<": _Term.less_equal, "~": _Term.tilde, "~>": _Term.tilde, "^": _Term.caret,
}


def _expand_hyphen_ranges(text: str) -> str:
    return _HYPHEN_RANGE.sub(lambda match: f">= {match.group(1)}, <= {match.group(7)}", text)


class VersionConstraint:
    """A parsed constraint expression: alternatives (``||``) of conjunctions."""

    def __init__(self, text: str):
        self.text = text
        alternatives = []
        for group in _expand_hyphen_ranges(text).split("||"):
            if not _VALID_GROUP.match(group):
                raise InvalidVersionError(f"improper constraint: {group}")
            alternatives.append(tuple(_Term(match.group(0)) for match in _FIND.finditer(group)))
        self._alternatives = tuple(alternatives)

    def check(self, version: Version) -> bool:
        return any(all(term.check(version) for term in terms) for terms in self._alternatives)

    def __str__(self) -> str:
        return " || ".join(" ".join(str(term) for term in terms) for terms in self._alternatives)


@functools.lru_cache(maxsize=1024)
def parse_constraint(text: str) -> VersionConstraint:
    """Parse a constraint expression like Masterminds ``NewConstraint``; raise InvalidVersionError."""
    if not isinstance(text, str):
        raise InvalidVersionError(f"improper constraint: {text!r}")
    return VersionConstraint(text)
