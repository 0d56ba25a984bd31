#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: boot_dhcp_hosts
short_description: Keep dnsmasq's DHCP host files in sync with the fleet store's machines
version_added: 0.1.0
description:
  - Writes one file per machine of the fleet store into O(directory), the C(dhcp-hostsdir) of the boot server's
    dnsmasq (the O(ignore:boot_server_dhcp_mode=static) mode of the C(metalfleet.datacenter.boot_server) role). Each
    file, C(<machine id>.hosts), lists the MACs of the machine's NICs, one per line, so that dnsmasq answers these
    machines and no others.
  - The files of machines that are no longer in the store (or no longer in O(partition), or have no NIC MAC) are
    removed. Only files named C(<uuid>.hosts) are touched; other files in the directory are left alone.
  - dnsmasq reads new and changed files by itself, but forgets a host only when it gets SIGHUP; RV(reload_needed)
    says when that is needed (a file was removed or lost a MAC).
  - The store is only read (one read-only transaction). Files are written under a temporary name beginning with a
    dot (which dnsmasq ignores) and renamed into place.
  - A MAC that two machines report stays with the first machine (ordered by id) and is reported as a warning.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
attributes:
  check_mode:
    support: full
    details: Check mode reads the store and the directory and predicts the same changes without writing anything.
  diff_mode:
    support: full
    details: One text diff per added, changed or removed file.
options:
  directory:
    description:
      - The directory dnsmasq reads as C(dhcp-hostsdir) (absolute). Created (mode 0755) when missing.
    type: path
    required: true
  partition:
    description:
      - Only machines of this partition (the boot server's). When not set, every machine of the store.
    type: str
notes:
  - The files contain MAC addresses only (mode 0644); nothing secret is read or written.
seealso:
  - module: metalfleet.datacenter.machine
  - module: metalfleet.datacenter.machine_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Answer only the fleet's machines of partition fra-1
  metalfleet.datacenter.boot_dhcp_hosts:
    directory: /var/lib/metalfleet/boot/dhcp-hosts
    partition: fra-1
  register: boot_hosts

- name: Make dnsmasq forget removed machines
  ansible.builtin.command:
    argv: [/etc/init.d/metalfleet-boot-dnsmasq, reload]
  changed_when: true
  when: boot_hosts.reload_needed
"""

RETURN = r"""
machines:
  description: The machines that have a host file after the run, ordered by id.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The machine's id.
      type: str
    partition:
      description: The machine's partition.
      type: str
    file:
      description: Path of its host file.
      type: str
    macs:
      description: The MACs in the file, in the order of the machine's NICs.
      type: list
      elements: str
  sample:
    - id: 00000000-0000-4000-8000-000000000001
      partition: fra-1
      file: /var/lib/metalfleet/boot/dhcp-hosts/00000000-0000-4000-8000-000000000001.hosts
      macs: [aa:bb:cc:dd:ee:01, aa:bb:cc:dd:ee:02]
added:
  description: Machines whose file was (or, in check mode, would be) written for the first time.
  returned: always
  type: list
  elements: str
updated:
  description: Machines whose file was (or would be) rewritten because their MACs changed.
  returned: always
  type: list
  elements: str
removed:
  description: Machines whose file was (or would be) removed.
  returned: always
  type: list
  elements: str
reload_needed:
  description: Whether dnsmasq has to get SIGHUP to forget hosts (a file was removed or lost a MAC).
  returned: always
  type: bool
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    actor_name,
    fail_from_error,
    open_module_store,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_server.dhcp_hosts import SUFFIX, apply_plan, plan_hosts


def _ids(names) -> list:
    return [name[:-len(SUFFIX)] for name in names]


def main():
    spec = store_argument_spec()
    spec.update(directory={"type": "path", "required": True}, partition={"type": "str"})
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    params = module.params
    try:
        with open_module_store(module) as store:
            plan = store.run(lambda tx: plan_hosts(tx, params["directory"], params["partition"]), write=False,
                             check_mode=module.check_mode, actor=actor_name(), module="metalfleet.datacenter.boot_dhcp_hosts")
    except FleetError as exc:
        fail_from_error(module, exc)
        return
    if plan.changed and not module.check_mode:
        try:
            apply_plan(plan)
        except OSError as exc:
            module.fail_json(msg="directory: cannot write the host files in %s: %s" % (plan.directory, exc), field="directory")
    for warning in plan.warnings:
        module.warn(warning)
    result = {"changed": plan.changed, "machines": plan.machines, "added": _ids(plan.added), "updated": _ids(plan.updated),
              "removed": _ids(plan.removed), "reload_needed": plan.reload_needed}
    if module._diff:
        result["diff"] = plan.diff()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
