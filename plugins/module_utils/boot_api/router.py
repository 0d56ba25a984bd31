# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny router: ``(method, path pattern) -> handler``, path parameters as named groups.

Private to the metalfleet.datacenter collection; not a public API.

Patterns are written like ``/v1/machines/{uuid}/report``: ``{name}`` matches one path segment (no ``/``),
``{name:path}`` the rest of the path.  Each route also has a short name (``report``) used as the metrics label,
so label values never come from the client.  An unknown path is 404; a known path with another method is 405
with ``Allow``; ``HEAD`` is served by a ``GET`` route.
"""
from __future__ import annotations

import re

from ansible_collections.metalfleet.datacenter.plugins.module_utils.boot_api.wsgi_io import HttpError

_PARAMETER = re.compile(r"\{([a-z_]+)(:path)?\}")


def _compile(pattern: str):
    def group(match):
        return "(?P<%s>%s)" % (match.group(1), ".+" if match.group(2) else "[^/]+")
    return re.compile("^" + _PARAMETER.sub(group, pattern) + "$")


class Router:
    def __init__(self):
        self._routes = []

    def add(self, method: str, pattern: str, name: str, handler) -> None:
        self._routes.append((method.upper(), _compile(pattern), name, handler))

    def resolve(self, method: str, path: str):
        """``(route name, handler, parameters)``; raises HttpError 404 or 405."""
        allowed = []
        for route_method, regex, name, handler in self._routes:
            match = regex.match(path)
            if not match:
                continue
            if route_method == method or (method == "HEAD" and route_method == "GET"):
                return name, handler, match.groupdict()
            allowed.append(route_method)
        if allowed:
            if "GET" in allowed:
                allowed.append("HEAD")
            raise HttpError(405, "method %s is not allowed here" % method[:16], "method_not_allowed",
                            headers=[("Allow", ", ".join(sorted(set(allowed))))])
        raise HttpError(404, "no such endpoint", "not_found", "path")
