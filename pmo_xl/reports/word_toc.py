"""The shown entries of a Word table of contents, with page numbers, written by the pack.

Word refreshes a TOC field when the document opens, LibreOffice and PDF
readers show what the field holds.  :func:`fill_table_of_contents` writes
that content: one entry per Heading 1 and Heading 2 paragraph with its page,
counted from the page breaks of the document (a paragraph starting a page,
an explicit page break).  The packs that use it start each section on a new
page and cap what a section lists so that it fits on its page; the
LibreOffice test of the pack checks every entry against the PDF.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

TOC_LEVELS = {"Heading 1": 0, "Heading 2": 1}
INDENT = "    "


def _starts_page(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    if properties is None:
        return False
    flag = properties.find(qn("w:pageBreakBefore"))
    if flag is not None and flag.get(qn("w:val"), "true") not in ("0", "false"):
        return True
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.page_break_before:
            return True
        style = style.base_style
    return False


def _page_breaks_inside(paragraph: Paragraph) -> int:
    return sum(1 for br in paragraph._p.iter(qn("w:br")) if br.get(qn("w:type")) == "page")


def heading_pages(document) -> list[tuple[int, str, int]]:
    """``(level, text, page)`` of every Heading 1 and 2 of the body, pages counted from 1."""
    page, seen_content, found = 1, False, []
    for paragraph in document.paragraphs:
        if _starts_page(paragraph) and seen_content:
            page += 1
        level = TOC_LEVELS.get(paragraph.style.name if paragraph.style is not None else "")
        if level is not None:
            found.append((level, paragraph.text, page))
        seen_content = True
        page += _page_breaks_inside(paragraph)
    return found


def _toc_body(document) -> list[Paragraph]:
    """The paragraphs between the TOC field's opening paragraph and its closing one."""
    paragraphs = document.paragraphs
    for index, paragraph in enumerate(paragraphs):
        instruction = "".join(t.text or "" for t in paragraph._p.iter(qn("w:instrText")))
        if instruction.strip().startswith("TOC") and not paragraph.text.strip():  # an opening paragraph of its own
            for end in range(index + 1, len(paragraphs)):
                kinds = [c.get(qn("w:fldCharType")) for c in paragraphs[end]._p.iter(qn("w:fldChar"))]
                if "end" in kinds:
                    return paragraphs[index + 1:end + 1]
    return []


def fill_table_of_contents(document) -> int:
    """Write the TOC field's entries (title, tab, page); returns how many (0 when there is no TOC field)."""
    body = _toc_body(document)
    if not body:
        return 0
    closing = body[-1]
    for paragraph in body[:-1]:
        paragraph._p.getparent().remove(paragraph._p)
    entries = heading_pages(document)
    for level, text, page in entries:
        entry = closing.insert_paragraph_before(f"{INDENT * level}{text}\t{page}", style=closing.style)
        entry.paragraph_format.keep_with_next = False
    return len(entries)
