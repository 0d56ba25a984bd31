# -*- coding: utf-8 -*-
# Copyright (c) 2026 metalfleet contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for the YANG model index: table discovery, row shapes, value kinds, caching."""
from __future__ import annotations

import pytest

from ansible_collections.metalfleet.datacenter.plugins.module_utils._common.errors import DependencyError, NotFoundError
from ansible_collections.metalfleet.datacenter.plugins.module_utils.sonic import yang_schema

pytest.importorskip("libyang", reason="the libyang Python bindings are not installed")

TEST_MODULE = """
module sonic-widget {
  namespace "http://example.com/sonic-widget";
  prefix wdg;
  container sonic-widget {
    container WIDGET {
      list WIDGET_LIST {
        key "name";
        leaf name { type string { pattern "Widget[0-9]+"; } }
        leaf count { type uint16; }
        leaf big { type uint64; }
        leaf enabled { type boolean; }
        leaf-list tags { type string; }
        leaf either { type union { type uint8; type string; } }
      }
      list WIDGET_PORT_LIST {
        key "name port";
        leaf name { type leafref { path "/wdg:sonic-widget/wdg:WIDGET/wdg:WIDGET_LIST/wdg:name"; } }
        leaf port { type string; }
      }
    }
    container WIDGET_GLOBAL {
      container global {
        leaf mode { type enumeration { enum fast; enum slow; } }
      }
    }
    container WIDGET_MAP {
      list WIDGET_MAP_LIST {
        key "name";
        leaf name { type string; }
        list WIDGET_MAP {
          key "from";
          leaf from { type string; }
          leaf to { type uint8; }
        }
      }
    }
  }
}
"""


@pytest.fixture(name="widget_dir")
def fixture_widget_dir(tmp_path):
    (tmp_path / "sonic-widget.yang").write_text(TEST_MODULE)
    yield str(tmp_path)
    yang_schema.clear_schema_cache()


def test_tables_lists_and_containers_are_indexed(widget_dir):
    schema = yang_schema.load_schema(widget_dir)
    assert sorted(schema.tables) == ["WIDGET", "WIDGET_GLOBAL", "WIDGET_MAP"]
    widget = schema.tables["WIDGET"]
    assert widget.module == "sonic-widget"
    assert [row.name for row in widget.lists] == ["WIDGET_LIST", "WIDGET_PORT_LIST"]
    assert [leaf.name for leaf in widget.lists[1].keys] == ["name", "port"]
    assert list(schema.tables["WIDGET_GLOBAL"].containers) == ["global"]
    inner = schema.tables["WIDGET_MAP"].lists[0].inner_map
    assert (inner.name, inner.key.name, inner.value.name) == ("WIDGET_MAP", "from", "to")


def test_leaf_kinds_follow_rfc7951(widget_dir):
    leaves = yang_schema.load_schema(widget_dir).tables["WIDGET"].lists[0].leaves
    assert leaves["count"].kinds == {yang_schema.KIND_INT}
    assert leaves["big"].kinds == {yang_schema.KIND_STRING}
    assert leaves["enabled"].kinds == {yang_schema.KIND_BOOL}
    assert leaves["tags"].is_list and not leaves["count"].is_list
    assert leaves["either"].kinds == {yang_schema.KIND_INT, yang_schema.KIND_STRING}


def test_leafref_key_takes_the_target_type(widget_dir):
    key = yang_schema.load_schema(widget_dir).tables["WIDGET"].lists[1].keys[0]
    assert key.kinds == {yang_schema.KIND_STRING}


def test_row_for_key_splits_on_bar_and_finds_containers(widget_dir):
    widget = yang_schema.load_schema(widget_dir).tables["WIDGET"]
    row, parts = widget.row_for_key("Widget1|Ethernet0")
    assert row.name == "WIDGET_PORT_LIST" and parts == ("Widget1", "Ethernet0")
    assert widget.row_for_key("a|b|c") is None
    row, parts = yang_schema.load_schema(widget_dir).tables["WIDGET_GLOBAL"].row_for_key("global")
    assert row.name == "global" and parts == ()


def test_schema_is_cached_per_directory(widget_dir):
    first = yang_schema.load_schema(widget_dir)
    assert yang_schema.load_schema(widget_dir + "/.") is first
    yang_schema.clear_schema_cache()
    assert yang_schema.load_schema(widget_dir) is not first


def test_missing_directory_and_empty_directory(tmp_path):
    with pytest.raises(NotFoundError, match="not a directory"):
        yang_schema.load_schema(str(tmp_path / "nope"))
    with pytest.raises(NotFoundError, match="no .yang files"):
        yang_schema.load_schema(str(tmp_path))


def test_missing_libyang_raises_dependency_error(monkeypatch, widget_dir):
    monkeypatch.setattr(yang_schema, "HAS_LIBYANG", False)
    with pytest.raises(DependencyError, match="libyang"):
        yang_schema.load_schema(widget_dir)
