"""``pmo-xl schedule FILE.xlsx --write-back``: the results written into the workbook's computed area, safely."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, datetime

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import sample_project_data
from pmo_xl.cli import app
from pmo_xl.errors import InputError
from pmo_xl.excel.actions import run_action
from pmo_xl.excel.book_adapter import FileBookAdapter
from pmo_xl.io import gantt_sheet
from pmo_xl.io.workbook_results import WRITTEN_SHEET
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import Link, Project, ProjectData, Task
from pmo_xl.model.schemas import DERIVED_COLUMNS, TASK_RESULTS
from pmo_xl.service import write_back as write_back_module
from pmo_xl.service.write_back import WorkbookChangedError, WorkbookLockedError, write_back

RESULT_LABELS = {column.label_fr for column in TASK_RESULTS} | {column.label_en for column in TASK_RESULTS}


def chain_project() -> ProjectData:
    """Analyse (5 d) -> Développement (10 d) -> Recette (5 d) -> Fin; Documentation (3 d) after Analyse.

    From Monday 01/02/2027 (no Moroccan holiday in February 2027): Analyse 01–05/02, Développement
    08–19/02, Recette 22–26/02, Documentation 08–10/02 with 12 days of float, the milestone on 26/02.
    Développement's baseline finished on 12/02: it slips by 5 working days.
    """
    tasks = [
        Task("1", "Analyse", duration_days=5),
        Task("2", "Développement", duration_days=10, predecessors=[Link("1")],
             baseline_start=datetime(2027, 2, 1), baseline_finish=datetime(2027, 2, 12)),
        Task("3", "Recette", duration_days=5, predecessors=[Link("2")]),
        Task("4", "Documentation", duration_days=3, predecessors=[Link("1")]),
        Task("5", "Mise en service", milestone=True, predecessors=[Link("3"), Link("4")]),
    ]
    return ProjectData(Project("CHN", "Chaîne", start=date(2027, 2, 1)), tasks=tasks)


def earned_value_project() -> ProjectData:
    """One task of 50 000 MAD planned 01–05/02/2027 (5 days), 40 % done, 25 000 MAD spent at 03/02/2027.

    PV = 3/5 × 50 000 = 30 000; EV = 40 % × 50 000 = 20 000; SV = −10 000; CV = −5 000;
    SPI = 0.67; CPI = 0.8.
    """
    task = Task("1", "Analyse", duration_days=5, cost=50000.0, actual_cost=25000.0, percent_complete=40.0,
                actual_start=datetime(2027, 2, 1, 8), baseline_start=datetime(2027, 2, 1),
                baseline_finish=datetime(2027, 2, 5))
    return ProjectData(Project("EVM", "Valeur acquise", start=date(2027, 2, 1), status_date=date(2027, 2, 3)),
                       tasks=[task])


def rows_by_id(path) -> dict[str, dict]:
    sheet = openpyxl.load_workbook(path)["Tâches"]
    headers = [cell.value for cell in sheet[1]]
    rows = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] is not None:
            rows[str(row[0])] = dict(zip(headers, row))
    return rows


def input_cells(path) -> dict:
    """Every cell a project manager may type in: every sheet but the Gantt and the written copy, without
    the computed columns of the task sheet and the risk formulas."""
    book = openpyxl.load_workbook(path)
    derived = RESULT_LABELS | {c.label_fr for c in DERIVED_COLUMNS["risks"]}
    cells = {}
    for sheet in book.worksheets:
        if sheet.title in ("Gantt", WRITTEN_SHEET):
            continue
        skipped = {cell.column for cell in sheet[1] if cell.value in derived}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.column not in skipped:
                    cells[(sheet.title, cell.coordinate)] = (cell.value, cell.number_format,
                                                            cell.protection.locked)
    return cells


def test_the_computed_columns_hold_the_hand_worked_schedule(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    report = write_back(path)
    assert report.written and report.tasks == 5 and report.critical_tasks == 4
    rows = rows_by_id(path)
    assert (rows["2"]["Début au plus tôt"], rows["2"]["Fin au plus tôt"]) == (
        datetime(2027, 2, 8, 8), datetime(2027, 2, 19, 17))
    assert rows["4"]["Fin au plus tard"] == datetime(2027, 2, 26, 17)
    assert (rows["4"]["Marge totale (j)"], rows["4"]["Marge libre (j)"]) == (12, 12)
    assert [rows[i]["Critique"] for i in "12345"] == ["oui", "oui", "oui", "non", "oui"]
    assert rows["2"]["Glissement fin (j)"] == 5
    assert rows["1"]["Glissement fin (j)"] is None  # no baseline
    assert rows["5"]["Début au plus tôt"] == datetime(2027, 2, 26, 17)


def test_earned_value_columns_at_the_status_date(tmp_path):
    path = write_project_workbook(earned_value_project(), tmp_path / "va.xlsx", "fr")
    write_back(path)
    row = rows_by_id(path)["1"]
    assert (row["Valeur planifiée (VP)"], row["Valeur acquise (VA)"]) == (30000, 20000)
    assert (row["Écart de délai (ED)"], row["Écart de coût (EC)"]) == (-10000, -5000)
    assert (row["SPI"], row["CPI"]) == (0.67, 0.8)


def test_every_input_cell_is_unchanged_and_a_backup_is_kept(tmp_path):
    from pmo_xl.service.consolidate import project_files

    path = write_project_workbook(sample_project_data(), tmp_path / "projet.xlsx", "fr")
    path.chmod(0o640)
    original = path.read_bytes()
    before = input_cells(path)
    report = write_back(path)
    assert report.written and report.hand_edits == []
    assert input_cells(path) == before
    assert report.backup.parent == tmp_path / "sauvegardes" and report.backup.read_bytes() == original
    assert re.fullmatch(r"projet_\d{8}-\d{6}-\d{6}\.xlsx", report.backup.name)
    assert report.backup.stat().st_mode & 0o777 == 0o640
    assert project_files(tmp_path) == [path]  # consolidation of the folder does not read the copy as a project
    # the task named "=SOMME(A1:A3)" stays text on the Gantt sheet
    gantt = openpyxl.load_workbook(path)["Gantt"]
    names = [gantt.cell(row, 2) for row in range(4, 14)]
    formula_like = next(cell for cell in names if cell.value == "=SOMME(A1:A3)")
    assert formula_like.data_type == "s"


def test_a_second_run_with_unchanged_inputs_changes_nothing(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    write_back(path)
    written = path.read_bytes()
    again = write_back(path)
    assert not again.written and again.changed_cells == 0 and again.backup is None
    assert path.read_bytes() == written
    assert len(list((tmp_path / "sauvegardes").iterdir())) == 1


def test_hand_edits_in_the_computed_area_are_overwritten_after_a_backup_and_reported(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    write_back(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Tâches"]
    column = next(cell.column_letter for cell in sheet[1] if cell.value == "Marge totale (j)")
    sheet[f"{column}5"] = 99  # the row of task 4
    book.save(path)
    edited = path.read_bytes()
    report = write_back(path)
    assert [(e.sheet, e.cell, e.found, e.written) for e in report.hand_edits] == [
        ("Tâches", f"{column}5", 99, 12)]
    assert report.backup.read_bytes() == edited
    assert rows_by_id(path)["4"]["Marge totale (j)"] == 12


def test_a_plan_edit_moves_the_results_without_reporting_hand_edits(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    write_back(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Tâches"]
    column = next(cell.column_letter for cell in sheet[1] if cell.value == "Durée (j)")
    sheet[f"{column}3"] = 15  # Développement (row 3) takes 15 days
    book.save(path)
    report = write_back(path)
    assert report.written and report.hand_edits == []
    assert rows_by_id(path)["5"]["Début au plus tôt"] == datetime(2027, 3, 5, 17)


@pytest.mark.parametrize("lock_name", ["~$chaine.xlsx", ".~lock.chaine.xlsx#"])
def test_a_workbook_open_elsewhere_is_refused(tmp_path, lock_name):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    (tmp_path / lock_name).write_bytes(b"owner")
    content = path.read_bytes()
    with pytest.raises(WorkbookLockedError) as caught:
        write_back(path)
    assert caught.value.problems[0].found == lock_name and caught.value.problems[0].code == "locked"
    assert path.read_bytes() == content and not (tmp_path / "sauvegardes").exists()


def test_a_workbook_changed_while_computing_is_refused(tmp_path, monkeypatch):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    compute = write_back_module.plan_write_back

    def compute_then_someone_saves(*args, **kwargs):
        plan = compute(*args, **kwargs)
        book = openpyxl.load_workbook(path)
        book["Tâches"]["D2"] = "Analyse détaillée"
        book.save(path)
        return plan

    monkeypatch.setattr(write_back_module, "plan_write_back", compute_then_someone_saves)
    with pytest.raises(WorkbookChangedError):
        write_back(path)
    assert rows_by_id(path)["1"]["Nom de la tâche"] == "Analyse détaillée"
    assert rows_by_id(path)["1"]["Début au plus tôt"] is None


def test_a_workbook_with_errors_is_refused_with_located_problems(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    book = openpyxl.load_workbook(path)
    book["Tâches"]["E3"] = "dix jours"
    book.save(path)
    with pytest.raises(InputError) as caught:
        write_back(path)
    assert caught.value.problems[0].location.cell == "E3"


def test_a_previous_version_workbook_is_refused_until_upgraded(tmp_path):
    from reference_files import VENDORED

    source = VENDORED.parent / "workbooks" / "projet_v1_fr.xlsx"
    path = tmp_path / "ancien.xlsx"
    path.write_bytes(source.read_bytes())
    with pytest.raises(InputError) as caught:
        write_back(path)
    assert "upgrade" in caught.value.message
    assert {p.code for p in caught.value.problems} == {"missing_column"}


def test_the_gantt_sheet_shows_weeks_tasks_critical_path_and_baseline(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    write_back(path)
    sheet = openpyxl.load_workbook(path)["Gantt"]
    first_week = gantt_sheet.FIRST_WEEK_COLUMN + 1
    weeks = [sheet.cell(3, first_week + k).value for k in range(5)]
    assert weeks == [datetime(2027, 2, 1), datetime(2027, 2, 8), datetime(2027, 2, 15), datetime(2027, 2, 22),
                     None]
    assert [sheet.cell(4 + k, 1).value for k in range(6)] == ["1", "2", "3", "4", "5", None]
    assert sheet.cell(5, 5).value == "oui" and sheet.cell(7, 5).value == "non"
    assert (sheet.cell(5, 6).value, sheet.cell(5, 7).value) == (datetime(2027, 2, 1), datetime(2027, 2, 12))
    rules = [rule for ranges in sheet.conditional_formatting for rule in ranges.rules]
    assert len(rules) == 3 and all(rule.type == "expression" for rule in rules)
    assert '$E4="oui"' in rules[0].formula[0] and "$F4" in rules[2].formula[0]
    assert sheet.protection.sheet


def test_cli_write_back_reports_in_json(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    result = CliRunner().invoke(app, ["schedule", str(path), "--write-back", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["written"] and report["tasks"] == 5 and report["critical_tasks"] == 4
    assert report["hand_edits"] == [] and report["backup"].endswith(".xlsx")
    (tmp_path / "~$chaine.xlsx").write_bytes(b"x")
    refused = CliRunner().invoke(app, ["schedule", str(path), "--write-back"])
    assert refused.exit_code == 1


def test_ribbon_action_writes_through_the_book_adapter(tmp_path):
    path = write_project_workbook(chain_project(), tmp_path / "chaine.xlsx", "fr")
    before = input_cells(path)
    book = FileBookAdapter(path)
    outcome = run_action("schedule_workbook", book)
    assert outcome.ok and outcome.sheets == ["Gantt", "Tâches"] and outcome.files[0].exists()
    book.save()
    assert rows_by_id(path)["4"]["Marge totale (j)"] == 12
    assert input_cells(path) == before
    assert openpyxl.load_workbook(path)[WRITTEN_SHEET].sheet_state == "veryHidden"
    # the command line now finds nothing to change: the two paths write the same cells
    assert not write_back(path).written


@pytest.mark.libreoffice
def test_libreoffice_opens_the_written_back_workbook(tmp_path, soffice):
    path = write_project_workbook(sample_project_data(), tmp_path / "projet.xlsx", "fr")
    write_back(path)
    out = tmp_path / "out"
    completed = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,3", "--outdir", str(out),
         str(path)], capture_output=True, text=True, timeout=240)
    assert completed.returncode == 0, completed.stderr
    tasks = (out / "projet-Tâches.csv").read_text(encoding="utf-8").splitlines()
    header = tasks[0].split(",")
    assert "Critique" in header
    critical = header.index("Critique")
    assert tasks[5].split(",")[0] == "5" and tasks[5].split(",")[critical] == "oui"
