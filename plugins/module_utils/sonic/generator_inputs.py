# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parse the text inputs of sonic-configdb-utils: sonic-config.yaml, sonic-environment, sonic_version.yml.

Private to the metalfleet.datacenter collection; not a public API.

The callers pass file *contents*; nothing here reads /etc or /sys.  YAML is loaded
with every scalar kept as its literal text (only ``null``/``~``/empty become None),
which is how the reference's Go decoder fills its string fields (``number: 01`` stays
"01", ``autoneg: off`` stays "off"); :mod:`.values` converts the text per field.
"""
from __future__ import annotations

import re
import traceback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, ValidationError

try:
    import yaml
except ImportError:
    HAS_YAML = False
    YAML_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_YAML = True
    YAML_IMPORT_ERROR = None

_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")


def _text_loader():
    if not HAS_YAML:
        raise DependencyError("PyYAML", YAML_IMPORT_ERROR)

    class TextLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
        """SafeLoader that resolves no implicit types except null."""

    TextLoader.yaml_implicit_resolvers = {}
    TextLoader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL_RE, ["~", "n", "N", ""])
    return TextLoader


def load_yaml_text(text: str, what: str = "yaml"):
    """Load YAML keeping scalars as text (see module docstring)."""
    try:
        return yaml.load(text, Loader=_text_loader())  # nosec B506 - SafeLoader subclass without implicit types
    except yaml.YAMLError as exc:
        raise ValidationError(what, f"invalid YAML: {exc}") from None


def load_sonic_config_text(text: str) -> dict:
    """The mapping of a ``sonic-config.yaml`` (input of :func:`.values.parse_values`)."""
    data = load_yaml_text(text, "sonic-config.yaml")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationError("sonic-config.yaml", "must contain a mapping")
    return data


def parse_sonic_environment(text: str) -> dict[str, str]:
    """``KEY=VALUE`` lines of /etc/sonic/sonic-environment (whitespace trimmed), e.g. PLATFORM, HWSKU."""
    result = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key.strip():
            result[key.strip()] = value.strip()
    return result


def parse_sonic_version(text: str) -> str:
    """The ``branch`` of /etc/sonic/sonic_version.yml ("" when absent)."""
    data = load_yaml_text(text, "sonic_version.yml")
    if not isinstance(data, dict):
        return ""
    branch = data.get("branch")
    return branch if isinstance(branch, str) else ""
