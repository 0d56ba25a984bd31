# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The discovery_image role under a real ansible-playbook on localhost: build, checksums, determinism, idempotence.

The .deb cache is the repository's ``.build/debs`` (the packages are fetched with ``apt-get download`` when it lacks
the candidate versions).  The ramdisk the role builds must be byte-for-byte the one ``tests/lab/testos.py`` builds
from the same agent and packages (the same builder, the same SOURCE_DATE_EPOCH): deterministic across runs and hosts.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess

import pytest

from tests.lab import testos
from tests.support.boot_api import REPO_ROOT
from tests.support.playbook import run_playbook

pytestmark = [pytest.mark.slow, pytest.mark.playbook]


def _role_play(output, check=False):
    return [{"name": "discovery image", "hosts": "localhost", "gather_facts": False, "roles": [{
        "role": "metalfleet.datacenter.discovery_image", "discovery_image_output_dir": output,
        "discovery_image_cache_dir": testos.DEB_CACHE, "discovery_image_build_dir": output + "-build",
        "discovery_image_python": "/usr/bin/python3"}]}]


def test_the_role_builds_checksummed_deterministic_outputs_idempotently(tmp_path):
    output = str(tmp_path / "boot-files")
    first = run_playbook(_role_play(output), "sqlite:///unused.db", str(tmp_path / "run1"))
    assert first.returncode == 0, first.stdout[-4000:]
    assert first.task("metalfleet.datacenter.discovery_image : Build the kernel and the ramdisk")["result"]["changed"]
    subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=output, check=True, capture_output=True)
    with open(os.path.join(output, "discovery-build.json"), encoding="utf-8") as handle:
        info = json.load(handle)
    assert [p["package"] for p in info["packages"]] == ["busybox-static", "linux-image-" + info["kernel_release"]]
    assert info["modules"].index("virtio_ring.ko") < info["modules"].index("virtio.ko") < info["modules"].index("virtio_net.ko")

    again = run_playbook(_role_play(output), "sqlite:///unused.db", str(tmp_path / "run2"))
    assert again.returncode == 0, again.stdout[-4000:]
    changed = [r["task"] for r in again.results if r["result"].get("changed")]
    assert not changed, "the second run changed %s" % changed

    lab = testos.lab_images(os.path.join(REPO_ROOT, ".build", "lab-images"))
    with open(os.path.join(output, "initrd.img"), "rb") as built, open(os.path.join(lab["files_dir"], "initrd.img"), "rb") as other:
        assert hashlib.sha256(built.read()).hexdigest() == hashlib.sha256(other.read()).hexdigest()
