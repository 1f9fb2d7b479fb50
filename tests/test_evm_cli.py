"""``pmo-xl evm``: a project workbook written, read back and measured.

The workbook carries the standard Moroccan calendar (Monday–Friday, 8 h a
day, public holidays).  In January 2026 Wednesday 14 January (Yennayer) is a
holiday: task B, baselined 12–23 January, has 9 working days, not 10.
"""

import json
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model import BudgetCategory, BudgetLine, Project, ProjectData, Task


def project() -> ProjectData:
    tasks = [
        Task("A", "Analyse", duration_days=5, baseline_start=datetime(2026, 1, 5),
             baseline_finish=datetime(2026, 1, 9), cost=10_000, percent_complete=100,
             actual_start=datetime(2026, 1, 5), actual_finish=datetime(2026, 1, 9)),
        Task("B", "Développement", duration_days=9, baseline_start=datetime(2026, 1, 12),
             baseline_finish=datetime(2026, 1, 23), cost=20_000, percent_complete=40,
             actual_start=datetime(2026, 1, 12)),
    ]
    budget = [
        BudgetLine(date(2026, 1, 1), BudgetCategory.CAPEX, planned=2_000, actual=1_400,
                   forecast=1_400, currency="EUR"),
        BudgetLine(date(2026, 1, 1), BudgetCategory.OPEX, planned=10_000, actual=7_000, forecast=7_000),
        BudgetLine(date(2026, 2, 1), BudgetCategory.OPEX, planned=0, forecast=1_000, currency="USD"),
    ]
    return ProjectData(Project("P1", "Refonte crédit", status_date=date(2026, 1, 16)),
                       tasks=tasks, budget=budget)


def run(*args: str):
    return CliRunner().invoke(app, ["evm", *args])


def test_json_metrics_of_a_written_workbook(tmp_path):
    path = tmp_path / "P1.xlsx"
    write_project_workbook(project(), path)
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nEUR,10\nUSD,9\n", encoding="utf-8")
    result = run(str(path), "--status-date", "2026-01-16", "--json", "--rates", str(rates))
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["currency"] == "MAD"
    assert metrics["bac"] == pytest.approx(30_000)
    # PV: A 10 000 + B 4 of its 9 working days (12, 13, 15, 16 Jan) × 20 000
    pv = 10_000 + 20_000 * 4 / 9
    assert metrics["pv"] == pytest.approx(pv)
    assert metrics["ev"] == pytest.approx(18_000)           # 10 000 + 40 % × 20 000
    assert metrics["ac"] == pytest.approx(1_400 * 10 + 7_000)  # 21 000 MAD
    assert metrics["sv"] == pytest.approx(18_000 - pv)
    assert metrics["cv"] == pytest.approx(-3_000)
    assert metrics["spi"] == pytest.approx(18_000 / pv)
    assert metrics["cpi"] == pytest.approx(18_000 / 21_000)
    assert metrics["eac"] == pytest.approx(30_000 * 21_000 / 18_000)  # 35 000
    assert metrics["etc"] == pytest.approx(35_000 - 21_000)
    assert metrics["vac"] == pytest.approx(-5_000)
    assert metrics["tcpi"] == pytest.approx(12_000 / 9_000)
    assert metrics["eac_bottom_up"] == pytest.approx(21_000 + 1_000 * 9)
    # ES: 2 000 a day for 5 days, then 20 000 / 9 a day: 10 000 + 2 222.2 × 3.6 = 18 000
    assert metrics["es"] == pytest.approx(8.6)
    assert metrics["spi_t"] == pytest.approx(8.6 / 9)  # AT = 5 + 4 working days


def test_default_rates_and_another_reporting_currency(tmp_path):
    path = tmp_path / "P1.xlsx"
    write_project_workbook(project(), path)
    # the status date comes from the project card when not given
    result = run(str(path), "--json", "--currency", "EUR")
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["currency"] == "EUR"
    assert metrics["bac"] == pytest.approx(30_000 / 10.80)   # documented 10.80 MAD per EUR
    # EV 18 000 MAD → EUR; AC 1 400 EUR + 7 000 MAD → EUR
    assert metrics["ev"] == pytest.approx(18_000 / 10.80)
    assert metrics["ac"] == pytest.approx(1_400 + 7_000 / 10.80)
    assert metrics["cpi"] == pytest.approx((18_000 / 10.80) / (1_400 + 7_000 / 10.80))


def test_undefined_indices_are_null(tmp_path):
    data = project()
    for item in data.tasks:
        item.percent_complete, item.actual_start, item.actual_finish = 0, None, None
    data.budget = []
    path = tmp_path / "P1.xlsx"
    write_project_workbook(data, path)
    result = run(str(path), "--status-date", "2026-01-02", "--json")
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["pv"] == 0 and metrics["ac"] == 0
    assert metrics["spi"] is None and metrics["cpi"] is None and metrics["eac"] is None
    assert metrics["spi_t"] is None


def test_human_table_and_missing_rate(tmp_path):
    path = tmp_path / "P1.xlsx"
    write_project_workbook(project(), path)
    table = run(str(path), "--status-date", "2026-01-16")
    assert table.exit_code == 0
    assert "Valeur acquise (EV)" in table.stdout and "18\u202f000" in table.stdout  # French thousands separator
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nEUR,10\n", encoding="utf-8")
    missing = run(str(path), "--status-date", "2026-01-16", "--json", "--rates", str(rates))
    assert missing.exit_code == 1
    assert "USD" in missing.output


def test_unreadable_workbook_lists_located_problems_and_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # a wide console keeps each problem on one line
    path = tmp_path / "P1.xlsx"
    path.write_bytes(b"not a workbook")
    result = run(str(path), "--status-date", "2026-01-16", "--json")
    assert result.exit_code == 1
    assert "Problèmes" in result.output and "un classeur .xlsx" in result.output
    assert result.stdout.strip() == ""  # no JSON on a failure


def test_without_any_status_date_the_command_asks_for_one(tmp_path):
    data = project()
    data.project.status_date = None
    path = tmp_path / "P1.xlsx"
    write_project_workbook(data, path)
    result = run(str(path), "--json")
    assert result.exit_code == 2
    assert "--status-date" in result.output
