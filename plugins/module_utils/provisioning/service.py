# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The provisioning core of the boot service: boot decisions, hardware reports, events, liveliness.

Private to the metalfleet.datacenter collection; not a public API.

Used inside ``Store.run``, one transaction per call (the boot API and the
``machine_events_info`` / ``machine_liveliness`` modules)::

    store.run(lambda tx: ProvisioningService(tx).record_event(machine_id, "Phoned Home"))

* :meth:`ProvisioningService.boot` reads only: the MAC index, the machine, its
  partition's boot settings (``boot_decision``).  It records no event; the
  boot API records ``PXE Booting`` through :meth:`record_event`.
* :meth:`register` goes through ``machines.machine_store.MachineStore``
  (size matching, the MAC index, the audit log); an identical report changes
  nothing.  The report's ``error``, BIOS/FRU/LLDP details are kept with the
  machine's event container.
* Events are the containers' own log and are not written to the audit log;
  what the audit log gets (kind ``provisioning``): the report details and
  error, a phone home that turns ``netboot_allowed`` off, liveliness changes
  recorded by :meth:`evaluate_liveliness`.
* Events of a machine that is not registered yet are accepted for the steps
  before registration (``PXE Booting``, ``Preparing``, ``Registering``); any
  other event of an unknown machine is a ``NotFoundError``.

The clock (``clock()`` -> epoch seconds) is injectable; tests pass a fake one.
Events of one machine are serialized by a per-machine lock.
"""
from __future__ import annotations

import json

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, NotFoundError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.hardware import MAC_PATTERN
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.machine_store import (
    MACHINES_LOCK,
    MachineStore,
    machine_id_option,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import SecretBox
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import containers
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import events as ev
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.boot_decision import BootDecision, boot_mode, decide
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.hardware_report import (
    bmc_of,
    details_of,
    hardware_of,
    serial_and_manufacturer,
    validate_report,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import (
    dead_cutoff,
    from_iso,
    liveliness,
    system_clock,
    to_iso,
)

#: events a machine sends before it is registered (its discovery ramdisk starting up).
BEFORE_REGISTRATION = (ev.PXE_BOOTING, ev.PREPARING, ev.REGISTERING)
_MACHINE_COLUMNS = "id, partition_id, project, hostname, hold, netboot_allowed, image_id, allocation, hardware"
#: what a boot decision reads of a machine and of its partition
_BOOT_MACHINE_COLUMNS = ("id", "partition_id", "project", "hold", "netboot_allowed")
_BOOT_PARTITION_COLUMNS = ("id", "boot_kernel_url", "boot_initrd_url", "boot_command_line")
#: the boot decision's one read: the partition, the machine by id (its UUID) and the machine's event container
_BOOT_READ = "SELECT %s FROM partitions p LEFT JOIN machines m ON m.id = ? LEFT JOIN provisioning_containers c ON c.machine_id = ?" \
    " WHERE p.id = ?" % ", ".join(["p.%s AS p__%s" % (c, c) for c in _BOOT_PARTITION_COLUMNS]
                                  + ["m.%s AS m__%s" % (c, c) for c in _BOOT_MACHINE_COLUMNS]
                                  + ["c.%s AS c__%s" % (c, c) for c in ("machine_id",) + containers.STATE_COLUMNS])


def _prefixed(row: dict, prefix: str):
    """The columns of ``row`` named ``<prefix><column>`` as ``{column: value}``; None when the joined row is absent
    (its first column, a primary key, is NULL)."""
    part = {key[len(prefix):]: value for key, value in row.items() if key.startswith(prefix)}
    return None if next(iter(part.values())) is None else part


def _report_field(exc: ValidationError) -> ValidationError:
    """A hardware or BMC error of the machine service, named as a field of the report (``report.nics[0].mac``)."""
    field = exc.field or ""
    for prefix in ("hardware", "bmc"):
        if field == prefix or field.startswith(prefix + ".") or field.startswith(prefix + "["):
            return ValidationError("report" + field[len("hardware"):] if prefix == "hardware" else "report." + field, exc.reason)
    return exc


def _event_result(machine_id: str, event: str, outcome) -> dict:
    """What :meth:`ProvisioningService.record_event` answers for an applied event."""
    return {"machine_id": machine_id, "event": event, "recorded": outcome.store, "accepted": outcome.accepted,
            "swallowed": outcome.swallowed, "liveliness": outcome.container.liveliness,
            "crash_loop": outcome.container.crash_loop, "failed_reclaim": outcome.container.failed_reclaim}


class ProvisioningService:
    """The boot service's operations on the fleet store, inside one transaction."""

    def __init__(self, tx, clock=None, secret_box: SecretBox | None = None):
        self.tx = tx
        self.clock = clock or system_clock
        self.secret_box = secret_box or SecretBox(None)

    # -- lookups ---------------------------------------------------------------------------------------------
    def _machine(self, machine_id: str):
        return self.tx.query_one("SELECT %s FROM machines WHERE id = ?" % _MACHINE_COLUMNS, (machine_id,))

    def _registered(self, machine_id, field: str = "machine_id"):
        machine_id = machine_id_option(machine_id, field)
        row = self._machine(machine_id)
        if row is None:
            raise NotFoundError("%s: machine %s is not registered" % (field, machine_id))
        return row

    def _partition(self, partition: str, field: str = "partition"):
        limits.check_identifier(partition, field)
        row = self.tx.query_one("SELECT * FROM partitions WHERE id = ?", (partition,))
        if row is None:
            raise NotFoundError("%s: unknown partition %r" % (field, partition))
        return row

    # -- boot ------------------------------------------------------------------------------------------------
    def boot(self, mac, partition, uuid=None, arch=None) -> BootDecision:
        """What the machine with ``mac`` (and DMI ``uuid``, when iPXE knows it) boots in ``partition``."""
        return self.boot_reading(mac, partition, uuid, arch, container=False)[0]

    def boot_reading(self, mac, partition, uuid=None, arch=None, container: bool = True) -> tuple:
        """``(decision, container)``: :meth:`boot` and the event container row of the machine the script is for
        (the decided machine, else ``uuid``; None when it has none yet), for :meth:`record_event`'s ``seen``.

        One indexed read when the firmware sent the machine's UUID (every iPXE does): the partition, the machine by
        its id and its container in one statement.  A UUID the store does not know costs a second read (the MAC
        index), and so does a request without a UUID (plus one for the container, unless ``container`` is False: then
        the container is None when it did not come with the first read)."""
        mac = str(mac or "").strip().lower().replace("-", ":")
        if not MAC_PATTERN.match(mac):
            raise ValidationError("mac", "%r is not a MAC address" % (mac,))
        if arch is not None:
            limits.check_text(str(arch), "arch", limits.NAME_MAX)
        limits.check_identifier(partition, "partition")
        uuid = machine_id_option(uuid, "uuid") if uuid else None
        row = self.tx.query_one(_BOOT_READ, (uuid, uuid, partition))
        if row is None:
            raise NotFoundError("partition: unknown partition %r" % (partition,))
        partition_row, machine, seen = (_prefixed(row, prefix) for prefix in ("p__", "m__", "c__"))
        if machine is None:
            machine = self.tx.query_one("SELECT %s FROM machine_nics n JOIN machines m ON m.id = n.machine_id WHERE n.mac = ?"
                                        " ORDER BY m.id LIMIT 1" % ", ".join("m." + c for c in _BOOT_MACHINE_COLUMNS), (mac,))
            if machine is not None and machine["id"] != uuid:
                seen = containers.load_state(self.tx, machine["id"]) if container else None
        if machine is not None and machine["partition_id"] != partition:
            raise ConflictError("partition: machine %s is registered in partition %s, not %s" % (machine["id"], machine["partition_id"], partition))
        return decide(machine, partition_row), seen

    # -- registration ----------------------------------------------------------------------------------------
    def register(self, report, partition) -> dict:
        """Register or update the machine of a hardware report (``machine_id`` = the report's UUID)."""
        report = validate_report(report)
        self._partition(partition)
        machine_id = report["uuid"]
        changes_before = len(self.tx.changes)
        store = MachineStore(self.tx, self.secret_box)
        created = store.find(machine_id) is None
        spec = {"id": machine_id, "partition": partition, "hardware": hardware_of(report)}
        bmc = bmc_of(report, self.secret_box.has_key)
        if bmc is not None:
            spec["bmc"] = bmc
        try:
            document = store.ensure_present(spec)
            serial, manufacturer = serial_and_manufacturer(report)
            store.record_bmc_facts(machine_id, serial, manufacturer)
        except ValidationError as exc:
            raise _report_field(exc) from None
        self._store_report(machine_id, report.get("error") or "", details_of(report))
        return {"machine_id": machine_id, "changed": len(self.tx.changes) > changes_before, "created": created,
                "size": document["size"], "size_reason": document["size_reason"], "error": report.get("error") or None}

    def _store_report(self, machine_id: str, error: str, details: dict) -> None:
        self.tx.lock("provisioning:" + machine_id)
        row = containers.load(self.tx, machine_id)
        encoded = json.dumps(details, sort_keys=True)
        now = to_iso(self.clock())
        if row is None:
            container = ev.Container(last_event_at=from_iso(now))
            containers.create(self.tx, machine_id, container, now, report_error=error, report_details=encoded)
        elif (row["report_error"], row["report_details"]) == (error, encoded):
            return
        else:
            self.tx.execute("UPDATE provisioning_containers SET report_error = ?, report_details = ?, updated_at = ? WHERE machine_id = ?",
                            (error, encoded, now, machine_id))
        self.tx.record("provisioning", machine_id, "report", containers.report_state(machine_id, row),
                       containers.report_state(machine_id, containers.load(self.tx, machine_id)))

    # -- events ----------------------------------------------------------------------------------------------
    def record_event(self, machine_id, event, message="", seen=None) -> dict:
        """Apply one provisioning event (metal-stack's state machine, ``events.py``) and store it where it says so.

        ``seen``: the machine's container row as an earlier read found it (:meth:`boot_reading`), for an event that
        may come before registration.  The event is then applied to that row and written with one conditional
        UPDATE (the row must still hold what was read), plus the event's INSERT when it is stored; when the row
        changed meanwhile (or there is none yet) the event takes the full path below in the same transaction."""
        machine_id = machine_id_option(machine_id, "machine_id")
        event = ev.event_name(event)
        message = limits.check_text(str(message or ""), "message", limits.DESCRIPTION_MAX, multiline=True)
        if seen is not None and event in BEFORE_REGISTRATION:
            result = self._record_seen(machine_id, event, message, seen)
            if result is not None:
                return result
        machine = self._machine(machine_id)
        if machine is None and event not in BEFORE_REGISTRATION:
            raise NotFoundError("machine_id: machine %s is not registered (only %s come before registration)"
                                % (machine_id, ", ".join(BEFORE_REGISTRATION)))
        self.tx.lock("provisioning:" + machine_id)
        row = containers.load(self.tx, machine_id)
        now = self.clock()
        outcome = ev.apply_event(containers.container_of(row), event, message, now)
        now_iso = to_iso(now)
        if row is None:
            containers.create(self.tx, machine_id, outcome.container, now_iso, last_seq=1 if outcome.store else 0)
            if outcome.store:
                containers.append_event(self.tx, machine_id, 1, now_iso, event, outcome.message)
        elif outcome.store:
            seq = row["last_seq"] + 1
            containers.append_event(self.tx, machine_id, seq, now_iso, event, outcome.message)
            containers.save(self.tx, machine_id, outcome.container, now_iso, last_seq=seq)
        else:
            containers.save(self.tx, machine_id, outcome.container, now_iso)
        result = _event_result(machine_id, event, outcome)
        if event == ev.PHONED_HOME:
            result["installed"] = self._installed(machine)
            result["netboot_allowed"] = bool(machine["netboot_allowed"]) and not result["installed"]
        return result

    def _record_seen(self, machine_id: str, event: str, message: str, seen) -> dict | None:
        """:meth:`record_event` on the container row ``seen`` read before; None when the row no longer holds it."""
        self.tx.lock("provisioning:" + machine_id)
        now = self.clock()
        outcome = ev.apply_event(containers.container_of(seen), event, message, now)
        now_iso = to_iso(now)
        seq = seen["last_seq"] + 1 if outcome.store else None
        if not containers.save_if_unchanged(self.tx, machine_id, seen, outcome.container, now_iso, last_seq=seq):
            return None
        if outcome.store:
            containers.append_event(self.tx, machine_id, seq, now_iso, event, outcome.message)
        return _event_result(machine_id, event, outcome)

    def _installed(self, machine) -> bool:
        """The phone home of an allocated machine that may still netboot: its install succeeded, it boots locally now."""
        if machine["project"] is None or not machine["netboot_allowed"]:
            return False
        self.tx.lock(MACHINES_LOCK)
        self.tx.execute("UPDATE machines SET netboot_allowed = ? WHERE id = ?", (False, machine["id"]))
        state = {"machine": machine["id"], "project": machine["project"], "hostname": machine["hostname"]}
        self.tx.record("provisioning", machine["id"], "installed", dict(state, netboot_allowed=True), dict(state, netboot_allowed=False))
        return True

    def phone_home(self, machine_id) -> dict:
        """``Phoned Home``: records the event; after an install it turns ``netboot_allowed`` off (see :meth:`record_event`)."""
        return self.record_event(machine_id, ev.PHONED_HOME)

    # -- allocation and install ------------------------------------------------------------------------------
    def allocation(self, machine_id) -> dict:
        """Whether the machine is allocated (what the discovery agent's long poll waits for) and what it boots next."""
        row = self._registered(machine_id)
        allocated = row["project"] is not None
        return {"machine_id": row["id"], "allocated": allocated, "project": row["project"], "hostname": row["hostname"],
                "image_id": row["image_id"], "netboot_allowed": bool(row["netboot_allowed"]),
                "mode": boot_mode(True, allocated, bool(row["netboot_allowed"]), row["hold"] or "")}

    def install_instructions(self, machine_id) -> dict:
        """What the installer needs: the image, the disk to write it to, the kernel command line, user data, host name."""
        row = self._registered(machine_id)
        if row["project"] is None:
            raise ValidationError("machine_id", "machine %s is not allocated: there is nothing to install" % row["id"])
        allocation = json.loads(row["allocation"])
        image = self.tx.query_one("SELECT id, url, checksum FROM images WHERE id = ?", (row["image_id"],))
        if image is None:
            raise NotFoundError("image: image %s of machine %s no longer exists" % (row["image_id"], row["id"]))
        disks = json.loads(row["hardware"]).get("disks") or []
        partition = self._partition(row["partition_id"])
        return {"machine_id": row["id"], "image_id": image["id"], "image_url": image["url"], "image_checksum": image["checksum"],
                "target_disk": disks[0]["name"] if disks else "", "command_line": partition["boot_command_line"],
                "user_data": allocation.get("userdata") or "", "hostname": row["hostname"], "project": row["project"],
                "ssh_keys": allocation.get("ssh_keys") or []}

    # -- reading ---------------------------------------------------------------------------------------------
    def events(self, machine_id) -> dict:
        """The machine's last 100 events (oldest first), its liveliness now, crash loop and last event."""
        machine_id = machine_id_option(machine_id, "machine_id")
        machine = self._machine(machine_id)
        row = containers.load(self.tx, machine_id)
        if machine is None and row is None:
            raise NotFoundError("machine_id: machine %s is not registered and sent no event" % machine_id)
        view = containers.provisioning_view(machine, row, self.clock())
        details = json.loads(row["report_details"]) if row is not None else {}
        return dict(view, machine_id=machine_id, registered=machine is not None,
                    events=containers.events_of(self.tx, machine_id) if row is not None else [], report_details=details)

    # -- liveliness ------------------------------------------------------------------------------------------
    def evaluate_liveliness(self, partition=None) -> list:
        """Record ``Dead`` / ``Unknown`` (and ``Alive`` again) where the clock says the liveliness changed; one query.

        ``partition``: only that partition's machines (else every container, also of machines not registered yet).
        Returns ``[{machine_id, before, after, last_event_time}]`` of the changed containers, by machine id.
        """
        now = self.clock()
        sql = ("SELECT c.machine_id, c.liveliness, c.last_event_at, m.project FROM provisioning_containers c"
               " LEFT JOIN machines m ON m.id = c.machine_id WHERE (c.last_event_at < ? OR c.liveliness <> ?)")
        params = [dead_cutoff(now), "Alive"]
        if partition is not None:
            self._partition(partition)
            sql, params = sql + " AND m.partition_id = ?", params + [partition]
        rows = self.tx.query(sql + " ORDER BY c.machine_id", params)
        changed, updates, now_iso = [], [], to_iso(now)
        for row in rows:
            after = liveliness(from_iso(row["last_event_at"]), row["project"] is not None, now)
            if after != row["liveliness"]:
                changed.append({"machine_id": row["machine_id"], "before": row["liveliness"], "after": after,
                                "last_event_time": row["last_event_at"]})
                updates.append((after, now_iso, row["machine_id"], row["last_event_at"]))
        if updates:
            # an event that arrived meanwhile (another last_event_at) keeps its Alive
            self.tx.executemany("UPDATE provisioning_containers SET liveliness = ?, updated_at = ? WHERE machine_id = ? AND last_event_at = ?",
                                updates)
        for change in changed:
            self.tx.record("provisioning", change["machine_id"], "liveliness",
                           {"machine": change["machine_id"], "liveliness": change["before"]},
                           {"machine": change["machine_id"], "liveliness": change["after"]})
        return changed
