# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""roles/discovery_image/files/discovery_build.py: the cpio archive (read back by GNU cpio), determinism, module order,
the ELF reader (held against readelf where binutils is installed) and the shared-library closure of a program."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import stat
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


# -- dynamically linked programs: the ELF reader and the library closure, on this Debian host's own files ----------
HOST_PROGRAM = os.path.realpath("/bin/ls")
HOST_LIBS = "/lib/x86_64-linux-gnu"


def _readelf(path):
    """``readelf``'s view (binutils), to hold the pure-Python reader against where binutils is installed."""
    out = subprocess.run(["readelf", "-d", "-l", path], capture_output=True, text=True, check=True).stdout
    interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", out)
    soname = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return {"interp": interp.group(1) if interp else None, "needed": re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out),
            "soname": soname.group(1) if soname else None}


def test_the_elf_reader_finds_interpreter_needed_and_soname():
    info = build.elf_dynamic(open(HOST_PROGRAM, "rb").read())
    assert info["interp"] == "/lib64/ld-linux-x86-64.so.2" and "libc.so.6" in info["needed"] and info["soname"] is None, info
    libc = build.elf_dynamic(open(os.path.join(HOST_LIBS, "libc.so.6"), "rb").read())
    assert libc["soname"] == "libc.so.6" and libc["needed"] == ["ld-linux-x86-64.so.2"], libc
    busybox = shutil.which("busybox")
    if busybox:  # busybox-static: no interpreter, nothing needed
        assert build.elf_dynamic(open(busybox, "rb").read()) == {"interp": None, "needed": [], "soname": None}
    assert build.elf_dynamic(b"#!/bin/sh\necho not an ELF file\n" + b"\0" * 64) is None
    if shutil.which("readelf"):
        for path in (HOST_PROGRAM, os.path.join(HOST_LIBS, "libc.so.6")):
            assert build.elf_dynamic(open(path, "rb").read()) == _readelf(path), path


def _fake_root(tmp_path, program_info):
    """A package tree with the host's ls, its libraries (libc behind its soname link) and the loader's lib64 link."""
    root = tmp_path / "root"
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "lib64").mkdir()
    libs = root / "lib" / "x86_64-linux-gnu"
    libs.mkdir(parents=True)
    shutil.copy(HOST_PROGRAM, str(root / "usr" / "bin" / "ls"))
    for name in program_info["needed"] + ["ld-linux-x86-64.so.2"]:
        source = os.path.realpath(os.path.join(HOST_LIBS, name))
        if name == "libc.so.6":
            shutil.copy(source, str(libs / "libc-real.so"))
            os.symlink("libc-real.so", str(libs / name))
        else:
            shutil.copy(source, str(libs / name))
    os.symlink("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", str(root / "lib64" / "ld-linux-x86-64.so.2"))
    return root


def test_a_program_comes_with_every_library_it_needs_and_a_missing_one_fails_the_build(tmp_path):
    info = build.elf_dynamic(open(HOST_PROGRAM, "rb").read())
    root = _fake_root(tmp_path, info)
    for name in info["needed"]:  # what those libraries need in turn must be in the tree too (libselinux: libpcre2)
        for deeper in build.elf_dynamic(open(os.path.join(HOST_LIBS, name), "rb").read())["needed"]:
            if not (root / "lib" / "x86_64-linux-gnu" / deeper).exists():
                shutil.copy(os.path.realpath(os.path.join(HOST_LIBS, deeper)), str(root / "lib" / "x86_64-linux-gnu" / deeper))
    tree = build.Tree()
    files = build.program_tree(tree, str(root), ["usr/bin/ls"])
    assert "usr/bin/ls" in files and "lib/x86_64-linux-gnu/libc-real.so" in files
    assert "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" in files
    mode, target = tree.entries["lib/x86_64-linux-gnu/libc.so.6"]
    assert stat.S_ISLNK(mode) and target == b"libc-real.so", "the soname is kept as the package's link"
    mode, target = tree.entries["lib64/ld-linux-x86-64.so.2"]
    assert stat.S_ISLNK(mode) and target == b"/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    for name in info["needed"]:
        assert build.find_library(str(root), name) in tree.entries, name

    os.remove(str(root / "lib" / "x86_64-linux-gnu" / info["needed"][0]))
    with pytest.raises(RuntimeError, match="needs %s, which is in none of the packages" % re.escape(info["needed"][0])):
        build.program_tree(build.Tree(), str(root), ["usr/bin/ls"])
