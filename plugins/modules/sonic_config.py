#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: sonic_config
short_description: Render, validate and write a SONiC switch's config_db.json and frr.conf
version_added: 1.0.0
description:
  - Renders the C(config_db.json) and C(frr.conf) of a SONiC switch on the controller, either natively from the fleet store
    (O(switch), a switch registered with M(metalfleet.datacenter.switch)) or from metal-stack's generator input
    (O(compat_input), the C(sonic-config.yaml) of sonic-configdb-utils) and the device facts given explicitly
    (O(platform), O(hwsku), O(mac), O(branch), O(platform_dir)), so no switch and no generator container is needed.
  - With O(switch), the module reads the store (never writes it); role, ASN, loopback, fabric links, PXE VLAN, tenant VRFs,
    management, NTP, DNS, syslog, LLDP, breakouts and port settings come from the switch and its partition.
  - Optionally renders C(frr.conf) (SONiC split routing mode) from metal-roles' C(sonic_config_*) variables (O(frr_vars)).
  - Optionally validates the config_db against a directory of SONiC YANG models (O(validate), O(yang_dir)); a config
    that does not validate fails the task with errors that name table, key and field.
  - With O(dest), writes C(config_db.json) and C(frr.conf) into that directory (created when missing), atomically and
    only when their content changes.
  - The module runs on the controller and changes nothing on switches; deploy the files with the
    P(metalfleet.datacenter.sonic_switch#role) role.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
attributes:
  check_mode:
    support: full
    details: In check mode nothing is written; C(changed), C(changes) and the diff say what a real run would do.
  diff_mode:
    support: full
    details: The diff holds before and after of the config_db tables that differ from the file in O(dest), and of C(frr.conf).
options:
  switch:
    description:
      - Name of a switch of the fleet store to render natively (always strict, never O(compat)); frr.conf is rendered too.
      - Mutually exclusive with O(compat_input) and the device facts options; the O(store) options apply.
    type: str
  compat_input:
    description:
      - Path (on the controller) of a C(sonic-config.yaml) in the input format of metal-stack's sonic-configdb-utils.
      - Requires O(platform), O(hwsku) and O(mac). One of O(switch) and O(compat_input) is required.
    type: path
  compat:
    description:
      - Reproduce the reference generator byte for byte, quirks included (a VRF named C(""), C(PORTCHANNEL.fallback)
        always C(true), addresses copied without prefix length, stale breakout child ports, ...).
      - When false, the quirks are fixed, every address must carry a prefix length and every port the input names must
        exist on the platform.
    type: bool
    default: false
  platform:
    description: SONiC platform string of the switch (C(PLATFORM) of C(/etc/sonic/sonic-environment)).
    type: str
  hwsku:
    description: HWSKU of the switch (C(HWSKU) of C(/etc/sonic/sonic-environment)); also selects C(port_config.ini)/C(hwsku.json).
    type: str
  mac:
    description: System MAC address of the switch (the MAC of C(eth0)).
    type: str
  branch:
    description:
      - SONiC build branch (C(branch) of C(/etc/sonic/sonic_version.yml)), for example V(ec202111) or V(ec202211_ecsonic).
      - Selects branch-specific tables (LLDP, SAG, VRRP) and the built-in YANG allow-list of that branch.
    type: str
    default: ""
  platform_dir:
    description:
      - Path of the platform's device directory (the C(/usr/share/sonic/device/<platform>) layout with C(platform.json),
        or C(<hwsku>/port_config.ini) and C(hwsku.json)).
      - Needed when the input has C(ports) or C(breakouts); outside O(compat) mode it also checks port names.
    type: path
  frr_vars:
    description:
      - Variables of metal-roles' sonic-config role (C(sonic_config_asn), C(sonic_config_loopback_address),
        C(sonic_config_bgp_ports), C(sonic_config_interconnects), C(sonic_config_frr_*), ...) to render C(frr.conf) from.
      - C(inventory_hostname) defaults to the C(hostname) of O(compat_input).
      - Without it no C(frr.conf) is rendered.
    type: dict
  frr_role:
    description: Role of the switch in the fabric, for C(frr.conf).
    type: str
    choices: [leaf, spine, exit]
    default: leaf
  validate:
    description: Validate the rendered config_db against the YANG models in O(yang_dir).
    type: bool
    default: false
  yang_dir:
    description: Directory of SONiC YANG models (C(*.yang)). Required with O(validate=true).
    type: path
  allow_list:
    description:
      - Extra allow-list rules for vendor-specific tables and fields that the community YANG models lack, added to the
        built-in list of O(branch).
      - Each rule is a string C(TABLE), C(TABLE|KEY), C(TABLE FIELD) or C(TABLE|KEY FIELD) (KEY and FIELD are shell
        globs), or a mapping with C(table), C(key), C(field) and C(reason).
    type: list
    elements: raw
  dest:
    description:
      - Directory that receives C(config_db.json) (and C(frr.conf) when rendered); created when missing.
      - Files are replaced atomically and only when their content changes.
    type: path
notes:
  - The output of the C(config_db.json) file is C(json.dumps(indent=2, sort_keys=True)) without a trailing newline, as the
    reference generator writes it.
seealso:
  - module: metalfleet.datacenter.sonic_config_plan
  - plugin: metalfleet.datacenter.cumulus_to_sonic_port
    plugin_type: filter
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Render leaf01 from the fleet store, validate it and write config_db.json and frr.conf
  metalfleet.datacenter.sonic_config:
    switch: leaf01
    validate: true
    yang_dir: /usr/share/sonic-yang-models
    dest: "{{ playbook_dir }}/out/leaf01"

- name: Render leaf01 like sonic-configdb-utils would, byte for byte
  metalfleet.datacenter.sonic_config:
    compat_input: inventory/sonic/leaf01/sonic-config.yaml
    compat: true
    platform: x86_64-accton_as7726_32x-r0
    hwsku: Accton-AS7726-32X
    branch: ec202111
    mac: "0c:29:ef:aa:00:01"
    platform_dir: platforms/x86_64-accton_as7726_32x-r0
    dest: "{{ playbook_dir }}/out/leaf01"

- name: Render strictly, with frr.conf, and validate against the SONiC YANG models
  metalfleet.datacenter.sonic_config:
    compat_input: inventory/sonic/leaf01/sonic-config.yaml
    platform: x86_64-accton_as7726_32x-r0
    hwsku: Accton-AS7726-32X
    branch: ec202111
    mac: "0c:29:ef:aa:00:01"
    platform_dir: platforms/x86_64-accton_as7726_32x-r0
    frr_vars: "{{ hostvars['leaf01'] | dict2items | selectattr('key', 'match', 'sonic_config_') | items2dict
                  | combine({'inventory_hostname': 'leaf01'}) }}"
    validate: true
    yang_dir: /usr/share/sonic-yang-models
    allow_list:
      - {table: PORTCHANNEL, field: mix_speed, reason: Edgecore field}
    dest: "{{ playbook_dir }}/out/leaf01"
  register: leaf01
"""

RETURN = r"""
config_db:
  description: The rendered config_db, table -> key -> fields.
  returned: success
  type: dict
  sample: {"DEVICE_METADATA": {"localhost": {"hostname": "leaf01", "type": "LeafRouter"}}}
frr_conf:
  description: The rendered frr.conf; null without O(frr_vars).
  returned: success
  type: str
validation:
  description: Result of the YANG validation; null without O(validate).
  returned: always when O(validate=true), also on failure
  type: dict
  contains:
    valid:
      description: Whether the config_db validates.
      type: bool
    errors:
      description: Findings, each with C(table), C(key), C(field) and C(message).
      type: list
      elements: dict
    allowed:
      description: Data taken out by the allow-list before validation, in the same form.
      type: list
      elements: dict
    tables_without_model:
      description: Tables of the config_db that no YANG model defines (reported as errors too unless allowed).
      type: list
      elements: str
files:
  description: Per file name written into O(dest), its C(path) and whether it C(changed).
  returned: success
  type: dict
  sample: {"config_db.json": {"path": "/srv/out/leaf01/config_db.json", "changed": true}}
changes:
  description:
    - The config_db tables that differ from the file in O(dest), and the rows (C(TABLE|key)) that are C(added),
      C(removed) or C(changed). Null without O(dest).
  returned: success
  type: dict
  sample: {"tables": ["VLAN"], "added": ["VLAN|Vlan4000"], "removed": [], "changed": []}
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    fail_from_error,
    open_module_store,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native import native_render_source
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.native_inputs import read_switch_facts
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.pipeline import (
    YangOptions,
    YangValidationFailed,
    compat_source,
    render,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.publish import publish


#: options that describe compatibility input; with ``switch`` they come from the store.
COMPAT_ONLY = ("compat_input", "platform", "hwsku", "mac", "platform_dir", "frr_vars")


def argument_spec():
    spec = store_argument_spec()
    spec.update(
        switch={"type": "str"},
        compat_input={"type": "path"},
        compat={"type": "bool", "default": False},
        platform={"type": "str"},
        hwsku={"type": "str"},
        mac={"type": "str"},
        branch={"type": "str", "default": ""},
        platform_dir={"type": "path"},
        frr_vars={"type": "dict"},
        frr_role={"type": "str", "choices": ["leaf", "spine", "exit"], "default": "leaf"},
        validate={"type": "bool", "default": False},
        yang_dir={"type": "path"},
        allow_list={"type": "list", "elements": "raw"},
        dest={"type": "path"},
    )
    return spec


def store_source(module):
    """The RenderSource of ``switch``, read from the fleet store in a read-only transaction."""
    params = module.params
    if params["compat"]:
        raise ValidationError("compat", "a switch of the fleet store is always rendered strictly; compat applies to compat_input")
    if params["branch"]:
        raise ValidationError("branch", "the branch of a switch of the fleet store is part of its record (switch module)")
    with open_module_store(module) as store:
        return store.run(lambda tx: native_render_source(read_switch_facts(tx, params["switch"])), write=False)


def run(params, check_mode, source=None):
    """Render ``source`` (or the compatibility input of ``params``), validate, publish into ``dest``."""
    if source is None:
        source = compat_source(params["compat_input"], platform=params["platform"], hwsku=params["hwsku"], mac=params["mac"],
                               branch=params["branch"], platform_dir=params["platform_dir"], compat=params["compat"],
                               frr_vars=params["frr_vars"], frr_role=params["frr_role"])
    yang = YangOptions(params["yang_dir"], tuple(params["allow_list"] or ())) if params["validate"] else None
    return publish(render(source, yang), params["dest"], check_mode)


def main():
    module = FleetModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_by={"compat_input": ("platform", "hwsku", "mac")},
        required_if=[("validate", True, ("yang_dir",))],
        required_one_of=[("switch", "compat_input")],
        mutually_exclusive=[("switch", option) for option in COMPAT_ONLY],
    )
    try:
        source = store_source(module) if module.params["switch"] else None
        result = run(module.params, module.check_mode, source)
    except YangValidationFailed as exc:
        module.fail_json(msg=str(exc), error=exc.kind, field=exc.field, validation=exc.result.to_dict())
        return
    except FleetError as exc:
        fail_from_error(module, exc)
        return
    if not module._diff:
        result.pop("diff")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
