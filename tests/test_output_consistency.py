"""After the demo, every portfolio figure on the master, the Word packs and the dashboard equals the snapshot.

Each output is read back with a second reader (openpyxl for the workbooks,
python-docx for the packs) and its figures compared with the stored
snapshot (the Parquet tables read with pandas).
"""

import json
import re
import shutil
from datetime import date

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.demo.run import MASTER_NAME, PACKS_FOLDER, PROJECTS_FOLDER, run_demo
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.io.snapshot_store import read_stored_snapshot, read_table, snapshots_folder


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("consistency")
    report = run_demo(out)
    assert all(step.ok for step in report.steps), [s.error for s in report.steps]
    stored = snapshots_folder(out) / "2026-10"
    portfolio = read_table(stored, "portfolio").iloc[0].to_dict()
    return out, read_stored_snapshot(stored), portfolio


def number(text: str) -> float:
    """A number written the French way ("140 118 671 MAD", "0,97", "119 %") as a float."""
    cleaned = re.sub(r"[\s\u202f\u00a0]", "", text).replace("MAD", "").replace("%", "").replace(",", ".")
    return float(cleaned)


def _tile_table(document) -> list[list[str]]:
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if len(rows) == 3 and "SPI portefeuille" in rows[1]:
            return rows
    raise AssertionError("no KPI tiles in the pack")


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _tiles_match(values: list[str], labels: list[str], details: list[str], figures: dict) -> None:
    tiles = {label: (value, detail) for value, label, detail in zip(values, labels, details)}
    assert number(tiles["Projets"][0]) == figures["projects"]
    assert tiles["Projets"][1] == (f"{figures['rag_green']:.0f} vert · {figures['rag_amber']:.0f} orange · "
                                   f"{figures['rag_red']:.0f} rouge")
    assert number(tiles["SPI portefeuille"][0]) == round(figures["portfolio_spi"], 2)
    assert number(tiles["CPI portefeuille"][0]) == round(figures["portfolio_cpi"], 2)
    budget_label = next(k for k in tiles if k.startswith("Budget consommé"))
    assert number(tiles[budget_label][0]) == round(100 * figures["budget_consumed_rate"])
    actual, planned = tiles[budget_label][1].split(" / ")
    assert number(actual) == round(figures["budget_actual_to_date"])
    assert number(planned) == round(figures["budget_planned_to_date"])
    on_time, due = tiles["Jalons tenus à l'heure"][0].split(" / ")
    assert (int(on_time), int(due)) == (figures["milestones_on_time"], figures["milestones_due"])
    assert number(tiles["Actions en retard"][0]) == figures["actions_overdue"]


def test_the_masters_synthese_equals_the_snapshot(demo):
    out, snapshot, figures = demo
    sheet = openpyxl.load_workbook(out / MASTER_NAME, data_only=True)["Synthèse"]
    shown = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, max_col=3, values_only=True) if row[0]}
    for indicator in ("projects", "rag_green", "rag_amber", "rag_red", "rag_incomplete", "bac_total", "eac_total",
                      "ac_total", "portfolio_spi", "portfolio_cpi", "budget_actual_to_date", "budget_planned_to_date",
                      "budget_consumed_rate", "milestones_due", "milestones_on_time", "actions_overdue",
                      "problems", "open_risks", "red_alerts"):
        assert shown[indicator] == pytest.approx(figures[indicator], rel=1e-9), indicator
    assert shown["problems"] == len(snapshot.errors) >= 5  # the 5 injected faults, and the decision cases to complete
    assert figures["rag_green"] + figures["rag_amber"] + figures["rag_red"] + figures["rag_incomplete"] == 25


def test_the_copil_pack_and_its_dashboard_equal_the_snapshot(demo):
    out, snapshot, figures = demo
    document = docx.Document(out / PACKS_FOLDER / "COPIL_monthly_2026-10_fr.docx")
    values, labels, details = _tile_table(document)
    _tiles_match(values, labels, details, figures)

    book = openpyxl.load_workbook(out / PACKS_FOLDER / "COPIL_monthly_2026-10_fr_dashboard.xlsx", data_only=True)
    sheet = book["Synthèse"]
    cells = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(min_row=4, max_row=6, values_only=True)]
    columns = [i for i, v in enumerate(cells[1]) if v]
    _tiles_match([str(cells[0][i]) for i in columns], [cells[1][i] for i in columns], [str(cells[2][i]) for i in columns],
                 figures)


def test_the_tech_pack_counts_the_same_problems(demo):
    out, snapshot, figures = demo
    document = docx.Document(out / PACKS_FOLDER / "TECH_monthly_2026-10_fr.docx")
    error_rows = int((snapshot.errors["severity"] == "error").sum())
    located = "erreur localisée" if error_rows == 1 else "erreurs localisées"
    annex = next(t for t in _texts(document) if located in t)
    assert f"({error_rows} {located})" in annex
    errors = next(t for t in document.tables if t.rows[0].cells[0].text == "Fichier")
    assert len(errors.rows) - 1 == figures["problems"] == len(snapshot.errors)


def test_projects_with_lost_data_are_never_green(demo):
    out, snapshot, _ = demo
    overview = snapshot.overview.set_index("project_code")
    assert overview.at["PRJ-13", "rejected_rows"] == 2
    assert overview.at["PRJ-13", "data_quality_score"] < 1.0
    assert overview.at["PRJ-13", "rag_overall"] != "green"
    assert overview.at["PRJ-18", "rag_risk"] == "not_provided"
    assert overview.at["PRJ-18", "missing_sheets"] == "Risques"
    assert overview.at["PRJ-18", "rag_overall"] != "green"
    # on the master, read back with openpyxl
    sheet = openpyxl.load_workbook(out / MASTER_NAME, data_only=True)["Portefeuille"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["PRJ-18"][header.index("Météo risques")] == "non fourni"
    assert rows["PRJ-13"][header.index("Qualité des données")] < 1.0
    # on the COPIL pack's project page: PRJ-18's risk weather reads "non fourni"
    document = docx.Document(out / PACKS_FOLDER / "COPIL_monthly_2026-10_fr.docx")
    weathers = [t for t in document.tables if t.rows[0].cells[0].text == "Globale"]
    texts = [[c.text for c in t.rows[1].cells] for t in weathers]
    assert any(row[4] == "non fourni" for row in texts)


def test_run_for_a_quarter_takes_its_status_date_from_the_period_and_data(demo, tmp_path):
    out, _, _ = demo
    copy = tmp_path / "demo"
    shutil.copytree(out, copy)
    outcome = CliRunner().invoke(app, ["run", "--master", str(copy / MASTER_NAME), "--period", "2026-Q4",
                                       "--projects", str(copy / PROJECTS_FOLDER), "--out", str(tmp_path / "q4")])
    assert outcome.exit_code == 0, outcome.output
    master = read_snapshot(copy / MASTER_NAME)
    # the quarter ends on 31 December; the workbooks were last updated on 30 October: that is the status date
    assert master.status_date == date(2026, 10, 30) and master.period.code == "2026-Q4"
    history = json.loads(CliRunner().invoke(app, ["history", "--master", str(copy / MASTER_NAME), "--json"]).stdout)
    assert [(s["period"], s["status_date"]) for s in history["snapshots"]] == [
        ("2026-10", "2026-10-30"), ("2026-Q4", "2026-10-30")]
    kpi_history = master.kpi_history
    assert sorted(set(kpi_history["period"])) == ["2026-10", "2026-Q4"]
    assert not kpi_history.duplicated(["period", "project_code", "kpi"]).any()
    # the quarter's overview is not made red by a date a month after the data
    first = read_stored_snapshot(snapshots_folder(copy) / "2026-10").overview
    assert list(master.overview["rag_overall"]) == list(first["rag_overall"])
