# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The key that encrypts BMC passwords at rest (paired with machines.secret_box.secret_key_argument_spec())."""
from __future__ import annotations


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  secret_key:
    description:
      - Key that encrypts BMC passwords in the fleet store (Fernet); a Fernet key, or a passphrase of at least 16
        characters from which one is derived.
      - Without a key (here, in O(secret_key_file) or the environment) no BMC password is stored.
      - When not set, the environment variable E(METALFLEET_SECRET_KEY) is used.
    type: str
  secret_key_file:
    description:
      - File holding the key, as an alternative to O(secret_key).
      - When not set, the environment variable E(METALFLEET_SECRET_KEY_FILE) is used.
    type: path
requirements:
  - cryptography (to store or read BMC passwords)
"""
