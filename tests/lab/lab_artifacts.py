# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the fleet lab's machines boot: the discovery ramdisk and the test operating system, built once and cached.

Both come from tests/lab/testos.py's :func:`lab_images` (the ``discovery_image`` role's builder for the kernel and
ramdisk, the test OS image beside them; Debian packages only, cached under ``.build/lab-images/<inputs key>/`` and
rebuilt only when an input changes). :func:`lab_boot_files` returns ``(files, images)`` for
:class:`fleet_lab.FleetLab`, or raises :class:`Unavailable` naming what is missing, so a test can skip saying why.
"""
from __future__ import annotations

import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
IMAGES_ROOT = os.path.join(REPO_ROOT, ".build", "lab-images")
#: a checksum no image has: the install must refuse the image and end Crashed
BAD_CHECKSUM = "sha256:" + "0" * 64


class Unavailable(RuntimeError):
    """A lab artifact cannot be built here (the reason says what is missing)."""


def lab_images() -> dict:
    """:func:`tests.lab.testos.lab_images` under ``.build/lab-images`` (built when missing)."""
    if not os.path.exists(os.path.join(HERE, "testos.py")):
        raise Unavailable("the test operating system builder (tests/lab/testos.py) is not in this tree")
    from tests.lab import testos  # pylint: disable=import-outside-toplevel
    try:
        return testos.lab_images(IMAGES_ROOT)
    except (OSError, RuntimeError) as error:
        raise Unavailable("building the discovery ramdisk and test OS failed: %s" % error) from error


def lab_boot_files(api_url: str, image_id: str, bad_image_id: str) -> tuple:
    """``(files, images)``: the kernel, ramdisk and image the boot API serves, and two catalog images - the test
    OS, and the same file with a checksum that does not match."""
    built = lab_images()
    files = {name: os.path.join(built["files_dir"], name) for name in (built["kernel"], built["initrd"], built["image_name"])}
    url = api_url + "/files/" + built["image_name"]
    images = [{"id": image_id, "url": url, "checksum": "sha256:" + built["image_sha256"]},
              {"id": bad_image_id, "url": url, "checksum": BAD_CHECKSUM}]
    return files, images
