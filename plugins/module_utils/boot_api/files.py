# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Kernels, ramdisks and images from the boot files directory, with HTTP range requests.

Private to the metalfleet.datacenter collection; not a public API.

Paths: the request's path below ``/files/`` is split into segments; empty, ``.`` and ``..`` segments, NUL and
backslashes are refused (404, the same answer as for a file that does not exist, so nothing about the file system
outside the directory can be learnt), and the resolved path (symbolic links followed) must stay inside the
directory.  Only regular files are served.

Ranges (RFC 9110 14): one range ``bytes=a-b``, ``bytes=a-`` or ``bytes=-n`` gives 206 with ``Content-Range``; a
range that starts beyond the end gives 416 with ``Content-Range: bytes */<size>``; several ranges, or a header
that is not a bytes range, are ignored (200 with the whole file, which RFC 9110 allows).  ``If-Range`` with a
validator that does not match gives the whole file.  The body is sent with the server's ``wsgi.file_wrapper``
(gunicorn uses ``sendfile``), from the range's start for its length.
"""
from __future__ import annotations

import email.utils
import mimetypes
import os
import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.wsgi_io import HttpError, Response

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
BLOCK = 256 * 1024


def resolve(root: str, relative: str) -> str:
    """The real path of ``relative`` inside ``root``; HttpError 404 for anything else."""
    missing = HttpError(404, "no such file", "not_found", "path")
    if not relative or "\x00" in relative or "\\" in relative:
        raise missing
    segments = relative.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        raise missing
    path = os.path.realpath(os.path.join(root, *segments))
    if os.path.commonpath([root, path]) != root or not os.path.isfile(path):
        raise missing
    return path


def parse_range(header: str | None, size: int):
    """``(start, end)`` inclusive for a satisfiable single range, None to send everything; HttpError 416 when the
    range cannot be satisfied."""
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # suffix: the last n bytes
        length = int(last)
        if length == 0 or size == 0:
            raise _unsatisfiable(size)
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # invalid: ignored (RFC 9110 14.1.1)
    if start >= size:
        raise _unsatisfiable(size)
    return start, min(end, size - 1)


def _unsatisfiable(size: int) -> HttpError:
    return HttpError(416, "the range is not satisfiable: the file has %d bytes" % size, "range", "Range",
                     headers=[("Content-Range", "bytes */%d" % size)])


def _validators(stat):
    etag = '"%x-%x"' % (stat.st_mtime_ns, stat.st_size)
    return etag, email.utils.formatdate(stat.st_mtime, usegmt=True)


class _FileRange:
    """An iterator over ``length`` bytes of ``handle`` from its current position (the fallback without a file wrapper)."""

    def __init__(self, handle, length: int):
        self.filelike = handle
        self.remaining = length

    def __iter__(self):
        return self

    def __next__(self):
        if self.remaining <= 0:
            raise StopIteration
        chunk = self.filelike.read(min(BLOCK, self.remaining))
        if not chunk:
            raise StopIteration
        self.remaining -= len(chunk)
        return chunk

    def close(self):
        self.filelike.close()


def file_response(request, root: str, relative: str) -> Response:
    path = resolve(root, relative)
    handle = open(path, "rb")  # closed by the WSGI server through the body's close()
    try:
        stat = os.fstat(handle.fileno())
        etag, modified = _validators(stat)
        size = stat.st_size
        wanted = request.header("Range")
        if_range = request.header("If-Range")
        if if_range and if_range.strip() not in (etag, modified):
            wanted = None
        span = parse_range(wanted, size)
    except BaseException:
        handle.close()
        raise
    headers = [("Accept-Ranges", "bytes"), ("ETag", etag), ("Last-Modified", modified)]
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if span is None:
        status, start, length = 200, 0, size
    else:
        status, start, length = 206, span[0], span[1] - span[0] + 1
        headers.append(("Content-Range", "bytes %d-%d/%d" % (span[0], span[1], size)))
    headers += [("Content-Type", content_type), ("Content-Length", str(length))]
    if request.method == "HEAD":
        handle.close()
        return Response(status, [], headers=headers)  # a list body: the Content-Length above stays the file's
    handle.seek(start)
    wrapper = request.environ.get("wsgi.file_wrapper")
    body = _FileRange(handle, length)
    if wrapper is not None and start + length == size:
        # gunicorn's wrapper sends from the current offset for the response's Content-Length (sendfile)
        body = wrapper(handle, BLOCK)
    return Response(status, body, headers=headers)
