# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for the commands of a SONiC switch, for the sonic_switch molecule scenario.

SONiC itself cannot run here, so this script plays its ``show``, ``config``, ``vtysh``
and FRR reload commands against a stand-in switch directory ROOT:

* ``ROOT/running.json`` is CONFIG_DB (what ``show runningconfiguration all`` prints);
* ``config load --yes FILE`` merges FILE into it field by field (as SONiC's mod_config does);
* ``config reload --yes FILE`` replaces it with FILE;
* ``vtysh --dryrun --inputfile FILE`` accepts any existing, non-empty file;
* ``frr-reload`` does nothing.

Every call is appended to ``ROOT/calls.jsonl`` as a JSON list of its arguments.

Usage: python sonic_stand_in.py ROOT (show|config|vtysh|frr-reload) ARGS...
"""
from __future__ import annotations

import json
import os
import sys


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _save(path, data):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)


def _merge(running, update):
    for table, rows in update.items():
        target = running.setdefault(table, {})
        for key, fields in rows.items():
            target.setdefault(key, {}).update(fields)
    return running


def _config(running_path, args):
    if len(args) != 3 or args[0] not in ("load", "reload") or args[1] != "--yes":
        return "usage: config (load|reload) --yes FILE"
    update = _load(args[2])
    _save(running_path, _merge(_load(running_path), update) if args[0] == "load" else update)
    return None


def _vtysh(args):
    if args[:2] != ["--dryrun", "--inputfile"] or len(args) != 3:
        return "usage: vtysh --dryrun --inputfile FILE"
    if not os.path.isfile(args[2]) or not os.path.getsize(args[2]):
        return "vtysh: %s is missing or empty" % args[2]
    return None


def main(argv):
    root, tool, args = argv[0], argv[1], argv[2:]
    running_path = os.path.join(root, "running.json")
    with open(os.path.join(root, "calls.jsonl"), "a", encoding="utf-8") as log:
        log.write(json.dumps([tool] + args) + "\n")
    if tool == "show":
        if args != ["runningconfiguration", "all"]:
            return "usage: show runningconfiguration all"
        with open(running_path, encoding="utf-8") as handle:
            sys.stdout.write(handle.read())
        return None
    if tool == "config":
        return _config(running_path, args)
    if tool == "vtysh":
        return _vtysh(args)
    if tool == "frr-reload":
        return None
    return "unknown command %s" % tool


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
