"""How an XlsxWriter worksheet prints: the page setup of a table sheet.

:func:`apply_print_layout` gives a worksheet the page setup every managed
sheet of the master uses: A4 landscape, scaled to the width of one page (as
many pages down as needed), the header rows repeated on every page, a print
area and a footer with the reporting period on the left, the sheet name in
the middle and the page number on the right ("Page 2 sur 5").
"""

from __future__ import annotations

from dataclasses import dataclass

A4_PAPER = 9  # XlsxWriter's paper code for A4
MARGIN_INCHES = 0.4


@dataclass(frozen=True)
class PrintArea:
    """The cells that print, zero-based and inclusive: rows 0..last_row, columns 0..last_col."""

    last_row: int
    last_col: int
    header_rows: int = 1

    def including(self, last_row: int, last_col: int) -> "PrintArea":
        """This area grown to reach ``last_row`` and ``last_col`` (a chart beside the table)."""
        return PrintArea(max(self.last_row, last_row), max(self.last_col, last_col), self.header_rows)


def header_footer_text(text: str) -> str:
    """``text`` safe inside an Excel header or footer (``&`` starts a code there, so it is doubled)."""
    return text.replace("&", "&&")


def page_footer(period_text: str, lang: str = "fr") -> str:
    """The footer: the period on the left, the sheet name in the centre, "Page n sur N" on the right."""
    of = "sur" if lang == "fr" else "of"
    return f"&L{header_footer_text(period_text)}&C&A&RPage &P {of} &N"


def apply_print_layout(ws, area: PrintArea, period_text: str, lang: str = "fr") -> None:
    """Set up ``ws`` (an XlsxWriter worksheet) to print ``area`` with the period in the footer."""
    ws.set_landscape()
    ws.set_paper(A4_PAPER)
    ws.set_margins(left=MARGIN_INCHES, right=MARGIN_INCHES, top=MARGIN_INCHES + 0.2,
                   bottom=MARGIN_INCHES + 0.4)
    ws.fit_to_pages(1, 0)
    if area.header_rows > 0:
        ws.repeat_rows(0, area.header_rows - 1)
    ws.print_area(0, 0, area.last_row, area.last_col)
    ws.set_footer(page_footer(period_text, lang))
