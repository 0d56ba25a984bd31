# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot_server role's files rendered for a :class:`tests.lab.bootnet.BootNet`, and dnsmasq started from them.

The role's ``config`` entry point runs through ansible-playbook inside the server's network namespace (so that its
facts see the boot interface), with every path under one work directory that dnsmasq's own user can read.
"""
from __future__ import annotations

import os
import shutil
import tempfile

from tests.support.playbook import play, run_playbook

ROLE = "metalfleet.datacenter.boot_server"
IPXE_DIR = "/usr/lib/ipxe"
API_PORT = 8080


def work_directory() -> str:
    """A fresh directory dnsmasq's own user can read (pytest's tmp_path is private to root); remove it when done."""
    path = tempfile.mkdtemp(prefix="mf-bootsrv-")
    os.chmod(path, 0o755)
    return path


def remove(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


def api_url(net) -> str:
    return "http://%s:%d" % (net.server_address, API_PORT)


def role_vars(net, workdir: str, mode: str, **extra) -> dict:
    variables = {
        "boot_server_interface": net.server_if, "boot_server_partition": "fra-1", "boot_server_dhcp_mode": mode,
        "boot_server_store": "sqlite://" + os.path.join(workdir, "fleet.db"),
        "boot_server_api_url": api_url(net),
        "boot_server_config_dir": os.path.join(workdir, "etc"), "boot_server_state_dir": os.path.join(workdir, "state"),
        "boot_server_tftp_root": os.path.join(workdir, "tftp"), "boot_server_files_dir": os.path.join(workdir, "files"),
    }
    if mode != "proxy":
        variables.update(boot_server_dhcp_range_start=net.network + ".100", boot_server_dhcp_range_end=net.network + ".150")
    variables.update(extra)
    return variables


def render(net, workdir: str, mode: str, expect_ok: bool = True, **extra):
    """Run the role's ``config`` entry point in the server namespace; returns the run and dnsmasq's config file."""
    tasks = [{"name": "boot server files", "ansible.builtin.include_role": {"name": ROLE, "tasks_from": "config"},
              "vars": role_vars(net, workdir, mode, **extra)}]
    run = run_playbook(play(tasks), "sqlite://" + os.path.join(workdir, "fleet.db"), os.path.join(workdir, "run"),
                       argv_prefix=net.in_server([]))
    if expect_ok:
        assert run.returncode == 0, run.stdout[-4000:]
    return run, os.path.join(workdir, "etc", "dnsmasq.conf")


def start_dnsmasq(net, workdir: str, conf: str):
    return net.start(["/usr/sbin/dnsmasq", "--keep-in-foreground", "--log-dhcp", "--conf-file=" + conf],
                     os.path.join(workdir, "dnsmasq.log"), ready="TFTP root is")


def boot_file(reply) -> str:
    """What the client is told to load: option 67, or the BOOTP file field."""
    return reply["bootfile_option"] or reply["file"]
