# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import psycopg

from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.backends import driver_message
from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location

PASSWORD = "p@ss/w%rd:1 #x"


def test_driver_messages_lose_every_form_of_the_password():
    """What a driver echoes back (a conninfo value, the DSN) is shown without the store's passwords; first line only."""
    location = parse_location("postgresql://fleet:p%40ss%2Fw%25rd%3A1%20%23x@h/db?sslpassword=k%23ey")
    error = psycopg.OperationalError("invalid value 'p@ss/w%rd:1 #x' in postgresql://fleet:p%40ss%2fw%25rd%3a1%20%23x@h, "
                                     "key k#ey\nDETAIL: more")
    assert driver_message(location, error) == "invalid value '********' in postgresql://fleet:********@h, key ********"
    assert driver_message(location, psycopg.OperationalError("")) == "OperationalError"
