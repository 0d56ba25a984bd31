# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""gunicorn settings and hooks of the boot API: ``gunicorn -c python:<this module> ...``.

Private to the metalfleet.datacenter collection; not a public API.

The worker model: ``gthread`` workers (one process per core, ``threads`` threads each).  Idle keep-alive
connections wait in each worker's poller without a thread; a thread is busy only while a request is answered,
and a long poll for an allocation holds its thread for up to 60 s, which is why the API lets at most
``METALFLEET_BOOT_MAX_WAITERS`` long polls wait at once per worker (default 16 of the 32 threads here) and answers
the others at once.  Command-line options (``--workers``, ``--threads``, ``--bind``, ...) override these values.

Hooks: ``on_starting`` prepares prometheus_client's multiprocess directory (``PROMETHEUS_MULTIPROC_DIR``; when it is
not set, a private temporary one) and empties it, so a restart does not add old samples; ``post_worker_init``
builds the application in each worker, so a configuration error stops the server at start; ``worker_exit`` lets it
write what it holds behind (liveliness refreshes); ``child_exit`` marks an exited worker dead for the multiprocess
metrics.
"""
from __future__ import annotations

import os
import shutil
import tempfile

worker_class = "gthread"
workers = 2
threads = 32
#: a worker that does not report to the arbiter for this long is restarted (the long poll is at most 60 s)
timeout = 90
graceful_timeout = 30
keepalive = 5
#: the request line and header limits (the body limit, 1 MiB, is the application's)
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
#: never preload: each worker opens its own store connections after the fork
preload_app = False
#: gunicorn's access log (one line per request, to stderr): ``METALFLEET_BOOT_ACCESS_LOG`` is ``on`` (the default) or
#: ``off``; off saves a formatted, locked write per request (one A/B: 2,180 -> 3,720 local boot scripts/s, docs/boot-api.md)
accesslog = None if os.environ.get("METALFLEET_BOOT_ACCESS_LOG", "on").strip().lower() in ("off", "0", "false", "no") else "-"
errorlog = "-"
#: gunicorn 23+'s runtime control socket (a fixed path under ~/.gunicorn shared by every server of the user): off
control_socket_disable = True

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def on_starting(server):
    path = os.environ.get(MULTIPROC_ENV)
    if not path:
        path = tempfile.mkdtemp(prefix="metalfleet-boot-metrics-")
        os.environ[MULTIPROC_ENV] = path
    os.makedirs(path, mode=0o700, exist_ok=True)
    for name in os.listdir(path):
        if name.endswith(".db"):
            os.unlink(os.path.join(path, name))
    server.log.info("metrics: prometheus_client multiprocess mode in %s", path)


def post_worker_init(worker):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import FleetError

    load = getattr(worker.wsgi, "load", None)
    if load is None:
        return
    try:
        load()
    except FleetError as exc:
        worker.log.error("metalfleet boot API: configuration error: %s", exc)
        raise SystemExit(3)  # gunicorn's "worker failed to boot": the arbiter stops


def worker_exit(server, worker):
    """A worker that stops writes what its application holds behind (the liveliness refreshes) before it exits."""
    close = getattr(worker.wsgi, "close", None)
    if close is not None:
        close()


def child_exit(server, worker):
    if os.environ.get(MULTIPROC_ENV):
        try:
            from prometheus_client import multiprocess
        except ImportError:
            return
        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    path = os.environ.get(MULTIPROC_ENV, "")
    if os.path.basename(path).startswith("metalfleet-boot-metrics-"):
        shutil.rmtree(path, ignore_errors=True)
