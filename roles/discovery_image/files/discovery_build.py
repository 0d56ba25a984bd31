# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds the metalfleet discovery ramdisk from Debian packages only (tooling, Python standard library only).

Entry points (kept stable; the lab tests and the ``discovery_image`` role use them):

* ``python3 discovery_build.py --agent-dir DIR --output DIR [--cache DIR] [--kernel-package PKG]
  [--busybox-package PKG] [--kernel-name vmlinuz] [--initrd-name initrd.img] [--epoch N] [--without-lldp]``
  builds ``<output>/<kernel-name>``, ``<output>/<initrd-name>``, ``<output>/SHA256SUMS`` and
  ``<output>/discovery-build.json`` (packages and versions used) and prints that JSON plus ``"changed"``: whether
  ``SHA256SUMS`` differs from the one that was there before (the role's idempotence).
* :func:`build_ramdisk` (same arguments as keywords) does the same from Python and returns that dict.
* :func:`fetch_debs` (``apt-get download`` into a cache, never ``apt-get install``), :func:`extract_deb`
  (``dpkg-deb -x``), :func:`kernel_parts` (the kernel image and its module tree of an extracted
  ``linux-image-*`` package), :func:`module_closure` (modules plus their dependencies from ``modules.dep``, in
  load order), :func:`busybox_tree` (busybox with a link per applet), :func:`newc_archive` and
  :func:`write_initramfs` (a deterministic gzip-compressed cpio ``newc`` archive) are the building blocks the test
  operating system (``tests/lab/testos.py``) reuses.
* :func:`elf_dynamic` (a 64-bit ELF file's program interpreter, ``DT_NEEDED`` and ``DT_SONAME``, read without
  binutils) and :func:`program_tree` (dynamically linked programs plus every shared library they need, found in the
  extracted packages, with their soname symlinks) put the LLDP agent (Debian's ``lldpad``: ``lldpad``, ``lldptool``)
  and its libraries (``libconfig9``, ``libnl-3-200``, ``libc6``) into the ramdisk; a library that is needed and not
  in those packages fails the build.

Determinism: every archive entry gets the mtime ``SOURCE_DATE_EPOCH`` (``--epoch``, else the environment
variable, else 0), uid/gid 0, inode numbers counted in sorted path order, and gzip gets mtime 0 and no file name:
the same packages and agent give the same bytes (the same SHA-256).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile

#: kernel modules the ramdisk loads (their dependencies from modules.dep come first): virtio NIC, disk and PCI
#: transport, and the NICs of common servers and of QEMU's default machine
DEFAULT_MODULES = ("virtio_pci", "virtio_net", "virtio_blk", "virtio_scsi", "e1000", "e1000e")
DEFAULT_KERNEL_PACKAGE = "linux-image-cloud-amd64"
DEFAULT_BUSYBOX_PACKAGE = "busybox-static"
#: the LLDP receiver (Intel's lldpad: daemon and client) and the packages of the shared libraries it needs
LLDP_PACKAGES = ("lldpad", "libconfig9", "libnl-3-200", "libc6")
LLDP_PROGRAMS = ("usr/sbin/lldpad", "usr/sbin/lldptool")
#: where the dynamic loader looks without an ld.so.cache (Debian's multiarch directories first), in that order
LIBRARY_DIRS = ("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib", "usr/lib")
_DEB_NAME = re.compile(r"^(?P<name>[^_]+)_(?P<version>[^_]+)_(?P<arch>[^_.]+)\.deb$")


# -- packages --------------------------------------------------------------------------------------------------------
def _run(argv, cwd=None) -> str:
    result = subprocess.run(argv, cwd=cwd, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(argv), result.returncode, (result.stderr or result.stdout).strip()[-2000:]))
    return result.stdout


def resolve_package(name: str) -> str:
    """A meta package (``linux-image-cloud-amd64``) -> the ``linux-image-*`` package it depends on; else ``name``."""
    if not name.startswith("linux-image-") or re.search(r"-\d+\.\d+", name):
        return name
    for line in _run(["apt-cache", "depends", name]).splitlines():
        match = re.match(r"^\s*Depends:\s*(linux-image-\S+)", line)
        if match:
            return match.group(1)
    raise RuntimeError("%s: no linux-image dependency in apt-cache depends" % name)


def candidate_version(name: str) -> str:
    """The version ``apt-get download`` would fetch (``apt-cache policy``)."""
    for line in _run(["apt-cache", "policy", name]).splitlines():
        match = re.match(r"^\s*Candidate:\s*(\S+)", line)
        if match and match.group(1) != "(none)":
            return match.group(1)
    raise RuntimeError("%s: apt-cache policy has no candidate (run apt-get update)" % name)


def cached_deb(cache: str, name: str, version: str | None = None):
    """The path of ``name`` (of ``version``, or the last in sort order) in the cache, or None."""
    found = []
    for entry in sorted(os.listdir(cache)) if os.path.isdir(cache) else []:
        match = _DEB_NAME.match(entry.replace("%3a", ":"))
        if match and match.group("name") == name and (version is None or match.group("version") == version):
            found.append(os.path.join(cache, entry))
    return found[-1] if found else None


def fetch_debs(names, cache: str) -> dict:
    """``{package: path of its .deb}``: from the cache when the candidate version is there, else ``apt-get download``.

    Without a package index (offline, no ``apt-get update``) a cached .deb of any version is used."""
    os.makedirs(cache, exist_ok=True)
    paths = {}
    for wanted in names:
        try:
            name = resolve_package(wanted)
            version = candidate_version(name)
        except RuntimeError:
            name, version = wanted, None
            if wanted.startswith("linux-image-") and cached_deb(cache, wanted) is None:
                cached = sorted(e for e in os.listdir(cache) if e.startswith("linux-image-") and re.search(r"-\d+\.\d+", e))
                if not cached:
                    raise
                name = _DEB_NAME.match(cached[-1].replace("%3a", ":")).group("name")
        path = cached_deb(cache, name, version)
        if path is None:
            _run(["apt-get", "download", "%s=%s" % (name, version) if version else name], cwd=cache)
            path = cached_deb(cache, name, version)
        if path is None:
            raise RuntimeError("%s: apt-get download left no .deb in %s" % (name, cache))
        paths[wanted] = path
    return paths


def deb_field(path: str, field: str) -> str:
    return _run(["dpkg-deb", "-f", path, field]).strip()


def extract_deb(path: str, into: str) -> str:
    """``dpkg-deb -x`` (unpacks the files only; nothing is installed or configured)."""
    os.makedirs(into, exist_ok=True)
    _run(["dpkg-deb", "-x", path, into])
    return into


# -- kernel and busybox ----------------------------------------------------------------------------------------------
def kernel_parts(root: str):
    """``(vmlinuz path, module directory, kernel release)`` of an extracted linux-image package."""
    boot = os.path.join(root, "boot")
    images = sorted(e for e in os.listdir(boot) if e.startswith("vmlinuz-"))
    if not images:
        raise RuntimeError("no boot/vmlinuz-* in the kernel package")
    release = images[-1][len("vmlinuz-"):]
    for base in ("lib/modules", "usr/lib/modules"):
        modules = os.path.join(root, base, release)
        if os.path.isdir(modules):
            return os.path.join(boot, images[-1]), modules, release
    raise RuntimeError("no module tree for kernel %s" % release)


def module_depends(path: str) -> list:
    """The ``depends=`` names of a ``.ko`` file's ``.modinfo`` (what ``depmod`` would put into ``modules.dep``)."""
    with open(path, "rb") as handle:
        data = handle.read()
    match = re.search(rb"(?:^|\0)depends=([^\0]*)\0", data)
    return [name for name in match.group(1).decode("ascii").split(",") if name] if match else []


def _module_name(relative: str) -> str:
    return os.path.basename(relative).split(".ko")[0].replace("-", "_")


def module_closure(module_dir: str, wanted) -> list:
    """Relative paths of the ``wanted`` modules and their dependencies, each after what it needs (load order).

    The package ships no ``modules.dep`` (``depmod`` runs when it is installed, and it never is): the dependencies
    come from each module's ``.modinfo``.  Modules built into the kernel and modules this kernel does not have are
    left out."""
    by_name = {}
    for base, dirs, names in os.walk(module_dir):
        dirs.sort()
        for name in sorted(names):
            if ".ko" in name:
                relative = os.path.relpath(os.path.join(base, name), module_dir)
                by_name.setdefault(_module_name(relative), relative)
    order = []

    def visit(name, seen=()):
        relative = by_name.get(name.replace("-", "_"))
        if relative is None or relative in order or name in seen:
            return
        for need in module_depends(os.path.join(module_dir, relative)):
            visit(need, seen + (name,))
        order.append(relative)

    for name in wanted:
        visit(name)
    return order


def busybox_applets(busybox: str) -> list:
    """``["bin/sh", "sbin/ifconfig", ...]``: the applets of a busybox binary (it runs here: static, amd64)."""
    return sorted(line.strip().lstrip("/") for line in _run([busybox, "--list-full"]).splitlines() if line.strip())


# -- dynamically linked programs -------------------------------------------------------------------------------------
_PT_LOAD, _PT_DYNAMIC, _PT_INTERP = 1, 2, 3
_DT_NULL, _DT_NEEDED, _DT_STRTAB, _DT_SONAME = 0, 1, 5, 14


def elf_dynamic(data: bytes):
    """``{"interp", "needed", "soname"}`` of a 64-bit little-endian ELF file (None when ``data`` is no such file).

    ``interp`` is the ``PT_INTERP`` path (None for a static program), ``needed`` the ``DT_NEEDED`` names in order,
    ``soname`` the ``DT_SONAME`` (None when there is none).  The dynamic string table is found by translating
    ``DT_STRTAB``'s address through the ``PT_LOAD`` segments."""
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads, dynamic, interp = [], None, None
    for index in range(phnum):
        p_type, _flags, offset, vaddr, _paddr, filesz, _memsz, _align = struct.unpack_from("<IIQQQQQQ", data, phoff + index * phentsize)
        if p_type == _PT_LOAD:
            loads.append((vaddr, offset, filesz))
        elif p_type == _PT_DYNAMIC:
            dynamic = (offset, filesz)
        elif p_type == _PT_INTERP:
            interp = data[offset:offset + filesz].split(b"\0", 1)[0].decode("utf-8")
    entries = []
    if dynamic is not None:
        for position in range(dynamic[0], dynamic[0] + dynamic[1] - 15, 16):
            tag, value = struct.unpack_from("<qQ", data, position)
            if tag == _DT_NULL:
                break
            entries.append((tag, value))
    strtab = next((value for tag, value in entries if tag == _DT_STRTAB), None)
    base = None
    if strtab is not None:
        base = next((offset + strtab - vaddr for vaddr, offset, filesz in loads if vaddr <= strtab < vaddr + filesz), None)

    def string(at):
        if base is None:
            raise ValueError("ELF file without a dynamic string table in a loaded segment")
        return data[base + at:data.index(b"\0", base + at)].decode("utf-8")

    return {"interp": interp, "needed": [string(value) for tag, value in entries if tag == _DT_NEEDED],
            "soname": next((string(value) for tag, value in entries if tag == _DT_SONAME), None)}


def _add_path(tree: Tree, root: str, relative: str) -> str:
    """Copy ``root/relative`` into the tree, following symlinks inside ``root`` (each link kept as a link);
    returns the relative path of the regular file at the end of the chain."""
    for _hop in range(16):
        full = os.path.join(root, relative)
        if not os.path.islink(full):
            if not os.path.isfile(full):
                raise RuntimeError("%s: not in the extracted packages" % relative)
            tree.copy(relative, full)
            return relative
        target = os.readlink(full)
        tree.symlink(relative, target)
        if target.startswith("/"):
            relative = os.path.normpath(target).lstrip("/")
        else:
            relative = os.path.normpath(os.path.join(os.path.dirname(relative), target))
    raise RuntimeError("%s: too many levels of symbolic links" % relative)


def find_library(root: str, name: str):
    """The relative path of library ``name`` in :data:`LIBRARY_DIRS` under ``root``, or None."""
    for directory in LIBRARY_DIRS:
        if os.path.lexists(os.path.join(root, directory, name)):
            return "%s/%s" % (directory, name)
    return None


def program_tree(tree: Tree, root: str, programs) -> list:
    """The ``programs`` (paths relative to ``root``, an extracted package tree) with their program interpreter
    and every shared library they need, recursively; returns the relative paths of the regular files added, sorted.

    A needed library or interpreter that is not under ``root`` raises ``RuntimeError``: the ramdisk would build
    and the program would not start."""
    files, pending = set(), list(programs)
    while pending:
        relative = pending.pop(0)
        real = _add_path(tree, root, relative)
        if real in files:
            continue
        files.add(real)
        with open(os.path.join(root, real), "rb") as handle:
            info = elf_dynamic(handle.read())
        if info is None:
            continue
        if info["interp"]:
            pending.append(info["interp"].lstrip("/"))
        for name in info["needed"]:
            found = find_library(root, name)
            if found is None:
                raise RuntimeError("%s needs %s, which is in none of the packages (%s)" % (relative, name, ", ".join(LIBRARY_DIRS)))
            pending.append(found)
    return sorted(files)


# -- the archive -----------------------------------------------------------------------------------------------------
class Tree:
    """The ramdisk's files before they are archived: ``path -> (mode, bytes or link target)``."""

    def __init__(self):
        self.entries = {}

    def directory(self, path: str, mode: int = 0o755):
        path = path.strip("/")
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            self.entries.setdefault("/".join(parts[:depth]), (stat.S_IFDIR | mode, b""))

    def file(self, path: str, data: bytes, mode: int = 0o644):
        path = path.strip("/")
        if "/" in path:
            self.directory(path.rsplit("/", 1)[0])
        self.entries[path] = (stat.S_IFREG | mode, data)

    def copy(self, path: str, source: str, mode: int | None = None):
        with open(source, "rb") as handle:
            data = handle.read()
        self.file(path, data, mode if mode is not None else (os.stat(source).st_mode & 0o777))

    def symlink(self, path: str, target: str):
        path = path.strip("/")
        if "/" in path:
            self.directory(path.rsplit("/", 1)[0])
        self.entries[path] = (stat.S_IFLNK | 0o777, target.encode("utf-8"))

    def copy_dir(self, path: str, source: str, mode: int | None = None):
        """Every regular file below ``source`` (sorted), under ``path``."""
        for base, dirs, names in os.walk(source):
            dirs.sort()
            for name in sorted(names):
                full = os.path.join(base, name)
                relative = os.path.relpath(full, source)
                self.copy("%s/%s" % (path.strip("/"), relative), full, mode)


def _newc_header(ino: int, mode: int, size: int, mtime: int, name: bytes, nlink: int) -> bytes:
    fields = (ino, mode, 0, 0, nlink, mtime, size, 0, 0, 0, 0, len(name) + 1, 0)
    return b"070701" + b"".join(b"%08X" % value for value in fields) + name + b"\0"


def _pad(length: int) -> bytes:
    return b"\0" * ((4 - length % 4) % 4)


def newc_archive(tree: Tree, mtime: int) -> bytes:
    """A cpio ``newc`` archive of ``tree``: entries sorted by path, fixed mtime, uid/gid 0, inodes 1, 2, ..."""
    out = bytearray()
    for ino, path in enumerate(sorted(tree.entries), start=1):
        mode, data = tree.entries[path]
        name = path.encode("utf-8")
        header = _newc_header(ino, mode, len(data), mtime, name, 2 if stat.S_ISDIR(mode) else 1)
        out += header + _pad(len(header)) + data + _pad(len(data))
    trailer = _newc_header(0, 0, 0, 0, b"TRAILER!!!", 1)
    out += trailer + _pad(len(trailer))
    return bytes(out)


def write_initramfs(tree: Tree, path: str, mtime: int) -> str:
    """Write ``tree`` as a gzip-compressed newc archive (gzip mtime 0, no name); returns its SHA-256."""
    archive = newc_archive(tree, mtime)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as packed:
            packed.write(archive)
    return sha256_file(path)


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def busybox_tree(tree: Tree, busybox: str) -> None:
    """``bin/busybox`` plus a symlink per applet, and the directories every init needs."""
    tree.copy("bin/busybox", busybox, 0o755)
    for applet in busybox_applets(busybox):
        if applet != "bin/busybox":
            tree.symlink(applet, "/bin/busybox")
    for directory in ("dev", "proc", "sys", "tmp", "run", "mnt", "etc", "var/log"):
        tree.directory(directory)


def kernel_module_tree(tree: Tree, module_dir: str, release: str, wanted) -> list:
    """The wanted modules (and dependencies) under ``lib/modules/<release>``, and ``lib/modules/load.list`` in order."""
    order = module_closure(module_dir, wanted)
    for relative in order:
        tree.copy("lib/modules/%s/%s" % (release, relative), os.path.join(module_dir, relative), 0o644)
    listing = "".join("/lib/modules/%s/%s\n" % (release, relative) for relative in order)
    tree.file("lib/modules/load.list", listing.encode("utf-8"))
    return order


def source_date_epoch(epoch=None) -> int:
    if epoch is not None:
        return int(epoch)
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)


def unpack_inputs(cache: str, workdir: str, kernel_package: str, busybox_package: str, extra_packages=()) -> dict:
    """Fetch and extract the kernel and busybox packages, and ``extra_packages`` all into one tree:
    ``{vmlinuz, modules, release, busybox, userland (that tree, or None), packages}``."""
    debs = fetch_debs([kernel_package, busybox_package] + list(extra_packages), cache)
    kernel_root = extract_deb(debs[kernel_package], os.path.join(workdir, "kernel"))
    busybox_root = extract_deb(debs[busybox_package], os.path.join(workdir, "busybox"))
    userland = None
    for name in extra_packages:
        userland = extract_deb(debs[name], os.path.join(workdir, "userland"))
    vmlinuz, modules, release = kernel_parts(kernel_root)
    busybox = os.path.join(busybox_root, "bin", "busybox")
    packages = {os.path.basename(p): {"package": deb_field(p, "Package"), "version": deb_field(p, "Version"), "sha256": sha256_file(p)}
                for p in debs.values()}
    return {"vmlinuz": vmlinuz, "modules": modules, "release": release, "busybox": busybox, "userland": userland,
            "packages": [packages[k] for k in sorted(packages)]}


def lldp_tree(tree: Tree, userland: str) -> list:
    """lldpad and lldptool with their libraries (:func:`program_tree`), and what lldpad writes at run time:
    ``/var/lib/lldpad`` (its ``lldpad.conf``) and ``/var/run`` (its pid file; a link to the tmpfs ``/run``).
    lldptool reaches the daemon over an abstract unix socket: no file for it."""
    files = program_tree(tree, userland, LLDP_PROGRAMS)
    tree.directory("var/lib/lldpad")
    tree.symlink("var/run", "/run")
    return files


def write_checksums(output: str, names) -> dict:
    """``SHA256SUMS`` in ``sha256sum`` format for ``names`` in ``output``; returns ``{name: sha256}``."""
    sums = {name: sha256_file(os.path.join(output, name)) for name in sorted(names)}
    with open(os.path.join(output, "SHA256SUMS"), "w", encoding="utf-8") as handle:
        handle.write("".join("%s  %s\n" % (sums[name], name) for name in sorted(sums)))
    return sums


def build_ramdisk(agent_dir: str, output: str, cache: str, kernel_package: str = DEFAULT_KERNEL_PACKAGE,
                  busybox_package: str = DEFAULT_BUSYBOX_PACKAGE, kernel_name: str = "vmlinuz",
                  initrd_name: str = "initrd.img", epoch=None, modules=DEFAULT_MODULES, lldp: bool = True) -> dict:
    """Build the discovery kernel and ramdisk into ``output`` (see the module docstring); returns the build info."""
    mtime = source_date_epoch(epoch)
    os.makedirs(output, exist_ok=True)
    before = _read(os.path.join(output, "SHA256SUMS"))
    with tempfile.TemporaryDirectory(prefix="discovery-build-") as workdir:
        inputs = unpack_inputs(cache, workdir, kernel_package, busybox_package, LLDP_PACKAGES if lldp else ())
        tree = Tree()
        busybox_tree(tree, inputs["busybox"])
        loaded = kernel_module_tree(tree, inputs["modules"], inputs["release"], modules)
        programs = lldp_tree(tree, inputs["userland"]) if lldp else []
        tree.copy_dir("", agent_dir, 0o755)
        shutil.copyfile(inputs["vmlinuz"], os.path.join(output, kernel_name + ".tmp"))
        os.replace(os.path.join(output, kernel_name + ".tmp"), os.path.join(output, kernel_name))
        write_initramfs(tree, os.path.join(output, initrd_name + ".tmp"), mtime)
        os.replace(os.path.join(output, initrd_name + ".tmp"), os.path.join(output, initrd_name))
    sums = write_checksums(output, (kernel_name, initrd_name))
    info = {"kernel": kernel_name, "initrd": initrd_name, "kernel_release": inputs["release"], "packages": inputs["packages"],
            "modules": [os.path.basename(m) for m in loaded], "programs": programs, "source_date_epoch": mtime, "sha256": sums}
    changed = before != _read(os.path.join(output, "SHA256SUMS"))
    with open(os.path.join(output, "discovery-build.json"), "w", encoding="utf-8") as handle:
        json.dump(info, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return dict(info, changed=changed)


def _read(path: str):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the metalfleet discovery kernel and ramdisk from Debian packages.")
    parser.add_argument("--agent-dir", required=True, help="the agent's files (copied to the ramdisk's root: init, bin/...)")
    parser.add_argument("--output", required=True, help="where the kernel, ramdisk and SHA256SUMS go")
    parser.add_argument("--cache", default=os.path.join(".build", "debs"), help="the .deb cache")
    parser.add_argument("--kernel-package", default=DEFAULT_KERNEL_PACKAGE)
    parser.add_argument("--busybox-package", default=DEFAULT_BUSYBOX_PACKAGE)
    parser.add_argument("--kernel-name", default="vmlinuz")
    parser.add_argument("--initrd-name", default="initrd.img")
    parser.add_argument("--epoch", type=int, default=None, help="SOURCE_DATE_EPOCH of the archive entries")
    parser.add_argument("--module", action="append", default=None, help="a kernel module to load (repeat; default: virtio and e1000)")
    parser.add_argument("--without-lldp", action="store_true", help="leave out the LLDP receiver (lldpad and its libraries)")
    args = parser.parse_args(argv)
    info = build_ramdisk(args.agent_dir, args.output, args.cache, args.kernel_package, args.busybox_package, args.kernel_name,
                         args.initrd_name, args.epoch, tuple(args.module) if args.module else DEFAULT_MODULES, not args.without_lldp)
    json.dump(info, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
