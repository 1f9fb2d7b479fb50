"""``pmo-xl validate`` and :func:`validate_paths`: folders, lock files, tables, JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from conftest import sample_project_data
from pmo_xl.cli import app
from pmo_xl.io.validation import validate_paths
from pmo_xl.io.workbook_writer import write_project_workbook


def sample_without_external_links():
    """The sample project with its links to other projects (CBM, DIG) dropped: alone in a folder, those
    would be links to projects outside the portfolio."""
    data = sample_project_data()
    for task in data.tasks:
        task.predecessors = [link for link in task.predecessors if not link.predecessor_project]
    data.dependencies = []
    return data


def portfolio(tmp_path):
    """A folder with one good workbook, one with a warning, one with two errors (and its backup), lock and
    temporary files and a CSV."""
    folder = tmp_path / "portefeuille"
    (folder / "lot2").mkdir(parents=True)
    write_project_workbook(sample_without_external_links(), folder / "a_bon.xlsx")
    warning = write_project_workbook(sample_without_external_links(), folder / "b_alerte.xlsx", "en")
    book = openpyxl.load_workbook(warning)
    book["Tasks"]["E4"] = 2  # milestone with a duration
    book.save(warning)
    bad = write_project_workbook(sample_without_external_links(), folder / "lot2" / "c_faux.xlsx")
    book = openpyxl.load_workbook(bad)
    book["Risques"]["C2"] = 9
    book["Tâches"]["I5"] = "99"
    book.save(bad)
    (folder / "lot2" / "sauvegardes").mkdir()  # a copy kept before a change: not a project of the folder
    (folder / "lot2" / "sauvegardes" / "c_faux_20261120-101500-000000.xlsx").write_bytes(bad.read_bytes())
    (folder / "~$a_bon.xlsx").write_bytes(b"lock")
    (folder / ".~a_bon-k2j4.xlsx").write_bytes(b"half written")
    (folder / "notes.csv").write_text("x")
    return folder


def test_validate_paths_reports_each_workbook_of_a_folder(tmp_path):
    folder = portfolio(tmp_path)
    reports = validate_paths([folder])
    assert [r.path.name for r in reports] == ["a_bon.xlsx", "b_alerte.xlsx", "c_faux.xlsx", "notes.csv"]
    assert [r.status for r in reports] == ["ok", "warnings", "errors", "warnings"]
    assert [(r.error_count, r.warning_count) for r in reports] == [(0, 0), (0, 1), (2, 0), (0, 1)]
    assert [r.project_code for r in reports] == ["CBX", "CBX", "CBX", None]
    [skipped] = reports[3].problems
    assert (skipped.code, skipped.found) == ("skipped_file", "a CSV text file")
    assert sorted((p.location.sheet, p.location.cell) for p in reports[2].problems) == [
        ("Risques", "C2"), ("Tâches", "I5")]


def test_validate_paths_keeps_missing_files(tmp_path):
    [report] = validate_paths([tmp_path / "absent.xlsx"])
    assert report.status == "errors" and report.problems[0].message == "file not found"


def test_cli_json_lists_every_file_and_problem_and_exits_1_on_errors(tmp_path):
    folder = portfolio(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(folder), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["ok"] is False
    files = {Path(f["path"]).name: f for f in document["files"]}
    assert set(files) == {"a_bon.xlsx", "b_alerte.xlsx", "c_faux.xlsx", "notes.csv"}
    assert files["a_bon.xlsx"]["status"] == "ok" and files["a_bon.xlsx"]["problems"] == []
    [warning] = files["b_alerte.xlsx"]["problems"]
    assert (warning["severity"], warning["location"]["sheet"], warning["location"]["cell"], warning["message"]) == (
        "warning", "Tasks", "E4", "milestone with non-zero duration")
    errors = sorted((p["location"]["cell"], p["message"], p["found"], p["expected"])
                    for p in files["c_faux.xlsx"]["problems"])
    assert errors == [("C2", "value out of range", "9", "between 1 and 5"),
                      ("I5", "unknown predecessor task", "99", "the ID of a task of this sheet")]


def test_cli_exit_code_0_when_only_warnings(tmp_path):
    folder = portfolio(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(folder / "a_bon.xlsx"), str(folder / "b_alerte.xlsx"),
                                      "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "milestone with non-zero duration" in result.output
    assert "warnings" in result.output and "errors" not in result.output.replace("Errors", "")


def test_cli_tables_show_location_and_summary(tmp_path):
    folder = portfolio(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(folder), "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    lines = result.output.splitlines()
    problem_line = next(line for line in lines if "unknown predecessor task" in line)
    assert [cell.strip() for cell in problem_line.split("│")[1:-1]] == [
        "c_faux.xlsx", "Tâches", "I5", "error", "unknown predecessor task", "99", "the ID of a task of this sheet"]
    summary = [line for line in lines if "CBX" in line]
    assert [[cell.strip() for cell in line.split("│")[1:-1]][2:] for line in summary] == [
        ["ok", "0", "0"], ["warnings", "0", "1"], ["errors", "2", "0"]]
    assert "~$a_bon" not in result.output


def test_cli_speaks_french_by_default(tmp_path):
    folder = portfolio(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(folder)], env={"COLUMNS": "220"})
    assert result.exit_code == 1
    lines = result.output.splitlines()
    problem_line = next(line for line in lines if "prédécesseur inconnu" in line)
    assert [cell.strip() for cell in problem_line.split("│")[1:-1]] == [
        "c_faux.xlsx", "Tâches", "I5", "erreur", "prédécesseur inconnu", "99",
        "l'identifiant d'une tâche de cette feuille"]
    range_line = next(line for line in lines if "valeur hors limites" in line)
    assert "entre 1 et 5" in range_line
    summary = [line for line in lines if "CBX" in line]
    assert [[cell.strip() for cell in line.split("│")[1:-1]][2:] for line in summary] == [
        ["ok", "0", "0"], ["avertissements", "0", "1"], ["erreurs", "2", "0"]]
