# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How provisioning events and liveliness are defined, for the modules that show or record them."""
from __future__ import annotations


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options: {}
notes:
  - Provisioning events come from the boot service (the discovery agent and the installed machine's phone home),
    with metal-stack's names and state machine (V(PXE Booting), V(Preparing), V(Registering), V(Waiting),
    V(Installing), V(Booting New Kernel), V(Phoned Home), V(Alive), V(Crashed), V(Planned Reboot),
    V(Machine Reclaim)); each machine keeps its last 100 events. See C(docs/provisioning.md).
  - Liveliness is V(Alive) while the machine sent an event within the last 5 minutes; after that a free machine
    is V(Dead) and an allocated one V(Unknown) (its own operating system may not phone home).
  - A machine that never booted through the boot service has no events; it is shown as V(Alive) with last event
    V(Waiting) (free) or V(Phoned Home) (allocated), as before the boot service existed.
"""
