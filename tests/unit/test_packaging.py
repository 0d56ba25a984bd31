# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packaging: every third-party import of plugins/ is a requirement of the collection and of its execution environment."""
from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import sys

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = os.path.join(REPO_ROOT, "plugins")
#: what ansible-core itself is and brings (the controller and every execution environment has it)
ANSIBLE_CORE = "ansible-core"


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(path: str) -> set:
    names = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                names.add(normalize(re.split(r"[\[<>=!~;\s]", line, maxsplit=1)[0]))
    return names


def third_party_imports() -> dict:
    """Top-level module name -> the plugin files importing it (stdlib, the collection and __future__ left out)."""
    found: dict = {}
    for folder, _dirs, files in os.walk(PLUGINS):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                tree = ast.parse(handle.read(), path)
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ("ansible_collections", "__future__"):
                        found.setdefault(top, set()).add(os.path.relpath(path, REPO_ROOT))
    return found


def distributions(module: str) -> set:
    """The installed distributions providing ``module`` (the module name itself when none is installed)."""
    return {normalize(name) for name in importlib.metadata.packages_distributions().get(module, [module])}


def ansible_core_provides() -> set:
    """ansible-core and what it requires."""
    names = {ANSIBLE_CORE}
    for requirement in importlib.metadata.requires(ANSIBLE_CORE) or ():
        names.add(normalize(re.split(r"[\[<>=!~;\s(]", requirement, maxsplit=1)[0]))
    return names


def uncovered(requirements: set) -> dict:
    covered = requirements | ansible_core_provides()
    return {module: sorted(files) for module, files in third_party_imports().items() if not distributions(module) & covered}


def test_the_plugins_import_what_the_test_expects():
    # guards the import scan itself: these are imported lazily, inside functions and try blocks
    assert {"psycopg", "cryptography", "pyghmi", "sushy", "libyang", "yaml", "ansible"} <= set(third_party_imports())


def test_requirements_txt_covers_every_third_party_import():
    assert uncovered(requirement_names(os.path.join(REPO_ROOT, "requirements.txt"))) == {}


def test_the_execution_environment_covers_every_third_party_import():
    with open(os.path.join(REPO_ROOT, "meta", "execution-environment.yml"), encoding="utf-8") as handle:
        dependencies = yaml.safe_load(handle)["dependencies"]
    python = dependencies["python"]
    # a file name is relative to the collection root (ansible-builder's collection metadata); a list is inline
    if isinstance(python, str):
        names = requirement_names(os.path.join(REPO_ROOT, python))
    else:
        names = {normalize(re.split(r"[\[<>=!~;\s]", item, maxsplit=1)[0]) for item in python}
    assert uncovered(names) == {}
    system = dependencies["system"]
    with open(os.path.join(REPO_ROOT, system), encoding="utf-8") as handle:
        bindep = handle.read()
    # the Python package libyang is a binding of the C library: the image needs it
    assert re.search(r"^libyang2 \[platform:dpkg\]", bindep, re.M) and re.search(r"^libyang \[platform:rpm\]", bindep, re.M)


def test_the_license_file_is_the_gpl_the_collection_declares():
    with open(os.path.join(REPO_ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    assert galaxy["license"] == ["GPL-3.0-or-later"] and "license_file" not in galaxy
    assert not any(pattern in ("LICENSE", "requirements.txt", "bindep.txt", "meta") for pattern in galaxy.get("build_ignore", []))
    with open(os.path.join(REPO_ROOT, "LICENSE"), encoding="utf-8") as handle:
        text = handle.read()
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text and "END OF TERMS AND CONDITIONS" in text
