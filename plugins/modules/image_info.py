#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: image_info
short_description: List the images of the fleet catalog and resolve an image id such as ubuntu-24.4
version_added: 0.1.0
description:
  - Returns the images matching all given filters, ordered by id.
  - With O(resolve), also picks the image a machine asking for that id gets, exactly as metal-stack does -
    a fully qualified id (patch above 0) must match exactly; otherwise (V(ubuntu-24.4), V(ubuntu-24)) the newest image
    with the same major and minor version is chosen (V(ubuntu-24) therefore means 24.0.x only).
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.info_module
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.catalog.info_filters
options:
  os:
    description: Only images of this operating system (the id without the version), for example V(ubuntu).
    type: str
  feature:
    description: Only images with this feature.
    type: str
    choices: [machine, firewall]
  classification:
    description: Only images of this classification; also restricts O(resolve).
    type: str
    choices: [preview, supported, deprecated]
  resolve:
    description:
      - An image id, possibly partial (V(ubuntu-24.4)), to resolve to one stored image. Fails when none matches.
      - A bare operating system (V(ubuntu), V(firewall-ubuntu)) resolves to the newest image of that OS.
      - Every stored image is a candidate; of the filters only O(classification) applies.
    type: str
  supported_only:
    description:
      - With O(resolve), when the id has no patch consider only V(supported) images (what metal-stack's v2 API does
        when a machine is created with an implicit latest image).
    type: bool
    default: false
seealso:
  - module: metalfleet.datacenter.image
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: Which image does ubuntu-24.4 mean today?
  metalfleet.datacenter.image_info:
    os: ubuntu
    resolve: ubuntu-24.4
  register: ubuntu

- name: Show it
  ansible.builtin.debug:
    msg: "{{ ubuntu.resolved.image.id }} ({{ ubuntu.resolved.reason }})"
"""

RETURN = r"""
images:
  description: Matching images; same shape as the RV(metalfleet.datacenter.image#module:image) result.
  returned: always
  type: list
  elements: dict
resolved:
  description: The outcome of O(resolve).
  returned: when O(resolve) is given
  type: dict
  contains:
    image:
      description: The chosen image.
      type: dict
    reason:
      description: Why it was chosen.
      type: str
      sample: 'image "ubuntu-24.4" resolves to "ubuntu-24.4.20250228": newest ubuntu image matching ~24.4.0'
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule, run_store_module
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.catalog_module import info_argument_spec
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_policy import CLASSIFICATIONS, FEATURES
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore


def main():
    spec = info_argument_spec({
        "os": {"type": "str"},
        "feature": {"type": "str", "choices": list(FEATURES)},
        "classification": {"type": "str", "choices": list(CLASSIFICATIONS)},
        "resolve": {"type": "str"},
        "supported_only": {"type": "bool", "default": False},
    }, labels=False)
    module = FleetModule(argument_spec=spec, supports_check_mode=True)
    params = module.params

    def work(tx):
        images = ImageStore(tx)
        rows = images.rows_filtered(os=params["os"], feature=params["feature"], classification=params["classification"],
                                    ids=params["id"], name=params["name"])
        result = {"images": [images.document(row) for row in rows]}
        if params["resolve"] is not None:
            result["resolved"] = images.resolve(params["resolve"], classification=params["classification"],
                                                supported_only=params["supported_only"])
        return result

    run_store_module(module, work, write=False)


if __name__ == "__main__":
    main()
