"""Bringing a workbook of an earlier template version to the current template, without losing an entry.

``upgrade_workbook(path)`` reads every value of the old workbook cell by cell,
maps each column to the current template by its header (French or English),
keeps the columns and sheets a project manager added (after the table, or as
sheets of their own), takes a timestamped copy of the old file and writes
the current template in its place, filled with the same values.  The report
says which columns moved, what was added, and any formula whose value was
kept in its place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from pmo_xl.errors import InputError, Location
from pmo_xl.io.referential import ControlledLists
from pmo_xl.io.template_version import card_template_version
from pmo_xl.io.workbook_writer import RawContent, write_upgraded_workbook
from pmo_xl.model.schemas import (
    ALL_TABLES,
    DERIVED_COLUMNS,
    GANTT_SHEET,
    IMPORT_NOTES_SHEET,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PREVIOUS_INSTRUCTIONS_SHEET,
    PROJECT_CARD,
    TEMPLATE_VERSION,
    TableSchema,
    fold_label,
)

from pmo_xl.io.backups import backup_file
from pmo_xl.io.workbook_lock import refuse_if_locked

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class ColumnMove:
    """A column found at one place in the old workbook and written at another."""

    sheet: str
    header: str
    old_column: str
    new_column: str


@dataclass
class UpgradeReport:
    """What an upgrade did to one workbook."""

    path: Path
    old_version: str
    new_version: str
    backup: Path | None = None
    moved: list[ColumnMove] = field(default_factory=list)
    added_columns: list[tuple[str, str]] = field(default_factory=list)  # (sheet, header) new in the template
    kept_extra_columns: list[tuple[str, str]] = field(default_factory=list)  # (sheet, header) the PM added
    kept_extra_sheets: list[str] = field(default_factory=list)
    formulas_as_values: list[tuple[str, str]] = field(default_factory=list)  # (sheet, cell)
    entries: int = 0  # non-empty cells carried over

    @property
    def upgraded(self) -> bool:
        return self.backup is not None


def _labels(table: TableSchema) -> dict[str, str]:
    columns = table.columns + DERIVED_COLUMNS.get(table.key, ())
    return {fold_label(text).rstrip("* ").strip(): column.field
            for column in columns for text in (column.label_fr, column.label_en, column.field)}


def _sheet_of(book, table: TableSchema):
    names = {fold_label(table.sheet_fr), fold_label(table.sheet_en)}
    return next((sheet for sheet in book.worksheets if fold_label(sheet.title) in names), None)


def _language(book) -> str:
    names = {fold_label(sheet.title) for sheet in book.worksheets}
    french = sum(fold_label(t.sheet_fr) in names for t in ALL_TABLES if t.sheet_fr != t.sheet_en)
    english = sum(fold_label(t.sheet_en) in names for t in ALL_TABLES if t.sheet_fr != t.sheet_en)
    return "en" if english > french else "fr"


def _header_row(sheet, labels: dict[str, str]) -> int:
    best, best_count = 1, -1
    for row in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        count = sum(isinstance(c.value, str) and fold_label(c.value).rstrip("* ").strip() in labels for c in row)
        if count > best_count:
            best, best_count = row[0].row, count
    return best


def _read_table(sheet, formulas_sheet, table: TableSchema, lang: str, report: UpgradeReport, raw: RawContent):
    labels = _labels(table)
    header_row = _header_row(sheet, labels)
    new_columns = table.columns + DERIVED_COLUMNS.get(table.key, ())
    new_letter = {column.field: get_column_letter(index) for index, column in enumerate(new_columns, start=1)}
    mapped: dict[int, str] = {}
    extras: dict[int, str] = {}
    for cell in sheet[header_row]:
        if cell.value is None:
            continue
        key = fold_label(str(cell.value)).rstrip("* ").strip()
        if key in labels and labels[key] not in mapped.values():
            mapped[cell.column] = labels[key]
            if cell.column_letter != new_letter[labels[key]]:
                report.moved.append(ColumnMove(sheet.title, str(cell.value), cell.column_letter,
                                               new_letter[labels[key]]))
        else:
            extras[cell.column] = str(cell.value)
    found = set(mapped.values())
    report.added_columns += [(table.sheet(lang), c.label(lang)) for c in new_columns if c.field not in found]
    report.kept_extra_columns += [(table.sheet(lang), header) for header in extras.values()]
    rows, extra_rows = [], []
    for row in sheet.iter_rows(min_row=header_row + 1):
        values = {mapped[c.column]: c.value for c in row if c.column in mapped and c.value not in (None, "")}
        extra = [row[col - 1].value if col - 1 < len(row) else None for col in extras]
        if not values and not any(v not in (None, "") for v in extra):
            continue
        for c in row:
            if c.value not in (None, "") and (c.column in mapped or c.column in extras):
                report.entries += 1
                if formulas_sheet[c.coordinate].data_type == "f":
                    report.formulas_as_values.append((sheet.title, c.coordinate))
        rows.append(values)
        extra_rows.append(extra)
    derived = {column.field for column in DERIVED_COLUMNS.get(table.key, ())}
    raw.tables[table.key] = [{k: v for k, v in values.items() if k not in derived} for values in rows]
    if extras:
        raw.extra_columns[table.key] = (list(extras.values()), extra_rows)


def _read_card(sheet, report: UpgradeReport, raw: RawContent) -> list[list[Any]]:
    """The card's known fields into ``raw``; rows of the fields it does not know, kept aside."""
    labels = _labels(PROJECT_CARD)
    unknown: list[list[Any]] = []
    for row in sheet.iter_rows(min_row=2):
        label = row[0].value if row else None
        if not isinstance(label, str) or not label.strip():
            continue
        value = row[1].value if len(row) > 1 else None
        key = fold_label(label).rstrip("* ").strip()
        if key in labels:
            if labels[key] != "template_version" and value not in (None, ""):
                raw.card[labels[key]] = value
                report.entries += 1
        elif value not in (None, ""):
            unknown.append([label, value])
            report.entries += 1
    return unknown


def _known_sheet(title: str) -> bool:
    folded = fold_label(title)
    known = {fold_label(t.sheet(l)) for t in ALL_TABLES for l in ("fr", "en")}
    for names in (INSTRUCTIONS_SHEET, PREVIOUS_INSTRUCTIONS_SHEET, LISTS_SHEET, GANTT_SHEET, IMPORT_NOTES_SHEET):
        known |= {fold_label(name) for name in names.values()}
    return folded in known or title.startswith("pmo_xl_")


def read_old_workbook(path: Path) -> tuple[RawContent, UpgradeReport, str, str]:
    """The values of an older workbook mapped to the current template, the report so far, language and
    currency."""
    import openpyxl

    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path)
    lang = _language(values)
    card = _sheet_of(values, PROJECT_CARD)
    if card is None:
        raise InputError("missing sheet", Location(file=str(path), sheet=PROJECT_CARD.sheet_fr))
    version = card_template_version([[c.value for c in row] for row in card.iter_rows()])
    report = UpgradeReport(path, version, TEMPLATE_VERSION)
    raw = RawContent()
    unknown_card = _read_card(card, report, raw)
    if unknown_card:
        name = f"{card.title} (autres)" if lang == "fr" else f"{card.title} (other)"
        raw.extra_sheets[name] = unknown_card
        report.kept_extra_sheets.append(name)
    for table in ALL_TABLES:
        sheet = _sheet_of(values, table)
        if table is not PROJECT_CARD and sheet is not None:
            _read_table(sheet, formulas[sheet.title], table, lang, report, raw)
    for sheet in values.worksheets:
        if not _known_sheet(sheet.title):
            raw.extra_sheets[sheet.title] = [list(row) for row in sheet.iter_rows(values_only=True)]
            report.kept_extra_sheets.append(sheet.title)
            report.entries += sum(v not in (None, "") for row in raw.extra_sheets[sheet.title] for v in row)
    currency = str(raw.card.get("currency") or "MAD")
    return raw, report, lang, currency


def upgrade_workbook(path: str | os.PathLike, controlled: ControlledLists | None = None) -> UpgradeReport:
    """Upgrade ``path`` in place to the current template, its dropdowns offering the ``controlled`` lists
    of the master's referential (a copy of the old file is kept in the ``sauvegardes`` folder beside it)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", Location(file=str(path)))
    refuse_if_locked(path)
    raw, report, lang, currency = read_old_workbook(path)
    if report.old_version == TEMPLATE_VERSION:
        return report
    report.backup = backup_file(path)
    write_upgraded_workbook(raw, path, lang, currency, controlled)
    return report
