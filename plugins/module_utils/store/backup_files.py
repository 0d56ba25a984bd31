# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Durable files for backups: checksums, fsync, the write-then-rename of a version directory, the directory lock.

Private to the metalfleet.datacenter collection; not a public API.

A version is built in ``.tmp-<name>`` inside the backup directory; when every
file in it is written, fsynced and checksummed, the directory is renamed to
``<name>`` and the backup directory is fsynced.  Readers only ever look at
names without the ``.tmp-`` prefix, so a backup killed half-way leaves nothing
a restore would pick; the next backup removes such leftovers under the lock.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

TMP_PREFIX = ".tmp-"
LOCK_NAME = ".lock"
CHUNK = 1024 * 1024


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def fsync_path(path: str) -> None:
    """fsync a file or a directory (a directory's fsync makes the names in it durable)."""
    descriptor = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if os.path.isdir(path) else 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_private(path: str, data: bytes) -> None:
    """Write ``data`` to a new file readable by its owner only, and fsync it."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def writable_directory_problem(directory: str) -> str | None:
    """Why backups cannot be written to ``directory`` (None when they can); nothing is created."""
    probe = directory
    while not os.path.lexists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    if not os.path.isdir(probe):
        return "%s is not a directory" % probe
    if not os.access(probe, os.W_OK | os.X_OK):
        return "%s is not writable" % probe
    return None


def ensure_directory(directory: str, field: str = "directory") -> None:
    """Create ``directory`` (private) when missing; a ValidationError naming ``field`` when it cannot hold backups."""
    problem = writable_directory_problem(directory)
    if problem:
        raise ValidationError(field, "cannot write backups to %s: %s" % (directory, problem))
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise ValidationError(field, "cannot create the backup directory %s: %s" % (directory, exc.strerror)) from None


@contextlib.contextmanager
def directory_lock(directory: str, field: str = "directory"):
    """Hold an exclusive lock on the backup directory (one backup, prune or restore at a time)."""
    try:
        descriptor = os.open(os.path.join(directory, LOCK_NAME), os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        raise ValidationError(field, "cannot write backups to %s: %s" % (directory, exc.strerror)) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def remove_leftovers(directory: str) -> list:
    """Remove the ``.tmp-*`` directories of interrupted backups (call under :func:`directory_lock`)."""
    removed = []
    for name in sorted(os.listdir(directory)):
        if name.startswith(TMP_PREFIX):
            shutil.rmtree(os.path.join(directory, name), ignore_errors=True)
            removed.append(name)
    return removed


def start_version(directory: str, name: str) -> str:
    """The private temporary directory a new version is built in."""
    path = os.path.join(directory, TMP_PREFIX + name)
    try:
        os.mkdir(path, 0o700)
    except OSError as exc:
        raise ValidationError("directory", "cannot write backups to %s: %s" % (directory, exc.strerror)) from None
    return path


def publish_version(directory: str, tmp_path: str, name: str) -> str:
    """Make a fully written version visible under its name, durably."""
    for entry in os.listdir(tmp_path):
        fsync_path(os.path.join(tmp_path, entry))
    fsync_path(tmp_path)
    final = os.path.join(directory, name)
    os.rename(tmp_path, final)
    fsync_path(directory)
    return final
