"""Writing the schedule and earned value back into a project manager's workbook, safely.

``write_back(path)`` schedules the workbook as its card says (MS Project or
Primavera P6 rules), then writes the computed columns of the task sheet and
the Gantt sheet, and nothing else: every cell the project manager types
stays as it was.  It refuses a workbook that Excel or LibreOffice has open
(their lock file is beside it) and one that changed while it was computing;
it keeps a timestamped copy of the workbook in the ``sauvegardes`` folder beside it before changing it; a run that
would write the values already there leaves the file untouched.  A computed
cell edited by hand is overwritten (after the copy) and reported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pmo_xl.errors import InputError, Location, PmoError, Problem, ProblemList
from pmo_xl.io import gantt_sheet, workbook_results
from pmo_xl.io.atomic import atomic_path
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.model.domain import ProjectData
from pmo_xl.model.schemas import DATE_FORMAT

from pmo_xl.io.backups import backup_file
from pmo_xl.io.workbook_lock import WorkbookLockedError, lock_files, refuse_if_locked  # noqa: F401

from .task_results import task_results




class WorkbookChangedError(PmoError):
    """The workbook changed on disk between reading it and writing the results."""


@dataclass(frozen=True)
class HandEdit:
    """A computed cell that held something else than what the tool wrote last: a hand edit."""

    sheet: str
    cell: str
    found: Any
    written: Any


@dataclass
class WriteBackPlan:
    """The cells a write-back sets, sheet by sheet, and the hand edits it overwrites."""

    cells: dict[str, dict[str, Any]]
    hand_edits: list[HandEdit]
    changed: dict[str, list[str]]
    data: ProjectData
    tasks: int
    critical_tasks: int
    status_date: date | None
    problems: ProblemList = field(default_factory=ProblemList)

    @property
    def changes(self) -> int:
        """How many visible cells change (the written copy left out)."""
        return sum(len(cells) for cells in self.changed.values())

    def changed_cells(self) -> dict[str, dict[str, Any]]:
        """The cells to set, sheet by sheet: those that change, and the written copy."""
        cells = {sheet: {address: self.cells[sheet][address] for address in addresses}
                 for sheet, addresses in self.changed.items()}
        if workbook_results.WRITTEN_SHEET in self.cells:
            cells[workbook_results.WRITTEN_SHEET] = self.cells[workbook_results.WRITTEN_SHEET]
        return cells


@dataclass
class WriteBackReport:
    """What a write-back did."""

    path: Path
    written: bool  # False when every computed cell already held its value
    changed_cells: int
    hand_edits: list[HandEdit]
    backup: Path | None
    tasks: int
    critical_tasks: int
    status_date: date | None
    problems: ProblemList
    sheets: list[str] = field(default_factory=list)  # the visible sheets whose cells changed




def fingerprint(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file: what tells that it changed."""
    content = path.read_bytes()
    return len(content), hashlib.sha256(content).hexdigest()




def _monday(value: datetime) -> datetime:
    return datetime(value.year, value.month, value.day) - timedelta(days=value.weekday())


def _gantt(data: ProjectData, result, lang: str) -> dict[str, Any]:
    """The Gantt sheet's values: tasks in plan order with their current dates and baseline, weekly scale."""
    by_id = {record.id: record for record in result.tasks.itertuples(index=False)}
    critical = gantt_sheet.critical_label(lang)
    not_critical = "non" if lang == "fr" else "no"
    rows: list[dict] = []
    for task in data.tasks:
        record = by_id.get(task.id)
        if record is None:
            continue
        rows.append({"id": task.id, "name": task.name, "start": record.start.to_pydatetime(),
                     "finish": record.finish.to_pydatetime(),
                     "critical": critical if record.critical else not_critical,
                     "baseline_start": task.baseline_start, "baseline_finish": task.baseline_finish})
    instants = [r[k] for r in rows for k in ("start", "finish", "baseline_start", "baseline_finish") if r[k]]
    weeks: list[datetime] = []
    if instants:
        week, last = _monday(min(instants)), max(instants)
        while week <= last:
            weeks.append(week)
            week += timedelta(days=7)
    cut = len(weeks) > gantt_sheet.MAX_WEEKS or len(rows) > gantt_sheet.MAX_TASKS
    note = None
    if cut:
        note = (f"Affichage limité à {gantt_sheet.MAX_WEEKS} semaines et {gantt_sheet.MAX_TASKS} tâches"
                if lang == "fr" else
                f"Shows at most {gantt_sheet.MAX_WEEKS} weeks and {gantt_sheet.MAX_TASKS} tasks")
    return workbook_results.gantt_cells(lang, rows, weeks, note)


def _read_checked(path: Path) -> ProjectData:
    outcome = read_project_workbook(path)
    errors = [p for p in outcome.problems if p.is_error]
    if outcome.data is None or errors:
        raise InputError("the workbook has errors; correct them before computing the plan",
                         Location(file=str(path)), errors or list(outcome.problems))
    return outcome.data


def plan_write_back(path: str | os.PathLike, status_date: date | None = None) -> WriteBackPlan:
    """What a write-back of ``path`` would set: computed cells, Gantt values, hand edits to overwrite."""
    import openpyxl

    path = Path(path)
    data = _read_checked(path)
    values, result = task_results(data, status_date)
    book = openpyxl.load_workbook(path)
    layout = workbook_results.task_sheet_layout(book, str(path))
    cells = {layout.sheet_name: workbook_results.result_cells(layout, values)}
    gantt = workbook_results.gantt_sheet_of(book, layout.lang)
    if gantt is not None:
        cells[gantt.title] = _gantt(data, result, layout.lang)
    last_written = workbook_results.written_copy(book)
    hand_edits: list[HandEdit] = []
    changed: dict[str, list[str]] = {}
    comparable = workbook_results.comparable
    for sheet_name, sheet_cells in cells.items():
        sheet = book[sheet_name]
        for address, value in sheet_cells.items():
            found = comparable(sheet[address].value)
            if found == comparable(value):
                continue
            changed.setdefault(sheet_name, []).append(address)
            if sheet_name == layout.sheet_name and found is not None and found != comparable(
                    last_written.get(address)):
                hand_edits.append(HandEdit(sheet_name, address, sheet[address].value, value))
    copy = {address: value for address, value in cells[layout.sheet_name].items()
            if comparable(last_written.get(address)) != comparable(value)}
    if copy:
        cells[workbook_results.WRITTEN_SHEET] = copy
    critical = sum(1 for v in values.values() if v["critical"])
    return WriteBackPlan(cells, hand_edits, changed, data, len(values), critical,
                         status_date or data.project.status_date, ProblemList(result.problems))




def apply_cells(book, cells: dict[str, dict[str, Any]]) -> None:
    """Set the cells in an openpyxl workbook; text stays text, never a formula."""
    for sheet_name, sheet_cells in cells.items():
        if sheet_name == workbook_results.WRITTEN_SHEET:
            sheet = workbook_results.ensure_written_copy_sheet(book)
        else:
            sheet = book[sheet_name]
        for address, value in sheet_cells.items():
            cell = sheet[address]
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, datetime) and cell.number_format in ("General", "yyyy-mm-dd h:mm:ss"):
                cell.number_format = DATE_FORMAT  # a cell the template did not style


def write_back(path: str | os.PathLike, status_date: date | None = None) -> WriteBackReport:
    """Write the schedule and earned value into the computed area and the Gantt sheet of ``path``."""
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", Location(file=str(path)))
    refuse_if_locked(path)
    before = fingerprint(path)
    plan = plan_write_back(path, status_date)
    report = WriteBackReport(path, False, plan.changes, plan.hand_edits, None, plan.tasks, plan.critical_tasks,
                             plan.status_date, plan.problems)
    report.sheets = sorted(plan.changed)
    if not plan.changes:
        return report
    refuse_if_locked(path)
    if fingerprint(path) != before:
        where = Location(file=str(path))
        raise WorkbookChangedError("the workbook changed while the plan was computed; run again", where,
                                   [Problem("workbook changed since read", where, code="changed")])
    report.backup = backup_file(path)
    book = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    apply_cells(book, plan.changed_cells())
    with atomic_path(path) as temp_path:
        book.save(temp_path)
    report.written = True
    return report


def write_back_to_book(book) -> WriteBackReport:
    """The same write-back on a workbook open in Excel, through the ribbon's book adapter.

    The open workbook's current content is read, its copy kept in the ``sauvegardes`` folder beside it, and only the cells that
    change are written through the adapter (the user saves the workbook).
    """
    path = Path(book.content_path())
    plan = plan_write_back(path)
    report = WriteBackReport(path, False, plan.changes, plan.hand_edits, None, plan.tasks, plan.critical_tasks,
                             plan.status_date, plan.problems)
    report.sheets = sorted(plan.changed)
    if not plan.changes:
        return report
    report.backup = backup_file(Path(book.folder) / path.name, content_of=path)
    for sheet_name, cells in plan.changed_cells().items():
        book.write_cells(sheet_name, cells, very_hidden=sheet_name == workbook_results.WRITTEN_SHEET)
    report.written = True
    return report
