# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options shared by the BMC modules (paired with bmc_argument_spec() in module_utils/bmc/module_spec.py)."""
from __future__ import annotations


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  bmc_host:
    description:
      - Address or host name of one BMC to manage.
      - Exactly one of O(bmc_host), O(machine) and O(targets) is required.
    type: str
  bmc_port:
    description:
      - Port of the BMC. Default V(623) (UDP) for IPMI, V(443) or V(80) (by O(redfish_scheme)) for Redfish.
    type: int
  bmc_username:
    description:
      - User name for the BMC.
      - When not set, the environment variable E(METALFLEET_BMC_USERNAME) is used.
      - Set it once for all BMC modules with O(ignore:module_defaults) and the C(group/metalfleet.datacenter.bmc) group.
    type: str
  bmc_password:
    description:
      - Password for the BMC. Never returned or logged.
      - When not set, the environment variable E(METALFLEET_BMC_PASSWORD) is used.
    type: str
  driver:
    description:
      - Protocol. V(auto) asks the Redfish service root first (at most 1.5 s) and falls back to IPMI over LAN.
      - Default V(auto), or the driver stored with the machine for O(machine).
    type: str
    choices: [ipmi, redfish, auto]
  redfish_scheme:
    description: URL scheme of the Redfish service. Default V(https).
    type: str
    choices: [https, http]
  redfish_system:
    description:
      - Id (V(1)) or path (V(/redfish/v1/Systems/1)) of the Redfish ComputerSystem to manage.
      - Needed only when the service has more than one system.
    type: str
  validate_certs:
    description: Whether the TLS certificate of a Redfish service must be valid.
    type: bool
    default: true
  timeout:
    description:
      - Seconds one attempt of one BMC call may take (0 < timeout <= 600). A call never waits longer; a BMC that does
        not answer costs at most O(timeout) times (O(retries) + 1) plus the pauses between attempts (0.2 s doubling,
        at most 2 s each) per call.
    type: float
    default: 10
  retries:
    description:
      - Extra attempts after a transient failure (timeout, unreachable, broken session), with exponential backoff.
        Authentication failures and refusals are never retried.
    type: int
    default: 1
  machine:
    description:
      - Id of a machine in the fleet store; its BMC address, port, driver, user name and password come from the
        machine record (the password decrypted with the secret key).
      - Values stored with the machine win over O(bmc_port), O(bmc_username), O(bmc_password) and O(driver).
    type: str
  targets:
    description:
      - Many BMCs in one task, worked on in parallel by O(workers) threads. Each entry names a BMC by O(targets[].bmc_host)
        or by O(targets[].machine); the entry's own values win over the machine record, which wins over the task's
        top-level options (O(bmc_username), O(timeout), ...).
      - An entry takes the BMC options under the same names as the task (O(targets[].bmc_host),
        O(targets[].bmc_port), O(targets[].bmc_username), O(targets[].bmc_password), O(targets[].driver),
        O(targets[].redfish_scheme), O(targets[].redfish_system)); the short names C(host), C(port), C(username) and
        C(password) are aliases.
      - The result has one entry per target in RV(results), in the order given here.
    type: list
    elements: dict
    suboptions:
      name:
        description: Label of the target in results and messages. Default the machine id or the BMC's address.
        type: str
      bmc_host:
        description: Address of the BMC.
        type: str
        aliases: [host]
      machine:
        description: Id of a machine in the fleet store (instead of O(targets[].bmc_host)).
        type: str
      bmc_port:
        description: Port of the BMC.
        type: int
        aliases: [port]
      bmc_username:
        description: User name for this BMC.
        type: str
        aliases: [username]
      bmc_password:
        description: Password for this BMC (never returned or logged).
        type: str
        aliases: [password]
      driver:
        description: Protocol for this BMC.
        type: str
        choices: [ipmi, redfish, auto]
      redfish_scheme:
        description: URL scheme of this Redfish service.
        type: str
        choices: [https, http]
      redfish_system:
        description: Redfish system of this target.
        type: str
  workers:
    description:
      - Number of BMCs worked on at the same time in a O(targets) run (1-64). A dead BMC occupies one worker for at
        most its own time bound; the others go on.
    type: int
    default: 8
  fail_on_target_error:
    description:
      - In a O(targets) run, whether the task fails when at least one target failed. The results of all targets are
        returned either way; with V(false) check RV(failed_targets).
    type: bool
    default: true
requirements:
  - pyghmi (IPMI over LAN)
  - sushy (Redfish)
notes:
  - Errors name their kind at the start of C(msg) and in C(error) - V(authentication), V(unreachable), V(timeout),
    V(unsupported), V(session), V(bmc_error) - and never contain a traceback or a password.
  - The module runs where the playbook runs (usually the controller, with C(connection=local)) and talks to the BMCs
    from there.
"""

    ACTIONGROUPS = r"""
options: {}
attributes:
  action_group:
    description:
      - Options can be set for all modules of a group with C(module_defaults), for example BMC credentials with
        C(group/metalfleet.datacenter.bmc) and O(store) with C(group/metalfleet.datacenter.fleet).
    support: full
    membership:
      - metalfleet.datacenter.bmc
      - metalfleet.datacenter.fleet
"""
