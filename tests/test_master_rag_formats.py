"""The master's RAG colours follow the Config thresholds: rules read back with openpyxl after a consolidation."""

from __future__ import annotations

from dataclasses import replace

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

import pandas as pd

from pmo_xl.engine.rag import RagThresholds
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.service.consolidate import consolidate
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.master.package import Package
from pmo_xl.io.master.writer import write_master
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.model.portfolio import TABLES_BY_KEY, PortfolioSnapshot, conform
from pmo_xl.model.period import reporting_period_for

from test_portfolio_data import STATUS_DATE, project_app, project_bnk

RED, AMBER, GREEN = "FFFFC7CE", "FFFFEB9C", "FFC6EFCE"


def _portfolio(folder: Path, thresholds: dict[str, float]) -> Path:
    """A master whose Config thresholds the PMO changed to ``thresholds``, with two project workbooks."""
    master = write_master_template(folder / "portefeuille_maitre.xlsx")
    wb = openpyxl.load_workbook(master)
    config = wb["Config"]
    min_col, min_row, max_col, max_row = range_boundaries(config.tables["tblSeuilsRAG"].ref)
    changed = set()
    for key_cell, _, value_cell in config.iter_rows(min_row=min_row + 1, max_row=max_row,
                                                    min_col=min_col, max_col=max_col):
        if key_cell.value in thresholds:
            value_cell.value = thresholds[key_cell.value]
            changed.add(key_cell.value)
    assert changed == set(thresholds)
    wb.save(master)
    projects = folder / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    consolidate(master, projects, reporting_period_for(STATUS_DATE), keep_backup=False)
    return master


@pytest.fixture(scope="module")
def masters(tmp_path_factory):
    default = _portfolio(tmp_path_factory.mktemp("default"), {})
    changed = _portfolio(tmp_path_factory.mktemp("changed"),
                         {"index_amber": 0.8, "index_green": 0.97, "risk_amber_score": 6, "risk_red_score": 12,
                          "slip_green_days": 3, "slip_amber_days": 7})
    return default, changed


def _range_rules(ws, cell: str) -> list[tuple[str, str, str]]:
    """(formula, fill colour, top-left cell of the range) of the formula rules over ``cell``, by priority."""
    column, row = coordinate_from_string(cell)
    found = []
    for ranges in ws.conditional_formatting:
        for bounds in ranges.sqref.ranges:
            if not (bounds.min_col <= column_index_from_string(column) <= bounds.max_col
                    and bounds.min_row <= row <= bounds.max_row):
                continue
            origin = f"{get_column_letter(bounds.min_col)}{bounds.min_row}"
            for rule in ranges.rules:
                if rule.type == "expression":
                    found.append((rule.priority, rule.formula[0], rule.dxf.fill.bgColor.rgb, origin))
    return [(formula, colour, origin) for _, formula, colour, origin in sorted(found)]


def _rules(ws, column_letter: str) -> list[tuple[str, str]]:
    """(formula, fill colour) of the formula rules on the first data cell of ``column_letter``."""
    return [(formula, colour) for formula, colour, _ in _range_rules(ws, f"{column_letter}2")]


def _evaluate(formula: str, origin: str, ws, cell: str) -> bool:
    """The value at ``cell`` of ``ws`` of a rule ``formula`` written for the range's top-left ``origin``.

    Understands what the RAG rules use: AND of two terms, ISNUMBER, COLUMN, cell references,
    comparisons, * and -.
    """
    moved = Translator("=" + formula, origin=origin).translate_formula(cell)[1:]
    moved = re.sub(r"COLUMN\((\$?[A-Z]+)\$?\d+\)",
                   lambda m: str(column_index_from_string(m.group(1).replace("$", ""))), moved)
    moved = re.sub(r"\$?[A-Z]{1,3}\$?\d+", lambda m: repr(ws[m.group(0).replace("$", "")].value), moved)
    assert moved.startswith("AND(") and moved.endswith(")"), moved
    guard, test = _split_top_level(moved[4:-1])
    namespace = {"ISNUMBER": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)}
    return bool(eval(guard, namespace)) and bool(eval(test, namespace))  # noqa: S307


def _split_top_level(text: str) -> tuple[str, str]:
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            return text[:index], text[index + 1:]
    raise AssertionError(text)


def _colour_at(ws, column_letter: str, row: int) -> str | None:
    """The fill the highest-priority rule that holds gives the cell (what Excel and LibreOffice show)."""
    cell = f"{column_letter}{row}"
    for formula, colour, origin in _range_rules(ws, cell):
        if _evaluate(formula, origin, ws, cell):
            return colour
    return None


def test_index_colours_follow_the_config_thresholds(masters):
    default, changed = masters
    assert openpyxl.load_workbook(default)["Portefeuille"]["T1"].value == "SPI"
    for master, amber, green in ((default, "0.9", "0.95"), (changed, "0.8", "0.97")):
        rules = _rules(openpyxl.load_workbook(master)["Portefeuille"], "T")
        assert rules == [(f"AND(ISNUMBER(T2),T2<{amber})", RED), (f"AND(ISNUMBER(T2),T2<{green})", AMBER),
                         (f"AND(ISNUMBER(T2),T2>={green})", GREEN)]
    assert not any("0.8999" in formula for formula, _ in _rules(openpyxl.load_workbook(default)["Portefeuille"], "U"))


SPI_VALUES = [0.79, 0.85, 0.93, 0.96, 1.1, float("nan")]


def test_each_project_spi_cell_shows_the_band_of_its_value(tmp_path):
    overview = conform(TABLES_BY_KEY["overview"], pd.DataFrame({
        "project_code": [f"P{i}" for i in range(len(SPI_VALUES))], "spi": SPI_VALUES}))
    snapshot = PortfolioSnapshot(status_date=STATUS_DATE, overview=overview)
    for thresholds, amber, green in ((RagThresholds(), 0.9, 0.95),
                                     (RagThresholds(index_amber=0.8, index_green=0.97), 0.8, 0.97)):
        master = write_master_template(tmp_path / f"maitre_{amber}.xlsx")
        write_master(master, replace(snapshot, rag_thresholds=thresholds), keep_backup=False)
        ws = openpyxl.load_workbook(master)["Portefeuille"]
        for row, spi in enumerate(SPI_VALUES, start=2):
            if spi != spi:  # an SPI that cannot be computed is left uncoloured
                expected = None
            else:
                expected = RED if spi < amber else AMBER if spi < green else GREEN
            assert _colour_at(ws, "T", row) == expected, (thresholds, spi)


def test_heat_map_cells_are_coloured_by_their_score_band_not_by_their_count(masters):
    for master, amber, red in ((masters[0], 10, 20), (masters[1], 6, 12)):
        ws = openpyxl.load_workbook(master)["Carte des risques"]
        assert [rule.type for ranges in ws.conditional_formatting for rule in ranges.rules
                if str(ranges.sqref) == "B2:F6"] == ["expression"] * 3
        for row in range(2, 7):
            probability = ws[f"A{row}"].value
            for impact, column in enumerate("BCDEF", start=1):
                score = probability * impact
                expected = RED if score >= red else AMBER if score >= amber else GREEN
                assert _colour_at(ws, column, row) == expected, (probability, impact)


def test_milestone_slip_and_risk_score_colours_follow_the_thresholds(masters):
    default, changed = masters
    jalons = openpyxl.load_workbook(changed)["Jalons"]
    assert jalons["G1"].value == "Glissement (j ouvrés)"
    assert [formula for formula, _ in _rules(jalons, "G")] == [
        "AND(ISNUMBER(G2),G2>7)", "AND(ISNUMBER(G2),G2>3)", "AND(ISNUMBER(G2),G2<=3)"]
    risks = openpyxl.load_workbook(default)["Risques"]
    assert risks["F1"].value == "Score P×I"
    assert [formula for formula, _ in _rules(risks, "F")] == [
        "AND(ISNUMBER(F2),F2>=20)", "AND(ISNUMBER(F2),F2>=10)", "AND(ISNUMBER(F2),F2<10)"]


def test_spi_cpi_scatter_has_one_coloured_series_per_rag_a_legend_and_named_axes(tmp_path):
    overview = conform(TABLES_BY_KEY["overview"], pd.DataFrame({
        "project_code": ["P1", "P2", "P3", "P4", "P5"], "spi": [1.02, 0.93, 0.81, 1.0, float("nan")],
        "cpi": [1.05, 0.97, 0.88, 0.99, 1.0], "rag_overall": ["green", "amber", "red", None, "green"]}))
    master = write_master_template(tmp_path / "maitre.xlsx")
    write_master(master, PortfolioSnapshot(status_date=STATUS_DATE, overview=overview), keep_backup=False)
    ws = openpyxl.load_workbook(master)["Synthèse"]
    rows = [[ws.cell(row, column).value for column in range(18, 24)] for row in range(1, 7)]
    # the project without an SPI (P5) is not placed; P4, not rated, goes to its own grey series
    assert rows == [["Projet", "SPI", "CPI vert", "CPI orange", "CPI rouge", "CPI non évalué"],
                    ["P1", 1.02, 1.05, None, None, None], ["P2", 0.93, None, 0.97, None, None],
                    ["P3", 0.81, None, None, 0.88, None], ["P4", 1.0, None, None, None, 0.99],
                    [None] * 6]
    package = Package.open(master)
    charts = [package.parts[name].decode() for name in package.parts if name.startswith("xl/charts/chart")]
    scatter = next(xml for xml in charts if "<c:scatterChart>" in xml)
    assert scatter.count("<c:ser>") == 4
    assert "<c:legend>" in scatter and "<c:delete val=\"1\"/></c:legend>" not in scatter
    assert "SPI (délais)" in scatter and "CPI (coûts)" in scatter
    for colour in ("00B050", "FFC000", "FF0000", "A6A6A6"):
        assert colour in scatter
    assert "<c:f>Synthèse!$V$2:$V$5</c:f>" in scatter  # the red series: the CPI rouge column
