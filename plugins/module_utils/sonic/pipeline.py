# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The SONiC rendering pipeline shared by every front end: values -> config_db (+ frr.conf) -> YANG check -> files.

Private to the metalfleet.datacenter collection; not a public API.

A front end builds a :class:`RenderSource` (from a ``sonic-config.yaml`` with
:func:`compat_source`, or from the fleet store) and hands it to :func:`render`;
:func:`output_texts` gives the file contents that go into the destination directory.
Nothing here knows about Ansible.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.configdb import dumps_config_db, render_config_db
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr import render_frr_conf
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_model import FrrConfig
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.frr_sonic_vars import frr_config_from_sonic_vars
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.generator_inputs import load_sonic_config_text
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import Platform, load_platform
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import DeviceContext, SonicValues, parse_values
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.yang import YangValidationResult, validate_config_db

CONFIG_DB_FILE = "config_db.json"
FRR_CONF_FILE = "frr.conf"
#: how many YANG errors the failure message lists (the result carries all of them)
ERRORS_IN_MESSAGE = 10


@dataclass(frozen=True)
class RenderSource:
    """Everything one switch's configuration is rendered from."""

    values: SonicValues
    device: DeviceContext
    platform: Optional[Platform] = None
    compat: bool = False
    frr: Optional[FrrConfig] = None


@dataclass(frozen=True)
class YangOptions:
    """Validate against the models in ``yang_dir``; ``allow_list`` adds rules to the branch's built-in ones."""

    yang_dir: str
    allow_list: tuple = ()


@dataclass(frozen=True)
class RenderOutput:
    config_db: dict
    config_db_text: str
    frr_conf: Optional[str]
    validation: Optional[YangValidationResult]


class YangValidationFailed(ValidationError):
    """The rendered config_db does not validate; ``result`` holds every finding."""

    def __init__(self, result: YangValidationResult):
        self.result = result
        listed = "; ".join(str(issue) for issue in result.errors[:ERRORS_IN_MESSAGE])
        more = len(result.errors) - ERRORS_IN_MESSAGE
        suffix = f"; and {more} more" if more > 0 else ""
        super().__init__("validate", f"config_db fails YANG validation with {len(result.errors)} error(s): {listed}{suffix}")


def read_compat_input(path: str) -> SonicValues:
    """Parse a ``sonic-config.yaml`` file (metal-stack's generator input)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise ValidationError("compat_input", f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_values(load_sonic_config_text(text))


def frr_from_vars(frr_vars: Mapping[str, Any], role: str, hostname: str) -> FrrConfig:
    """FrrConfig from metal-roles ``sonic_config_*`` variables; the host name defaults to the config_db one."""
    variables = dict(frr_vars)
    if not variables.get("inventory_hostname"):
        variables["inventory_hostname"] = hostname
    return frr_config_from_sonic_vars(variables, role)


def compat_source(compat_input: str, *, platform: str, hwsku: str, mac: str, branch: str = "", platform_dir: Optional[str] = None,
                  compat: bool = False, frr_vars: Optional[Mapping[str, Any]] = None, frr_role: str = "leaf") -> RenderSource:
    """A RenderSource from a sonic-config.yaml file plus the device facts given explicitly."""
    values = read_compat_input(compat_input)
    device = DeviceContext(platform=platform or "", hwsku=hwsku or "", mac=mac or "", branch=branch or "")
    platform_data = load_platform(platform_dir, hwsku) if platform_dir else None
    frr = frr_from_vars(frr_vars, frr_role, values.hostname) if frr_vars else None
    return RenderSource(values=values, device=device, platform=platform_data, compat=compat, frr=frr)


def render(source: RenderSource, yang: Optional[YangOptions] = None) -> RenderOutput:
    """Render config_db (and frr.conf when the source has FRR data); validate when ``yang`` is given.

    Raises ValidationError for bad values and :class:`YangValidationFailed` when the
    rendered config_db does not validate.
    """
    config_db = render_config_db(source.values, source.device, source.platform, compat=source.compat)
    frr_conf = render_frr_conf(source.frr) if source.frr is not None else None
    validation = None
    if yang is not None:
        validation = validate_config_db(config_db, yang.yang_dir, branch=source.device.branch or None, allow_list=yang.allow_list)
        if not validation.valid:
            raise YangValidationFailed(validation)
    return RenderOutput(config_db=config_db, config_db_text=dumps_config_db(config_db), frr_conf=frr_conf, validation=validation)


def output_texts(output: RenderOutput) -> dict:
    """File name -> content of what a render produced (frr.conf only when rendered)."""
    texts = {CONFIG_DB_FILE: output.config_db_text}
    if output.frr_conf is not None:
        texts[FRR_CONF_FILE] = output.frr_conf
    return texts
