# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine records: registration, updates, operator holds, removal, listing, size re-matching.

Private to the metalfleet.datacenter collection; not a public API.

A machine is identified by its DMI UUID.  On registration, and whenever its
hardware changes, it is matched against the stored sizes: exactly one size, or
``unknown`` with the reason.  ``rematch_sizes`` re-matches every free machine
after sizes change.  Its state is derived:

* ``locked`` while that operator hold is set: never allocated, and never freed
  while allocated;
* ``allocated`` while it has an allocation (see ``allocation.py``);
* ``faulty`` while it has issues (operator-set, e.g. ``[bmc-unreachable]``);
* ``reserved`` while that operator hold is set: never allocated;
* ``waiting`` otherwise: ready for allocation when it has a size.
The document also says ``allocated: true|false``.

BMC passwords are encrypted with :class:`SecretBox` and never leave the store
except through :meth:`MachineStore.bmc_credentials` (for the BMC modules).
"""
from __future__ import annotations

import json
import uuid

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.entity_store import reindex_error
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import SizeMatcher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_store import SizeStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.hardware import matching_view, normalize_hardware, summarize
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.nic_index import drop_nics, write_nics
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import ENV_SECRET_KEY, ENV_SECRET_KEY_FILE, SecretBox
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

HOLDS = ("none", "reserved", "locked")
BMC_DRIVERS = ("ipmi", "redfish", "auto")
UNKNOWN_SIZE = "unknown"
#: the lock every change of machine rows takes (see ``allocation.MACHINES_LOCK``).
MACHINES_LOCK = "machines"
#: the fields of a machine document that the list form of the ``machine`` module returns per entry.
SUMMARY_FIELDS = ("id", "partition", "rack", "state", "size", "size_reason", "hold")


def machine_id_option(value, field: str = "id") -> str:
    """Machine ids are DMI UUIDs, stored in lower case."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ValidationError(field, "%r is not a UUID (a machine is identified by its DMI product UUID)" % (value,)) from None


def machine_state(row) -> str:
    """``locked`` (allocated or not), else ``allocated``, ``faulty``, ``reserved`` or ``waiting``."""
    if row["hold"] == "locked":
        return "locked"
    if row["project"] is not None:
        return "allocated"
    if json.loads(row["issues"]):
        return "faulty"
    return row["hold"] or "waiting"


def registration_summary(machine_id: str, document, changed: bool) -> dict:
    """One entry of the list form's result: what the store decided (state, size) and whether the entry changed."""
    if document is None:
        return {"id": machine_id, "state": "absent", "changed": changed}
    summary = {name: document[name] for name in SUMMARY_FIELDS}
    summary["changed"] = changed
    return summary


class MachineStore:
    """Register, change, remove and describe machines inside one transaction."""

    def __init__(self, tx, secret_box: SecretBox | None = None, write: bool = True, on_remove=None):
        """``on_remove(tx, machine_id)`` runs before a machine row is deleted (e.g. to drop its switch connections)."""
        self.tx = tx
        self.on_remove = on_remove
        if write:
            tx.lock(MACHINES_LOCK)
        self.secret_box = secret_box or SecretBox(None)
        self._matcher = None
        self._partitions = None

    # -- lookups ---------------------------------------------------------------------------------------------
    def find(self, machine_id: str):
        return self.tx.query_one("SELECT * FROM machines WHERE id = ?", (machine_id,))

    def get(self, machine_id: str, field: str = "id"):
        row = self.find(machine_id_option(machine_id, field))
        if row is None:
            raise NotFoundError("%s: machine %s is not registered" % (field, machine_id))
        return row

    def list(self, partition=None, project=None, state=None, size=None, rack=None, tags=None, ids=None) -> list:
        sql, params = "SELECT * FROM machines WHERE 1 = 1", []
        for column, value in (("partition_id", partition), ("project", project), ("size_id", size), ("rack", rack)):
            if value is not None:
                sql, params = sql + " AND %s = ?" % column, params + [value]
        rows = self.tx.query(sql + " ORDER BY id", params)
        if ids is not None:
            wanted = {machine_id_option(i, "ids") for i in ids}
            rows = [r for r in rows if r["id"] in wanted]
        if state is not None:
            rows = [r for r in rows if machine_state(r) == state]
        if tags:
            rows = [r for r in rows if set(tags) <= set(json.loads(r["tags"]))]
        return rows

    # -- documents -------------------------------------------------------------------------------------------
    def state(self, row) -> dict:
        """The machine as diffs and the audit log show it: no password, no timestamps, no allocation details."""
        hardware = json.loads(row["hardware"])
        return {
            "id": row["id"],
            "partition": row["partition_id"],
            "rack": row["rack"],
            "state": machine_state(row),
            "allocated": row["project"] is not None,
            "hold": row["hold"] or "none",
            "issues": json.loads(row["issues"]),
            "size": row["size_id"],
            "size_reason": row["size_reason"],
            "hardware": hardware,
            "tags": json.loads(row["tags"]),
            "bmc": {
                "address": row["bmc_address"],
                "port": row["bmc_port"],
                "driver": row["bmc_driver"],
                "username": row["bmc_username"],
                "password_set": bool(row["bmc_password_encrypted"]),
                "password_version": row["bmc_password_version"],
            },
            "serial": row["serial"],
            "manufacturer": row["manufacturer"],
        }

    def document(self, row) -> dict:
        doc = self.state(row)
        doc["hardware_summary"] = summarize(doc["hardware"])
        doc["allocation"] = json.loads(row["allocation"]) if row["allocation"] else None
        doc["netboot_allowed"] = bool(row["netboot_allowed"])
        doc["created_at"] = row["created_at"]
        doc["updated_at"] = row["updated_at"]
        return doc

    # -- size matching ---------------------------------------------------------------------------------------
    def _size_matcher(self) -> SizeMatcher:
        if self._matcher is None:
            self._matcher = SizeMatcher(SizeStore(self.tx).sizes())
        return self._matcher

    def match_size(self, hardware: dict) -> tuple:
        result = self._size_matcher().match(matching_view(hardware))
        return result.size_id, ("" if result.size_id != UNKNOWN_SIZE else result.reason)

    def rematch_sizes(self) -> int:
        """Re-match every free machine after sizes changed; returns how many changed size."""
        self._matcher = None
        changed = 0
        for row in self.tx.query("SELECT * FROM machines WHERE project IS NULL ORDER BY id"):
            size_id, reason = self.match_size(json.loads(row["hardware"]))
            if (size_id, reason) != (row["size_id"], row["size_reason"]):
                before = self.state(row)
                self.tx.execute("UPDATE machines SET size_id = ?, size_reason = ?, updated_at = ? WHERE id = ?",
                                (size_id, reason, utc_now(), row["id"]))
                self.tx.record("machine", row["id"], "rematch", before, self.state(self.find(row["id"])))
                changed += 1
        return changed

    # -- present ---------------------------------------------------------------------------------------------
    def _check_partition(self, partition: str, field: str = "partition"):
        if self._partitions is None:
            self._partitions = {r["id"] for r in self.tx.query("SELECT id FROM partitions")}
        if partition not in self._partitions:
            raise NotFoundError("%s: unknown partition %r (create it with metalfleet.datacenter.partition)" % (field, partition))

    def _bmc_columns(self, bmc, row) -> dict:
        if bmc is None:
            return {}
        if not isinstance(bmc, dict):
            raise ValidationError("bmc", "expected a mapping with address, port, driver, username and password")
        unknown = sorted(set(bmc) - {"address", "port", "driver", "username", "password"})
        if unknown:
            raise ValidationError("bmc", "unknown keys %s" % ", ".join(unknown))
        columns = {}
        if bmc.get("address") is not None:
            columns["bmc_address"] = limits.check_host(bmc["address"], "bmc.address")
        if bmc.get("port") is not None:
            columns["bmc_port"] = limits.check_int(bmc["port"], "bmc.port", *limits.PORT_RANGE, what="port")
        if bmc.get("driver") is not None:
            if bmc["driver"] not in BMC_DRIVERS:
                raise ValidationError("bmc.driver", "unknown driver %r, expected one of %s" % (bmc["driver"], ", ".join(BMC_DRIVERS)))
            columns["bmc_driver"] = bmc["driver"]
        if bmc.get("username") is not None:
            columns["bmc_username"] = limits.check_text(str(bmc["username"]), "bmc.username", limits.CREDENTIAL_MAX)
        password = bmc.get("password")
        if password is not None:
            if len(str(password)) > limits.CREDENTIAL_MAX:
                raise ValidationError("bmc.password", "is longer than %d characters" % limits.CREDENTIAL_MAX)
            stored = self.secret_box.decrypt(row["bmc_password_encrypted"]) if row is not None and self.secret_box.has_key else None
            if stored != password:
                columns["bmc_password_encrypted"] = self.secret_box.encrypt(str(password))
                columns["bmc_password_version"] = (row["bmc_password_version"] if row is not None else 0) + 1
        return columns

    def _columns_for(self, spec: dict, row) -> dict:
        columns = {}
        if spec.get("partition") is not None:
            limits.check_identifier(spec["partition"], "partition")
            self._check_partition(spec["partition"])
            columns["partition_id"] = spec["partition"]
        elif row is None:
            raise ValidationError("partition", "a new machine needs its partition")
        if spec.get("rack") is not None:
            columns["rack"] = limits.check_optional_identifier(str(spec["rack"]), "rack")
        if spec.get("hardware") is not None:
            hardware = normalize_hardware(spec["hardware"])
            columns["hardware"] = json.dumps(hardware, sort_keys=True)
            if row is None or row["project"] is None:
                columns["size_id"], columns["size_reason"] = self.match_size(hardware)
        elif row is None:
            raise ValidationError("hardware", "a new machine needs its hardware (memory, cpus, disks, ...)")
        if spec.get("hold") is not None:
            if spec["hold"] not in HOLDS:
                raise ValidationError("hold", "unknown hold %r, expected one of %s" % (spec["hold"], ", ".join(HOLDS)))
            columns["hold"] = "" if spec["hold"] == "none" else spec["hold"]
        for option in ("issues", "tags"):
            if spec.get(option) is not None:
                if not isinstance(spec[option], list) or not all(isinstance(i, str) for i in spec[option]):
                    raise ValidationError(option, "expected a list of strings")
                columns[option] = json.dumps(sorted(set(limits.check_tags(spec[option], option))))
        columns.update(self._bmc_columns(spec.get("bmc"), row))
        if row is not None:
            columns = {k: v for k, v in columns.items() if row[k] != v}
        return columns

    def ensure_present(self, spec: dict) -> dict:
        machine_id = machine_id_option(spec.get("id"))
        row = self.find(machine_id)
        if row is not None and row["project"] is not None and spec.get("partition") not in (None, row["partition_id"]):
            raise ConflictError("partition: machine %s is allocated in partition %s and cannot move" % (machine_id, row["partition_id"]))
        columns = self._columns_for(spec, row)
        now = utc_now()
        if row is None:
            self.tx.insert_row("machines", dict(columns, id=machine_id, created_at=now, updated_at=now))
            write_nics(self.tx, machine_id, json.loads(columns["hardware"]))
            row = self.find(machine_id)
            self.tx.record("machine", machine_id, "register", None, self.state(row))
            return self.document(row)
        if columns:
            before = self.state(row)
            self.tx.update_row("machines", ("id", machine_id), columns, now)
            if "hardware" in columns:
                write_nics(self.tx, machine_id, json.loads(columns["hardware"]))
            row = self.find(machine_id)
            self.tx.record("machine", machine_id, "update", before, self.state(row))
        return self.document(row)

    def ensure_absent(self, machine_id: str):
        row = self.find(machine_id_option(machine_id))
        if row is None:
            return None
        if row["project"] is not None:
            raise ConflictError("id: machine %s is allocated to project %s as %s; free it before removing it"
                                % (row["id"], row["project"], row["hostname"]))
        if self.on_remove is not None:
            self.on_remove(self.tx, row["id"])
        self.tx.execute("DELETE FROM machines WHERE id = ?", (row["id"],))
        drop_nics(self.tx, row["id"])
        self.tx.execute("DELETE FROM provisioning_events WHERE machine_id = ?", (row["id"],))
        self.tx.execute("DELETE FROM provisioning_containers WHERE machine_id = ?", (row["id"],))
        self.tx.record("machine", row["id"], "remove", self.state(row), None)
        return row

    def _apply_each(self, entries):
        """Apply the list form's entries in order; yields ``(entry id, document or None, changed)`` per entry."""
        for index, entry in enumerate(entries):
            changes_before = len(self.tx.changes)
            try:
                if entry.get("state") == "absent":
                    removed = self.ensure_absent(entry.get("id"))
                    yield (removed["id"] if removed is not None else machine_id_option(entry.get("id"))), None, len(self.tx.changes) > changes_before
                else:
                    document = self.ensure_present(entry)
                    yield document["id"], document, len(self.tx.changes) > changes_before
            except (ValidationError, NotFoundError, ConflictError) as exc:
                raise reindex_error(exc, "machines[%d]." % index) from None

    def apply_all(self, entries) -> list:
        """The list form: every entry in this one transaction; errors name the entry (``machines[3].hardware``).

        Returns the full document of every entry (None for removed ones).
        """
        return [document for _machine_id, document, _changed in self._apply_each(entries)]

    def register_all(self, entries) -> list:
        """:meth:`apply_all` returning one short summary per entry (see :func:`registration_summary`).

        This is what the ``machine`` module's list form returns: with thousands of entries the full documents
        (mostly the hardware given as input) would make a result of many megabytes for Ansible to carry.
        """
        return [registration_summary(machine_id, document, changed) for machine_id, document, changed in self._apply_each(entries)]

    # -- BMC -------------------------------------------------------------------------------------------------
    def bmc_credentials(self, machine_id: str) -> dict:
        """Address and decrypted credentials for the BMC modules (never put into results)."""
        row = self.get(machine_id, "machine")
        if not row["bmc_address"]:
            raise ValidationError("machine", "machine %s has no BMC address" % row["id"])
        password = self.secret_box.decrypt(row["bmc_password_encrypted"]) if row["bmc_password_encrypted"] else ""
        if row["bmc_password_encrypted"] and password is None:
            if not self.secret_box.has_key:
                raise ValidationError("secret_key", "no secret key to decrypt the BMC password of machine %s: set %s (or %s, or the"
                                      " secret_key option)" % (row["id"], ENV_SECRET_KEY, ENV_SECRET_KEY_FILE))
            raise ValidationError("secret_key", "the secret key cannot decrypt the BMC password of machine %s" % row["id"])
        return {"host": row["bmc_address"], "port": row["bmc_port"], "driver": row["bmc_driver"] or "auto",
                "username": row["bmc_username"], "password": password or ""}

    def record_bmc_facts(self, machine_id: str, serial: str | None, manufacturer: str | None) -> bool:
        row = self.get(machine_id, "machine")
        columns = {k: v for k, v in (("serial", serial), ("manufacturer", manufacturer)) if v is not None and row[k] != v}
        if not columns:
            return False
        before = self.state(row)
        self.tx.update_row("machines", ("id", row["id"]), columns, utc_now())
        self.tx.record("machine", row["id"], "update", before, self.state(self.find(row["id"])))
        return True
