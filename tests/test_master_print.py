"""The consolidated master prints: its page setup, read back with openpyxl, and its PDF made by LibreOffice."""

from __future__ import annotations

import re

import openpyxl
import pytest

from pmo_xl.model.period import reporting_period_for

from pmo_xl.demo.portfolio import DEFAULT_STATUS_DATE
from pmo_xl.demo.run import run_demo
from pmo_xl.service.consolidate import consolidate
from pmo_xl.io.master.template import write_master_template
from pmo_xl.model.portfolio import MANAGED_SHEETS, TABLES_BY_KEY
from pmo_xl.reports.pdf import convert_to_pdf

STATUS_DATE_TEXT = "30/10/2026"
PAGE_NUMBER = re.compile(r"Page (\d+) sur (\d+)")


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    """The demo portfolio's workbooks consolidated into a fresh master (no packs)."""
    out = tmp_path_factory.mktemp("demo-master")
    run_demo(out, steps=[])
    master = write_master_template(out / "portefeuille_maitre.xlsx")
    result = consolidate(master, out / "projets", reporting_period_for(DEFAULT_STATUS_DATE), keep_backup=False)
    assert len(result.consolidated) >= 20
    return master, result


def test_every_managed_sheet_prints_landscape_one_page_wide_with_titles_area_and_footer(demo_master):
    master, snapshot = demo_master
    wb = openpyxl.load_workbook(master)
    for name in MANAGED_SHEETS:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        # fitToWidth left out is the schema's default, 1 page; fitToHeight 0: as many pages as needed
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0), name
        assert ws.print_title_rows == "$1:$1", name
        footer = ws.oddFooter
        assert footer.left.text == f"Période 2026-10 · date d'état {STATUS_DATE_TEXT}", name
        assert footer.right.text == "Page &P sur &N", name
    spec = TABLES_BY_KEY["overview"]
    last_column = openpyxl.utils.get_column_letter(len(spec.columns))
    assert wb["Portefeuille"].print_area == f"'Portefeuille'!$A$1:${last_column}${len(snapshot.overview) + 1}"
    actions_last = openpyxl.utils.get_column_letter(len(TABLES_BY_KEY["actions"].columns))
    assert wb["Actions"].print_area == f"'Actions'!$A$1:${actions_last}${len(snapshot.actions) + 1}"
    # the PMO's own sheets are left as the template made them
    assert wb["Config"].print_title_rows is None


def test_boolean_cells_under_conditional_formats_carry_a_number_format(demo_master):
    master, _ = demo_master
    ws = openpyxl.load_workbook(master)["Problèmes"]
    flags = [row[8] for row in ws.iter_rows(min_row=2, max_row=ws.max_row)]
    assert flags and all(isinstance(cell.value, bool) for cell in flags)
    assert {cell.number_format for cell in flags} == {'"VRAI";"VRAI";"FAUX"'}


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_converts_the_consolidated_demo_master_to_pdf_with_page_numbers(demo_master, soffice,
                                                                                    tmp_path):
    pypdf = pytest.importorskip("pypdf")
    master, _ = demo_master
    pages = pypdf.PdfReader(convert_to_pdf(master, tmp_path)).pages
    # Reading the text of every page takes minutes: every fifth page and the last one are read.
    sampled = sorted(set(range(0, len(pages), 5)) | {len(pages) - 1})
    texts = {index: pages[index].extract_text() for index in sampled}
    numbers = {index: PAGE_NUMBER.search(text) for index, text in texts.items()}
    first_numbered = min(index for index, match in numbers.items() if match)
    # the PMO's sheets (read-me, Config, Gouvernance) come first, without a footer; every managed
    # sheet's page after them says "Page n sur N" of the whole PDF, with the period and status date
    assert first_numbered > 0 and numbers[0] is None
    for index in (i for i in sampled if i >= first_numbered):
        match = numbers[index]
        assert match is not None, index
        assert (int(match.group(1)), int(match.group(2))) == (index + 1, len(pages))
        assert f"Période 2026-10 · date d'état {STATUS_DATE_TEXT}" in texts[index]
    assert len(pages) - first_numbered >= len(MANAGED_SHEETS)
