# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API runs from a virtual environment without ansible-core (the boot_server role installs only gunicorn and
the libraries of requirements.txt): the application must import and start with every ``ansible`` import refused."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.support.boot_api import COLLECTIONS_ROOT

SCRIPT = textwrap.dedent("""
    import sys

    class RefuseAnsible:
        def find_spec(self, name, path=None, target=None):
            if name == "ansible" or name.startswith("ansible."):
                raise ImportError("ansible-core is not installed here: " + name)

    sys.meta_path.insert(0, RefuseAnsible())
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api import gunicorn_conf, wsgi
    app = wsgi.application.load()
    print(type(app).__name__)
""")


def test_the_application_starts_without_ansible_core(tmp_path):
    secret = tmp_path / "secret.key"
    secret.write_text("a-secret-key-of-enough-length")
    env = dict(os.environ, PYTHONPATH=COLLECTIONS_ROOT, METALFLEET_STORE="sqlite://%s" % (tmp_path / "fleet.db"),
               METALFLEET_SECRET_KEY_FILE=str(secret), METALFLEET_BOOT_PARTITION="p1", METALFLEET_BOOT_API_URL="http://127.0.0.1:1")
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "BootApi"
