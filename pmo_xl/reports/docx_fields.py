"""Word fields and document settings that python-docx has no public API for.

A Word *field* is a run sequence ``begin · instruction · separate · cached
result · end``; Word recalculates it (PAGE, NUMPAGES, SEQ, TOC), other
readers show the cached result.  These functions write that XML with
python-docx's ``OxmlElement`` on paragraphs of a :class:`docx.Document`.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def _field_char(kind: str, dirty: bool = False) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    return element


def _run_with(paragraph: Paragraph, child) -> None:
    run = paragraph.add_run()
    run._r.append(child)


def begin_field(paragraph: Paragraph, instruction: str, dirty: bool = False) -> None:
    """Open a field with its instruction (``PAGE``, ``TOC \\o "1-2"``…) and start its result."""
    _run_with(paragraph, _field_char("begin", dirty))
    instruction_element = OxmlElement("w:instrText")
    instruction_element.set(qn("xml:space"), "preserve")
    instruction_element.text = f" {instruction} "
    _run_with(paragraph, instruction_element)
    _run_with(paragraph, _field_char("separate"))


def end_field(paragraph: Paragraph) -> None:
    """Close the field opened by :func:`begin_field` (possibly in an earlier paragraph)."""
    _run_with(paragraph, _field_char("end"))


def add_simple_field(paragraph: Paragraph, instruction: str, cached_result: str) -> None:
    """A whole field in one paragraph, showing ``cached_result`` until Word updates it."""
    begin_field(paragraph, instruction)
    paragraph.add_run(cached_result)
    end_field(paragraph)


def add_page_break_run(paragraph: Paragraph) -> None:
    """A page break at the end of ``paragraph``."""
    from docx.enum.text import WD_BREAK

    paragraph.add_run().add_break(WD_BREAK.PAGE)


def request_field_update_on_open(document) -> None:
    """Ask Word to refresh fields (table of contents, page numbers) when the file opens."""
    settings = document.settings.element
    existing = settings.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        settings.append(existing)
    existing.set(qn("w:val"), "true")


def set_cell_shading(cell, fill_hex: str) -> None:
    """Background colour of a table cell (``"1F4E79"``)."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill_hex)
    properties.append(shading)


def set_repeat_table_header(row) -> None:
    """Repeat ``row`` at the top of every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def set_cant_split(row) -> None:
    """Keep ``row`` whole on one page (Word's "allow row to break across pages" off)."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        properties.append(OxmlElement("w:cantSplit"))
