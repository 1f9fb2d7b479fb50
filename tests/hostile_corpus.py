"""Hostile project workbooks, made by code from a valid one: the inputs the defensive reader must survive.

Each maker takes a valid standard project workbook and writes a damaged
copy: a value in the last cell of Excel (a sheet 16,384 columns by
1,048,576 rows), an inflated zip member (a "zip bomb"), a cell holding an
Excel error value or a formula saved without its result.  The XML of the
sheet is edited directly, as a hostile or broken tool would write it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from pmo_xl.io.safe_read import sheet_parts


def rewrite_part(source: Path, target: Path, part: str, edit) -> Path:
    """A copy of the workbook ``source`` at ``target`` whose archive member ``part`` is ``edit(xml)``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in original.infolist():
            data = original.read(entry.filename)
            copy.writestr(entry.filename, edit(data) if entry.filename == part else data)
    return target


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return sheet_parts(archive)[sheet]


def with_far_value(source: Path, target: Path, sheet: str = "Tâches", ref: str = "XFD1048576") -> Path:
    """The workbook with a text value in cell ``ref`` of ``sheet`` (the last cell of Excel by default)."""
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>loin</t></is></c></row>'.encode()
    return rewrite_part(source, target, sheet_part(source, sheet),
                        lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>"))


def with_declared_dimension(source: Path, target: Path, sheet: str = "Tâches",
                            dimension: str = "A1:XFD1048576") -> Path:
    """The workbook whose ``sheet`` declares the used range ``dimension`` (its cells unchanged)."""
    return rewrite_part(source, target, sheet_part(source, sheet),
                        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(),
                                           xml, count=1))


def with_cell(source: Path, target: Path, sheet: str, ref: str, cell_xml: str) -> Path:
    """The workbook whose cell ``ref`` of ``sheet`` is replaced by ``cell_xml`` (a ``<c>`` element)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.DOTALL)

    def edit(xml: bytes) -> bytes:
        edited, count = pattern.subn(cell_xml.encode(), xml, count=1)
        assert count == 1, f"cell {ref} not found in {sheet}"
        return edited

    return rewrite_part(source, target, sheet_part(source, sheet), edit)


def error_value_cell(ref: str, error: str = "#REF!") -> str:
    return f'<c r="{ref}" t="e"><f>{error}*2</f><v>{error}</v></c>'


def uncalculated_cell(ref: str) -> str:
    return f'<c r="{ref}"><f>SUM(A1:A2)</f></c>'


def zip_bomb(source: Path, target: Path, inflated_mb: int = 64) -> Path:
    """The workbook with an extra member of ``inflated_mb`` megabytes of zeros (about 1000:1 once compressed)."""
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy:
        for entry in original.infolist():
            copy.writestr(entry.filename, original.read(entry.filename))
        with copy.open("xl/media/image1.bin", "w") as member:
            for _ in range(inflated_mb):
                member.write(zeros)
    return target


def cell_of(path: Path, sheet: str, header: str, row_offset: int = 1) -> str:
    """The address of the cell ``row_offset`` rows under the header cell ``header`` of ``sheet``."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        for row in book[sheet].iter_rows(max_row=10):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip().rstrip("*").strip() == header:
                    return f"{cell.column_letter}{cell.row + row_offset}"
    finally:
        book.close()
    raise LookupError(header)
