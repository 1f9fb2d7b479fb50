"""Corrective actions a PMO would sign: protected links and tasks, costs, decisions, ranking, TCPI.

Calendar: Monday–Friday 08:00–12:00, 13:00–17:00, no public holiday; 2026-03-02 is a Monday.

The go-live plan (working days)::

    A Réalisation (10, 100 000 MAD) → U Recette utilisateur (UAT) (10 → 16, 50 000 MAD)
      → S Signature du PV de recette (2) → G Mise en production (milestone)
      → H Hypercare (15, 30 000 MAD) → C Clôture (milestone)

Baselined with U = 10 days (finish day 37); U re-estimated at 16 days: the closure slips 6 days (amber
with bands of 5 and 10).  The critical path is the whole chain.  Only A → U may be overlapped: U → S
leads to the business sign-off, S → G, G → H and H → C touch milestones (the go-live, the closure);
the hypercare may not be crashed.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pmo_xl.engine.action_rules import ActionRules, crash_protected, link_protected, rules_from_parameters
from pmo_xl.engine.budget import RatesTable
from pmo_xl.engine.cpm import schedule
from pmo_xl.engine.deviations import DeviationOptions, detect_deviations
from pmo_xl.engine.rag import RagThresholds
from pmo_xl.model import (
    BudgetCategory, BudgetLine, CalendarSpec, Committee, Link, Project, ProjectData, Task,
)

PLAIN = CalendarSpec(name="Standard", holiday_country=None)
RATES = RatesTable("MAD", {"EUR": 10.0})
WEEK_BANDS = RagThresholds(slip_green_days=5, slip_amber_days=10)
MONDAY = date(2026, 3, 2)
NO_RULES = ActionRules(protected_keywords=(), no_crash_keywords=(), protect_milestone_links=False)


def go_live_plan() -> ProjectData:
    def task(task_id, name, days, predecessors=(), **fields):
        return Task(task_id, name, duration_days=days, predecessors=[Link(p) for p in predecessors], **fields)

    tasks = [task("A", "Réalisation", 10, cost=100_000.0),
             task("U", "Recette utilisateur (UAT)", 10, ["A"], cost=50_000.0),
             task("S", "Signature du PV de recette", 2, ["U"]),
             task("G", "Mise en production", 0, ["S"], milestone=True),
             task("H", "Hypercare", 15, ["G"], cost=30_000.0),
             task("C", "Clôture", 0, ["H"], milestone=True)]
    data = ProjectData(Project("GL", "Nouvelle banque en ligne", start=MONDAY), tasks=tasks,
                       calendars={"Standard": PLAIN})
    baseline = schedule([data]).tasks.set_index("id")
    for item in data.tasks:
        item.baseline_start = baseline.at[item.id, "start"].to_pydatetime()
        item.baseline_finish = baseline.at[item.id, "finish"].to_pydatetime()
    data.task("U").duration_days = 16
    return data


def schedule_alert(data, **options):
    report = detect_deviations(data, MONDAY, RATES, WEEK_BANDS, options=DeviationOptions(**options))
    return next(a for a in report.alerts if a.dimension == "schedule")


def test_protection_rules_by_keyword_milestone_and_column():
    data = go_live_plan()
    rules = ActionRules()
    a, u, s, g, h = (data.task(t) for t in "AUSGH")
    assert not link_protected(a, u, rules)
    assert link_protected(u, s, rules)  # the sign-off ("signature", "PV")
    assert link_protected(s, g, rules) and link_protected(g, h, rules)  # the go-live milestone
    assert crash_protected(h, rules) and not crash_protected(u, rules)
    # a task column protects a task whatever its name; keywords are whole words
    a.overlap_forbidden, u.crash_forbidden = True, True
    assert link_protected(a, data.task("U"), rules) and crash_protected(u, rules)
    assert not ActionRules(protected_keywords=("pv",)).names_protected("Approvisionnement")


def test_no_action_overlaps_a_protected_link_or_crashes_a_protected_task():
    data = go_live_plan()
    report = detect_deviations(data, MONDAY, RATES, WEEK_BANDS)
    assert report.milestone_slips == {"G": pytest.approx(6), "C": pytest.approx(6)}
    alert = next(a for a in report.alerts if a.dimension == "schedule")
    found = [(a.kind, a.task_ids, round(a.days_recovered, 2)) for a in alert.actions]
    # fast-track A → U (U starts 5 days into A): 5 days; crashes of U (16 → 12.8), A (10 → 8), S (2 → 1.6)
    assert sorted(found) == sorted([("fast_track", ("A", "U"), 5.0), ("crash", ("U",), 3.2),
                                    ("crash", ("A",), 2.0), ("crash", ("S",), 0.4)])
    overlapped = {a.task_ids for a in alert.actions if a.kind == "fast_track"}
    crashed = {a.task_ids[0] for a in alert.actions if a.kind == "crash"}
    assert ("U", "S") not in overlapped and not any("G" in pair or "C" in pair for pair in overlapped)
    assert "H" not in crashed


def test_without_the_rules_the_same_plan_gets_the_actions_a_pmo_would_refuse():
    alert = schedule_alert(go_live_plan(), rules=NO_RULES)
    found = {(a.kind, a.task_ids): round(a.days_recovered, 2) for a in alert.actions}
    # overlapping the UAT with its sign-off (S starts 8 days into U) recovers 8 days; crashing the
    # hypercare (15 → 12) recovers 3: both proposed when nothing is protected
    assert found[("fast_track", ("U", "S"))] == 8.0
    assert found[("crash", ("H",))] == 3.0


def test_each_proposal_states_its_cost_days_risk_and_decision_ranked_by_days_per_mad():
    alert = schedule_alert(go_live_plan())
    by_kind = {(a.kind, a.task_ids): a for a in alert.actions}
    fast = by_kind[("fast_track", ("A", "U"))]
    # rework risk: half of U (50 000 MAD) overlapped × 25 % = 6 250 MAD; 5 days / 6 250 = 0.0008 day per MAD
    assert fast.cost == pytest.approx(6_250)
    assert fast.days_per_mad == pytest.approx(5 / 6_250)
    assert (fast.risk, fast.decision, fast.committee) == ("rework", "approve_overlap", Committee.COPROJ)
    # crash U: 20 % of 50 000 paid again = 10 000 MAD for 3.2 days; crash A: 20 000 MAD for 2 days
    assert by_kind[("crash", ("U",))].cost == pytest.approx(10_000)
    assert by_kind[("crash", ("A",))].cost == pytest.approx(20_000)
    crash_s = by_kind[("crash", ("S",))]
    assert crash_s.cost is None and crash_s.days_per_mad is None  # no cost nor rates for S
    assert by_kind[("crash", ("U",))].decision == "approve_extra_resources"
    # 0.0008 (A→U) > 0.00032 (U) > 0.0001 (A) per MAD, then S of unknown cost
    assert [(a.kind, a.task_ids) for a in alert.actions] == [
        ("fast_track", ("A", "U")), ("crash", ("U",)), ("crash", ("A",)), ("crash", ("S",))]
    assert "coût estimé 6\u202f250 MAD" in fast.text and "décision du COPROJ" in fast.text
    assert "coût non chiffré" in crash_s.text


def test_the_days_recovered_are_computed_by_rescheduling():
    data = go_live_plan()
    current = schedule([data], status_date=MONDAY)
    assert current.project_finish["GL"] == datetime(2026, 4, 29, 17, 0)  # day 43
    alert = schedule_alert(data)
    fast = next(a for a in alert.actions if a.kind == "fast_track")
    assert fast.new_finish == datetime(2026, 4, 22, 17, 0)  # day 38 = 43 − 5


def spent_plan(actual: float) -> ProjectData:
    """A 1 000 000 MAD, 100-day task 10 % done: EV 100 000; AC from the budget lines."""
    task = Task("T", "Programme", duration_days=100, cost=1_000_000.0, percent_complete=10,
                actual_start=datetime(2026, 3, 2, 8), baseline_start=datetime(2026, 3, 2, 8),
                baseline_finish=datetime(2026, 7, 17, 17))
    budget = [BudgetLine(date(2026, 3, 1), BudgetCategory.OPEX, planned=1_000_000, actual=actual, forecast=actual)]
    return ProjectData(Project("TC", "Coûts", start=MONDAY), tasks=[task], budget=budget,
                       calendars={"Standard": PLAIN})


def cost_actions(data, **options):
    report = detect_deviations(data, date(2026, 3, 20), RATES, options=DeviationOptions(**options))
    return next(a for a in report.alerts if a.dimension == "cost").actions


def test_a_tcpi_of_7_39_gets_a_top_up_and_a_rebaseline_never_hold():
    actions = cost_actions(spent_plan(actual=878_220))
    # TCPI = (1 000 000 − 100 000) / (1 000 000 − 878 220) = 900 000 / 121 780 = 7.39
    assert actions[0].index == pytest.approx(7.3904, abs=1e-4)
    assert [a.kind for a in actions[:2]] == ["budget_top_up", "rebaseline"]
    assert "tcpi" not in [a.kind for a in actions]
    # EAC = BAC / CPI = 1 000 000 × 878 220 / 100 000 = 8 782 200: top-up 7 782 200, new BAC 8 782 200
    assert actions[0].amount == pytest.approx(7_782_200)
    assert actions[1].amount == pytest.approx(8_782_200)
    assert [(a.committee, a.decision) for a in actions[:2]] == [
        (Committee.COPIL, "approve_budget_top_up"), (Committee.COPIL, "approve_rebaseline")]
    assert "rallonge de 7\u202f782\u202f200 MAD" in actions[0].text


def test_the_tcpi_threshold_decides_between_holding_and_a_top_up():
    # AC 180 000: TCPI = 900 000 / 820 000 = 1.098, within the default 1.10: hold the course
    within = cost_actions(spent_plan(actual=180_000))
    assert [a.kind for a in within] == ["tcpi"]
    assert within[0].index == pytest.approx(900_000 / 820_000)
    # with a threshold of 1.05 from Config, the same TCPI is out of reach
    above = cost_actions(spent_plan(actual=180_000), tcpi_realistic_max=1.05)
    assert [a.kind for a in above] == ["budget_top_up", "rebaseline"]
    # EAC = 1 000 000 × 1.8 = 1 800 000: top-up 800 000
    assert above[0].amount == pytest.approx(800_000)


def test_config_parameters_set_the_keywords_and_costs():
    rules = rules_from_parameters({"protected_keywords": "recette; signature", "no_crash_keywords": "",
                                   "crash_cost_premium": 0.5, "protect_milestone_links": "non"})
    data = go_live_plan()
    a, u, s, g, h = (data.task(t) for t in "AUSGH")
    assert link_protected(a, u, rules)  # "recette" now protects the UAT
    assert not link_protected(Task("X", "Préparation"), g, rules)  # milestones no longer protected
    assert not crash_protected(h, rules)  # no keyword left for the hypercare
    alert = schedule_alert(go_live_plan(), rules=rules)
    crash_u = next(a for a in alert.actions if a.task_ids == ("U",))
    assert crash_u.cost == pytest.approx(50_000 * 0.2 * 0.5)


def test_demo_portfolio_gets_no_hold_above_the_threshold_and_no_protected_action():
    from pmo_xl.demo.portfolio import build_demo_portfolio

    rules = ActionRules()
    for data in build_demo_portfolio()[:5]:
        report = detect_deviations(data, data.project.status_date,
                                   options=DeviationOptions(max_actions=2, max_candidates=3))
        actions = [a for alert in report.alerts for a in alert.actions]
        for action in actions:
            if action.kind == "tcpi":
                assert action.index <= 1.10, data.project.code
            if action.kind == "fast_track":
                assert not link_protected(data.task(action.task_ids[0]), data.task(action.task_ids[1]), rules)
            if action.kind == "crash":
                assert not crash_protected(data.task(action.task_ids[0]), rules)
        tcpi = report.earned_value.tcpi_bac
        if tcpi is not None and tcpi > 1.10:
            assert {"budget_top_up", "rebaseline"} <= {a.kind for a in actions}, data.project.code

