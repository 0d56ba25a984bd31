# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Switch records: checking the ``switch`` module's options and describing a stored switch.

Private to the metalfleet.datacenter collection; not a public API.

Pure functions, no store access.  The JSON columns of ``switches`` hold:

* ``breakouts``: ``{parent port: breakout mode}``;
* ``port_settings``: ``{"defaults": {mtu, fec, autoneg}, "ports": {port: {mtu, fec, autoneg, speed}}}``;
* ``settings``: ``{"mgmt_vrf", "tenant_vrfs", "lldp_hello_time", "syslog_servers", "pxe": {vlan, address, vni}}``.

Every check raises ValidationError naming the option (``breakouts.Ethernet0``,
``ports.Ethernet4.speed``, ``pxe.vlan`` ...).
"""
from __future__ import annotations

import ipaddress
import json
import re
from typing import Mapping

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import BreakoutPort, Platform, port_sort_key
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values import BRANCH_COMMUNITY
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.values_checks import FEC_MODES

ROLES = ("leaf", "spine", "exit", "mgmtleaf")
OPERATING_SYSTEMS = ("sonic", "cumulus")
#: the branch native switches are rendered for unless told otherwise: community SONiC, validated without allow-list.
COMMUNITY_BRANCH = BRANCH_COMMUNITY
DEFAULT_PXE_VLAN = 4000
DEFAULT_LLDP_HELLO = 10
LLDP_HELLO_RANGE = (5, 254)
MAX_ASN = limits.ASN_RANGE[1]
MTU_RANGE = (68, 9216)
#: VLANs metal-core creates for tenant VRFs; a static VLAN must stay out of them.
TENANT_VLAN_RANGE = (1001, 2000)
DEFAULT_SETTINGS = {"mgmt_vrf": True, "tenant_vrfs": True, "lldp_hello_time": DEFAULT_LLDP_HELLO, "syslog_servers": [], "pxe": None}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
_MAC_RE = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
_CUMULUS_PORT_RE = re.compile(r"^swp\d+(s\d+)?$")


def check_name(value, field: str = "name") -> str:
    if not isinstance(value, str) or not _NAME_RE.match(value):
        raise ValidationError(field, f"{value!r} is not a switch name (letters, digits, '.', '_', '-'; at most 63 characters)")
    return value


def check_choice(value, choices, field: str) -> str:
    if value not in choices:
        raise ValidationError(field, f"{value!r} is not one of {', '.join(choices)}")
    return value


def check_cidr(value, field: str) -> str:
    """An interface address with prefix length, e.g. ``10.1.0.11/24``."""
    text = str(value or "")
    if "/" not in text:
        raise ValidationError(field, f"address {text!r} has no prefix length")
    try:
        return str(ipaddress.ip_interface(text))
    except ValueError:
        raise ValidationError(field, f"{text!r} is not an address with prefix length") from None


def check_ip(value, field: str) -> str:
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        raise ValidationError(field, f"{value!r} is not an IP address") from None


def check_loopback(value, field: str = "loopback") -> str:
    """An IPv4 host address; ``/32`` is accepted and dropped."""
    text = str(value)
    address, _sep, length = text.partition("/")
    if length not in ("", "32"):
        raise ValidationError(field, f"{text!r}: a loopback is a single IPv4 address (/32)")
    try:
        return str(ipaddress.IPv4Address(address))
    except ValueError:
        raise ValidationError(field, f"{text!r} is not an IPv4 address") from None


def check_mgmt_pair(address: str, gateway: str) -> None:
    """SONiC's model wants a gateway of the same family with every management address."""
    if address and not gateway:
        raise ValidationError("mgmt_gateway", f"the management address {address} needs a gateway")
    if address and gateway and (":" in address) != (":" in gateway):
        raise ValidationError("mgmt_gateway", f"gateway {gateway} and management address {address} are of different families")


def check_mac(value, field: str = "mgmt_mac") -> str:
    text = str(value).lower()
    if not _MAC_RE.match(text):
        raise ValidationError(field, f"{value!r} is not a MAC address like 0c:29:ef:aa:00:01")
    return text


def check_int(value, field: str, low: int, high: int, what: str = "value") -> int:
    """An integer (or a string of digits) in ``[low, high]`` (``_common.limits.check_int``)."""
    return limits.check_int(value, field, low, high, what)


def check_asn(value, field: str = "asn") -> int:
    return check_int(value, field, 1, MAX_ASN, "AS number")


def check_descriptive(spec: Mapping) -> None:
    """The bounds of a switch's names and texts (``_common.limits``): rack, platform, hwsku, branch, description."""
    for option in ("rack", "platform", "hwsku", "branch"):
        limits.check_optional_identifier(spec.get(option), option)
    if spec.get("description") is not None:
        limits.check_description(spec["description"])


def _mapping(value, field: str) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(field, f"expected a mapping, got {value!r}")
    return value


def check_breakouts(value, field: str = "breakouts") -> dict:
    result = {}
    for port, mode in _mapping(value, field).items():
        if not isinstance(mode, str) or not mode:
            raise ValidationError(f"{field}.{port}", f"expected a breakout mode like 4x25G[10G], got {mode!r}")
        result[str(port)] = mode
    return result


def _port_values(value, field: str, with_speed: bool) -> dict:
    entry = _mapping(value, field)
    allowed = ("mtu", "fec", "autoneg") + (("speed",) if with_speed else ())
    unknown = sorted(set(entry) - set(allowed))
    if unknown:
        raise ValidationError(f"{field}.{unknown[0]}", f"unknown port setting; expected {', '.join(allowed)}")
    result = {}
    if entry.get("mtu") is not None:
        result["mtu"] = check_int(entry["mtu"], f"{field}.mtu", *MTU_RANGE, what="MTU")
    if entry.get("fec") is not None:
        result["fec"] = check_choice(entry["fec"], FEC_MODES, f"{field}.fec")
    if entry.get("autoneg") is not None:
        autoneg = entry["autoneg"]
        if isinstance(autoneg, bool):
            autoneg = "on" if autoneg else "off"
        result["autoneg"] = check_choice(autoneg, ("on", "off"), f"{field}.autoneg")
    if with_speed and entry.get("speed") is not None:
        result["speed"] = check_int(entry["speed"], f"{field}.speed", 1, 10 ** 6, "speed (Mb/s)")
    return result


def check_port_settings(defaults, ports) -> dict:
    """``port_defaults`` and ``ports`` options -> the ``port_settings`` document."""
    return {"defaults": _port_values(defaults, "port_defaults", with_speed=False),
            "ports": {str(name): _port_values(entry, f"ports.{name}", with_speed=True) for name, entry in _mapping(ports, "ports").items()}}


def check_pxe(value, field: str = "pxe") -> dict | None:
    if value is None:
        return None
    entry = _mapping(value, field)
    vlan = check_int(entry["vlan"] if entry.get("vlan") is not None else DEFAULT_PXE_VLAN, f"{field}.vlan", 1, 4094, "VLAN")
    if TENANT_VLAN_RANGE[0] <= vlan <= TENANT_VLAN_RANGE[1]:
        raise ValidationError(f"{field}.vlan", "VLAN %d lies in %d-%d, the VLANs of tenant VRFs" % ((vlan,) + TENANT_VLAN_RANGE))
    if not entry.get("address"):
        raise ValidationError(f"{field}.address", "the PXE VLAN needs the switch's address in it, with prefix length")
    vni = entry.get("vni")
    return {"vlan": vlan, "address": check_cidr(entry["address"], f"{field}.address"),
            "vni": None if vni is None else check_int(vni, f"{field}.vni", 1, 16777215, "VNI")}


def check_settings(spec: Mapping, current: Mapping) -> dict:
    """The ``settings`` document: ``current`` with the options ``spec`` gives."""
    settings = dict(DEFAULT_SETTINGS)
    settings.update(current or {})
    for flag in ("mgmt_vrf", "tenant_vrfs"):
        if spec.get(flag) is not None:
            settings[flag] = bool(spec[flag])
    if spec.get("lldp_hello_time") is not None:
        settings["lldp_hello_time"] = check_int(spec["lldp_hello_time"], "lldp_hello_time", *LLDP_HELLO_RANGE, what="hello time")
    if spec.get("syslog_servers") is not None:
        servers = spec["syslog_servers"]
        if not isinstance(servers, (list, tuple)):
            raise ValidationError("syslog_servers", "expected a list of IP addresses")
        settings["syslog_servers"] = [check_ip(server, f"syslog_servers[{pos}]") for pos, server in enumerate(servers)]
    if spec.get("pxe") is not None:
        settings["pxe"] = check_pxe(spec["pxe"]) if spec["pxe"] else None  # {} removes the PXE VLAN
    return settings


def check_ports_on_platform(platform: Platform, breakouts: Mapping[str, str], port_settings: Mapping) -> dict[str, BreakoutPort]:
    """The switch's ports after ``breakouts``; every port setting must name one of them, speeds must fit the mode."""
    layout = platform.layout(breakouts, use_hwsku=True)
    for name, entry in (port_settings.get("ports") or {}).items():
        if name not in layout:
            raise ValidationError(f"ports.{name}", f"unknown port {name} on platform {platform.name} (check the breakouts)")
        speed = entry.get("speed")
        if speed and speed not in layout[name].speeds:
            options = " ".join(str(item) for item in layout[name].speeds)
            raise ValidationError(f"ports.{name}.speed", f"speed {speed} is not allowed by breakout {layout[name].mode}; options: [{options}]")
    return layout


def check_port(name, layout: Mapping | None, os_name: str, field: str) -> str:
    """A port of this switch: in the layout of a SONiC switch, ``swpN``/``swpNsM`` on Cumulus."""
    name = str(name or "")
    if os_name == "cumulus":
        if not _CUMULUS_PORT_RE.match(name):
            raise ValidationError(field, f"unknown port {name!r}: Cumulus ports are named swpN or swpNsM")
        return name
    if layout is None or name not in layout:
        raise ValidationError(field, f"unknown port {name!r} on this switch's platform (check the breakouts)")
    return name


def sorted_ports(names) -> list:
    return sorted(names, key=port_sort_key)


def loads(text, default):
    return json.loads(text) if text else default


def dumps(value) -> str:
    return json.dumps(value, sort_keys=True)


def switch_state(row, connections) -> dict:
    """What the diff and the audit log show of a switch (no timestamps, no platform data)."""
    settings = dict(DEFAULT_SETTINGS)
    settings.update(loads(row["settings"], {}))
    port_settings = loads(row["port_settings"], {})
    own = [c for c in connections if c["switch_name"] == row["name"]]
    return {
        "name": row["name"],
        "partition": row["partition_id"],
        "rack": row["rack"],
        "role": row["role"],
        "os": row["os"],
        "platform": row["platform"],
        "hwsku": row["hwsku"],
        "branch": row["branch"],
        "description": row["description"],
        "mgmt": {"address": row["mgmt_address"], "gateway": row["mgmt_gateway"], "mac": row["mgmt_mac"], "vrf": settings["mgmt_vrf"]},
        "asn": row["asn"],
        "loopback": row["loopback"],
        "breakouts": loads(row["breakouts"], {}),
        "port_defaults": port_settings.get("defaults") or {},
        "ports": port_settings.get("ports") or {},
        "pxe": settings["pxe"],
        "syslog_servers": settings["syslog_servers"],
        "tenant_vrfs": settings["tenant_vrfs"],
        "lldp_hello_time": settings["lldp_hello_time"],
        "connections": [{"port": c["port"], "machine": c["machine_id"], "nic": c["nic"]}
                        for c in sorted(own, key=lambda c: port_sort_key(c["port"])) if c["machine_id"]],
        "links": [{"port": c["port"], "switch": c["peer_switch"], "switch_port": c["peer_port"]}
                  for c in sorted(own, key=lambda c: port_sort_key(c["port"])) if c["peer_switch"]],
    }


def neighbors_of(name: str, connections) -> list:
    """Switch-to-switch adjacencies of ``name`` in both directions: ``[{port, switch, switch_port}]`` by port."""
    result = []
    for item in connections:
        if not item["peer_switch"]:
            continue
        if item["switch_name"] == name:
            result.append({"port": item["port"], "switch": item["peer_switch"], "switch_port": item["peer_port"]})
        elif item["peer_switch"] == name:
            result.append({"port": item["peer_port"], "switch": item["switch_name"], "switch_port": item["port"]})
    return sorted(result, key=lambda entry: port_sort_key(entry["port"]))
