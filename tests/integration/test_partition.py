# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.partition through ansible-playbook, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from tests.support.machines_stub import add_machine

pytestmark = pytest.mark.playbook

MOD = "metalfleet.datacenter.partition"
FRA = {"name": "fra", MOD: {
    "id": "fra-1", "name": "Frankfurt 1", "labels": {"site": "fra"},
    "boot": {"kernel_url": "https://example.com/metal-kernel", "initrd_url": "https://example.com/hammer.img.lz4",
             "command_line": "console=ttyS0,115200n8 ip=dhcp"},
    "dns_servers": ["1.1.1.1", "2001:4860:4860::8888"], "ntp_servers": ["Pool.NTP.org", "192.0.2.123"],
    "mgmt_service_address": "172.17.0.1:50051"}}
BER = {"name": "ber", MOD: {"id": "ber-1", "description": "Berlin"}}


def test_partition_contract(fleet):
    fra, ber = fleet.four_way([FRA, BER], result_keys=["partition"])
    assert fra["partition"]["boot"] == FRA[MOD]["boot"]
    assert fra["partition"]["ntp_servers"] == ["pool.ntp.org", "192.0.2.123"]
    assert fra["partition"]["dns_servers"] == ["1.1.1.1", "2001:4860:4860::8888"]
    assert ber["partition"]["boot"] == {"kernel_url": "", "initrd_url": "", "command_line": ""}
    assert fra["diff"]["before"] == {} and list(fra["diff"]["after"]) == ["partition fra-1"]
    update = {"name": "update", MOD: {"id": "fra-1", "dns_servers": ["9.9.9.9"], "boot": {"command_line": "quiet"}}}
    remove = {"name": "remove", MOD: {"id": "ber-1", "state": "absent"}}
    changed, removed = fleet.four_way([update, remove], result_keys=["partition"])
    after = changed["partition"]
    # options not given keep their value; given ones replace it
    assert after["dns_servers"] == ["9.9.9.9"] and after["ntp_servers"] == ["pool.ntp.org", "192.0.2.123"]
    assert after["boot"]["command_line"] == "quiet" and after["boot"]["kernel_url"] == "https://example.com/metal-kernel"
    assert changed["diff"]["before"]["partition fra-1"]["dns_servers"] == ["1.1.1.1", "2001:4860:4860::8888"]
    assert removed["partition"] is None and removed["diff"]["after"] == {}


def test_list_form_and_prune_keep_what_is_in_use(fleet):
    listed = {"name": "list", MOD: {"partitions": [FRA[MOD], BER[MOD]]}}
    (first,) = fleet.four_way([listed], result_keys=["partitions", "removed", "kept_in_use"])
    assert [p["id"] for p in first["partitions"]] == ["fra-1", "ber-1"]
    assert sorted(first["diff"]["after"]) == ["partition ber-1", "partition fra-1"]
    fleet.run([{"name": "more", MOD: {"partitions": [{"id": "old-1"}, {"id": "old-2"}]}}])
    add_machine(fleet.dsn, "m-1", partition="old-2")
    prune = {"name": "prune", MOD: {"partitions": [{"id": "fra-1"}], "prune": True}}
    predicted = fleet.run([prune], check=True).task("prune")["result"]
    result = fleet.run([prune]).task("prune")["result"]
    assert predicted["removed"] == result["removed"] == ["ber-1", "old-1"]
    assert result["kept_in_use"] == ["old-2"] and any("old-2" in w for w in result.get("warnings", []))
    listing = fleet.run([{"name": "list", "metalfleet.datacenter.partition_info": {}}]).task("list")["result"]
    assert [p["id"] for p in listing["partitions"]] == ["fra-1", "old-2"]


def test_bad_input_names_the_field(fleet):
    fleet.run([FRA, {"name": "net", "metalfleet.datacenter.network": {
        "name": "internet", "partition": "fra-1", "type": "external", "prefixes": ["185.1.2.0/24"]}}])
    fleet.expect_failures([
        ({MOD: {"id": "x", "boot": {"kernel_url": "ftp://example.com/k"}}}, "boot.kernel_url", "not a valid http/https URL"),
        ({MOD: {"id": "x", "dns_servers": ["1.1.1.1", "dns.example.com"]}}, "dns_servers[1]", "not an IP address"),
        ({MOD: {"id": "x", "ntp_servers": ["bad_host!"]}}, "ntp_servers[0]", "neither an IP address nor a DNS name"),
        ({MOD: {"id": "x", "mgmt_service_address": "10.0.0.1"}}, "mgmt_service_address", "host:port"),
        ({MOD: {"id": "bad id"}}, "id", "not a valid id"),
        ({MOD: {"id": "fra-1", "state": "absent"}}, "id", "in use by network internet"),
        ({MOD: {"partitions": [{"id": "ok"}, {"id": "y", "color": "red"}]}}, "partitions[1]", "unknown option color"),
        ({MOD: {"partitions": [{"id": "ok"}, {"id": "y", "boot": {"kernel_url": "nope"}}]}}, "partitions[1].boot.kernel_url", "URL"),
        ({MOD: {"partitions": [{"id": "a"}, {"id": "a"}]}}, "partitions", "listed more than once: a"),
        ({MOD: {"id": "x", "prune": True}}, "prune", "list form only"),
    ])
