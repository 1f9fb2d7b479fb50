"""Bad input: every fault is reported with its exact location and message.

Each test writes the good sample workbook, breaks it with openpyxl the way a
project manager might, and checks the problem the reader reports: sheet, cell,
message, what was found and what was expected.  Cell addresses follow the
French template: in *Tâches* column A is ID, D the name, E the duration,
G the milestone flag, I the predecessors, Q/R the actual start/finish and
S the % complete; task *n* sits on row *n* + 1.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import sample_project_data
from pmo_xl.errors import Location, Severity
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook


def good_workbook(tmp_path: Path, lang: str = "fr") -> Path:
    return write_project_workbook(sample_project_data(), tmp_path / "projet.xlsx", lang)


def broken(tmp_path: Path, edits: dict[str, dict[str, object]], lang: str = "fr") -> Path:
    """The good workbook with ``edits`` ({sheet: {cell: value}}) applied by openpyxl."""
    path = good_workbook(tmp_path, lang)
    book = openpyxl.load_workbook(path)
    for sheet, cells in edits.items():
        for cell, value in cells.items():
            book[sheet][cell] = value
    book.save(path)
    return path


def only_problem(path: Path, severity: Severity = Severity.ERROR):
    result = read_project_workbook(path)
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    problem = result.problems[0]
    assert problem.severity is severity
    assert problem.location.file == str(path)
    return result, problem


def assert_at(problem, sheet: str, cell: str, message: str, found=None, expected=None) -> None:
    assert (problem.location.sheet, problem.location.cell, problem.message) == (sheet, cell, message)
    if found is not None:
        assert problem.found == found
    if expected is not None:
        assert problem.expected == expected


# -- the file itself ---------------------------------------------------------------
def test_file_not_found(tmp_path):
    path = tmp_path / "absent.xlsx"
    result = read_project_workbook(path)
    assert result.data is None and not result.ok
    [problem] = result.problems
    assert (problem.message, problem.location, problem.code) == ("file not found", Location(file=str(path)),
                                                                  "file_not_found")


def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("ID;Nom\n1;Cadrage\n", encoding="utf-8")
    result = read_project_workbook(path)
    assert result.data is None
    [problem] = result.problems
    assert (problem.message, problem.location.file, problem.expected) == (
        "not an xlsx file", str(path), "an .xlsx workbook")


def test_old_xls_file(tmp_path):
    path = tmp_path / "ancien.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    [problem] = read_project_workbook(path).problems
    assert (problem.message, problem.found) == ("not an xlsx file", "an Excel 97-2003 (.xls) file")


def test_corrupt_workbook(tmp_path):
    path = tmp_path / "corrompu.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><not-closed>")
        archive.writestr("xl/workbook.xml", "garbage")
    result = read_project_workbook(path)
    assert result.data is None
    [problem] = result.problems
    assert (problem.message, problem.code, problem.location.file) == ("corrupt workbook", "corrupt", str(path))


def test_password_protected_workbook(tmp_path):
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = good_workbook(tmp_path)
    path = tmp_path / "protege.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    result = read_project_workbook(path)
    assert result.data is None
    [problem] = result.problems
    assert (problem.message, problem.code) == ("password-protected workbook", "password_protected")


# -- structure ---------------------------------------------------------------------
def test_missing_sheet(tmp_path):
    path = good_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    del book["Risques"]
    book.save(path)
    result, problem = only_problem(path)
    assert (problem.location.sheet, problem.location.cell, problem.message) == ("Risques", None, "missing sheet")
    assert problem.expected == "a sheet 'Risques' (or 'Risks')"
    assert result.data.risks == [] and len(result.data.tasks) == 10


def test_missing_required_column(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Tâches": {"D1": "Libellé libre"}}))
    assert (problem.location.sheet, problem.location.row, problem.location.column, problem.message) == (
        "Tâches", 1, "Nom de la tâche", "missing required column")
    assert result.data.tasks == []


def test_a_renamed_required_column_is_pointed_at(tmp_path):
    result = read_project_workbook(broken(tmp_path, {"Tâches": {"D1": "Nom tâche"}}))
    renamed, missing = result.problems
    assert (missing.location.column, missing.code) == ("Nom de la tâche", "missing_column")
    assert (renamed.location.cell, renamed.code, renamed.found) == ("D1", "unknown_column", "Nom tâche")


# -- values ------------------------------------------------------------------------
def test_wrong_type_for_a_duration(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Tâches": {"E3": "deux semaines"}}))
    assert_at(problem, "Tâches", "E3", "wrong type", "deux semaines", "a number")
    assert [t.id for t in result.data.tasks] == ["1", "3", "4", "5", "6", "7", "8", "9", "10"]


def test_required_value_missing(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"D4": None}}))
    assert_at(problem, "Tâches", "D4", "required value missing", None, "Nom de la tâche")


def test_duplicate_task_id(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Tâches": {"A11": "4"}}))
    assert_at(problem, "Tâches", "A11", "duplicate id", "4", "an id not already used (first used in A5)")
    assert [t.name for t in result.data.tasks if t.id == "4"] == ["Conception détaillée"]


def test_predecessor_pointing_to_an_unknown_task(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"I5": "3FD+2j; 99"}}))
    assert_at(problem, "Tâches", "I5", "unknown predecessor task", "99", "the ID of a task of this sheet")


def test_bad_predecessor_syntax(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"I5": "3XX+2"}}))
    assert_at(problem, "Tâches", "I5", "bad predecessor syntax", "3XX+2")


def test_negative_duration(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"E6": -5}}))
    assert_at(problem, "Tâches", "E6", "negative value", "-5", "0 or more")


def test_percent_complete_above_100(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"S5": 1.5}}))  # shown "150 %" in the % cell
    assert_at(problem, "Tâches", "S5", "percentage outside 0-100", "1.5", "between 0 and 100")


def test_percent_complete_typed_as_a_plain_number_in_a_percent_cell(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"S5": 150}}))  # shown "15000 %"
    assert_at(problem, "Tâches", "S5", "percentage outside 0-100", "150", "between 0 and 100")


def test_percent_complete_below_0_typed_as_text(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"S5": "-10 %"}}))
    assert_at(problem, "Tâches", "S5", "percentage outside 0-100", "-10 %", "between 0 and 100")


def test_actual_finish_before_actual_start(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"R3": datetime(2026, 1, 2)}}))
    assert_at(problem, "Tâches", "R3", "actual finish before actual start", "02/01/2026", "on or after 05/01/2026")


def test_actual_start_after_status_date_is_a_warning_and_the_task_is_kept(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Tâches": {"Q5": "25/11/2026"}}), Severity.WARNING)
    assert_at(problem, "Tâches", "Q5", "actual start after status date", "25/11/2026",
              "on or before the status date 20/11/2026")
    task = next(task for task in result.data.tasks if task.id == "4")  # row 5
    assert task.actual_start == datetime(2026, 11, 25)
    assert len(result.data.tasks) == len(sample_project_data().tasks)


def test_impossible_text_date(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"Q5": "31/02/2026"}}))
    assert_at(problem, "Tâches", "Q5", "wrong type", "31/02/2026", "a date (dd/mm/yyyy)")


def test_bad_yes_no_value(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"G3": "peut-être"}}))
    assert_at(problem, "Tâches", "G3", "wrong type", "peut-être", "oui/non (yes/no)")


def test_probability_outside_1_to_5(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Risques": {"C2": 7}}))
    assert_at(problem, "Risques", "C2", "value out of range", "7", "between 1 and 5")
    assert [r.id for r in result.data.risks] == ["R2", "R3", "R4"]


def test_impact_outside_1_to_5(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Risques": {"D3": 0}}))
    assert_at(problem, "Risques", "D3", "value out of range", "0", "between 1 and 5")


def test_duplicate_risk_id(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Risques": {"A4": " R1 "}}))
    assert_at(problem, "Risques", "A4", "duplicate id", "R1", "an id not already used (first used in A2)")


def test_unknown_enum_value(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Risques": {"F2": "peut-être"}}))
    assert_at(problem, "Risques", "F2", "unknown value", "peut-être", "one of ouvert, en cours, clos, annulé")


def test_unknown_currency(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Ressources": {"G4": "DH"}}))
    assert_at(problem, "Ressources", "G4", "unknown currency", "DH", "an ISO 4217 currency code (MAD, EUR, USD…)")


def test_month_not_a_date(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Budget": {"A3": "bientôt"}}))
    assert_at(problem, "Budget", "A3", "month is not a date", "bientôt", "a month (a date or mm/yyyy)")


def test_budget_category_not_capex_or_opex(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Budget": {"B2": "RUN"}}))
    assert_at(problem, "Budget", "B2", "unknown value", "RUN", "one of CAPEX, OPEX")


def test_sprint_finish_before_start(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Sprints": {"C3": datetime(2026, 10, 1)}}))
    assert_at(problem, "Sprints", "C3", "sprint finish before start", "01/10/2026", "on or after 19/10/2026")
    assert [s.name for s in result.data.sprints] == ["S1"]


def test_dependency_on_an_unknown_task(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Dépendances": {"B3": "77"}}))
    assert_at(problem, "Dépendances", "B3", "unknown task", "77", "the ID of a task of the tasks sheet")


def test_calendar_hours_not_understood(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Calendrier": {"F4": "le matin"}}))
    assert_at(problem, "Calendrier", "F4", "hours not understood", "le matin", "hours like 08:00-12:00; 13:00-17:00")


def test_project_card_unknown_methodology(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Projet": {"B8": "scrumban"}}))
    assert_at(problem, "Projet", "B8", "unknown value", "scrumban", "one of cycle en V, agile, hybride")


def test_project_card_priority_not_a_number(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Projet": {"B10": "haute"}}))
    assert_at(problem, "Projet", "B10", "wrong type", "haute", "a number")


def test_project_card_missing_code(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Projet": {"B2": "  "}}))
    assert_at(problem, "Projet", "B2", "required value missing", None, "Code projet")
    assert not result.ok and result.data is not None


def test_english_workbook_problems_use_english_sheets_and_labels(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Risks": {"F2": "maybe"}}, lang="en"))
    assert_at(problem, "Risks", "F2", "unknown value", "maybe", "one of open, in progress, closed, cancelled")
    assert problem.location.column == "Status"


# -- warnings: the data stays valid --------------------------------------------------
def test_milestone_with_a_duration_is_a_warning(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Tâches": {"E4": 3}}), Severity.WARNING)
    assert_at(problem, "Tâches", "E4", "milestone with non-zero duration", "3", "0")
    assert result.ok and result.data.task("3").duration_days == 3


def test_complete_without_actual_finish_is_a_warning(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Tâches": {"S5": 1}}), Severity.WARNING)
    assert_at(problem, "Tâches", "S5", "100 % complete without actual finish", "100", "an actual finish")
    assert result.ok


def test_assignment_of_an_unknown_resource_is_a_warning(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Tâches": {"T5": "DEV9[25%]"}}), Severity.WARNING)
    assert_at(problem, "Tâches", "T5", "unknown resource", "DEV9", "a code of the resources sheet")
    assert result.ok


# -- every problem, not just the first -------------------------------------------------
def test_every_problem_of_a_workbook_is_reported(tmp_path):
    path = broken(tmp_path, {
        "Projet": {"B12": "Dirham"},
        "Tâches": {"E3": "abc", "A11": "4", "I5": "3FD+2j; 99", "S6": 1.2, "R3": datetime(2026, 1, 2),
                   "E4": 2},
        "Ressources": {"G2": "XYZ"},
        "Budget": {"A4": "plus tard"},
        "Risques": {"C2": 9, "A3": "R1"},
        "Sprints": {"C2": datetime(2026, 10, 1)},
        "Météo": {"C2": "violet"},
        "Actions": {"D2": "demain"},
    })
    result = read_project_workbook(path)
    found = sorted((p.location.sheet, p.location.cell, p.message, p.severity.value) for p in result.problems)
    assert found == sorted([
        ("Projet", "B12", "unknown currency", "error"),
        ("Tâches", "E3", "wrong type", "error"),
        ("Tâches", "A11", "duplicate id", "error"),
        ("Tâches", "I5", "unknown predecessor task", "error"),
        ("Tâches", "S6", "percentage outside 0-100", "error"),
        ("Tâches", "R3", "actual finish before actual start", "error"),
        ("Tâches", "E4", "milestone with non-zero duration", "warning"),
        ("Ressources", "G2", "unknown currency", "error"),
        ("Budget", "A4", "month is not a date", "error"),
        ("Risques", "C2", "value out of range", "error"),
        ("Risques", "A3", "duplicate id", "error"),
        ("Sprints", "C2", "sprint finish before start", "error"),
        ("Météo", "C2", "unknown value", "error"),
        ("Actions", "D2", "wrong type", "error"),
    ])
    assert not result.ok
    # rows with errors are dropped, the others kept
    data = result.data
    assert [t.id for t in data.tasks] == ["1", "3", "6", "7", "8", "9"]
    assert [r.code for r in data.resources] == ["BA1", "DEV1"]
    assert len(data.budget) == 2
    assert [r.id for r in data.risks] == ["R3", "R4"]
    assert [s.name for s in data.sprints] == ["S2"]
    assert [s.period for s in data.status_reports] == ["2026-W47"]
    assert [a.id for a in data.actions] == ["A2", "A3", "A4"]
    assert len(data.issues) == 2 and len(data.decisions) == 4


def test_action_linked_to_an_unknown_decision_is_a_warning(tmp_path):
    result, problem = only_problem(broken(tmp_path, {"Actions": {"I2": "D9"}}), Severity.WARNING)
    assert_at(problem, "Actions", "I2", "unknown decision", "D9", "an ID of the decisions sheet")
    assert result.ok and result.data.actions[0].decision_id == "D9"


def test_task_that_is_its_own_predecessor(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"I5": "4"}}))
    assert_at(problem, "Tâches", "I5", "task is its own predecessor", "4", "another task's ID")


def test_actual_finish_without_actual_start(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Tâches": {"Q4": None}}))
    assert_at(problem, "Tâches", "Q4", "actual finish without actual start", None, "the actual start")


def test_sheet_without_any_recognisable_header(tmp_path):
    path = good_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Sprints"]
    for cell in sheet[1]:
        cell.value = "?"
    book.save(path)
    result, problem = only_problem(path)
    assert (problem.location.sheet, problem.location.cell, problem.message) == (
        "Sprints", None, "header row not found")
    assert result.data.sprints == []


def test_missing_sheet_of_an_english_workbook(tmp_path):
    path = good_workbook(tmp_path, "en")
    book = openpyxl.load_workbook(path)
    del book["Tasks"]
    book.save(path)
    result = read_project_workbook(path)
    [problem] = result.problems  # and no warning about assignments or dependencies
    assert (problem.location.sheet, problem.message, problem.expected) == (
        "Tasks", "missing sheet", "a sheet 'Tasks' (or 'Tâches')")
    assert result.data.tasks == [] and len(result.data.dependencies) == 4


def test_broken_resources_sheet_does_not_flag_every_assignment(tmp_path):
    result = read_project_workbook(broken(tmp_path, {"Ressources": {"A1": "Matricule"}}))
    assert [(p.location.sheet, p.location.column, p.message) for p in result.problems] == [
        ("Ressources", "Code ressource", "missing required column")]


def test_project_baseline_finish_before_its_start(tmp_path):
    _, problem = only_problem(broken(tmp_path, {"Projet": {"B15": datetime(2025, 12, 31)}}))
    assert_at(problem, "Projet", "B15", "baseline finish before baseline start", "31/12/2025",
              "on or after 05/01/2026")


def test_project_card_row_removed(tmp_path):
    path = good_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Projet"].delete_rows(3)  # the "Nom du projet" row
    book.save(path)
    result, problem = only_problem(path)
    assert (problem.location.sheet, problem.location.column, problem.message, problem.expected) == (
        "Projet", "Nom du projet", "missing field", "a row 'Nom du projet'")
    assert (result.data.project.code, result.data.project.name) == ("CBX", "projet")  # the file name stands in
