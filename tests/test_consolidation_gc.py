"""Consolidation pauses Python's cyclic garbage collector and gives it back as it found it."""

from __future__ import annotations

import gc

import pytest

from pmo_xl.service import consolidate as consolidation
from pmo_xl.service.consolidate import cyclic_collection_paused


@pytest.fixture
def collector_enabled():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_collector_paused_inside_and_enabled_again_after(collector_enabled):
    with cyclic_collection_paused():
        assert not gc.isenabled()
        with cyclic_collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it paused for the outer one
    assert gc.isenabled()


def test_collector_left_disabled_when_it_was_disabled(collector_enabled):
    gc.disable()
    with cyclic_collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_collector_enabled_again_after_an_error(collector_enabled):
    with pytest.raises(KeyError):
        with cyclic_collection_paused():
            raise KeyError("boom")
    assert gc.isenabled()


def test_workbooks_read_with_the_collector_paused(collector_enabled, tmp_path, monkeypatch):
    def fake_reader(path, limits=None):  # says, from the worker process, whether the collector runs there
        raise ValueError("collector " + ("on" if gc.isenabled() else "off"))

    monkeypatch.setattr("pmo_xl.io.workbook_reader.read_project_workbook", fake_reader)
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    outcomes = consolidation.read_all(paths, workers=1)
    assert gc.isenabled()
    assert [o.data for o in outcomes] == [None, None]
    assert [o.problems[0].code for o in outcomes] == ["read_failed", "read_failed"]
    assert [o.problems[0].message for o in outcomes] == ["workbook could not be read: collector off"] * 2
