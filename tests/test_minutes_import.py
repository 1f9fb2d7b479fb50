"""Minutes import: a filled compte rendu back into the master's registers.

A two-project portfolio with a master whose registers hold one decision and
two actions; the COPIL pack's minutes are filled with python-docx as a
secretary would, imported, and the master read back with openpyxl.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.errors import InputError
from pmo_xl.excel.actions import run_action
from pmo_xl.excel.book_adapter import FileBookAdapter
from pmo_xl.io.governance_sheets import GovernanceSetup
from pmo_xl.io.minutes import read_minutes
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model import Action, Committee, Decision, DecisionStatus, ItemStatus
from pmo_xl.model.domain import Project, ProjectData, Task
from pmo_xl.model.governance import GovernanceRegisters
from pmo_xl.io.master.config import read_master_inputs
from pmo_xl.service.consolidate import consolidate
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.model.period import parse_period, reporting_period_for
from pmo_xl.service.minutes_import import import_minutes

STATUS_DATE = date(2026, 11, 2)
# COPIL meets on the 2nd Tuesday: 10 Nov 2026 is the meeting the pack of November prepares.
MEETING = date(2026, 11, 10)


def _setup() -> GovernanceSetup:
    committees = [("COPIL", None, "2e mardi du mois, 10:00-12:00", date(2026, 1, 1), None, "Direction générale",
                   "Nadia Alaoui", 2, "pmo@banque.ma")]
    members = [("COPIL", None, "Nadia Alaoui", "n.alaoui@banque.ma", "Présidente", "fr"),
               ("COPIL", None, "Omar Tazi", "o.tazi@banque.ma", "DSI", "fr"),
               ("COPIL", None, "Jane Smith", "j.smith@banque.ma", "Auditrice", "en")]
    registers = GovernanceRegisters(
        actions=[Action("A-001", "Chiffrer le lot 2", owner="Omar Tazi", due_date=date(2026, 10, 15),
                        status=ItemStatus.OPEN, committee=Committee.COPIL, raised_on=date(2026, 9, 8)),
                 Action("A-002", "Planifier la recette", owner="Jane Smith", due_date=date(2026, 12, 1),
                        status=ItemStatus.IN_PROGRESS, committee=Committee.COPIL, raised_on=date(2026, 10, 13),
                        project="ALPHA")],
        decisions=[Decision("D-001", "Arbitrer le budget 2027", committee=Committee.COPIL,
                            status=DecisionStatus.PROPOSED, owner="Nadia Alaoui", due_date=date(2026, 11, 30))])
    return GovernanceSetup(committees, members, registers)


def _project(code: str) -> ProjectData:
    tasks = [Task("1", "Cadrage", duration_days=3, cost=3000.0,
                  baseline_start=datetime(2026, 11, 2, 8), baseline_finish=datetime(2026, 11, 4, 17))]
    project = Project(code=code, name=f"Projet {code}", start=date(2026, 11, 2), status_date=STATUS_DATE,
                      project_manager=f"Chef {code}", baseline_start=date(2026, 11, 2),
                      baseline_finish=date(2026, 11, 4))
    return ProjectData(project, tasks=tasks)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, Path]:
    """A consolidated master and the minutes of its November COPIL pack (both pristine)."""
    folder = tmp_path_factory.mktemp("gov")
    master = write_master_template(folder / "portefeuille_maitre.xlsx", governance=_setup())
    projects = folder / "projets"
    projects.mkdir()
    for code in ("ALPHA", "BETA"):
        write_project_workbook(_project(code), projects / f"{code}.xlsx")
    consolidate(master, projects, reporting_period_for(STATUS_DATE), workers=1)
    request = PackRequest(period=parse_period("2026-11"), kind=PackKind.MONTHLY, committee=Committee.COPIL,
                          lang="fr", generated_on=STATUS_DATE)
    result = write_pack(read_snapshot(master), request, folder / "packs")
    return master, result.minutes


@pytest.fixture()
def copies(prepared, tmp_path) -> tuple[Path, Path]:
    master, minutes = prepared
    shutil.copy2(master, tmp_path / master.name)
    shutil.copy2(minutes, tmp_path / minutes.name)
    return tmp_path / master.name, tmp_path / minutes.name


def _table(document, title: str):
    headers = {"decisions": "Décision", "actions": "Action", "attendees": "Présent"}
    for table in document.tables:
        if headers[title] in [c.text for c in table.rows[0].cells]:
            return table
    raise AssertionError(title)


def _first_empty_row(table):
    for row in table.rows[1:]:
        if not any(c.text.strip() for c in row.cells):
            return row
    raise AssertionError("no empty row")


def _fill(row, values) -> None:
    for cell, value in zip(row.cells, values):
        cell.text = value


def fill_minutes(path: Path) -> None:
    """The secretary's work: attendance, one new decision, one new action, action A-001 closed."""
    document = docx.Document(str(path))
    attendees = _table(document, "attendees")
    for row in attendees.rows[1:]:
        if row.cells[0].text in ("Nadia Alaoui", "Omar Tazi"):
            row.cells[3].text = "oui"
    decisions = _table(document, "decisions")
    _fill(_first_empty_row(decisions), ["", "Lancer l'appel d'offres du lot 3", "BETA", "Omar Tazi", "15/12/2026",
                                        "approuvée"])
    actions = _table(document, "actions")
    for row in actions.rows[1:]:
        if row.cells[0].text == "A-001":
            row.cells[5].text = "clos"
    _fill(_first_empty_row(actions), ["", "=HYPERLINK(\"x\") rédiger le cahier des charges", "", "Jane Smith",
                                      "2026-12-20", ""])
    document.save(str(path))


def _register(master: Path, table: str) -> list[dict]:
    book = openpyxl.load_workbook(master)
    for sheet in book.worksheets:
        if table in sheet.tables:
            ref = sheet.tables[table].ref
            rows = [[c.value for c in row] for row in sheet[ref]]
            return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]
    raise AssertionError(table)


def test_the_minutes_are_prefilled_with_the_open_register_items(prepared):
    document = docx.Document(str(prepared[1]))
    decisions = [[c.text for c in row.cells] for row in _table(document, "decisions").rows]
    actions = [[c.text for c in row.cells] for row in _table(document, "actions").rows]
    assert decisions[0] == ["Réf.", "Décision", "Projet", "Responsable", "Échéance", "Statut"]
    assert decisions[1] == ["D-001", "Arbitrer le budget 2027", "", "Nadia Alaoui", "30/11/2026", "à décider"]
    assert [r[0] for r in actions[1:3]] == ["A-001", "A-002"]
    assert actions[2][2] == "ALPHA"
    assert all(not any(r) for r in actions[3:]) and len(actions) == 6  # three empty rows for new actions
    names = [row.cells[0].text for row in _table(document, "attendees").rows[1:4]]
    assert names == ["Nadia Alaoui", "Omar Tazi", "Jane Smith"]
    read = read_minutes(prepared[1])
    assert (read.committee_key, read.meeting_date) == ("COPIL", MEETING)


def test_import_twice_adds_exactly_one_decision_and_one_action(copies):
    master, minutes = copies
    fill_minutes(minutes)
    first = import_minutes(master, minutes)
    assert first.applied and not first.problems
    assert sorted((c.kind.value, c.ref, c.created) for c in first.plan.changes) == [
        ("action", "A-001", False), ("action", "A-003", True), ("decision", "D-002", True)]
    assert first.backup_path.exists() and first.backup_path.parent.name == "sauvegardes"
    after_first = master.read_bytes()
    second = import_minutes(master, minutes)
    assert not second.plan.changes and not second.applied
    assert master.read_bytes() == after_first
    actions = {r["Id"]: r for r in _register(master, "tblGouvActions")}
    decisions = {r["Id"]: r for r in _register(master, "tblGouvDecisions")}
    assert sorted(actions) == ["A-001", "A-002", "A-003"] and sorted(decisions) == ["D-001", "D-002"]
    assert actions["A-001"]["Statut"] == "clos" and actions["A-001"]["Close le"] == datetime(2026, 11, 10)
    new_action = actions["A-003"]
    assert new_action["Action"] == "=HYPERLINK(\"x\") rédiger le cahier des charges"  # text, not a formula
    assert new_action["Échéance"] == datetime(2026, 12, 20) and new_action["Origine"] == "COPIL-2026-11-10"
    assert decisions["D-002"]["Projet"] == "BETA" and decisions["D-002"]["Décidée le"] == datetime(2026, 11, 10)
    history = [(h["Réf."], h["Ancien statut"], h["Nouveau statut"], h["Réunion"])
               for h in _register(master, "tblGouvHistorique")]
    assert ("A-001", "ouvert", "clos", "COPIL-2026-11-10") in history and len(history) == 3
    meetings = _register(master, "tblGouvReunions")
    assert [(m["Réunion"], m["Présents"], m["Quorum atteint"]) for m in meetings] == [
        ("COPIL-2026-11-10", "Nadia Alaoui; Omar Tazi", "oui")]
    # the cell holding the formula-like text is a string cell
    book = openpyxl.load_workbook(master)
    cells = [c for row in book["Gouvernance"].iter_rows() for c in row if c.value == new_action["Action"]]
    assert cells and cells[0].data_type == "s"


def test_dry_run_lists_the_changes_and_writes_nothing(copies):
    master, minutes = copies
    fill_minutes(minutes)
    before = master.read_bytes()
    outcome = CliRunner().invoke(app, ["minutes", "import", str(minutes), "--master", str(master), "--dry-run",
                                       "--json"])
    assert outcome.exit_code == 0, outcome.output
    document = json.loads(outcome.stdout)
    assert document["dry_run"] and not document["applied"]
    assert sorted(c["ref"] for c in document["changes"]) == ["A-001", "A-003", "D-002"]
    closed = next(c for c in document["changes"] if c["ref"] == "A-001")
    assert closed["fields"]["status"] == "closed" and closed["row"] == 2
    assert master.read_bytes() == before
    assert not (master.parent / "sauvegardes").exists()


def test_the_consolidated_registers_are_the_ones_the_minutes_changed(copies):
    master, minutes = copies
    fill_minutes(minutes)
    import_minutes(master, minutes)
    inputs = read_master_inputs(master)
    closed = next(a for a in inputs.governance_actions if a.id == "A-001")
    assert closed.status is ItemStatus.CLOSED and closed.closed_on == MEETING
    assert [h.new_status for h in inputs.registers.history if h.ref == "A-001"] == ["closed"]


def _rewrite_cell(minutes: Path, title: str, row: int, column: int, text: str) -> None:
    document = docx.Document(str(minutes))
    _table(document, title).rows[row].cells[column].text = text
    document.save(str(minutes))


def test_unknown_owner_and_bad_date_block_the_import_unless_confirmed(copies):
    master, minutes = copies
    fill_minutes(minutes)
    _rewrite_cell(minutes, "actions", 2, 3, "Inconnu Total")  # A-002 owner
    _rewrite_cell(minutes, "decisions", 1, 4, "31/02/2027")  # D-001 due date
    before = master.read_bytes()
    blocked = import_minutes(master, minutes)
    assert blocked.blocked and master.read_bytes() == before
    located = {(p.message, p.location.sheet, p.location.row, p.location.column) for p in blocked.problems}
    assert located == {("unknown owner", "table 4", 3, "Action"),
                       ("malformed due date", "table 3", 2, "Échéance")}
    outcome = CliRunner().invoke(app, ["minutes", "import", str(minutes), "--master", str(master), "--json"])
    assert outcome.exit_code == 1 and master.read_bytes() == before
    partial = import_minutes(master, minutes, accept_partial=True)
    assert partial.applied
    assert sorted(c.ref for c in partial.plan.changes) == ["A-001", "A-003", "D-002"]


def test_unknown_reference_is_reported_with_its_row(copies):
    master, minutes = copies
    _rewrite_cell(minutes, "actions", 1, 0, "A-999")
    result = import_minutes(master, minutes)
    assert [(p.message, p.found, p.location.row) for p in result.problems] == [("unknown reference", "A-999", 2)]
    assert result.blocked


@pytest.mark.parametrize("damage", ["swap_tables", "rename_column", "merge_cells", "other_document"])
def test_a_damaged_document_is_rejected_located_and_nothing_is_imported(copies, damage):
    master, minutes = copies
    fill_minutes(minutes)
    document = docx.Document(str(minutes))
    decisions, actions = _table(document, "decisions"), _table(document, "actions")
    expected = {"swap_tables": ("minutes tables re-ordered", "table 3", 1),
                "rename_column": ("minutes table column renamed or moved", "table 4", 1),
                "merge_cells": ("merged cells in a minutes table", "table 3", 2),
                "other_document": ("not a minutes document of the pmo-xl template", None, None)}[damage]
    if damage == "swap_tables":
        decisions._tbl.addprevious(actions._tbl)
    elif damage == "rename_column":
        actions.rows[0].cells[3].text = "Porteur"
    elif damage == "merge_cells":
        decisions.cell(1, 1).merge(decisions.cell(1, 2))
    else:
        document.core_properties.keywords = ""
    document.save(str(minutes))
    before = master.read_bytes()
    with pytest.raises(InputError) as caught:
        import_minutes(master, minutes)
    problem = caught.value.problems[0]
    assert (problem.message, problem.location.sheet, problem.location.row) == expected
    assert master.read_bytes() == before
    outcome = CliRunner().invoke(app, ["minutes", "import", str(minutes), "--master", str(master)])
    assert outcome.exit_code == 2


def test_the_ribbon_button_runs_the_same_import_through_the_adapter(copies, monkeypatch):
    import pmo_xl.service.minutes_import as service

    master, minutes = copies
    fill_minutes(minutes)
    expected = import_minutes(master, minutes, dry_run=True)
    calls = []

    def recording(*args, **kwargs):
        calls.append(kwargs.get("dry_run", False))
        return import_minutes(*args, **kwargs)

    monkeypatch.setattr(service, "import_minutes", recording)
    dry = CliRunner().invoke(app, ["minutes", "import", str(minutes), "--master", str(master), "--dry-run"])
    assert dry.exit_code == 0 and calls == [True]  # the command line calls the service function
    book = FileBookAdapter(master, answers=[str(minutes)])
    outcome = run_action("import_minutes", book)
    assert calls == [True, False]  # and so does the ribbon button, through the adapter
    assert outcome.ok, outcome.message
    assert "3 modification(s)" in outcome.message and book.backups
    actions = {r["Id"]: r["Statut"] for r in _register(master, "tblGouvActions")}
    assert actions == {"A-001": "clos", "A-002": "en cours", "A-003": "ouvert"}
    assert all(c.ref in outcome.message for c in expected.plan.changes)


def test_english_minutes_read_back_the_same_way(prepared, tmp_path):
    master = tmp_path / "portefeuille_maitre.xlsx"
    shutil.copy2(prepared[0], master)
    request = PackRequest(period=parse_period("2026-11"), kind=PackKind.MONTHLY, committee=Committee.COPIL,
                          lang="en", generated_on=STATUS_DATE)
    minutes = write_pack(read_snapshot(master), request, tmp_path / "packs").minutes
    document = docx.Document(str(minutes))
    actions = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Ref.", "Action"])
    assert [c.text for c in actions.rows[0].cells] == ["Ref.", "Action", "Project", "Owner", "Due date", "Status"]
    row = next(r for r in actions.rows[1:] if r.cells[0].text == "A-002")
    assert (row.cells[4].text, row.cells[5].text) == ("2026-12-01", "in progress")
    row.cells[4].text, row.cells[5].text = "2027-01-15", "closed"
    document.save(str(minutes))
    result = import_minutes(master, minutes, dry_run=True)
    assert result.meeting_id == "COPIL-2026-11-10" and not result.problems
    [change] = result.plan.changes
    assert change.ref == "A-002" and {f.field: f.new for f in change.fields} == {
        "status": ItemStatus.CLOSED, "closed_on": MEETING, "due_date": date(2027, 1, 15)}
