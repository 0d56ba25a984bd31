#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: store_postgres_database
short_description: The PostgreSQL database and login role of a fleet store
version_added: 0.1.0
description:
  - Makes sure a PostgreSQL server has a login role O(owner) with password O(password) and a database O(name)
    (UTF-8) owned by it, the two things a fleet store needs. The role gets no other privileges (no superuser, no
    C(CREATEDB), no C(CREATEROLE), no replication).
  - Connects as the administrator O(admin_user), by default over the server's Unix socket, so the task usually runs
    as the C(postgres) operating-system user (C(become_user=postgres)), which PostgreSQL's C(peer) rule admits.
  - The password is sent to the server only as a SCRAM-SHA-256 verifier computed by the module, so it never appears
    in the server's log. A password that is already set (the stored verifier matches) is left alone.
  - The role M(metalfleet.datacenter.fleet_store) uses this module; the schema itself is migrated by the collection
    when a module first opens the store (M(metalfleet.datacenter.store_info)).
attributes:
  check_mode:
    support: full
    details: Reads the role and the database and reports what would change; changes nothing.
  diff_mode:
    support: full
    details: The role (exists, can log in, whether the password is current) and the database (exists, owner) before
      and after; never the password.
extends_documentation_fragment:
  - metalfleet.datacenter.attributes
options:
  name:
    description: The database of the fleet store.
    type: str
    required: true
  owner:
    description: The login role that owns the database; the store's DSN names it.
    type: str
    required: true
  password:
    description: The login role's password (from a vault). Never logged or returned.
    type: str
    required: true
  port:
    description: The server's port.
    type: int
    default: 5432
  admin_host:
    description: Where the administrator connects to, a socket directory (the default) or a host name.
    type: str
    default: /var/run/postgresql
  admin_user:
    description: The administrator role.
    type: str
    default: postgres
requirements:
  - psycopg 3 (Debian C(python3-psycopg))
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: The fleet store's database and login role
  metalfleet.datacenter.store_postgres_database:
    name: fleet
    owner: fleet
    password: "{{ vault_fleet_store_password }}"
    port: 5432
  become: true
  become_user: postgres
"""

RETURN = r"""
name:
  description: The database.
  returned: always
  type: str
  sample: fleet
owner:
  description: The login role.
  returned: always
  type: str
  sample: fleet
actions:
  description: What was (or, in check mode, would be) done, without the password.
  returned: always
  type: list
  elements: str
  sample: ["create role fleet", "create database fleet owned by fleet"]
"""

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store import scram

try:
    import psycopg
    from psycopg import sql
except ImportError:
    HAS_PSYCOPG = False
    PSYCOPG_ERROR = traceback.format_exc()
else:
    HAS_PSYCOPG = True
    PSYCOPG_ERROR = None

#: PostgreSQL's longest identifier (NAMEDATALEN - 1 bytes)
MAX_IDENTIFIER_BYTES = 63
ROLE_LIMITS = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


def check_input(module):
    for field in ("name", "owner"):
        value = module.params[field]
        if not value or len(value.encode("utf-8")) > MAX_IDENTIFIER_BYTES or "\x00" in value:
            module.fail_json(msg="%s: must be 1 to %d bytes long" % (field, MAX_IDENTIFIER_BYTES), field=field)
    if not module.params["password"]:
        module.fail_json(msg="password: must not be empty", field="password")
    if not 1 <= module.params["port"] <= 65535:
        module.fail_json(msg="port: must be between 1 and 65535", field="port")


def read_state(cur, name, owner, password):
    cur.execute("SELECT rolcanlogin, rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls, "
                "rolpassword FROM pg_authid WHERE rolname = %s", (owner,))
    role = cur.fetchone()
    cur.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (name,))
    database = cur.fetchone()
    return {
        "role": {"exists": role is not None, "login": bool(role and role[0]), "extra_privileges": bool(role and role[1]),
                 "password_current": bool(role and scram.matches(password, role[2]))},
        "database": {"exists": database is not None, "owner": database[0] if database else None},
    }


def plan(state, name, owner, password):
    """The statements (and their descriptions) that bring the server to the wanted state."""
    role, database = state["role"], state["database"]
    steps = []
    secret = sql.Literal(scram.verifier(password))
    if not role["exists"]:
        steps.append(("create role %s" % owner, sql.SQL("CREATE ROLE {} LOGIN " + ROLE_LIMITS + " PASSWORD {}").format(
            sql.Identifier(owner), secret)))
    else:
        if not role["login"] or role["extra_privileges"]:
            steps.append(("make role %s a plain login role" % owner, sql.SQL("ALTER ROLE {} LOGIN " + ROLE_LIMITS).format(
                sql.Identifier(owner))))
        if not role["password_current"]:
            steps.append(("set the password of role %s" % owner, sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(owner), secret)))
    if not database["exists"]:
        steps.append(("create database %s owned by %s" % (name, owner),
                      sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                          sql.Identifier(name), sql.Identifier(owner))))
    elif database["owner"] != owner:
        steps.append(("make %s the owner of database %s" % (owner, name), sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
            sql.Identifier(name), sql.Identifier(owner))))
    return steps


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            owner=dict(type="str", required=True),
            password=dict(type="str", required=True, no_log=True),
            port=dict(type="int", default=5432),
            admin_host=dict(type="str", default="/var/run/postgresql"),
            admin_user=dict(type="str", default="postgres"),
        ),
        supports_check_mode=True,
    )
    if not HAS_PSYCOPG:
        module.fail_json(msg=missing_required_lib("psycopg"), exception=PSYCOPG_ERROR)
    check_input(module)
    params = module.params
    name, owner, password = params["name"], params["owner"], params["password"]
    try:
        conn = psycopg.connect(host=params["admin_host"], port=params["port"], user=params["admin_user"],
                               dbname="postgres", autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        module.fail_json(msg="cannot connect to PostgreSQL as %s at %s port %d: %s"
                         % (params["admin_user"], params["admin_host"], params["port"], str(exc).strip()))
    with conn:
        with conn.cursor() as cur:
            before = read_state(cur, name, owner, password)
            steps = plan(before, name, owner, password)
            if steps and not module.check_mode:
                description = ""
                try:
                    for description, statement in steps:
                        cur.execute(statement)
                except psycopg.Error as exc:
                    module.fail_json(msg="%s failed: %s" % (description, str(exc).strip()))
            if not steps:
                after = before
            elif module.check_mode:
                after = {"role": {"exists": True, "login": True, "extra_privileges": False, "password_current": True},
                         "database": {"exists": True, "owner": owner}}
            else:
                after = read_state(cur, name, owner, password)
    result = {"changed": bool(steps), "name": name, "owner": owner, "actions": [d for d, _s in steps]}
    if module._diff:
        result["diff"] = {"before": before, "after": after}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
