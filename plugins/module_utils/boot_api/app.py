# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API as a plain WSGI application: routing, error mapping, metrics, logging.

Private to the metalfleet.datacenter collection; not a public API.

Errors are JSON documents ``{"error": {"status", "kind", "message", "field"}}`` with a 4xx status for bad input
(``field`` names the parameter, header or JSON path at fault), 503 with ``Retry-After`` when the store fails, and
500 for a bug, whose traceback goes to the log under an incident id and never to the client.

Logging (logger ``metalfleet.boot_api``, to stderr): store failures (driver messages, scrubbed of the store's
passwords), refused requests with their status, and bugs.  Nothing logged contains a token, the Authorization
header, a request body or the store password.
"""
from __future__ import annotations

import logging
import sys
import time
import uuid

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    ConflictError,
    DependencyError,
    ExhaustedError,
    NotFoundError,
    StoreError,
    ValidationError,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.config import load_config
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.endpoints import Endpoints
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.metrics import Metrics
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.router import Router
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.stores import StorePool, StoreUnavailable
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.tokens import TokenAuthority, derive_key
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.wsgi_io import HttpError, Request, error_response, status_line
from ansible_collections.metalfleet.datacenter.plugins.module_utils.machines.secret_box import SecretBox

LOG = logging.getLogger("metalfleet.boot_api")
#: seconds a client should wait before retrying after a store failure
RETRY_AFTER = 5


def _configure_logging():
    if not LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
        LOG.propagate = False


def _as_http_error(exc: Exception) -> HttpError:
    """The answer for an exception of a handler."""
    if isinstance(exc, HttpError):
        return exc
    if isinstance(exc, ValidationError):
        return HttpError.from_validation(exc)
    if isinstance(exc, NotFoundError):
        return HttpError(404, exc.message, "not_found")
    if isinstance(exc, (ConflictError, ExhaustedError)):
        return HttpError(409, exc.message, exc.kind)
    if isinstance(exc, (StoreUnavailable, StoreError)):
        return HttpError(503, exc.message if isinstance(exc, StoreUnavailable) else "the fleet store is unavailable", "store_unavailable",
                         headers=[("Retry-After", str(RETRY_AFTER))])
    if isinstance(exc, DependencyError):
        return HttpError(500, exc.message, "dependency")
    incident = uuid.uuid4().hex[:12]
    LOG.error("internal error %s", incident, exc_info=(type(exc), exc, exc.__traceback__))
    return HttpError(500, "internal error (incident %s, see the boot API's log)" % incident, "internal")


class BootApi:
    """The WSGI callable."""

    def __init__(self, config, clock=None):
        self.config = config
        self.metrics = Metrics()
        self.pool = StorePool(config.store, config.store_timeout)
        self.tokens = TokenAuthority(derive_key(config.secret), config.token_ttl, phone_home_ttl=config.phone_home_ttl)
        self.endpoints = Endpoints(config, self.pool, self.tokens, self.metrics, SecretBox(config.secret), clock)
        self.router = Router()
        self.endpoints.routes(self.router)

    def close(self) -> None:
        """Write what is still held behind (liveliness refreshes); gunicorn's ``worker_exit`` calls it."""
        self.endpoints.liveliness.close()

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request = Request(environ, body_timeout=self.config.body_timeout)
        route = "unknown"
        try:
            route, handler, params = self.router.resolve(request.method, request.path)
            response = handler(request, **params)
        except Exception as exc:  # pylint: disable=broad-except  # every failure becomes a JSON answer
            error = _as_http_error(exc)
            if error.status == 503:
                self.metrics.store_errors.inc()
            if error.status >= 500 or error.status in (401, 403, 413):
                LOG.warning("%s %s -> %d %s", request.method, route, error.status, error.kind)
            response = error_response(error)
        start_response(status_line(response.status, response.reason_detail), response.headers)
        self.metrics.answered(route, request.method if request.method in ("GET", "HEAD", "POST") else "other", response.status,
                              time.perf_counter() - started)
        if isinstance(response.body, bytes):
            return [response.body]
        return response.body


def create_application(environ=None) -> BootApi:
    """The application configured from the environment (see ``config``); raises ValidationError naming a variable."""
    _configure_logging()
    return BootApi(load_config(environ))
