"""``pmo-xl schedule`` on Primavera P6 files: P6's constraint semantics and the reader's warnings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app

from reference_files import find_schedule, schedule_path  # noqa: E402
runner = CliRunner()


def test_xer_is_scheduled_with_p6_constraint_semantics(tmp_path):
    from pmo_xl.io.xer import read_xer_results

    path = schedule_path("xer_p6_hs2_sp10_3994a.xer")
    out = tmp_path / "hs2.csv"
    result = runner.invoke(app, ["schedule", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        ours = {row["id"]: row for row in csv.DictReader(fh)}
    p6 = read_xer_results(path)
    assert len(ours) == len(p6) == 3994
    same_early_start = sum(ours[row.id]["early_start"] == f"{row.early_start:%Y-%m-%dT%H:%M}"
                           for row in p6.itertuples() if row.early_start == row.early_start)
    # the early start P6 stored, to the minute: 2585 activities with P6's Start On / Finish On semantics
    # (constraints not honoured over the logic); MS Project's "honour constraints" would give 2054
    assert same_early_start >= 2585


def test_xer_reader_warnings_are_printed(monkeypatch):
    # the house plan has one activity whose actual start (2014-02-23 12:00) is after the data date
    # (2013-08-03): the reader warns about it (TASK row 245) and the command prints the warning
    monkeypatch.setenv("COLUMNS", "400")  # a wide console keeps each warning on one line
    result = runner.invoke(app, ["schedule", str(schedule_path("xer_p6_house_198a.xer"))])
    assert result.exit_code == 0, result.output
    assert "Problèmes" in result.output
    assert "actual start after the data date" in result.output
    assert "ligne 245, act_start_date" in result.output and "2014-02-23 12:00" in result.output
    assert "avertissement" in result.output
