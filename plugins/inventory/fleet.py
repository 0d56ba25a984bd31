# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
name: fleet
short_description: The allocated machines of the fleet store as an inventory
version_added: 0.1.0
author: metalfleet contributors (@metalfleet)
description:
  - Reads the fleet store and adds every allocated machine as a host, named by its allocation's hostname
    (C(hostname.project) where two projects use the same hostname).
  - Groups by partition, rack, size, project, state and tags (C(partition_fra_1), C(rack_rack_1), C(size_c1_large),
    C(project_shop), C(state_allocated), C(tag_web)); more through O(keyed_groups), O(groups) and O(compose).
  - Host variables C(metalfleet_ips) (addresses per network), C(metalfleet_asn), C(metalfleet_size),
    C(metalfleet_image), C(metalfleet_rack), C(metalfleet_partition), C(metalfleet_project), C(metalfleet_state),
    C(metalfleet_tags), C(metalfleet_bmc_address), C(metalfleet_hardware) (summary) and C(metalfleet_machine_id);
    C(ansible_host) is the first IP of the first network. No secret is ever read.
  - Provisioning host variables C(metalfleet_liveliness) (V(Alive), V(Dead) or V(Unknown)), C(metalfleet_last_event)
    (the last provisioning event, for example V(Phoned Home)) and C(metalfleet_crash_loop) (boolean), from the
    machine's provisioning events; for a machine that never booted through the boot service V(Alive),
    V(Phoned Home) and V(false).
  - Uses a YAML configuration file that ends with C(fleet.yml) or C(fleet.yaml); works from a project as an AWX
    inventory source.
extends_documentation_fragment:
  - constructed
  - inventory_cache
requirements:
  - psycopg >= 3.1 (only for PostgreSQL stores)
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [metalfleet.datacenter.fleet]
  store:
    description: Fleet store DSN, as the O(ignore:store) option of the modules; default the embedded store.
    type: str
    env:
      - name: METALFLEET_STORE
  store_password:
    description: Password of a PostgreSQL store.
    type: str
    env:
      - name: METALFLEET_STORE_PASSWORD
  partition:
    description: Only machines of this partition.
    type: str
  project:
    description: Only machines of this project.
    type: str
  state:
    description: Only machines in one of these states (allocated machines are V(allocated) or V(locked)).
    type: list
    elements: str
  tags:
    description: Only machines carrying all these tags (machine and allocation tags).
    type: list
    elements: str
"""

EXAMPLES = r"""
# shop.fleet.yml
plugin: metalfleet.datacenter.fleet
store: postgresql://fleet@db.example:5432/fleet
project: shop
keyed_groups:
  - key: metalfleet_image
    prefix: image
compose:
  ansible_user: "'metal'"
"""

from ansible.errors import AnsibleError
from ansible.inventory.group import to_safe_group_name
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError, StoreError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.inventory_view import inventory_hosts
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import driver_message
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from ansible.utils.unsafe_proxy import wrap_var

try:
    from ansible.template import trust_as_template  # noqa: F401 pylint: disable=unused-import
except ImportError:
    DATA_TAGGING = False
else:
    DATA_TAGGING = True


def make_unsafe(value):
    """Store values are data, never templates: ansible-core 2.19+ never templates untrusted values; older cores need them wrapped."""
    return value if DATA_TAGGING else wrap_var(value)


GROUPED_BY = ("partition", "rack", "size", "project", "state", "tag")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "metalfleet.datacenter.fleet"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("fleet.yml", "fleet.yaml"))

    def _fetch_hosts(self):
        try:
            location = parse_location(self.get_option("store"), self.get_option("store_password"))
            with open_store(location) as store:
                try:
                    return store.run(lambda tx: inventory_hosts(
                        tx, partition=self.get_option("partition"), project=self.get_option("project"),
                        states=self.get_option("state"), tags=self.get_option("tags")), write=False)
                except store.backend.database_errors as exc:
                    raise StoreError("the fleet store %s could not be read: %s"
                                     % (location.redacted(), driver_message(location, exc))) from None
        except FleetError as exc:
            raise AnsibleError("metalfleet.datacenter.fleet: %s" % exc) from None

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        hosts = None
        if use_cache:
            try:
                hosts = self._cache[cache_key]
            except KeyError:
                hosts = None
        if hosts is None:
            hosts = self._fetch_hosts()
            if self.get_option("cache"):
                self._cache[cache_key] = hosts
        self._populate(hosts)

    def _populate(self, hosts):
        strict = self.get_option("strict")
        for host in hosts:
            name = self.inventory.add_host(host["name"])
            for key, value in host["vars"].items():
                self.inventory.set_variable(name, key, make_unsafe(value))
            for kind in GROUPED_BY:
                for value in host["groups"][kind]:
                    group = self.inventory.add_group(to_safe_group_name("%s_%s" % (kind, value), force=True, silent=True))
                    self.inventory.add_child(group, name)
            host_vars = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option("compose"), host_vars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), host_vars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), host_vars, name, strict=strict)
