"""The Gantt sheet of the standard workbook: a weekly timescale drawn by conditional formatting.

The template holds the sheet with its rules; the write-back only writes
values: the Monday of each week in the header row, and for each task its
id, name, dates, critical flag and baseline.  The bars draw themselves:
a week cell is filled when the task's dates overlap that week (red on the
critical path, blue otherwise), and underlined when its baseline does.
Because nothing but values changes, a ribbon button writing through Excel
and the command line writing the file give the same sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

import xlsxwriter.utility

from pmo_xl.model.schemas import GANTT_SHEET

#: Row (0-based) of the header, and first row of the tasks.
HEADER_ROW = 2
FIRST_TASK_ROW = 3
#: Rows and weeks the rules cover; a longer plan is cut and says so in the title row.
MAX_TASKS = 2000
MAX_WEEKS = 208
#: Columns before the timescale, and the first week's column.
TASK_COLUMNS = ("id", "name", "start", "finish", "critical", "baseline_start", "baseline_finish")
FIRST_WEEK_COLUMN = len(TASK_COLUMNS)
DATE_COLUMNS = {"start", "finish", "baseline_start", "baseline_finish"}

HEADERS = {
    "fr": ("ID", "Tâche", "Début", "Fin", "Critique", "Début planifié", "Fin planifiée"),
    "en": ("ID", "Task", "Start", "Finish", "Critical", "Baseline start", "Baseline finish"),
}
TITLES = {"fr": "Diagramme de Gantt (semaines)", "en": "Gantt chart (weeks)"}
LEGENDS = {
    "fr": "Rouge : chemin critique ; bleu : autres tâches ; souligné : planning de référence. "
          "Rempli par « pmo-xl schedule --write-back » (ou « Calculer le planning »).",
    "en": "Red: critical path; blue: other tasks; underlined: baseline. "
          "Filled by 'pmo-xl schedule --write-back' (or 'Compute the plan').",
}
CRITICAL_FILL = "#C00000"
TASK_FILL = "#4472C4"
BASELINE_BORDER = "#000000"


@dataclass(frozen=True)
class GanttLayout:
    """Where things are on the Gantt sheet, as A1 references."""

    first_week: str = xlsxwriter.utility.xl_col_to_name(FIRST_WEEK_COLUMN)
    last_week: str = xlsxwriter.utility.xl_col_to_name(FIRST_WEEK_COLUMN + MAX_WEEKS - 1)

    @property
    def bars(self) -> str:
        """The range of the week cells the rules draw on."""
        return f"{self.first_week}{FIRST_TASK_ROW + 1}:{self.last_week}{FIRST_TASK_ROW + MAX_TASKS}"


def _overlap(start_col: str, finish_col: str, layout: GanttLayout) -> str:
    """A rule formula, relative to the first bar cell: the week overlaps the dates of two columns."""
    week = f"{layout.first_week}${HEADER_ROW + 1}"
    row = FIRST_TASK_ROW + 1
    return (f'AND(ISNUMBER({week}),ISNUMBER(${start_col}{row}),ISNUMBER(${finish_col}{row}),'
            f'{week}<=${finish_col}{row},{week}+7>${start_col}{row})')


def critical_label(lang: str) -> str:
    return "oui" if lang == "fr" else "yes"


def write_gantt_template(book, lang: str) -> None:
    """The empty Gantt sheet with its rules, locked (the write-back fills it)."""
    sheet = book.add_worksheet(GANTT_SHEET[lang])
    layout = GanttLayout()
    title = book.add_format({"bold": True, "font_size": 14, "font_color": "#1F3864"})
    legend = book.add_format({"italic": True, "font_color": "#595959"})
    header = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    week = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "num_format": "dd/mm",
                            "rotation": 90, "align": "center"})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, TITLES[lang], title)
    sheet.write_string(1, 0, LEGENDS[lang], legend)
    for col, text in enumerate(HEADERS[lang]):
        sheet.write_string(HEADER_ROW, col, text, header)
    for col, (text, width) in enumerate(zip(HEADERS[lang], (8, 40, 12, 12, 9, 12, 12))):
        fitted = max(width, len(text) * 1.1 + 4.5)  # the header, bold, with its filter button
        sheet.set_column(col, col, fitted, date_format if TASK_COLUMNS[col] in DATE_COLUMNS else None)
    sheet.set_column(FIRST_WEEK_COLUMN, FIRST_WEEK_COLUMN + MAX_WEEKS - 1, 3.3)
    sheet.set_row(HEADER_ROW, 42)
    for col, text in enumerate(HEADERS[lang]):
        sheet.write_string(HEADER_ROW, col, text, header)
    # styled blanks, so that the dates written later show as dates in Excel and through openpyxl alike
    for index in range(MAX_WEEKS):
        sheet.write_blank(HEADER_ROW, FIRST_WEEK_COLUMN + index, None, week)
    for row in range(FIRST_TASK_ROW, FIRST_TASK_ROW + MAX_TASKS):
        for col, name in enumerate(TASK_COLUMNS):
            if name in DATE_COLUMNS:
                sheet.write_blank(row, col, None, date_format)
    critical = f'AND({_overlap("C", "D", layout)},$E{FIRST_TASK_ROW + 1}="{critical_label(lang)}")'
    sheet.conditional_format(layout.bars, {"type": "formula", "criteria": "=" + critical,
                                           "format": book.add_format({"bg_color": CRITICAL_FILL})})
    sheet.conditional_format(layout.bars, {"type": "formula", "criteria": "=" + _overlap("C", "D", layout),
                                           "format": book.add_format({"bg_color": TASK_FILL})})
    sheet.conditional_format(layout.bars, {"type": "formula", "criteria": "=" + _overlap("F", "G", layout),
                                           "format": book.add_format({"bottom": 5,
                                                                      "bottom_color": BASELINE_BORDER})})
    sheet.freeze_panes(FIRST_TASK_ROW, 2)
    sheet.protect("", {"autofilter": True, "sort": False, "format_columns": True, "format_rows": True,
                       "select_locked_cells": True, "select_unlocked_cells": True})
