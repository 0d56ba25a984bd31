# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""metalfleet.datacenter.sonic_config and the cumulus_to_sonic_port filter through ansible-playbook.

The module does not use the fleet store, so the playbooks run once (no backend matrix).  Reference data
(golden generator cases, platforms, YANG models) comes from $METALFLEET_SHARED; tests that need it skip
with the reason when it is absent.
"""
from __future__ import annotations

import json
import os

import pytest
import yaml

from tests.support.playbook import play, run_playbook

pytestmark = pytest.mark.playbook

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("METALFLEET_SHARED") or os.path.join(os.path.dirname(REPO_ROOT), "shared")
FIXTURES = os.path.join(SHARED, "sonic", "fixtures")
YANG_DIR = os.path.join(SHARED, "sonic", "yang", "all")
GOLDEN_MAC = "aa:aa:aa:aa:aa:aa"
AS4630 = {"platform": "x86_64-accton_as4630_54te-r0", "hwsku": "Accton-AS4630-54TE", "branch": "ec202111", "mac": GOLDEN_MAC,
          "platform_dir": os.path.join(FIXTURES, "device", "x86_64-accton_as4630_54te-r0")}
TEST_PLATFORM = {"interfaces": {
    f"Ethernet{n * 4}": {"index": ",".join([str(n + 1)] * 4), "lanes": ",".join(str(n * 4 + lane) for lane in range(1, 5)),
                         "breakout_modes": {"1x100G[40G]": [f"Eth{n + 1}"], "4x25G[10G]": [f"Eth{n + 1}/{i}" for i in range(1, 5)]}}
    for n in range(4)}}
LEAF = {"hostname": "leaf01", "docker_routing_config_mode": "split", "loopback_address": "10.0.0.11", "bgp_ports": ["Ethernet8", "Ethernet12"],
        "breakouts": {"Ethernet0": "4x25G[10G]"}, "ports": {"default_mtu": 9000},
        "vlans": [{"id": 4000, "ip": "10.255.0.1/24", "dhcp_servers": ["10.255.0.2"], "untagged_ports": ["Ethernet1"]}],
        "vtep": {"enabled": True, "vxlan_tunnel_maps": [{"vni": 104000, "vlan": "Vlan4000"}]}}
FRR_VARS = {"sonic_config_asn": 4200000011, "sonic_config_loopback_address": "10.0.0.11",
            "sonic_config_bgp_ports": ["Ethernet8", "Ethernet12"], "sonic_config_frr_l2vpn_evpn": True}


def need(path):
    if not os.path.exists(path):
        pytest.skip(f"shared SONiC reference data not found at {path} (set METALFLEET_SHARED)")
    return path


def write_yaml(path, data):
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle)
    return str(path)


def run(tmp_path, tasks, **kwargs):
    result = run_playbook(play(tasks), "sqlite://" + str(tmp_path / "unused.db"), str(tmp_path / "work"), **kwargs)
    assert result.returncode == 0, result.stdout[-4000:]
    return result


@pytest.fixture
def platform_dir(tmp_path):
    directory = tmp_path / "platform"
    directory.mkdir()
    (directory / "platform.json").write_text(json.dumps(TEST_PLATFORM), encoding="utf-8")
    return str(directory)


def render_task(name, compat_input, platform_dir, **options):
    args = {"compat_input": compat_input, "platform": "x86_64-test-r0", "hwsku": "Test-4x100G", "mac": "0c:29:ef:aa:00:11",
            "platform_dir": platform_dir}
    args.update(options)
    return {"name": name, "metalfleet.datacenter.sonic_config": args}


def test_writes_once_then_unchanged_check_writes_nothing_and_diff_names_tables(tmp_path, platform_dir):
    need(YANG_DIR)
    dest = tmp_path / "out"
    source = write_yaml(tmp_path / "leaf.yaml", LEAF)
    task = render_task("render", source, platform_dir, frr_vars=FRR_VARS, validate=True, yang_dir=YANG_DIR, dest=str(dest))
    predicted = run(tmp_path, [task], check=True, diff=True).task("render")["result"]
    assert predicted["changed"] is True and not dest.exists(), "check mode wrote files"
    first = run(tmp_path, [task], diff=True).task("render")["result"]
    assert first["changed"] is True and first["files"]["config_db.json"]["changed"] and first["files"]["frr.conf"]["changed"]
    assert first["validation"]["valid"] is True and first["validation"]["errors"] == []
    for key in ("config_db", "frr_conf", "changes", "diff"):
        assert predicted[key] == first[key], f"check mode predicted another {key}"
    assert json.loads((dest / "config_db.json").read_text()) == first["config_db"]
    assert (dest / "frr.conf").read_text() == first["frr_conf"] and "router bgp 4200000011" in first["frr_conf"]
    assert "VLAN|Vlan4000" in first["changes"]["added"] and first["changes"]["removed"] == []
    assert first["diff"][0]["before"] == {} and set(first["diff"][0]["after"]) == set(first["config_db"])
    assert first["config_db"]["PORT"]["Ethernet1"]["lanes"] == "2"
    mtime = os.stat(dest / "config_db.json").st_mtime_ns

    changed_leaf = dict(LEAF, vlans=LEAF["vlans"] + [{"id": 4001}])
    source_2 = write_yaml(tmp_path / "leaf2.yaml", changed_leaf)
    again = render_task("again", source, platform_dir, frr_vars=FRR_VARS, dest=str(dest))
    vlan_added = render_task("vlan added", source_2, platform_dir, frr_vars=FRR_VARS, dest=str(dest))
    runs = run(tmp_path, [again, vlan_added], check=True, diff=True)
    assert runs.task("again")["result"]["changed"] is False and runs.task("again")["result"]["diff"] == []
    added = runs.task("vlan added")["result"]
    assert added["changed"] is True and added["files"]["frr.conf"]["changed"] is False
    assert added["changes"] == {"tables": ["VLAN", "VLAN_INTERFACE"], "added": ["VLAN_INTERFACE|Vlan4001", "VLAN|Vlan4001"],
                                "removed": [], "changed": []}
    (config_diff,) = added["diff"]
    assert set(config_diff["before"]) == {"VLAN", "VLAN_INTERFACE"} and config_diff["after"]["VLAN"]["Vlan4001"] == {"vlanid": "4001"}
    assert os.stat(dest / "config_db.json").st_mtime_ns == mtime, "an unchanged or check-mode run rewrote config_db.json"
    real_again = run(tmp_path, [again]).task("again")["result"]
    assert real_again["changed"] is False and os.stat(dest / "config_db.json").st_mtime_ns == mtime


def _golden_cases():
    if not os.path.isdir(FIXTURES):
        return []
    return sorted(name for name in os.listdir(FIXTURES) if name.startswith("configdb-utils-") and os.path.isfile(os.path.join(FIXTURES, name, "expected.json")))


def _environment(case_dir):
    facts = {}
    with open(os.path.join(case_dir, "sonic-environment"), encoding="utf-8") as handle:
        for line in handle:
            key, _sep, value = line.strip().partition("=")
            facts[key.strip()] = value.strip()
    with open(os.path.join(case_dir, "sonic_version.yml"), encoding="utf-8") as handle:
        facts["branch"] = yaml.safe_load(handle).get("branch", "")
    return facts


def test_compat_fixtures_are_byte_equal_through_the_module(tmp_path):
    cases = _golden_cases()
    if not cases:
        pytest.skip(f"no configdb-utils-* golden cases under {FIXTURES} (set METALFLEET_SHARED)")
    tasks = []
    for case in cases:
        facts = _environment(os.path.join(FIXTURES, case))
        device_dir = os.path.join(FIXTURES, "device", facts["PLATFORM"])
        tasks.append({"name": case, "metalfleet.datacenter.sonic_config": {
            "compat_input": os.path.join(FIXTURES, case, "sonic-config.yaml"), "compat": True, "platform": facts["PLATFORM"],
            "hwsku": facts["HWSKU"], "branch": facts["branch"], "mac": GOLDEN_MAC, "dest": str(tmp_path / case),
            **({"platform_dir": device_dir} if os.path.isdir(device_dir) else {})}})
    run(tmp_path, tasks)
    for case in cases:
        with open(os.path.join(FIXTURES, case, "expected.json"), "rb") as handle:
            expected = handle.read()
        assert (tmp_path / case / "config_db.json").read_bytes() == expected, f"{case}: config_db.json differs from expected.json"


def test_bad_input_fails_naming_the_field(tmp_path, platform_dir):
    conflict_dir = tmp_path / "conflict"
    conflict_dir.mkdir()
    bad_platform = json.loads(json.dumps(TEST_PLATFORM))
    bad_platform["interfaces"]["Ethernet0"]["lanes"] = "1,2,2,4"
    (conflict_dir / "platform.json").write_text(json.dumps(bad_platform), encoding="utf-8")
    cases = [
        ("unknown port", dict(LEAF, ports={"list": [{"name": "Ethernet99"}]}), platform_dir, "ports.list[0].name", "Ethernet99"),
        ("lane conflict", LEAF, str(conflict_dir), "interfaces.Ethernet0.lanes", "lane conflict"),
        ("breakout mode the platform lacks", dict(LEAF, breakouts={"Ethernet4": "8x10G"}), platform_dir, "breakouts.Ethernet4", "8x10G"),
        ("VLAN out of range", dict(LEAF, vlans=[{"id": 4095}]), platform_dir, "vlans[0].id", "out of range"),
        ("duplicate VNI", dict(LEAF, vlans=LEAF["vlans"] + [{"id": 4001}], vtep={"vxlan_tunnel_maps": [
            {"vni": 104000, "vlan": "Vlan4000"}, {"vni": 104000, "vlan": "Vlan4001"}]}), platform_dir, "vtep.vxlan_tunnel_maps[1].vni", "duplicate VNI"),
        ("address without prefix length", dict(LEAF, mgmt_interface={"ip": "192.168.0.11"}), platform_dir, "mgmt_interface.ip", "prefix length"),
    ]
    tasks = []
    for name, values, platform, _field, _part in cases:
        task = render_task(name, write_yaml(tmp_path / (name.replace(" ", "_") + ".yaml"), values), platform, dest=str(tmp_path / "never"))
        tasks.append(dict(task, ignore_errors=True))
    outcome = run(tmp_path, tasks)
    for name, _values, _platform, field, part in cases:
        result = outcome.task(name)
        assert result["status"] == "ignored", f"{name} did not fail: {result['result']}"
        assert result["result"]["field"] == field and field in result["result"]["msg"], f"{name}: {result['result']}"
        assert part in result["result"]["msg"], f"{name}: expected {part!r} in {result['result']['msg']}"
    assert not (tmp_path / "never").exists(), "a failed render wrote files"


def test_yang_failure_names_table_key_and_field_and_allow_list_applies(tmp_path):
    need(YANG_DIR)
    case = os.path.join(need(os.path.join(FIXTURES, "configdb-utils-3")), "sonic-config.yaml")
    # the golden input with the reference's quirk: a VLAN address without prefix length, rendered in compat mode
    with open(case, encoding="utf-8") as handle:
        values = yaml.safe_load(handle)
    values["vlans"][0]["ip"] = "10.1.1.1"
    source = write_yaml(tmp_path / "quirk.yaml", values)
    base = dict(AS4630, compat_input=source, compat=True, validate=True, yang_dir=YANG_DIR)
    tasks = [
        {"name": "invalid", "ignore_errors": True, "metalfleet.datacenter.sonic_config": dict(base, dest=str(tmp_path / "never"))},
        {"name": "allowed", "metalfleet.datacenter.sonic_config": dict(base, allow_list=["VLAN_INTERFACE|Vlan1001|10.1.1.1"])},
    ]
    outcome = run(tmp_path, tasks)
    failed = outcome.task("invalid")["result"]
    assert outcome.task("invalid")["status"] == "ignored" and failed["field"] == "validate"
    assert "VLAN_INTERFACE|Vlan1001|10.1.1.1" in failed["msg"]
    assert failed["validation"]["valid"] is False
    assert {(e["table"], e["key"]) for e in failed["validation"]["errors"]} == {("VLAN_INTERFACE", "Vlan1001|10.1.1.1")}
    allowed = outcome.task("allowed")["result"]["validation"]
    assert allowed["valid"] is True and [(a["table"], a["key"]) for a in allowed["allowed"]] == [("VLAN_INTERFACE", "Vlan1001|10.1.1.1")]
    assert not (tmp_path / "never").exists()


def test_cumulus_to_sonic_port_filter(tmp_path, platform_dir):
    tasks = [{"name": "translate", "ansible.builtin.set_fact": {
        "by_dir": "{{ ['swp1', 'swp2', 'swp4'] | map('metalfleet.datacenter.cumulus_to_sonic_port', '%s') | list }}" % platform_dir,
        "by_data": "{{ 'swp1s1' | metalfleet.datacenter.cumulus_to_sonic_port(platform_data, breakouts={'Ethernet0': '4x25G[10G]'}) }}",
        "unknown": "{{ 'swp9' | metalfleet.datacenter.cumulus_to_sonic_port(platform_data) }}"}, "ignore_errors": True},
        {"name": "known", "ansible.builtin.set_fact": {
            "by_dir": "{{ ['swp1', 'swp2', 'swp4'] | map('metalfleet.datacenter.cumulus_to_sonic_port', '%s') | list }}" % platform_dir,
            "by_data": "{{ 'swp1s1' | metalfleet.datacenter.cumulus_to_sonic_port(platform_data, breakouts={'Ethernet0': '4x25G[10G]'}) }}"}}]
    outcome = run(tmp_path, tasks, extra_vars={"platform_data": TEST_PLATFORM})
    assert outcome.task("translate")["status"] == "ignored" and "unknown port swp9" in outcome.task("translate")["result"]["msg"]
    facts = outcome.task("known")["result"]["ansible_facts"]
    assert facts == {"by_dir": ["Ethernet0", "Ethernet4", "Ethernet12"], "by_data": "Ethernet1"}
