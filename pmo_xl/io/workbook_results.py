"""The computed area of a standard workbook, read and written cell by cell with openpyxl.

The write-back never writes anything else: the computed columns of the task
sheet (:data:`~pmo_xl.model.schemas.TASK_RESULTS`), the Gantt sheet, and a
very hidden sheet keeping a copy of what it wrote last, which tells a hand
edit of the computed area (a cell that no longer holds what was written)
from a value the tool wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter

from pmo_xl.errors import InputError, Location, Problem
from pmo_xl.model.schemas import (
    BOOL_LABELS,
    GANTT_SHEET,
    TASK_RESULTS,
    TASKS,
    fold_label,
    is_example_cell,
)

from . import gantt_sheet

#: The very hidden sheet holding a copy of the computed cells last written: (sheet, cell, value) rows.
WRITTEN_SHEET = "pmo_xl_calculs"
HEADER_SEARCH_ROWS = 10


def comparable(value: Any) -> Any:
    """A cell value reduced for comparison: dates to the minute, numbers to 6 places, blanks to ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 6)
    return str(value).strip()


@dataclass
class TaskSheetLayout:
    """Where the task sheet keeps its ids and its computed columns."""

    sheet_name: str
    lang: str
    header_row: int  # 1-based
    id_column: int  # 1-based
    result_columns: dict[str, int]  # field -> 1-based column
    rows_by_id: dict[str, int] = field(default_factory=dict)
    computed_rows: list[int] = field(default_factory=list)  # every data row, examples left out


def task_sheet_of(book) -> tuple[Any, str]:
    """The task sheet of an openpyxl workbook and the language of its name."""
    for lang in ("fr", "en"):
        for sheet in book.worksheets:
            if fold_label(sheet.title) == fold_label(TASKS.sheet(lang)):
                return sheet, lang
    raise InputError("missing sheet", Location(sheet=TASKS.sheet_fr),
                     [Problem("missing sheet", Location(sheet=TASKS.sheet_fr), expected=f"a sheet '{TASKS.sheet_fr}'",
                              code="missing_sheet")])


def task_sheet_layout(book, file: str) -> TaskSheetLayout:
    """The layout of the task sheet; an error naming the missing computed columns when it has none."""
    sheet, lang = task_sheet_of(book)
    id_labels = {fold_label(TASKS.column("id").label_fr), fold_label(TASKS.column("id").label_en)}
    labels = {fold_label(column.label(l)): column.field for column in TASK_RESULTS for l in ("fr", "en")}
    for row in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        texts = {cell.column: fold_label(str(cell.value)).rstrip("* ") for cell in row
                 if isinstance(cell.value, str)}
        id_column = next((col for col, text in texts.items() if text in id_labels), None)
        if id_column is None:
            continue
        results = {labels[text]: col for col, text in texts.items() if text in labels}
        missing = [column for column in TASK_RESULTS if column.field not in results]
        if missing:
            where = Location(file=file, sheet=sheet.title, row=row[0].row)
            raise InputError("the task sheet has no computed area; upgrade the workbook first", where,
                             [Problem("missing computed column", where, None, f"a column '{c.label(lang)}'",
                                      code="missing_column") for c in missing])
        layout = TaskSheetLayout(sheet.title, lang, row[0].row, id_column, results)
        _find_rows(sheet, layout)
        return layout
    where = Location(file=file, sheet=sheet.title)
    raise InputError("header row not found", where, [Problem("header row not found", where, code="missing_header")])


def _find_rows(sheet, layout: TaskSheetLayout) -> None:
    for (cell,) in sheet.iter_rows(min_row=layout.header_row + 1, min_col=layout.id_column,
                                   max_col=layout.id_column):
        value = cell.value
        if value is None or is_example_cell(value):
            continue
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
        if text:
            layout.rows_by_id.setdefault(text, cell.row)
            layout.computed_rows.append(cell.row)


def result_cells(layout: TaskSheetLayout, values: dict[str, dict]) -> dict[str, Any]:
    """Every cell of the computed area with the value to write: a task's results, or blank for a row
    without results (a task left out of the schedule)."""
    cells: dict[str, Any] = {}
    yes, no = (pair[0 if layout.lang == "fr" else 1] for pair in (BOOL_LABELS[True], BOOL_LABELS[False]))
    by_row = {row: values.get(task_id) for task_id, row in layout.rows_by_id.items()}
    for row in layout.computed_rows:
        task_values = by_row.get(row) or {}
        for field_name, col in layout.result_columns.items():
            value = task_values.get(field_name)
            if isinstance(value, bool):
                value = yes if value else no
            cells[f"{get_column_letter(col)}{row}"] = value
    return cells


def gantt_cells(lang: str, rows: list[dict], weeks: list[datetime], note: str | None) -> dict[str, Any]:
    """The values of the Gantt sheet: the week header, one row per task, and a note when cut."""
    cells: dict[str, Any] = {f"{get_column_letter(gantt_sheet.FIRST_WEEK_COLUMN + 1)}1": note}
    for index in range(gantt_sheet.MAX_WEEKS):
        letter = get_column_letter(gantt_sheet.FIRST_WEEK_COLUMN + 1 + index)
        cells[f"{letter}{gantt_sheet.HEADER_ROW + 1}"] = weeks[index] if index < len(weeks) else None
    for index in range(gantt_sheet.MAX_TASKS):
        row = rows[index] if index < len(rows) else {}
        for col, name in enumerate(gantt_sheet.TASK_COLUMNS, start=1):
            cells[f"{get_column_letter(col)}{gantt_sheet.FIRST_TASK_ROW + 1 + index}"] = row.get(name)
    return cells


def current_values(sheet, addresses) -> dict[str, Any]:
    return {address: sheet[address].value for address in addresses}


def written_copy(book) -> dict[str, Any]:
    """What the last write-back wrote in the task sheet's computed area, by cell; empty before the first.

    The copy sits at the same cell addresses on the very hidden sheet :data:`WRITTEN_SHEET`.
    """
    if WRITTEN_SHEET not in book.sheetnames:
        return {}
    sheet = book[WRITTEN_SHEET]
    return {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}


def ensure_written_copy_sheet(book):
    """The very hidden sheet of the written copy, created when missing."""
    if WRITTEN_SHEET in book.sheetnames:
        return book[WRITTEN_SHEET]
    sheet = book.create_sheet(WRITTEN_SHEET)
    sheet.sheet_state = "veryHidden"
    return sheet


def gantt_sheet_of(book, lang: str):
    name = GANTT_SHEET[lang]
    return book[name] if name in book.sheetnames else None
