# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet_store role where systemd runs: PostgreSQL from Debian's packages in a booted systemd container.

The molecule scenarios prove the branch without systemd (our machines' own). Here the role runs inside a
systemd-nspawn container (``tests/lab/nspawn.py``): it must detect systemd by itself, run the cluster as its
``postgresql@<version>-<cluster>`` unit (started and enabled), schedule backups with a systemd timer whose service
really writes a verified backup, and be idempotent (second run and check mode: nothing changed).
"""
from __future__ import annotations

import json
import os
import re
import socket

import pytest

from tests.lab import nspawn
from tests.support.playbook import REPO_ROOT

pytestmark = pytest.mark.playbook

if os.geteuid() != 0 or nspawn.missing_tools():
    pytest.skip("needs root and %s to boot a systemd container (scripts/install-system-deps installs them)"
                % ", ".join(nspawn.missing_tools() or ["root"]), allow_module_level=True)

PASSWORD = "systemd-Secret-7"
CLUSTER = "fleetsd"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def role_play(port: int, backup_dir: str) -> list:
    venv_bin = os.path.join(REPO_ROOT, ".venv", "bin")
    return [{"name": "Fleet store where systemd runs", "hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "Set up the fleet store", "ansible.builtin.include_role": {"name": "metalfleet.datacenter.fleet_store"}},
        {"name": "Show the DSN", "ansible.builtin.debug": {"msg": "DSN={{ fleet_store_dsn }}"}}],
        "vars": {"fleet_store_backend": "postgresql", "fleet_store_postgresql_cluster": CLUSTER,
                 "fleet_store_postgresql_port": port, "fleet_store_postgresql_listen_addresses": ["127.0.0.1"],
                 "fleet_store_allowed_cidrs": ["127.0.0.1/32"], "fleet_store_password": PASSWORD,
                 "fleet_store_dsn_host": "127.0.0.1", "fleet_store_postgresql_shared_buffers": "64MB",
                 "fleet_store_postgresql_max_connections": 20, "fleet_store_backup_schedule": "daily",
                 "fleet_store_backup_dir": backup_dir,
                 "fleet_store_backup_ansible_playbook": os.path.join(venv_bin, "ansible-playbook"),
                 "fleet_store_backup_python": os.path.join(venv_bin, "python"),
                 "fleet_store_backup_collections_path": os.path.join(REPO_ROOT, ".build", "collections")}}]


@pytest.fixture(scope="module")
def container(tmp_path_factory):
    work = str(tmp_path_factory.mktemp("systemd"))
    booted = nspawn.Container("metalfleet-sd%d" % os.getpid(), work, os.path.join(work, "nspawn.log")).start()
    yield booted, work
    booted.stop()


def playbook(container, work: str, plays: list, *flags):
    box, _work = container
    return nspawn.run_playbook(box, work, plays, *flags)


def test_the_role_runs_postgresql_as_a_systemd_unit(container):
    box, work = container
    port = free_port()
    plays = role_play(port, "/var/backups/metalfleet")
    first = playbook(container, work, plays)
    assert first.returncode == 0, first.stdout[-5000:]
    assert nspawn.play_recap(first.stdout)["changed"] > 0
    assert PASSWORD not in first.stdout
    dsn = re.search(r"DSN=(\S+)", first.stdout).group(1).strip('"')
    # detected by itself: the cluster runs as its systemd unit, started and enabled
    version = box.run(["sh", "-c", "ls /etc/postgresql"]).stdout.split()[0]
    unit = "postgresql@%s-%s" % (version, CLUSTER)
    assert box.run(["systemctl", "is-active", unit], check=False).stdout.strip() == "active"
    assert box.run(["systemctl", "is-enabled", unit], check=False).stdout.strip() == "enabled"
    clusters = box.run(["pg_lsclusters", "--no-header"]).stdout
    assert re.search(r"%s\s+%s\s+%d\s+online" % (version, CLUSTER, port), clusters), clusters
    # the store answers over TCP with scram, with the role's DSN and password, from outside the container
    import psycopg  # pylint: disable=import-outside-toplevel

    with psycopg.connect(dsn, password=PASSWORD, connect_timeout=10) as conn:
        assert conn.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()[0]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(dsn, password="wrong", connect_timeout=10)
    # backups: a systemd timer, and its service writes a verified backup
    assert box.run(["systemctl", "is-active", "metalfleet-fleet-store-backup.timer"], check=False).stdout.strip() == "active"
    box.run(["systemctl", "start", "metalfleet-fleet-store-backup.service"], timeout=300)
    listing = box.run(["sh", "-c", "cat /var/backups/metalfleet/fleet-*/manifest.json"]).stdout
    manifest = json.loads(listing)
    assert manifest["backend"] == "postgresql" and manifest["verified"]["integrity"] == "ok"
    assert PASSWORD not in box.run(["cat", "/var/log/metalfleet-fleet-store-backup.log"]).stdout
    # idempotent, and check mode predicts no change
    second = playbook(container, work, plays)
    assert second.returncode == 0 and nspawn.play_recap(second.stdout)["changed"] == 0, second.stdout[-5000:]
    check = playbook(container, work, plays, "--check")
    assert check.returncode == 0 and nspawn.play_recap(check.stdout)["changed"] == 0, check.stdout[-5000:]
