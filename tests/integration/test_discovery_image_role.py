# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The discovery_image role under a real ansible-playbook on localhost: build, checksums, determinism, idempotence.

The .deb cache is the repository's ``.build/debs`` (the packages are fetched with ``apt-get download`` when it lacks
the candidate versions).  The ramdisk the role builds must be byte-for-byte the one ``tests/lab/testos.py`` builds
from the same agent and packages (the same builder, the same SOURCE_DATE_EPOCH): deterministic across runs and hosts.
The ramdisk is read back entry by entry (cpio ``newc``): lldpad and lldptool are in it, and every program
interpreter and ``DT_NEEDED`` library of every ELF file in it resolves inside the archive, as the ramdisk's dynamic
loader (no ld.so.cache: its default directories) would find it.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import posixpath
import stat
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


def read_newc(path) -> dict:
    """``name -> (mode, data)`` of a gzip-compressed cpio ``newc`` archive (read here, not by the builder)."""
    with gzip.open(path, "rb") as handle:
        archive = handle.read()
    entries, offset = {}, 0
    while True:
        assert archive[offset:offset + 6] == b"070701", "no newc header at %d" % offset
        fields = [int(archive[offset + 6 + 8 * i:offset + 14 + 8 * i], 16) for i in range(13)]
        mode, size, name_size = fields[1], fields[6], fields[11]
        name = archive[offset + 110:offset + 110 + name_size - 1].decode("utf-8")
        offset += 110 + name_size
        offset += (4 - offset % 4) % 4
        data = archive[offset:offset + size]
        offset += size + (4 - size % 4) % 4
        if name == "TRAILER!!!":
            return entries
        entries[name] = (mode, data)


def resolve(entries, path, hops=0):
    """The regular file ``path`` names inside the archive (symlinks followed), or None."""
    path = posixpath.normpath(path).lstrip("/")
    if path not in entries or hops > 16:
        return None
    mode, data = entries[path]
    if stat.S_ISLNK(mode):
        target = data.decode("utf-8")
        return resolve(entries, target if target.startswith("/") else posixpath.join(posixpath.dirname(path), target), hops + 1)
    return path if stat.S_ISREG(mode) else None


def test_the_ramdisk_holds_lldpad_with_every_library_it_needs(tmp_path):
    output = str(tmp_path / "boot-files")
    testos.builder().build_ramdisk(testos.AGENT_DIR, output, testos.DEB_CACHE)
    entries = read_newc(os.path.join(output, "initrd.img"))
    build = testos.builder()
    for program in ("usr/sbin/lldpad", "usr/sbin/lldptool", "lib/metalfleet/lldp.sh"):
        assert resolve(entries, program), "%s is not in the ramdisk" % program
    assert stat.S_ISDIR(entries["var/lib/lldpad"][0]) and resolve(entries, "var/run") is None and entries["var/run"][1] == b"/run"
    checked = {}
    for name, (mode, data) in sorted(entries.items()):
        info = build.elf_dynamic(data) if stat.S_ISREG(mode) else None
        if info is None:
            continue
        if info["interp"]:
            assert resolve(entries, info["interp"]), "%s: its interpreter %s is not in the ramdisk" % (name, info["interp"])
        for needed in info["needed"]:
            found = [resolve(entries, d + "/" + needed) for d in build.LIBRARY_DIRS if resolve(entries, d + "/" + needed)]
            assert found, "%s needs %s, which is not in the ramdisk" % (name, needed)
            assert build.elf_dynamic(entries[found[0]][1])["soname"] == needed, (name, needed, found[0])
        checked[name] = info["needed"]
    assert checked["usr/sbin/lldpad"] == ["libconfig.so.9", "libnl-3.so.200", "libc.so.6"], checked
    assert "liblldp_clif.so.1" in checked["usr/sbin/lldptool"], checked
    with open(os.path.join(output, "discovery-build.json"), encoding="utf-8") as handle:
        info = json.load(handle)
    assert "usr/sbin/lldpad" in info["programs"] and "lib/x86_64-linux-gnu/libc.so.6" in info["programs"], info["programs"]
    assert {"lldpad", "libconfig9", "libnl-3-200", "libc6"} <= {p["package"] for p in info["packages"]}

    # --without-lldp (discovery_image_lldp: false): none of it
    small = str(tmp_path / "small")
    testos.builder().build_ramdisk(testos.AGENT_DIR, small, testos.DEB_CACHE, lldp=False)
    assert not [name for name in read_newc(os.path.join(small, "initrd.img")) if "lldpad" in name or ".so" in name]
    assert os.path.getsize(os.path.join(small, "initrd.img")) < os.path.getsize(os.path.join(output, "initrd.img")) - 500000


def test_the_role_builds_checksummed_deterministic_outputs_idempotently(tmp_path):
    output = str(tmp_path / "boot-files")
    first = run_playbook(_role_play(output), "sqlite:///unused.db", str(tmp_path / "run1"))
    assert first.returncode == 0, first.stdout[-4000:]
    assert first.task("metalfleet.datacenter.discovery_image : Build the kernel and the ramdisk")["result"]["changed"]
    subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=output, check=True, capture_output=True)
    with open(os.path.join(output, "discovery-build.json"), encoding="utf-8") as handle:
        info = json.load(handle)
    assert [p["package"] for p in info["packages"]] == ["busybox-static", "libc6", "libconfig9", "libnl-3-200",
                                                        "linux-image-" + info["kernel_release"], "lldpad"]
    assert info["modules"].index("virtio_ring.ko") < info["modules"].index("virtio.ko") < info["modules"].index("virtio_net.ko")

    again = run_playbook(_role_play(output), "sqlite:///unused.db", str(tmp_path / "run2"))
    assert again.returncode == 0, again.stdout[-4000:]
    changed = [r["task"] for r in again.results if r["result"].get("changed")]
    assert not changed, "the second run changed %s" % changed

    lab = testos.lab_images(os.path.join(REPO_ROOT, ".build", "lab-images"))
    with open(os.path.join(output, "initrd.img"), "rb") as built, open(os.path.join(lab["files_dir"], "initrd.img"), "rb") as other:
        assert hashlib.sha256(built.read()).hexdigest() == hashlib.sha256(other.read()).hexdigest()
