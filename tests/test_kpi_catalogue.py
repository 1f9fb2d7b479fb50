"""The KPI catalogue and the RAG thresholds of Config drive every output of the next consolidation."""

from datetime import date

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from pmo_xl.engine.portfolio.common import PORTFOLIO_CODE
from pmo_xl.io.master.config import read_master_inputs
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.enums import Committee
from pmo_xl.model.period import ReportingPeriod
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import write_pack
from pmo_xl.service.consolidate import consolidate
from pmo_xl.service.history import portfolio_history

from test_portfolio_data import project_app, project_bnk

PERIOD = ReportingPeriod.parse("2026-10", date(2026, 10, 30))


def _portfolio(folder):
    master = write_master_template(folder / "portefeuille_maitre.xlsx")
    projects = folder / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    return master


def _set_config(master, table_name: str, key: str, column: str, value) -> None:
    """Write ``value`` in ``column`` of the row whose first cell is ``key`` in the Config table ``table_name``."""
    book = openpyxl.load_workbook(master)
    sheet = book["Config"]
    min_col, min_row, max_col, max_row = range_boundaries(sheet.tables[table_name].ref)
    headers = [sheet.cell(min_row, c).value for c in range(min_col, max_col + 1)]
    for row in range(min_row + 1, max_row + 1):
        if sheet.cell(row, min_col).value == key:
            sheet.cell(row, min_col + headers.index(column), value)
            break
    else:
        raise AssertionError(f"{key} not in {table_name}")
    book.save(master)


def _rag_column(master, header: str) -> list[str]:
    sheet = openpyxl.load_workbook(master, data_only=True)["Portefeuille"]
    headers = [c.value for c in sheet[1]]
    return [row[headers.index(header)] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_catalogue_is_read_with_its_bounds_scope_and_switch(tmp_path):
    master = _portfolio(tmp_path)
    kpis = read_master_inputs(master).config.kpis
    closure = kpis["action_closure_rate"]
    assert (closure.target, closure.amber, closure.direction, closure.scope, closure.active) == (
        0.8, 0.5, "min", "portefeuille", True)
    assert closure.label_en == "Action closure rate" and "Actions closes" in closure.formula
    assert kpis["slip_days"].unit == "jours ouvrés"


def test_switching_a_kpi_off_and_moving_a_bound_change_the_history(tmp_path):
    master = _portfolio(tmp_path)
    before = consolidate(master, period=PERIOD, keep_backup=False)
    assert "cpi" in set(before.kpi_history["kpi"])
    closure = before.kpi_history[(before.kpi_history["project_code"] == PORTFOLIO_CODE)
                                 & (before.kpi_history["kpi"] == "action_closure_rate")].iloc[0]
    rate = closure["value"]
    assert 0 < rate < 0.8
    assert closure["rag"] == ("amber" if rate >= 0.5 else "red")

    _set_config(master, "tblKPI", "cpi", "Actif", "non")
    _set_config(master, "tblKPI", "action_closure_rate", "Vert si", round(rate, 3) - 0.001)
    after = consolidate(master, period=PERIOD, keep_backup=False)
    assert "cpi" not in set(after.kpi_history["kpi"])
    assert "cpi" not in set(read_snapshot(master).kpi_history["kpi"])  # the master's Historique KPI sheet
    assert "cpi" not in portfolio_history(master).trends  # the stored snapshot
    new_closure = after.kpi_history[(after.kpi_history["project_code"] == PORTFOLIO_CODE)
                                    & (after.kpi_history["kpi"] == "action_closure_rate")].iloc[0]
    assert new_closure["value"] == pytest.approx(rate) and new_closure["rag"] == "green"


def _by_code(rows: list, codes: list) -> dict:
    return dict(zip(codes, rows))


def test_a_rag_threshold_changes_the_master_colours_and_the_packs(tmp_path):
    master = _portfolio(tmp_path)
    before = consolidate(master, period=PERIOD, keep_backup=False)
    schedule = dict(zip(before.overview["project_code"], before.overview["rag_schedule"]))
    # APP's milestone A2 slips 1 working day, within the default 10 days: green
    assert schedule["APP"] == "green"
    codes = _rag_column(master, "Code projet")
    assert _by_code(_rag_column(master, "Météo délais"), codes)["APP"] == "vert"

    # a milestone slip is green up to 0 working days and amber up to 0.5: APP's slip of 1 day turns red
    _set_config(master, "tblSeuilsRAG", "slip_green_days", "Valeur", 0)
    _set_config(master, "tblSeuilsRAG", "slip_amber_days", "Valeur", 0.5)
    after = consolidate(master, period=PERIOD, keep_backup=False)
    assert dict(zip(after.overview["project_code"], after.overview["rag_schedule"]))["APP"] == "red"
    # the master: the cell reads "rouge", which its conditional format paints red
    assert _by_code(_rag_column(master, "Météo délais"), codes)["APP"] == "rouge"
    sheet = openpyxl.load_workbook(master)["Portefeuille"]
    red_fills = {str(rule.dxf.fill.bgColor.rgb)[-6:] for cf in sheet.conditional_formatting for rule in cf.rules
                 if rule.formula == ['"rouge"']}
    assert red_fills == {"FFC7CE"}
    # the pack's dashboard, read back with openpyxl, follows
    request = PackRequest(PERIOD, PackKind.MONTHLY, Committee.COPIL, "fr", generated_on=date(2026, 10, 30))
    pack = write_pack(after, request, tmp_path / "packs")
    dashboard = openpyxl.load_workbook(pack.dashboard, data_only=True)["Portefeuille"]
    headers = [c.value for c in dashboard[1]]
    rows = {row[0]: row for row in dashboard.iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows["APP"][headers.index("Météo délais")] == "rouge"


def _docx_texts(path) -> list[str]:
    import docx

    document = docx.Document(path)
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


def _deck_texts(path) -> list[str]:
    from pptx import Presentation

    return [paragraph.text for slide in Presentation(path).slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs]


def test_a_kpi_switched_off_is_hidden_from_the_pack_the_deck_and_the_dashboard(tmp_path):
    from typer.testing import CliRunner

    from pmo_xl.cli import app

    master = _portfolio(tmp_path)
    _set_config(master, "tblKPI", "cpi", "Actif", "non")
    # APP's one-day milestone slip turns red, so that it has an exception page and a deck slide
    _set_config(master, "tblSeuilsRAG", "slip_green_days", "Valeur", 0)
    _set_config(master, "tblSeuilsRAG", "slip_amber_days", "Valeur", 0.5)
    consolidate(master, period=PERIOD, keep_backup=False)
    outcome = CliRunner().invoke(app, ["pack", "--master", str(master), "--period", "2026-10", "--out",
                                       str(tmp_path / "packs")])
    assert outcome.exit_code == 0, outcome.output
    pack = _docx_texts(tmp_path / "packs" / "COPIL_monthly_2026-10_fr.docx")
    assert "SPI portefeuille" in pack and "CPI portefeuille" not in pack  # the KPI tiles of page 1
    assert "SPI (délais)" in pack and "CPI (coûts)" not in pack  # APP's exception page
    deck = _deck_texts(tmp_path / "packs" / "COPIL_monthly_2026-10_fr_deck.pptx")
    assert any(line.startswith("SPI (délais) : ") for line in deck)
    assert not any(line.startswith("CPI") for line in deck)
    book = openpyxl.load_workbook(tmp_path / "packs" / "COPIL_monthly_2026-10_fr_dashboard.xlsx")
    tiles = [c.value for c in book["Synthèse"][5] if c.value]
    assert "SPI portefeuille" in tiles and "CPI portefeuille" not in tiles
    headers = [c.value for c in book["Portefeuille"][1]]
    assert "SPI" in headers and "CPI" not in headers
