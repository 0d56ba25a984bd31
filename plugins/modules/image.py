#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

DOCUMENTATION = r"""
module: image
short_description: Manage operating-system images in the fleet store
version_added: 0.1.0
description:
  - Creates, changes and removes the images machines and firewalls are installed with.
  - The id is C(<os>-<major>.<minor>[.<patch>]), split on its last C(-) (V(firewall-ubuntu-3.0.20240101) is OS
    V(firewall-ubuntu)). It must be written canonically - a leading zero such as V(ubuntu-24.04.20250228) is refused
    with a message naming the corrected id V(ubuntu-24.4.20250228). The patch is usually the build date.
  - Options that are not given keep their stored value. The image's URL is not fetched (no HTTP check).
  - Manages one image (O(id)) or a whole list (O(images)) in one transaction; with O(prune) unlisted images are removed,
    except those machines use.
  - Removing an image that machines use fails naming them.
extends_documentation_fragment:
  - metalfleet.datacenter.store
  - metalfleet.datacenter.attributes
  - metalfleet.datacenter.attributes.actiongroup_fleet
  - metalfleet.datacenter.attributes.full_support
  - metalfleet.datacenter.catalog
options:
  id:
    description:
      - Id of the image, for example V(ubuntu-24.4.20250228). Required unless O(images) is given.
    type: str
  url:
    description: Where the image is downloaded from (http, https or file). Required for a new image.
    type: str
  checksum:
    description: Checksum of the image file, C(<algorithm>:<hex digest>) with md5, sha1, sha256 or sha512.
    type: str
  features:
    description: What the image can be installed as. At least one is required for a new image.
    type: list
    elements: str
    choices: [machine, firewall]
  classification:
    description:
      - V(preview) (the default for a new image), V(supported) or V(deprecated). Resolving an id without patch for a
        machine may be restricted to V(supported) images
        (O(metalfleet.datacenter.image_info#module:supported_only)).
    type: str
    choices: [preview, supported, deprecated]
  expiration:
    description:
      - Date (V(2026-12-31), midnight UTC) or ISO 8601 date-time after which the image counts as expired. A new image
        without one expires 90 days after the day it was created. A changed expiration must not be in the past.
      - Expired images stay usable; the expiration only tells a clean-up which images may go.
    type: str
  images:
    description:
      - Apply a list of images in one transaction. Each entry takes the options O(id) (required), O(name),
        O(description), O(url), O(checksum), O(features), O(classification), O(expiration) and O(state).
      - Errors name the entry, for example C(images[7].id).
    type: list
    elements: dict
seealso:
  - module: metalfleet.datacenter.image_info
author:
  - metalfleet contributors (@metalfleet)
"""

EXAMPLES = r"""
- name: An Ubuntu image
  metalfleet.datacenter.image:
    id: ubuntu-24.4.20250228
    name: Ubuntu 24.04
    url: https://images.metal-stack.io/metal-os/stable/ubuntu/24.04/img.tar.lz4
    features: [machine]
    classification: supported

- name: The complete list of images
  metalfleet.datacenter.image:
    images:
      - id: firewall-ubuntu-3.0.20250301
        url: https://images.metal-stack.io/metal-os/stable/firewall/3.0-ubuntu/img.tar.lz4
        features: [firewall]
      - id: debian-13.0.20250401
        url: https://images.metal-stack.io/metal-os/stable/debian/13/img.tar.lz4
        features: [machine]
    prune: true
"""

RETURN = r"""
image:
  description: The image after the run (as it would be, in check mode); null after removal. Single form only.
  returned: when O(id) is given
  type: dict
  contains:
    os:
      description: Operating system, derived from the id.
      type: str
      sample: ubuntu
    version:
      description: Normalised version C(X.Y.Z), derived from the id.
      type: str
      sample: 24.4.20250228
    expiration:
      description: Expiration as C(YYYY-MM-DDTHH:MM:SSZ).
      type: str
      sample: "2026-06-01T00:00:00Z"
    expired:
      description: Whether the expiration has passed.
      type: bool
images:
  description: The listed images after the run (absent ones left out), in list order.
  returned: when O(images) is given
  type: list
  elements: dict
removed:
  description: Ids of the images O(prune) removed.
  returned: when O(images) is given
  type: list
  elements: str
kept_in_use:
  description: Ids of unlisted images O(prune) kept because machines use them.
  returned: when O(images) is given
  type: list
  elements: str
"""

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.module_runner import FleetModule, run_store_module
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.catalog_module import (
    apply_catalog_params,
    catalog_argument_spec,
    catalog_module_kwargs,
)
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_policy import CLASSIFICATIONS, FEATURES
from ansible_collections.metalfleet.datacenter.plugins.module_utils.catalog.image_store import ImageStore

ENTRY_OPTIONS = {
    "name": {"type": "str"},
    "description": {"type": "str"},
    "url": {"type": "str"},
    "checksum": {"type": "str"},
    "features": {"type": "list", "elements": "str", "choices": list(FEATURES)},
    "classification": {"type": "str", "choices": list(CLASSIFICATIONS)},
    "expiration": {"type": "str"},
}


def main():
    module = FleetModule(argument_spec=catalog_argument_spec(ENTRY_OPTIONS, "images"), **catalog_module_kwargs("images"))
    run_store_module(module, lambda tx: apply_catalog_params(module, ImageStore(tx), ENTRY_OPTIONS, "image"))


if __name__ == "__main__":
    main()
