"""RAG ratings against hand-set measures and thresholds."""

from datetime import date

import pytest

from pmo_xl.engine.budget import BudgetPosition
from pmo_xl.engine.evm import earned_value_metrics
from pmo_xl.engine.rag import (
    RagThresholds, assess_rag, overall_rag, rag_of_excess, rag_of_index, risk_rag, scope_rag,
)
from pmo_xl.model import (
    Decision, DecisionStatus, Issue, ItemStatus, Project, ProjectData, Rag, Risk, StatusReport,
)

T = RagThresholds()


@pytest.mark.parametrize("value, expected", [
    (1.10, Rag.GREEN), (0.95, Rag.GREEN), (0.949, Rag.AMBER), (0.90, Rag.AMBER),
    (0.899, Rag.RED), (None, None),
])
def test_index_bands(value, expected):
    assert rag_of_index(value, T) is expected


@pytest.mark.parametrize("value, expected", [
    (-3, Rag.GREEN), (10, Rag.GREEN), (10.5, Rag.AMBER), (20, Rag.AMBER), (20.01, Rag.RED), (None, None),
])
def test_excess_bands(value, expected):
    # default slip bands: green up to 10 working days (two weeks), amber up to 20, red beyond
    assert rag_of_excess(value, T.slip_green_days, T.slip_amber_days) is expected


def plain_project(**tables) -> ProjectData:
    return ProjectData(Project("P1", "Refonte crédit"), **tables)


def test_risk_dimension_uses_highest_score_and_critical_count():
    one_critical = plain_project(risks=[Risk("R1", "Fournisseur", 3, 5), Risk("R2", "Recette", 2, 2),
                                        Risk("R3", "Clos", 5, 5, status=ItemStatus.CLOSED)])
    rated = risk_rag(one_critical, T)
    # open scores 15 and 4: highest 15 is amber (10–19), one critical risk (< 2)
    assert rated.measure("max_risk_score").value == 15
    assert rated.measure("critical_risks").value == 1
    assert rated.rag is Rag.AMBER
    two_critical = plain_project(risks=[Risk("R1", "a", 3, 5), Risk("R2", "b", 4, 4)])
    assert risk_rag(two_critical, T).rag is Rag.RED  # scores 15 and 16: two critical risks
    assert risk_rag(plain_project(risks=[Risk("R1", "a", 4, 5)]), T).rag is Rag.RED  # 20
    assert risk_rag(plain_project(), T).rag is Rag.GREEN


def test_scope_counts_high_issues_and_overdue_change_decisions():
    data = plain_project(
        issues=[Issue("I1", "Anomalie bloquante", 5), Issue("I2", "Mineure", 2),
                Issue("I3", "Clos", 5, status=ItemStatus.CLOSED)],
        decisions=[Decision("D1", "Ajout du module KYC", due_date=date(2026, 3, 1)),
                   Decision("D2", "Report", due_date=date(2026, 5, 1)),
                   Decision("D3", "Approuvée", due_date=date(2026, 1, 1), status=DecisionStatus.APPROVED)])
    rated = scope_rag(data, date(2026, 3, 15), T)
    assert rated.measure("open_high_issues").value == 1
    assert rated.measure("overdue_change_decisions").value == 1
    assert rated.rag is Rag.AMBER  # 2 items: amber from 1, red from 3


def test_assessment_of_a_late_and_overspent_project():
    # SPI = 450 / 500 = 0.90 (amber), CPI = 450 / 520 = 0.865 (red);
    # EAC = 1000 / 0.865 = 1155.6: overrun 15.6 % (red)
    ev = earned_value_metrics("P1", date(2026, 3, 15), "MAD", bac=1000, pv=500, ev=450, ac=520)
    budget = BudgetPosition("MAD", planned_total=1000, planned_to_date=500, actual_to_date=520,
                            remaining_forecast=500, forecast_at_completion=1020)
    data = plain_project(status_reports=[
        StatusReport("2026-02", date(2026, 2, 28), overall=Rag.GREEN, schedule=Rag.GREEN, cost=Rag.GREEN),
        StatusReport("2026-03", date(2026, 3, 14), overall=Rag.AMBER, schedule=Rag.RED, cost=Rag.AMBER,
                     risk=Rag.GREEN),
        StatusReport("2026-04", date(2026, 4, 10), overall=Rag.GREEN),  # after the status date
    ])
    result = assess_rag(data, date(2026, 3, 15), ev, budget, milestone_slips={"M1": 3, "M2": 7})
    schedule = result.dimensions["schedule"]
    assert schedule.measure("spi").rag is Rag.AMBER
    assert schedule.measure("milestone_slip_days").value == 7
    assert schedule.rag is Rag.AMBER                       # slip 7 is green (≤ 10), SPI 0.90 is amber
    cost = result.dimensions["cost"]
    assert cost.measure("cpi").value == pytest.approx(450 / 520)
    assert cost.measure("budget_variance_percent").value == pytest.approx(4.0)  # 20 / 500
    assert cost.measure("budget_variance_percent").rag is Rag.GREEN
    assert cost.measure("forecast_overrun_percent").value == pytest.approx((1000 * 520 / 450 - 1000) / 10)
    assert cost.rag is Rag.RED
    assert result.overall is Rag.RED                       # worst of amber, red, green, green
    assert result.declared.period == "2026-03"
    found = {(d.dimension, d.declared, d.computed, d.direction) for d in result.disagreements}
    assert found == {
        ("overall", Rag.AMBER, Rag.RED, "optimistic"),
        ("schedule", Rag.RED, Rag.AMBER, "pessimistic"),
        ("cost", Rag.AMBER, Rag.RED, "optimistic"),
    }
    text = next(d for d in result.disagreements if d.dimension == "cost").describe("fr")
    assert "déclaré orange" in text and "calculé rouge" in text


def test_weighted_overall_rule():
    ev = earned_value_metrics("P1", date(2026, 3, 15), "MAD", bac=1000, pv=500, ev=450, ac=520)
    data = plain_project()
    weighted = RagThresholds(overall_rule="weighted",
                             weights={"schedule": 1, "cost": 1, "scope": 3, "risk": 3})
    result = assess_rag(data, date(2026, 3, 15), ev, thresholds=weighted)
    # schedule amber (1), cost red (2), scope and risk green (0):
    # (1×1 + 1×2 + 3×0 + 3×0) / 8 = 0.375 < 0.5 → green
    assert result.dimensions["cost"].rag is Rag.RED
    assert result.overall is Rag.GREEN
    assert assess_rag(data, date(2026, 3, 15), ev).overall is Rag.RED


def test_undefined_indices_leave_the_dimension_unrated():
    ev = earned_value_metrics("P1", date(2026, 1, 1), "MAD", bac=1000, pv=0, ev=0, ac=0)
    result = assess_rag(plain_project(), date(2026, 1, 1), ev)
    assert result.dimensions["schedule"].rag is None
    assert result.dimensions["cost"].rag is None
    assert result.overall is Rag.GREEN  # scope and risk rated green
    assert overall_rag({}, T) is None
