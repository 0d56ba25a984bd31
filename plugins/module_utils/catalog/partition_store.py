# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Partitions in the fleet store: one failure domain (a site or room) with its boot and service settings.

Private to the metalfleet.datacenter collection; not a public API.

A partition has an ``id`` (also its IPAM scope for networks), a name,
description, labels, the PXE boot settings (kernel and initrd URLs, kernel
command line), the DNS and NTP servers handed to machines, and the address
(``host:port``) of its management service.  A partition cannot be removed
while machines, networks or size reservations refer to it
(``catalog.usage.partition_users``).

Public class::

    PartitionStore(tx)     # a catalog.entity_store.CatalogStore
"""
from __future__ import annotations

import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.address_checks import (
    check_catalog_id,
    check_host,
    check_host_port,
    check_ip,
    check_list,
    check_url,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.entity_store import (
    CatalogStore,
    descriptive_columns,
    descriptive_state,
    text_option,
    to_json,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.usage import partition_users


def check_command_line(value, field: str) -> str:
    """A kernel command line: one line of text, at most 4096 characters."""
    return text_option(value, field, limits.COMMAND_LINE_MAX, multiline=False)


#: boot option -> (column, check)
BOOT_OPTIONS = {
    "kernel_url": ("boot_kernel_url", check_url),
    "initrd_url": ("boot_initrd_url", check_url),
    "command_line": ("boot_command_line", check_command_line),
}


class PartitionStore(CatalogStore):
    kind = "partition"
    table = "partitions"
    list_field = "partitions"

    def validated_id(self, spec) -> str:
        return check_catalog_id(spec.get("id"))

    def columns_for(self, entity_id, spec, row) -> dict:
        columns = descriptive_columns(spec)
        boot = spec.get("boot")
        if boot is not None:
            if not isinstance(boot, dict):
                raise ValidationError("boot", "expected a mapping with kernel_url, initrd_url and command_line")
            unknown = sorted(set(boot) - set(BOOT_OPTIONS))
            if unknown:
                raise ValidationError("boot", "unknown boot settings %s; expected %s" % (", ".join(unknown), ", ".join(BOOT_OPTIONS)))
            for option, (column, check) in BOOT_OPTIONS.items():
                if boot.get(option) is not None:  # "" clears a setting
                    columns[column] = check(boot[option], "boot.%s" % option) if boot[option] != "" else ""
        if spec.get("dns_servers") is not None:
            columns["dns_servers"] = to_json(check_list(spec["dns_servers"], "dns_servers", check_ip))
        if spec.get("ntp_servers") is not None:
            columns["ntp_servers"] = to_json(check_list(spec["ntp_servers"], "ntp_servers", check_host))
        if spec.get("mgmt_service_address") is not None:
            address = spec["mgmt_service_address"]
            columns["mgmt_service_address"] = check_host_port(address, "mgmt_service_address") if address else ""
        return columns

    def state(self, row) -> dict:
        return {
            **descriptive_state(row),
            "boot": {
                "kernel_url": row["boot_kernel_url"],
                "initrd_url": row["boot_initrd_url"],
                "command_line": row["boot_command_line"],
            },
            "dns_servers": json.loads(row["dns_servers"]),
            "ntp_servers": json.loads(row["ntp_servers"]),
            "mgmt_service_address": row["mgmt_service_address"],
        }

    def users(self, entity_id) -> list:
        return partition_users(self.tx, entity_id)

    def known_ids(self) -> set:
        return {row["id"] for row in self.tx.query("SELECT id FROM partitions")}
