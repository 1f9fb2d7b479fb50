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

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

TOC_LEVELS = {"Heading 1": 0, "Heading 2": 1}
INDENT = "    "


def _style_facts(document) -> dict[str | None, tuple[str, bool]]:
    """Style id -> (style name, whether paragraphs of it start a page, through the base styles)."""
    facts: dict[str | None, tuple[str, bool]] = {}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        breaks, base = False, style
        while base is not None and not breaks:
            breaks = bool(base.paragraph_format.page_break_before)
            base = base.base_style
        facts[style.style_id] = (style.name, breaks)
    facts[None] = facts.get(default.style_id if default is not None else None, ("Normal", False))
    return facts


def heading_pages(document) -> list[tuple[int, str, int]]:
    """``(level, text, page)`` of every Heading 1 and 2 of the body, pages counted from 1."""
    facts = _style_facts(document)
    page, seen_content, found = 1, False, []
    for p in document.element.body.iterchildren(qn("w:p")):
        properties = p.pPr
        style_id = properties.pStyle.val if properties is not None and properties.pStyle is not None else None
        name, style_breaks = facts.get(style_id, facts[None])
        flag = properties.find(qn("w:pageBreakBefore")) if properties is not None else None
        starts = (flag.get(qn("w:val"), "true") not in ("0", "false")) if flag is not None else style_breaks
        if starts and seen_content:
            page += 1
        level = TOC_LEVELS.get(name)
        if level is not None:
            found.append((level, "".join(t.text or "" for t in p.iter(qn("w:t"))), page))
        seen_content = True
        page += sum(1 for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
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
