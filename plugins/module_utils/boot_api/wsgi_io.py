# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plain-WSGI request and response helpers of the boot API: bounded bodies, JSON, errors as JSON.

Private to the metalfleet.datacenter collection; not a public API.

Bodies: at most :data:`MAX_BODY` bytes are ever read.  A ``Content-Length`` above it is refused with 413 before
a byte of the body is read; a chunked body is read up to the limit plus one byte, and refused when it has more.
Reading waits at most ``timeout`` seconds for the client (408 after that): the socket gunicorn hands over in
``environ["gunicorn.socket"]`` gets that timeout for the read.
"""
from __future__ import annotations

import json
import socket
from urllib.parse import parse_qs

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import ValidationError

MAX_BODY = 1024 * 1024
JSON_TYPE = "application/json"
_REASONS = {200: "OK", 206: "Partial Content", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict",
            411: "Length Required", 413: "Content Too Large", 415: "Unsupported Media Type",
            416: "Range Not Satisfiable", 422: "Unprocessable Content", 500: "Internal Server Error",
            503: "Service Unavailable"}


#: the most characters of an error's message that its status line carries after the standard reason phrase
REASON_DETAIL_MAX = 160


def status_line(code: int, detail: str = "") -> str:
    """``"400 Bad Request"``; with ``detail`` (an error's message) ``"400 Bad Request: <detail>"``, printable ASCII
    only and cut to :data:`REASON_DETAIL_MAX` characters.

    Why: a client that drops error bodies still shows why it was refused.  busybox wget, which the discovery agent
    uses, prints only the status line of a refused request; its Crashed reason then names the field.  HTTP lets the
    reason phrase be any text, and clients must not act on it."""
    reason = _REASONS.get(code, "Unknown")
    if detail:
        detail = "".join(c if " " <= c <= "~" else "?" for c in detail[:REASON_DETAIL_MAX + 1])
        if len(detail) > REASON_DETAIL_MAX:
            detail = detail[:REASON_DETAIL_MAX - 3] + "..."
        reason = "%s: %s" % (reason, detail)
    return "%d %s" % (code, reason)


class HttpError(Exception):
    """An error answered as ``{"error": {"status", "kind", "message", "field"}}`` with the given status."""

    def __init__(self, status: int, message: str, kind: str = "bad_request", field: str | None = None, headers=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.field = field
        self.headers = list(headers)

    @classmethod
    def from_validation(cls, error: ValidationError, status: int = 400) -> "HttpError":
        return cls(status, error.message, "validation", error.field or None)

    def document(self) -> dict:
        error = {"status": self.status, "kind": self.kind, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}


class Request:
    """The parts of a WSGI environ the handlers use."""

    def __init__(self, environ, max_body: int = MAX_BODY, body_timeout: float = 10.0):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = environ.get("PATH_INFO", "") or "/"
        self.max_body = max_body
        self.body_timeout = body_timeout
        self._query = None
        self.params = {}

    @property
    def query(self) -> dict:
        """The query string's parameters, the first value of each (keys and values decoded)."""
        if self._query is None:
            parsed = parse_qs(self.environ.get("QUERY_STRING", ""), keep_blank_values=True)
            self._query = {key: values[0] for key, values in parsed.items()}
        return self._query

    def header(self, name: str) -> str | None:
        key = "HTTP_" + name.upper().replace("-", "_")
        if name.lower() == "content-type":
            key = "CONTENT_TYPE"
        elif name.lower() == "content-length":
            key = "CONTENT_LENGTH"
        return self.environ.get(key)

    def _declared_length(self):
        raw = (self.environ.get("CONTENT_LENGTH") or "").strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise HttpError(400, "Content-Length is not a number", field="Content-Length")
        return int(raw)

    def body(self) -> bytes:
        """The body, at most ``max_body`` bytes (413 above it, 408 when the client is too slow)."""
        declared = self._declared_length()
        chunked = "chunked" in (self.environ.get("HTTP_TRANSFER_ENCODING") or "").lower()
        if declared is not None and declared > self.max_body:
            raise HttpError(413, "the body has %d bytes; at most %d are accepted" % (declared, self.max_body), "too_large", "body")
        if declared is None and not chunked:
            return b""
        want = declared if declared is not None else self.max_body + 1
        stream = self.environ["wsgi.input"]
        sock = self.environ.get("gunicorn.socket")
        previous = sock.gettimeout() if sock is not None else None
        if sock is not None:
            sock.settimeout(self.body_timeout)
        try:
            data = _read_upto(stream, want)
        except (socket.timeout, TimeoutError):
            raise HttpError(408, "the body did not arrive within %g seconds" % self.body_timeout, "timeout", "body") from None
        finally:
            if sock is not None:
                sock.settimeout(previous)
        if len(data) > self.max_body:
            raise HttpError(413, "the body has more than %d bytes" % self.max_body, "too_large", "body")
        return data

    def json(self, field: str = "body"):
        """The body parsed as JSON (an object); 415 for another content type, 400 for malformed JSON."""
        content_type = (self.header("Content-Type") or JSON_TYPE).split(";")[0].strip().lower()
        if content_type != JSON_TYPE:
            raise HttpError(415, "expected Content-Type %s, got %s" % (JSON_TYPE, content_type[:64]), "unsupported_media_type", "Content-Type")
        raw = self.body()
        if not raw:
            raise HttpError(400, "a JSON object is required", "validation", field)
        try:
            doc = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise HttpError(400, "the body is not UTF-8", "validation", field) from None
        except ValueError as exc:
            raise HttpError(400, "malformed JSON: %s" % exc, "validation", field) from None
        if not isinstance(doc, dict):
            raise HttpError(400, "expected a JSON object, got %s" % type(doc).__name__, "validation", field)
        return doc


def _read_upto(stream, want: int) -> bytes:
    parts, have = [], 0
    while have < want:
        chunk = stream.read(min(65536, want - have))
        if not chunk:
            break
        parts.append(chunk)
        have += len(chunk)
    return b"".join(parts)


class Response:
    """A status, headers and a body (bytes, or an iterable for files)."""

    def __init__(self, status: int, body=b"", content_type: str | None = None, headers=()):
        self.status = status
        self.body = body
        self.reason_detail = ""  # what the status line carries after the reason phrase (status_line)
        self.headers = list(headers)
        if content_type:
            self.headers.append(("Content-Type", content_type))
        if isinstance(body, bytes):
            self.headers.append(("Content-Length", str(len(body))))

    @classmethod
    def json(cls, doc, status: int = 200, headers=()) -> "Response":
        return cls(status, json.dumps(doc, sort_keys=True).encode("utf-8"), JSON_TYPE, headers)

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8", headers=()) -> "Response":
        return cls(status, text.encode("utf-8"), content_type, headers)


def error_response(error: HttpError) -> Response:
    response = Response.json(error.document(), error.status, error.headers)
    response.reason_detail = error.message
    return response
