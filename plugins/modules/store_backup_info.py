#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: store_backup_info
short_description: List the fleet store backups in a directory
version_added: 0.1.0
description:
  - Lists the finished versions written by M(metalfleet.datacenter.store_backup) in O(directory), oldest first,
    with their times, sizes, checksums, row counts and verification state, and the safety copies taken by
    M(metalfleet.datacenter.store_restore).
  - Backups still being written, or interrupted, are never listed as versions; their temporary directories are
    named in RV(incomplete).
  - With O(verify=true) every version's checksum is recomputed and compared with its manifest.
extends_documentation_fragment:
  - metalfleet.datacenter.backup
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
options:
  verify:
    description: Recompute the SHA-256 of every version and report RV(versions[].checksum_ok).
    type: bool
    default: false
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Which backups are there, and are they intact
  metalfleet.datacenter.store_backup_info:
    directory: /var/backups/metalfleet
    verify: true
  register: fleet_backups
"""

RETURN = r"""
versions:
  description: The finished versions, oldest first (their manifests, plus RV(versions[].checksum_ok) with O(verify)).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The version's name, for O(metalfleet.datacenter.store_restore#module:version).
      type: str
    created_at:
      description: When the backup finished writing the payload (UTC).
      type: str
    size:
      description: Payload size in bytes.
      type: int
    sha256:
      description: The payload's SHA-256.
      type: str
    encrypted:
      description: Whether the payload is encrypted.
      type: bool
    verified:
      description: The checks made when the backup was written.
      type: dict
    checksum_ok:
      description: Whether the payload matches its manifest now (only with O(verify)).
      type: bool
latest:
  description: Name of the newest version, or null.
  returned: always
  type: str
safety_copies:
  description: Safety copies taken before restores, oldest first.
  returned: always
  type: list
  elements: dict
incomplete:
  description: Temporary directories of backups being written or interrupted (never restored).
  returned: always
  type: list
  elements: str
unreadable:
  description: Version directories whose manifest cannot be read (never restored).
  returned: always
  type: list
  elements: str
total_size:
  description: Bytes used by the versions' payloads.
  returned: always
  type: int
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup import backup_info
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backup_module import run_backup_module


def main():
    module = AnsibleModule(argument_spec={"directory": {"type": "path", "required": True},
                                          "verify": {"type": "bool", "default": False}}, supports_check_mode=True)
    run_backup_module(module, lambda: dict(backup_info(module.params["directory"], module.params["verify"]), changed=False))


if __name__ == "__main__":
    main()
