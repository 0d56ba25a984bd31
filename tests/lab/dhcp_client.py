# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny DHCP client that speaks like a PXE ROM or like iPXE, for the boot server tests.

Run inside the client's network namespace (``ip netns exec <ns> python dhcp_client.py ...``); it prints one JSON
document: the OFFER and the ACK (or ``null`` when no server answered), each decoded (``yiaddr``, ``siaddr``, the
BOOTP ``file`` field, and the options by number).

Why not busybox udhcpc: it can send option 93 and the user class with ``-x``, but it hands the reply to a script
through environment variables, drops the BOOTP ``file`` field when option overload is used, and cannot say
"no offer" other than by timing out with a generic exit code.  Here the test sees exactly the packets: what was
sent (chaddr, option 93, option 77, option 60) and everything that came back.

A plain UDP socket bound to port 68 on the interface (SO_BINDTODEVICE) sends the DISCOVER and REQUEST from
0.0.0.0 to 255.255.255.255 with the broadcast flag set, so every answer is a broadcast that reaches it before the
interface has an address.

``--pxe`` makes it a PXE ROM: option 60 ``PXEClient:Arch:<arch>:UNDI:002001``, option 93 (architecture), 94 (UNDI
version) and 97 (the machine's UUID, type 0). Beside the plain DHCP server's OFFER it then keeps the proxy-DHCP
server's offer (``yiaddr`` 0.0.0.0, option 60 ``PXEClient``) as ``proxy``. When that offer names no boot file (PXE
discovery control in option 43 asks for boot server discovery; UEFI clients get no menu), ``--proxy-request`` goes
on like the ROM: it puts the leased address on the interface and asks the proxy on UDP 4011 (a REQUEST with
``ciaddr``, and the first boot item of option 43's menu if there was one); the answer is ``boot_ack``.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import time
import uuid as uuidlib

MAGIC = b"\x63\x82\x53\x63"
DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK = 1, 2, 3, 4, 5, 6
PXE_PORT = 4011
# PXE vendor options (option 43): discovery control, boot menu, boot item
PXE_DISCOVERY_CONTROL, PXE_BOOT_MENU, PXE_BOOT_ITEM = 6, 9, 71


def _option(code: int, value: bytes) -> bytes:
    return bytes([code, len(value)]) + value


def pxe_vendor_class(arch: int) -> str:
    """Option 60 as PXE ROMs send it (PXE 2.1, RFC 4578): the architecture and the UNDI version 2.1."""
    return "PXEClient:Arch:%05d:UNDI:002001" % arch


def build_packet(kind: int, xid: int, mac: bytes, arch=None, user_class=None, vendor_class=None,
                 requested=None, server=None, machine_uuid=None, ciaddr="0.0.0.0", vendor_options=None) -> bytes:
    header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, socket.inet_aton(ciaddr), b"\0" * 4,
                         b"\0" * 4, b"\0" * 4, mac.ljust(16, b"\0"), b"", b"")
    options = _option(53, bytes([kind])) + _option(61, b"\x01" + mac)
    if arch is not None:
        options += _option(93, struct.pack("!H", arch)) + _option(94, b"\x01\x02\x01")
    if machine_uuid:
        # RFC 4578: type 0, then the 16 bytes of the UUID
        options += _option(97, b"\x00" + uuidlib.UUID(machine_uuid).bytes)
    if vendor_options:
        options += _option(43, vendor_options)
    if vendor_class:
        options += _option(60, vendor_class.encode())
    if user_class:
        # iPXE sends its user class as a plain string, not in RFC 3004's length-prefixed form
        options += _option(77, user_class.encode())
    if requested:
        options += _option(50, socket.inet_aton(requested))
    if server:
        options += _option(54, socket.inet_aton(server))
    options += _option(55, bytes([1, 3, 6, 43, 54, 60, 66, 67, 97])) + b"\xff"
    return header + MAGIC + options


def suboptions(data: bytes) -> dict:
    """The encapsulated options of option 43 (code, length, value; 255 ends)."""
    found, index = {}, 0
    while index + 1 < len(data) and data[index] != 255:
        if data[index] == 0:
            index += 1
            continue
        found[data[index]] = data[index + 2:index + 2 + data[index + 1]]
        index += 2 + data[index + 1]
    return found


def pxe_menu(vendor: dict) -> list:
    """PXE_BOOT_MENU (option 43.9): ``[{"type": n, "description": text}]``."""
    raw, items, index = vendor.get(PXE_BOOT_MENU, b""), [], 0
    while index + 3 <= len(raw):
        item_type, length = struct.unpack("!HB", raw[index:index + 3])
        items.append({"type": item_type, "description": raw[index + 3:index + 3 + length].decode(errors="replace")})
        index += 3 + length
    return items


def parse_packet(data: bytes) -> dict:
    fields = struct.unpack("!BBBBIHH4s4s4s4s16s64s128s", data[:236])
    options, index, raw = {}, 240, data[240:]
    index = 0
    while index < len(raw) and raw[index] != 255:
        code = raw[index]
        if code == 0:
            index += 1
            continue
        length = raw[index + 1]
        options[code] = raw[index + 2:index + 2 + length]
        index += 2 + length
    return {
        "op": fields[0],
        "xid": fields[4],
        "yiaddr": socket.inet_ntoa(fields[8]),
        "siaddr": socket.inet_ntoa(fields[9]),
        "chaddr": ":".join("%02x" % b for b in fields[11][:6]),
        "file": fields[13].split(b"\0", 1)[0].decode(errors="replace"),
        "sname": fields[12].split(b"\0", 1)[0].decode(errors="replace"),
        "type": options.get(53, b"\0")[0],
        "options": {str(code): value.hex() for code, value in options.items()},
        "bootfile_option": options[67].split(b"\0", 1)[0].decode(errors="replace") if 67 in options else None,
        "server_id": socket.inet_ntoa(options[54]) if len(options.get(54, b"")) == 4 else None,
        "vendor_class": options[60].decode(errors="replace") if 60 in options else None,
        "pxe_menu": pxe_menu(suboptions(options[43])) if 43 in options else [],
        "pxe_discovery_control": suboptions(options[43]).get(PXE_DISCOVERY_CONTROL, b"\0")[0] if 43 in options else None,
    }


def _transact(sock, packet: bytes, xid: int, kinds, timeout: float, resend: float = 1.0, linger: float = 0.5) -> list:
    """Send ``packet`` (again every ``resend`` seconds, as clients do) and collect every reply for ``xid``.

    dnsmasq answers a new client only after it has pinged the address it is about to offer (up to 3 s), and a
    proxy-DHCP server answers beside the real one, often first: after the first reply that gives an address (or
    any ACK or NAK) the client listens ``linger`` seconds more for others, then returns them all (what came when
    ``timeout`` passes without one).
    """
    replies, start, settled = [], time.monotonic(), False
    deadline, next_send = start + timeout, start
    while time.monotonic() < deadline:
        now = time.monotonic()
        if not settled and now >= next_send:
            sock.sendto(packet, ("255.255.255.255", 67))
            next_send = now + resend
        sock.settimeout(max(0.01, min(deadline, next_send if not settled else deadline) - now))
        try:
            data = sock.recv(4096)
        except socket.timeout:
            continue
        if len(data) < 240 or data[236:240] != MAGIC:
            continue
        reply = parse_packet(data)
        if reply["op"] == 2 and reply["xid"] == xid and reply["type"] in kinds:
            if not settled and (reply["yiaddr"] != "0.0.0.0" or reply["type"] != OFFER):
                settled = True
                deadline = min(deadline, time.monotonic() + linger)
            replies.append(reply)
    return replies


def _socket(interface: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
    sock.bind(("", port))
    return sock


def boot_server_request(interface: str, mac_bytes: bytes, address: str, proxy: dict, extra: dict, timeout: float):
    """The ROM's boot server discovery: REQUEST to the proxy's UDP 4011 from the leased address, with the boot item.

    The address goes on the interface first (replaced, /24 like the tests' networks): the request is unicast.
    """
    subprocess.run(["ip", "addr", "replace", address + "/24", "dev", interface], check=True)
    # the first item of the menu (layer 0); no menu (UEFI: the firmware shows none): no boot item, the proxy
    # answers with the boot file of the client's architecture
    menu = proxy["pxe_menu"]
    vendor = _option(PXE_BOOT_ITEM, struct.pack("!HH", menu[0]["type"], 0)) + b"\xff" if menu else None
    xid = struct.unpack("!I", os.urandom(4))[0]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
        sock.bind((address, 0))
        packet = build_packet(REQUEST, xid, mac_bytes, ciaddr=address, vendor_options=vendor, **extra)
        sock.connect((proxy["server_id"] or proxy["siaddr"], PXE_PORT))
        replies = []
        deadline = time.monotonic() + timeout
        while not replies and time.monotonic() < deadline:
            sock.send(packet)
            sock.settimeout(1.0)
            try:
                data = sock.recv(4096)
            except (socket.timeout, ConnectionRefusedError):
                continue
            if len(data) >= 240 and data[236:240] == MAGIC and parse_packet(data)["xid"] == xid:
                replies.append(parse_packet(data))
        return replies[0] if replies else None
    finally:
        sock.close()


def exchange(interface: str, mac: str, arch=None, user_class=None, vendor_class=None, timeout: float = 8.0,
             request: bool = True, machine_uuid=None, proxy_request: bool = False) -> dict:
    """DISCOVER (and REQUEST the first offered address).

    Returns ``{"offers": [...], "offer": ..., "ack": ..., "proxy": ..., "boot_ack": ...}``: ``proxy`` is a
    proxy-DHCP offer (no address, option 60 ``PXEClient``) if one came, ``boot_ack`` the 4011 answer if asked for.
    """
    mac_bytes = bytes.fromhex(mac.replace(":", ""))
    xid = struct.unpack("!I", os.urandom(4))[0]
    sock = _socket(interface, 68)
    try:
        extra = {"arch": arch, "user_class": user_class, "vendor_class": vendor_class, "machine_uuid": machine_uuid}
        offers = _transact(sock, build_packet(DISCOVER, xid, mac_bytes, **extra), xid, (OFFER,), timeout)
        proxies = [o for o in offers if o["yiaddr"] == "0.0.0.0" and (o["vendor_class"] or "").startswith("PXEClient")]
        result = {"offers": offers, "offer": None, "ack": None, "proxy": proxies[0] if proxies else None, "boot_ack": None}
        with_address = [o for o in offers if o["yiaddr"] != "0.0.0.0"]
        if not with_address:
            return result
        offer = result["offer"] = with_address[0]
        if request:
            packet = build_packet(REQUEST, xid, mac_bytes, requested=offer["yiaddr"], server=offer["server_id"], **extra)
            acks = _transact(sock, packet, xid, (ACK, NAK), timeout, linger=0.0)
            result["ack"] = acks[0] if acks else None
    finally:
        sock.close()
    proxy = result["proxy"]
    if proxy_request and proxy and not (proxy["file"] or proxy["bootfile_option"]) and result["ack"] and result["ack"]["type"] == ACK:
        result["boot_ack"] = boot_server_request(interface, mac_bytes, result["ack"]["yiaddr"], result["proxy"], extra, timeout)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interface", required=True)
    parser.add_argument("--mac", required=True)
    parser.add_argument("--arch", type=int)
    parser.add_argument("--user-class")
    parser.add_argument("--vendor-class")
    parser.add_argument("--pxe", action="store_true", help="a PXE ROM: option 60 PXEClient, 93, 94 and 97 (needs --arch)")
    parser.add_argument("--uuid", help="the machine's UUID for option 97 (default: one made from the MAC)")
    parser.add_argument("--proxy-request", action="store_true",
                        help="ask a proxy-DHCP server on UDP 4011 when its offer names no boot file")
    parser.add_argument("--timeout", type=float, default=8.0)
    parser.add_argument("--no-request", action="store_true")
    args = parser.parse_args(argv)
    vendor_class, machine_uuid = args.vendor_class, args.uuid
    if args.pxe:
        if args.arch is None:
            parser.error("--pxe needs --arch")
        vendor_class = vendor_class or pxe_vendor_class(args.arch)
        machine_uuid = machine_uuid or str(uuidlib.UUID(bytes=bytes.fromhex(args.mac.replace(":", "")).rjust(16, b"\0")))
    result = exchange(args.interface, args.mac, args.arch, args.user_class, vendor_class, args.timeout,
                      request=not args.no_request, machine_uuid=machine_uuid, proxy_request=args.proxy_request)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
