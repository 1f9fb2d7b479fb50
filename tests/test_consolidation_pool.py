"""Consolidation reads each project workbook in an isolated worker process, results in the order of the files."""

from __future__ import annotations

import os
from datetime import date

import pytest

from pmo_xl.service import consolidate as consolidation


def _reader_pid(path, **options):
    return path.name, options["status_date"], os.getpid()


def test_workbooks_are_read_in_worker_processes_in_file_order(tmp_path, monkeypatch):
    monkeypatch.setattr(consolidation, "read_one", _reader_pid)
    day = date(2026, 10, 30)
    files = [tmp_path / f"P{n}.xlsx" for n in range(7)]
    outcomes = consolidation.read_all(files, workers=2, status_date=day)
    assert [(name, status) for name, status, _ in outcomes] == [(f"P{n}.xlsx", day) for n in range(7)]
    pids = {pid for _, _, pid in outcomes}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_failed_read_is_one_located_problem(tmp_path, monkeypatch):
    def reader(path, **options):
        if path.stem == "P1":
            os.abort()
        return path.name

    monkeypatch.setattr(consolidation, "read_one", reader)
    outcomes = consolidation.read_all([tmp_path / "P0.xlsx", tmp_path / "P1.xlsx", tmp_path / "P2.xlsx"], workers=1)
    assert outcomes[0] == "P0.xlsx" and outcomes[2] == "P2.xlsx"
    [problem] = outcomes[1].problems
    assert (problem.code, problem.location.file) == ("read_memory", str(tmp_path / "P1.xlsx"))
