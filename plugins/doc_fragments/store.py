# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options shared by every module that reads or writes the fleet store (paired with store_argument_spec())."""
from __future__ import annotations


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  store:
    description:
      - Location of the fleet store as a DSN.
      - V(sqlite:///absolute/path/fleet.db) for the embedded SQLite store; the directory is created and the file is
        made readable by its owner only.
      - V(postgresql://user:password@host:port/dbname) for a shared PostgreSQL store. User name and password are
        percent-encoded (every character but letters, digits and C(-._~)), so C(p@ss/w%rd) is written
        C(p%40ss%2Fw%25rd); a DSN that can be read more than one way (an unencoded C(@), C(#) or stray C(%)) is
        refused. O(store_password) keeps the password out of the DSN entirely.
      - The password, in the DSN or in the query's C(password) or C(sslpassword), is never shown in any form (as
        given, decoded or encoded) in results, C(-vvv) output, the Ansible log or the system log; this option is
        echoed with it replaced by C(********).
      - When not set, the environment variable E(METALFLEET_STORE) is used.
      - When neither this option nor E(METALFLEET_STORE) is set, the embedded store at
        C($XDG_DATA_HOME/metalfleet/fleet.db) (by default C(~/.local/share/metalfleet/fleet.db)) on the host running
        the module is used.
      - Set it once for all modules with O(ignore:module_defaults) and the C(group/metalfleet.datacenter.fleet) group.
    type: str
  store_password:
    description:
      - Password for a PostgreSQL store; overrides a password inside O(store).
      - When not set, the environment variable E(METALFLEET_STORE_PASSWORD) is used.
    type: str
requirements:
  - psycopg >= 3.1 (only for PostgreSQL stores)
notes:
  - Every run of a module is one transaction on the store; it lands completely or not at all.
  - Concurrent runs (parallel C(ansible-playbook), forks) are serialized by the store, so addresses, prefixes and
    VRF ids are never handed out twice.
"""
