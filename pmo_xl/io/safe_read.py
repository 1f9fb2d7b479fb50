"""Checks made on a workbook file before any cell is read.

A project workbook comes from outside: it may be a named pipe or a device
that was given an ``.xlsx`` name, an archive that inflates to gigabytes (a
"zip bomb"), or a sheet whose cells reach the last cell of Excel
(XFD1048576) so that a dense reader would allocate a range of seventeen
billion cells.  This module looks at the file and at the archive's
directory and sheet XML, with bounded reads, and tells the reader:

* whether the file can be opened at all (:func:`file_problem`,
  :func:`archive_problem`);
* what each worksheet really holds (:func:`scan_workbook`): the extent of
  the cells that carry a value, the cells holding an Excel error value
  (``#REF!``, ``#DIV/0!`` …), the formulas that were never calculated, and
  the cells lying beyond the readable area;
* a copy of the workbook without the cells beyond the readable area, for the
  cell reader to load (:func:`trimmed_workbook`).

The limits live in :class:`ReadLimits`; their defaults fit the standard
project workbook with a wide margin.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Callable
from xml.etree import ElementTree

from pmo_xl.errors import Location, Problem
from .date_window import DEFAULT_WINDOW_YEARS


@dataclass(frozen=True)
class ReadLimits:
    """The bounds a workbook must stay within to be read.

    ``max_rows`` and ``max_columns`` bound the area of a sheet that is read
    (cells beyond are reported and left out); the archive limits are checked
    on the zip directory before anything is inflated; ``timeout_seconds``
    and ``memory_mb`` bound the isolated read of one workbook
    (:mod:`pmo_xl.io.isolation`); ``date_window_years`` is how far, in years,
    a date may lie before or after the project's other dates
    (:mod:`pmo_xl.io.date_window`).
    """

    max_rows: int = 50_000
    max_columns: int = 200
    max_entries: int = 5_000
    max_uncompressed_mb: float = 256.0
    max_compression_ratio: float = 500.0
    timeout_seconds: float = 120.0
    memory_mb: int = 2048
    date_window_years: int = DEFAULT_WINDOW_YEARS

    @property
    def max_uncompressed_bytes(self) -> int:
        return int(self.max_uncompressed_mb * 1024 * 1024)


DEFAULT_LIMITS = ReadLimits()

#: Archive members below this size are not held to the compression ratio (tiny parts compress oddly).
_RATIO_FREE_BYTES = 1024 * 1024


def file_problem(path: Path) -> Problem | None:
    """A problem when ``path`` is not an existing regular file, else ``None``; never opens the file."""
    location = Location(file=str(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Problem("file not found", location, code="file_not_found")
    except OSError as exc:
        return Problem("file cannot be opened", location, found=exc.strerror or str(exc), code="unreadable_file")
    if stat.S_ISDIR(mode):
        return Problem("not a file", location, found="a folder", code="not_xlsx")
    if not stat.S_ISREG(mode):
        return Problem("not a regular file", location, found=_special_kind(mode),
                       expected="an .xlsx workbook", code="special_file")
    return None


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def archive_problem(archive: zipfile.ZipFile, path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Problem | None:
    """A problem when the archive's directory exceeds the limits (entries, inflated size, ratio)."""
    location = Location(file=str(path))
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        return Problem("too many parts in the workbook archive", location, found=str(len(entries)),
                       expected=f"{limits.max_entries} or less", code="archive_limit")
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        return Problem("workbook too large once uncompressed", location, found=_megabytes(total),
                       expected=f"{_megabytes(limits.max_uncompressed_bytes)} or less", code="archive_limit")
    for entry in entries:
        if entry.file_size > _RATIO_FREE_BYTES:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                return Problem("abnormal compression ratio in the workbook archive", location,
                               found=f"{entry.filename}: {ratio:.0f}:1",
                               expected=f"{limits.max_compression_ratio:.0f}:1 or less", code="archive_limit")
    return None


def file_size_problem(path: Path, size: int, limits: ReadLimits = DEFAULT_LIMITS) -> Problem | None:
    """A problem when the file itself is larger than the archive may inflate to (it cannot be a workbook
    within the limits), else ``None``."""
    if size > limits.max_uncompressed_bytes:
        return Problem("workbook too large once uncompressed", Location(file=str(path)), found=_megabytes(size),
                       expected=f"{_megabytes(limits.max_uncompressed_bytes)} or less", code="archive_limit")
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


# -- sheets -------------------------------------------------------------------------
@dataclass
class SheetScan:
    """What the XML of one worksheet holds, cell positions 0-based ``(row, column)``.

    ``last_row`` and ``last_column`` are those of the cells carrying a value
    inside the readable area (-1 when there is none); ``beyond`` lists the
    cells carrying a value outside it, ``errors`` the cells holding an Excel
    error value with that value, ``uncalculated`` the formula cells saved
    without a result.
    """

    name: str
    part: str
    last_row: int = -1
    last_column: int = -1
    beyond: list[str] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    uncalculated: set[tuple[int, int]] = field(default_factory=set)
    needs_trimming: bool = False

    @property
    def has_bad_cells(self) -> bool:
        return bool(self.errors or self.uncalculated)


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: One cell element, empty (``<c …/>``) or with content; group 1 the attributes, group 2 the content.
_CELL_ELEMENT = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.DOTALL)
_REF_ATTRIBUTE = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb'<(?:\w+:)?v>(.*?)</(?:\w+:)?v>', re.DOTALL)
_HAS_VALUE = re.compile(rb'<(?:\w+:)?(?:v|t)\b[^>]*>\s*[^<\s]')
#: Texts whose presence sends a sheet to the cell-by-cell scan: an error value, the start of a formula.
#: (A reference attribute written after a tab or a line break instead of a space escapes the quick
#: search for far cells; such a sheet can only make its isolated read fail, one problem for its file.)
#: A formula is ``<f>…</f>`` or ``<f …/>``, prefixed or not; "<f" alone would also find the ``<formula1>``
#: of data validations.
_CELL_BY_CELL_MARKERS = (b't="e"', b"</f>", b"<f ", b":f>")
_FORMULA = re.compile(rb'<(?:\w+:)?f\b')


def column_index(letters: bytes | str) -> int:
    """The 0-based index of a column given by its letters (``A`` → 0, ``XFD`` → 16383)."""
    index = 0
    for letter in letters if isinstance(letters, str) else letters.decode("ascii"):
        index = index * 26 + ord(letter) - 64
    return index - 1


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """The worksheets of the workbook, by name, with the archive part holding each one."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for relation in relations:
        target = relation.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[relation.get("Id")] = os.path.normpath(part).replace(os.sep, "/")
    parts = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(_NS_REL_ID))
        if part is not None and part in archive.NameToInfo:
            parts[sheet.get("name")] = part
    return parts


def scan_sheet(xml: bytes, name: str, part: str, limits: ReadLimits = DEFAULT_LIMITS) -> SheetScan:
    """The :class:`SheetScan` of one worksheet's XML.

    Three searches over the XML decide whether the sheet needs a look cell
    by cell: a cell reference beyond the readable area, an error value, a
    formula.  A usual sheet has none of them and is not parsed here at all.
    """
    scan = SheetScan(name, part)
    if not any(marker in xml for marker in _CELL_BY_CELL_MARKERS) and (
            _beyond_pattern(limits.max_rows, limits.max_columns).search(xml) is None):
        return scan
    _scan_cells(xml, scan, limits)
    return scan


def column_letters(index: int) -> str:
    """The letters of the 0-based column ``index`` (0 → ``A``, 16383 → ``XFD``)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _greater_than(text: str, digit: bool) -> str:
    """A regex matching the strings of ``text``'s alphabet (digits or capitals) that sort after ``text``
    as numbers or column letters do: longer ones, then same-length ones greater at the first difference."""
    any_one, last = (r"\d", "9") if digit else ("[A-Z]", "Z")
    choices = [f"{any_one}{{{len(text) + 1},}}"]
    for position, character in enumerate(text):
        if character == last:
            continue
        above = chr(ord(character) + 1)
        rest = len(text) - position - 1
        choices.append(re.escape(text[:position]) + f"[{above}-{last}]" + (f"{any_one}{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(choices) + ")"


@lru_cache(maxsize=16)
def _beyond_pattern(max_rows: int, max_columns: int) -> re.Pattern[bytes]:
    """A regex finding a cell reference beyond ``max_rows`` rows or ``max_columns`` columns."""
    columns = _greater_than(column_letters(max_columns - 1), digit=False)
    rows = _greater_than(str(max_rows), digit=True)
    return re.compile(f' r="(?:{columns}\\d|[A-Z]{{1,3}}{rows}")'.encode("ascii"))


def _scan_cells(xml: bytes, scan: SheetScan, limits: ReadLimits) -> None:
    """Cell by cell: the extent of the values, the far cells, the error values and uncalculated formulas."""
    for attributes, content in _CELL_ELEMENT.findall(xml):
        ref = _REF_ATTRIBUTE.search(attributes)
        if ref is None:
            continue
        row, column = int(ref.group(2)) - 1, column_index(ref.group(1))
        has_value = bool(content) and _HAS_VALUE.search(content) is not None
        if row >= limits.max_rows or column >= limits.max_columns:
            scan.needs_trimming = True
            if has_value:
                scan.beyond.append((ref.group(1) + ref.group(2)).decode("ascii"))
            continue
        if has_value:
            scan.last_row, scan.last_column = max(scan.last_row, row), max(scan.last_column, column)
        if content and _ERROR_TYPE.search(attributes):
            value = _VALUE.search(content)
            scan.errors[(row, column)] = value.group(1).decode("utf-8", "replace").strip() if value else "#N/A"
        elif content and not has_value and _FORMULA.search(content):
            scan.uncalculated.add((row, column))


@dataclass
class WorkbookScan:
    """The scans of every worksheet of a workbook, by sheet name, and the archive they came from."""

    sheets: dict[str, SheetScan]

    @property
    def needs_trimming(self) -> bool:
        return any(scan.needs_trimming for scan in self.sheets.values())


def scan_workbook(archive: zipfile.ZipFile, limits: ReadLimits = DEFAULT_LIMITS,
                  wanted: Callable[[str], bool] | None = None) -> WorkbookScan:
    """Scan the worksheets of ``archive`` (whose directory passed :func:`archive_problem`) that will be
    read: those whose name ``wanted`` accepts (all by default)."""
    sheets = {}
    for name, part in sheet_parts(archive).items():
        if wanted is None or wanted(name):
            sheets[name] = scan_sheet(archive.read(part), name, part, limits)
    return WorkbookScan(sheets)


def beyond_problems(scan: WorkbookScan, path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> list[Problem]:
    """One located problem per sheet that has values outside the readable area (the first such cell)."""
    problems = []
    expected = f"values within {limits.max_rows} rows and {limits.max_columns} columns"
    for sheet in scan.sheets.values():
        if sheet.beyond:
            found = sheet.beyond[0] if len(sheet.beyond) == 1 else f"{sheet.beyond[0]} (+{len(sheet.beyond) - 1})"
            problems.append(Problem("values beyond the readable area of the sheet are ignored",
                                    Location(file=str(path), sheet=sheet.name, cell=sheet.beyond[0]),
                                    found=found, expected=expected, code="beyond_read_area"))
    return problems


def _trimmed_sheet(xml: bytes, limits: ReadLimits) -> bytes:
    """The worksheet XML without the cells beyond the readable area and with no declared dimension."""
    def keep(match: re.Match) -> bytes:
        ref = _REF_ATTRIBUTE.search(match.group(1))
        if ref is not None and (int(ref.group(2)) > limits.max_rows or column_index(ref.group(1)) >= limits.max_columns):
            return b""
        return match.group(0)

    xml = re.sub(rb'<(?:\w+:)?dimension\b[^>]*/>', b"", xml, count=1)
    return _CELL_ELEMENT.sub(keep, xml)


def trimmed_workbook(archive: zipfile.ZipFile, scan: WorkbookScan, limits: ReadLimits = DEFAULT_LIMITS) -> io.BytesIO:
    """An in-memory copy of the workbook whose sheets keep only the cells of the readable area."""
    trimmed_parts = {sheet.part for sheet in scan.sheets.values() if sheet.needs_trimming}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in archive.infolist():
            data = archive.read(entry.filename)
            if entry.filename in trimmed_parts:
                data = _trimmed_sheet(data, limits)
            copy.writestr(entry.filename, data)
    buffer.seek(0)
    return buffer


#: The Config parameter keys that set the read limits, with the field of :class:`ReadLimits` each one sets.
LIMIT_PARAMETERS: dict[str, str] = {
    "read_max_rows": "max_rows",
    "read_max_columns": "max_columns",
    "read_max_entries": "max_entries",
    "read_max_uncompressed_mb": "max_uncompressed_mb",
    "read_max_compression_ratio": "max_compression_ratio",
    "read_timeout_seconds": "timeout_seconds",
    "read_memory_mb": "memory_mb",
    "date_window_years": "date_window_years",
}


def limits_with(limits: ReadLimits, key: str, value: object) -> ReadLimits:
    """``limits`` with the Config parameter ``key`` set to ``value``; ``ValueError`` when not a positive number."""
    name = LIMIT_PARAMETERS[key]
    number = float(str(value).replace(",", ".").strip())
    if not number > 0 or number == float("inf"):
        raise ValueError(value)
    kind = type(getattr(limits, name))
    return replace(limits, **{name: kind(number) if kind is float else int(number)})
