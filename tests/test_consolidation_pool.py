"""When consolidation reads the project workbooks with a process pool, and when in its own process."""

from __future__ import annotations

from datetime import date

import pytest

from pmo_xl.service import consolidate as consolidation


class RecordingPool:
    """Stands in for ProcessPoolExecutor: runs the tasks here and records that a pool was asked for."""

    created: list[int] = []

    def __init__(self, max_workers: int):
        RecordingPool.created.append(max_workers)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def map(self, function, items, chunksize=1):
        return [function(item) for item in items]


@pytest.fixture
def pool(monkeypatch):
    RecordingPool.created = []
    monkeypatch.setattr(consolidation, "ProcessPoolExecutor", RecordingPool)
    monkeypatch.setattr(consolidation, "_warm_up", lambda status_date, overrides: None)
    monkeypatch.setattr(consolidation, "read_one", lambda path, **options: (path.name, options["status_date"]))
    return RecordingPool


def _files(tmp_path, count):
    return [tmp_path / f"P{n}.xlsx" for n in range(count)]


def test_reading_only_with_two_workers_stays_in_process(tmp_path, pool):
    outcomes = consolidation.read_all(_files(tmp_path, 10), workers=2)
    assert pool.created == []
    assert outcomes == [(f"P{n}.xlsx", None) for n in range(10)]


def test_reading_only_with_three_workers_uses_the_pool(tmp_path, pool):
    consolidation.read_all(_files(tmp_path, 10), workers=3)
    assert pool.created == [3]


def test_earned_value_with_two_workers_uses_the_pool(tmp_path, pool):
    day = date(2026, 10, 30)
    outcomes = consolidation.read_all(_files(tmp_path, 10), workers=2, status_date=day)
    assert pool.created == [2]
    assert outcomes == [(f"P{n}.xlsx", day) for n in range(10)]  # in the order of the files


def test_few_workbooks_or_one_worker_stay_in_process(tmp_path, pool):
    day = date(2026, 10, 30)
    consolidation.read_all(_files(tmp_path, 3), workers=8, status_date=day)
    consolidation.read_all(_files(tmp_path, 10), workers=1, status_date=day)
    assert pool.created == []
