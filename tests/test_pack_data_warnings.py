"""A project whose data the integrity gate found incomplete carries a warning on its pages of every pack."""

from datetime import date

import docx
import pytest

from pmo_xl.model.enums import Committee
from pmo_xl.model.period import parse_period
from pmo_xl.reports.context import PackKind, PackRequest, data_problem_text
from pmo_xl.reports.packs import write_pack

from test_pack_data import sample_snapshot

N = "\u202f"


def _snapshot(aml_errors: int):
    """The sample portfolio: P-CORE (red) lost 3 rows and its Risques sheet; P-AML (green) has ``aml_errors`` errors."""
    snapshot = sample_snapshot()
    overview = snapshot.overview.copy()
    for code, rejected, sheets, errors in (("P-CORE", 3, "Risques", 4), ("P-AML", 0, None, aml_errors),
                                           ("P-MOB", 0, None, 0), ("P-DWH", 0, None, 0)):
        row = overview["project_code"] == code
        overview.loc[row, "rejected_rows"] = rejected
        overview.loc[row, "missing_sheets"] = sheets
        overview.loc[row, "problem_count"] = errors
    snapshot.overview = overview
    return snapshot


def _request(committee: Committee, lang: str) -> PackRequest:
    return PackRequest(parse_period("2026-11"), PackKind.MONTHLY, committee, lang, generated_on=date(2026, 11, 27))


def _paragraphs(path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs]


def _green_table(path, data_header: str) -> dict[str, str]:
    """Project code → the green table's data cell."""
    for table in docx.Document(path).tables:
        header = [c.text for c in table.rows[0].cells]
        if data_header in header and "SPI" in header:
            return {r.cells[0].text: r.cells[header.index(data_header)].text for r in table.rows[1:]}
    raise AssertionError("no green projects table")


def test_copil_exception_page_and_green_table_show_the_data_problems(tmp_path):
    result = write_pack(_snapshot(aml_errors=2), _request(Committee.COPIL, "fr"), tmp_path, formats=("docx",))
    core = next(e for e in result.context.values["copil"]["exceptions"] if e["code"] == "P-CORE")
    expected = (f"Données incomplètes : qualité 85{N}%, 3 lignes rejetées, feuille Risques absente, 4 erreurs "
                "(voir l’annexe des erreurs).")
    # first the integrity gate's findings, then its incomplete decision request
    assert core["warnings"] == [expected, "1 demande de décision incomplète : problème de données du projet."]
    mob = next(e for e in result.context.values["copil"]["exceptions"] if e["code"] == "P-MOB")
    assert mob["warnings"] == []
    assert "⚠ " + expected in _paragraphs(result.pack)
    # P-AML is green by its figures, but two errors were located in its workbook
    assert _green_table(result.pack, "Données") == {"P-AML": "⚠ incomplètes"}


def test_a_green_project_with_whole_data_has_no_marker_in_english(tmp_path):
    result = write_pack(_snapshot(aml_errors=0), _request(Committee.COPIL, "en"), tmp_path, formats=("docx",))
    assert _green_table(result.pack, "Data") == {"P-AML": ""}
    assert data_problem_text({"data_quality_score": 0.985, "rejected_rows": 2}, "en") == (
        "Incomplete data: quality 98.5%, 2 rejected rows (see the errors appendix).")
    core = next(e for e in result.context.values["copil"]["exceptions"] if e["code"] == "P-CORE")
    assert core["warnings"][0] == ("Incomplete data: quality 85%, 3 rejected rows, sheet Risks missing, "
                                   "4 errors (see the errors appendix).")


@pytest.mark.parametrize("lang, expected", [
    ("fr", "⚠ Données incomplètes : 1 erreur (voir l’annexe des erreurs)."),
    ("en", "⚠ Incomplete data: 1 error (see the errors appendix)."),
])
def test_coproj_project_pages_show_the_warning_under_the_weather(tmp_path, lang, expected):
    result = write_pack(_snapshot(aml_errors=1), _request(Committee.COPROJ, lang), tmp_path, formats=("docx",))
    paragraphs = _paragraphs(result.pack)
    pages = {}
    for text in paragraphs:
        if " – " in text and text.split(" – ")[0] in ("P-CORE", "P-MOB", "P-AML", "P-DWH"):
            current = text.split(" – ")[0]
            pages[current] = []
        elif pages:
            pages[current].append(text)
    assert expected in pages["P-AML"]
    assert [t for t in pages["P-MOB"] if t.startswith("⚠")] == []
    sheet = "Risques" if lang == "fr" else "Risks"  # the workbook's sheet, named in the pack's language
    assert any(t.startswith("⚠") and "3" in t and sheet in t for t in pages["P-CORE"])
