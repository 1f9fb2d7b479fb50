"""``pmo-xl risk``: a project workbook with three-point columns and a risk register, read back and analysed."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.engine.calendar import WorkingCalendar
from pmo_xl.model import CalendarSpec, Link, Project, ProjectData, Risk, Task

from reference_files import schedule_path

runner = CliRunner()


def workbook(tmp_path, risks=(), optimistic=8.0):
    from pmo_xl.io.workbook_writer import write_project_workbook

    tasks = [Task("1", "Analyse", duration_days=10, duration_optimistic_days=optimistic,
                  duration_pessimistic_days=10),
             Task("2", "Recette", duration_days=5, predecessors=[Link("1")], duration_optimistic_days=5,
                  duration_pessimistic_days=5, crash_forbidden=True, overlap_forbidden=True)]
    data = ProjectData(Project("RSK", "Risque", start=date(2026, 3, 2)), tasks=tasks, risks=list(risks),
                       calendars={"Standard": CalendarSpec(holiday_country=None)})
    return write_project_workbook(data, tmp_path / "risque.xlsx")


def test_workbook_columns_read_back_and_drive_the_analysis(tmp_path):
    from pmo_xl.io.workbook_reader import read_project_workbook

    book = workbook(tmp_path, [Risk("R1", "Panne", probability=2, impact=3, likelihood_percent=100, delay_days=2,
                                    task_ids="2")])
    back = read_project_workbook(book).data
    assert (back.task("1").duration_optimistic_days, back.task("1").duration_pessimistic_days) == (8, 10)
    assert back.task("2").crash_forbidden and back.task("2").overlap_forbidden
    assert (back.risks[0].likelihood_percent, back.risks[0].delay_days, back.risks[0].task_ids) == (100, 2, "2")
    result = runner.invoke(app, ["risk", str(book), "--iterations", "2000", "--seed", "4", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # task 1: triangular(8, 10, 10) days, quantile 8 + 2√u; task 2: 5 days + the 2-day risk that always
    # occurs.  P90 = 8 + 2√0.9 + 5 + 2 = 16.897 working days after the start (standard error of the
    # estimate with 2,000 draws: 0.007 day), on the calendar the workbook carries
    calendar = WorkingCalendar.from_spec(back.calendar_for(), library=back.calendars)
    start = datetime(2026, 3, 2, 8)
    p90 = datetime.fromisoformat(report["finish"]["p90"])
    assert calendar.working_minutes_between(start, p90) / 480 == pytest.approx(8 + 2 * 0.9 ** 0.5 + 7, abs=0.05)
    deterministic = datetime.fromisoformat(report["deterministic_finish"])
    assert calendar.working_minutes_between(start, deterministic) / 480 == pytest.approx(15)
    assert report["criticality"] == {"1": 1.0, "2": 1.0}
    again = json.loads(runner.invoke(app, ["risk", str(book), "--iterations", "2000", "--seed", "4",
                                           "--json"]).stdout)
    assert again == report


def test_bad_three_point_estimate_in_the_workbook_is_a_located_error(tmp_path):
    book = workbook(tmp_path, optimistic=12.0)
    result = runner.invoke(app, ["risk", str(book), "--iterations", "10", "--lang", "en"])
    assert result.exit_code == 1
    assert "three-point estimate not in order" in result.stderr
    assert "1: 12 / 10 / 10" in result.stderr


def test_reference_file_json_has_every_output():
    result = runner.invoke(app, ["risk", str(schedule_path("mspdi_mpxj_relations_5t.xml")), "--iterations", "500",
                                 "--seed", "1", "--json", "--distribution", "pert", "--correlation", "0.5"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["finish"]) == {"p10", "p50", "p80", "p90"}
    assert report["finish"]["p10"] <= report["finish"]["p50"] <= report["finish"]["p80"] <= report["finish"]["p90"]
    assert set(report["criticality"]) == {"1", "2", "3", "4", "5"}
    assert set(report["cost"]) == {"deterministic", "p50", "p80"}
    assert report["distribution"] == "pert" and report["iterations"] == 500


def test_a_plan_with_a_cycle_is_refused_with_its_tasks(tmp_path):
    from pmo_xl.io.workbook_writer import write_project_workbook

    data = ProjectData(Project("CYC", "Cycle", start=date(2026, 3, 2)),
                       tasks=[Task("1", "Analyse", duration_days=2, predecessors=[Link("2")]),
                              Task("2", "Recette", duration_days=2, predecessors=[Link("1")])],
                       calendars={"Standard": CalendarSpec(holiday_country=None)})
    book = write_project_workbook(data, tmp_path / "cycle.xlsx")
    result = runner.invoke(app, ["risk", str(book), "--json"])
    assert result.exit_code == 1
    assert sorted(json.loads(result.stdout)["cycle"]) == ["1", "2"]
