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
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import struct
import sys
import time

MAGIC = b"\x63\x82\x53\x63"
DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK = 1, 2, 3, 4, 5, 6


def _option(code: int, value: bytes) -> bytes:
    return bytes([code, len(value)]) + value


def build_packet(kind: int, xid: int, mac: bytes, arch=None, user_class=None, vendor_class=None,
                 requested=None, server=None) -> bytes:
    header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                         b"\0" * 4, mac.ljust(16, b"\0"), b"", b"")
    options = _option(53, bytes([kind])) + _option(61, b"\x01" + mac)
    if arch is not None:
        options += _option(93, struct.pack("!H", arch)) + _option(94, b"\x01\x02\x01")
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
    }


def _transact(sock, packet: bytes, xid: int, kinds, timeout: float, resend: float = 1.0, linger: float = 0.5) -> list:
    """Send ``packet`` (again every ``resend`` seconds, as clients do) and collect every reply for ``xid``.

    dnsmasq answers a new client only after it has pinged the address it is about to offer (up to 3 s), and a
    proxy-DHCP server answers beside the real one: after the first reply the client listens ``linger`` seconds more
    for others, then returns them all (none when ``timeout`` passes without a reply).
    """
    replies, start = [], time.monotonic()
    deadline, next_send = start + timeout, start
    while time.monotonic() < deadline:
        now = time.monotonic()
        if not replies and now >= next_send:
            sock.sendto(packet, ("255.255.255.255", 67))
            next_send = now + resend
        sock.settimeout(max(0.01, min(deadline, next_send if not replies else deadline) - now))
        try:
            data = sock.recv(4096)
        except socket.timeout:
            continue
        if len(data) < 240 or data[236:240] != MAGIC:
            continue
        reply = parse_packet(data)
        if reply["op"] == 2 and reply["xid"] == xid and reply["type"] in kinds:
            if not replies:
                deadline = min(deadline, time.monotonic() + linger)
            replies.append(reply)
    return replies


def exchange(interface: str, mac: str, arch=None, user_class=None, vendor_class=None, timeout: float = 8.0,
             request: bool = True) -> dict:
    """DISCOVER (and REQUEST the first offered address): ``{"offers": [...], "offer": ..., "ack": ...}``."""
    mac_bytes = bytes.fromhex(mac.replace(":", ""))
    xid = struct.unpack("!I", os.urandom(4))[0]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
        sock.bind(("", 68))
        extra = {"arch": arch, "user_class": user_class, "vendor_class": vendor_class}
        offers = _transact(sock, build_packet(DISCOVER, xid, mac_bytes, **extra), xid, (OFFER,), timeout)
        result = {"offers": offers, "offer": None, "ack": None}
        with_address = [o for o in offers if o["yiaddr"] != "0.0.0.0"]
        if not with_address:
            return result
        offer = result["offer"] = with_address[0]
        if request:
            packet = build_packet(REQUEST, xid, mac_bytes, requested=offer["yiaddr"], server=offer["server_id"], **extra)
            acks = _transact(sock, packet, xid, (ACK, NAK), timeout, linger=0.0)
            result["ack"] = acks[0] if acks else None
        return result
    finally:
        sock.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interface", required=True)
    parser.add_argument("--mac", required=True)
    parser.add_argument("--arch", type=int)
    parser.add_argument("--user-class")
    parser.add_argument("--vendor-class")
    parser.add_argument("--timeout", type=float, default=8.0)
    parser.add_argument("--no-request", action="store_true")
    args = parser.parse_args(argv)
    result = exchange(args.interface, args.mac, args.arch, args.user_class, args.vendor_class, args.timeout,
                      request=not args.no_request)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
