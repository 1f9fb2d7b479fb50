"""The COPIL pack of the 25-project demo, read back with python-docx, openpyxl and LibreOffice's PDF.

Checks the issue's acceptance on the real demo: at most 20 pages, page 1 the
synthesis, red and amber projects before green ones (worst first), one green
table, a table of contents whose page numbers are those of the PDF, CAPEX/OPEX
per fiscal year whose totals equal the project workbooks' own, and the layout
rules (rows kept whole, header rows repeated, headings kept with the next
paragraph, no raw codes, plurals).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from pmo_xl.demo.run import run_demo
from pmo_xl.engine.finance import fiscal_year_label, fiscal_year_table
from pmo_xl.model.enums import Committee
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.formatting import count_text
from pmo_xl.reports.packs import write_pack
from pmo_xl.reports.pdf import convert_to_pdf, find_soffice
from pmo_xl.model.period import parse_period
from test_pack_data import sample_snapshot

N = "\u202f"
STATUS_DATE = date(2026, 10, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    report = run_demo(out)
    assert report.ok, [s.error for s in report.steps]
    return out


@pytest.fixture(scope="module")
def copil(demo):
    return demo / "packs" / "COPIL_monthly_2026-10_fr.docx"


@pytest.fixture(scope="module")
def snapshot(demo):
    return read_snapshot(demo / "portefeuille_maitre.xlsx")


def _pdf_pages(pdf) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


@pytest.mark.libreoffice
def test_copil_pdf_has_at_most_20_pages_the_synthesis_first_and_a_true_table_of_contents(copil, tmp_path):
    if find_soffice() is None:
        pytest.fail("LibreOffice (soffice) is needed for this test")
    import subprocess

    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    assert "carlito" in fonts.lower(), "the Carlito font (Calibri's metrics) is needed: bash .ci/setup --test installs it"
    pages = _pdf_pages(convert_to_pdf(copil, tmp_path))
    assert len(pages) <= 20
    assert "Synthèse" in pages[0] and "Météo du portefeuille" in pages[0] and "Messages clés du PMO" in pages[0]
    entries = [p.text for p in docx.Document(copil).paragraphs if p.style.name == "TOC 1" and "\t" in p.text]
    assert len(entries) >= 8
    for entry in entries:
        title, page = entry.strip().rsplit("\t", 1)
        words = " ".join(title.split()[:4])
        assert words in " ".join(pages[int(page) - 1].split()), (title, page)


def test_red_and_amber_projects_come_first_worst_first_then_green_as_one_table(copil, snapshot):
    document = docx.Document(copil)
    rag = dict(zip(snapshot.overview["project_code"], snapshot.overview["rag_overall"]))
    pages = [p.text.split(" – ")[0] for p in document.paragraphs if p.style.name == "Heading 2"]
    assert pages and set(pages) == {code for code, value in rag.items() if value in ("red", "amber")}
    colours = [rag[code] for code in pages]
    assert colours == sorted(colours, key=["red", "amber"].index)  # every red before every amber
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Projets au vert") > headings.index("Projets au rouge et à l’orange, du plus grave au moins grave")
    green = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Code", "Projet"])
    assert sorted(r.cells[0].text for r in green.rows[1:]) == sorted(c for c, v in rag.items() if v == "green")


def test_every_table_row_stays_whole_headers_repeat_and_headings_keep_with_next(copil):
    document = docx.Document(copil)
    for table in document.tables:
        rows = table.rows
        assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None or len(rows) <= 3  # KPI tiles have none
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[name].paragraph_format.keep_with_next
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "TOC 1", "List Bullet", "Table Text"} <= used


def test_table_header_words_fit_their_column(copil):
    from pmo_xl.reports.templates_build import header_word_width_cm

    document = docx.Document(copil)
    for table in document.tables:
        header = table.rows[0]
        for cell in header.cells:
            if cell.width is not None and cell.text.strip():
                assert cell.width.cm + 0.01 >= header_word_width_cm(cell.text) or cell.width.cm >= 2.0, cell.text


RAW_CODES = re.compile(r"\b(spi_t|days_overdue|rag_overall|missing_options|PROPOSED|APPROVED|DecisionStatus|Rag\.|"
                       r"None|nan|NaT)\b|\(s\)")


def test_no_raw_code_and_no_parenthesised_plural_in_the_copil_pack(copil):
    document = docx.Document(copil)
    texts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    found = [text for text in texts if RAW_CODES.search(text)]
    assert found == []


def test_plurals_follow_a_real_one_project_and_several_projects_scope(tmp_path):
    whole = write_pack(sample_snapshot(), PackRequest(parse_period("2026-11"), PackKind.MONTHLY, Committee.COPIL, "fr",
                                                      generated_on=date(2026, 11, 27)), tmp_path / "all")
    one = write_pack(sample_snapshot(), PackRequest(parse_period("2026-11"), PackKind.MONTHLY, Committee.COPIL, "fr",
                                                    project="P-CORE", generated_on=date(2026, 11, 27)), tmp_path / "one")
    assert whole.context.values["copil"]["messages"][0] == ("1 projet au rouge et 2 projets à l’orange sur "
                                                            "4 projets suivis.")
    assert one.context.values["copil"]["messages"][0] == "1 projet au rouge et 0 projet à l’orange sur 1 projet suivi."
    assert count_text(0, "project", "projects", "en") == "0 projects"
    assert count_text(1, "project", "projects", "en") == "1 project"


def test_decision_request_without_options_reads_to_be_completed_and_is_a_data_problem(copil, snapshot):
    requests = snapshot.decision_requests
    incomplete = requests[requests["missing_options"].astype(bool)]
    assert len(incomplete) > 0
    located = snapshot.errors[snapshot.errors["code"] == "decision_case_incomplete"]
    assert len(located) == len(incomplete[incomplete["project_code"].isin(snapshot.overview["project_code"])])
    assert set(located["sheet"]) == {"Décisions"}
    text = "\n".join(p.text for p in docx.Document(copil).paragraphs)
    assert "Contexte, options et recommandation : à compléter" in text


def _workbook_budget(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        card = {str(r[0]).rstrip(" *"): r[1] for r in wb["Projet"].iter_rows(min_row=2, values_only=True) if r[0]}
        rows = list(wb["Budget"].iter_rows(values_only=True))
    finally:
        wb.close()
    header = list(rows[0])
    lines = [dict(zip(header, r)) for r in rows[1:] if r and r[0] is not None]
    return card, lines


def test_capex_opex_per_fiscal_year_equals_the_project_workbooks(demo, snapshot, copil):
    """Sums read straight from the MAD project workbooks with openpyxl give the snapshot's finance totals."""
    codes = set(snapshot.overview["project_code"])
    expected = defaultdict(lambda: [0.0, 0.0, 0.0])  # (year, category) -> planned, actual to date, forecast to complete
    compared = 0
    for path in sorted((demo / "projets").glob("*.xlsx")):
        card, lines = _workbook_budget(path)
        if card.get("Code projet") not in codes or card.get("Devise", "MAD") != "MAD":
            continue
        compared += 1
        for line in lines:
            month = line["Mois"].date() if isinstance(line["Mois"], datetime) else line["Mois"]
            key = (str(month.year), line["Catégorie"])
            expected[key][0] += float(line["Prévu"] or 0)
            if month <= STATUS_DATE:
                expected[key][1] += float(line["Réel"] or 0)
            else:
                expected[key][2] += float(line["Prévision"] or 0)
    assert compared >= 20
    mad = {c for c in codes if c in set(snapshot.budget.loc[snapshot.budget["currency"] == "MAD", "project_code"])}
    others = set(snapshot.budget.loc[snapshot.budget["currency"] != "MAD", "project_code"])
    finance = snapshot.finance[snapshot.finance["project_code"].isin(mad - others)]
    totals = finance.groupby(["fiscal_year", "category"])[["planned", "actual_to_date", "forecast_to_complete"]].sum()
    for (year, category), (planned, actual, to_complete) in expected.items():
        row = totals.loc[(year, category)]
        assert row["planned"] == pytest.approx(planned, abs=0.01)
        assert row["actual_to_date"] == pytest.approx(actual, abs=0.01)
        assert row["forecast_to_complete"] == pytest.approx(to_complete, abs=0.01)
    # the envelope spread over the years adds up to each workbook's approved budget
    spread = finance.groupby("project_code")["approved"].sum()
    for path in sorted((demo / "projets").glob("*.xlsx")):
        card, _ = _workbook_budget(path)
        if card.get("Code projet") in spread.index and card.get("Budget approuvé"):
            assert spread[card["Code projet"]] == pytest.approx(float(card["Budget approuvé"]), rel=1e-9)
    # the annex shows the amounts formatted once with the currency, never "MAD MAD"
    text = "\n".join(c.text for t in docx.Document(copil).tables for r in t.rows for c in r.cells)
    assert "MAD MAD" not in text and f"{N}MAD" in text


def test_fiscal_year_starting_in_july_is_named_by_both_years():
    import pandas as pd

    assert fiscal_year_label(date(2026, 6, 1), 7) == "2025-26"
    assert fiscal_year_label(date(2026, 7, 1), 7) == "2026-27"
    assert fiscal_year_label(date(2026, 7, 1)) == "2026"
    budget = pd.DataFrame({"project_code": ["P", "P", "P"], "month": pd.to_datetime(["2026-05-01", "2026-09-01", "2026-12-01"]),
                           "category": ["CAPEX", "CAPEX", "OPEX"], "planned": [100.0, 300.0, 600.0],
                           "actual": [90.0, 0.0, 0.0], "forecast": [90.0, 350.0, 600.0]})
    table = fiscal_year_table(budget, {"P": 1200.0}, date(2026, 6, 30), start_month=7)
    rows = {(r["fiscal_year"], r["category"]): r for r in table.to_dict("records")}
    # envelope 1 200 spread by planned share: 100/1000, 300/1000, 600/1000
    assert rows[("2025-26", "CAPEX")]["approved"] == pytest.approx(120.0)
    assert rows[("2025-26", "CAPEX")]["actual_to_date"] == 90.0
    assert rows[("2026-27", "CAPEX")]["forecast_to_complete"] == 350.0
    assert rows[("2026-27", "CAPEX")]["variance"] == pytest.approx(360.0 - 350.0)
    assert rows[("2026-27", "OPEX")]["variance"] == pytest.approx(720.0 - 600.0)


# ---------------------------------------------------------------------------
# the PowerPoint deck


@pytest.fixture(scope="module")
def deck(demo):
    return demo / "packs" / "COPIL_monthly_2026-10_fr_deck.pptx"


def _chart_series(deck_path) -> list[dict[str, list[float]]]:
    """Each ``ppt/charts/chart*.xml`` of the deck as {series name: values}, read with lxml."""
    import zipfile

    from lxml import etree

    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    charts = []
    with zipfile.ZipFile(deck_path) as archive:
        names = sorted((n for n in archive.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)),
                       key=lambda n: int(re.search(r"\d+", n).group()))
        for name in names:
            root = etree.fromstring(archive.read(name))
            series = {}
            for ser in root.iter(f"{c}ser"):
                title = ser.find(f"{c}tx").find(f".//{c}v").text
                points = {int(pt.get("idx")): float(pt.find(f"{c}v").text)
                          for pt in ser.find(f"{c}val").iter(f"{c}pt")}
                count = int(ser.find(f"{c}val").find(f".//{c}ptCount").get("val"))
                series[title] = [points.get(i) for i in range(count)]
            charts.append(series)
    return charts


def test_deck_charts_are_native_and_hold_the_snapshot_values(deck, snapshot):
    from pptx import Presentation

    from pmo_xl.engine.finance import fiscal_year_totals

    presentation = Presentation(str(deck))
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    rag, curve, budget = _chart_series(deck)
    counts = snapshot.overview["rag_overall"].value_counts()
    assert rag["Projets"] == [counts.get("red", 0), counts.get("amber", 0), counts.get("green", 0)]
    monthly = snapshot.budget_monthly.sort_values("month")
    assert curve["Prévu cumulé"] == pytest.approx(list(monthly["cumulative_planned"]))
    assert curve["Prévision cumulée"] == pytest.approx(list(monthly["cumulative_forecast"]))
    past = pd_months(monthly) <= STATUS_DATE
    assert [v for v, p in zip(curve["Réel cumulé"], past) if p] == pytest.approx(list(monthly.loc[past.values, "cumulative_actual"]))
    assert all(v is None for v, p in zip(curve["Réel cumulé"], past) if not p)
    totals = fiscal_year_totals(snapshot.finance)
    assert budget["Enveloppe approuvée"] == pytest.approx(list(totals["approved"]))
    assert budget["Réalisé à date"] == pytest.approx(list(totals["actual_to_date"]))
    assert budget["Atterrissage"] == pytest.approx(list(totals["estimate_at_completion"]))


def pd_months(frame):
    import pandas as pd

    return pd.Series([m.date() for m in pd.to_datetime(frame["month"])], index=frame.index)


def test_deck_has_a_slide_per_red_or_amber_project_and_per_decision_with_the_narrative_in_the_notes(deck, snapshot):
    from pptx import Presentation

    slides = list(Presentation(str(deck)).slides)
    titles = [s.shapes.title.text for s in slides]
    exceptions = set(snapshot.overview.loc[snapshot.overview["rag_overall"].isin(["red", "amber"]), "project_code"])
    project_slides = [s for s, t in zip(slides, titles) if t.split(" – ")[0] in exceptions]
    assert len(project_slides) == len(exceptions)
    narratives = dict(zip(snapshot.narratives["project_code"], snapshot.narratives["achievements"]))
    for slide in project_slides:
        code = slide.shapes.title.text.split(" – ")[0]
        first = narratives[code].splitlines()[0].lstrip("- ").strip()
        assert first in slide.notes_slide.notes_text_frame.text
    texts = [shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame]
    assert [t for t in texts if RAW_CODES.search(t)] == []
    requests = snapshot.decision_requests
    copil = requests[requests["committee"].isna() | (requests["committee"] == "COPIL")]
    decision_titles = [t for t in titles if t.startswith("Décision ")]
    assert sorted(decision_titles) == sorted(f"Décision {r['project_code']} {r['decision_id']} – {r['title']}"
                                             for r in copil.to_dict("records"))


@pytest.mark.libreoffice
def test_libreoffice_converts_the_deck_one_page_per_slide(deck, tmp_path):
    from pptx import Presentation

    from pmo_xl.reports.pdf import count_pdf_pages

    if find_soffice() is None:
        pytest.fail("LibreOffice (soffice) is needed for this test")
    pdf = convert_to_pdf(deck, tmp_path)
    assert count_pdf_pages(pdf) == len(Presentation(str(deck)).slides)


def test_broken_templates_are_named_and_the_other_outputs_still_written(tmp_path):
    from pptx import Presentation

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "copil_monthly_fr.docx").write_bytes(b"not a word document")
    bare = Presentation()
    bare.slide_layouts.remove(bare.slide_layouts.get_by_name("Title Only"))
    bare.save(str(templates / "copil_deck.pptx"))
    request = PackRequest(parse_period("2026-11"), PackKind.MONTHLY, Committee.COPIL, "fr", generated_on=date(2026, 11, 27))
    result = write_pack(sample_snapshot(), request, tmp_path / "out", templates_dir=templates)
    messages = [p.message for p in result.problems if p.is_error]
    assert any("copil_monthly_fr.docx cannot be opened as a Word document" in m for m in messages)
    assert any("copil_deck.pptx lacks the slide layouts Title Only" in m for m in messages)
    assert result.pack is None and result.deck is None
    assert result.minutes.exists() and result.dashboard.exists()


def test_technical_pack_shows_team_load_over_allocations_and_agile_progress(demo, snapshot):
    document = docx.Document(demo / "packs" / "TECH_monthly_2026-10_fr.docx")
    tables = {tuple(c.text for c in t.rows[0].cells): [[c.text for c in r.cells] for r in t.rows[1:]]
              for t in document.tables}
    teams = tables[("Équipe", "Mois", "Capacité (jours)", "Charge (jours)", "Charge / capacité", "Projets")]
    october = snapshot.team_load[snapshot.team_load["month"] == "2026-10-01"]
    assert sorted(r[0] for r in teams if r[1] == "oct. 2026") == sorted(october["department"].dropna())
    over = tables[("Ressource", "Équipe", "Mois", "Charge / capacité", "Projets")]
    assert over and all(re.fullmatch(r"PRJ-\d\d(, PRJ-\d\d)*", r[4]) for r in over)
    agile = tables[("Projet", "Sprint", "Fin", "Engagés", "Réalisés", "Vélocité moyenne", "Burn-up", "Restants")]
    agile_codes = set(snapshot.overview.loc[snapshot.overview["methodology"] != "cycle en V", "project_code"])
    assert agile and {r[0] for r in agile} <= agile_codes
