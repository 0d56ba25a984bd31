# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The iPXE scripts: the static NIC loop and the per-machine scripts of each boot mode."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api import ipxe

API = "http://10.0.0.1:8080"
MACHINE = "00000000-0000-4000-8000-000000000001"


def test_static_script_loops_over_every_nic_and_round():
    script = ipxe.static_script(API).splitlines()
    assert script[0] == "#!ipxe"
    assert "set api %s" % API in script
    loop = script.index(":nic")
    assert script[loop + 1] == "isset ${net${idx}/mac} || goto next_round"
    assert script[loop + 3] == "ifconf --configurator dhcp net${idx} || goto next_nic"
    assert script[loop + 4].startswith("chain --replace --autofree ${api}/ipxe/machine?mac=${net${idx}/mac}&uuid=${uuid}"
                                       "&arch=${buildarch}&platform=${platform} ")
    assert "iseq ${round} %d && goto give_up ||" % ipxe.ROUNDS in script


def test_discovery_and_install_scripts_load_the_kernel_with_api_machine_and_token():
    script = ipxe.machine_script("install", API, MACHINE, "/files/vmlinuz", "http://files.example/boot/initrd.img",
                                 "console=ttyS0  metalfleet.mode=install", "mf1.token")
    assert script.splitlines() == [
        "#!ipxe",
        "# metalfleet: install",
        "echo metalfleet: install of ${uuid}",
        "kernel %s/files/vmlinuz initrd=initrd.img console=ttyS0 metalfleet.mode=install metalfleet.api=%s "
        "metalfleet.machine=%s metalfleet.token=mf1.token" % (API, API, MACHINE),
        "initrd http://files.example/boot/initrd.img",
        "boot",
    ]


def test_local_boot_exits_to_the_firmware_and_carries_no_token():
    script = ipxe.machine_script("local", API)
    assert script.rstrip().endswith("exit")
    assert "token" not in script and "kernel" not in script


@pytest.mark.parametrize("field, kwargs", [
    ("kernel_url", {"kernel_url": "http://x/k\nshell"}),
    ("kernel_url", {"kernel_url": "http://x/${evil}"}),
    ("command_line", {"command_line": "quiet\nchain http://evil"}),
    ("command_line", {"command_line": "a ${x}"}),
    ("initrd_url", {"initrd_url": ""}),
    ("token", {"token": None}),
])
def test_values_that_could_inject_ipxe_commands_are_refused(field, kwargs):
    values = {"kernel_url": "http://x/k", "initrd_url": "http://x/i", "command_line": "", "token": "t"}
    values.update(kwargs)
    with pytest.raises(ValueError, match=field):
        ipxe.machine_script("discovery", API, MACHINE, **values)


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mode"):
        ipxe.machine_script("rescue", API, MACHINE, "http://x/k", "http://x/i", "", "t")
