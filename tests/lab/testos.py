# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test operating system: a raw disk image the tests build themselves, from Debian packages only.

Entry points (kept stable; the lab tests use them):

* :func:`build_testos(output, cache, epoch=None) <build_testos>` -> ``{"image": path of testos.img.gz, "sha256": hex,
  "raw_size": bytes}``: an MBR disk (syslinux-common's ``mbr.bin``) with one bootable ext2 partition holding
  extlinux, the discovery ramdisk's kernel (the same ``linux-image-*`` package) and an initramfs of busybox, the
  virtio drivers, the agent's library and ``tests/lab/testos/init``.  It boots from the virtio disk without the
  network; on every boot its init reads ``/metalfleet/install.conf`` (written by the installer: machine, API
  addresses, token, host name), gets DHCP and phones home.
* :func:`lab_images(root) <lab_images>` -> ``{"files_dir", "kernel", "initrd", "image", "image_name",
  "image_sha256", "key"}``: the discovery kernel and ramdisk and the test OS image in one directory (what the boot
  API serves at ``/files/``, with a ``SHA256SUMS`` of all three), built once per input (agent, builders,
  packages) under ``root`` and reused.
* ``python -m tests.lab.testos --output DIR`` builds :func:`lab_images` into ``DIR`` and prints it as JSON.

Building needs root: the ext2 file system is loop-mounted once for ``extlinux --install`` (extlinux only installs
onto a mounted file system); ``mke2fs -d`` fills it without mounting.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLE_FILES = os.path.join(REPO_ROOT, "roles", "discovery_image", "files")
AGENT_DIR = os.path.join(ROLE_FILES, "agent")
BUILDER = os.path.join(ROLE_FILES, "discovery_build.py")
TESTOS_INIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testos", "init")
DEB_CACHE = os.path.join(REPO_ROOT, ".build", "debs")
MBR = "/usr/lib/syslinux/mbr/mbr.bin"
IMAGE_NAME = "testos.img.gz"
#: the ext2 file system's UUID (fixed, so that equal inputs give equal file systems where mke2fs allows)
FS_UUID = "6d657461-6c66-4c65-8574-6573746f7301"
SECTOR = 512
PARTITION_START = 2048
EXTLINUX_CONF = """DEFAULT testos
PROMPT 0
TIMEOUT 0
SERIAL 0 115200
LABEL testos
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND console=ttyS0,115200n8
"""


def builder():
    """The discovery_image role's builder module (``roles/discovery_image/files/discovery_build.py``)."""
    spec = importlib.util.spec_from_file_location("metalfleet_discovery_build", BUILDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(argv):
    result = subprocess.run(argv, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(argv), result.returncode, (result.stderr or result.stdout).strip()))
    return result.stdout


def _initramfs(build, inputs: dict, path: str, mtime: int) -> None:
    tree = build.Tree()
    build.busybox_tree(tree, inputs["busybox"])
    build.kernel_module_tree(tree, inputs["modules"], inputs["release"], ("virtio_pci", "virtio_net", "virtio_blk"))
    tree.copy("init", TESTOS_INIT, 0o755)
    tree.copy("lib/metalfleet/common.sh", os.path.join(AGENT_DIR, "lib", "metalfleet", "common.sh"), 0o644)
    tree.copy("etc/udhcpc.script", os.path.join(AGENT_DIR, "etc", "udhcpc.script"), 0o755)
    build.write_initramfs(tree, path, mtime)


def _file_system(staging: str, path: str, workdir: str, epoch: int) -> None:
    used = sum(os.path.getsize(os.path.join(base, name)) for base, _dirs, names in os.walk(staging) for name in names)
    size_mib = used // (1 << 20) + 8
    env = dict(os.environ, E2FSPROGS_FAKE_TIME=str(epoch or 1))
    result = subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-L", "METALFLEET", "-U", FS_UUID, "-E", "root_owner=0:0,hash_seed=" + FS_UUID,
                             "-d", staging, path, "%dM" % size_mib], check=False, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError("mke2fs failed: %s" % result.stderr.strip())
    mountpoint = os.path.join(workdir, "mnt")
    os.makedirs(mountpoint, exist_ok=True)
    _run(["mount", "-o", "loop", path, mountpoint])
    try:
        _run(["extlinux", "--install", os.path.join(mountpoint, "extlinux")])
    finally:
        _run(["umount", mountpoint])


def mbr(partition_sectors: int) -> bytes:
    """syslinux's MBR boot code, a fixed disk signature and one bootable Linux partition from sector 2048."""
    with open(MBR, "rb") as handle:
        code = handle.read()[:440]
    entry = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x83, b"\xfe\xff\xff", PARTITION_START, partition_sectors)
    return code.ljust(440, b"\0") + b"MFTS" + b"\0\0" + entry + b"\0" * 48 + b"\x55\xaa"


def build_testos(output: str, cache: str = DEB_CACHE, epoch=None) -> dict:
    """Build ``<output>/testos.img.gz`` (see the module docstring)."""
    build = builder()
    mtime = build.source_date_epoch(epoch)
    os.makedirs(output, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="testos-") as workdir:
        inputs = build.unpack_inputs(cache, workdir, build.DEFAULT_KERNEL_PACKAGE, build.DEFAULT_BUSYBOX_PACKAGE)
        staging = os.path.join(workdir, "root")
        os.makedirs(os.path.join(staging, "extlinux"))
        shutil.copyfile(inputs["vmlinuz"], os.path.join(staging, "vmlinuz"))
        _initramfs(build, inputs, os.path.join(staging, "initrd.img"), mtime)
        with open(os.path.join(staging, "extlinux", "extlinux.conf"), "w", encoding="utf-8") as handle:
            handle.write(EXTLINUX_CONF)
        for base, dirs, names in os.walk(staging):
            for name in dirs + names:
                os.utime(os.path.join(base, name), (mtime, mtime))
        fs_image = os.path.join(workdir, "fs.img")
        _file_system(staging, fs_image, workdir, mtime)
        fs_size = os.path.getsize(fs_image)
        image = os.path.join(output, IMAGE_NAME)
        with open(image + ".tmp", "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed:
                packed.write(mbr(fs_size // SECTOR).ljust(PARTITION_START * SECTOR, b"\0"))
                with open(fs_image, "rb") as handle:
                    shutil.copyfileobj(handle, packed, 1 << 20)
        os.replace(image + ".tmp", image)
    return {"image": image, "sha256": build.sha256_file(image), "raw_size": PARTITION_START * SECTOR + fs_size}


def _inputs_key(cache: str) -> str:
    """A digest of everything the images are built from: agent, builders, test OS init, the cached packages."""
    digest = hashlib.sha256()
    paths = [BUILDER, TESTOS_INIT, os.path.abspath(__file__)]
    for base, dirs, names in os.walk(AGENT_DIR):
        dirs.sort()
        paths += [os.path.join(base, name) for name in sorted(names)]
    for path in paths:
        digest.update(os.path.relpath(path, REPO_ROOT).encode("utf-8") + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read())
    debs = sorted(os.listdir(cache)) if os.path.isdir(cache) else []
    digest.update("\n".join(debs).encode("utf-8"))
    return digest.hexdigest()[:16]


def lab_images(root: str, cache: str = DEB_CACHE) -> dict:
    """The discovery kernel, ramdisk and test OS image in ``<root>/<inputs key>/`` (built when missing)."""
    build = builder()
    build.fetch_debs([build.DEFAULT_KERNEL_PACKAGE, build.DEFAULT_BUSYBOX_PACKAGE] + list(build.LLDP_PACKAGES), cache)
    key = _inputs_key(cache)
    files_dir = os.path.join(os.path.abspath(root), key)
    done = os.path.join(files_dir, "lab-images.json")
    if not os.path.exists(done):
        staging = files_dir + ".partial-%d" % os.getpid()
        shutil.rmtree(staging, ignore_errors=True)
        build.build_ramdisk(AGENT_DIR, staging, cache)
        testos = build_testos(staging, cache)
        build.write_checksums(staging, ("vmlinuz", "initrd.img", IMAGE_NAME))
        info = {"kernel": "vmlinuz", "initrd": "initrd.img", "image_name": IMAGE_NAME, "image_sha256": testos["sha256"],
                "image_raw_size": testos["raw_size"]}
        with open(os.path.join(staging, "lab-images.json"), "w", encoding="utf-8") as handle:
            json.dump(info, handle, indent=2, sort_keys=True)
        try:
            os.rename(staging, files_dir)
        except OSError:  # another process finished the same build first
            shutil.rmtree(staging, ignore_errors=True)
    with open(done, encoding="utf-8") as handle:
        info = json.load(handle)
    return dict(info, key=key, files_dir=files_dir, image=os.path.join(files_dir, IMAGE_NAME))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the discovery ramdisk and the test operating system image.")
    parser.add_argument("--output", default=os.path.join(REPO_ROOT, ".build", "lab-images"))
    parser.add_argument("--cache", default=DEB_CACHE)
    args = parser.parse_args(argv)
    json.dump(lab_images(args.output, args.cache), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
