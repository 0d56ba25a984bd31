# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a conformance adapter gets besides the case: a fresh store on the requested backend."""
from __future__ import annotations

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store


class CaseContext:
    """``ctx.store`` opens lazily, so pure adapters never start a database."""

    def __init__(self, request, tmp_path, backend):
        self.request = request
        self.tmp_path = tmp_path
        self.backend = backend
        self._store = None

    @property
    def store(self):
        if self._store is None:
            if self.backend == "postgresql":
                dsn = self.request.getfixturevalue("postgres_server").create_database()
            else:
                dsn = "sqlite://" + str(self.tmp_path / "conformance.db")
            self._store = open_store(parse_location(dsn))
        return self._store

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._store is not None:
            self._store.close()
