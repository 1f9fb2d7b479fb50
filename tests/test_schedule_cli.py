"""``pmo-xl schedule``: the CSV contract, the table output and the failures."""

from __future__ import annotations

import csv
import sys
import types
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.errors import Location, Problem, ProblemList
from pmo_xl.model.domain import CalendarSpec, Link, Project, ProjectData, Task

from reference_files import find_schedule, schedule_path  # noqa: E402
HEADER = "id,name,early_start,early_finish,late_start,late_finish,total_float_days,free_float_days,critical"
runner = CliRunner()


def test_mspdi_to_csv(tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["schedule", str(schedule_path("mspdi_mpxj_relations_5t.xml")), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    # the five tasks as MS Project computed them (UID 0 left out); Task 5 floats 1 day (4800 tenths of a minute)
    assert lines[1:] == [
        "1,Task 1,2006-09-21T08:00,2006-09-21T17:00,2006-09-21T08:00,2006-09-21T17:00,0,0,true",
        "2,Task 2,2006-09-22T08:00,2006-09-22T17:00,2006-09-22T08:00,2006-09-22T17:00,0,0,true",
        "3,Task 3,2006-09-25T08:00,2006-09-25T17:00,2006-09-25T08:00,2006-09-25T17:00,0,0,true",
        "4,Task 4,2006-09-25T08:00,2006-09-25T17:00,2006-09-25T08:00,2006-09-25T17:00,0,0,true",
        "5,Task 5,2006-09-22T08:00,2006-09-22T17:00,2006-09-25T08:00,2006-09-25T17:00,1,1,false",
    ]


def test_table_and_critical_path_without_out():
    result = runner.invoke(app, ["schedule", str(schedule_path("mspdi_mpxj_relations_5t.xml"))])
    assert result.exit_code == 0, result.output
    assert "Chemin critique 1 (mspdi_mpxj_relations_5t) : 1 → 2 → 3 → 4" in result.output


@pytest.fixture
def fake_workbook_reader(monkeypatch):
    """A stand-in for pmo_xl.io.workbook_reader returning what the test sets."""
    module = types.ModuleType("pmo_xl.io.workbook_reader")
    outcome = types.SimpleNamespace(data=None, problems=ProblemList())
    module.read_project_workbook = lambda path: outcome
    monkeypatch.setitem(sys.modules, "pmo_xl.io.workbook_reader", module)
    return outcome


def test_workbook_with_status_date(tmp_path, fake_workbook_reader):
    book = tmp_path / "projet.xlsx"
    book.write_bytes(b"")
    # A 10d started Mon 2 Nov 2026, 50 % done (Mon 2 - Fri 6); status Wed 11 -> remaining 5 days Wed 11 - Tue 17
    fake_workbook_reader.data = ProjectData(
        Project("PRJ", "Projet", start=date(2026, 11, 2)),
        tasks=[Task("T1", "Analyse", duration_days=10, actual_start=datetime(2026, 11, 2, 8),
                    percent_complete=50),
               Task("T2", "Recette", duration_days=1, predecessors=[Link("T1")])],
        calendars={"Standard": CalendarSpec(holiday_country=None)})
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["schedule", str(book), "--status-date", "2026-11-11", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["early_finish"] == "2026-11-17T17:00"
    assert rows[1]["early_start"] == "2026-11-18T08:00"


def test_workbook_problems_exit_1(tmp_path, fake_workbook_reader, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # a wide console keeps each problem on one line
    book = tmp_path / "projet.xlsx"
    book.write_bytes(b"")
    fake_workbook_reader.problems.append(Problem("durée négative", Location(file=str(book), sheet="Tâches", cell="D7"),
                                                 found="-3", expected="un nombre de jours ≥ 0"))
    result = runner.invoke(app, ["schedule", str(book)])
    assert result.exit_code == 1
    assert "durée négative" in result.output and "D7" in result.output
    # the same table as every command: severity, file, sheet, cell, message, found, expected
    assert "erreur" in result.output and "Tâches" in result.output and "un nombre de jours ≥ 0" in result.output


def test_bad_inputs_exit_1(tmp_path):
    assert runner.invoke(app, ["schedule", str(tmp_path / "absent.xml")]).exit_code == 1
    broken = tmp_path / "broken.xml"
    broken.write_text("<Project xmlns='http://schemas.microsoft.com/project'><Tasks>", encoding="utf-8")
    result = runner.invoke(app, ["schedule", str(broken)])
    assert result.exit_code == 1 and "not well-formed XML" in result.output
    other = tmp_path / "plan.txt"
    other.write_text("x", encoding="utf-8")
    assert runner.invoke(app, ["schedule", str(other)]).exit_code == 1
    # a wrong command line is a usage error
    assert runner.invoke(app, ["schedule", str(broken), "--status-date", "11/11/2026"]).exit_code == 2
