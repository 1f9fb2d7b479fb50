"""Reading and validating a standard project workbook.

:func:`read_project_workbook` turns a workbook written from the template
(and then edited by a project manager) into :class:`ProjectData`, and lists
every problem it finds, located to the cell.  It tolerates what people do to
spreadsheets — reordered or extra columns, blank rows, French or English
headers, dates and numbers typed as text — and rejects the rest: a row with
an error is left out of the data, the other rows are kept.

Cell values are read with python-calamine.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import python_calamine
from xlsxwriter.utility import xl_rowcol_to_cell

from pmo_xl.errors import Location, Problem, ProblemList, Severity
from pmo_xl.model.domain import (
    Action,
    BudgetLine,
    Decision,
    Dependency,
    Issue,
    Link,
    Project,
    ProjectData,
    Resource,
    Risk,
    Sprint,
    StatusReport,
    Task,
)
from pmo_xl.model.enums import LinkType
from pmo_xl.model.schemas import (
    ALL_TABLES,
    FRENCH_LINK_CODES,
    KEY_VALUE_HEADERS,
    PROJECT_CARD,
    DATED_CALENDAR_ENTRIES,
    CalendarEntryKind,
    CalendarRow,
    ColumnSpec,
    TableSchema,
    ValueKind,
    build_calendars,
    enum_choices,
    enum_label,
    fold_label,
    is_example_cell,
    parse_enum_value,
)

from .date_window import as_day, plausible_window, project_span, window_expected_text
from .predecessors import parse_predecessors_collect
from .io_errors import os_error_reason
from .plausibility import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_CODE_LENGTH,
    MAX_LAG_DAYS,
    MAX_TEXT_LENGTH,
    code_problem_text,
    is_placeholder_date,
    is_plausible_date,
    number_bound,
    window_text,
    without_invisible_controls,
)
from .project_folder import OTHER_KINDS
from .safe_read import (
    DEFAULT_LIMITS,
    ReadLimits,
    SheetScan,
    archive_problem,
    beyond_problems,
    file_problem,
    file_size_problem,
    scan_workbook,
    trimmed_workbook,
)
from .template_version import card_template_version, old_template_problem
from .values import (
    clean_text,
    format_holiday_country,
    format_hours,
    format_weekdays,
    is_blank,
    parse_assignments,
    parse_bool,
    parse_currency,
    parse_date,
    parse_datetime,
    parse_holiday_country,
    parse_hours,
    parse_int,
    parse_month,
    parse_number,
    parse_percent,
    parse_period,
    parse_weekdays,
)

#: Rows scanned from the top of a sheet to find its header row.
HEADER_SEARCH_ROWS = 10

MODEL_CLASSES: dict[str, type] = {
    "tasks": Task, "resources": Resource, "budget": BudgetLine, "risks": Risk, "issues": Issue,
    "actions": Action, "decisions": Decision, "dependencies": Dependency, "sprints": Sprint,
    "status_reports": StatusReport, "calendar": CalendarRow,
}


@dataclass
class WorkbookReadResult:
    """What reading one project workbook gave: the data kept and every problem found."""

    path: Path
    data: ProjectData | None
    problems: ProblemList = field(default_factory=ProblemList)
    predecessor_cells: dict[str, Location] = field(default_factory=dict)  # task id -> its predecessors cell
    calendar_sheet: str | None = None  # the name of the calendar sheet as found

    @property
    def ok(self) -> bool:
        """True when the data is usable and no problem is an error (warnings allowed)."""
        return self.data is not None and not self.problems.has_errors


@dataclass
class RowRecord:
    """One data row read from a table: its values by field and where each came from."""

    row: int  # 0-based sheet row
    values: dict[str, Any]
    columns: dict[str, int]  # field -> 0-based sheet column (one mapping shared by the rows of a table)
    headers: dict[str, str]  # field -> header as found in the file (shared likewise)
    has_error: bool = False
    bad_fields: set[str] = field(default_factory=set)  # fields whose cell could not be used

    @property
    def cells(self) -> dict[str, str]:
        """Field -> cell address of this row, e.g. ``{"name": "D12"}``."""
        return {name: xl_rowcol_to_cell(self.row, col) for name, col in self.columns.items()}

    def usable(self, *field_names: str) -> bool:
        """True when none of ``field_names`` had a bad cell, so a cross-check on them makes sense."""
        return not self.bad_fields.intersection(field_names)


class TableReader:
    """Reads the rows of one table (a sheet or any 2-D range) into records, collecting problems.

    ``rows`` given to :meth:`read_rows` are lists of cell values, header row
    included; ``sheet`` may be ``None`` for a range that is not a sheet.
    """

    def __init__(self, file: str, sheet: str, table: TableSchema, lang: str, problems: ProblemList,
                 scan: SheetScan | None = None):
        self.structure_ok = True  # header and required columns found
        self.scan = scan if scan is not None and scan.has_bad_cells else None
        self.merged: list[tuple[tuple[int, int], tuple[int, int]]] = []  # merged ranges of the sheet
        self.file = file
        self.sheet = sheet
        self.table = table
        self.lang = lang
        self.problems = problems

    def location(self, row: int | None = None, col: int | None = None, header: str | None = None) -> Location:
        cell = xl_rowcol_to_cell(row, col) if row is not None and col is not None else None
        return Location(file=self.file, sheet=self.sheet, cell=cell,
                        row=row + 1 if row is not None else None, column=header)

    def add(self, message: str, location: Location, found: Any = None, expected: str | None = None,
            code: str = "invalid", severity: Severity = Severity.ERROR) -> None:
        found_text = None if found is None else (found if isinstance(found, str) else _show(found))
        self.problems.append(Problem(message, location, found_text, expected, severity, code))

    def bad_cell(self, row: int, col: int, header: str | None) -> bool:
        """Whether the cell at ``(row, col)``, read as blank, holds an Excel error value or a formula
        never calculated; if so the problem is added."""
        if self.scan is None:
            return False
        error = self.scan.errors.get((row, col))
        if error is not None:
            self.add("Excel error value in the cell", self.location(row, col, header), error,
                     "a value (correct the formula or the reference)", "excel_error")
            return True
        if (row, col) in self.scan.uncalculated:
            self.add("formula never calculated", self.location(row, col, header), None,
                     "the workbook saved from Excel after calculation", "uncalculated_formula")
            return True
        return False

    def rows_with_bad_cells(self, columns: list[int]) -> set[int]:
        """The rows having an error value or an uncalculated formula in one of ``columns``."""
        if self.scan is None:
            return set()
        wanted = set(columns)
        return {row for row, col in (*self.scan.errors, *self.scan.uncalculated) if col in wanted}

    # -- values -----------------------------------------------------------------
    def convert(self, column: ColumnSpec, raw: Any, location: Location) -> tuple[bool, Any]:
        """``(ok, value)`` for a non-blank raw cell value; adds a problem when not ok."""
        kind = column.kind
        try:
            if kind is ValueKind.TEXT:
                if isinstance(raw, datetime):
                    return True, raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat(" ")
                return True, self.checked_text(clean_text(raw), location)
            if kind is ValueKind.INT:
                value = parse_int(raw)
            elif kind in (ValueKind.FLOAT, ValueKind.MONEY):
                value = parse_number(raw)
            elif kind is ValueKind.PERCENT:
                value = parse_percent(raw)
            elif kind is ValueKind.DATE:
                return self.checked_date(parse_date(raw), raw, location)
            elif kind is ValueKind.DATETIME:
                return self.checked_date(_round_to_second(parse_datetime(raw)), raw, location)
            elif kind is ValueKind.MONTH:
                try:
                    return True, parse_month(raw)
                except ValueError:
                    self.add("month is not a date", location, raw, "a month (a date or mm/yyyy)", "wrong_type")
                    return False, None
            elif kind is ValueKind.BOOL:
                return True, parse_bool(raw)
            elif kind is ValueKind.ENUM:
                member = parse_enum_value(column.enum, raw)
                if member is None:
                    self.add("unknown value", location, raw,
                             "one of " + ", ".join(enum_choices(column.enum, self.lang)), "unknown_value")
                    return False, None
                return True, member
            elif kind is ValueKind.CURRENCY:
                try:
                    return True, parse_currency(raw)
                except ValueError as exc:
                    self.add("unknown currency", location, raw, str(exc), "unknown_currency")
                    return False, None
            elif kind is ValueKind.PREDECESSORS:
                links, problems = parse_predecessors_collect(raw, location)
                self.problems.extend(problems)
                too_long = [link for link in links if _implausible_lag(link)]
                if too_long:
                    self.add("lag out of range", location, raw, f"lags of {MAX_LAG_DAYS:g} days or less either way",
                             "out_of_range")
                return not problems and not too_long, links
            elif kind is ValueKind.ASSIGNMENTS:
                return True, parse_assignments(raw)
            elif kind is ValueKind.HOURS:
                try:
                    return True, parse_hours(raw)
                except ValueError as exc:
                    self.add("hours not understood", location, raw, str(exc), "bad_hours")
                    return False, None
            elif kind is ValueKind.PERIOD:
                return True, parse_period(raw)
            elif kind is ValueKind.WEEKDAYS:
                try:
                    return True, parse_weekdays(raw)
                except ValueError as exc:
                    self.add("unknown weekday", location, raw, str(exc), "unknown_weekday")
                    return False, None
            elif kind is ValueKind.COUNTRY:
                try:
                    return True, parse_holiday_country(raw)
                except ValueError as exc:
                    self.add("unknown country code", location, raw, str(exc), "unknown_country")
                    return False, None
            else:  # pragma: no cover - every kind is handled above
                raise AssertionError(kind)
        except ValueError as exc:
            self.add("wrong type", location, raw, str(exc), "wrong_type")
            return False, None
        if column.minimum is not None and value < column.minimum or (
                column.maximum is not None and value > column.maximum):
            self.add(_range_message(column), location, raw, _range_text(column), "out_of_range")
            return False, None
        bound = number_bound(column.field, kind is ValueKind.MONEY)
        if not -bound <= value <= bound:
            self.add("implausible value", location, raw, f"a number of {bound:g} or less in size", "implausible")
            return False, None
        return True, value

    def checked_text(self, text: str | None, location: Location) -> str | None:
        """``text`` without invisible control characters and at most :data:`MAX_TEXT_LENGTH` long,
        each change reported as a warning."""
        if text is None:
            return None
        visible = without_invisible_controls(text)
        if visible != text:
            self.add("invisible control characters removed", location, repr(text[:60]), "visible text only",
                     "control_characters", Severity.WARNING)
        if len(visible) > MAX_TEXT_LENGTH:
            self.add("text cut to the maximum length", location, f"{len(visible)} characters",
                     f"{MAX_TEXT_LENGTH} characters or less", "text_too_long", Severity.WARNING)
            visible = visible[:MAX_TEXT_LENGTH]
        return visible or None

    def checked_date(self, value: date | datetime, raw: Any, location: Location) -> tuple[bool, Any]:
        """``(ok, value)`` for a date read from a cell: a placeholder is no date (a warning),
        a date outside the plausible window is an error."""
        if is_placeholder_date(value):
            self.add("placeholder date read as no date", location, raw, "a real date or an empty cell",
                     "placeholder_date", Severity.WARNING)
            return True, None
        if not is_plausible_date(value):
            self.add("date outside the plausible window", location, raw, window_text(), "implausible_date")
            return False, None
        return True, value

    # -- tables -----------------------------------------------------------------
    def read_rows(self, rows: list[list[Any]]) -> list[RowRecord]:
        header_row, mapping = self.find_header(rows)
        if header_row is None:
            self.structure_ok = False
            self.add("header row not found", self.location(), None,
                     "headers: " + ", ".join(self.table.headers(self.lang)), "missing_header")
            return []
        found_fields = {spec.field for spec, _ in mapping.values()}
        self.check_header(rows[header_row], header_row, mapping, found_fields)
        missing = [c for c in self.table.columns if c.required and c.field not in found_fields]
        for column in missing:
            self.add("missing required column", self.location(header_row, None, column.label(self.lang)),
                     None, f"a column '{column.label(self.lang)}'", "missing_column")
        if missing:
            self.structure_ok = False
            return []
        # One plan per column, chosen once: (sheet column, spec, header, fast converter or None).
        plan = [(col, column, header, _fast_converter(column)) for col, (column, header) in mapping.items()]
        sheet_columns = list(mapping)
        width = max(sheet_columns) + 1
        columns_of = {column.field: col for col, (column, _) in mapping.items()}
        headers_of = {column.field: header for column, header in mapping.values()}
        first_col = columns_of.get(self.table.columns[0].field)
        records: list[RowRecord] = []
        rows_with_bad_cells = self.rows_with_bad_cells(sheet_columns)
        for row_index in range(header_row + 1, len(rows)):
            cells = rows[row_index]
            if len(cells) < width:
                cells = [*cells, *([None] * (width - len(cells)))]
            for col in sheet_columns:
                raw = cells[col]
                if raw is not None and (not isinstance(raw, str) or raw.strip()):
                    break
            else:
                if row_index not in rows_with_bad_cells:
                    continue  # a blank row
            if first_col is not None and is_example_cell(cells[first_col]):
                continue  # an example row of the template
            values: dict[str, Any] = {}
            record = RowRecord(row_index, values, columns_of, headers_of)
            for col, column, header, fast in plan:
                raw = cells[col]
                if isinstance(raw, str):
                    raw = raw.strip() or None
                if raw is None:
                    if rows_with_bad_cells and row_index in rows_with_bad_cells and self.bad_cell(
                            row_index, col, header):
                        record.has_error = True
                        record.bad_fields.add(column.field)
                        continue
                    if column.required:
                        self.add("required value missing", self.location(row_index, col, header), None,
                                 column.label(self.lang), "required")
                        record.has_error = True
                        record.bad_fields.add(column.field)
                    continue
                value = _FULL_CONVERSION if fast is None else fast(raw)
                if value is _FULL_CONVERSION:
                    ok, value = self.convert(column, raw, self.location(row_index, col, header))
                    if not ok:
                        record.has_error = True
                        record.bad_fields.add(column.field)
                        continue
                if value is not None:
                    values[column.field] = value
            records.append(record)
        return records

    def check_header(self, cells: list[Any], header_row: int, mapping: dict[int, tuple[ColumnSpec, str]],
                     found_fields: set[str]) -> None:
        """Strict header matching: a header given twice or merged over several columns is an error on its
        cell; a header the template does not know is an error when it resembles a missing template column
        (it was renamed), else an extra column, ignored."""
        by_label = _columns_by_label(self.table)
        first_of: dict[str, int] = {}
        for col, (column, _) in mapping.items():
            first_of[column.field] = col
        absent = [c.label(self.lang) for c in self.table.columns if c.field not in found_fields]
        for col, cell in enumerate(cells):
            if not isinstance(cell, str) or not cell.strip() or col in mapping:
                continue
            location = self.location(header_row, col, cell.strip())
            column = by_label.get(_header_key(cell))
            if column is not None:
                first = xl_rowcol_to_cell(header_row, first_of[column.field])
                self.add("column given twice", location, cell.strip(), f"each column once (first in {first})",
                         "duplicate_column")
            else:  # an extra column is tolerated, but not one that looks like a missing template column
                renamed = _resembling(cell, absent)
                if renamed:
                    self.add("unknown column header (renamed?)", location, cell.strip(),
                             "one of the missing headers: " + ", ".join(renamed), "unknown_column")
        for (first_row, first_col), (last_row, last_col) in self.merged:
            if first_row <= header_row <= last_row and last_col > first_col and first_col in mapping:
                self.add("merged header cells", self.location(header_row, first_col, mapping[first_col][1]),
                         f"{xl_rowcol_to_cell(first_row, first_col)}:{xl_rowcol_to_cell(last_row, last_col)}",
                         "one header cell per column", "merged_header")

    def find_header(self, rows: list[list[Any]]) -> tuple[int | None, dict[int, tuple[ColumnSpec, str]]]:
        """The header row and, for each recognised column index, its spec and header text."""
        by_label = _columns_by_label(self.table)
        best_row, best_mapping = None, {}
        for row_index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
            mapping: dict[int, tuple[ColumnSpec, str]] = {}
            seen: set[str] = set()
            for col, cell in enumerate(cells):
                if not isinstance(cell, str):
                    continue
                column = by_label.get(_header_key(cell))
                if column is not None and column.field not in seen:
                    seen.add(column.field)
                    mapping[col] = (column, cell.strip())
            if len(mapping) > len(best_mapping):
                best_row, best_mapping = row_index, mapping
        return best_row, best_mapping

    def cell_location(self, record: RowRecord, field_name: str) -> Location:
        col = record.columns.get(field_name)
        cell = xl_rowcol_to_cell(record.row, col) if col is not None else None
        return Location(file=self.file, sheet=self.sheet, cell=cell, row=record.row + 1,
                        column=record.headers.get(field_name))


def _resembling(header: str, labels: list[str]) -> list[str]:
    """The ``labels`` that ``header`` looks like a renaming of: same first word, or close spelling."""
    key = _header_key(header)
    first = key.split(" ", 1)[0]
    folded = {label: _header_key(label) for label in labels}
    close = set(difflib.get_close_matches(key, list(folded.values()), n=3, cutoff=0.6))
    return [label for label, text in folded.items()
            if text in close or (len(first) >= 4 and text.split(" ", 1)[0] == first)]


@lru_cache(maxsize=8192)
def _header_key(text: str) -> str:
    """A header cell reduced for matching: folded, without the required-field star."""
    return fold_label(text).rstrip("* ").strip()


@lru_cache(maxsize=None)
def _columns_by_label(table: TableSchema) -> dict[str, ColumnSpec]:
    """The columns of ``table`` by folded English label, field name and French label."""
    by_label: dict[str, ColumnSpec] = {}
    for column in table.columns:
        for text in (column.label_en, column.field, column.label_fr):
            by_label[fold_label(text)] = column
    return by_label


#: One link of a predecessor cell in its plain form: "12", "3DD+5j", "CBM:45FS-2d", "7SS+50%".
_PLAIN_LINK = re.compile(r"(?:([A-Za-z0-9_.\-]+):)?(\d+)(FS|SS|FF|SF|FD|DD|DF)?(?:([+-])(\d+(?:\.\d+)?)(j|d|%)?)?")
_LINK_TYPE_OF_CODE: dict[str, LinkType] = {
    **{link_type.value: link_type for link_type in LinkType}, **FRENCH_LINK_CODES}


def _plain_links(text: str) -> list[Link] | None:
    """The links of a predecessor cell whose links are all plain, separated by ``;``; else ``None``.

    Plain means a numeric task id, an optional project prefix, an upper-case
    type code and a working-day (``j``/``d``) or percentage lag without
    spaces or decimal comma: the links MS Project and the template write.
    They come out as :func:`~pmo_xl.io.predecessors.parse_predecessors_collect`
    gives them; any other cell returns ``None`` and goes to that parser.
    """
    if "," in text:
        return None
    links: list[Link] = []
    for token in text.split(";"):
        token = token.strip()
        if not token:
            continue
        match = _PLAIN_LINK.fullmatch(token)
        if match is None:
            return None
        project, task, type_code, sign, amount, unit = match.groups()
        link = Link(predecessor_id=task, type=_LINK_TYPE_OF_CODE[type_code or "FS"], predecessor_project=project)
        if amount is not None:
            lag = float(amount)
            if sign == "-":
                lag = -lag
            if unit == "%":
                link.lag_percent = lag
            else:
                link.lag_days = lag
        links.append(link)
    return links


#: The years a fast converter takes a date in; others go to :meth:`TableReader.convert` to be checked.
_FIRST_YEAR, _LAST_YEAR = EARLIEST_YEAR, LATEST_YEAR


def _implausible_lag(link: Link) -> bool:
    return link.lag_days is not None and abs(link.lag_days) > MAX_LAG_DAYS


#: What a fast converter returns for a cell it leaves to :meth:`TableReader.convert`.
_FULL_CONVERSION = object()

#: Distinct texts remembered per enum, boolean or currency column (values repeat: statuses, oui/non).
_KNOWN_TEXTS_LIMIT = 4096


@lru_cache(maxsize=None)
def _fast_converter(column: ColumnSpec) -> Callable[[Any], Any] | None:
    """The converter of the usual good cells of ``column``, or ``None`` when there is none.

    It turns a non-blank, stripped cell value that python-calamine gives in
    the expected form (a float for numbers, a date or datetime for dates, a known
    text for enums, booleans and currencies, well-formed links and
    assignments) into the same model value as :meth:`TableReader.convert`,
    and returns :data:`_FULL_CONVERSION` for anything else, bad cells
    included, so that every problem is still reported by ``convert``.
    """
    kind = column.kind
    bound = number_bound(column.field, kind is ValueKind.MONEY)
    low = max(-bound, float("-inf") if column.minimum is None else column.minimum)
    high = min(bound, float("inf") if column.maximum is None else column.maximum)

    if kind is ValueKind.TEXT:
        def convert(raw: Any) -> Any:
            if raw.__class__ is str and raw.isprintable() and len(raw) <= MAX_TEXT_LENGTH:
                return raw
            return _FULL_CONVERSION
    elif kind is ValueKind.INT:
        def convert(raw: Any) -> Any:
            if raw.__class__ is float and raw.is_integer():
                value = int(raw)
                if low <= value <= high:
                    return value
            return _FULL_CONVERSION
    elif kind in (ValueKind.FLOAT, ValueKind.MONEY):
        def convert(raw: Any) -> Any:
            if raw.__class__ is float and low <= raw <= high:
                return raw
            return _FULL_CONVERSION
    elif kind is ValueKind.PERCENT:
        def convert(raw: Any) -> Any:
            if raw.__class__ is float:
                value = round(raw * 100, 9)
                if low <= value <= high:
                    return value
            return _FULL_CONVERSION
    elif kind is ValueKind.DATE:
        def convert(raw: Any) -> Any:
            if raw.__class__ is date:
                return raw if _FIRST_YEAR <= raw.year <= _LAST_YEAR else _FULL_CONVERSION
            if raw.__class__ is datetime:
                return raw.date() if _FIRST_YEAR <= raw.year <= _LAST_YEAR else _FULL_CONVERSION
            return _FULL_CONVERSION
    elif kind is ValueKind.DATETIME:
        def convert(raw: Any) -> Any:
            if raw.__class__ is datetime:
                return _FULL_CONVERSION if raw.microsecond or not _FIRST_YEAR <= raw.year <= _LAST_YEAR else raw
            if raw.__class__ is date and _FIRST_YEAR <= raw.year <= _LAST_YEAR:
                return datetime(raw.year, raw.month, raw.day)
            return _FULL_CONVERSION
    elif kind is ValueKind.MONTH:
        def convert(raw: Any) -> Any:
            if raw.__class__ is date:
                return raw.replace(day=1)
            return raw.date().replace(day=1) if raw.__class__ is datetime else _FULL_CONVERSION
    elif kind is ValueKind.PREDECESSORS:
        def convert(raw: Any) -> Any:
            if raw.__class__ is str:
                links = _plain_links(raw)
                if links is None:
                    links, problems = parse_predecessors_collect(raw)
                    if problems:
                        return _FULL_CONVERSION
                for link in links:
                    if _implausible_lag(link):
                        return _FULL_CONVERSION
                return links
            return _FULL_CONVERSION
    elif kind is ValueKind.ASSIGNMENTS:
        def convert(raw: Any) -> Any:
            if raw.__class__ is str:
                try:
                    return parse_assignments(raw)
                except ValueError:
                    pass
            return _FULL_CONVERSION
    elif kind in (ValueKind.ENUM, ValueKind.BOOL, ValueKind.CURRENCY):
        if kind is ValueKind.ENUM:
            enum_class = column.enum

            def parse(text: str) -> Any:
                return parse_enum_value(enum_class, text)
        else:
            parser = parse_bool if kind is ValueKind.BOOL else parse_currency

            def parse(text: str) -> Any:
                try:
                    return parser(text)
                except ValueError:
                    return None
        known: dict[str, Any] = {}

        def convert(raw: Any) -> Any:
            if raw.__class__ is not str:
                return raw if kind is ValueKind.BOOL and raw.__class__ is bool else _FULL_CONVERSION
            value = known.get(raw)
            if value is None:
                value = parse(raw)
                if value is None:
                    return _FULL_CONVERSION
                if len(known) < _KNOWN_TEXTS_LIMIT:
                    known[raw] = value
            return value
    else:
        return None
    return convert


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == datetime.min.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _round_to_second(value: datetime) -> datetime:
    if value.microsecond >= 500_000:
        value += timedelta(seconds=1)
    return value.replace(microsecond=0)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _range_text(column: ColumnSpec) -> str:
    if column.minimum is not None and column.maximum is not None:
        return f"between {_number_text(column.minimum)} and {_number_text(column.maximum)}"
    if column.minimum is not None:
        return f"{_number_text(column.minimum)} or more"
    return f"{_number_text(column.maximum)} or less"


def _range_message(column: ColumnSpec) -> str:
    if column.kind is ValueKind.PERCENT:
        return "percentage outside 0-100"
    if column.minimum == 0 and column.maximum is None:
        return "negative value"
    return "value out of range"


# -- file level -------------------------------------------------------------------
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def _file_problem(path: Path) -> Problem | None:
    """A problem that makes the file unusable as a workbook, or ``None``."""
    location = Location(file=str(path))
    problem = file_problem(path)
    if problem is not None:
        return problem
    other_kind = OTHER_KINDS.get(path.suffix.lower())
    if other_kind is not None:
        return Problem("not an xlsx file", location, found=other_kind, expected="an .xlsx workbook", code="not_xlsx")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        content = path.read_bytes()
        if _ENCRYPTION_STREAM in content:
            return Problem("password-protected workbook", location, expected="a workbook without password",
                           code="password_protected")
        return Problem("not an xlsx file", location, found="an Excel 97-2003 (.xls) file",
                       expected="an .xlsx workbook", code="not_xlsx")
    if not zipfile.is_zipfile(path):
        return Problem("not an xlsx file", location, expected="an .xlsx workbook", code="not_xlsx")
    return None


def _open_workbook(path: Path, problems: ProblemList, limits: ReadLimits = DEFAULT_LIMITS):
    """The calamine workbook of ``path`` and the scan of its sheets, or ``(None, None)`` with the problem added.

    The archive is checked against ``limits`` before anything is inflated,
    and cells beyond the readable area are left out of what calamine loads
    (and reported).
    """
    try:
        problem = _file_problem(path)
    except OSError as exc:  # permission denied, file locked by another program
        problem = Problem("file cannot be opened", Location(file=str(path)), found=os_error_reason(exc),
                          code="unreadable_file")
    if problem is None:
        try:
            problem = file_size_problem(path, path.stat().st_size, limits)
            if problem is None:
                content = io.BytesIO(path.read_bytes())  # read once: scanned here, then given to calamine
                with zipfile.ZipFile(content) as archive:
                    problem = archive_problem(archive, path, limits)
                    if problem is None:
                        scan = scan_workbook(archive, limits, _is_table_sheet)
                        if scan.needs_trimming:
                            problems.extend(beyond_problems(scan, path, limits))
                            content = trimmed_workbook(archive, scan, limits)
                        content.seek(0)
                        return python_calamine.CalamineWorkbook.from_filelike(content), scan
        except python_calamine.PasswordError:
            problem = Problem("password-protected workbook", Location(file=str(path)),
                              expected="a workbook without password", code="password_protected")
        except (python_calamine.CalamineError, zipfile.BadZipFile, OSError, ValueError, EOFError,
                zlib.error) as exc:
            problem = Problem("corrupt workbook", Location(file=str(path)), found=str(exc)[:200],
                              expected="an .xlsx workbook Excel can open", code="corrupt")
    problems.append(problem)
    return None, None


#: The folded names, French and English, of the sheets the reader reads.
_TABLE_SHEETS = frozenset(fold_label(table.sheet(lang)) for table in ALL_TABLES for lang in ("fr", "en"))


def _is_table_sheet(name: str) -> bool:
    return fold_label(name) in _TABLE_SHEETS


def _workbook_language(sheet_names: dict[str, str]) -> str:
    """"fr" or "en": the language most sheet names of the workbook are in (French on a tie)."""
    votes = {"fr": 0, "en": 0}
    for table in ALL_TABLES:
        if table.sheet_fr == table.sheet_en:
            continue
        for lang in votes:
            if fold_label(table.sheet(lang)) in sheet_names:
                votes[lang] += 1
    return "en" if votes["en"] > votes["fr"] else "fr"


def _sheet_rows(book, name: str) -> tuple[list[list[Any]], list]:
    """The cell values of sheet ``name``, row by row from A1, and its merged ranges ``((r, c), (r, c))``."""
    sheet = book.get_sheet_by_name(name)
    return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []


# -- project card -------------------------------------------------------------------
def _read_card(reader: TableReader, rows: list[list[Any]], stand_in: str,
               locations: dict[str, Location]) -> Project:
    """The project of the key/value card; ``locations`` receives the value cell of each field found.

    A field whose value is bad is reported and left at its default; a code
    or name that cannot be read is reported and replaced by ``stand_in``.
    """
    labels: dict[str, ColumnSpec] = {}
    for column in PROJECT_CARD.columns:
        for text in (column.label_fr, column.label_en, column.field):
            labels[fold_label(text)] = column
    value_headers = {fold_label(KEY_VALUE_HEADERS["fr"][1]), fold_label(KEY_VALUE_HEADERS["en"][1])}
    value_col: int | None = None
    for cells in rows[:HEADER_SEARCH_ROWS]:
        for col, cell in enumerate(cells):
            if isinstance(cell, str) and fold_label(cell) in value_headers:
                value_col = col
                break
        if value_col is not None:
            break
    values: dict[str, Any] = {}
    seen: set[str] = set()
    for row_index, cells in enumerate(rows):
        for col, cell in enumerate(cells):
            if not isinstance(cell, str):
                continue
            column = labels.get(_header_key(cell))
            if column is None or column.field in seen:
                continue
            seen.add(column.field)
            target = value_col if value_col is not None and value_col > col else col + 1
            raw = cells[target] if target < len(cells) else None
            location = locations[column.field] = reader.location(row_index, target, column.label(reader.lang))
            if is_blank(raw):
                if reader.bad_cell(row_index, target, column.label(reader.lang)):
                    pass
                elif column.required:
                    reader.add("required value missing", location, None, column.label(reader.lang), "required")
            else:
                ok, value = reader.convert(column, raw.strip() if isinstance(raw, str) else raw, location)
                if ok and value is not None:
                    values[column.field] = value
            break
    for column in PROJECT_CARD.columns:
        if column.required and column.field not in seen:
            reader.add("missing field", reader.location(header=column.label(reader.lang)), None,
                       f"a row '{column.label(reader.lang)}'", "missing_field")
    start, finish = values.get("baseline_start"), values.get("baseline_finish")
    if start and finish and finish < start:
        reader.add("baseline finish before baseline start", locations["baseline_finish"], _show(finish),
                   f"on or after {_show(start)}", "finish_before_start")
    _check_code(reader, values, locations, stand_in)
    values.setdefault("code", stand_in)
    values.setdefault("name", stand_in)
    return Project(**values)


def _check_code(reader: TableReader, values: dict[str, Any], locations: dict[str, Location], stand_in: str) -> None:
    """A project code names files and links: one with a path separator is refused (the file name stands in),
    a very long one is cut; both are reported on the code's cell."""
    code = values.get("code")
    if code is None:
        return
    refused = code_problem_text(code)
    if refused is not None:
        reader.add("project code unusable as a file name", locations["code"], code, refused, "bad_code")
        values["code"] = stand_in
    elif len(code) > MAX_CODE_LENGTH:
        reader.add("project code cut to the maximum length", locations["code"], code,
                   f"{MAX_CODE_LENGTH} characters or less", "code_too_long", Severity.WARNING)
        values["code"] = code[:MAX_CODE_LENGTH]


# -- cross checks -------------------------------------------------------------------
def _check_unique(reader: TableReader, records: list[RowRecord]) -> None:
    field_name = reader.table.unique_field
    if not field_name:
        return
    seen: dict[Any, RowRecord] = {}
    for record in records:
        key = record.values.get(field_name)
        if key is None:
            continue
        if key in seen:
            first = seen[key]
            reader.add("duplicate id", reader.cell_location(record, field_name), key,
                       f"an id not already used (first used in {first.cells[field_name]})", "duplicate_id")
            record.has_error = True
        else:
            seen[key] = record


def _check_tasks(reader: TableReader, records: list[RowRecord], project: Project | None,
                 resource_codes: set[str] | None) -> None:
    task_ids = {r.values["id"] for r in records if "id" in r.values}
    status_date = project.status_date if project else None
    for record in records:
        values = record.values
        for link in values.get("predecessors", []):
            if link.predecessor_project is None and link.predecessor_id not in task_ids:
                reader.add("unknown predecessor task", reader.cell_location(record, "predecessors"),
                           link.predecessor_id, "the ID of a task of this sheet", "unknown_predecessor")
                record.has_error = True
            elif link.predecessor_project is None and link.predecessor_id == values.get("id"):
                reader.add("task is its own predecessor", reader.cell_location(record, "predecessors"),
                           link.predecessor_id, "another task's ID", "self_predecessor")
                record.has_error = True
        dates_usable = record.usable("actual_start", "actual_finish")
        start, finish = values.get("actual_start"), values.get("actual_finish")
        if dates_usable and start and finish and finish < start:
            reader.add("actual finish before actual start", reader.cell_location(record, "actual_finish"),
                       _show(finish), f"on or after {_show(start)}", "finish_before_start")
            record.has_error = True
        if dates_usable and finish and not start:
            reader.add("actual finish without actual start", reader.cell_location(record, "actual_start"),
                       None, "the actual start", "finish_without_start")
            record.has_error = True
        baseline_start, baseline_finish = values.get("baseline_start"), values.get("baseline_finish")
        if baseline_start and baseline_finish and baseline_finish < baseline_start:
            reader.add("baseline finish before baseline start", reader.cell_location(record, "baseline_finish"),
                       _show(baseline_finish), f"on or after {_show(baseline_start)}", "finish_before_start")
            record.has_error = True
        if status_date is not None:
            for field_name, message in (("actual_start", "actual start after status date"),
                                        ("actual_finish", "actual finish after status date")):
                value = values.get(field_name)
                if value is not None and value.date() > status_date:  # kept: a plan's inconsistency to fix
                    reader.add(message, reader.cell_location(record, field_name), _show(value),
                               f"on or before the status date {_show(status_date)}", "after_status_date",
                               Severity.WARNING)
        if (record.usable("milestone", "duration_days") and values.get("milestone")
                and values.get("duration_days", 0) != 0):
            reader.add("milestone with non-zero duration", reader.cell_location(record, "duration_days"),
                       _show(values["duration_days"]), "0", "milestone_duration", Severity.WARNING)
        _check_zero_day_cost(reader, record)
        if record.usable("percent_complete", "actual_start", "actual_finish"):
            percent = values.get("percent_complete", 0)
            if percent >= 100 and not finish:
                reader.add("100 % complete without actual finish", reader.cell_location(record, "percent_complete"),
                           _show(percent), "an actual finish", "complete_without_finish", Severity.WARNING)
            elif 0 < percent and not start and not finish:  # no finish: else reported above
                reader.add("progress without actual start", reader.cell_location(record, "percent_complete"),
                           _show(percent), "an actual start", "progress_without_start", Severity.WARNING)
            if finish and percent < 100:
                reader.add("actual finish but not 100 % complete", reader.cell_location(record, "percent_complete"),
                           _show(percent), "100", "finish_not_complete", Severity.WARNING)
        if resource_codes is not None:
            for assignment in values.get("resources", []):
                if assignment.resource_code not in resource_codes:
                    reader.add("unknown resource", reader.cell_location(record, "resources"),
                               assignment.resource_code, "a code of the resources sheet", "unknown_resource",
                               Severity.WARNING)


def _check_zero_day_cost(reader: TableReader, record: RowRecord) -> None:
    """A work task (neither a milestone nor a summary) of zero duration that carries a cost: the cost is
    spent in no time, which is a duration or a milestone flag left out; a warning on the cost cell."""
    values = record.values
    if (not record.usable("duration_days", "milestone", "summary") or values.get("milestone")
            or values.get("summary") or values.get("duration_days", 0) != 0):
        return
    for field_name in ("cost", "actual_cost"):
        amount = values.get(field_name)
        if amount is not None and amount > 0:
            reader.add("cost on a zero-day task that is not a milestone", reader.cell_location(record, field_name),
                       _show(amount), "a duration above 0 days, or the task marked as a milestone",
                       "zero_duration_cost", Severity.WARNING)


def _check_finish_after_start(reader: TableReader, records: list[RowRecord], message: str) -> None:
    for record in records:
        start, finish = record.values.get("start"), record.values.get("finish")
        if start and finish and finish < start:
            reader.add(message, reader.cell_location(record, "finish"), _show(finish),
                       f"on or after {_show(start)}", "finish_before_start")
            record.has_error = True


#: The field each kind of calendar row needs, besides the calendar and the kind.
_CALENDAR_ROW_NEEDS: dict[CalendarEntryKind, str] = {
    CalendarEntryKind.WORKING_WEEK: "weekdays",
    CalendarEntryKind.HOLIDAY_COUNTRY: "country",
    CalendarEntryKind.BASE_CALENDAR: "base",
    **{kind: "start" for kind in DATED_CALENDAR_ENTRIES},
}


#: The fields each kind of calendar row uses besides the calendar, the kind and the label.
_CALENDAR_ROW_USES: dict[CalendarEntryKind, frozenset[str]] = {
    CalendarEntryKind.WORKING_WEEK: frozenset({"weekdays", "periods"}),
    CalendarEntryKind.HOLIDAY_COUNTRY: frozenset({"country"}),
    CalendarEntryKind.BASE_CALENDAR: frozenset({"base"}),
    CalendarEntryKind.EXCEPTION: frozenset({"start", "finish", "periods", "weekdays"}),
    CalendarEntryKind.HOLIDAY_ADDED: frozenset({"start", "finish"}),
    CalendarEntryKind.HOLIDAY_REMOVED: frozenset({"start", "finish"}),
}


def _check_calendar(reader: TableReader, records: list[RowRecord]) -> None:
    """Each calendar row has what its kind needs and nothing it ignores; a calendar gives
    each weekday, its holiday country and its base calendar once."""
    week_days_seen: dict[tuple[str, int], RowRecord] = {}
    country_seen: dict[str, RowRecord] = {}
    base_seen: dict[str, RowRecord] = {}
    calendar_names = {r.values["calendar"] for r in records if "calendar" in r.values}
    for record in records:
        values = record.values
        kind = values.get("kind")
        if kind is None:
            continue
        needed = _CALENDAR_ROW_NEEDS[kind]
        if needed not in values:
            if record.usable(needed):  # else its bad value is reported already
                column = reader.table.column(needed)
                reader.add("required value missing", _field_location(reader, record, needed), None,
                           f"{column.label(reader.lang)} ({enum_label(kind, reader.lang)})", "required")
            record.has_error = True
            continue
        ignored = [name for name in values if name not in _CALENDAR_ROW_USES[kind]
                   and name not in ("calendar", "kind", "name")]
        for name in ignored:
            reader.add("value not used by this kind of row", reader.cell_location(record, name),
                       _calendar_cell_text(name, values[name], reader.lang),
                       f"an empty cell on a row '{enum_label(kind, reader.lang)}'", "ignored_value", Severity.WARNING)
        calendar = values.get("calendar")
        if calendar is None:
            continue
        if kind is CalendarEntryKind.WORKING_WEEK:
            repeated = [day for day in values["weekdays"] if (calendar, day) in week_days_seen]
            if repeated:
                first = week_days_seen[(calendar, repeated[0])]
                reader.add("day already in the working week", reader.cell_location(record, "weekdays"),
                           format_weekdays(repeated, reader.lang),
                           f"each day once per calendar (first given in {first.cells['weekdays']})",
                           "duplicate_weekday")
                record.has_error = True
            else:
                week_days_seen.update(((calendar, day), record) for day in values["weekdays"])
        elif kind in (CalendarEntryKind.HOLIDAY_COUNTRY, CalendarEntryKind.BASE_CALENDAR):
            seen = country_seen if kind is CalendarEntryKind.HOLIDAY_COUNTRY else base_seen
            first = seen.setdefault(calendar, record)
            if first is not record:
                reader.add("calendar setting given twice", reader.cell_location(record, needed), values[needed],
                           f"one row per calendar (first given in {first.cells[needed]})", "duplicate_setting")
                record.has_error = True
            elif kind is CalendarEntryKind.BASE_CALENDAR and values["base"] not in calendar_names - {calendar}:
                reader.add("unknown base calendar", reader.cell_location(record, "base"), values["base"],
                           "another calendar of this sheet", "unknown_reference", Severity.WARNING)


def _calendar_cell_text(field_name: str, value: Any, lang: str) -> str:
    """A calendar row value as the cell shows it, for a problem's "found"."""
    if field_name == "weekdays":
        return format_weekdays(value, lang)
    if field_name == "periods":
        return format_hours(value)
    if field_name == "country":
        return format_holiday_country(value, lang)
    return _show(value)


def _field_location(reader: TableReader, record: RowRecord, field_name: str) -> Location:
    """Where ``field_name`` of ``record`` sits, or the row alone when its column is absent."""
    if field_name in record.cells:
        return reader.cell_location(record, field_name)
    return Location(file=reader.file, sheet=reader.sheet, row=record.row + 1,
                    column=reader.table.column(field_name).label(reader.lang))


def _check_dependencies(reader: TableReader, records: list[RowRecord], task_ids: set[str]) -> None:
    for record in records:
        task_id = record.values.get("task_id")
        if task_id is not None and task_id not in task_ids:
            reader.add("unknown task", reader.cell_location(record, "task_id"), task_id,
                       "the ID of a task of the tasks sheet", "unknown_task")
            record.has_error = True


def _check_references(reader: TableReader, records: list[RowRecord], field_name: str, known: set[str],
                      message: str, expected: str) -> None:
    """A warning for each ``field_name`` value that is not among ``known``."""
    for record in records:
        value = record.values.get(field_name)
        if value is not None and value not in known:
            reader.add(message, reader.cell_location(record, field_name), value, expected, "unknown_reference",
                       Severity.WARNING)


#: The kinds of value that are dates, checked against the project's window.
_DATE_KINDS = frozenset({ValueKind.DATE, ValueKind.DATETIME, ValueKind.MONTH})
#: Tables whose dates are not the project's: a calendar's exceptions (holidays, shutdowns) are shared by
#: plans of many years, as calendars exported by MS Project and P6 are.
_OUTSIDE_THE_WINDOW = frozenset({"calendar"})


def _dated_cells(readers: dict[str, TableReader], records: dict[str, list[RowRecord]], project: Project,
                 card_locations: dict[str, Location]):
    """``(value, reader, record, field)`` of every date read from the workbook (``record`` is ``None`` on
    the project card)."""
    if "project" in readers:
        for column in PROJECT_CARD.columns:
            value = getattr(project, column.field, None)
            if column.kind in _DATE_KINDS and value is not None and column.field in card_locations:
                yield value, readers["project"], None, column.field
    for key, table_records in records.items():
        if key in _OUTSIDE_THE_WINDOW:
            continue
        reader = readers[key]
        fields_of_dates = [column.field for column in reader.table.columns if column.kind in _DATE_KINDS]
        for record in table_records:
            for field_name in fields_of_dates:
                value = record.values.get(field_name)
                if value is not None:
                    yield value, reader, record, field_name


def _check_date_window(readers: dict[str, TableReader], records: dict[str, list[RowRecord]], project: Project,
                       card_locations: dict[str, Location], years: int) -> None:
    """Each date more than ``years`` years before or after the project's span
    (:func:`pmo_xl.io.date_window.project_span`) is an error on its cell: its row is left out, a card
    field is left empty."""
    cells = list(_dated_cells(readers, records, project, card_locations))
    span = project_span([value for value, *_ in cells], years)
    if span is None:
        return
    first, last = plausible_window(span, years)
    expected = window_expected_text(span, years)
    for value, reader, record, field_name in cells:
        if first <= as_day(value) <= last:
            continue
        if record is None:
            reader.add("date too far from the project's dates", card_locations[field_name], _show(value),
                       expected, "date_outside_project")
            setattr(project, field_name, None)
        else:
            reader.add("date too far from the project's dates", reader.cell_location(record, field_name),
                       _show(value), expected, "date_outside_project")
            record.has_error = True
            record.bad_fields.add(field_name)


def _cross_check(readers: dict[str, TableReader], records: dict[str, list[RowRecord]], project: Project,
                 card_locations: dict[str, Location], window_years: int) -> None:
    """The checks across cells, rows and sheets, once every table is read."""
    _check_date_window(readers, records, project, card_locations, window_years)
    if "tasks" in records:
        resource_codes = ({r.values["code"] for r in records["resources"] if "code" in r.values}
                          if "resources" in records and readers["resources"].structure_ok else None)
        _check_tasks(readers["tasks"], records["tasks"], project, resource_codes)
    if "sprints" in records:
        _check_finish_after_start(readers["sprints"], records["sprints"], "sprint finish before start")
    if "calendar" in records:
        _check_calendar(readers["calendar"], records["calendar"])
        _check_finish_after_start(readers["calendar"], records["calendar"], "exception finish before start")
    if "dependencies" in records and "tasks" in records and readers["tasks"].structure_ok:
        task_ids = {r.values["id"] for r in records["tasks"] if "id" in r.values}
        _check_dependencies(readers["dependencies"], records["dependencies"], task_ids)

    # a task's or a resource's calendar must be one the calendar sheet defines (or the project's own)
    calendar_names = {project.calendar}
    if "calendar" in records:
        calendar_names |= {r.values["calendar"] for r in records["calendar"] if "calendar" in r.values}
    if "calendar" not in readers or readers["calendar"].structure_ok:
        for key in ("tasks", "resources"):
            if key in records:
                _check_references(readers[key], records[key], "calendar", calendar_names, "unknown calendar",
                                  "a calendar of the calendar sheet")

    if "actions" in records and "decisions" in records and readers["decisions"].structure_ok:
        decision_ids = {r.values["id"] for r in records["decisions"] if "id" in r.values}
        _check_references(readers["actions"], records["actions"], "decision_id", decision_ids,
                          "unknown decision", "an ID of the decisions sheet")


# -- entry point --------------------------------------------------------------------
def read_project_workbook(path: str | os.PathLike, limits: ReadLimits = DEFAULT_LIMITS) -> WorkbookReadResult:
    """Read a standard project workbook and validate it; never raises on bad input.

    ``result.data`` is ``None`` only when the file cannot be used at all (not
    found, not an xlsx, corrupt, password-protected).  ``result.problems``
    lists every problem found; rows with an error are left out of the data.
    When the project card gives no code or name, the file name stands in for
    them (and the missing values are reported as errors).
    """
    path = Path(path)
    problems = ProblemList()
    book, scan = _open_workbook(path, problems, limits)
    if book is None:
        return WorkbookReadResult(path, None, problems)
    file = str(path)
    sheet_names = {fold_label(name): name for name in book.sheet_names}
    readers: dict[str, TableReader] = {}
    rows_of: dict[str, list[list[Any]]] = {}
    book_lang = _workbook_language(sheet_names)
    for table in ALL_TABLES:
        actual, lang = None, book_lang
        for lang in (book_lang, "en" if book_lang == "fr" else "fr"):
            actual = sheet_names.get(fold_label(table.sheet(lang)))
            if actual is not None:
                break
        if actual is None:
            # located by the sheet's name in the workbook's language
            other = "en" if book_lang == "fr" else "fr"
            problems.append(Problem(
                "missing sheet", Location(file=file, sheet=table.sheet(book_lang)), None,
                f"a sheet '{table.sheet(book_lang)}' (or '{table.sheet(other)}')", code="missing_sheet"))
            continue
        readers[table.key] = TableReader(file, actual, table, lang, problems, scan.sheets.get(actual))
        try:
            rows_of[table.key], readers[table.key].merged = _sheet_rows(book, actual)
        except python_calamine.CalamineError as exc:
            problems.append(Problem("unreadable sheet", Location(file=file, sheet=actual), str(exc)[:200],
                                    code="corrupt"))
            rows_of[table.key] = []

    card_locations: dict[str, Location] = {}
    if "project" in readers:
        project = _read_card(readers["project"], rows_of["project"], path.stem, card_locations)
        old_template = old_template_problem(card_template_version(rows_of["project"]), file,
                                            readers["project"].sheet)
        if old_template is not None:
            problems.append(old_template)
    else:
        project = Project(code=path.stem, name=path.stem)
    records: dict[str, list[RowRecord]] = {}
    for table in ALL_TABLES:
        if table is PROJECT_CARD or table.key not in readers:
            continue
        reader = readers[table.key]
        records[table.key] = reader.read_rows(rows_of[table.key])
        _check_unique(reader, records[table.key])

    _cross_check(readers, records, project, card_locations, limits.date_window_years)

    items: dict[str, list[Any]] = {}
    for key, table_records in records.items():
        model_class = MODEL_CLASSES[key]
        items[key] = [model_class(**record.values) for record in table_records if not record.has_error]

    data = ProjectData(
        project=project,
        calendars=build_calendars(items.pop("calendar", [])),
        source=file,
        sheets={key: reader.sheet for key, reader in readers.items()},
        **items,
    )
    predecessor_cells = {}
    if "tasks" in records:
        tasks_reader = readers["tasks"]
        predecessor_cells = {r.values["id"]: tasks_reader.cell_location(r, "predecessors")
                             for r in records["tasks"] if "id" in r.values and not r.has_error}
    calendar_sheet = readers["calendar"].sheet if "calendar" in readers else None
    return WorkbookReadResult(path, data, problems, predecessor_cells, calendar_sheet)
