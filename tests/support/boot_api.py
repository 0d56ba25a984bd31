# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API under gunicorn for tests and benchmarks: a real server process on 127.0.0.1, and an HTTP client.

:class:`BootApiServer` starts gunicorn exactly as the boot_server role does (the collection's gunicorn
configuration, ``gthread`` workers, the environment variables of ``docs/boot-api.md``) on a free port, waits until
``/healthz`` answers and keeps its log in a file (so tests can check what it logs).  :func:`call` is one HTTP
request with ``http.client``.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time

from tests.support.postgres import free_port

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS_ROOT = os.path.join(REPO_ROOT, ".build", "collections")
PACKAGE = "ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api"
SECRET = "boot-api-tests-secret-key-0123456789"


def gunicorn_argv(bind: str, workers: int, threads: int) -> list:
    """The command line the boot_server role runs (with this interpreter's gunicorn)."""
    return [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-c", "python:%s.gunicorn_conf" % PACKAGE,
            "--bind", bind, "--workers", str(workers), "--threads", str(threads), "%s.wsgi:application" % PACKAGE]


class BootApiServer:
    def __init__(self, dsn: str, workdir: str, partition: str = "p1", files_dir: str | None = None, workers: int = 2,
                 threads: int = 8, env: dict | None = None, password: str | None = None, host: str = "127.0.0.1",
                 port: int | None = None, argv_prefix=()):
        """``host``/``port``: where gunicorn binds (a free port on 127.0.0.1 by default); ``argv_prefix`` runs it
        through another command, e.g. ``["ip", "netns", "exec", "ns1"]`` (the health check then runs there too)."""
        self.dsn = dsn
        self.workdir = workdir
        self.host = host
        self.port = port or free_port()
        self.url = "http://%s:%d" % (host, self.port)
        self.argv_prefix = list(argv_prefix)
        self.secret_file = os.path.join(workdir, "secret.key")
        self.log_path = os.path.join(workdir, "boot-api.log")
        self.metrics_dir = os.path.join(workdir, "metrics")
        self.partition = partition
        self.files_dir = files_dir
        self.workers = workers
        self.threads = threads
        self.extra_env = dict(env or {})
        self.password = password
        self.proc = None

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update({
            "PYTHONPATH": COLLECTIONS_ROOT,
            "METALFLEET_STORE": self.dsn,
            "METALFLEET_SECRET_KEY_FILE": self.secret_file,
            "METALFLEET_BOOT_PARTITION": self.partition,
            "METALFLEET_BOOT_API_URL": self.url,
            "PROMETHEUS_MULTIPROC_DIR": self.metrics_dir,
        })
        if self.password:
            env["METALFLEET_STORE_PASSWORD"] = self.password
        if self.files_dir:
            env["METALFLEET_BOOT_FILES_DIR"] = self.files_dir
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 30.0) -> "BootApiServer":
        os.makedirs(self.metrics_dir, exist_ok=True)
        with open(self.secret_file, "w", encoding="utf-8") as handle:
            handle.write(SECRET + "\n")
        os.chmod(self.secret_file, 0o600)
        log = open(self.log_path, "ab")  # pylint: disable=consider-using-with  # kept for the server's life
        argv = self.argv_prefix + gunicorn_argv("%s:%d" % (self.host, self.port), self.workers, self.threads)
        self.proc = subprocess.Popen(argv, env=self.environment(),
                                     stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("the boot API exited with %s:\n%s" % (self.proc.returncode, self.log()[-3000:]))
            if self.healthy():
                return self
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the boot API did not answer /healthz within %s s:\n%s" % (timeout, self.log()[-3000:]))
            time.sleep(0.1)

    def healthy(self) -> bool:
        """``/healthz`` answers 200 (asked from where the server runs)."""
        if self.argv_prefix:
            probe = ("import sys, urllib.request\ntry:\n    sys.exit(0 if urllib.request.urlopen(%r, timeout=2).status == 200 else 1)\n"
                     "except OSError:\n    sys.exit(1)\n" % (self.url + "/healthz"))
            return subprocess.run(self.argv_prefix + [sys.executable, "-c", probe], check=False, timeout=30).returncode == 0
        try:
            status, _headers, _body = call(self.url, "GET", "/healthz", timeout=2)
        except OSError:
            return False
        return status == 200

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def call(url: str, method: str, path: str, body=None, token: str | None = None, headers: dict | None = None, timeout: float = 30):
    """``(status, headers as a lower-case dict, body bytes)`` of one request; a dict/list body is sent as JSON."""
    host_port = url.split("//", 1)[1]
    conn = http.client.HTTPConnection(host_port, timeout=timeout)
    sent = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode("utf-8")
        sent.setdefault("Content-Type", "application/json")
    if token:
        sent["Authorization"] = "Bearer " + token
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        conn.close()


def call_json(url: str, method: str, path: str, body=None, token: str | None = None, headers: dict | None = None, timeout: float = 30):
    """``(status, headers, parsed JSON body)``."""
    status, got, data = call(url, method, path, body, token, headers, timeout)
    return status, got, json.loads(data.decode("utf-8")) if data else None
