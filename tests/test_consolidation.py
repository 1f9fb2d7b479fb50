"""End-to-end consolidation of project workbooks into a master the PMO has customised."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.io.master import writer as master_writer
from pmo_xl.model.period import reporting_period_for
from pmo_xl.service.consolidate import consolidate
from pmo_xl.io.master.template import write_master_template
from pmo_xl.io.master.package import Package
from pmo_xl.model.portfolio import TABLES
from pmo_xl.io.master.reader import read_snapshot

from test_portfolio_data import STATUS_DATE, project_app, project_bnk

USER_SHEET = "Mon suivi"
USER_FORMULA = "='Synthèse'!C4*2"  # twice the number of projects consolidated


def _customise_master(path: Path) -> None:
    """What a PMO analyst does in Excel: governance rows, an own sheet with a formula, a chart, a name."""
    wb = openpyxl.load_workbook(path)
    gov = wb["Gouvernance"]
    table = gov.tables["tblGouvActions"]
    rows = [("G1", "Arbitrage budgétaire", "PMO", "COPIL", None, datetime(2026, 10, 1), "clos", None, None),
            ("G2", "Mettre à jour la feuille de route", "PMO", "COPIL", datetime(2026, 10, 1),
             datetime(2026, 10, 15), "ouvert", None, None)]
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            gov.cell(r, c, value)
    table.ref = "A3:I5"
    ws = wb.create_sheet(USER_SHEET)
    ws["A1"] = "Projets x 2"
    ws["B1"] = USER_FORMULA
    ws["A3"], ws["B3"] = "Vert", 1
    ws["A4"], ws["B4"] = "Rouge", 2
    chart = BarChart()
    chart.title = "Mon graphique"
    chart.add_data(Reference(ws, min_col=2, min_row=3, max_row=4))
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=4))
    ws.add_chart(chart, "D2")
    wb.defined_names["TotalProjets"] = DefinedName("TotalProjets", attr_text="'Synthèse'!$C$4")
    wb.save(path)


@pytest.fixture()
def portfolio(tmp_path) -> Path:
    master = write_master_template(tmp_path / "portefeuille_maitre.xlsx")
    _customise_master(master)
    projects = tmp_path / "projets"
    projects.mkdir()
    for data in (project_app(), project_bnk()):
        write_project_workbook(data, projects / f"{data.project.code}.xlsx")
    (projects / "CASSE.xlsx").write_bytes(b"this is not a workbook")
    (projects / "~$APP.xlsx").write_bytes(b"lock file of Excel")
    return master


def _user_parts(master: Path) -> dict[str, bytes]:
    """The parts of the user's sheet: the sheet, its drawing and its chart."""
    pkg = Package.open(master)
    sheet = pkg.sheets()[USER_SHEET]
    parts = {sheet: pkg.parts[sheet]}
    for rel in pkg.relationships(sheet):
        drawing = pkg.resolve(sheet, rel.target)
        parts[drawing] = pkg.parts[drawing]
        for chart_rel in pkg.relationships(drawing):
            chart = pkg.resolve(drawing, chart_rel.target)
            parts[chart] = pkg.parts[chart]
    return parts


def test_consolidated_values_and_errors(portfolio):
    result = consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    assert result.consolidated == ["APP", "BNK"]
    assert [p.name for p in result.failed] == ["CASSE.xlsx"]
    snapshot = read_snapshot(portfolio)
    assert snapshot.status_date == STATUS_DATE and snapshot.reporting_currency == "MAD"
    # budget: 1000 EUR × 10.80 + 100 EUR × 10.80 (template rates) + 500 MAD
    assert snapshot.budget["planned"].sum() == pytest.approx(10800 + 1080 + 500)
    # governance actions G1 (closed) and G2 (overdue) come from the master's Gouvernance table
    actions = snapshot.actions.set_index("action_id")
    assert actions.loc["G2", "source"] == "gouvernance" and bool(actions.loc["G2", "overdue"])
    assert snapshot.summary_value("action_closure_rate") == pytest.approx(3 / 8)
    assert snapshot.summary_value("actions_overdue") == 3
    assert snapshot.summary_value("projects") == 2
    assert snapshot.summary_value("projects_in_error") == 1
    errors = snapshot.errors
    assert list(errors["file"].map(lambda f: Path(f).name)) == ["CASSE.xlsx"]
    assert errors["message"].iloc[0] == "ce n'est pas un classeur .xlsx"  # the master speaks French
    # what was written is what was computed
    for spec in TABLES:
        written, computed = snapshot.table(spec.key), result.table(spec.key)
        assert len(written) == len(computed), spec.key
    pd.testing.assert_series_equal(snapshot.overview["bac"], result.overview["bac"], check_names=False)
    assert list(snapshot.overview["rag_overall"]) == list(result.overview["rag_overall"])


def test_user_sheet_formula_chart_and_names_survive(portfolio):
    before = _user_parts(portfolio)
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    assert _user_parts(portfolio) == before
    wb = openpyxl.load_workbook(portfolio)
    assert wb[USER_SHEET]["B1"].value == USER_FORMULA
    assert "TotalProjets" in wb.defined_names
    assert wb.defined_names["TotalProjets"].attr_text == "'Synthèse'!$C$4"
    assert len(wb[USER_SHEET]._charts) == 1
    assert wb.sheetnames.index(USER_SHEET) == len(wb.sheetnames) - 1
    gov = wb["Gouvernance"]
    assert gov["A5"].value == "G2" and gov.tables["tblGouvActions"].ref == "A3:I5"


def test_rerun_is_idempotent_and_backs_up(portfolio):
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    first = portfolio.read_bytes()
    result = consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    assert portfolio.read_bytes() == first
    assert result.run.backup_path.parent == portfolio.parent / "sauvegardes"
    assert result.run.backup_path.read_bytes() == first
    history = read_snapshot(portfolio).kpi_history
    assert not history.duplicated(["status_date", "project_code", "kpi"]).any()
    # a new status date appends its own rows next to the first ones
    consolidate(portfolio, period=reporting_period_for(date(2026, 11, 6)))
    dates = set(read_snapshot(portfolio).kpi_history["status_date"].dt.date)
    assert dates == {STATUS_DATE, date(2026, 11, 6)}


def test_project_workbooks_are_never_modified(portfolio):
    folder = portfolio.parent / "projets"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before


def test_user_text_is_written_as_text(portfolio):
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    pkg = Package.open(portfolio)
    risks_xml = pkg.parts[pkg.sheets()["Risques"]].decode("utf-8")
    assert "<f>" not in risks_xml
    assert re.search(r'<c r="C\d+"[^>]*t="inlineStr"><is><t>=HYPERLINK\(', risks_xml)
    wb = openpyxl.load_workbook(portfolio)
    titles = [c.value for c in wb["Risques"]["C"]]
    assert '=HYPERLINK("http://evil.example","cliquez")' in titles
    cell = next(c for c in wb["Risques"]["C"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_failure_while_writing_leaves_previous_master(portfolio, monkeypatch):
    consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    previous = portfolio.read_bytes()

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(master_writer.os, "fsync", broken_fsync)
    with pytest.raises(Exception):
        consolidate(portfolio, period=reporting_period_for(date(2026, 11, 6)))
    assert portfolio.read_bytes() == previous
    assert not [p for p in portfolio.parent.iterdir() if p.name.endswith(".tmp")]


def test_failure_while_building_leaves_previous_master(portfolio, monkeypatch):
    previous = portfolio.read_bytes()

    def broken_transplant(*args, **kwargs):
        raise RuntimeError("killed while building the managed sheets")

    monkeypatch.setattr(master_writer, "transplant_sheets", broken_transplant)
    with pytest.raises(RuntimeError):
        consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    assert portfolio.read_bytes() == previous


def test_cli_consolidate_reports_failed_workbooks(portfolio):
    runner = CliRunner()
    outcome = runner.invoke(app, ["consolidate", "--master", str(portfolio), "--status-date", "2026-10-30"])
    assert outcome.exit_code == 1, outcome.output
    assert "2 project(s) consolidated" in outcome.output
    assert "CASSE.xlsx" in outcome.output
    assert read_snapshot(portfolio).summary_value("projects") == 2


def test_cli_template_master(tmp_path):
    runner = CliRunner()
    out = tmp_path / "m.xlsx"
    outcome = runner.invoke(app, ["template", "master", "--out", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert "Config" in openpyxl.load_workbook(out).sheetnames


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_recalculation_matches_python(portfolio, tmp_path):
    result = consolidate(portfolio, period=reporting_period_for(STATUS_DATE))
    out = tmp_path / "recalc"
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(out), str(portfolio)],
                   check=True, capture_output=True, timeout=240)
    recalculated = openpyxl.load_workbook(out / portfolio.name, data_only=True)
    summary = recalculated["Synthèse"]
    expected = dict(zip(result.summary["indicator"], result.summary["value"]))
    checked = 0
    for row in summary.iter_rows(min_row=2, max_col=3, values_only=True):
        indicator, _, value = row
        if indicator in ("status_date", "reporting_currency", "reporting_period") or indicator.startswith("next_"):
            continue
        if pd.isna(expected[indicator]):
            assert value is None, indicator  # not computable (no PV, say): the cell stays empty
        else:
            assert value == pytest.approx(expected[indicator], rel=1e-9, abs=1e-9), indicator
        checked += 1
    skipped = {"status_date", "reporting_currency", "reporting_period"}
    assert checked == sum(1 for name in expected if name not in skipped and not name.startswith("next_"))
    assert checked >= 20
    assert recalculated[USER_SHEET]["B1"].value == 4  # 2 projects × 2
    assert set(recalculated.sheetnames) >= {"Config", "Gouvernance", USER_SHEET, "Portefeuille"}
