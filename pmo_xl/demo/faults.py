"""Mistakes a project manager really makes, typed into written demo workbooks.

:func:`inject_faults` edits a few of the good project workbooks with openpyxl
(a predecessor pointing nowhere, a % complete above 100, a deleted sheet, a
date typed as impossible text, an actual finish before the actual start) and
returns, for each, the exact cell and the problem code the validator should
report, so that the demo manifest can say what was broken and where.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Callable

import openpyxl
from openpyxl.utils import get_column_letter

from pmo_xl.io.atomic import atomic_path
from pmo_xl.io.predecessors import format_predecessors
from pmo_xl.model import Link, ProjectData, Task
from pmo_xl.model.schemas import RISKS, TASKS, TableSchema


@dataclass(frozen=True)
class InjectedFault:
    """One mistake put into a workbook and the problem the validator must report for it.

    ``code`` is the validator's problem code, ``sheet``/``cell`` where it
    must be located (``cell`` is ``None`` for a whole missing sheet),
    ``found`` the text now in the cell.
    """

    code: str
    sheet: str
    cell: str | None
    found: str | None
    description: str


@dataclass
class FaultyWorkbook:
    """A demo workbook that was spoiled on purpose, with its mistakes."""

    project_code: str
    path: Path
    faults: list[InjectedFault] = field(default_factory=list)

    def to_dict(self, relative_to: Path | None = None) -> dict:
        path = self.path.relative_to(relative_to) if relative_to else self.path
        return {"project": self.project_code, "file": path.as_posix(),
                "faults": [asdict(fault) for fault in self.faults]}


class _TaskSheet:
    """The tasks sheet of an open workbook: cells found by task id and column field."""

    def __init__(self, book, lang: str):
        self.name = TASKS.sheet(lang)
        self.sheet = book[self.name]
        headers = [cell.value for cell in self.sheet[1]]
        self.columns = {column.field: headers.index(column.label(lang)) + 1
                        for column in TASKS.columns if column.label(lang) in headers}
        id_column = self.columns["id"]
        self.rows = {str(self.sheet.cell(row, id_column).value): row
                     for row in range(2, self.sheet.max_row + 1)
                     if self.sheet.cell(row, id_column).value is not None}

    def cell(self, task: Task, field_name: str):
        return self.sheet.cell(self.rows[task.id], self.columns[field_name])

    def address(self, task: Task, field_name: str) -> str:
        return f"{get_column_letter(self.columns[field_name])}{self.rows[task.id]}"


def _leaves(data: ProjectData) -> list[Task]:
    return [t for t in data.tasks if not t.summary]


def _pick(data: ProjectData, *wishes: Callable[[Task], bool]) -> Task:
    """The first leaf task meeting the first wish any task meets."""
    for wish in wishes:
        for task in _leaves(data):
            if wish(task):
                return task
    raise LookupError(f"{data.project.code}: no task to spoil")


def _in_progress(task: Task) -> bool:
    return task.actual_start is not None and task.actual_finish is None and not task.milestone


def _not_started(task: Task) -> bool:
    return task.actual_start is None and not task.milestone


def _said(lang: str, french: str, english: str) -> str:
    """The description of a mistake in the demo's language."""
    return english if lang == "en" else french


def _unknown_predecessor(book, data: ProjectData, lang: str) -> InjectedFault:
    sheet = _TaskSheet(book, lang)
    task = _pick(data, lambda t: t.actual_start is None and bool(t.predecessors), lambda t: bool(t.predecessors))
    missing_id = str(max(int(t.id) for t in data.tasks) + 100)
    links = list(task.predecessors) + [Link(missing_id)]
    sheet.cell(task, "predecessors").value = format_predecessors(links, lang)
    return InjectedFault("unknown_predecessor", sheet.name, sheet.address(task, "predecessors"), missing_id,
                         _said(lang, f"La tâche {task.id} « {task.name} » a pour prédécesseur la tâche {missing_id}, "
                                     "qui n'existe pas.",
                               f"Task {task.id} '{task.name}' has task {missing_id} as predecessor, which does not "
                               "exist."))


def _percent_over_hundred(book, data: ProjectData, lang: str) -> InjectedFault:
    sheet = _TaskSheet(book, lang)
    task = _pick(data, _in_progress, _not_started)
    sheet.cell(task, "percent_complete").value = 150.0
    return InjectedFault("out_of_range", sheet.name, sheet.address(task, "percent_complete"), "150",
                         _said(lang, f"La tâche {task.id} « {task.name} » est déclarée achevée à 150 %.",
                               f"Task {task.id} '{task.name}' is reported 150% complete."))


def _missing_sheet(table: TableSchema) -> Callable:
    def remove(book, data: ProjectData, lang: str) -> InjectedFault:
        name = table.sheet(lang)
        del book[name]
        return InjectedFault("missing_sheet", name, None, None,
                             _said(lang, f"La feuille « {name} » a été supprimée.", f"Sheet '{name}' was deleted."))
    return remove


def _date_typed_as_text(book, data: ProjectData, lang: str) -> InjectedFault:
    sheet = _TaskSheet(book, lang)
    task = _pick(data, _in_progress, _not_started)
    started = task.actual_start or task.baseline_start
    text = f"31/{started.month:02d}/{started.year}" if started.month in (2, 4, 6, 9, 11) else "31/09/" + str(
        started.year)
    sheet.cell(task, "actual_start").value = text
    return InjectedFault("wrong_type", sheet.name, sheet.address(task, "actual_start"), text,
                         _said(lang, f"Le début réel de la tâche {task.id} « {task.name} » est saisi « {text} », "
                                     "une date qui n'existe pas.",
                               f"The actual start of task {task.id} '{task.name}' is typed '{text}', a date that does "
                               "not exist."))


def _finish_before_start(book, data: ProjectData, lang: str) -> InjectedFault:
    sheet = _TaskSheet(book, lang)
    task = _pick(data, lambda t: t.actual_finish is not None and not t.milestone and t.duration_days >= 3)
    wrong_finish = task.actual_start - timedelta(days=7)
    sheet.cell(task, "actual_finish").value = wrong_finish
    return InjectedFault("finish_before_start", sheet.name, sheet.address(task, "actual_finish"),
                         wrong_finish.strftime("%d/%m/%Y %H:%M"),
                         _said(lang, f"La fin réelle de la tâche {task.id} « {task.name} » précède son début réel.",
                               f"The actual finish of task {task.id} '{task.name}' is before its actual start."))


#: Which projects are spoiled and how, in the order the mistakes are typed.
FAULT_PLAN: dict[str, list[Callable]] = {
    "PRJ-13": [_unknown_predecessor, _percent_over_hundred],
    "PRJ-18": [_missing_sheet(RISKS)],
    "PRJ-24": [_date_typed_as_text, _finish_before_start],
}


def inject_faults(workbooks: dict[str, tuple[ProjectData, Path]], lang: str = "fr") -> list[FaultyWorkbook]:
    """Spoils the workbooks of :data:`FAULT_PLAN` in place; ``workbooks`` maps project code to (data, path)."""
    spoiled = []
    for code, edits in FAULT_PLAN.items():
        if code not in workbooks:
            continue
        data, path = workbooks[code]
        book = openpyxl.load_workbook(path)
        faults = [edit(book, data, lang) for edit in edits]
        with atomic_path(path) as temporary:
            book.save(temporary)
        spoiled.append(FaultyWorkbook(code, Path(path), faults))
    return spoiled
