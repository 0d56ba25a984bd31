# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Copy a Cumulus switch's machine connections to its SONiC replacement, as ``metalctl switch migrate`` does.

Private to the metalfleet.datacenter collection; not a public API.

Each machine connection of the old switch (``swpN`` / ``swpNsM``) is copied to the
port of the new switch with the same lanes (:func:`~.platform.cumulus_to_sonic_port`
over the new switch's platform and breakouts).  Both switches must be in the same
partition (and rack, when both name one).  Connections the new switch already has
are kept; a copy that would land on a port holding something else fails.  Running
it again changes nothing.  The old switch and the machines' own neighbour data are
left as they are: remove the old switch when the migration is done.
"""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import switch_records as records
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.platform import cumulus_to_sonic_port
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic.switch_store import SwitchService


def _check_pair(old, new) -> None:
    if old["os"] != "cumulus":
        raise ValidationError("old", f"switch {old['name']} runs {old['os']}; migration copies connections from a Cumulus switch")
    if new["os"] != "sonic":
        raise ValidationError("new", f"switch {new['name']} runs {new['os']}; migration copies connections to a SONiC switch")
    if old["partition_id"] != new["partition_id"]:
        raise ValidationError("new", f"switch {new['name']} is in partition {new['partition_id']}, {old['name']} in {old['partition_id']}")
    if old["rack"] and new["rack"] and old["rack"] != new["rack"]:
        raise ValidationError("new", f"switch {new['name']} is in rack {new['rack']}, {old['name']} in rack {old['rack']}")


def translated_connections(service: SwitchService, old, new) -> list:
    """``[{machine, nic, from, to}]``: every machine connection of ``old`` on the port of ``new`` with the same lanes."""
    platform = service.platform_of(new)
    breakouts = records.loads(new["breakouts"], {})
    layout = service.layout_of(new)
    moves = []
    for item in service.connections_of(old["name"]):
        if item["switch_name"] != old["name"] or not item["machine_id"]:
            continue
        try:
            port = cumulus_to_sonic_port(item["port"], platform, breakouts)
        except ValidationError as exc:
            raise ValidationError(f"old.connections.{item['port']}", exc.reason) from None
        if port not in layout:
            raise ValidationError(f"old.connections.{item['port']}", f"{item['port']} becomes {port}, which switch {new['name']} "
                                  "does not have with its breakouts")
        moves.append({"machine": item["machine_id"], "nic": item["nic"], "from": item["port"], "to": port})
    return moves


def migrate_switch(tx, old_name: str, new_name: str) -> dict:
    """Copy the connections; returns the new switch's document and the list of copies."""
    service = SwitchService(tx)
    old, new = service.get(old_name, "old"), service.get(new_name, "new")
    _check_pair(old, new)
    moves = translated_connections(service, old, new)
    current = {item["port"]: item for item in service.connections_of(new_name) if item["switch_name"] == new_name}
    linked_here = {item["peer_port"]: item["switch_name"] for item in service.connections_of(new_name) if item["peer_switch"] == new_name}
    connections = [{"port": port, "machine": item["machine_id"], "nic": item["nic"]} for port, item in current.items() if item["machine_id"]]
    for move in moves:
        held = current.get(move["to"])
        if held is not None and (held["machine_id"], held["nic"]) == (move["machine"], move["nic"]):
            continue
        if held is not None or move["to"] in linked_here:
            raise ConflictError(f"new: port {move['to']} of switch {new_name} is already connected; cannot copy {move['from']} of {old_name}")
        connections.append({"port": move["to"], "machine": move["machine"], "nic": move["nic"]})
    document = service.ensure_present({"name": new_name, "connections": connections})
    return {"switch": document, "migrated": moves}
