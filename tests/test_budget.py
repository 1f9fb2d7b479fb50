"""Budget lines, rates and money: hand-worked conversions and sums."""

from datetime import date

import pytest

from pmo_xl.engine.budget import (
    CurrencyError, Money, RatesTable, budget_position, budget_summary,
    forecast_overrun_lines, sum_money,
)
from pmo_xl.errors import InputError, PmoError
from pmo_xl.model import BudgetCategory, BudgetLine, CostNature


def rates() -> RatesTable:
    return RatesTable("MAD", {"EUR": 10.0, "USD": 9.0}, {("EUR", date(2026, 2, 1)): 11.0})


def test_money_refuses_to_add_two_currencies():
    with pytest.raises(CurrencyError, match="EUR"):
        Money(100, "MAD") + Money(5, "EUR")
    with pytest.raises(CurrencyError):
        sum([Money(1, "USD"), Money(1, "EUR")])
    assert sum([Money(1, "EUR"), Money(2.5, "EUR")]) == Money(3.5, "EUR")


def test_sum_money_converts_each_amount_first():
    # 100 MAD + 5 EUR × 10 + 2 USD × 9 = 100 + 50 + 18 = 168 MAD
    total = sum_money([Money(100, "MAD"), Money(5, "EUR"), Money(2, "USD")], rates())
    assert total == Money(168.0, "MAD")
    # the February rate of EUR is 11: 5 × 11 = 55
    assert sum_money([Money(5, "EUR")], rates(), date(2026, 2, 14)).amount == pytest.approx(55.0)


def test_missing_rate_names_the_currency_and_month():
    with pytest.raises(PmoError, match=r"GBP to MAD for 2026-03"):
        rates().rate("GBP", date(2026, 3, 1))


def test_rebased_table_goes_through_the_pivot():
    # EUR→USD = 10 MAD / 9 MAD; MAD→USD = 1/9
    usd = rates().rebased("USD")
    assert usd.rate("EUR") == pytest.approx(10 / 9)
    assert usd.rate("MAD") == pytest.approx(1 / 9)
    assert usd.rate("USD") == 1.0


def test_default_table_has_eur_and_usd_to_mad():
    table = RatesTable.default()
    assert table.reporting_currency == "MAD"
    assert table.rate("EUR") > 1 and table.rate("USD") > 1


def lines() -> list[BudgetLine]:
    return [
        BudgetLine(date(2026, 1, 1), BudgetCategory.CAPEX, planned=1000, actual=900, forecast=900),
        BudgetLine(date(2026, 2, 1), BudgetCategory.CAPEX, planned=100, actual=120, forecast=120,
                   currency="EUR", nature=CostNature.EXTERNAL),
        BudgetLine(date(2026, 3, 1), BudgetCategory.OPEX, planned=2000, actual=0, forecast=2500),
        BudgetLine(date(2026, 4, 1), BudgetCategory.OPEX, planned=50, actual=0, forecast=40,
                   currency="USD", nature=CostNature.EXTERNAL),
    ]


def test_position_at_status_date_counts_the_current_month():
    position = budget_position(lines(), rates(), date(2026, 2, 10))
    # planned total: 1000 + 100×11 + 2000 + 50×9 = 1000 + 1100 + 2000 + 450 = 4550
    assert position.planned_total == pytest.approx(4550)
    # planned to date (Jan, Feb): 1000 + 1100 = 2100 ; actual: 900 + 120×11 = 2220
    assert position.planned_to_date == pytest.approx(2100)
    assert position.actual_to_date == pytest.approx(2220)
    # remaining forecast (Mar, Apr): 2500 + 40×9 = 2860 ; at completion 2220 + 2860 = 5080
    assert position.remaining_forecast == pytest.approx(2860)
    assert position.forecast_at_completion == pytest.approx(5080)
    # budget variance (2220 − 2100) / 2100 = 5.714 % ; overrun (5080 − 4550) / 4550 = 11.648 %
    assert position.budget_variance_percent == pytest.approx(120 / 2100 * 100)
    assert position.forecast_overrun_percent == pytest.approx(530 / 4550 * 100)


def test_position_before_any_plan_has_undefined_variance():
    position = budget_position(lines(), rates(), date(2025, 12, 31))
    assert position.planned_to_date == 0
    assert position.budget_variance_percent is None


def test_summary_by_category_and_nature():
    summary = budget_summary(lines(), rates(), by=("category", "nature"))
    rows = {(r.category, r.nature): r for r in summary.itertuples()}
    assert rows[("CAPEX", "external")].planned == pytest.approx(1100)
    assert rows[("CAPEX", "internal")].actual == pytest.approx(900)
    assert rows[("OPEX", "internal")].forecast == pytest.approx(2500)
    assert rows[("OPEX", "external")].forecast == pytest.approx(360)


def test_summary_refuses_a_line_without_rate():
    bad = lines() + [BudgetLine(date(2026, 5, 1), BudgetCategory.OPEX, planned=1, currency="JPY")]
    with pytest.raises(CurrencyError, match="JPY"):
        budget_summary(bad, rates())


def test_forecast_overrun_lines_are_the_future_lines_above_plan():
    overrun = forecast_overrun_lines(lines(), rates(), date(2026, 2, 10))
    # March: 2500 − 2000 = 500 ; April: 360 − 450 < 0 is not an overrun
    assert list(overrun["month"]) == [date(2026, 3, 1)]
    assert overrun["overrun"].iloc[0] == pytest.approx(500)


def test_rates_csv_reads_default_and_monthly_rates(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency;rate;month\nEUR;10,5;\nEUR;10,9;2026-02\nUSD;9.7;\n", encoding="utf-8")
    table = RatesTable.from_csv(path)
    assert table.rate("EUR", date(2026, 1, 1)) == pytest.approx(10.5)
    assert table.rate("EUR", date(2026, 2, 1)) == pytest.approx(10.9)
    assert table.rate("USD") == pytest.approx(9.7)


def test_rates_csv_locates_bad_rows(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,rate\nEUR,abc\nEURO,10\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        RatesTable.from_csv(path)
    problems = caught.value.problems
    assert [(p.location.row, p.location.column, p.found) for p in problems] == [
        (2, "rate", "abc"), (3, "currency", "EURO")]
