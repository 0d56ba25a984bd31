# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The boot API over HTTP: gunicorn (2 gthread workers) on 127.0.0.1 over a real store, on both backends.

One server per backend for the whole module; each test uses machines of its own numbers, so the tests do not
depend on each other's order.  The clock part of liveliness (5 minutes without an event) is checked by calling the
provisioning service directly with a fake clock, on the store the server wrote (the server itself has no clock
hook).  Store failures get servers of their own (see ``test_store_failure_*``).
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import threading
import time

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.tokens import TokenAuthority, derive_key
from ansible_collections.metalfleet.datacenter.plugins.module_utils.provisioning.service import ProvisioningService
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

from tests.support import boot_fleet as fleet
from tests.support.boot_api import SECRET, BootApiServer, call, call_json
from tests.support.postgres import PostgresServer
from tests.support.store_dump import dump_store

pytestmark = [pytest.mark.slow]

KERNEL = bytes(range(256)) * 4096  # 1 MiB with a recognisable pattern
TOKEN_KEY = derive_key(SECRET)


class Api:
    """A running server, its store and helpers."""

    def __init__(self, server, store, dsn, files_dir):
        self.server = server
        self.url = server.url
        self.store = store
        self.dsn = dsn
        self.files_dir = files_dir

    def get(self, path, token=None, headers=None):
        return call(self.url, "GET", path, token=token, headers=headers)

    def json(self, method, path, body=None, token=None, headers=None):
        return call_json(self.url, method, path, body, token, headers)

    def boot_script(self, number, uuid=True, nic=0):
        query = "mac=%s&arch=x86_64&platform=pcbios" % fleet.machine_mac(number, nic)
        if uuid:
            query += "&uuid=%s" % fleet.machine_uuid(number)
        status, headers, body = self.get("/ipxe/machine?" + query)
        return status, headers, body.decode("utf-8")

    def token_of(self, number):
        """The token in the kernel command line of machine ``number``'s boot script (as its agent reads it)."""
        status, _headers, script = self.boot_script(number)
        assert status == 200, script
        return re.search(r"metalfleet\.token=(\S+)", script).group(1)

    def register(self, number, **extra):
        token = self.token_of(number)
        status, _headers, doc = self.json("POST", "/v1/machines/%s/report" % fleet.machine_uuid(number), fleet.report(number, **extra), token)
        assert status == 200, doc
        return token, doc

    def events(self, number, token):
        status, _headers, doc = self.json("GET", "/v1/machines/%s/events" % fleet.machine_uuid(number), token=token)
        assert status == 200, doc
        return doc

    def settle(self, seconds=20.0):
        """Wait until the workers hold no liveliness refresh that is not written yet (they write them behind the
        answers of repeated boot scripts), so that a dump of the store stays what it is."""
        deadline = time.monotonic() + seconds
        while True:
            text = self.get("/metrics")[2].decode("utf-8")
            held = re.search(r"^metalfleet_boot_api_liveliness_refreshes_held ([0-9.e+-]+)$", text, re.MULTILINE)
            if held is None or float(held.group(1)) == 0 or time.monotonic() > deadline:
                return
            time.sleep(0.05)

    def dump(self):
        self.settle()
        return dump_store(self.dsn)


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def api(request, tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("boot-api-" + request.param))
    if request.param == "sqlite":
        dsn = "sqlite://" + os.path.join(workdir, "fleet.db")
    else:
        dsn = request.getfixturevalue("postgres_server").create_database()
    files_dir = os.path.join(workdir, "files")
    os.makedirs(os.path.join(files_dir, "images"))
    with open(os.path.join(files_dir, "vmlinuz"), "wb") as handle:
        handle.write(KERNEL)
    with open(os.path.join(files_dir, "images", "empty.img"), "wb"):
        pass
    with open(os.path.join(workdir, "outside.txt"), "w", encoding="utf-8") as handle:
        handle.write("not served")
    os.symlink(os.path.join(workdir, "outside.txt"), os.path.join(files_dir, "escape"))
    server = BootApiServer(dsn, workdir, partition=fleet.PARTITION, files_dir=files_dir, workers=2, threads=8)
    store = open_store(parse_location(dsn))
    fleet.build_partition(store, server.url)
    server.start()
    try:
        yield Api(server, store, dsn, files_dir)
    finally:
        server.stop()
        store.close()


def expect_error(response, status, field=None):
    code, _headers, doc = response
    assert code == status, doc
    assert doc["error"]["status"] == status
    if field is not None:
        assert doc["error"].get("field") == field, doc
        assert doc["error"]["message"]
    return doc["error"]


# -- boot scripts ----------------------------------------------------------------------------------------------------
def test_static_script_tries_every_nic_and_chains_the_machine_script(api):
    status, headers, body = api.get("/ipxe/boot.ipxe")
    script = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert script.startswith("#!ipxe\n")
    assert "isset ${net${idx}/mac} || goto next_round" in script
    assert "ifconf --configurator dhcp net${idx} || goto next_nic" in script
    assert "inc idx" in script and "goto round" in script and "reboot" in script
    assert "\nset api %s\n" % api.url in script
    assert "chain --replace --autofree ${api}/ipxe/machine?mac=${net${idx}/mac}&uuid=${uuid}&arch=${buildarch}&platform=${platform}" in script


def test_boot_decision_for_every_state(api):
    """unknown -> discovery, registered -> discovery, allocated -> install, installed -> local, held -> local."""
    unknown, held = 101, 102
    status, _headers, script = api.boot_script(unknown)
    assert status == 200
    assert "kernel %s/files/vmlinuz initrd=initrd.img %s metalfleet.api=%s metalfleet.machine=%s metalfleet.token=" % (
        api.url, fleet.COMMAND_LINE, api.url, fleet.machine_uuid(unknown)) in script
    assert "initrd %s/files/initrd.img\nboot\n" % api.url in script
    assert "metalfleet.mode=install" not in script

    token, _doc = api.register(unknown)
    status, _headers, script = api.boot_script(unknown, uuid=False, nic=1)  # by its second NIC's MAC, without UUID
    assert status == 200 and "# metalfleet: discovery" in script
    assert "metalfleet.machine=%s " % fleet.machine_uuid(unknown) in script

    fleet.allocate(api.store, unknown, "web-%d" % unknown)
    status, _headers, script = api.boot_script(unknown)
    assert status == 200 and "# metalfleet: install" in script
    assert "%s metalfleet.mode=install metalfleet.api=" % fleet.COMMAND_LINE in script

    for event in ("Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"):
        assert api.json("POST", "/v1/machines/%s/events" % fleet.machine_uuid(unknown), {"event": event}, token)[0] == 200
    status, _headers, doc = api.json("POST", "/v1/machines/%s/phone-home" % fleet.machine_uuid(unknown), token=token)
    assert status == 200 and doc["installed"] is True and doc["netboot_allowed"] is False
    status, _headers, script = api.boot_script(unknown)
    assert status == 200 and script.endswith("exit\n") and "kernel" not in script and "token" not in script

    api.register(held)
    fleet.hold(api.store, held)
    status, _headers, script = api.boot_script(held)
    assert status == 200 and script.endswith("exit\n") and "token" not in script


def test_boot_script_records_pxe_booting_once_per_boot(api):
    number = 103
    token = api.token_of(number)
    api.token_of(number)  # a second boot script: the repeat is swallowed
    doc = api.events(number, token)
    assert [e["event"] for e in doc["events"]] == ["PXE Booting"]
    assert doc["registered"] is False


def _refreshes_written(api) -> int:
    """The liveliness refreshes the workers wrote behind, from /metrics (multiprocess: both workers' counts)."""
    text = api.get("/metrics")[2].decode("utf-8")
    counted = re.search(r'metalfleet_boot_api_liveliness_refreshes_total\{outcome="written"\} ([0-9.e+]+)', text)
    return int(float(counted.group(1))) if counted else 0


def test_a_repeated_boot_script_refreshes_liveliness_behind_the_answer(api):
    number = 104
    token = api.token_of(number)
    first = api.events(number, token)["last_event_time"]
    before = _refreshes_written(api)
    time.sleep(0.01)  # the times are microseconds: make the repeat's later for sure
    api.token_of(number)  # a repeat: swallowed, its time written behind
    deadline = time.monotonic() + 20
    while api.events(number, token)["last_event_time"] == first and time.monotonic() < deadline:
        time.sleep(0.05)
    doc = api.events(number, token)
    assert doc["last_event_time"] > first and [e["event"] for e in doc["events"]] == ["PXE Booting"]
    assert _refreshes_written(api) >= before + 1


def test_a_worker_that_stops_writes_the_refreshes_it_holds(tmp_path):
    """Its own server (SQLite: the exit path is the same on both backends) holding refreshes for 5 s: stopping it
    (SIGTERM, as systemd and the role's init script do) writes them through gunicorn's worker_exit hook."""
    dsn = "sqlite://" + str(tmp_path / "fleet.db")
    server = BootApiServer(dsn, str(tmp_path), partition=fleet.PARTITION, workers=1, threads=4,
                           env={"METALFLEET_BOOT_LIVELINESS_DELAY": "5"})
    store = open_store(parse_location(dsn))
    try:
        fleet.build_partition(store, server.url)
        with server:
            api = Api(server, store, dsn, None)
            token = api.token_of(1)
            first = api.events(1, token)["last_event_time"]
            time.sleep(0.01)
            api.token_of(1)  # the repeat: held by the worker for 5 s
            assert api.events(1, token)["last_event_time"] == first
        # stopped well within the 5 s: only the exit flush can have written it
        after = store.run(lambda tx: ProvisioningService(tx).events(fleet.machine_uuid(1)), write=False)
        assert after["last_event_time"] > first
        assert "liveliness refreshes not written" not in server.log()
    finally:
        store.close()


def test_unknown_mac_without_uuid_is_refused_and_stores_nothing(api):
    before = api.dump()
    error = expect_error(api.json("GET", "/ipxe/machine?mac=02:ff:ff:00:00:01"), 400, "uuid")
    assert "does not know" in error["message"]
    expect_error(api.json("GET", "/ipxe/machine?mac=nonsense&uuid=%s" % fleet.machine_uuid(1)), 400, "mac")
    expect_error(api.json("GET", "/ipxe/machine?mac=02:ff:ff:00:00:01&uuid=not-a-uuid"), 400, "uuid")
    expect_error(api.json("GET", "/ipxe/machine?mac=02:ff:ff:00:00:01&uuid=%s&arch=x86%%0a64" % fleet.machine_uuid(1)), 400, "arch")
    expect_error(api.json("GET", "/ipxe/machine"), 400, "mac")
    assert api.dump() == before


# -- hardware report ---------------------------------------------------------------------------------------------------
def test_report_registers_with_size_and_repeat_changes_nothing(api):
    number = 110
    token = api.token_of(number)
    path = "/v1/machines/%s/report" % fleet.machine_uuid(number)
    status, _headers, doc = api.json("POST", path, fleet.report(number), token)
    assert status == 200, doc
    assert doc["machine_id"] == fleet.machine_uuid(number)
    assert (doc["created"], doc["changed"], doc["size"]) == (True, True, fleet.SIZE)
    before = api.dump()
    status, _headers, doc = api.json("POST", path, fleet.report(number), token)
    assert status == 200 and (doc["created"], doc["changed"], doc["size"]) == (False, False, fleet.SIZE)
    assert api.dump() == before
    status, _headers, doc = api.json("POST", path, fleet.report(number, memory=32 * fleet.GIB), token)
    assert status == 200 and doc["changed"] is True and doc["size"] == "unknown"
    other_spelling = fleet.machine_uuid(number).upper().replace("-", "")
    status, _headers, doc = api.json("POST", path, fleet.report(number, memory=32 * fleet.GIB, uuid=other_spelling), token)
    assert status == 200 and doc["changed"] is False and doc["machine_id"] == fleet.machine_uuid(number)


def test_bad_reports_name_the_field_and_store_nothing(api):
    number = 111
    token = api.token_of(number)
    path = "/v1/machines/%s/report" % fleet.machine_uuid(number)
    bad_nic = fleet.report(number)
    bad_nic["nics"][1]["mac"] = "zz:zz"
    cases = [
        (fleet.report(number, memory="lots"), 400, "report.memory"),
        (bad_nic, 400, "report.nics[1].mac"),
        (fleet.report(number, uuid=fleet.machine_uuid(number + 1)), 400, "report.uuid"),
        (fleet.report(number, unexpected=1), 400, None),
        ([1, 2], 400, "report"),
    ]
    before = api.dump()
    for body, status, field in cases:
        error = expect_error(api.json("POST", path, body, token), status, field)
        assert error["kind"] == "validation"
    expect_error(api.json("POST", path, b"{not json", token, {"Content-Type": "application/json"}), 400, "report")
    expect_error(api.json("POST", path, b"\xff\xfe", token, {"Content-Type": "application/json"}), 400, "report")
    expect_error(api.json("POST", path, b"", token), 400, "report")
    expect_error(api.json("POST", path, b"uuid=1", token, {"Content-Type": "application/x-www-form-urlencoded"}), 415, "Content-Type")
    assert api.dump() == before


def test_a_refused_report_names_the_field_in_the_status_line_for_clients_that_drop_bodies(api, tmp_path):
    """busybox wget (the discovery agent's client) prints only the status line of a refused request."""
    number = 112
    token = api.token_of(number)
    body = tmp_path / "report.json"
    body.write_text(json.dumps(fleet.report(number, memory="lots")), encoding="utf-8")
    wget = subprocess.run(["busybox", "wget", "-q", "-O", os.devnull, "--header", "Authorization: Bearer " + token,
                           "--header", "Content-Type: application/json", "--post-file", str(body),
                           api.url + "/v1/machines/%s/report" % fleet.machine_uuid(number)], capture_output=True, text=True, timeout=30,
                          check=False)
    assert wget.returncode != 0
    assert "400 Bad Request: report.memory:" in wget.stderr, wget.stderr


def _read_response(sock) -> bytes:
    """One HTTP response with a Content-Length from a raw socket (headers and body may come in several segments)."""
    data = b""
    while True:
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = re.search(rb"(?i)content-length: *(\d+)", head)
            if length and len(body) >= int(length.group(1)):
                return data
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def test_bodies_over_one_mebibyte_are_refused_unread(api):
    number = 112
    token = api.token_of(number)
    path = "/v1/machines/%s/report" % fleet.machine_uuid(number)
    before = api.dump()
    # 10 MB announced: the answer comes before the body is sent (the server reads none of it)
    host, port = api.url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
                      "Content-Length: %d\r\n\r\n" % (path, token, 10 * 1000 * 1000)).encode("ascii") + b"[" * 1000)
        head = _read_response(sock).decode("latin-1")
    assert head.startswith("HTTP/1.1 413 "), head
    assert '"field": "body"' in head
    # 10 MB really sent, chunked (no length announced): read up to the limit, then refused; the client reads the
    # answer while it is still sending, as HTTP clients should
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n" % (path, token)).encode("ascii"))

        def send_body():
            try:
                for _index in range(160):
                    sock.sendall(b"10000\r\n" + b" " * 65536 + b"\r\n")
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server stopped reading after the limit and closed the connection
        sender = threading.Thread(target=send_body)
        sender.start()
        head = _read_response(sock)
        sender.join()
    assert head.startswith(b"HTTP/1.1 413 "), head[:200]
    assert b'"field": "body"' in head and b"more than 1048576 bytes" in head
    assert api.dump() == before


# -- events and liveliness ---------------------------------------------------------------------------------------------
def test_event_state_machine_over_http(api):
    number = 120
    token, _doc = api.register(number)
    path = "/v1/machines/%s/events" % fleet.machine_uuid(number)
    results = [api.json("POST", path, {"event": name, "message": "step"}, token)[2]
               for name in ("preparing", "Registering", "REGISTERING", "waiting")]
    assert [r["recorded"] for r in results] == [True, True, False, True]
    assert results[2]["swallowed"] is True
    crashed = api.json("POST", path, {"event": "Crashed", "message": "kernel panic"}, token)[2]
    assert crashed["crash_loop"] is True
    again = api.json("POST", path, {"event": "PXE Booting"}, token)[2]
    assert again["recorded"] is True and again["crash_loop"] is True
    doc = api.events(number, token)
    assert [e["event"] for e in doc["events"]] == ["PXE Booting", "Preparing", "Registering", "Waiting", "Crashed", "PXE Booting"]
    assert doc["crash_loop"] is True and doc["liveliness"] == "Alive"

    before = api.dump()
    expect_error(api.json("POST", path, {"event": "Exploded"}, token), 400, "event")
    expect_error(api.json("POST", path, {"event": 5}, token), 400, "event")
    expect_error(api.json("POST", path, {"message": "no event"}, token), 400, "event")
    expect_error(api.json("POST", path, {"event": "Alive", "message": ["x"]}, token), 400, "message")
    assert api.dump() == before


def test_events_are_trimmed_to_the_last_hundred(api):
    number = 121
    token, _doc = api.register(number)
    path = "/v1/machines/%s/events" % fleet.machine_uuid(number)
    for index in range(110):
        assert api.json("POST", path, {"event": ("Planned Reboot", "PXE Booting")[index % 2], "message": "n%d" % index}, token)[0] == 200
    doc = api.events(number, token)
    assert len(doc["events"]) == 100
    assert doc["events"][-1]["message"] == "n109"
    assert doc["events"][0]["message"] == "n10"


def test_events_of_an_unregistered_machine_after_its_boot_steps_are_refused(api):
    number = 122
    token = api.token_of(number)
    before = api.dump()
    expect_error(api.json("POST", "/v1/machines/%s/events" % fleet.machine_uuid(number), {"event": "Installing"}, token), 404)
    expect_error(api.json("GET", "/v1/machines/%s/install" % fleet.machine_uuid(number), token=token), 404)
    expect_error(api.json("GET", "/v1/machines/%s/wait?timeout=0" % fleet.machine_uuid(number), token=token), 404)
    assert api.dump() == before


def test_liveliness_dead_after_five_minutes_with_a_controlled_clock(api):
    """Events over HTTP; the clock part through the service itself on the same store (the server has no clock hook)."""
    number = 123
    token, _doc = api.register(number)
    api.json("POST", "/v1/machines/%s/events" % fleet.machine_uuid(number), {"event": "Preparing"}, token)
    machine_id = fleet.machine_uuid(number)
    now = time.time()

    def at(seconds):
        return lambda: now + seconds

    view = api.store.run(lambda tx: ProvisioningService(tx, clock=at(299)).events(machine_id), write=False)
    assert view["liveliness"] == "Alive"
    view = api.store.run(lambda tx: ProvisioningService(tx, clock=at(301)).events(machine_id), write=False)
    assert view["liveliness"] == "Dead"
    changed = api.store.run(lambda tx: ProvisioningService(tx, clock=at(301)).evaluate_liveliness())
    assert {"machine_id": machine_id, "before": "Alive", "after": "Dead"}.items() <= \
        next(c for c in changed if c["machine_id"] == machine_id).items()
    # the next event over HTTP makes it alive again
    doc = api.json("POST", "/v1/machines/%s/events" % machine_id, {"event": "Registering"}, token)[2]
    assert doc["liveliness"] == "Alive"


# -- long poll, install, phone home ------------------------------------------------------------------------------------
def test_wait_returns_when_the_machine_is_allocated(api):
    number = 130
    token, _doc = api.register(number)
    path = "/v1/machines/%s/wait" % fleet.machine_uuid(number)
    status, _headers, doc = api.json("GET", path + "?timeout=1", token=token)
    assert status == 200 and doc["allocated"] is False and doc["waited"] is True
    assert set(doc["token"]) == {"token", "expires_at"}
    allocator = threading.Timer(0.5, fleet.allocate, (api.store, number, "web-%d" % number))
    allocator.start()
    try:
        status, _headers, doc = api.json("GET", path + "?timeout=30", token=doc["token"]["token"])
    finally:
        allocator.join()
    assert status == 200 and doc["allocated"] is True and doc["mode"] == "install" and doc["hostname"] == "web-%d" % number
    expect_error(api.json("GET", path + "?timeout=61", token=token), 400, "timeout")
    expect_error(api.json("GET", path + "?timeout=-1", token=token), 400, "timeout")


def test_install_instructions_and_phone_home(api):
    number = 131
    token, _doc = api.register(number)
    path = "/v1/machines/%s/install" % fleet.machine_uuid(number)
    before = api.dump()
    expect_error(api.json("GET", path, token=token), 400, "machine_id")  # not allocated yet
    assert api.dump() == before
    fleet.allocate(api.store, number, "db-%d" % number, userdata="#cloud-config\nhostname: db\n")
    status, headers, doc = api.json("GET", path, token=token)
    assert status == 200 and headers["cache-control"] == "no-store"
    assert doc["image_url"] == fleet.IMAGE_URL and doc["image_checksum"] == fleet.IMAGE_CHECKSUM
    assert doc["target_disk"] == "/dev/sda" and doc["command_line"] == fleet.COMMAND_LINE
    assert doc["user_data"] == "#cloud-config\nhostname: db\n" and doc["hostname"] == "db-%d" % number
    for event in ("Preparing", "Registering", "Waiting", "Installing", "Booting New Kernel"):
        api.json("POST", "/v1/machines/%s/events" % fleet.machine_uuid(number), {"event": event}, token)
    # the installed system's own token: long-lived, bound to the machine, good for phone home only
    phone_home = doc["phone_home_token"]
    assert phone_home["token"].startswith("mfh1.%s." % fleet.machine_uuid(number))
    assert phone_home["expires_at"] > time.time() + 300 * 24 * 3600
    before = api.dump()
    for method, where, body in (("GET", path, None), ("POST", "/v1/machines/%s/events" % fleet.machine_uuid(number), {"event": "Preparing"}),
                                ("POST", "/v1/machines/%s/report" % fleet.machine_uuid(number), fleet.report(number))):
        expect_error(api.json(method, where, body, phone_home["token"]), 403, "Authorization")
    assert api.dump() == before
    status, _headers, doc = api.json("POST", "/v1/machines/%s/phone-home" % fleet.machine_uuid(number), token=token)
    assert status == 200 and doc["event"] == "Phoned Home" and doc["installed"] is True
    status, _headers, doc = api.json("POST", "/v1/machines/%s/phone-home" % fleet.machine_uuid(number), token=phone_home["token"])
    assert status == 200 and doc["recorded"] is False and doc["installed"] is False
    assert doc["phone_home_token"]["token"].startswith("mfh1.") and doc["phone_home_token"]["expires_at"] >= phone_home["expires_at"]
    # bound to its machine like every token
    expect_error(api.json("POST", "/v1/machines/%s/phone-home" % fleet.machine_uuid(number + 1), token=phone_home["token"]), 403, "Authorization")


# -- auth --------------------------------------------------------------------------------------------------------------
def _tampered(token):
    head, _sep, signature = token.rpartition(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    version, machine, expiry = head.split(".")
    return [head + "." + flipped, "%s.%s.%d.%s" % (version, machine, int(expiry) + 3600, signature), token[:-1], "garbage"]


def test_every_agent_endpoint_refuses_bad_tokens_and_stores_nothing(api):
    number, other = 140, 141
    token, _doc = api.register(number)
    other_token = api.token_of(other)
    machine_id = fleet.machine_uuid(number)
    expired = TokenAuthority(TOKEN_KEY, 60, clock=lambda: time.time() - 3600).issue(machine_id)["token"]
    foreign_key = TokenAuthority(derive_key("another-secret-key-of-another-store"), 600).issue(machine_id)["token"]
    requests = [("POST", "/v1/machines/%s/report" % machine_id, fleet.report(number)),
                ("POST", "/v1/machines/%s/events" % machine_id, {"event": "Preparing"}),
                ("GET", "/v1/machines/%s/events" % machine_id, None),
                ("GET", "/v1/machines/%s/wait?timeout=0" % machine_id, None),
                ("GET", "/v1/machines/%s/install" % machine_id, None),
                ("POST", "/v1/machines/%s/phone-home" % machine_id, None)]
    bad = [(None, 401, "missing"), (expired, 401, "expired"), (other_token, 403, "other machine"),
           (foreign_key, 401, "bad signature")] + [(t, 401, None) for t in _tampered(token)]
    before = api.dump()
    for method, path, body in requests:
        for presented, status, reason in bad:
            code, headers, doc = api.json(method, path, body, presented)
            assert code == status, (method, path, reason, doc)
            assert doc["error"]["field"] == "Authorization"
            if reason:
                assert "(%s)" % reason in doc["error"]["message"]
            if status == 401:
                assert headers["www-authenticate"].startswith("Bearer ")
            if presented:
                assert presented not in json.dumps(doc)
    assert api.dump() == before
    assert api.json("GET", "/v1/machines/%s/events" % machine_id, token=token)[0] == 200


def test_basic_auth_and_token_in_query_are_not_accepted(api):
    number = 142
    token = api.token_of(number)
    path = "/v1/machines/%s/events" % fleet.machine_uuid(number)
    assert api.json("GET", path + "?token=" + token)[0] == 401
    assert api.json("GET", path, headers={"Authorization": "Basic " + token})[0] == 401
    expect_error(api.json("GET", "/v1/machines/not-a-uuid/events", token=token), 400, "uuid")


# -- files -------------------------------------------------------------------------------------------------------------
def test_files_with_ranges(api):
    status, headers, body = api.get("/files/vmlinuz")
    assert status == 200 and body == KERNEL and headers["accept-ranges"] == "bytes"
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=1000-1999"})
    assert status == 206 and body == KERNEL[1000:2000] and headers["content-range"] == "bytes 1000-1999/%d" % len(KERNEL)
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=-10"})
    assert status == 206 and body == KERNEL[-10:]
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=%d-" % (len(KERNEL) - 5)})
    assert status == 206 and body == KERNEL[-5:]
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=0-99999999"})
    assert status == 206 and body == KERNEL
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=%d-" % len(KERNEL)})
    assert status == 416 and headers["content-range"] == "bytes */%d" % len(KERNEL)
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=0-1,5-6"})
    assert status == 200 and body == KERNEL  # several ranges: the whole file
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=10-19", "If-Range": '"stale"'})
    assert status == 200 and body == KERNEL
    status, headers, body = api.get("/files/vmlinuz", headers={"Range": "bytes=10-19", "If-Range": headers["etag"]})
    assert status == 206 and body == KERNEL[10:20]
    status, headers, body = call(api.url, "HEAD", "/files/vmlinuz")
    assert status == 200 and body == b"" and headers["content-length"] == str(len(KERNEL))
    status, headers, body = api.get("/files/images/empty.img")
    assert status == 200 and body == b""
    assert api.get("/files/images/empty.img", headers={"Range": "bytes=0-"})[0] == 416


@pytest.mark.parametrize("path", ["/files/../outside.txt", "/files/%2e%2e/outside.txt", "/files/images/../../outside.txt",
                                  "/files/escape", "/files/images", "/files/missing", "/files/./vmlinuz", "/files//etc/passwd",
                                  "/files/images%2f..%2f..%2foutside.txt"])
def test_files_outside_the_directory_are_not_served(api, path):
    status, _headers, body = api.get(path)
    assert status == 404
    assert b"not served" not in body


# -- health, metrics, errors, logs -------------------------------------------------------------------------------------
def _static_script_count(api) -> int:
    """The static script's request counter in /metrics (0 before the first such request)."""
    status, headers, body = api.get("/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    counted = re.search(r'metalfleet_boot_api_requests_total\{method="GET",route="ipxe_static",status="200"\} ([0-9.e+]+)',
                        body.decode("utf-8"))
    return int(float(counted.group(1))) if counted else 0


def test_health_metrics_and_routing(api):
    status, _headers, doc = api.json("GET", "/healthz")
    assert status == 200 and doc["status"] == "ok" and doc["schema_version"] >= 7
    # the API serves the whole module: count from what earlier tests (in whatever order) left
    before = _static_script_count(api)
    for _index in range(20):
        api.get("/ipxe/boot.ipxe")
    # multiprocess mode: the counts of both workers, whichever answered the scrape
    assert _static_script_count(api) == before + 20
    assert api.boot_script(190)[0] == 200  # an unknown machine: a discovery script
    status, headers, body = api.get("/metrics")
    text = body.decode("utf-8")
    assert "metalfleet_boot_api_request_duration_seconds_bucket" in text
    assert 'metalfleet_boot_api_boot_scripts_total{mode="discovery"}' in text
    error = expect_error(api.json("GET", "/nowhere"), 404)
    assert error["kind"] == "not_found"
    code, headers, doc = api.json("DELETE", "/healthz")
    assert code == 405 and "GET" in headers["allow"]


def test_no_secret_in_the_log(api):
    token = api.token_of(150)
    api.json("GET", "/v1/machines/%s/events" % fleet.machine_uuid(151), token=token)  # refused: logged
    log = api.server.log()
    assert "/ipxe/machine?mac=" in log and "403" in log  # the log is the server's
    assert SECRET not in log
    assert token not in log and token.rpartition(".")[2] not in log
    assert "Bearer" not in log


# -- store failures ----------------------------------------------------------------------------------------------------
def test_store_failure_sqlite_locked_gives_503_and_stores_nothing(tmp_path):
    """A writer holding SQLite's write lock (another process's long transaction) beyond the API's store timeout."""
    import sqlite3

    dsn = "sqlite://" + str(tmp_path / "fleet.db")
    server = BootApiServer(dsn, str(tmp_path), workers=1, threads=2, env={"METALFLEET_BOOT_STORE_TIMEOUT": "0.1"})
    with open_store(parse_location(dsn)) as store:
        fleet.build_partition(store, server.url)
    with server:
        status, _headers, script = call(server.url, "GET", "/ipxe/machine?mac=%s&uuid=%s" % (fleet.machine_mac(1), fleet.machine_uuid(1)))
        token = re.search(rb"metalfleet\.token=(\S+)", script).group(1).decode()
        before = dump_store(dsn)
        blocker = sqlite3.connect(str(tmp_path / "fleet.db"), isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            status, headers, doc = call_json(server.url, "POST", "/v1/machines/%s/report" % fleet.machine_uuid(1), fleet.report(1), token)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert status == 503, doc
        assert headers["retry-after"] == "5" and doc["error"]["kind"] == "store_unavailable"
        assert "Traceback" not in json.dumps(doc)
        assert dump_store(dsn) == before
        status, _headers, doc = call_json(server.url, "POST", "/v1/machines/%s/report" % fleet.machine_uuid(1), fleet.report(1), token)
        assert status == 200 and doc["created"] is True


def test_store_failure_postgresql_stopped_gives_503_then_recovers(tmp_path):
    postgres = PostgresServer(durable=True).start()  # durable: what was committed survives the crash stop
    try:
        dsn = postgres.create_database()
        server = BootApiServer(dsn, str(tmp_path), workers=1, threads=2)
        with open_store(parse_location(dsn)) as store:
            fleet.build_partition(store, server.url)
        with server:
            assert call(server.url, "GET", "/ipxe/machine?mac=%s&uuid=%s" % (fleet.machine_mac(1), fleet.machine_uuid(1)))[0] == 200
            before = dump_store(dsn)
            postgres.halt()
            for path in ("/healthz", "/ipxe/machine?mac=%s&uuid=%s" % (fleet.machine_mac(2), fleet.machine_uuid(2))):
                status, headers, doc = call_json(server.url, "GET", path)
                assert status == 503, doc
                assert headers["retry-after"] == "5" and "Traceback" not in json.dumps(doc)
            postgres.resume()
            assert dump_store(dsn) == before
            assert call(server.url, "GET", "/healthz")[0] == 200
            assert "Traceback" not in server.log()
    finally:
        postgres.stop()


def test_a_configuration_error_stops_gunicorn_naming_the_variable(tmp_path):
    server = BootApiServer("sqlite://" + str(tmp_path / "fleet.db"), str(tmp_path), workers=1, threads=1,
                           env={"METALFLEET_BOOT_API_URL": "ftp://10.0.0.1/"})
    with pytest.raises(RuntimeError) as info:
        server.start(timeout=30)
    assert server.proc.returncode == 3  # gunicorn's "worker failed to boot"
    assert "METALFLEET_BOOT_API_URL: must be an http:// or https:// URL" in str(info.value)
