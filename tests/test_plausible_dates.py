"""Dates far from the project's own dates, and zero-day work tasks that carry a cost.

The project runs from 02/03/2026 (card start, first baseline) to 30/06/2027
(card baseline finish); every other date of its workbook lies in between, so
its span is 02/03/2026 to 30/06/2027 and, with the default window of 10
years, a date is plausible from 02/03/2016 to 30/06/2037.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pmo_xl.i18n import problem_expected, problem_message
from pmo_xl.io.date_window import add_years, project_span
from pmo_xl.io.master.config import read_master_inputs
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.safe_read import ReadLimits
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model import Action, Link, Project, ProjectData, Task

import hostile_corpus as corpus

EXPECTED_WINDOW = ("a date between 02/03/2016 and 30/06/2037 "
                   "(10 years around the project's dates, 02/03/2026 to 30/06/2027)")


def _project() -> ProjectData:
    project = Project(code="WIN", name="Fenêtre", start=date(2026, 3, 2), status_date=date(2026, 10, 30),
                      baseline_start=date(2026, 3, 2), baseline_finish=date(2027, 6, 30))
    tasks = [
        Task("1", "Cadrage", duration_days=5, cost=4000.0,
             baseline_start=datetime(2026, 3, 2, 8), baseline_finish=datetime(2026, 3, 6, 17)),
        Task("2", "Réalisation", duration_days=20, predecessors=[Link("1")], cost=30000.0,
             baseline_start=datetime(2026, 3, 9, 8), baseline_finish=datetime(2026, 4, 3, 17)),
        Task("3", "Mise en production", duration_days=0, milestone=True, predecessors=[Link("2")],
             deadline=datetime(2027, 6, 30, 17)),
    ]
    actions = [Action("a1", "Valider le cadrage", owner="Salma B.", due_date=date(2026, 10, 15),
                      raised_on=date(2026, 9, 1))]
    return ProjectData(project, tasks, actions=actions)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_project_workbook(_project(), tmp_path_factory.mktemp("window") / "WIN.xlsx")


def _edited(source: Path, target: Path, sheet: str, values: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(source)
    for ref, value in values.items():
        book[sheet][ref] = value
    book.save(target)
    return target


def _task_cell(source: Path, header: str, task_row: int) -> str:
    return corpus.cell_of(source, "Tâches", header, row_offset=task_row)


def test_the_workbook_as_written_has_no_date_problem(source):
    result = read_project_workbook(source)
    assert not [p for p in result.problems if p.code in ("date_outside_project", "implausible_date")]
    assert len(result.data.tasks) == 3


def test_a_mistyped_year_is_an_error_on_its_cell_in_both_languages(tmp_path, source):
    deadline = _task_cell(source, "Échéance", 2)
    damaged = _edited(source, tmp_path / "typo.xlsx", "Tâches", {deadline: datetime(2062, 3, 31)})
    result = read_project_workbook(damaged)
    [problem] = [p for p in result.problems if p.code == "date_outside_project"]
    assert problem.is_error
    assert (problem.location.sheet, problem.location.cell) == ("Tâches", deadline)
    assert problem.found == "31/03/2062"
    assert problem.expected == EXPECTED_WINDOW
    assert problem_message(problem, "en") == "date too far from the project's dates"
    assert problem_message(problem, "fr") == "date trop éloignée des dates du projet"
    assert problem_expected(problem, "fr") == ("une date entre le 02/03/2016 et le 30/06/2037 "
                                               "(10 ans autour des dates du projet, du 02/03/2026 au 30/06/2027)")
    assert [task.id for task in result.data.tasks] == ["1", "3"]  # the row of the bad cell is left out


def test_the_window_ends_ten_years_after_the_planned_finish(tmp_path, source):
    deadline = _task_cell(source, "Échéance", 1)
    last_day = _edited(source, tmp_path / "last.xlsx", "Tâches", {deadline: datetime(2037, 6, 30)})
    assert not [p for p in read_project_workbook(last_day).problems if p.code == "date_outside_project"]
    day_after = _edited(source, tmp_path / "after.xlsx", "Tâches", {deadline: datetime(2037, 7, 1)})
    [problem] = [p for p in read_project_workbook(day_after).problems if p.code == "date_outside_project"]
    assert (problem.location.cell, problem.found) == (deadline, "01/07/2037")


def test_mistyped_dates_on_both_sides_neither_stretch_the_span_nor_hide_each_other(tmp_path, source):
    early = _task_cell(source, "Date de contrainte", 1)
    late = _task_cell(source, "Échéance", 2)
    action_due = corpus.cell_of(source, "Actions", "Échéance", row_offset=1)
    book = openpyxl.load_workbook(source)
    book["Tâches"][early] = datetime(2006, 3, 2)
    book["Tâches"][late] = datetime(2062, 3, 31)
    book["Actions"][action_due] = datetime(2016, 3, 1)  # one day before the window opens
    book.save(tmp_path / "both.xlsx")
    result = read_project_workbook(tmp_path / "both.xlsx")
    found = sorted((p.location.sheet, p.location.cell, p.found) for p in result.problems
                   if p.code == "date_outside_project")
    assert found == [("Actions", action_due, "01/03/2016"), ("Tâches", early, "02/03/2006"),
                     ("Tâches", late, "31/03/2062")]
    assert {p.expected for p in result.problems if p.code == "date_outside_project"} == {EXPECTED_WINDOW}


def test_a_mistyped_year_on_the_project_card_is_an_error_there(tmp_path, source):
    book = openpyxl.load_workbook(source)
    card = book["Projet"]
    cell = next(c for row in card.iter_rows() for c in row if c.value == datetime(2027, 6, 30))
    cell.value = datetime(2072, 6, 30)
    book.save(tmp_path / "card.xlsx")
    result = read_project_workbook(tmp_path / "card.xlsx")
    [problem] = [p for p in result.problems if p.code == "date_outside_project"]
    assert (problem.location.sheet, problem.location.cell, problem.found) == ("Projet", cell.coordinate,
                                                                             "30/06/2072")
    # without the card's finish, the span ends on the milestone's deadline, 30/06/2027, as before
    assert problem.expected == EXPECTED_WINDOW
    assert result.data.project.baseline_finish is None


def test_a_shorter_window_from_the_read_limits(tmp_path, source):
    deadline = _task_cell(source, "Échéance", 2)
    edited = _edited(source, tmp_path / "short.xlsx", "Tâches", {deadline: datetime(2030, 7, 1)})
    assert not read_project_workbook(edited).problems.has_errors  # within 10 years
    result = read_project_workbook(edited, ReadLimits(date_window_years=3))
    [problem] = [p for p in result.problems if p.code == "date_outside_project"]
    # the span is 02/03/2026 to 30/06/2027 (2030 is more than 3 years from the median): 3 years on, 30/06/2030
    assert problem.expected == ("a date between 02/03/2023 and 30/06/2030 "
                                "(3 years around the project's dates, 02/03/2026 to 30/06/2027)")


def test_a_placeholder_is_still_no_date_and_does_not_count_in_the_span(tmp_path, source):
    deadline = _task_cell(source, "Échéance", 2)
    edited = _edited(source, tmp_path / "ph.xlsx", "Tâches", {deadline: "31/12/9999"})
    result = read_project_workbook(edited)
    assert [p.code for p in result.problems] == ["placeholder_date"]
    assert result.data.tasks[1].deadline is None


def test_the_span_is_the_bulk_of_the_dates():
    dates = [date(2026, 3, 2), date(2026, 6, 1), date(2027, 6, 30), date(2062, 3, 31), date(1995, 1, 1)]
    # median 01/06/2026; 2062 and 1995 are more than 10 years from it
    assert project_span(dates, 10) == (date(2026, 3, 2), date(2027, 6, 30))
    assert project_span([], 10) is None
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)


def _master_with_parameter(tmp_path: Path, key: str, value: object) -> Path:
    master = write_master_template(tmp_path / "maitre.xlsx")
    book = openpyxl.load_workbook(master)
    sheet = book["Config"]
    table = sheet.tables["tblParametres"]
    first, last = table.ref.split(":")
    last_row = sheet[last].row + 1
    sheet.cell(last_row, sheet[first].column, key)
    sheet.cell(last_row, sheet[first].column + 2, value)
    table.ref = f"{first}:{sheet[last].column_letter}{last_row}"
    book.save(master)
    return master


def test_the_window_is_a_config_parameter(tmp_path):
    master = _master_with_parameter(tmp_path, "date_window_years", 4)
    inputs = read_master_inputs(master)
    assert inputs.config.read_limits.date_window_years == 4
    assert not inputs.problems


def test_a_window_that_is_not_a_positive_number_is_refused_on_its_cell(tmp_path):
    master = _master_with_parameter(tmp_path, "date_window_years", "dix")
    inputs = read_master_inputs(master)
    [problem] = inputs.problems
    assert (problem.code, problem.found) == ("invalid_config", "dix")
    assert inputs.config.read_limits.date_window_years == 10


# -- zero-day work tasks that carry a cost ------------------------------------------
def test_a_zero_day_task_with_a_cost_is_a_warning_on_its_cost_cell(tmp_path, source):
    duration = _task_cell(source, "Durée (j)", 1)
    cost = _task_cell(source, "Coût", 1)
    edited = _edited(source, tmp_path / "zero.xlsx", "Tâches", {duration: 0})
    result = read_project_workbook(edited)
    [problem] = [p for p in result.problems if p.code == "zero_duration_cost"]
    assert not problem.is_error
    assert (problem.location.sheet, problem.location.cell, problem.found) == ("Tâches", cost, "4000")
    assert problem_message(problem, "fr") == "coût sur une tâche de durée nulle qui n'est pas un jalon"
    assert problem_expected(problem, "fr") == "une durée de plus de 0 jour, ou la tâche marquée comme jalon"
    assert result.data.tasks[0].cost == 4000.0  # read, not dropped


def test_an_actual_cost_on_a_zero_day_task_is_a_warning_too(tmp_path, source):
    duration = _task_cell(source, "Durée (j)", 2)
    actual = _task_cell(source, "Coût réel", 2)
    cost = _task_cell(source, "Coût", 2)
    edited = _edited(source, tmp_path / "actual.xlsx", "Tâches", {duration: 0, cost: None, actual: 1250})
    result = read_project_workbook(edited)
    assert [(p.location.cell, p.found) for p in result.problems if p.code == "zero_duration_cost"] == [
        (actual, "1250")]


def test_zero_day_milestones_and_summaries_with_a_cost_are_read_silently(tmp_path, source):
    milestone_cost = _task_cell(source, "Coût", 3)
    duration = _task_cell(source, "Durée (j)", 1)
    summary = _task_cell(source, "Récapitulative", 1)
    edited = _edited(source, tmp_path / "silent.xlsx", "Tâches",
                     {milestone_cost: 500, duration: 0, summary: "oui"})
    result = read_project_workbook(edited)
    assert not [p for p in result.problems if p.code == "zero_duration_cost"]
    assert result.data.tasks[2].cost == 500.0 and result.data.tasks[0].summary


def test_a_calendar_holiday_years_before_the_project_is_not_a_date_problem(tmp_path):
    """A calendar's exceptions serve plans of many years (as MS Project and P6 export them): a shutdown of
    2001 stays in the calendar, neither flagged nor stretching the project's span."""
    from pmo_xl.model.domain import CalendarException, CalendarSpec

    data = _project()
    data.calendars = {"Standard": CalendarSpec(exceptions=[
        CalendarException(date(2001, 1, 6), date(2001, 1, 7), name="Fermeture 2001"),
        CalendarException(date(2026, 12, 24), date(2026, 12, 25), name="Fermeture 2026")])}
    result = read_project_workbook(write_project_workbook(data, tmp_path / "CAL.xlsx"))
    assert [p.code for p in result.problems if p.code == "date_outside_project"] == []
    exceptions = next(iter(result.data.calendars.values())).exceptions
    assert [e.start for e in exceptions] == [date(2001, 1, 6), date(2026, 12, 24)]
