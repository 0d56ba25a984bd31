# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API's WSGI entry point: ``gunicorn -c python:<...>.boot_api.gunicorn_conf <...>.boot_api.wsgi:application``.

Private to the metalfleet.datacenter collection; not a public API.

The application is configured from the environment variables documented in ``docs/boot-api.md`` when it is
first loaded; importing this module does nothing else (so tools can import it).  The gunicorn configuration
loads it as each worker starts (``post_worker_init``): a configuration error stops the worker with a message
naming the variable, and gunicorn stops (``Worker failed to boot``), so a misconfigured server never serves.
Without that configuration it is loaded by the first request, which then fails with the same message (500).
"""
from __future__ import annotations

import json
import threading

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError


class LazyApplication:
    def __init__(self, factory=None):
        self._factory = factory
        self._app = None
        self._lock = threading.Lock()

    def load(self):
        """The application, built on first use (raises FleetError when the configuration is wrong)."""
        if self._app is None:
            with self._lock:
                if self._app is None:
                    factory = self._factory
                    if factory is None:
                        from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.app import create_application
                        factory = create_application
                    self._app = factory()
        return self._app

    def close(self):
        """Close the application if it was built (see ``BootApi.close``)."""
        if self._app is not None:
            self._app.close()

    def __call__(self, environ, start_response):
        try:
            app = self.load()
        except FleetError as exc:
            body = json.dumps({"error": {"status": 500, "kind": "configuration", "message": str(exc)}}).encode("utf-8")
            start_response("500 Internal Server Error", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start_response)


application = LazyApplication()
