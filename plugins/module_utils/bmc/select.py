# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pick the driver for a BMC target: the named one, or for ``auto`` probe Redfish first.

Private to the metalfleet.datacenter collection; not a public API.

``auto`` asks the Redfish service root (``GET /redfish/v1/``) with a short timeout; any
HTTP answer that looks like Redfish (JSON with ``RedfishVersion``, or 401/403 from a
protected root) selects Redfish, anything else (refused, silent, not Redfish) selects IPMI.
"""
from __future__ import annotations

import json
import urllib.error

from ansible.module_utils.urls import ConnectionError as UrlConnectionError  # pylint: disable=redefined-builtin
from ansible.module_utils.urls import open_url

from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.ipmi import IpmiDriver
from ansible_collections.metalfleet.datacenter.plugins.module_utils.bmc.redfish import RedfishDriver

DRIVER_CLASSES = {"ipmi": IpmiDriver, "redfish": RedfishDriver}
PROBE_TIMEOUT = 1.5


def probe_redfish(target, timeout: float | None = None) -> bool:
    """True when a Redfish service root answers at ``target.redfish_url``."""
    timeout = min(target.timeout, PROBE_TIMEOUT) if timeout is None else timeout
    try:
        response = open_url(target.redfish_url + "/redfish/v1/", headers={"Accept": "application/json"}, timeout=timeout,
                            validate_certs=target.verify_tls, use_proxy=False, follow_redirects="none")
        with response:
            body = json.loads(response.read(65536) or b"{}")
            return isinstance(body, dict) and "RedfishVersion" in body
    except urllib.error.HTTPError as error:
        return error.code in (401, 403)
    except (OSError, ValueError, UrlConnectionError):
        return False


def detect_protocol(target) -> str:
    """``ipmi`` or ``redfish`` for the target (probing only when ``driver`` is ``auto``)."""
    if target.driver != "auto":
        return target.driver
    return "redfish" if probe_redfish(target) else "ipmi"


def select_driver(target):
    """A ready-to-use (not yet connected) driver object for ``target``."""
    protocol = detect_protocol(target)
    return DRIVER_CLASSES[protocol](target.with_driver(protocol))
