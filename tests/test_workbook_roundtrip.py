"""Writing a project to the standard workbook and reading it back gives the same model."""

from __future__ import annotations

import dataclasses
from datetime import date

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from conftest import sample_project_data
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import Link, Project, ProjectData, Task
from pmo_xl.model.enums import LinkType


def as_written(data: ProjectData, path) -> ProjectData:
    """``data`` as the reader gives it back from ``path``: with its source."""
    return dataclasses.replace(data, source=str(path))


def differences(expected, actual, path: str = "data") -> list[str]:
    """Every path where two model values differ, with both values."""
    if dataclasses.is_dataclass(expected) and type(expected) is type(actual):
        found = []
        for field in dataclasses.fields(expected):
            if not field.compare:  # where the data was read from, not the data
                continue
            found += differences(getattr(expected, field.name), getattr(actual, field.name), f"{path}.{field.name}")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = [f"{path}: {len(expected)} items expected, {len(actual)} read"] if len(expected) != len(actual) else []
        for index, (left, right) in enumerate(zip(expected, actual)):
            found += differences(left, right, f"{path}[{index}]")
        return found
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = [f"{path}: keys {sorted(map(str, expected))} expected, {sorted(map(str, actual))} read"] \
            if expected.keys() != actual.keys() else []
        for key in expected.keys() & actual.keys():
            found += differences(expected[key], actual[key], f"{path}[{key!r}]")
        return found
    if expected != actual:
        return [f"{path}: expected {expected!r}, read {actual!r}"]
    return []


def covers_the_model(data: ProjectData) -> None:
    """The sample uses every link type and every kind of lag, so the round trip tests them."""
    links = [link for task in data.tasks for link in task.predecessors]
    assert {link.type for link in links} == set(LinkType)
    assert any(link.lag_percent is not None for link in links)
    assert any(link.lag_elapsed for link in links)
    assert any(link.lag_days < 0 for link in links)
    assert any(link.predecessor_project for link in links)
    for name in ("resources", "budget", "risks", "issues", "actions", "decisions", "dependencies",
                 "sprints", "status_reports", "calendars"):
        assert getattr(data, name), name


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_round_trip_gives_an_equal_model(tmp_path, lang):
    data = sample_project_data()
    covers_the_model(data)
    path = write_project_workbook(data, tmp_path / f"projet_{lang}.xlsx", lang)
    result = read_project_workbook(path)
    assert [str(p) for p in result.problems] == []
    assert result.ok
    expected = as_written(data, path)
    assert differences(expected, result.data) == []
    assert result.data == expected


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_round_trip_of_a_minimal_project(tmp_path, lang):
    data = ProjectData(Project("MIN", "Projet minimal"), tasks=[Task("1", "Seule tâche", duration_days=1)])
    path = write_project_workbook(data, tmp_path / "min.xlsx", lang)
    result = read_project_workbook(path)
    assert result.ok and result.problems == []
    assert result.data == as_written(data, path)


def test_user_text_is_written_as_text_never_as_a_formula(tmp_path):
    path = write_project_workbook(sample_project_data(), tmp_path / "p.xlsx", "fr")
    book = openpyxl.load_workbook(path)
    tasks = book["Tâches"]
    assert tasks["D10"].value == "=SOMME(A1:A3)" and tasks["D10"].data_type == "s"
    assert tasks["X10"].value == "-1 ne pas calculer" and tasks["X10"].data_type == "s"
    card = book["Projet"]
    assert card["B20"].value == "+ migration des comptes ; @ équipe Casablanca" and card["B20"].data_type == "s"
    # no cell of any sheet holds a formula, but the risk score and band the template computes
    risks = book["Risques"]
    derived = {risks.cell(1, col).value for col in (risks.max_column - 1, risks.max_column)}
    assert derived == {"Score (P×I)", "Niveau"}  # the last two columns, after the inputs
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            formulas = [cell for cell in row if cell.data_type == "f"]
            assert all(sheet.title == "Risques" and cell.column in (risks.max_column - 1, risks.max_column) for cell in formulas), sheet.title


def test_values_written_read_back_with_a_second_reader(tmp_path):
    path = write_project_workbook(sample_project_data(), tmp_path / "p.xlsx", "fr")
    rows = CalamineWorkbook.from_path(path).get_sheet_by_name("Tâches").to_python()
    header = rows[0]
    task4 = dict(zip(header, rows[4]))
    assert task4["ID"] == "4"
    assert task4["Prédécesseurs"] == "3FD+2j; 2DD-1,5j"
    assert task4["Durée (j)"] == 30.5
    assert task4["% achevé"] == 0.6
    assert task4["Type de contrainte"] == "SNET"
    assert task4["Début réel"] == date(2026, 2, 2)
    assert task4["Ressources"] == "DEV1[25%]"
    task6 = dict(zip(header, rows[6]))
    assert task6["Prédécesseurs"] == "5DF+3je; CBM:45"
    book = openpyxl.load_workbook(path)
    assert book["Tâches"]["Q5"].number_format == "dd/mm/yyyy"
    assert book["Tâches"]["S5"].number_format == "0 %"
    assert book["Ressources"]["H3"].value == 0.5 and book["Ressources"]["H3"].number_format == "0 %"
    assert book["Budget"]["A2"].number_format == "mmm yyyy"
    assert book["Budget"]["B2"].value == "CAPEX"
    assert book["Risques"]["F3"].value == "en cours"
    assert book["Actions"]["F4"].value == "comité technique"


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "p.xlsx"
    target.write_bytes(b"previous content")
    write_project_workbook(sample_project_data(), target, "en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.xlsx"]
    assert read_project_workbook(target).ok


def test_failed_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "p.xlsx"
    target.write_bytes(b"previous content")
    data = sample_project_data()
    data.tasks[0].predecessors = [object()]  # not a Link: formatting fails mid-write
    with pytest.raises(AttributeError):
        write_project_workbook(data, target, "fr")
    assert target.read_bytes() == b"previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.xlsx"]


def test_link_to_another_project_survives_the_round_trip(tmp_path):
    data = sample_project_data()
    path = write_project_workbook(data, tmp_path / "p.xlsx", "en")
    task6 = read_project_workbook(path).data.task("6")
    assert task6.predecessors == [Link("5", LinkType.SF, 3.0, lag_elapsed=True), Link("45", predecessor_project="CBM")]


def test_dates_with_a_time_show_the_time(tmp_path):
    path = write_project_workbook(sample_project_data(), tmp_path / "p.xlsx", "fr")
    tasks = openpyxl.load_workbook(path)["Tâches"]
    assert tasks["K6"].number_format == "dd/mm/yyyy hh:mm"  # MSO 01/12/2026 13:30
    assert tasks["K5"].number_format == "dd/mm/yyyy"
    assert tasks["AA2"].number_format == "dd/mm/yyyy hh:mm"  # computed start 05/01/2026 08:00


def test_missing_numbers_stay_empty(tmp_path):
    data = sample_project_data()
    data.tasks[0].cost = float("nan")
    path = write_project_workbook(data, tmp_path / "p.xlsx", "fr")
    assert openpyxl.load_workbook(path)["Tâches"]["U2"].value is None
    assert read_project_workbook(path).data.tasks[0].cost is None


def test_a_resource_leave_written_in_the_workbook_moves_its_tasks(tmp_path):
    # Karim's calendar derives from the project's and takes Wed 4 - Thu 5 Nov 2026 off; his 3-day task
    # from Mon 2 works Mon 2, Tue 3, then Fri 6.  Nadia keeps the project calendar.
    from datetime import datetime

    from pmo_xl.engine.cpm import schedule
    from pmo_xl.model.domain import Assignment, CalendarException, CalendarSpec, Resource

    standard = CalendarSpec(name="Standard", holiday_country=None)
    leave = CalendarSpec(name="Karim", holiday_country=None, base="Standard",
                         exceptions=[CalendarException(date(2026, 11, 4), date(2026, 11, 5), name="Congé")])
    data = ProjectData(
        Project("RC", "Calendriers des ressources", start=date(2026, 11, 2)),
        tasks=[Task("1", "Analyse", duration_days=3, resources=[Assignment("KB")]),
               Task("2", "Recette", duration_days=3, resources=[Assignment("NB")])],
        resources=[Resource("KB", "Karim Benali", calendar="Karim"), Resource("NB", "Nadia Berrada")],
        calendars={"Standard": standard, "Karim": leave})
    path = write_project_workbook(data, tmp_path / "projet.xlsx", "fr")
    result = read_project_workbook(path)
    assert result.ok, [str(p) for p in result.problems]
    frame = schedule(result.data).tasks.set_index("id")
    assert frame.loc["1", "calendar"] == "Karim"
    assert frame.loc["1", "early_finish"] == datetime(2026, 11, 6, 17, 0)
    assert frame.loc["2", "early_finish"] == datetime(2026, 11, 4, 17, 0)


def test_a_calendar_the_calendar_sheet_does_not_define_is_reported_where_it_is_named(tmp_path):
    from pmo_xl.model.domain import CalendarSpec, Resource

    data = ProjectData(
        Project("RC", "Calendriers", start=date(2026, 11, 2)),
        tasks=[Task("1", "Analyse", duration_days=1, calendar="Nuit")],
        resources=[Resource("KB", "Karim Benali", calendar="Congés Karim")],
        calendars={"Standard": CalendarSpec(name="Standard")})
    path = write_project_workbook(data, tmp_path / "projet.xlsx", "fr")
    result = read_project_workbook(path)
    assert result.ok
    found = [(p.location.sheet, p.location.row, p.location.column, p.found, p.severity.value) for p in result.problems]
    assert found == [("Tâches", 2, "Calendrier", "Nuit", "warning"),
                     ("Ressources", 2, "Calendrier", "Congés Karim", "warning")]
    assert {p.message for p in result.problems} == {"unknown calendar"}
