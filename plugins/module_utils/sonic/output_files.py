# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write rendered files into a destination directory: atomically, and only when the content changes.

Private to the metalfleet.datacenter collection; not a public API.
"""
from __future__ import annotations

import os
import tempfile

FILE_MODE = 0o644


def read_text(path: str) -> str | None:
    """The file's text, or None when it does not exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def write_atomic(path: str, text: str, mode: int = FILE_MODE) -> None:
    """Write ``text`` to a temporary file next to ``path`` and rename it over ``path``.

    Readers see the old or the new content, never a partial file.
    """
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def sync_files(directory: str, contents: dict, check_mode: bool = False) -> dict:
    """Make ``directory/<name>`` hold ``contents[name]`` for every name; create the directory if missing.

    Returns ``{name: {"path", "changed", "before"}}`` (``before`` is the old text or None).
    In check mode nothing is written; ``changed`` says what a real run would do.
    """
    if not check_mode:
        os.makedirs(directory, exist_ok=True)
    result = {}
    for name, text in contents.items():
        path = os.path.join(directory, name)
        before = read_text(path)
        changed = before != text
        if changed and not check_mode:
            write_atomic(path, text)
        result[name] = {"path": path, "changed": changed, "before": before}
    return result
