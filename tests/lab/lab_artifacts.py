# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the fleet lab's machines boot: the discovery ramdisk and the test operating system, built once and cached.

* the discovery ramdisk (kernel ``vmlinuz`` and ``initrd.img``) by the ``discovery_image`` role's builder
  (``roles/discovery_image/files/discovery_build.py``), from Debian packages only;
* the test operating system (a disk image that boots from the virtio disk and phones home on every boot) by
  ``tests/lab/testos.py``.

Both are cached under ``.build/lab/`` and rebuilt only when their sources change (a key over the builder and agent
files). :func:`lab_boot_files` returns ``(files, images)`` for :class:`fleet_lab.FleetLab`, or raises
:class:`Unavailable` naming what is missing, so a test can skip saying why.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
CACHE = os.path.join(REPO_ROOT, ".build", "lab")
DISCOVERY_DIR = os.path.join(REPO_ROOT, "roles", "discovery_image", "files")
BUILDER = os.path.join(DISCOVERY_DIR, "discovery_build.py")
AGENT_DIR = os.path.join(DISCOVERY_DIR, "agent")
TESTOS = os.path.join(HERE, "testos.py")
IMAGE_FILE = "testos.img"
#: a checksum no image has: the install must refuse the image and end Crashed
BAD_CHECKSUM = "sha256:" + "0" * 64


class Unavailable(RuntimeError):
    """A lab artifact cannot be built here (the reason says what is missing)."""


def _tree_key(*paths) -> str:
    digest = hashlib.sha256()
    for top in paths:
        if os.path.isfile(top):
            entries = [top]
        else:
            entries = sorted(os.path.join(root, name) for root, _dirs, names in os.walk(top) for name in names)
        for path in entries:
            digest.update(os.path.relpath(path, REPO_ROOT).encode() + b"\0")
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def _cached(name: str, key: str, build) -> dict:
    """The build ``name`` from the cache when its key matches, else ``build(output_dir)`` (a dict) stored with the key."""
    output = os.path.join(CACHE, name)
    stamp = os.path.join(output, "lab-build.json")
    if os.path.exists(stamp):
        with open(stamp, encoding="utf-8") as handle:
            stored = json.load(handle)
        if stored.get("key") == key:
            return stored["result"]
    os.makedirs(output, exist_ok=True)
    result = build(output)
    with open(stamp, "w", encoding="utf-8") as handle:
        json.dump({"key": key, "result": result}, handle, indent=2)
    return result


def discovery_ramdisk() -> dict:
    """``{"vmlinuz": path, "initrd.img": path}`` of the discovery ramdisk."""
    if not os.path.exists(BUILDER) or not os.path.isdir(AGENT_DIR):
        raise Unavailable("the discovery ramdisk builder (roles/discovery_image) is not in this tree")

    def build(output):
        done = subprocess.run([sys.executable, BUILDER, "--agent-dir", AGENT_DIR, "--output", output,
                               "--cache", os.path.join(CACHE, "debs")], capture_output=True, text=True, check=False, timeout=1200)
        if done.returncode != 0:
            raise Unavailable("building the discovery ramdisk failed: " + (done.stderr or done.stdout)[-2000:])
        return {"vmlinuz": os.path.join(output, "vmlinuz"), "initrd.img": os.path.join(output, "initrd.img")}

    return _cached("discovery", _tree_key(BUILDER, AGENT_DIR), build)


def test_os_image() -> dict:
    """``{"path": ..., "checksum": "sha256:..."}`` of the test operating system's disk image."""
    if not os.path.exists(TESTOS):
        raise Unavailable("the test operating system builder (tests/lab/testos.py) is not in this tree")

    def build(output):
        path = os.path.join(output, IMAGE_FILE)
        done = subprocess.run([sys.executable, TESTOS, "--output", path, "--cache", os.path.join(CACHE, "debs")],
                              capture_output=True, text=True, check=False, timeout=1200)
        if done.returncode != 0 or not os.path.exists(path):
            raise Unavailable("building the test operating system failed: " + (done.stderr or done.stdout)[-2000:])
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return {"path": path, "checksum": "sha256:" + digest}

    return _cached("testos", _tree_key(TESTOS, BUILDER, AGENT_DIR), build)


def lab_boot_files(api_url: str, image_id: str, bad_image_id: str) -> tuple:
    """``(files, images)`` for :class:`fleet_lab.FleetLab`: the ramdisk and the image, and two catalog images (the
    good one, and one with a checksum that does not match)."""
    files = dict(discovery_ramdisk())
    image = test_os_image()
    files[IMAGE_FILE] = image["path"]
    url = api_url + "/files/" + IMAGE_FILE
    images = [{"id": image_id, "url": url, "checksum": image["checksum"]},
              {"id": bad_image_id, "url": url, "checksum": BAD_CHECKSUM}]
    return files, images
