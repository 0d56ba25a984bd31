# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options shared by the BMC modules and how they turn into :class:`BmcTarget` values.

Private to the metalfleet.datacenter collection; not a public API.

:func:`bmc_argument_spec` is the one source of truth for the options documented in the
``metalfleet.datacenter.bmc`` doc fragment.  A task names its BMCs in one of three ways:
explicit ``bmc_host`` (one target), ``machine`` (one machine of the fleet store) or
``targets`` (a list, each entry with ``bmc_host`` or ``machine``; an entry takes the BMC options
under the same names as the task, ``bmc_port``, ``bmc_username``, ``bmc_password``, ``driver``, ...,
and the short names ``host``, ``port``, ``username``, ``password`` as aliases).  Values are taken from the
most specific place that has them: the ``targets`` entry, then the machine record, then the
task's top-level options, then the built-in defaults.
"""
from __future__ import annotations

import dataclasses

from ansible.module_utils.basic import env_fallback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.bulk import DEFAULT_WORKERS
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.target import BmcTarget

ENV_BMC_USERNAME = "METALFLEET_BMC_USERNAME"
ENV_BMC_PASSWORD = "METALFLEET_BMC_PASSWORD"
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 1
DRIVER_CHOICES = ["ipmi", "redfish", "auto"]
SCHEME_CHOICES = ["https", "http"]

#: option name of a ``targets`` entry -> BmcTarget field
ENTRY_FIELDS = {"bmc_host": "host", "bmc_port": "port", "bmc_username": "username", "bmc_password": "password", "driver": "driver",
                "redfish_scheme": "scheme", "redfish_system": "redfish_system", "name": "name"}
_ENTRY_OPTIONS = {field: option for option, field in ENTRY_FIELDS.items()}
#: top-level option -> BmcTarget field (the defaults for every target of the task)
TASK_FIELDS = {"bmc_port": "port", "bmc_username": "username", "bmc_password": "password", "driver": "driver",
               "redfish_scheme": "scheme", "redfish_system": "redfish_system", "timeout": "timeout",
               "retries": "retries", "validate_certs": "verify_tls"}
#: machine record (``fleet_targets.machine_bmc``) key -> BmcTarget field
MACHINE_FIELDS = {"host": "host", "port": "port", "username": "username", "password": "password", "driver": "driver"}


def bmc_argument_spec() -> dict:
    """The options of the ``metalfleet.datacenter.bmc`` doc fragment."""
    entry = {
        "name": {"type": "str"},
        "bmc_host": {"type": "str", "aliases": ["host"]},
        "machine": {"type": "str"},
        "bmc_port": {"type": "int", "aliases": ["port"]},
        "bmc_username": {"type": "str", "aliases": ["username"]},
        "bmc_password": {"type": "str", "no_log": True, "aliases": ["password"]},
        "driver": {"type": "str", "choices": DRIVER_CHOICES},
        "redfish_scheme": {"type": "str", "choices": SCHEME_CHOICES},
        "redfish_system": {"type": "str"},
    }
    return {
        "bmc_host": {"type": "str"},
        "bmc_port": {"type": "int"},
        "bmc_username": {"type": "str", "fallback": (env_fallback, [ENV_BMC_USERNAME])},
        "bmc_password": {"type": "str", "no_log": True, "fallback": (env_fallback, [ENV_BMC_PASSWORD])},
        "driver": {"type": "str", "choices": DRIVER_CHOICES},
        "redfish_scheme": {"type": "str", "choices": SCHEME_CHOICES},
        "redfish_system": {"type": "str"},
        "validate_certs": {"type": "bool", "default": True},
        "timeout": {"type": "float", "default": DEFAULT_TIMEOUT},
        "retries": {"type": "int", "default": DEFAULT_RETRIES},
        "machine": {"type": "str"},
        "targets": {"type": "list", "elements": "dict", "options": entry},
        "workers": {"type": "int", "default": DEFAULT_WORKERS},
        "fail_on_target_error": {"type": "bool", "default": True},
    }


def bmc_module_constraints() -> dict:
    """``AnsibleModule`` keyword arguments that go with :func:`bmc_argument_spec`."""
    choice = ["bmc_host", "machine", "targets"]
    return {"mutually_exclusive": [choice], "required_one_of": [choice]}


@dataclasses.dataclass(frozen=True)
class TargetRequest:
    """One BMC the task names, before the machine record (if any) is looked up."""

    field: str                  # where it came from, for error messages: ``bmc_host``, ``machine``, ``targets[2]``
    values: dict                # BmcTarget fields given in the task entry itself
    machine: str | None = None  # fleet store machine id


def _given(mapping: dict, names: dict) -> dict:
    return {names[key]: value for key, value in mapping.items() if key in names and value is not None}


def target_requests(params: dict) -> list:
    """The BMCs a task names, in task order (see the module docstring)."""
    if params.get("bmc_host"):
        return [TargetRequest("bmc_host", {"host": params["bmc_host"]})]
    if params.get("machine"):
        return [TargetRequest("machine", {}, params["machine"])]
    requests = []
    for index, entry in enumerate(params.get("targets") or []):
        field = f"targets[{index}]"
        if bool(entry.get("bmc_host")) == bool(entry.get("machine")):
            raise ValidationError(field, "give exactly one of bmc_host (alias host) and machine")
        requests.append(TargetRequest(field, _given(entry, ENTRY_FIELDS), entry.get("machine") or None))
    if not requests:
        raise ValidationError("targets", "the list is empty")
    return requests


def build_target(request: TargetRequest, params: dict, machine_bmc: dict | None = None) -> BmcTarget:
    """The BmcTarget for ``request``: entry values over the machine record over the task options."""
    fields = _given(params, TASK_FIELDS)
    fields.update(_given(machine_bmc or {}, MACHINE_FIELDS))
    fields.update(request.values)
    if request.machine and "name" not in fields:
        fields["name"] = request.machine
    try:
        return BmcTarget.from_params(fields)
    except ValidationError as error:
        if request.field == "bmc_host":
            raise ValidationError(error.field, error.reason) from None
        # name the entry's option when the bad value came from the entry (``targets[1].bmc_port``)
        option = _ENTRY_OPTIONS.get(error.field, error.field) if error.field in request.values else error.field
        raise ValidationError(f"{request.field}.{option}", error.reason) from None
