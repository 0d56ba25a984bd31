# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The list form of a module: each entry checked against the single form's own argument spec.

Private to the metalfleet.datacenter collection; not a public API.

Modules such as ``machine`` take one entity (its options at the top level) or a list
of them (``machines:``).  The list option is declared as a plain list of dicts, so
its documentation does not repeat every option; :func:`validated_entries` then gives
each entry exactly the checks AnsibleModule gives the top-level options (types and
their conversion, choices, defaults, required sub-options, unknown keys refused), and
names the entry in any error (``machines[3]: ...``).  :func:`check_list_entries` does
this for a module, before its transaction.
"""
from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import fail_from_error


def validated_entries(entries, entry_spec: dict, list_option: str, no_log_values: set) -> list:
    """The entries with defaults filled in; raises ValidationError naming the entry.

    The no_log values found in the entries are added to ``no_log_values`` as they are found, so that they are
    there to be scrubbed from the module's output when a later part of the same entry fails.
    """
    validator = ArgumentSpecValidator(entry_spec)
    validated = []
    for index, entry in enumerate(entries):
        field = "%s[%d]" % (list_option, index)
        if not isinstance(entry, dict):
            raise ValidationError(field, "expected a mapping of options, got %r" % (entry,))
        result = validator.validate(entry)
        # AnsibleModule reads the no_log values the same way (there is no public accessor)
        no_log_values.update(getattr(result, "_no_log_values", ()))
        if result.error_messages:
            raise ValidationError(field, "; ".join(_message(error) for error in result.errors.errors))
        validated.append(result.validated_parameters)
    return validated


def check_list_entries(module, list_option: str, entry_spec: dict) -> None:
    """Replace ``module.params[list_option]`` (when given) by its validated entries, or fail the module naming the entry.

    The entries' no_log values become the module's, scrubbed from its output like those of the top-level options.
    """
    if module.params.get(list_option) is None:
        return
    try:
        module.params[list_option] = validated_entries(module.params[list_option], entry_spec, list_option, module.no_log_values)
    except ValidationError as exc:
        fail_from_error(module, exc)


def _message(error) -> str:
    if isinstance(error, UnsupportedError):  # its message starts with the unknown names: "rak. Supported parameters include: ..."
        return "unsupported option %s" % error.error_message
    return error.error_message
