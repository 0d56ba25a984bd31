# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A wheel directory for the boot API's virtual environment, for a boot server without a package index.

The boot_server role installs the boot API's libraries with pip; with ``boot_server_api_pip_extra_args:
--no-index --find-links=<dir>`` it needs no index at all (the documented way for boot servers without one). The
systemd test's container lives in a network namespace of its own and has no index: this module downloads the wheels
of the role's requirements once (``pip download``, cached under ``.build/wheels/``, downloaded again when the
requirement lines change) for the Python and platform of the test machine, which the container's Debian 12 shares.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import yaml

from tests.support.playbook import REPO_ROOT

CACHE = os.path.join(REPO_ROOT, ".build", "wheels")


def _name(line: str) -> str:
    return re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0].strip().lower().replace("_", "-")


def boot_api_requirements() -> list:
    """The lines of requirements.txt the role installs (boot_server_api_requirements, with their bounds)."""
    with open(os.path.join(REPO_ROOT, "roles", "boot_server", "defaults", "main.yml"), encoding="utf-8") as handle:
        wanted = {name.lower() for name in yaml.safe_load(handle)["boot_server_api_requirements"]}
    with open(os.path.join(REPO_ROOT, "requirements.txt"), encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    chosen = [line for line in lines if _name(line) in wanted]
    assert {_name(line) for line in chosen} == wanted, "requirements.txt lacks some of %s" % sorted(wanted)
    return chosen


def wheelhouse(name: str = "boot-api") -> str:
    """The directory with the wheels of :func:`boot_api_requirements` (and their dependencies)."""
    lines = boot_api_requirements()
    directory = os.path.join(CACHE, name)
    stamp = directory + ".requirements"
    wanted = "\n".join(lines)
    if os.path.isdir(directory) and os.path.exists(stamp) and open(stamp, encoding="utf-8").read() == wanted:
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                           "--only-binary=:all:", "--dest", directory] + lines,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
    if done.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError("pip download failed: %s" % done.stdout[-2000:])
    with open(stamp, "w", encoding="utf-8") as out:
        out.write(wanted)
    return directory
