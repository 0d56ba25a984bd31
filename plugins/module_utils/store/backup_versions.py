# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The versions in a backup directory: names, manifests, checksums, choosing and pruning.

Private to the metalfleet.datacenter collection; not a public API.

Layout::

    <directory>/fleet-20261202T043512.123456Z/manifest.json   one version: its manifest
    <directory>/fleet-20261202T043512.123456Z/store.sqlite    and its payload (store.pgdump; + .enc when encrypted)
    <directory>/.tmp-fleet-...                                a backup being written (or killed): never a version
    <directory>/safety/restore-.../                           safety copies taken by restores: never pruned or restored by "latest"
"""
from __future__ import annotations

import datetime
import json
import os
import shutil

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_files import TMP_PREFIX, sha256_file

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
PREFIX = "fleet-"
SAFETY_DIR = "safety"
DEFAULT_KEEP = 14


def new_name(directory: str, prefix: str = PREFIX, now=None) -> str:
    """A name that sorts by time and is not taken yet in ``directory``."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    base = prefix + now.strftime("%Y%m%dT%H%M%S.%fZ")
    name, number = base, 1
    while os.path.lexists(os.path.join(directory, name)) or os.path.lexists(os.path.join(directory, TMP_PREFIX + name)):
        number += 1
        name = "%s-%d" % (base, number)
    return name


def read_manifest(path: str) -> dict | None:
    try:
        with open(os.path.join(path, MANIFEST), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == MANIFEST_FORMAT else None


def list_versions(directory: str, prefix: str = PREFIX) -> tuple:
    """``(versions, unreadable)``: finished versions oldest first, and names of directories without a valid manifest."""
    if not os.path.isdir(directory):
        return [], []
    versions, unreadable = [], []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not name.startswith(prefix) or not os.path.isdir(path):
            continue
        manifest = read_manifest(path)
        if manifest is None or manifest.get("name") != name:
            unreadable.append(name)
        else:
            versions.append(dict(manifest, path=path))
    versions.sort(key=lambda v: (v.get("created_at", ""), v["name"]))
    return versions, unreadable


def choose(versions: list, wanted: str, directory: str) -> dict:
    """``latest`` or a version by name; a ValidationError naming ``version`` otherwise."""
    if not versions:
        raise ValidationError("version", "there is no finished backup in %s" % directory)
    if wanted in (None, "", "latest"):
        return versions[-1]
    for version in versions:
        if version["name"] == wanted:
            return version
    raise ValidationError("version", "there is no backup named %r in %s (available: %s)"
                          % (wanted, directory, ", ".join(v["name"] for v in versions[-5:])))


def to_prune(names: list, keep: int) -> list:
    """The oldest names beyond the newest ``keep`` (``names`` oldest first)."""
    return list(names[:-keep]) if keep and len(names) > keep else []


def remove_version(directory: str, name: str) -> None:
    shutil.rmtree(os.path.join(directory, name))


def payload_path(version: dict) -> str:
    return os.path.join(version["path"], version["file"])


def checksum_problem(version: dict) -> str | None:
    """Why the version's payload does not match its manifest (None when it does)."""
    path = payload_path(version)
    if not os.path.isfile(path):
        return "its file %s is missing" % version["file"]
    size = os.path.getsize(path)
    if size != version.get("size"):
        return "its size is %d bytes, the manifest says %s" % (size, version.get("size"))
    found = sha256_file(path)
    if found != version.get("sha256"):
        return "its SHA-256 is %s, the manifest says %s" % (found, version.get("sha256"))
    return None


def summary(version: dict) -> dict:
    """What results show of a version (its manifest; no secrets are in it)."""
    keys = ("name", "path", "created_at", "backend", "schema_version", "file", "size", "sha256", "encrypted", "verified",
            "counts", "content_digest", "roles", "tool", "store")
    return {key: version.get(key) for key in keys if key in version}
