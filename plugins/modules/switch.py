#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: switch
short_description: Register switches of the fleet with their ports, breakouts and connections
version_added: 1.0.0
description:
  - Registers a switch (SONiC or Cumulus) in the fleet store, changes it, or removes it.
  - The ports of a SONiC switch come from its platform data, read from O(platform_dir) at registration and stored with
    the switch, so rendering its configuration needs no platform files. O(breakouts) and port settings are checked
    against the platform (unknown ports, breakout modes the platform lacks, lanes that cannot be split).
  - The ASN comes from O(asn) or the lowest free one of the pool 4200000000-4209999999; the loopback from O(loopback)
    or, as the IP C(<name>-lo), from the partition's underlay network.
  - O(connections) (machine NICs on ports) and O(links) (switch-to-switch links, which become BGP unnumbered sessions)
    replace the switch's own rows when given and stay as they are when omitted.
  - The list form O(switches) registers many switches in one transaction.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.attributes.full_support
options:
  name:
    description: Name of the switch (its host name), unique in the fleet.
    type: str
  partition:
    description: Partition of the switch; required for a new switch, cannot change.
    type: str
  rack:
    description: Rack the switch is in.
    type: str
  role:
    description: Role in the fabric; required for a new switch.
    type: str
    choices: [leaf, spine, exit, mgmtleaf]
  os:
    description: Network operating system; V(sonic) for a new switch unless given. Cannot change (see M(metalfleet.datacenter.switch_migrate)).
    type: str
    choices: [sonic, cumulus]
  platform:
    description: SONiC platform string, for example V(x86_64-accton_as7726_32x-r0); names the device directory in O(platform_dir).
    type: str
  hwsku:
    description: HWSKU of the switch; selects C(port_config.ini) and C(hwsku.json) inside the device directory.
    type: str
  branch:
    description:
      - SONiC build branch the configuration is rendered and validated for (V(community) for a new SONiC switch unless given;
        V(ec202111) and V(ec202211_ecsonic) for Edgecore images).
    type: str
  platform_dir:
    description:
      - Directory of SONiC device directories (the C(/usr/share/sonic/device) layout); the switch's ports are read from
        C(<platform_dir>/<platform>). Required for a new SONiC switch and when O(platform) changes.
    type: path
  description:
    description: Free text.
    type: str
  mgmt_address:
    description: Management address of C(eth0) with prefix length, for example V(192.168.0.11/24).
    type: str
  mgmt_gateway:
    description: Default gateway of the management network.
    type: str
  mgmt_mac:
    description: System MAC address of the switch (the MAC of C(eth0)); needed to render its configuration.
    type: str
  mgmt_vrf:
    description: Put C(eth0), NTP and syslog into the management VRF (default V(true)).
    type: bool
  asn:
    description: AS number, 1-4294967295; allocated from the switch ASN pool when omitted on a new switch.
    type: int
  loopback:
    description: IPv4 loopback address (router id, VTEP source); taken from the partition's underlay network when omitted on a new switch.
    type: str
  breakouts:
    description: "Breakout mode per parent port, for example C({Ethernet0: 4x25G[10G]}). Replaces the stored breakouts."
    type: dict
  port_defaults:
    description: Defaults for every port, C(mtu), C(fec) (V(none), V(rs), V(fc), V(auto)) and C(autoneg) (V(on)/V(off)).
    type: dict
  ports:
    description: "Settings per port (C(mtu), C(fec), C(autoneg), C(speed) in Mb/s), for example C({Ethernet4: {mtu: 1500}})."
    type: dict
  pxe:
    description:
      - The PXE VLAN of a leaf, C(vlan) (default 4000, outside 1001-2000), C(address) (the switch's address in it, with
        prefix length) and optionally C(vni). DHCP is relayed to the partition's management service. C({}) removes it.
    type: dict
  syslog_servers:
    description: Syslog servers of the switch; when empty the partition label C(metalfleet.io/syslog-servers) (comma-separated) applies.
    type: list
    elements: str
  tenant_vrfs:
    description:
      - Render a VRF per tenant network of the partition on this leaf or exit (default V(true)). V(false) leaves tenant VRFs to
        metal-core, which creates them when machines are allocated.
    type: bool
  lldp_hello_time:
    description: LLDP hello interval in seconds (5-254, default 10).
    type: int
  connections:
    description: Machine NICs on the switch's ports. Replaces the switch's machine connections when given.
    type: list
    elements: dict
    suboptions:
      port:
        description: Port of the switch (C(EthernetN) on SONiC, C(swpN)/C(swpNsM) on Cumulus).
        type: str
        required: true
      machine:
        description: Id (UUID) of a registered machine.
        type: str
        required: true
      nic:
        description: Name of the machine's NIC.
        type: str
        required: true
  links:
    description:
      - Links from this switch's ports to ports of another registered switch of the partition; one side must be a spine.
        Replaces the switch's own links when given. A link is named on one of its two switches only.
    type: list
    elements: dict
    suboptions:
      port:
        description: Port of this switch.
        type: str
        required: true
      switch:
        description: Name of the other switch.
        type: str
        required: true
      switch_port:
        description: Port of the other switch.
        type: str
        required: true
  state:
    description: Whether the switch should exist. Removing it gives back its ASN and loopback when they were allocated.
    type: str
    choices: [present, absent]
    default: present
  switches:
    description:
      - Many switches in one transaction. Each entry takes the options above, including O(state), checked exactly as they
        are for a single switch (types, choices, defaults, unknown options refused).
      - Errors name the entry, for example C(switches[1].links[0].switch_port); any error leaves the store unchanged.
    type: list
    elements: dict
seealso:
  - module: metalfleet.datacenter.switch_info
  - module: metalfleet.datacenter.switch_migrate
  - module: metalfleet.datacenter.sonic_config
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: A spine
  metalfleet.datacenter.switch:
    name: spine01
    partition: fra-1
    role: spine
    platform: x86_64-dellemc_s5232f_c3538-r0
    hwsku: DellEMC-S5232f-C32
    platform_dir: /srv/sonic/device
    mgmt_address: 192.168.0.11/24
    mgmt_gateway: 192.168.0.1
    mgmt_mac: "0c:29:ef:aa:00:11"

- name: A leaf with breakouts, PXE VLAN, uplinks and machines
  metalfleet.datacenter.switch:
    name: leaf01
    partition: fra-1
    rack: r01
    role: leaf
    platform: x86_64-accton_as7726_32x-r0
    hwsku: Accton-AS7726-32X
    platform_dir: /srv/sonic/device
    mgmt_address: 192.168.0.21/24
    mgmt_mac: "0c:29:ef:aa:00:21"
    breakouts: {Ethernet0: 4x25G}
    port_defaults: {mtu: 9216, fec: rs}
    pxe: {address: 10.255.1.1/24}
    links:
      - {port: Ethernet120, switch: spine01, switch_port: Ethernet0}
    connections:
      - {port: Ethernet0, machine: 00000000-0000-0000-0000-0000000000a1, nic: eth0}
"""

RETURN = r"""
switch:
  description: The switch after the run (as it would be, in check mode); null after removal.
  returned: when O(switches) is not used
  type: dict
  contains:
    asn:
      description: AS number.
      type: int
    loopback:
      description: Loopback address.
      type: str
    interfaces:
      description: The switch's ports after breakouts.
      type: list
      elements: str
    connections:
      description: Machine connections, C(port), C(machine), C(nic).
      type: list
      elements: dict
    links:
      description: Links this switch names, C(port), C(switch), C(switch_port).
      type: list
      elements: dict
    neighbors:
      description: Every switch-to-switch link of the switch, whichever side named it.
      type: list
      elements: dict
switches:
  description: One switch per entry of O(switches); null for removed ones.
  returned: when O(switches) is used
  type: list
  elements: dict
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.list_form import check_list_entries
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import (
    FleetModule,
    run_store_module,
    store_argument_spec,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_records import OPERATING_SYSTEMS, ROLES
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService

CONNECTION_OPTIONS = {"port": {"type": "str", "required": True}, "machine": {"type": "str", "required": True},
                      "nic": {"type": "str", "required": True}}
LINK_OPTIONS = {"port": {"type": "str", "required": True}, "switch": {"type": "str", "required": True},
                "switch_port": {"type": "str", "required": True}}
SWITCH_OPTIONS = {
    "name": {"type": "str"},
    "partition": {"type": "str"},
    "rack": {"type": "str"},
    "role": {"type": "str", "choices": list(ROLES)},
    "os": {"type": "str", "choices": list(OPERATING_SYSTEMS)},
    "platform": {"type": "str"},
    "hwsku": {"type": "str"},
    "branch": {"type": "str"},
    "platform_dir": {"type": "path"},
    "description": {"type": "str"},
    "mgmt_address": {"type": "str"},
    "mgmt_gateway": {"type": "str"},
    "mgmt_mac": {"type": "str"},
    "mgmt_vrf": {"type": "bool"},
    "asn": {"type": "int"},
    "loopback": {"type": "str"},
    "breakouts": {"type": "dict"},
    "port_defaults": {"type": "dict"},
    "ports": {"type": "dict"},
    "pxe": {"type": "dict"},
    "syslog_servers": {"type": "list", "elements": "str"},
    "tenant_vrfs": {"type": "bool"},
    "lldp_hello_time": {"type": "int"},
    "connections": {"type": "list", "elements": "dict", "options": CONNECTION_OPTIONS},
    "links": {"type": "list", "elements": "dict", "options": LINK_OPTIONS},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
}


def argument_spec():
    spec = store_argument_spec()
    spec.update(SWITCH_OPTIONS)
    spec["switches"] = {"type": "list", "elements": "dict"}  # each entry is checked against SWITCH_OPTIONS in main()
    return spec


def apply(tx, params):
    service = SwitchService(tx)
    if params["switches"] is not None:
        return {"switches": service.apply_all(params["switches"])}
    if params["state"] == "absent":
        service.ensure_absent(params["name"])
        return {"switch": None}
    return {"switch": service.ensure_present(params)}


def main():
    module = FleetModule(argument_spec=argument_spec(), supports_check_mode=True,
                         required_one_of=[("name", "switches")], mutually_exclusive=[("name", "switches")])
    check_list_entries(module, "switches", SWITCH_OPTIONS)
    run_store_module(module, lambda tx: apply(tx, module.params))


if __name__ == "__main__":
    main()
