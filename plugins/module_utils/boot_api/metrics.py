# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prometheus metrics of the boot API (``prometheus_client``), correct with several gunicorn workers.

Private to the metalfleet.datacenter collection; not a public API.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``gunicorn_conf`` sets it to a fresh private directory when it is not),
every worker process writes its samples to files there and ``/metrics`` adds up the files of all workers, so a
scrape that lands on any worker sees the whole server (prometheus_client's multiprocess mode; the gunicorn
configuration marks exited workers dead).  Without it, each process reports only its own requests: fine for a
single worker.

Label values come from the code only (route names, boot modes, refusal reasons, status codes), never from a
client, so a client cannot grow the number of series.
"""
from __future__ import annotations

import os
import traceback

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError

try:
    import prometheus_client
    from prometheus_client import multiprocess
    HAS_PROMETHEUS = True
    PROMETHEUS_IMPORT_ERROR = None
except ImportError:
    HAS_PROMETHEUS = False
    PROMETHEUS_IMPORT_ERROR = traceback.format_exc()

PREFIX = "metalfleet_boot_api_"
#: request latency buckets, seconds (a boot script takes milliseconds; a long poll up to a minute)
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class _Nothing:
    """Stands in for a metric when prometheus_client is missing."""

    def labels(self, *_args, **_kwargs):
        return self

    def inc(self, *_args):
        pass

    def dec(self, *_args):
        pass

    def observe(self, *_args):
        pass

    def set(self, *_args):
        pass


class Metrics:
    def __init__(self):
        self.multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        self._children = {}
        if not HAS_PROMETHEUS:
            self.requests = self.latency = self.boot_modes = self.store_errors = self.token_refusals = self.waiters = _Nothing()
            self.reports = self.events = self.liveliness_refreshes = self.liveliness_held = _Nothing()
            return
        # a private registry: the samples of this object only (in multiprocess mode they also go to the files)
        self._registry = prometheus_client.CollectorRegistry(auto_describe=True)
        kwargs = {"registry": self._registry}
        self.requests = prometheus_client.Counter(PREFIX + "requests", "HTTP requests answered, by route and status",
                                                  ("route", "method", "status"), **kwargs)
        self.latency = prometheus_client.Histogram(PREFIX + "request_duration_seconds", "time to answer a request, by route",
                                                   ("route",), buckets=BUCKETS, **kwargs)
        self.boot_modes = prometheus_client.Counter(PREFIX + "boot_scripts", "per-machine iPXE scripts served, by boot mode",
                                                    ("mode",), **kwargs)
        self.reports = prometheus_client.Counter(PREFIX + "hardware_reports", "hardware reports stored, by outcome",
                                                 ("outcome",), **kwargs)
        self.events = prometheus_client.Counter(PREFIX + "events", "provisioning events received, by outcome", ("outcome",), **kwargs)
        self.liveliness_refreshes = prometheus_client.Counter(PREFIX + "liveliness_refreshes",
                                                              "boot scripts' liveliness refreshes written behind, by outcome (written, dropped)",
                                                              ("outcome",), **kwargs)
        self.liveliness_held = prometheus_client.Gauge(PREFIX + "liveliness_refreshes_held",
                                                       "liveliness refreshes not written yet (pending or being written)",
                                                       multiprocess_mode="livesum", **kwargs)
        self.store_errors = prometheus_client.Counter(PREFIX + "store_errors", "requests answered 503 because the store failed",
                                                      **kwargs)
        self.token_refusals = prometheus_client.Counter(PREFIX + "token_refusals", "requests refused for their agent token, by reason",
                                                        ("reason",), **kwargs)
        self.waiters = prometheus_client.Gauge(PREFIX + "waiting_requests", "long polls for an allocation in progress",
                                               multiprocess_mode="livesum", **kwargs)

    def answered(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one answered request and its latency.

        The labelled children are kept per label values (a few dozen: the values come from the code), so a request
        costs two dictionary look-ups here instead of prometheus_client's ``labels()`` (a lock and label checks)."""
        key = (route, method, status)
        children = self._children.get(key)
        if children is None:
            children = (self.requests.labels(route, method, str(status)), self.latency.labels(route))
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def exposition(self) -> tuple:
        """``(content type, body)`` of a scrape."""
        if not HAS_PROMETHEUS:
            raise DependencyError("prometheus-client", PROMETHEUS_IMPORT_ERROR)
        if self.multiprocess:
            registry = prometheus_client.CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        else:
            registry = self._registry
        return prometheus_client.CONTENT_TYPE_LATEST, prometheus_client.generate_latest(registry)
