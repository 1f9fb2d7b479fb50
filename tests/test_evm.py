"""Earned value and earned schedule against hand-worked examples.

The calendar of every example is Monday–Friday, 08:00–12:00 and 13:00–17:00
(480 working minutes a day), without public holidays, so that working days can
be counted on the fingers.  2026-01-05 is a Monday.
"""

from dataclasses import replace
from datetime import date, datetime

import pytest

from pmo_xl.engine.budget import CurrencyError, RatesTable
from pmo_xl.engine.evm import (
    earned_value_metrics, portfolio_earned_value, project_earned_value, rollup, rollup_by_programme,
)
from pmo_xl.model import BudgetCategory, BudgetLine, CalendarSpec, EvMethod, Project, ProjectData, Task

PLAIN = CalendarSpec(name="Standard", holiday_country=None)
RATES = RatesTable("MAD", {"EUR": 10.0, "USD": 9.0})


def test_formulas_on_a_hand_worked_example():
    result = earned_value_metrics("P", date(2026, 1, 31), "MAD", bac=1000, pv=400, ev=300, ac=350,
                                  remaining_forecast=800)
    assert result.sv == -100 and result.cv == -50
    assert result.spi == pytest.approx(0.75)              # 300 / 400
    assert result.cpi == pytest.approx(300 / 350)         # 0.857142…
    assert result.eac_cpi == pytest.approx(1000 * 350 / 300)  # BAC / CPI = 1166.67
    assert result.eac_remaining_at_budget == pytest.approx(1050)  # 350 + (1000 − 300)
    # AC + (BAC − EV) / (CPI × SPI) = 350 + 700 / (0.857142 × 0.75) = 350 + 1088.89
    assert result.eac_cpi_spi == pytest.approx(350 + 700 / ((300 / 350) * 0.75))
    assert result.eac_bottom_up == pytest.approx(1150)    # 350 + 800
    assert result.eac == result.eac_cpi                   # default method
    assert result.etc == pytest.approx(1166.6667 - 350, abs=1e-3)
    assert result.vac == pytest.approx(1000 - 1166.6667, abs=1e-3)
    assert result.tcpi_bac == pytest.approx(700 / 650)    # (BAC − EV) / (BAC − AC)
    assert result.tcpi_eac == pytest.approx(700 / (1166.6667 - 350), abs=1e-6)


def test_chosen_eac_method_drives_etc_and_vac():
    result = earned_value_metrics("P", date(2026, 1, 31), "MAD", bac=1000, pv=400, ev=300, ac=350,
                                  remaining_forecast=800, eac_method="bottom_up")
    assert result.eac == pytest.approx(1150)
    assert result.etc == pytest.approx(800)
    assert result.vac == pytest.approx(-150)


def test_no_actual_cost_leaves_cost_indices_undefined():
    result = earned_value_metrics("P", date(2026, 1, 31), "MAD", bac=1000, pv=200, ev=100, ac=0)
    assert result.cpi is None and result.eac_cpi is None and result.eac_cpi_spi is None
    assert result.eac is None and result.etc is None and result.vac is None
    assert result.tcpi_eac is None
    assert result.tcpi_bac == pytest.approx(900 / 1000)
    assert result.spi == pytest.approx(0.5)
    assert result.eac_remaining_at_budget == pytest.approx(900)  # 0 + (1000 − 100)


def test_project_start_has_no_planned_value_yet():
    result = earned_value_metrics("P", date(2026, 1, 1), "MAD", bac=1000, pv=0, ev=0, ac=0)
    assert result.spi is None and result.cpi is None
    assert result.sv == 0 and result.cv == 0


def test_finished_work_has_no_tcpi():
    # BAC = EV: nothing left to perform, the index needed is undefined, not 0
    result = earned_value_metrics("P", date(2026, 6, 30), "MAD", bac=1000, pv=1000, ev=1000, ac=1200)
    assert result.tcpi_bac is None and result.tcpi_eac is None
    assert result.cpi == pytest.approx(1000 / 1200)
    assert result.eac_cpi == pytest.approx(1200)  # BAC / CPI = AC when done


def test_budget_exhausted_has_no_tcpi_to_bac():
    result = earned_value_metrics("P", date(2026, 6, 30), "MAD", bac=1000, pv=900, ev=800, ac=1000)
    assert result.tcpi_bac is None               # BAC − AC = 0
    assert result.tcpi_eac == pytest.approx(200 / (1250 - 1000))  # EAC = 1000 / 0.8


def costed_plan(currency: str = "MAD", method: EvMethod = EvMethod.PERCENT_COMPLETE) -> ProjectData:
    """A: 5 days 10 000, B: 10 days 20 000, M0 and M1 milestones (weights 1 and 3)."""
    tasks = [
        Task("A", "Analyse", duration_days=5, baseline_start=datetime(2026, 1, 5),
             baseline_finish=datetime(2026, 1, 9), cost=10_000, percent_complete=100),
        Task("M0", "Analyse validée", milestone=True, baseline_start=datetime(2026, 1, 9),
             baseline_finish=datetime(2026, 1, 9), percent_complete=100, ev_weight=1),
        Task("B", "Développement", duration_days=10, baseline_start=datetime(2026, 1, 12),
             baseline_finish=datetime(2026, 1, 23), cost=20_000, percent_complete=40),
        Task("M1", "Recette prononcée", milestone=True, baseline_start=datetime(2026, 1, 23),
             baseline_finish=datetime(2026, 1, 23), ev_weight=3),
        Task("S", "Lot 1", summary=True, cost=30_000),  # summary cost is not counted twice
    ]
    budget = [
        BudgetLine(date(2026, 1, 1), BudgetCategory.CAPEX, planned=30_000, actual=21_000,
                   forecast=21_000, currency=currency),
        BudgetLine(date(2026, 2, 1), BudgetCategory.CAPEX, planned=0, actual=0,
                   forecast=15_000, currency=currency),
    ]
    project = Project("P1", "Refonte crédit", programme="Digital", currency=currency, ev_method=method)
    return ProjectData(project, tasks=tasks, budget=budget, calendars={"Standard": PLAIN})


def test_task_cost_plan_at_a_status_date():
    result = project_earned_value(costed_plan(), date(2026, 1, 16), RATES)
    assert result.mode == "task_cost"
    assert result.bac == pytest.approx(30_000)
    # PV: A done (10 000) + B 5 of 10 working days (10 000) = 20 000
    assert result.pv == pytest.approx(20_000)
    # EV: 10 000 × 100 % + 20 000 × 40 % = 18 000
    assert result.ev == pytest.approx(18_000)
    assert result.ac == pytest.approx(21_000)  # January actuals
    assert result.spi == pytest.approx(0.9)
    assert result.cpi == pytest.approx(18_000 / 21_000)
    assert result.eac_bottom_up == pytest.approx(21_000 + 15_000)
    # earned schedule: PV grows 2 000 a working day, EV 18 000 is reached after 9 days
    assert result.pd_days == pytest.approx(15)
    assert result.at_days == pytest.approx(10)      # 5–9 and 12–16 January
    assert result.es_days == pytest.approx(9)
    assert result.spi_t == pytest.approx(0.9)
    assert result.sv_t_days == pytest.approx(-1)
    # 15 / 0.9 = 16.667 days = 16 days + 320 minutes after 5 Jan 08:00:
    # day 17 is Tuesday 27 January, 240 min in the morning + 80 min from 13:00 = 14:20
    assert result.forecast_duration_days == pytest.approx(15 / 0.9)
    assert result.forecast_finish == datetime(2026, 1, 27, 14, 20)


@pytest.mark.parametrize("method, expected_ev", [
    (EvMethod.ZERO_HUNDRED, 10_000),          # only A is complete
    (EvMethod.FIFTY_FIFTY, 10_000 + 10_000),  # A complete, B started: half of 20 000
    (EvMethod.WEIGHTED_MILESTONES, 30_000 * 1 / 4),  # M0 achieved (1) of weights 1 + 3
])
def test_earned_value_methods(method, expected_ev):
    result = project_earned_value(costed_plan(method=method), date(2026, 1, 16), RATES)
    assert result.ev == pytest.approx(expected_ev)
    assert result.ev_method == method.value


def test_weighted_milestones_without_milestones_falls_back_with_a_warning():
    data = costed_plan(method=EvMethod.WEIGHTED_MILESTONES)
    data.tasks = [t for t in data.tasks if not t.milestone]
    result = project_earned_value(data, date(2026, 1, 16), RATES)
    assert result.ev == pytest.approx(18_000)
    assert any("milestone" in p.message for p in result.problems)


def test_task_actual_costs_win_over_budget_actuals():
    data = costed_plan()
    data.tasks[0].actual_cost = 12_000
    data.tasks[2].actual_cost = 7_000
    result = project_earned_value(data, date(2026, 1, 16), RATES)
    assert result.ac == pytest.approx(19_000)


def test_project_in_euros_is_reported_in_dirhams():
    result = project_earned_value(costed_plan("EUR"), date(2026, 1, 16), RATES)
    assert result.currency == "MAD"
    assert result.bac == pytest.approx(300_000)   # 30 000 EUR × 10
    assert result.pv == pytest.approx(200_000)
    assert result.ev == pytest.approx(180_000)
    assert result.ac == pytest.approx(210_000)
    assert result.spi == pytest.approx(0.9)       # ratios do not depend on the rate
    with pytest.raises(CurrencyError, match="EUR"):
        project_earned_value(costed_plan("EUR"), date(2026, 1, 16), RatesTable("MAD", {}))


def test_status_date_before_the_start():
    result = project_earned_value(costed_plan(), date(2026, 1, 2), RATES)
    assert result.pv == 0 and result.spi is None
    assert result.at_days == 0 and result.spi_t is None and result.forecast_finish is None


def test_budget_line_plan_spreads_each_month_over_its_days():
    budget = [
        BudgetLine(date(2026, 1, 1), BudgetCategory.OPEX, planned=3_100, actual=3_000, forecast=3_000),
        BudgetLine(date(2026, 2, 1), BudgetCategory.OPEX, planned=2_800, actual=1_500, forecast=2_900),
        BudgetLine(date(2026, 3, 1), BudgetCategory.OPEX, planned=3_100, forecast=3_300),
    ]
    tasks = [Task("T1", "Cadrage", duration_days=10, percent_complete=100),
             Task("T2", "Réalisation", duration_days=30, percent_complete=20)]
    data = ProjectData(Project("P2", "Conformité"), tasks=tasks, budget=budget,
                       calendars={"Standard": PLAIN})
    result = project_earned_value(data, date(2026, 2, 14), RATES)
    assert result.mode == "budget_lines"
    assert result.bac == pytest.approx(9_000)
    # January whole + 14 of 28 February days: 3 100 + 2 800 × 14 / 28
    assert result.pv == pytest.approx(4_500)
    # tasks share BAC by duration: T1 9 000 × 10/40 = 2 250, T2 6 750 × 20 % = 1 350
    assert result.ev == pytest.approx(3_600)
    assert result.ac == pytest.approx(4_500)
    assert result.remaining_forecast == pytest.approx(3_300)
    # ES: working days from 1 January; 22 in January, 2–5 February make 26; at the end of
    # day 26 (Thu 5 Feb 17:00) PV = 3 100 + 100 × (4 + 17/24); PV grows 100 per calendar day
    pv_day_26 = 3_100 + 100 * (4 + 17 / 24)
    assert result.es_days == pytest.approx(26 + (3_600 - pv_day_26) / 100)
    assert result.at_days == pytest.approx(32)    # 22 + 5 + 5 working days to Sat 14 Feb
    assert result.spi_t == pytest.approx((26 + (3_600 - pv_day_26) / 100) / 32)


def test_holidays_of_the_project_calendar_shift_planned_value():
    # the same plan on a calendar where Monday 12 January is off: B then has 9 working days
    data = costed_plan()
    data.calendars["Standard"] = replace(PLAIN, holiday_overrides={date(2026, 1, 12): True})
    result = project_earned_value(data, date(2026, 1, 16), RATES)
    # B by 16 Jan: 4 of its 9 working days → 20 000 × 4/9
    assert result.pv == pytest.approx(10_000 + 20_000 * 4 / 9)


def test_rollup_converts_then_recomputes_indices():
    p1 = earned_value_metrics("P1", date(2026, 1, 31), "MAD", bac=1000, pv=400, ev=300, ac=350,
                              remaining_forecast=800)
    p1.programme = "Digital"
    p2 = earned_value_metrics("P2", date(2026, 1, 31), "EUR", bac=100, pv=50, ev=50, ac=40,
                              remaining_forecast=70)
    p2.programme = "Digital"
    total = rollup([p1, p2], "Portefeuille", RATES)
    # P2 in MAD: 1 000, 500, 500, 400 → sums 2 000, 900, 800, 750
    assert (total.bac, total.pv, total.ev, total.ac) == pytest.approx((2000, 900, 800, 750))
    assert total.spi == pytest.approx(800 / 900)
    assert total.cpi == pytest.approx(800 / 750)
    assert total.cpi != pytest.approx((p1.cpi + p2.cpi) / 2)   # never an average of indices
    assert total.eac_bottom_up == pytest.approx(750 + 800 + 700)
    assert total.currency == "MAD"
    with pytest.raises(CurrencyError):
        rollup([p1, p2], "Portefeuille")
    by_programme = rollup_by_programme([p1, p2], RATES)
    assert list(by_programme) == ["Digital"]
    assert by_programme["Digital"].ev == pytest.approx(800)


def test_to_dict_has_the_cli_keys_and_nulls():
    result = earned_value_metrics("P", date(2026, 1, 1), "MAD", bac=1000, pv=0, ev=0, ac=0)
    data = result.to_dict()
    for key in ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi",
                "es", "spi_t", "currency"):
        assert key in data
    assert data["spi"] is None and data["cpi"] is None and data["status_date"] == "2026-01-01"


def test_portfolio_of_two_currencies_by_programme():
    p1 = costed_plan()                       # MAD, programme Digital
    p2 = costed_plan("EUR")                  # 30 000 EUR = 300 000 MAD
    p2.project.code, p2.project.programme = "P2", "Conformité"
    result = portfolio_earned_value([p1, p2], date(2026, 1, 16), RATES)
    assert set(result.projects) == {"P1", "P2"}
    assert list(result.programmes) == ["Conformité", "Digital"]
    assert result.programmes["Conformité"].bac == pytest.approx(300_000)
    total = result.portfolio
    # BAC 30 000 + 300 000; PV 20 000 + 200 000; EV 18 000 + 180 000; AC 21 000 + 210 000
    assert (total.bac, total.pv, total.ev, total.ac) == pytest.approx((330_000, 220_000, 198_000, 231_000))
    assert total.spi == pytest.approx(0.9)
    assert total.cpi == pytest.approx(198_000 / 231_000)
    assert total.eac_bottom_up == pytest.approx(231_000 + 15_000 + 150_000)
    assert total.es_days is None             # earned schedule is not rolled up
    assert total.projects == ["P1", "P2"]


def test_a_task_is_spread_over_its_own_calendar():
    # B works Monday–Saturday: 12–17 and 19–23 January are 11 working days, 5 done by Friday 16
    data = costed_plan()
    six_days = CalendarSpec(name="SixJours", holiday_country=None,
                            week={d: list(PLAIN.week[0]) for d in range(6)})
    data.calendars["SixJours"] = six_days
    data.task("B").calendar = "SixJours"
    result = project_earned_value(data, date(2026, 1, 16), RATES)
    assert result.pv == pytest.approx(10_000 + 20_000 * 5 / 11)


def test_costed_task_without_baseline_is_reported_and_left_out_of_pv():
    data = costed_plan()
    data.source = "P1.xlsx"
    data.task("B").baseline_start = data.task("B").baseline_finish = None
    result = project_earned_value(data, date(2026, 1, 16), RATES)
    assert result.bac == pytest.approx(30_000)   # still in the budget
    assert result.pv == pytest.approx(10_000)    # only A is time-phased
    [problem] = result.problems
    assert problem.code == "evm_no_baseline" and "task B" in problem.message
    assert (problem.location.file, problem.location.sheet, problem.location.column) == (
        "P1.xlsx", "Tâches", "Début planifié")


def test_after_the_baseline_finish_pv_is_the_whole_budget():
    result = project_earned_value(costed_plan(), date(2026, 3, 31), RATES)
    assert result.pv == pytest.approx(30_000)
    assert result.baseline_start == datetime(2026, 1, 5, 8, 0)
    assert result.baseline_finish == datetime(2026, 1, 23, 17, 0)
    # AT runs on past the planned duration: 15 planned days, 2026-01-05 … 2026-03-31 = 62 days
    assert result.at_days == pytest.approx(62)
    assert result.es_days == pytest.approx(9)    # EV 18 000 is still reached on day 9


def test_earned_schedule_stops_the_clock_when_the_work_is_finished():
    # A (5 d, 5–9 Jan) and B (10 d, 12–23 Jan) planned; both finished late, B on Tuesday 27 January.
    # Status date 27 February: the clock must stop at the actual finish, not run on to the status date.
    data = costed_plan()
    data.tasks = [t for t in data.tasks if not t.milestone and not t.summary]
    a, b = data.tasks
    a.actual_start, a.actual_finish = datetime(2026, 1, 5), datetime(2026, 1, 9)
    b.actual_start, b.actual_finish, b.percent_complete = datetime(2026, 1, 12), datetime(2026, 1, 27), 100
    result = project_earned_value(data, date(2026, 2, 27), RATES)
    assert result.ev == pytest.approx(30_000) and result.pv == pytest.approx(30_000)
    # PD = 15 working days; ES = PD since all the work is earned
    assert result.pd_days == pytest.approx(15) and result.es_days == pytest.approx(15)
    # AT = 5 Jan 08:00 → 27 Jan end of day = 17 working days (5–9, 12–16, 19–23, 26–27)
    assert result.at_days == pytest.approx(17)
    assert result.spi_t == pytest.approx(15 / 17)
    assert result.sv_t_days == pytest.approx(-2)
