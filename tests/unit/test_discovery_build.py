# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""roles/discovery_image/files/discovery_build.py: the cpio archive (read back by GNU cpio), determinism, module order."""
from __future__ import annotations

import gzip
import os
import shutil
import subprocess

import pytest

from tests.lab.testos import builder

build = builder()


def _tree(order):
    tree = build.Tree()
    for path in order:
        if path == "bin/sh":
            tree.symlink(path, "/bin/busybox")
        else:
            tree.file(path, ("content of %s\n" % path).encode(), 0o755 if path == "init" else 0o644)
    return tree


def test_the_archive_does_not_depend_on_insertion_order_or_time(tmp_path):
    one = _tree(["init", "bin/sh", "lib/metalfleet/common.sh"])
    two = _tree(["lib/metalfleet/common.sh", "bin/sh", "init"])
    first, second = str(tmp_path / "a.img"), str(tmp_path / "b.img")
    assert build.write_initramfs(one, first, 1700000000) == build.write_initramfs(two, second, 1700000000)
    assert build.write_initramfs(one, second, 1700000001) != build.sha256_file(first), "the epoch is the mtime"


@pytest.mark.skipif(shutil.which("cpio") is None, reason="GNU cpio (scripts/install-system-deps) reads the archive back")
def test_gnu_cpio_reads_the_archive_back(tmp_path):
    path = str(tmp_path / "initrd.img")
    build.write_initramfs(_tree(["init", "bin/sh", "lib/metalfleet/common.sh"]), path, 1700000000)
    with gzip.open(path, "rb") as handle:
        archive = handle.read()
    listing = subprocess.run(["cpio", "-t", "-v", "--quiet"], input=archive, capture_output=True, check=True).stdout.decode()
    names = [line.split()[-1] if "->" not in line else line.split()[-3] for line in listing.splitlines()]
    assert names == ["bin", "bin/sh", "init", "lib", "lib/metalfleet", "lib/metalfleet/common.sh"]
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(["cpio", "-i", "-d", "-m", "--quiet"], input=archive, cwd=str(out), check=True)
    assert (out / "init").read_text() == "content of init\n" and os.access(str(out / "init"), os.X_OK)
    assert os.readlink(str(out / "bin" / "sh")) == "/bin/busybox"
    assert int((out / "init").stat().st_mtime) == 1700000000


def _module(directory, name, depends):
    path = directory / ("%s.ko" % name)
    path.write_bytes(b"\x7fELF...\0license=GPL\0depends=%s\0vermagic=6.1\0" % ",".join(depends).encode())


def test_modules_come_after_their_dependencies(tmp_path):
    drivers = tmp_path / "kernel" / "drivers"
    drivers.mkdir(parents=True)
    _module(drivers, "virtio_ring", [])
    _module(drivers, "virtio", ["virtio_ring"])
    _module(drivers, "virtio_pci", ["virtio", "virtio_ring"])
    _module(drivers, "failover", [])
    _module(drivers, "net_failover", ["failover"])
    _module(drivers, "virtio_net", ["net_failover", "virtio", "virtio_ring"])
    _module(drivers, "virtio_blk", ["virtio", "virtio_ring"])
    order = [os.path.basename(p)[:-3] for p in build.module_closure(str(tmp_path), ["virtio_pci", "virtio_net", "virtio_blk", "e1000"])]
    assert order == ["virtio_ring", "virtio", "virtio_pci", "failover", "net_failover", "virtio_net", "virtio_blk"]
