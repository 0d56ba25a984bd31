# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Glob patterns with the semantics of Go's ``path/filepath.Match`` on Unix.

Private to the metalfleet.datacenter collection; not a public API.

Size constraint identifiers are globs evaluated exactly like the reference
implementation does it:

* ``*`` matches any run of characters except ``/``; ``?`` one character except ``/``;
* ``[abc]``, ``[a-z]``, ``[^a-z]`` are character classes (they *can* match ``/``);
* ``\\`` escapes the next character (also inside classes);
* a malformed pattern (``[``, ``[]``, ``][``, ``a\\`` ...) is an error for every
  name: Go checks the whole pattern even after a mismatch, so validation is eager here.

Chunks are matched greedily at their leftmost position like Go does (no
backtracking into an earlier chunk), so results are identical even for exotic
patterns where a regular-expression translation would differ.  Characters are
compared per Unicode code point (Go compares bytes; the results only differ for
``?``/classes facing non-ASCII text in pathological patterns).

Public functions::

    compile_glob(pattern: str) -> GoGlob          # cached; raises BadPatternError
    glob_match(pattern: str, name: str) -> bool   # raises BadPatternError
    is_valid_glob(pattern: str) -> bool
    escape_glob(text: str) -> str                 # glob matching exactly ``text``
    GoGlob.matches(name: str) -> bool
"""
from __future__ import annotations

import functools

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError

SEPARATOR = "/"
GLOB_SPECIAL_CHARACTERS = frozenset("*?[\\")

_LITERAL = 0
_ANY = 1
_CLASS = 2


class BadPatternError(FleetError):
    """The glob pattern is malformed (Go's ``filepath.ErrBadPattern``)."""

    kind = "validation"

    def __init__(self, pattern: str):
        self.pattern = pattern
        super().__init__("syntax error in pattern")


def _split_chunks(pattern: str) -> list[tuple[bool, str]]:
    """Split a pattern into ``(preceded_by_star, chunk_text)`` pairs like Go's scanChunk."""
    chunks = []
    rest = pattern
    while rest:
        star = False
        while rest and rest[0] == "*":
            rest = rest[1:]
            star = True
        in_range = False
        index = 0
        while index < len(rest):
            char = rest[index]
            if char == "\\":
                if index + 1 < len(rest):
                    index += 1
            elif char == "[":
                in_range = True
            elif char == "]":
                in_range = False
            elif char == "*" and not in_range:
                break
            index += 1
        chunks.append((star, rest[:index]))
        rest = rest[index:]
    return chunks


def _class_char(text: str, pos: int, pattern: str) -> tuple[str, int]:
    """Read one (possibly escaped) character of a class range (Go's getEsc)."""
    if pos >= len(text) or text[pos] in "-]":
        raise BadPatternError(pattern)
    if text[pos] == "\\":
        pos += 1
        if pos >= len(text):
            raise BadPatternError(pattern)
    char = text[pos]
    pos += 1
    if pos >= len(text):
        raise BadPatternError(pattern)
    return char, pos


def _parse_class(text: str, pos: int, pattern: str) -> tuple[tuple, int]:
    """Parse a character class starting after ``[``; return the token and the next position."""
    negated = False
    if pos < len(text) and text[pos] == "^":
        negated = True
        pos += 1
    ranges = []
    while True:
        if pos < len(text) and text[pos] == "]" and ranges:
            pos += 1
            break
        low, pos = _class_char(text, pos, pattern)
        high = low
        if text[pos] == "-":
            high, pos = _class_char(text, pos + 1, pattern)
        ranges.append((low, high))
    return (_CLASS, negated, tuple(ranges)), pos


def _parse_chunk(text: str, pattern: str) -> tuple:
    """Turn chunk text into tokens; raise BadPatternError when malformed."""
    tokens = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "[":
            token, pos = _parse_class(text, pos + 1, pattern)
            tokens.append(token)
            continue
        if char == "?":
            tokens.append((_ANY,))
        else:
            if char == "\\":
                pos += 1
                if pos >= len(text):
                    raise BadPatternError(pattern)
                char = text[pos]
            tokens.append((_LITERAL, char))
        pos += 1
    return tuple(tokens)


def _match_chunk(tokens: tuple, name: str, pos: int) -> int:
    """Match chunk tokens at ``name[pos:]``; return the end position or -1."""
    length = len(name)
    for token in tokens:
        if pos >= length:
            return -1
        char = name[pos]
        kind = token[0]
        if kind == _LITERAL:
            if char != token[1]:
                return -1
        elif kind == _ANY:
            if char == SEPARATOR:
                return -1
        else:
            inside = any(low <= char <= high for low, high in token[2])
            if inside == token[1]:
                return -1
        pos += 1
    return pos


class GoGlob:
    """A compiled glob pattern; use :func:`compile_glob` to get (cached) instances."""

    __slots__ = ("pattern", "_chunks", "matches")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._chunks = tuple((star, _parse_chunk(text, pattern)) for star, text in _split_chunks(pattern))
        self.matches = self._select_matcher()

    def _select_matcher(self):
        if not GLOB_SPECIAL_CHARACTERS.intersection(self.pattern):
            return self._matches_literal
        if (self.pattern.endswith("*") and self.pattern.count("*") == 1
                and not GLOB_SPECIAL_CHARACTERS.intersection(self.pattern[:-1])):
            return self._matches_prefix
        return self._matches_general

    def _matches_literal(self, name: str) -> bool:
        return name == self.pattern

    def _matches_prefix(self, name: str) -> bool:
        prefix = self.pattern[:-1]
        return name.startswith(prefix) and SEPARATOR not in name[len(prefix):]

    def _matches_general(self, name: str) -> bool:
        pos = 0
        length = len(name)
        last = len(self._chunks) - 1
        for index, (star, tokens) in enumerate(self._chunks):
            is_last = index == last
            if star and not tokens:
                return SEPARATOR not in name[pos:]
            end = _match_chunk(tokens, name, pos)
            if end >= 0 and (end == length or not is_last):
                pos = end
                continue
            if not star:
                return False
            end = self._skip_to_chunk(tokens, name, pos, is_last)
            if end < 0:
                return False
            pos = end
        return pos == length

    @staticmethod
    def _skip_to_chunk(tokens: tuple, name: str, pos: int, is_last: bool) -> int:
        """Let the star eat characters (never ``/``) until the chunk matches; -1 if it never does."""
        length = len(name)
        while pos < length and name[pos] != SEPARATOR:
            end = _match_chunk(tokens, name, pos + 1)
            if end >= 0 and not (is_last and end < length):
                return end
            pos += 1
        return -1

    def __repr__(self) -> str:
        return f"GoGlob({self.pattern!r})"


@functools.lru_cache(maxsize=4096)
def compile_glob(pattern: str) -> GoGlob:
    """Compile (and cache) a pattern; raise :class:`BadPatternError` when malformed."""
    return GoGlob(pattern)


def glob_match(pattern: str, name: str) -> bool:
    """Return whether ``name`` matches ``pattern`` (Go ``filepath.Match``)."""
    return compile_glob(pattern).matches(name)


def is_valid_glob(pattern: str) -> bool:
    """Return whether the pattern is well formed."""
    try:
        compile_glob(pattern)
    except BadPatternError:
        return False
    return True


def escape_glob(text: str) -> str:
    """Return a pattern that matches exactly ``text`` (escapes ``* ? [ \\``)."""
    return "".join("\\" + char if char in GLOB_SPECIAL_CHARACTERS else char for char in text)
