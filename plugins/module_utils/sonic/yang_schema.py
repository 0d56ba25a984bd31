# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Load a directory of SONiC YANG models once and index them by config_db table.

Private to the metalfleet.datacenter collection; not a public API.

A SONiC model module ``sonic-x`` has one top-level container ``sonic-x``; each
container below it is one config_db table.  A table holds lists (keyed rows,
config_db key ``a|b`` split onto the list's key leaves) and/or containers
(config_db key = container name, e.g. ``DEVICE_METADATA|localhost``).  The
index built here records, for every table, where it lives and how each leaf's
value must be typed in RFC 7951 JSON, so the translator never touches libyang.

Loading is cached per directory: the first call costs a few hundred
milliseconds, later calls are a dictionary lookup.
"""
from __future__ import annotations

import logging
import os
import threading
import traceback
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Tuple

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import (
    DependencyError,
    FleetError,
    NotFoundError,
)

try:
    import libyang
    from libyang.schema import SContainer, SLeaf, SLeafList, SList, Type
except ImportError:
    HAS_LIBYANG = False
    LIBYANG_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_LIBYANG = True
    LIBYANG_IMPORT_ERROR = None

#: value kinds of a leaf, from its (flattened) YANG base types.
KIND_INT = "int"        # int8..int32, uint8..uint32: a JSON number
KIND_BOOL = "bool"      # boolean: JSON true/false
KIND_EMPTY = "empty"    # empty: [null]
KIND_STRING = "string"  # everything else, 64-bit numbers and decimal64 included (RFC 7951 6.1)


@dataclass(frozen=True)
class LeafSpec:
    """How to type one leaf or leaf-list of a table row."""

    name: str
    json_name: str
    kinds: FrozenSet[str]
    is_list: bool = False
    mandatory: bool = False


@dataclass(frozen=True)
class InnerMapSpec:
    """A nested list that turns a row's field/value pairs into entries (DSCP_TO_TC_MAP and friends)."""

    name: str
    key: LeafSpec
    value: LeafSpec


@dataclass(frozen=True)
class RowSpec:
    """A YANG list (keyed rows) or container (one fixed row) of a table."""

    name: str
    keys: Tuple[LeafSpec, ...]
    leaves: Dict[str, LeafSpec]
    inner_map: Optional[InnerMapSpec] = None


@dataclass(frozen=True)
class TableSpec:
    """One config_db table: the module it comes from and its rows."""

    table: str
    module: str
    lists: Tuple[RowSpec, ...]
    containers: Dict[str, RowSpec]

    def row_for_key(self, key: str) -> Optional[Tuple[RowSpec, Tuple[str, ...]]]:
        """The row spec a config_db key belongs to and the key split onto its key leaves, or None."""
        if key in self.containers:
            return self.containers[key], ()
        parts = tuple(key.split("|"))
        for row in self.lists:
            if len(row.keys) == len(parts):
                return row, parts
        return None


@dataclass
class YangSchema:
    """A loaded libyang context and the table index derived from it."""

    yang_dir: str
    context: object
    tables: Dict[str, TableSpec]
    modules: List[str] = field(default_factory=list)

    def check(self, document_json: str, parse_only: bool = False) -> Optional[str]:
        """Parse (and unless ``parse_only`` validate) instance data; None when accepted, else libyang's message."""
        try:
            tree = self.context.parse_data_mem(document_json, "json", no_state=True, strict=True, parse_only=parse_only)
        except libyang.LibyangError as exc:
            return str(exc)
        if tree is not None:
            tree.free()
        return None


_CACHE: Dict[str, YangSchema] = {}
_CACHE_LOCK = threading.Lock()


def require_libyang() -> None:
    """Raise DependencyError when the libyang bindings are missing."""
    if not HAS_LIBYANG:
        raise DependencyError("libyang", LIBYANG_IMPORT_ERROR)


def load_schema(yang_dir: str) -> YangSchema:
    """Return the cached schema of ``yang_dir``, loading every ``*.yang`` file in it on first use."""
    require_libyang()
    real_dir = os.path.realpath(yang_dir)
    with _CACHE_LOCK:
        schema = _CACHE.get(real_dir)
        if schema is None:
            schema = _build_schema(real_dir)
            _CACHE[real_dir] = schema
        return schema


def clear_schema_cache() -> None:
    """Forget every loaded context (tests, or after the model files changed)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _module_names(yang_dir: str) -> List[str]:
    if not os.path.isdir(yang_dir):
        raise NotFoundError(f"yang_dir: {yang_dir} is not a directory")
    names = sorted({entry[:-5].split("@", 1)[0] for entry in os.listdir(yang_dir) if entry.endswith(".yang")})
    if not names:
        raise NotFoundError(f"yang_dir: no .yang files in {yang_dir}")
    return names


def _build_schema(yang_dir: str) -> YangSchema:
    # Route libyang's messages through Python logging: that is what makes libyang add the
    # "Data location" path to the stored error messages we parse (the logger has a NullHandler).
    libyang.configure_logging(True, logging.ERROR)
    context = libyang.Context(yang_dir)
    modules = _module_names(yang_dir)
    for name in modules:
        try:
            context.load_module(name)
        except libyang.LibyangError as exc:
            raise FleetError(f"yang_dir: cannot load YANG module {name} from {yang_dir}: {exc}") from exc
    tables: Dict[str, TableSpec] = {}
    for name in modules:
        for spec in _tables_of_module(context.get_module(name)):
            tables.setdefault(spec.table, spec)
    return YangSchema(yang_dir=yang_dir, context=context, tables=tables, modules=modules)


def _tables_of_module(module) -> List[TableSpec]:
    tops = [node for node in module.children() if isinstance(node, SContainer) and node.name() == module.name()]
    if not tops:
        return []
    specs = []
    for table in tops[0].children():
        if not isinstance(table, SContainer):
            continue
        lists = tuple(_row_spec(node, module.name()) for node in table.children() if isinstance(node, SList))
        containers = {node.name(): _row_spec(node, module.name()) for node in table.children() if isinstance(node, SContainer)}
        if lists or containers:
            specs.append(TableSpec(table=table.name(), module=module.name(), lists=lists, containers=containers))
    return specs


def _row_spec(node, module_name: str) -> RowSpec:
    keys = tuple(_leaf_spec(key, module_name) for key in node.keys()) if isinstance(node, SList) else ()
    key_names = {key.name for key in keys}
    leaves = {}
    inner_map = None
    for child in node.children():
        if isinstance(child, (SLeaf, SLeafList)) and child.name() not in key_names:
            leaves[child.name()] = _leaf_spec(child, module_name)
        elif isinstance(child, SList) and inner_map is None:
            inner_map = _inner_map_spec(child, module_name)
    return RowSpec(name=node.name(), keys=keys, leaves=leaves, inner_map=inner_map)


def _inner_map_spec(node, module_name: str) -> Optional[InnerMapSpec]:
    keys = list(node.keys())
    others = [child for child in node.children() if isinstance(child, SLeaf) and not child.is_key()]
    if len(keys) != 1 or len(others) != 1:
        return None
    return InnerMapSpec(name=node.name(), key=_leaf_spec(keys[0], module_name), value=_leaf_spec(others[0], module_name))


def _leaf_spec(node, module_name: str) -> LeafSpec:
    owner = node.module().name()
    json_name = node.name() if owner == module_name else f"{owner}:{node.name()}"
    return LeafSpec(
        name=node.name(),
        json_name=json_name,
        kinds=frozenset(_kind(base) for base in node.type().bases()),
        is_list=isinstance(node, SLeafList),
        mandatory=bool(node.mandatory()),
    )


def _kind(base: int) -> str:
    if base in (Type.INT8, Type.INT16, Type.INT32, Type.UINT8, Type.UINT16, Type.UINT32):
        return KIND_INT
    if base == Type.BOOL:
        return KIND_BOOL
    if base == Type.EMPTY:
        return KIND_EMPTY
    return KIND_STRING
