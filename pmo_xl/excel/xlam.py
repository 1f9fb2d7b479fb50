"""The Excel add-in package (.xlam): a macro-enabled workbook marked as an add-in.

The package holds one worksheet (the add-in's xlwings configuration), the VBA
project, and the ribbon customUI part.  Zip entries carry a fixed date so the
same inputs always give the same bytes.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from pmo_xl.excel.ribbon_ui import CUSTOMUI_PART, CUSTOMUI_RELATIONSHIP

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WORKBOOK_CODE_NAME = "ThisWorkbook"
SHEET_CODE_NAME = "Sheet1"

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_xml(rows: list[tuple[str, str]]) -> str:
    cells = []
    for row_number, row in enumerate(rows, start=1):
        row_cells = "".join(
            f'<c r="{_column_letter(col)}{row_number}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(value)}</t></is></c>"
            for col, value in enumerate(row)
        )
        cells.append(f'<row r="{row_number}">{row_cells}</row>')
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f'<sheetPr codeName="{SHEET_CODE_NAME}"/>'
        f'<sheetData>{"".join(cells)}</sheetData></worksheet>'
    )


_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def build_xlam(vba_project: bytes, customui: bytes, config_sheet_name: str,
               config: list[tuple[str, str]], title: str) -> bytes:
    """The bytes of an .xlam holding the VBA project, the ribbon and a config sheet.

    ``config`` rows are written as text in columns A and B of the sheet
    ``config_sheet_name``; ``title`` goes into the document properties.
    """
    content_types = (
        f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{CUSTOMUI_RELATIONSHIP}" Target="{CUSTOMUI_PART}"/>'
        "</Relationships>"
    )
    workbook = (
        f'{_DECLARATION}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f'<workbookPr codeName="{WORKBOOK_CODE_NAME}"/>'
        '<bookViews><workbookView/></bookViews>'
        f'<sheets><sheet name={quoteattr(config_sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )
    workbook_rels = (
        f'{_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/>'
        "</Relationships>"
    )
    core = (
        f'{_DECLARATION}<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title></cp:coreProperties>"
    )
    parts: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", content_types.encode("utf-8")),
        ("_rels/.rels", root_rels.encode("utf-8")),
        ("docProps/core.xml", core.encode("utf-8")),
        ("xl/workbook.xml", workbook.encode("utf-8")),
        ("xl/_rels/workbook.xml.rels", workbook_rels.encode("utf-8")),
        ("xl/worksheets/sheet1.xml", _sheet_xml(config).encode("utf-8")),
        ("xl/styles.xml", _STYLES.encode("utf-8")),
        ("xl/vbaProject.bin", vba_project),
        (CUSTOMUI_PART, customui),
    ]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
