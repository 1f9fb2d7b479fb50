"""Every ribbon action, run on a master workbook file through the FileBookAdapter.

The portfolio is two small projects written as standard project workbooks;
results are read back with python-calamine (not the openpyxl the adapter
writes with) or with the portfolio's own reader.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from pmo_xl.excel.actions import (
    PROJECT_CRITICAL_PATH_SHEET,
    VALIDATION_SHEET,
    registered_actions,
    run_action,
)
from pmo_xl.excel.book_adapter import FileBookAdapter, Selection
from pmo_xl.excel.ribbon import dispatch
from pmo_xl.io.locking import lock_path, master_lock
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import Link, Project, ProjectData, Task
from pmo_xl.model.schemas import TASKS
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.master.reader import read_snapshot

STATUS_DATE = date(2026, 11, 2)  # the plans start that day: nothing done yet


def _project(code: str, name: str) -> ProjectData:
    # 1 Cadrage (3 d) -> 2 Conception (2 d) and 3 Achats (1 d) -> 4 Recette (2 d), from Mon 2 Nov 2026.
    # The baseline is the plan as scheduled (days 08-12 / 13-17; Fri 6 Nov is a holiday).
    def baseline(start_day: int, finish_day: int) -> dict:
        return {"baseline_start": datetime(2026, 11, start_day, 8),
                "baseline_finish": datetime(2026, 11, finish_day, 17)}

    tasks = [
        Task("1", "Cadrage", duration_days=3, cost=3000.0, **baseline(2, 4)),
        Task("2", "Conception", duration_days=2, predecessors=[Link("1")], cost=2000.0, **baseline(5, 9)),
        Task("3", "Achats", duration_days=1, predecessors=[Link("1")], cost=1000.0, **baseline(5, 5)),
        Task("4", "Recette", duration_days=2, predecessors=[Link("2"), Link("3")], cost=2000.0,
             **baseline(10, 11)),
    ]
    project = Project(code=code, name=name, start=date(2026, 11, 2), status_date=STATUS_DATE,
                      baseline_start=date(2026, 11, 2), baseline_finish=date(2026, 11, 11))
    return ProjectData(project, tasks=tasks)


def _set_status_date(master: Path, day: date) -> None:
    book = load_workbook(master)
    sheet = book["Config"]
    for row in sheet.iter_rows():
        if row[0].value == "status_date":
            row[2].value = datetime(day.year, day.month, day.day)
    book.save(master)


@pytest.fixture()
def portfolio(tmp_path) -> Path:
    master = tmp_path / "portefeuille_maitre.xlsx"
    write_master_template(master)
    _set_status_date(master, STATUS_DATE)
    projects = tmp_path / "projets"
    projects.mkdir()
    write_project_workbook(_project("ALPHA", "Projet Alpha"), projects / "ALPHA.xlsx")
    write_project_workbook(_project("BETA", "Projet Bêta"), projects / "BETA.xlsx")
    return master


def _rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _break_a_duration(workbook: Path, value: str) -> str:
    """Types ``value`` in the duration cell of the first task; returns that cell's address."""
    book = load_workbook(workbook)
    sheet = book["Tâches"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Durée (j)":
                target = sheet.cell(row=cell.row + 1, column=cell.column)
                target.value = value
                book.save(workbook)
                return target.coordinate
    raise AssertionError("no duration column")


def test_every_registered_action_is_covered_here():
    tested = {"consolidate_portfolio", "refresh_variance_kpi", "critical_path", "generate_copil_pack",
              "generate_coproj_pack", "validate_workbooks", "new_project", "open_packs_folder",
              "import_minutes",  # tests/test_minutes_import.py
              "schedule_workbook"}  # tested in test_write_back.py
    assert set(registered_actions()) == tested


def test_validate_workbooks_lists_located_problems(portfolio):
    cell = _break_a_duration(portfolio.parent / "projets" / "BETA.xlsx", "trois jours")
    book = FileBookAdapter(portfolio)
    outcome = run_action("validate_workbooks", book)
    assert outcome.ok
    book.save()
    rows = _rows(portfolio, VALIDATION_SHEET)
    assert rows[0][:4] == ["Fichier", "Projet", "Statut", "Gravité"]
    alpha = [r for r in rows[1:] if r[0] == "ALPHA.xlsx"]
    beta = [r for r in rows[1:] if r[0] == "BETA.xlsx" and r[3] == "erreur"]
    assert alpha == [["ALPHA.xlsx", "ALPHA", "conforme"] + [""] * 8]
    assert [(r[4], r[5], r[9]) for r in beta] == [("Tâches", cell, "trois jours")]
    assert book.messages[-1][1].startswith("2 classeur(s) contrôlé(s)")
    assert "1 sans erreur, 1 avec erreurs" in book.messages[-1][1]


def test_new_project_writes_the_template_and_never_overwrites(portfolio):
    book = FileBookAdapter(portfolio, answers=["GAMMA-2027"])
    outcome = run_action("new_project", book)
    target = portfolio.parent / "projets" / "GAMMA-2027.xlsx"
    assert outcome.ok and book.opened == [target]
    task_rows = _rows(target, "Tâches")
    assert any(row[:len(TASKS.headers("fr"))] == TASKS.headers("fr") for row in task_rows)
    before = target.read_bytes()
    again = FileBookAdapter(portfolio, answers=["GAMMA-2027"])
    assert not run_action("new_project", again).ok
    assert "existe déjà" in again.messages[-1][1] and again.messages[-1][2] is True
    assert target.read_bytes() == before


def test_new_project_refuses_a_bad_code_and_accepts_cancel(portfolio):
    book = FileBookAdapter(portfolio, answers=["=cmd|x", None])
    assert not run_action("new_project", book).ok
    assert "code de projet invalide" in book.messages[-1][1]
    assert "=cmd|x" in book.messages[-1][1]
    assert run_action("new_project", book).message == "Création annulée."
    assert sorted(p.name for p in (portfolio.parent / "projets").iterdir()) == ["ALPHA.xlsx", "BETA.xlsx"]


def test_open_packs_folder_creates_and_opens_it(portfolio):
    book = FileBookAdapter(portfolio)
    run_action("open_packs_folder", book)
    assert book.opened == [portfolio.parent.resolve() / "packs"]
    assert book.opened[0].is_dir()


def test_critical_path_of_the_selected_project(portfolio):
    beta = _project("BETA", "Projet Bêta")
    beta.tasks[0].name = "=Cadrage"  # user text that looks like a formula
    write_project_workbook(beta, portfolio.parent / "projets" / "BETA.xlsx")
    selection = Selection("Portefeuille", 4, 1, ["BETA", "Projet Bêta", None])
    book = FileBookAdapter(portfolio, selected=selection)
    outcome = run_action("critical_path", book)
    assert outcome.ok, book.messages
    book.save()
    rows = _rows(portfolio, PROJECT_CRITICAL_PATH_SHEET)
    assert rows[0] == ["Projet", "Ordre", "ID", "Nom de la tâche", "Début", "Fin", "Marge totale (j)", "Jalon"]
    # 1: Mon 2 - Wed 4; 2: Thu 5, Fri 6 is Green March, Mon 9; 4: Tue 10 - Wed 11 (08-12 / 13-17 days).
    assert [r[:4] for r in rows[1:]] == [["BETA", 1, "1", "=Cadrage"], ["BETA", 2, "2", "Conception"],
                                         ["BETA", 3, "4", "Recette"]]
    written = load_workbook(portfolio)[PROJECT_CRITICAL_PATH_SHEET]["D2"]
    assert (written.value, written.data_type) == ("=Cadrage", "s")  # text, not a formula
    assert [(r[4], r[5]) for r in rows[1:]] == [
        (datetime(2026, 11, 2, 8), datetime(2026, 11, 4, 17)),
        (datetime(2026, 11, 5, 8), datetime(2026, 11, 9, 17)),
        (datetime(2026, 11, 10, 8), datetime(2026, 11, 11, 17)),
    ]
    assert "fin du projet le 11/11/2026 17:00" in book.messages[-1][1]


def test_critical_path_needs_a_project_row(portfolio):
    book = FileBookAdapter(portfolio, selected=Selection("Portefeuille", 9, 1, ["rien", 3.0]))
    assert not run_action("critical_path", book).ok
    assert "aucun code de projet" in book.messages[-1][1]
    assert "ALPHA, BETA" in book.messages[-1][1]


def test_consolidate_rewrites_the_managed_tables_with_a_backup(portfolio):
    book = FileBookAdapter(portfolio)
    outcome = run_action("consolidate_portfolio", book)
    assert outcome.ok, book.messages
    assert len(book.backups) == 1 and book.backups[0].exists()
    snapshot = read_snapshot(portfolio)
    assert sorted(snapshot.overview["project_code"]) == ["ALPHA", "BETA"]
    alpha = snapshot.critical_path[snapshot.critical_path["project_code"] == "ALPHA"]
    assert list(alpha["task_id"]) == ["1", "2", "4"]
    assert "2 classeur(s) lu(s), 2 consolidé(s), 0 en erreur" in book.messages[-1][1]
    # The PMO's own sheets are kept.
    assert "Config" in CalamineWorkbook.from_path(str(portfolio)).sheet_names


class _CopyBookAdapter(FileBookAdapter):
    """The workbook read, as Excel on Windows reads the open book, from a copy saved in another folder."""

    def content_path(self) -> Path:
        copy = self.path.parent / "copie" / self.path.name
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(super().content_path().read_bytes())
        return copy


def _files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != lock_path(folder / "portefeuille_maitre.xlsx").name}


@pytest.mark.parametrize("adapter", [FileBookAdapter, _CopyBookAdapter], ids=["file", "copy"])
@pytest.mark.parametrize("action_id", ["consolidate_portfolio", "refresh_variance_kpi"])
def test_a_ribbon_consolidation_is_refused_while_another_holds_the_master(portfolio, adapter, action_id):
    book = adapter(portfolio)
    book.content_path()  # the copy adapter's folder exists before the files are listed
    before = _files_of(portfolio.parent)
    with master_lock(portfolio):
        outcome = run_action(action_id, book)
    assert not outcome.ok
    [(title, text, error)] = book.messages
    assert error and title == "PMO"
    assert text.startswith(f"{portfolio}: une autre consolidation de ce classeur maître est en cours "
                           f"(pid {os.getpid()} since ")
    assert "rien n'a été écrit" in text
    assert _files_of(portfolio.parent) == before and book.backups == []
    assert run_action(action_id, book).ok  # once the lock is released, the same action runs


def test_a_ribbon_consolidation_from_a_copy_cleans_beside_the_master(portfolio):
    leftover = portfolio.parent / ".~portefeuille_maitre-k1ll3d.xlsx"
    leftover.write_bytes(b"half a master")
    book = _CopyBookAdapter(portfolio)
    assert run_action("consolidate_portfolio", book).ok, book.messages
    assert not leftover.exists()
    assert sorted(read_snapshot(portfolio).overview["project_code"]) == ["ALPHA", "BETA"]


def test_refresh_rewrites_only_variance_and_kpi_tables(portfolio):
    book = FileBookAdapter(portfolio)
    outcome = run_action("refresh_variance_kpi", book)
    assert outcome.ok, book.messages
    assert outcome.sheets == ["Synthèse", "Portefeuille", "Jalons", "Alertes", "Historique KPI"]
    snapshot = read_snapshot(portfolio)
    assert sorted(snapshot.overview["project_code"]) == ["ALPHA", "BETA"]
    assert snapshot.critical_path.empty  # not part of a refresh
    assert set(snapshot.kpi_history["project_code"]) >= {"ALPHA", "BETA"}


@pytest.mark.parametrize("action_id, stem", [
    ("generate_copil_pack", "COPIL_monthly_2026-11_fr"),
    ("generate_coproj_pack", "COPROJ_weekly_2026-W45_fr"),
])
def test_committee_packs_after_consolidation(portfolio, action_id, stem):
    book = FileBookAdapter(portfolio)
    assert run_action("consolidate_portfolio", book).ok
    outcome = run_action(action_id, book)
    assert outcome.ok, book.messages
    pack = portfolio.parent.resolve() / "packs" / f"{stem}.docx"
    assert pack in outcome.files and pack.exists()
    text = "\n".join(p.text for p in Document(pack).paragraphs)
    text += "\n".join(cell.text for table in Document(pack).tables for row in table.rows for cell in row.cells)
    assert "ALPHA" in text or "Projet Alpha" in text


def test_packs_need_a_consolidated_portfolio(portfolio):
    book = FileBookAdapter(portfolio)
    assert not run_action("generate_copil_pack", book).ok
    assert "consolidez-le d'abord" in book.messages[-1][1]


def test_a_master_without_config_is_reported_in_an_error_box(tmp_path):
    master = tmp_path / "autre.xlsx"
    from openpyxl import Workbook

    Workbook().save(master)
    book = FileBookAdapter(master)
    outcome = dispatch("validate_workbooks", book)
    assert not outcome.ok
    title, text, is_error = book.messages[-1]
    assert is_error and "Config" in text and "autre.xlsx" in text


def test_an_unknown_button_id_is_reported(portfolio):
    book = FileBookAdapter(portfolio)
    assert not dispatch("launch_rocket", book).ok
    assert book.messages == [("PMO", "Action inconnue : 'launch_rocket'.", True)]


def test_an_english_master_gets_english_sheets_and_an_english_pack_from_the_ribbon(tmp_path):
    master = tmp_path / "portefeuille_maitre.xlsx"
    write_master_template(master, language="en")
    _set_status_date(master, STATUS_DATE)
    projects = tmp_path / "projets"
    projects.mkdir()
    write_project_workbook(_project("ALPHA", "Projet Alpha"), projects / "ALPHA.xlsx")
    book = FileBookAdapter(master)
    assert run_action("consolidate_portfolio", book).ok, book.messages
    names = load_workbook(master, read_only=True).sheetnames
    assert {"Summary", "Portfolio", "Governance"} <= set(names) and "Synthèse" not in names
    assert read_snapshot(master).overview["project_code"].tolist() == ["ALPHA"]
    outcome = run_action("generate_copil_pack", book)
    assert outcome.ok, book.messages
    pack = master.parent.resolve() / "packs" / "COPIL_monthly_2026-11_en.docx"
    assert pack in outcome.files and pack.exists()
    assert "written to" in book.messages[-1][1]
