# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet store's schema as an ordered list of versioned migrations.

Private to the metalfleet.datacenter collection; not a public API.

Rules: a migration is never edited once released; new ones are appended with
the next version.  Statements are written once for both backends; ``{serial}``
is replaced by each backend's auto-increment primary key.  JSON documents are
stored as text, timestamps as ISO 8601 UTC text, addresses as fixed-width hex
keys (see ``ipam.prefix_math.to_key``) so that they sort and compare as text on
both backends, IPv6 included.  A statement may also be a function
``step(backend, cursor)`` for data that SQL alone cannot derive.
"""
from __future__ import annotations

from collections import namedtuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam import child_blocks
from ansible_collections.metalfleet.datacenter.plugins.module_utils.ipam.prefix_math import to_key
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines import nic_index

#: VRF ids handed to child networks come from this pool (metal-stack's range).
VRF_POOL = "pool:vrf"
VRF_RANGE = (1, 131072)
#: one private 4-byte ASN per allocated machine, from metal-stack's base upwards (RFC 6996 private range).
ASN_POOL = "pool:asn"
ASN_RANGE = (4210000000, 4294967294)
#: one private 4-byte ASN per switch whose ASN is not given, below the machines' pool (RFC 6996 private range).
SWITCH_ASN_POOL = "pool:switch-asn"
SWITCH_ASN_RANGE = (4200000000, 4209999999)

Migration = namedtuple("Migration", "version description statements")


def _room_for_hot_updates(backend, cursor) -> None:
    """PostgreSQL: leave 30 % of each page of provisioning_containers free, so that a row's new version fits on
    its own page and the update stays HOT (no index entry, pruned in place).  SQLite updates rows in place."""
    if backend.name == "postgresql":
        cursor.execute("ALTER TABLE provisioning_containers SET (fillfactor = 70)")


MIGRATIONS = (
    Migration(1, "networks, prefixes, IPs, free ranges, audit log", (
        """CREATE TABLE networks (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            partition_id TEXT NOT NULL DEFAULT '',
            project TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            parent_id TEXT REFERENCES networks(id),
            description TEXT NOT NULL DEFAULT '',
            labels TEXT NOT NULL DEFAULT '{}',
            destination_prefixes TEXT NOT NULL DEFAULT '[]',
            default_child_lengths TEXT NOT NULL DEFAULT '{}',
            vrf BIGINT,
            vrf_shared BOOLEAN NOT NULL DEFAULT FALSE,
            vrf_from_pool BOOLEAN NOT NULL DEFAULT FALSE,
            nat BOOLEAN NOT NULL DEFAULT FALSE,
            shared BOOLEAN NOT NULL DEFAULT FALSE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (partition_id, project, name)
        )""",
        "CREATE INDEX networks_parent ON networks (parent_id)",
        "CREATE UNIQUE INDEX networks_exclusive_vrf ON networks (vrf) WHERE vrf IS NOT NULL AND vrf_shared = FALSE",
        """CREATE TABLE prefixes (
            id {serial},
            scope TEXT NOT NULL,
            cidr TEXT NOT NULL,
            family INTEGER NOT NULL,
            length INTEGER NOT NULL,
            start_key TEXT NOT NULL,
            end_key TEXT NOT NULL,
            network_id TEXT REFERENCES networks(id),
            parent_prefix_id BIGINT REFERENCES prefixes(id),
            acquired_ips BIGINT NOT NULL DEFAULT 0,
            reserved_ips INTEGER NOT NULL DEFAULT 0,
            child_count BIGINT NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (scope, cidr)
        )""",
        "CREATE INDEX prefixes_network ON prefixes (network_id)",
        "CREATE INDEX prefixes_parent ON prefixes (parent_prefix_id)",
        "CREATE INDEX prefixes_span ON prefixes (scope, family, start_key)",
        """CREATE TABLE ips (
            id {serial},
            prefix_id BIGINT NOT NULL REFERENCES prefixes(id),
            network_id TEXT REFERENCES networks(id),
            address TEXT NOT NULL,
            addr_key TEXT NOT NULL,
            family INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            project TEXT NOT NULL DEFAULT '',
            type TEXT NOT NULL DEFAULT 'ephemeral',
            tags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (prefix_id, addr_key)
        )""",
        "CREATE INDEX ips_network_name ON ips (network_id, name)",
        "CREATE INDEX ips_address ON ips (address)",
        """CREATE TABLE free_ranges (
            owner TEXT NOT NULL,
            start_key TEXT NOT NULL,
            end_key TEXT NOT NULL,
            PRIMARY KEY (owner, start_key)
        )""",
        "CREATE INDEX free_ranges_end ON free_ranges (owner, end_key)",
        """CREATE TABLE audit_log (
            id {serial},
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            module TEXT NOT NULL,
            entity_kind TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            before_doc TEXT,
            after_doc TEXT
        )""",
        "CREATE INDEX audit_entity ON audit_log (entity_kind, entity_id)",
        "CREATE INDEX audit_at ON audit_log (at)",
        "INSERT INTO free_ranges (owner, start_key, end_key) VALUES ('%s', '%s', '%s')" % (
            VRF_POOL, to_key(VRF_RANGE[0]), to_key(VRF_RANGE[1])),
    )),
    Migration(2, "catalog: partitions, sizes, size reservations, images", (
        """CREATE TABLE partitions (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            labels TEXT NOT NULL DEFAULT '{}',
            boot_kernel_url TEXT NOT NULL DEFAULT '',
            boot_initrd_url TEXT NOT NULL DEFAULT '',
            boot_command_line TEXT NOT NULL DEFAULT '',
            dns_servers TEXT NOT NULL DEFAULT '[]',
            ntp_servers TEXT NOT NULL DEFAULT '[]',
            mgmt_service_address TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        # constraints: JSON list of {type, min, max, identifier}; min/max are integers (bytes for memory/storage)
        """CREATE TABLE sizes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            labels TEXT NOT NULL DEFAULT '{}',
            constraints TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        # position keeps the order the reservations were given in (the reservation check walks them in order)
        """CREATE TABLE size_reservations (
            id TEXT PRIMARY KEY,
            size_id TEXT NOT NULL REFERENCES sizes(id),
            position INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            project TEXT NOT NULL,
            partitions TEXT NOT NULL DEFAULT '[]',
            description TEXT NOT NULL DEFAULT '',
            labels TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX size_reservations_size ON size_reservations (size_id, position)",
        """CREATE TABLE images (
            id TEXT PRIMARY KEY,
            os TEXT NOT NULL,
            version TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            checksum TEXT NOT NULL DEFAULT '',
            features TEXT NOT NULL DEFAULT '[]',
            classification TEXT NOT NULL DEFAULT 'preview',
            expires_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX images_os ON images (os)",
    )),
    Migration(3, "machines: registration, BMC, allocation; IPs attached to machines; ASN pool", (
        # one row per machine; the allocation columns are NULL while the machine is free
        """CREATE TABLE machines (
            id TEXT PRIMARY KEY,
            partition_id TEXT NOT NULL,
            rack TEXT NOT NULL DEFAULT '',
            hardware TEXT NOT NULL DEFAULT '{}',
            size_id TEXT NOT NULL DEFAULT 'unknown',
            size_reason TEXT NOT NULL DEFAULT '',
            hold TEXT NOT NULL DEFAULT '',
            issues TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            bmc_address TEXT NOT NULL DEFAULT '',
            bmc_port INTEGER,
            bmc_driver TEXT NOT NULL DEFAULT '',
            bmc_username TEXT NOT NULL DEFAULT '',
            bmc_password_encrypted TEXT NOT NULL DEFAULT '',
            bmc_password_version INTEGER NOT NULL DEFAULT 0,
            serial TEXT NOT NULL DEFAULT '',
            manufacturer TEXT NOT NULL DEFAULT '',
            project TEXT,
            hostname TEXT,
            role TEXT,
            image_id TEXT,
            asn BIGINT,
            allocation TEXT,
            allocated_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX machines_allocation ON machines (project, hostname) WHERE project IS NOT NULL",
        "CREATE UNIQUE INDEX machines_asn ON machines (asn) WHERE asn IS NOT NULL",
        "CREATE INDEX machines_candidates ON machines (partition_id, size_id, project)",
        "ALTER TABLE ips ADD COLUMN machine_id TEXT",
        "CREATE INDEX ips_machine ON ips (machine_id)",
        "INSERT INTO free_ranges (owner, start_key, end_key) VALUES ('%s', '%s', '%s')" % (
            ASN_POOL, to_key(ASN_RANGE[0]), to_key(ASN_RANGE[1])),
    )),
    Migration(4, "switches and their connections (machine NICs and switch-to-switch links); switch ASN pool", (
        # platform_data: the parent ports of the platform (lanes, indexes, breakout modes) read at registration, so that
        # rendering needs no platform files; breakouts/port_settings/settings: JSON documents (see sonic.switch_records)
        """CREATE TABLE switches (
            name TEXT PRIMARY KEY,
            partition_id TEXT NOT NULL,
            rack TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL,
            os TEXT NOT NULL DEFAULT 'sonic',
            platform TEXT NOT NULL DEFAULT '',
            hwsku TEXT NOT NULL DEFAULT '',
            branch TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            mgmt_address TEXT NOT NULL DEFAULT '',
            mgmt_gateway TEXT NOT NULL DEFAULT '',
            mgmt_mac TEXT NOT NULL DEFAULT '',
            asn BIGINT,
            asn_from_pool BOOLEAN NOT NULL DEFAULT FALSE,
            loopback TEXT NOT NULL DEFAULT '',
            loopback_from_ipam BOOLEAN NOT NULL DEFAULT FALSE,
            platform_data TEXT NOT NULL DEFAULT '{}',
            breakouts TEXT NOT NULL DEFAULT '{}',
            port_settings TEXT NOT NULL DEFAULT '{}',
            settings TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX switches_asn ON switches (asn) WHERE asn IS NOT NULL",
        "CREATE INDEX switches_partition ON switches (partition_id, role)",
        # one row per used switch port: either a machine NIC (machine_id, nic) or a link to another switch's port
        # (peer_switch, peer_port); a link is stored once, on the switch that named it
        """CREATE TABLE switch_connections (
            switch_name TEXT NOT NULL REFERENCES switches(name),
            port TEXT NOT NULL,
            machine_id TEXT,
            nic TEXT,
            peer_switch TEXT REFERENCES switches(name),
            peer_port TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (switch_name, port)
        )""",
        "CREATE INDEX switch_connections_machine ON switch_connections (machine_id)",
        "CREATE UNIQUE INDEX switch_connections_peer ON switch_connections (peer_switch, peer_port) WHERE peer_switch IS NOT NULL",
        "INSERT INTO free_ranges (owner, start_key, end_key) VALUES ('%s', '%s', '%s')" % (
            SWITCH_ASN_POOL, to_key(SWITCH_ASN_RANGE[0]), to_key(SWITCH_ASN_RANGE[1])),
    )),
    Migration(5, "go-ipam namespaces: prefixes and networks carry their IPAM namespace (existing rows: root)", (
        # ``prefixes.scope`` stays the unique key with ``cidr``: outside the root namespace it is qualified as
        # ``<scope>@<namespace>`` (see ipam.prefixes.scope_key), so one cidr may exist once per namespace
        "ALTER TABLE prefixes ADD COLUMN namespace TEXT NOT NULL DEFAULT 'root'",
        "CREATE INDEX prefixes_namespace ON prefixes (namespace)",
        # the IPAM namespace of a network's own prefixes: root, or the project of a child of a super_namespaced network
        "ALTER TABLE networks ADD COLUMN namespace TEXT NOT NULL DEFAULT 'root'",
        # namespaces other than root (which always exists), per scope
        """CREATE TABLE ipam_namespaces (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (scope, name)
        )""",
    )),
    Migration(6, "flat allocation costs: free blocks of every prefix for child prefixes; free machines by rack", (
        # the maximal aligned blocks of a prefix not covered by its children (ipam.child_blocks)
        """CREATE TABLE child_blocks (
            prefix_id BIGINT NOT NULL REFERENCES prefixes(id),
            length INTEGER NOT NULL,
            start_key TEXT NOT NULL,
            PRIMARY KEY (prefix_id, start_key)
        )""",
        "CREATE INDEX child_blocks_fit ON child_blocks (prefix_id, length, start_key)",
        child_blocks.backfill,
        # the next free machine of a rack during a list-form allocation (machines.pool_summary)
        "CREATE INDEX machines_rack ON machines (partition_id, size_id, rack, id)",
    )),
    Migration(7, "provisioning: NIC MAC index, netboot flag, event containers and the last 100 events per machine", (
        # phone home after an install turns it off; reinstall and free turn it on again (provisioning.boot_decision)
        "ALTER TABLE machines ADD COLUMN netboot_allowed BOOLEAN NOT NULL DEFAULT TRUE",
        # the MACs of every machine's reported NICs: the boot service's MAC -> machine lookup (machines.nic_index);
        # a MAC reported by two machines (stale hardware) has a row for each
        """CREATE TABLE machine_nics (
            mac TEXT NOT NULL,
            machine_id TEXT NOT NULL,
            nic TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (mac, machine_id)
        )""",
        "CREATE INDEX machine_nics_machine ON machine_nics (machine_id)",
        nic_index.backfill,
        # metal-stack's provisioning event container: one row per machine that sent an event or a hardware report
        # (not necessarily registered yet); last_seq numbers its events, so appending one never rewrites the others
        """CREATE TABLE provisioning_containers (
            machine_id TEXT PRIMARY KEY,
            last_event TEXT NOT NULL DEFAULT '',
            last_event_at TEXT NOT NULL,
            liveliness TEXT NOT NULL DEFAULT 'Alive',
            crash_loop BOOLEAN NOT NULL DEFAULT FALSE,
            failed_reclaim BOOLEAN NOT NULL DEFAULT FALSE,
            last_error TEXT NOT NULL DEFAULT '',
            last_seq BIGINT NOT NULL DEFAULT 0,
            report_error TEXT NOT NULL DEFAULT '',
            report_details TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX provisioning_containers_age ON provisioning_containers (last_event_at)",
        # the last 100 events of each container (older ones are deleted as new ones arrive), in seq order
        """CREATE TABLE provisioning_events (
            machine_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            at TEXT NOT NULL,
            event TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (machine_id, seq)
        )""",
    )),
    Migration(8, "provisioning: the liveliness refresh of a container touches no index", (
        # every boot script of a machine in discovery refreshes its container's last_event_at; indexed, each refresh
        # also wrote the index and, on PostgreSQL, could never be a HOT update.  The liveliness evaluation reads
        # ``last_event_at < ? OR liveliness <> ?``, which this index could not answer alone anyway (a scan of one
        # row per machine; bench_provisioning measures it)
        "DROP INDEX provisioning_containers_age",
        _room_for_hot_updates,
    )),
)

#: the schema version this collection writes.
LATEST_VERSION = MIGRATIONS[-1].version

#: table -> entity kind, for ``store_info`` row counts.
ENTITY_TABLES = {
    "network": "networks",
    "prefix": "prefixes",
    "ip": "ips",
    "partition": "partitions",
    "size": "sizes",
    "size_reservation": "size_reservations",
    "image": "images",
    "machine": "machines",
    "switch": "switches",
    "switch_connection": "switch_connections",
    "machine_nic": "machine_nics",
    "provisioning_container": "provisioning_containers",
    "provisioning_event": "provisioning_events",
    "audit_entry": "audit_log",
}
