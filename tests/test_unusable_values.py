"""Every cell that cannot be used is a located problem, all of them at once, never a silent blank or zero.

The workbooks are a valid one with cells overwritten as a project manager
(or a broken export) would: NaN and infinity written in the XML, ten million
days, a lag of 99,999,999 days, a cost of 1e308, a year 1850, the
31/12/9999 "no deadline" placeholder.
"""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.master.reader import read_snapshot

import hostile_corpus as corpus
from test_portfolio_data import project_app, project_bnk


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    data = copy.deepcopy(project_app())
    data.project.code = "VAL"
    return write_project_workbook(data, tmp_path_factory.mktemp("values") / "VAL.xlsx")


def _cell(source: Path, header: str, task_row: int) -> str:
    return corpus.cell_of(source, "Tâches", header, row_offset=task_row)


def _edited(source: Path, target: Path, values: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(source)
    for ref, value in values.items():
        book["Tâches"][ref] = value
    book.save(target)
    return target


def test_every_bad_cell_of_a_sheet_is_reported_at_its_cell(tmp_path, source):
    cells = {
        "duration": _cell(source, "Durée (j)", 1),
        "lag": _cell(source, "Prédécesseurs", 2),
        "cost": _cell(source, "Coût", 2),
        "old": _cell(source, "Date de contrainte", 1),
        "weight": _cell(source, "Poids VA", 2),
    }
    damaged = _edited(source, tmp_path / "bad.xlsx", {
        cells["duration"]: 10_000_000, cells["lag"]: "1FS+99999999j", cells["cost"]: 1e308,
        cells["old"]: "01/03/1850", cells["weight"]: "1e400"})
    result = read_project_workbook(damaged)
    found = {(p.location.cell, p.code) for p in result.problems if p.is_error}
    assert found == {(cells["duration"], "implausible"), (cells["lag"], "out_of_range"),
                     (cells["cost"], "implausible"), (cells["old"], "implausible_date"),
                     (cells["weight"], "wrong_type")}


@pytest.mark.parametrize("text", ["NaN", "INF", "-INF"])
def test_nan_and_infinity_are_rejected(tmp_path, source, text):
    ref = _cell(source, "Durée (j)", 1)
    damaged = corpus.with_cell(source, tmp_path / "nan.xlsx", "Tâches", ref, f'<c r="{ref}"><v>{text}</v></c>')
    result = read_project_workbook(damaged)
    [problem] = [p for p in result.problems if p.is_error]
    assert (problem.location.cell, problem.code) == (ref, "wrong_type")


def test_a_placeholder_date_is_no_date_with_a_warning(tmp_path, source):
    deadline = _cell(source, "Échéance", 1)
    damaged = _edited(source, tmp_path / "ph.xlsx", {deadline: datetime(9999, 12, 31)})
    result = read_project_workbook(damaged)
    [problem] = [p for p in result.problems if p.code == "placeholder_date"]
    assert problem.location.cell == deadline and not problem.is_error
    assert result.data.tasks[0].deadline is None
    assert not result.problems.has_errors


def test_a_placeholder_date_does_not_stop_the_consolidation(tmp_path, source):
    master = write_master_template(tmp_path / "maitre.xlsx")
    projects = tmp_path / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    constraint = _cell(source, "Date de contrainte", 1)
    _edited(source, projects / "VAL.xlsx", {constraint: "31/12/9999"})
    outcome = CliRunner().invoke(app, ["consolidate", "--master", str(master), "--status-date", "2026-10-30"])
    assert outcome.exit_code == 0, outcome.output
    assert set(read_snapshot(master).overview["project_code"]) == {"APP", "BNK", "VAL"}


def _header_cell(source: Path, header: str) -> str:
    return corpus.cell_of(source, "Tâches", header, row_offset=0)


def test_a_renamed_header_is_an_error_on_its_cell(tmp_path, source):
    cell = _header_cell(source, "Durée (j)")
    renamed = _edited(source, tmp_path / "renamed.xlsx", {cell: "Durée en jours"})
    result = read_project_workbook(renamed)
    [problem] = [p for p in result.problems if p.code == "unknown_column"]
    assert problem.is_error and problem.location.cell == cell and "Durée (j)" in problem.expected


def test_a_duplicated_header_is_an_error_on_the_second_cell(tmp_path, source):
    first = _header_cell(source, "Durée (j)")
    notes = _header_cell(source, "Notes")
    duplicated = _edited(source, tmp_path / "twice.xlsx", {notes: "Durée (j)"})
    result = read_project_workbook(duplicated)
    [problem] = [p for p in result.problems if p.code == "duplicate_column"]
    assert problem.is_error and problem.location.cell == notes and first in problem.expected


def test_a_merged_header_is_an_error(tmp_path, source):
    cell = _header_cell(source, "Prédécesseurs")
    book = openpyxl.load_workbook(source)
    sheet = book["Tâches"]
    right = sheet[cell].offset(column=1).coordinate
    sheet.merge_cells(f"{cell}:{right}")
    book.save(tmp_path / "merged.xlsx")
    result = read_project_workbook(tmp_path / "merged.xlsx")
    merged = [p for p in result.problems if p.code == "merged_header"]
    assert [(p.location.cell, p.found) for p in merged] == [(cell, f"{cell}:{right}")]


def _with_code(source: Path, target: Path, code: str) -> tuple[Path, str]:
    book = openpyxl.load_workbook(source)
    sheet = book["Projet"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "VAL")
    cell.value = code
    book.save(target)
    return target, cell.coordinate


def test_a_project_code_with_a_path_separator_is_refused(tmp_path, source):
    path, cell = _with_code(source, tmp_path / "PLAIN.xlsx", "../../etc/passwd")
    result = read_project_workbook(path)
    [problem] = [p for p in result.problems if p.code == "bad_code"]
    assert problem.is_error and problem.location.cell == cell and problem.found == "../../etc/passwd"
    assert result.data.project.code == "PLAIN"


def test_bidi_overrides_are_stripped_and_long_texts_cut(tmp_path, source):
    path, code_cell = _with_code(source, tmp_path / "b.xlsx", "VAL\u202eLMX")
    name = _cell(source, "Nom de la tâche", 1)
    notes = _cell(source, "Notes", 1)
    book = openpyxl.load_workbook(path)
    book["Tâches"][name] = "Recette\u200b \u2066usine\u2069"
    book["Tâches"][notes] = "x" * 50_000
    book.save(path)
    result = read_project_workbook(path)
    assert result.data.project.code == "VALLMX"
    assert result.data.tasks[0].name == "Recette usine"
    assert len(result.data.tasks[0].notes) == 5_000
    warnings = {(p.location.cell, p.code) for p in result.problems if not p.is_error}
    assert warnings == {(code_cell, "control_characters"), (name, "control_characters"), (notes, "text_too_long")}


def test_validate_runs_the_network_checks_of_schedule(tmp_path):
    from pmo_xl.model import CalendarSpec, Link

    data = copy.deepcopy(project_app())
    data.project.code = "NET"
    first, second = data.tasks[0], data.tasks[1]
    first.predecessors = [*first.predecessors, Link(second.id)]
    second.predecessors = [Link(first.id), Link("9", predecessor_project="ZZZ")]
    data.calendars["Nuit"] = CalendarSpec(name="Nuit", week={})
    folder = tmp_path / "projets"
    folder.mkdir()
    workbook = write_project_workbook(data, folder / "NET.xlsx")
    outcome = CliRunner().invoke(app, ["validate", "--json", str(folder)])
    assert outcome.exit_code == 1
    import json

    [report] = json.loads(outcome.stdout)["files"]
    problems = {p["code"]: p for p in report["problems"]}
    predecessors = corpus.cell_of(workbook, "Tâches", "Prédécesseurs", row_offset=1)
    second_cell = corpus.cell_of(workbook, "Tâches", "Prédécesseurs", row_offset=2)
    assert problems["cycle"]["location"]["cell"] == predecessors
    assert problems["cycle"]["found"] == f"{first.id} ({predecessors}) -> {second.id} ({second_cell}) -> {first.id} ({predecessors})"
    assert problems["no_working_time"]["found"] == "Nuit"
    assert problems["unknown_project"]["found"] == "ZZZ:9"
