# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The iPXE scripts the boot API serves (pure text rendering).

Private to the metalfleet.datacenter collection; not a public API.

* :func:`static_script` (``/ipxe/boot.ipxe``, what dnsmasq hands to iPXE clients): walks every NIC
  (``net0`` .. ``netN``), runs DHCP on each (``ifconf``), and chains the per-machine script with that NIC's MAC,
  the SMBIOS UUID, the build architecture and platform; when no NIC gets an address or the API does not answer,
  it waits and starts over, :data:`ROUNDS` times, then reboots.
* :func:`machine_script` (``/ipxe/machine``): ``discovery`` and ``install`` load the partition's kernel and
  ramdisk with its command line plus ``metalfleet.api=<url> metalfleet.machine=<uuid> metalfleet.token=<token>``
  (install mode's command line carries ``metalfleet.mode=install`` from the provisioning core); ``local`` ends with
  ``exit``: iPXE hands control back to the firmware, which boots the next entry of its boot order (the installed
  disk).  ``exit`` works on BIOS and UEFI alike; ``sanboot --no-describe --drive 0x80`` would be BIOS-only.

Values put into a script are checked: anything outside a conservative character set is refused (ValueError), so
a store value can never inject iPXE commands.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

#: rounds of "every NIC" the static script tries before it reboots
ROUNDS = 10
#: seconds between rounds
ROUND_PAUSE = 5
#: characters allowed in URLs and kernel arguments put into a script (no spaces in URLs, no newlines, no ``$``)
_SAFE_URL = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!&'()*+,;=%-]+$")
_SAFE_ARGS = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!&'()*+,;=% \"-]*$")


def _url(value: str, field: str) -> str:
    if not value or not _SAFE_URL.match(value):
        raise ValueError("%s: not a URL that can go into an iPXE script" % field)
    return value


def _args(value: str, field: str) -> str:
    if not _SAFE_ARGS.match(value or ""):
        raise ValueError("%s: has characters that cannot go into an iPXE script" % field)
    return " ".join((value or "").split())


def absolute_url(url: str, api_url: str) -> str:
    """A partition's boot URL as iPXE fetches it: as given when absolute, else relative to the API URL."""
    if urlsplit(url).scheme:
        return url
    return api_url.rstrip("/") + "/" + url.lstrip("/")


def static_script(api_url: str) -> str:
    api = _url(api_url, "api_url")
    return "\n".join((
        "#!ipxe",
        "# metalfleet boot API: try every NIC, DHCP on each, then ask for this machine's script",
        "set api %s" % api,
        "set round:int32 0",
        ":round",
        "set idx:int32 0",
        ":nic",
        "isset ${net${idx}/mac} || goto next_round",
        "echo metalfleet: DHCP on net${idx} (${net${idx}/mac})",
        "ifconf --configurator dhcp net${idx} || goto next_nic",
        "chain --replace --autofree ${api}/ipxe/machine?mac=${net${idx}/mac}&uuid=${uuid}&arch=${buildarch}&platform=${platform} "
        "|| goto next_nic",
        ":next_nic",
        "inc idx",
        "goto nic",
        ":next_round",
        "inc round",
        "iseq ${round} %d && goto give_up ||" % ROUNDS,
        "echo metalfleet: no NIC reached the boot API, retrying in %d s" % ROUND_PAUSE,
        "sleep %d" % ROUND_PAUSE,
        "goto round",
        ":give_up",
        "echo metalfleet: giving up after %d rounds, rebooting" % ROUNDS,
        "sleep %d" % ROUND_PAUSE,
        "reboot",
        "",
    ))


def machine_script(mode: str, api_url: str, machine_id: str | None = None, kernel_url: str = "", initrd_url: str = "",
                   command_line: str = "", token: str | None = None) -> str:
    """The per-machine script for a boot decision (see the module docstring)."""
    if mode == "local":
        return "\n".join((
            "#!ipxe",
            "# metalfleet: boot from the local disk (the firmware's next boot entry)",
            "echo metalfleet: local boot",
            "exit",
            "",
        ))
    if mode not in ("discovery", "install"):
        raise ValueError("mode: unknown boot mode %r" % (mode,))
    for field, value in (("kernel_url", kernel_url), ("initrd_url", initrd_url)):
        if not value:
            raise ValueError("%s: the partition has no boot %s" % (field, field))
    kernel = _url(absolute_url(kernel_url, api_url), "kernel_url")
    initrd = _url(absolute_url(initrd_url, api_url), "initrd_url")
    initrd_name = posixpath.basename(urlsplit(initrd).path) or "initrd"
    arguments = " ".join(part for part in (
        "initrd=%s" % initrd_name,
        _args(command_line, "command_line"),
        "metalfleet.api=%s" % _url(api_url, "api_url"),
        "metalfleet.machine=%s" % _url(machine_id or "", "machine_id"),
        "metalfleet.token=%s" % _url(token or "", "token"),
    ) if part)
    return "\n".join((
        "#!ipxe",
        "# metalfleet: %s" % mode,
        "echo metalfleet: %s of ${uuid}" % mode,
        "kernel %s %s" % (kernel, arguments),
        "initrd %s" % initrd,
        "boot",
        "",
    ))
