# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API's endpoints: thin handlers over the provisioning core, one store transaction per call.

Private to the metalfleet.datacenter collection; not a public API.

Every handler checks its parameters, then the agent token (for everything under ``/v1/machines/<uuid>``) before it
reads a body, then makes one call of :class:`provisioning.service.ProvisioningService` inside one
``Store.run``.  Whatever goes wrong after that rolls the transaction back, so a failed request stores nothing.

Boot scripts: ``/ipxe/machine`` reads the boot decision and the machine's event container (one statement when the
firmware sent its UUID); for a discovery or install script it then records the ``PXE Booting`` event (metal-stack's
boot server does the same), in a second transaction that writes the container read before with one conditional
UPDATE (the full event path when it changed meanwhile); a repeat that only refreshes the container's time is written
behind the answer, in batches (``liveliness_writer``); a local boot writes nothing.

Tokens: ``/ipxe/machine`` issues one, bound to the machine's id, in the kernel command line of the discovery and
install scripts (never for local boot).  For a MAC the store does not know yet, the token is bound to the UUID the
firmware sent: the hardware report of a new machine needs a token like every other write, so a machine can only
register after it asked for its boot script, and only under the UUID it booted with.  The long poll answers with a
fresh token, so an agent that waits longer than a token lives keeps a valid one.
"""
from __future__ import annotations

import threading
import time

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api import files, inputs, ipxe
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.liveliness_writer import LivelinessWriter
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.tokens import TokenError, bearer_token
from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.wsgi_io import HttpError, Response
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning import containers
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.events import PXE_BOOTING
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.liveliness import system_clock
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService

#: the long poll: default and longest wait (seconds) and the pause between two looks at the store
WAIT_DEFAULT = 30
WAIT_MAX = 60
WAIT_POLL = 1.0
IPXE_TYPE = "text/plain; charset=utf-8"
#: what a refused token is answered with, by reason
_TOKEN_STATUS = {"other machine": 403, "wrong scope": 403}


class Endpoints:
    """The handlers, bound to one app's configuration, store pool, token authority and metrics."""

    def __init__(self, config, pool, tokens, metrics, secret_box=None, clock=None):
        self.config = config
        self.pool = pool
        self.liveliness = LivelinessWriter(pool, config.liveliness_delay,
                                           lambda outcome, count: metrics.liveliness_refreshes.labels(outcome).inc(count),
                                           metrics.liveliness_held.set)
        self.tokens = tokens
        self.metrics = metrics
        self.secret_box = secret_box
        self.clock = clock
        self.static_script = ipxe.static_script(config.api_url).encode("utf-8")
        self._waiters = threading.BoundedSemaphore(config.max_waiters) if config.max_waiters else None

    def routes(self, router):
        router.add("GET", "/healthz", "healthz", self.healthz)
        router.add("GET", "/metrics", "metrics", self.metrics_page)
        router.add("GET", "/ipxe/boot.ipxe", "ipxe_static", self.boot_ipxe)
        router.add("GET", "/ipxe/machine", "ipxe_machine", self.machine_ipxe)
        router.add("POST", "/v1/machines/{uuid}/report", "report", self.report)
        router.add("POST", "/v1/machines/{uuid}/events", "event", self.event)
        router.add("GET", "/v1/machines/{uuid}/events", "events", self.event_list)
        router.add("GET", "/v1/machines/{uuid}/wait", "wait", self.wait)
        router.add("GET", "/v1/machines/{uuid}/install", "install", self.install)
        router.add("POST", "/v1/machines/{uuid}/phone-home", "phone_home", self.phone_home)
        router.add("GET", "/files/{path:path}", "files", self.file)

    # -- helpers -------------------------------------------------------------------------------------------------
    def _service(self, tx):
        return ProvisioningService(tx, clock=self.clock, secret_box=self.secret_box)

    def _call(self, method: str, *args, write: bool = True, actor: str = "boot-api"):
        """``ProvisioningService(tx).<method>(*args)`` in one transaction."""
        return self.pool.run(lambda tx: getattr(self._service(tx), method)(*args), write=write, actor=actor)

    def _now(self) -> float:
        return (self.clock or system_clock)()

    def _authorized(self, request, raw_uuid: str, phone_home: bool = False) -> str:
        """The path's machine id once the request's token is valid for it (401/403 otherwise).

        ``phone_home`` also accepts the machine's phone-home token (the installed system's)."""
        machine_id = inputs.machine_uuid(raw_uuid, "uuid")
        try:
            self.tokens.verify(bearer_token(request.header("Authorization")), machine_id, phone_home=phone_home)
        except TokenError as exc:
            self.metrics.token_refusals.labels(exc.reason).inc()
            status = _TOKEN_STATUS.get(exc.reason, 401)
            headers = [] if status == 403 else [("WWW-Authenticate", 'Bearer realm="metalfleet-boot", error="invalid_token"')]
            raise HttpError(status, "agent token refused (%s): present the token of machine %s from its boot script as "
                            "'Authorization: Bearer <token>'" % (exc.reason, machine_id), "unauthorized", "Authorization",
                            headers) from None
        return machine_id

    # -- health, metrics, static script, files --------------------------------------------------------------------
    def healthz(self, request):
        row = self.pool.run(lambda tx: tx.query_one("SELECT value FROM store_meta WHERE key = ?", ("schema_version",)), write=False)
        return Response.json({"status": "ok", "store": self.config.store.backend, "schema_version": int(row["value"]) if row else None})

    def metrics_page(self, request):
        content_type, body = self.metrics.exposition()
        return Response(200, body, content_type)

    def boot_ipxe(self, request):
        return Response(200, self.static_script, IPXE_TYPE)

    def file(self, request, path):
        if not self.config.files_dir:
            raise HttpError(404, "no boot files directory is configured", "not_found", "path")
        return files.file_response(request, self.config.files_dir, path)

    # -- boot ---------------------------------------------------------------------------------------------------
    def machine_ipxe(self, request):
        query = request.query
        mac = inputs.mac_address(query.get("mac"), "mac")
        uuid = inputs.optional_uuid(query.get("uuid"), "uuid")
        arch = inputs.architecture(query.get("arch"), "arch")
        inputs.architecture(query.get("platform"), "platform")
        decision, container = self._call("boot_reading", mac, self.config.partition, uuid, arch, write=False)
        self.metrics.boot_modes.labels(decision.mode).inc()
        if decision.mode == "local":
            return Response.text(ipxe.machine_script("local", self.config.api_url), content_type=IPXE_TYPE)
        machine_id = decision.machine_id or uuid
        if machine_id is None:
            raise ValidationError("uuid", "is required for a machine the store does not know yet (iPXE sends ${uuid})")
        if decision.machine_id and uuid and uuid != decision.machine_id:
            raise HttpError(409, "the MAC %s belongs to machine %s, not to %s" % (mac, decision.machine_id, uuid), "conflict", "uuid")
        token = self.tokens.issue(machine_id)["token"]
        try:
            script = ipxe.machine_script(decision.mode, self.config.api_url, machine_id, decision.kernel_url, decision.initrd_url,
                                         decision.command_line, token)
        except ValueError as exc:  # the partition's boot settings cannot make a script: the operator must fix them
            raise HttpError(500, "partition %s: boot.%s" % (decision.partition, exc), "configuration") from None
        # metal-stack's boot server reports every network boot of a machine that provisions; the script is served
        # once that is stored (its own transaction: a local boot reads only).  The container read with the decision
        # makes the write one conditional UPDATE (see ProvisioningService.record_event).  A repeat that changes only
        # the container's time is written behind, with the others of the next moment (liveliness_writer)
        refresh = containers.liveliness_refresh(machine_id, PXE_BOOTING, container, self._now())
        if refresh is not None:
            self.liveliness.submit(refresh)
        else:
            self._call("record_event", machine_id, PXE_BOOTING, "", container, actor="boot-api:" + machine_id)
        return Response.text(script, content_type=IPXE_TYPE, headers=[("Cache-Control", "no-store")])

    # -- agent --------------------------------------------------------------------------------------------------
    def report(self, request, uuid):
        machine_id = self._authorized(request, uuid)
        report = request.json("report")
        reported = report.get("uuid")
        if isinstance(reported, str) and inputs.optional_uuid(reported, "report.uuid") != machine_id:
            raise ValidationError("report.uuid", "%r is not the machine of this URL and token (%s)" % (reported[:64], machine_id))
        try:
            result = self._call("register", report, self.config.partition, actor="boot-api:" + machine_id)
        except ValidationError:
            self.metrics.reports.labels("refused").inc()
            raise
        self.metrics.reports.labels("changed" if result.get("changed") else "unchanged").inc()
        return Response.json(result)

    def event(self, request, uuid):
        machine_id = self._authorized(request, uuid)
        doc = request.json("body")
        event = inputs.text_member(doc, "event", "event", required=True, maximum=64)
        message = inputs.text_member(doc, "message", "message", maximum=4096) or ""
        result = self._call("record_event", machine_id, event, message, actor="boot-api:" + machine_id)
        self.metrics.events.labels("recorded" if result.get("recorded") else "swallowed").inc()
        return Response.json(result)

    def event_list(self, request, uuid):
        machine_id = self._authorized(request, uuid)
        return Response.json(self._call("events", machine_id, write=False))

    def install(self, request, uuid):
        machine_id = self._authorized(request, uuid)
        instructions = dict(self._call("install_instructions", machine_id, write=False),
                            phone_home_token=self.tokens.issue_phone_home(machine_id))
        return Response.json(instructions, headers=[("Cache-Control", "no-store")])

    def phone_home(self, request, uuid):
        """Phone home, with the agent's token or the installed system's phone-home token; answers a fresh one of the
        latter, so a system that keeps the newest never runs out."""
        machine_id = self._authorized(request, uuid, phone_home=True)
        request.body()  # an optional body is read (bounded) and ignored
        result = self._call("phone_home", machine_id, actor="boot-api:" + machine_id)
        return Response.json(dict(result, phone_home_token=self.tokens.issue_phone_home(machine_id)))

    def wait(self, request, uuid):
        """Long poll: answer as soon as the machine is allocated, or after ``timeout`` seconds (at most 60).

        Each waiting request holds one worker thread; at most ``max_waiters`` per worker process wait at once, the
        others are answered at once (``"waited": false`` and ``Retry-After``), so long polls never take every thread
        from the boot scripts."""
        machine_id = self._authorized(request, uuid)
        timeout = inputs.bounded_int(request.query.get("timeout"), "timeout", WAIT_DEFAULT, 0, WAIT_MAX)
        state = self._call("allocation", machine_id, write=False)
        headers = [("Cache-Control", "no-store")]
        waited = False
        if not state.get("allocated") and timeout > 0:
            if self._waiters is not None and self._waiters.acquire(blocking=False):
                waited = True
                self.metrics.waiters.inc()
                try:
                    deadline = time.monotonic() + timeout
                    while not state.get("allocated") and time.monotonic() < deadline:
                        time.sleep(min(WAIT_POLL, max(0.0, deadline - time.monotonic())))
                        state = self._call("allocation", machine_id, write=False)
                finally:
                    self.metrics.waiters.dec()
                    self._waiters.release()
            else:
                headers.append(("Retry-After", str(int(WAIT_POLL * 5))))
        document = dict(state, waited=waited, token=self.tokens.issue(machine_id))
        return Response.json(document, headers=headers)
