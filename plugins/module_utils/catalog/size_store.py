# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sizes (machine classes) and their reservations in the fleet store.

Private to the metalfleet.datacenter collection; not a public API.

A size's constraints are parsed with ``size_model`` (human units for memory and
storage), validated with ``size_validation`` and must not overlap any other
stored size (``size_overlap``, the reference rule; the error names both sizes).
In the list form the overlap check runs once after the whole list is applied, so
sizes may swap ranges within one run.

Reservations belong to their size: when the ``reservations`` option is given, the
size's reservations become exactly that list, in that order (the reservation
check walks them in order).  Each is validated like the reference
(``reservations.reservation_problem``): positive amount, at least one known
partition, no duplicate partitions, a project.  Projects are not kept in the
store, so any project id within the bounds of ``_common.limits`` is accepted;
amounts go up to 2^31-1.  A reservation's id is derived
from size, project and partitions, so check mode shows the real id.

Public class::

    SizeStore(tx, defer_overlap_check=False)     # a catalog.entity_store.CatalogStore
        .sizes() -> list[Size]                   # every stored size as a size_model.Size
        .match(hardware: dict) -> dict           # {"size_id", "reason", "matched_ids", "size": document | None}
        .reservations_of(size_id) -> list[dict]
"""
from __future__ import annotations

import json
import uuid

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common import limits
from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ConflictError, ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.address_checks import check_catalog_id
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.entity_store import (
    CatalogStore,
    descriptive_columns,
    descriptive_state,
    labels_option,
    reindex_error,
    text_option,
    to_json,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.hardware_input import hardware_option
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.partition_store import PartitionStore
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.reservations import reservation_problem
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_matching import SizeMatcher
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_model import Size, size_from_dict
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_overlap import find_overlapping_size
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.size_validation import validate_size, validate_size_id
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.usage import size_users
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import utc_now

#: a fixed namespace so reservation ids are stable and predictable.
RESERVATION_ID_NAMESPACE = uuid.UUID("0c3f7d1e-5b2a-4e8f-9a6d-2f4b8c1d7e53")
#: the reference's field names -> our option names
_RESERVATION_FIELDS = {"amount": "amount", "sizeid": "size", "partitionids": "partitions", "projectid": "project"}


def reservation_id_for(size_id: str, project: str, partitions) -> str:
    return str(uuid.uuid5(RESERVATION_ID_NAMESPACE, "%s/%s/%s" % (size_id, project, ",".join(sorted(partitions)))))


def size_of_row(row) -> Size:
    return size_from_dict({"id": row["id"], "name": row["name"], "constraints": json.loads(row["constraints"])})


class SizeStore(CatalogStore):
    kind = "size"
    table = "sizes"
    list_field = "sizes"

    def __init__(self, tx, defer_overlap_check: bool = False):
        super().__init__(tx)
        self.defer_overlap_check = defer_overlap_check
        self._partition_ids = None

    # -- validation ------------------------------------------------------------------------------------------
    def validated_id(self, spec) -> str:
        size_id = spec.get("id")
        validate_size_id(size_id)
        return check_catalog_id(size_id)

    def columns_for(self, entity_id, spec, row) -> dict:
        columns = descriptive_columns(spec)
        if spec.get("constraints") is not None:
            size = size_from_dict({"id": entity_id, "constraints": spec["constraints"]})
            validate_size(size)
            if not self.defer_overlap_check:
                self.check_overlap(size)
            columns["constraints"] = to_json([constraint.to_dict() for constraint in size.constraints])
        return columns

    def sizes(self) -> list:
        return [size_of_row(row) for row in self.tx.query("SELECT id, name, constraints FROM sizes ORDER BY id")]

    def check_overlap(self, size: Size, others=None) -> None:
        other = find_overlapping_size(size, self.sizes() if others is None else others)
        if other is not None:
            raise ConflictError('constraints: size "%s" overlaps with "%s"' % (size.id, other.id))

    def after_apply_all(self, ids) -> None:
        if not self.defer_overlap_check:
            return
        every = self.sizes()
        by_id = {size.id: size for size in every}
        for index, size_id in enumerate(ids):
            if size_id in by_id:
                try:
                    self.check_overlap(by_id[size_id], every)
                except ConflictError as exc:
                    raise reindex_error(exc, "%s[%d]." % (self.list_field, index)) from None

    # -- reservations ----------------------------------------------------------------------------------------
    def reservations_of(self, size_id: str) -> list:
        rows = self.tx.query("SELECT * FROM size_reservations WHERE size_id = ? ORDER BY position", (size_id,))
        return [{
            "id": row["id"],
            "amount": row["amount"],
            "project": row["project"],
            "partitions": json.loads(row["partitions"]),
            "description": row["description"],
            "labels": json.loads(row["labels"]),
        } for row in rows]

    def _known_partitions(self) -> set:
        if self._partition_ids is None:
            self._partition_ids = PartitionStore(self.tx).known_ids()
        return self._partition_ids

    def _wanted_reservation(self, size_id: str, entry, index: int) -> dict:
        field = "reservations[%d]" % index
        if not isinstance(entry, dict):
            raise ValidationError(field, "expected a mapping with amount, project and partitions")
        project = entry.get("project") or ""
        partitions = entry.get("partitions") or []
        if isinstance(partitions, str) or not isinstance(partitions, (list, tuple)):
            raise ValidationError(field + ".partitions", "expected a list of partition ids")
        reference_form = {"sizeid": size_id, "amount": entry.get("amount"), "projectid": project, "partitionids": partitions}
        try:
            problem = reservation_problem(reference_form, {size_id}, self._known_partitions(), {project} if project else set())
        except ValidationError as exc:
            problem = exc.field, exc.reason
        if problem:
            name, message = problem
            unknown = [p for p in partitions if p not in self._known_partitions()]
            if name == "partitionids" and unknown and "exist" in message:
                message += " (unknown partition: %s)" % ", ".join(unknown)
            raise ValidationError("%s.%s" % (field, _RESERVATION_FIELDS.get(name, name)), message)
        limits.check_int(entry["amount"], field + ".amount", *limits.AMOUNT_RANGE, what="amount")
        limits.check_identifier(project, field + ".project")
        return {
            "id": reservation_id_for(size_id, project, partitions),
            "position": index,
            "amount": entry["amount"],
            "project": project,
            "partitions": to_json(list(partitions)),
            "description": text_option(entry.get("description") or "", field + ".description"),
            "labels": to_json(labels_option(entry.get("labels") or {}, field + ".labels")),
        }

    def write_children(self, entity_id, spec) -> None:
        if spec.get("reservations") is None:
            return
        if not isinstance(spec["reservations"], (list, tuple)):
            raise ValidationError("reservations", "expected a list")
        wanted = [self._wanted_reservation(entity_id, entry, index) for index, entry in enumerate(spec["reservations"])]
        seen = set()
        for index, reservation in enumerate(wanted):
            if reservation["id"] in seen:
                raise ValidationError("reservations[%d]" % index, "a reservation for project %r in the same partitions is listed twice"
                                      % reservation["project"])
            seen.add(reservation["id"])
        current = {row["id"]: row for row in self.tx.query("SELECT * FROM size_reservations WHERE size_id = ?", (entity_id,))}
        for reservation_id in set(current) - seen:
            self.tx.execute("DELETE FROM size_reservations WHERE id = ?", (reservation_id,))
        now = utc_now()
        for reservation in wanted:
            row = current.get(reservation["id"])
            if row is None:
                self.tx.insert_row("size_reservations", dict(reservation, size_id=entity_id, created_at=now, updated_at=now))
                continue
            changed = {column: value for column, value in reservation.items() if row[column] != value}
            if changed:
                self.tx.update_row("size_reservations", ("id", reservation["id"]), changed, now)

    def delete_children(self, entity_id) -> None:
        self.tx.execute("DELETE FROM size_reservations WHERE size_id = ?", (entity_id,))

    # -- documents -------------------------------------------------------------------------------------------
    def state(self, row) -> dict:
        return {
            **descriptive_state(row),
            "constraints": [{key: item[key] for key in ("type", "min", "max", "identifier")} for item in json.loads(row["constraints"])],
            "reservations": self.reservations_of(row["id"]),
        }

    def users(self, entity_id) -> list:
        return size_users(self.tx, entity_id)

    # -- matching --------------------------------------------------------------------------------------------
    def match(self, hardware: dict) -> dict:
        """Which stored size the hardware matches (exactly one, else ``unknown`` with the reason)."""
        result = SizeMatcher(self.sizes()).match(hardware_option(hardware, "match")).to_dict()
        row = self.find(result["size_id"]) if len(result["matched_ids"]) == 1 else None
        result["size"] = self.document(row) if row is not None else None
        return result
