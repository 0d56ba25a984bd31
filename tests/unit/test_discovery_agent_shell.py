# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The discovery agent's shell functions, run by the host's busybox ash (the same shell as in the ramdisk).

The whole agent runs in QEMU in ``tests/integration/test_discovery_usermode.py``; these check the pieces whose
every branch a machine cannot easily show: checksum forms, JSON reading, partition names, JSON escaping, the
LLDP neighbours parsed from lldptool's output (the captured text of Debian's lldptool 1.1 against lldpd 1.0.16).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess

import pytest

from tests.lab.testos import AGENT_DIR

LIB = os.path.join(AGENT_DIR, "lib", "metalfleet")
BUSYBOX = shutil.which("busybox")
pytestmark = pytest.mark.skipif(BUSYBOX is None, reason="needs busybox (busybox-static, scripts/install-system-deps)")


def ash(script: str, cwd: str):
    prelude = ". %s/common.sh\n. %s/collect.sh\n. %s/install.sh\n. %s/lldp.sh\nMF_ERRLOG=%s/err\n" % (LIB, LIB, LIB, LIB, cwd)
    return subprocess.run([BUSYBOX, "sh", "-c", prelude + script], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def image(tmp_path):
    path = tmp_path / "image"
    path.write_bytes(b"metalfleet test image\n" * 100)
    return str(path), hashlib.sha256(path.read_bytes()).hexdigest(), hashlib.sha512(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("form, ok", [("sha256:{sha256}", True), ("{sha256}", True), ("sha256:{upper}", True),
                                      ("sha512:{sha512}", True), ("sha256:{zeros}", False), ("md5:abc", False), ("", False)])
def test_checksums(image, tmp_path, form, ok):
    path, sha256, sha512 = image
    checksum = form.format(sha256=sha256, upper=sha256.upper(), sha512=sha512, zeros="0" * 64)
    result = ash("mf_verify %s '%s'" % (path, checksum), str(tmp_path))
    assert (result.returncode == 0) is ok, result
    if form == "sha256:{zeros}":
        assert result.stdout.strip() == "image checksum mismatch: expected sha256:%s, got sha256:%s" % ("0" * 64, sha256)
    if form == "md5:abc":
        assert result.stdout.strip() == "unsupported checksum algorithm md5"


def test_json_values_of_the_api_answers(tmp_path):
    (tmp_path / "wait.json").write_text(
        '{"allocated": true, "hostname": "web-1", "mode": "install", "token": {"expires_at": 1796225042, "token": "mf1.x.1.sig"}, '
        '"waited": false}')
    result = ash("echo \"$(mf_json_get wait.json hostname)\"; mf_json_true wait.json allocated && echo allocated; "
                 "mf_json_true wait.json waited || echo not-waited; "
                 "sed -n 's/.*\"token\": *{[^}]*\"token\": *\"\\([^\"]*\\)\".*/\\1/p' wait.json", str(tmp_path))
    assert result.stdout.split() == ["web-1", "allocated", "not-waited", "mf1.x.1.sig"], result


@pytest.mark.parametrize("disk, partition", [("/dev/vda", "/dev/vda1"), ("/dev/sda", "/dev/sda1"), ("/dev/nvme0n1", "/dev/nvme0n1p1"),
                                             ("/dev/mmcblk0", "/dev/mmcblk0p1")])
def test_first_partition_names(tmp_path, disk, partition):
    assert ash("mf_first_partition %s" % disk, str(tmp_path)).stdout.strip() == partition


def test_json_strings_are_escaped_and_bounded(tmp_path):
    result = ash("mf_jstr 'Dell \"Inc\" \\ x'; echo; mf_jstr \"$(printf 'a\\tb')\"; echo; mf_jstr \"$(printf '%0200d' 7)\"", str(tmp_path))
    lines = result.stdout.splitlines()
    assert lines[0] == '"Dell \\"Inc\\" \\\\ x"' and lines[1] == '"ab"' and len(lines[2]) == 122, result


def test_cmdline_values_split_commas_and_repeat(tmp_path):
    script = ("mf_cmdline_values() { for word in $CMDLINE; do case \"$word\" in \"$1=\"*) echo \"${word#*=}\" | tr ',' '\\n' ;; esac; done; }\n"
              "CMDLINE='quiet metalfleet.api=http://a,http://b metalfleet.api=http://c/ metalfleet.api=http://a metalfleet.machine=m "
              "metalfleet.token=t'\n"
              "mf_load_config && echo \"$MF_APIS|$MF_MACHINE|$MF_TOKEN|$MF_RETRIES|$MF_ALIVE\"")
    assert ash(script, str(tmp_path)).stdout.strip() == "http://a http://b http://c|m|t|8|60"


#: ``lldptool -t -n -i eth0`` in the discovery ramdisk, lldpd on the other end (the lab switch's settings)
LLDPTOOL_LAB = """Chassis ID TLV
\tMAC: 9a:1e:e3:89:d5:80
Port ID TLV
\tIfname: tap2
Time to Live TLV
\t4
System Name TLV
\tlab-leaf01
System Description TLV
\tmetalfleet fleet lab switch
Management Address TLV
\tIPv6: fe80::b0dd:1cff:fe28:6d24
\tIfindex: 3
Port Description TLV
\ttap2
End of LLDPDU TLV
"""


def _lldp_json(tmp_path, text):
    (tmp_path / "tlvs").write_text(text)
    result = ash("mf_lldp_json < tlvs", str(tmp_path))
    assert result.returncode == 0 and not result.stderr, result
    return json.loads(result.stdout) if result.stdout else None


def test_lldp_neighbours_of_lldptool_output(tmp_path):
    assert _lldp_json(tmp_path, LLDPTOOL_LAB) == [
        {"mac": "9a:1e:e3:89:d5:80", "name": "tap2", "identifier": "tap2", "hostname": "lab-leaf01"}]
    # a port ID that is a MAC: the identifier, the name from the port description; a chassis ID that is no MAC
    other = LLDPTOOL_LAB.replace("MAC: 9a:1e:e3:89:d5:80", "Local: leaf-7").replace("Ifname: tap2", "MAC: 0c:c4:7a:00:00:01")
    other = other.replace("\ttap2\nEnd", '\tEthernet4 "uplink"\\x\nEnd')
    assert _lldp_json(tmp_path, other) == [
        {"name": 'Ethernet4 "uplink"\\x', "identifier": "0c:c4:7a:00:00:01", "hostname": "lab-leaf01"}]
    assert _lldp_json(tmp_path, "") is None, "no neighbour: nothing, and the NIC gets no neighbors"


def test_lldp_report_without_lldpad_or_with_a_helper_file(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    # no lldpad started (a ramdisk built --without-lldp, or metalfleet.lldp_wait=0): no neighbours, no wait
    result = ash("MF_LLDP_DIR=%s/none; MF_LLDP_WAIT=10; mf_lldp_start; echo rc=$?; mf_lldp_neighbors eth0 1; echo end" % run,
                 str(tmp_path))
    assert result.stdout.split() == ["rc=0", "end"], result
    result = ash("MF_LLDP_DIR=%s/off; MF_LLDP_WAIT=0; mf_lldp_start; ls %s/off; echo end" % (run, run), str(tmp_path))
    assert result.stdout.split() == ["end"], result
    # a helper's /run/lldp/<nic>.json is reported as it is, lldpad or not
    (run / "eth1.json").write_text('[{"mac": "0c:c4:7a:00:00:02", "name": "Ethernet8", "hostname": "leaf02"}]')
    result = ash("MF_LLDP_FILES=%s; MF_LLDP_DIR=%s/none; mf_lldp_neighbors eth1 1; echo; mf_lldp_neighbors eth0 1; echo end" % (run, run),
                 str(tmp_path))
    assert result.stdout.splitlines() == ['[{"mac": "0c:c4:7a:00:00:02", "name": "Ethernet8", "hostname": "leaf02"}]', "end"], result


def test_lldp_wait_from_the_command_line(tmp_path):
    reader = "mf_cmdline_values() { for word in $CMDLINE; do case \"$word\" in \"$1=\"*) echo \"${word#*=}\" ;; esac; done; }\n"
    for line, expected in (("quiet", "5"), ("metalfleet.lldp_wait=3 x", "3"), ("metalfleet.lldp_wait=0", "0"),
                           ("metalfleet.lldp_wait=soon", "5")):
        script = reader + "CMDLINE='%s metalfleet.api=http://a metalfleet.machine=m metalfleet.token=t'\n" % line
        result = ash(script + "mf_load_config; echo $MF_LLDP_WAIT", str(tmp_path))
        assert result.stdout.strip() == expected, (line, result)


def test_lldpad_that_dies_is_named_and_nothing_waits(tmp_path):
    # A stand-in for lldpad that exits at once, as the real one did in a ramdisk without /dev/shm ("error getting
    # shm pid"): that fault needs a broken ramdisk, which no test boots; the real lldpad runs in the QEMU tests.
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "lldpad").write_text("#!/bin/sh\necho '12:00:00.000000 error getting shm pid' >&2\nexit 1\n")
    (fake / "lldptool").write_text("#!/bin/sh\necho 'Failed to connect to lldpad - clif_open: Invalid argument' >&2\nexit 255\n")
    for name in ("lldpad", "lldptool"):
        os.chmod(str(fake / name), 0o755)
    state = tmp_path / "lldp"
    result = ash("PATH=%s:$PATH; MF_LLDP_DIR=%s; MF_LLDP_WAIT=5; mf_lldp_start; echo rc=$?; t0=$(date +%%s); "
                 "mf_lldp_neighbors eth0 1; echo waited=$(($(date +%%s) - t0))" % (fake, state), str(tmp_path))
    assert "rc=1" in result.stdout and "waited=0" in result.stdout, result
    error = (state / "error").read_text()
    assert error.startswith("lldpad does not answer lldptool (lldpad exited: 12:00:00.000000 error getting shm pid"), error
    assert "clif_open: Invalid argument" in error and "metalfleet: LLDP failed: " in result.stdout, result
    assert not (state / "started").exists()
