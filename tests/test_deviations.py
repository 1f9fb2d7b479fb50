"""Deviation alerts and corrective actions on small plans whose answer is known.

Calendar: Monday–Friday 08:00–12:00, 13:00–17:00, no public holiday.
2026-03-02 is a Monday.
"""

import copy
from datetime import date, datetime

import pytest

from pmo_xl.engine.budget import RatesTable
from pmo_xl.engine.cpm import schedule
from pmo_xl.engine.deviations import DeviationOptions, detect_deviations, overdue_action_alerts
from pmo_xl.engine.rag import RagThresholds
from pmo_xl.engine.whatif import compare, crash, fast_track
from pmo_xl.model import (
    Action, BudgetCategory, BudgetLine, CalendarSpec, Committee, ItemStatus, Link, LinkType, Project,
    ProjectData, Rag, Task,
)

PLAIN = CalendarSpec(name="Standard", holiday_country=None)
RATES = RatesTable("MAD", {"EUR": 10.0})
# the examples were worked with slip bands of one and two weeks (green ≤ 5, amber ≤ 10 working days)
WEEK_BANDS = RagThresholds(slip_green_days=5, slip_amber_days=10)


def task(task_id, days, predecessors=(), **fields):
    return Task(task_id, f"Tâche {task_id}", duration_days=days,
                predecessors=[Link(p) for p in predecessors], **fields)


def five_task_plan(b_days: float = 18) -> ProjectData:
    """A(5) → B → C(10) → D(5) → M, and A → E(20) → M; baselined with B = 10 days.

    Baseline: critical path A-B-C-D = 30 days, finish Friday 10 April.
    With B re-estimated at 18 days the path lasts 38 days: M slips 8 days.
    """
    tasks = [task("A", 5), task("B", 10, ["A"]), task("C", 10, ["B"]), task("D", 5, ["C"]),
             task("E", 20, ["A"]), task("M", 0, ["D", "E"], milestone=True)]
    tasks[-1].name = "Mise en production"
    data = ProjectData(Project("P1", "Cœur bancaire", start=date(2026, 3, 2)), tasks=tasks,
                       calendars={"Standard": PLAIN})
    baseline = schedule([data]).tasks.set_index("id")
    for item in data.tasks:
        item.baseline_start = baseline.at[item.id, "start"].to_pydatetime()
        item.baseline_finish = baseline.at[item.id, "finish"].to_pydatetime()
    data.task("B").duration_days = b_days
    return data


def test_baseline_of_the_example_is_what_the_docstring_says():
    data = five_task_plan()
    assert data.task("M").baseline_finish == datetime(2026, 4, 10, 17, 0)


def test_fast_tracking_b_into_c_recovers_exactly_nine_days():
    data = five_task_plan()
    snapshot = copy.deepcopy(data)
    current = schedule([data], status_date=date(2026, 3, 2))
    assert current.project_finish["P1"] == datetime(2026, 4, 22, 17, 0)  # day 38
    variant = fast_track(data, "B", "C", overlap=0.5)
    # C may start when half of B's 18 days is done: SS + 9 days
    link = variant.task("C").predecessors[0]
    assert (link.type, link.lag_days) == (LinkType.SS, 9)
    outcome = compare(current, data, variant, date(2026, 3, 2))
    # C starts on day 5 + 9 = 14, ends day 24, D ends day 29 (E ends day 25): 38 − 29 = 9
    assert outcome.days_recovered == pytest.approx(9)
    assert outcome.finish_after == datetime(2026, 4, 9, 17, 0)
    assert data == snapshot  # the project manager's plan is untouched
    assert data.task("C").predecessors[0].type is LinkType.FS


def test_crashing_b_by_twenty_percent_recovers_its_share():
    data = five_task_plan()
    current = schedule([data], status_date=date(2026, 3, 2))
    outcome = compare(current, data, crash(data, "B", 0.2), date(2026, 3, 2))
    assert outcome.days_recovered == pytest.approx(18 * 0.2)  # 3.6 days
    assert data.task("B").duration_days == 18


def test_schedule_alert_names_the_slip_its_drivers_and_the_best_actions():
    data = five_task_plan()
    snapshot = copy.deepcopy(data)
    report = detect_deviations(data, date(2026, 3, 2), RATES, WEEK_BANDS)
    assert report.milestone_slips == {"M": pytest.approx(8)}  # 22 April vs 10 April
    alert = next(a for a in report.alerts if a.dimension == "schedule")
    assert alert.severity is Rag.AMBER  # 8 days: above 5, not above 10
    assert alert.measure == "milestone_slip_days" and alert.value == pytest.approx(8)
    # the milestone, then the critical tasks driving it that finish after their baseline
    # (A is critical but on time)
    assert alert.items == ["M", "D", "C", "B"]
    assert alert.cause == ("Jalons en retard : « Mise en production » (M) +8 j ouvrés. "
                           "Tâches critiques en retard qui les pilotent : D (+8 j ouvrés), "
                           "C (+8 j ouvrés), B (+8 j ouvrés).")
    # fast-track B→C 9, C→D 5 (D starts 5 days into C), crash B 3.6, fast-track A→B 2.5,
    # crash C 2 (10 → 8), crash D 1 (5 → 4)
    found = [(a.kind, a.task_ids, round(a.days_recovered, 2)) for a in alert.actions]
    assert found == [
        ("fast_track", ("B", "C"), 9.0), ("fast_track", ("C", "D"), 5.0), ("crash", ("B",), 3.6),
        ("fast_track", ("A", "B"), 2.5), ("crash", ("C",), 2.0), ("crash", ("D",), 1.0),
    ]
    assert "gain 9 j ouvrés" in alert.actions[0].text
    assert data == snapshot


def test_a_bigger_slip_is_red_and_english_texts_are_available():
    data = five_task_plan(b_days=22)  # 12 days late
    report = detect_deviations(data, date(2026, 3, 2), RATES, WEEK_BANDS, lang="en",
                               options=DeviationOptions(max_actions=1))
    alert = next(a for a in report.alerts if a.dimension == "schedule")
    assert alert.severity is Rag.RED and alert.value == pytest.approx(12)
    # one action per kind: fast-track B→C (SS + 11) recovers 11, crash B recovers 4.4
    assert [(a.kind, round(a.days_recovered, 2)) for a in alert.actions] == [("fast_track", 11.0), ("crash", 4.4)]
    assert "recovers 11 working days" in alert.actions[0].text
    assert "Late milestones" in alert.cause


def test_on_plan_project_has_no_schedule_alert():
    report = detect_deviations(five_task_plan(b_days=10), date(2026, 3, 2), RATES, WEEK_BANDS)
    assert report.milestone_slips == {"M": 0}
    assert not [a for a in report.alerts if a.dimension == "schedule"]


def overspent_plan() -> ProjectData:
    tasks = [
        Task("A", "Étude", duration_days=5, baseline_start=datetime(2026, 3, 2),
             baseline_finish=datetime(2026, 3, 6), cost=40_000, percent_complete=100,
             actual_start=datetime(2026, 3, 2), actual_finish=datetime(2026, 3, 6)),
        Task("B", "Paramétrage", duration_days=5, predecessors=[Link("A")],
             baseline_start=datetime(2026, 3, 9), baseline_finish=datetime(2026, 3, 13),
             cost=60_000, percent_complete=50, actual_start=datetime(2026, 3, 9)),
    ]
    budget = [
        BudgetLine(date(2026, 3, 1), BudgetCategory.CAPEX, planned=100_000, actual=90_000, forecast=90_000),
        BudgetLine(date(2026, 4, 1), BudgetCategory.CAPEX, planned=0, forecast=45_000, label="Licences"),
        BudgetLine(date(2026, 5, 1), BudgetCategory.OPEX, planned=1_000, forecast=500, currency="EUR"),
    ]
    return ProjectData(Project("P2", "Paiements instantanés", start=date(2026, 3, 2)), tasks=tasks,
                       budget=budget, calendars={"Standard": PLAIN})


def test_cost_overrun_gives_the_tcpi_needed_and_the_lines_driving_it():
    report = detect_deviations(overspent_plan(), date(2026, 3, 13), RATES)
    ev = report.earned_value
    # BAC 100 000, PV 100 000, EV 40 000 + 60 000 × 50 % = 70 000, AC 90 000 (March actuals)
    assert (ev.bac, ev.pv, ev.ev, ev.ac) == pytest.approx((100_000, 100_000, 70_000, 90_000))
    alert = next(a for a in report.alerts if a.dimension == "cost")
    assert alert.severity is Rag.RED                      # CPI 70/90 = 0.78
    kinds = [a.kind for a in alert.actions]
    # TCPI = (BAC − EV) / (BAC − AC) = 30 000 / 10 000 = 3.0: out of reach (> 1.10), so no "hold the course"
    assert kinds == ["budget_top_up", "rebaseline", "review_forecast"]
    assert alert.actions[0].index == pytest.approx(3.0)
    assert "TCPI de 3,00 au-delà de 1,10" in alert.actions[0].text
    # top-up = EAC − BAC = 100 000 / (70/90) − 100 000 = 28 571.43; re-baselined BAC 128 571.43
    assert alert.actions[0].amount == pytest.approx(100_000 * 90 / 70 - 100_000)
    assert alert.actions[1].amount == pytest.approx(100_000 * 90 / 70)
    assert all(a.committee is Committee.COPIL for a in alert.actions[:2])
    assert [a.decision for a in alert.actions[:2]] == ["approve_budget_top_up", "approve_rebaseline"]
    # April 'Licences' is the only future line above plan (May: 5 000 MAD for 10 000)
    assert alert.actions[2].amount == pytest.approx(45_000)
    assert "Licences" in alert.actions[2].text
    assert alert.items == ["2026-04/CAPEX/internal/Licences"]


def test_reachable_tcpi_proposes_no_top_up():
    data = overspent_plan()
    data.budget[0].actual = 72_000  # CPI 0.972 green; overrun (EAC 102 857 − BAC) 2.9 % green
    data.budget[1].forecast = 0
    report = detect_deviations(data, date(2026, 3, 13), RATES)
    assert not [a for a in report.alerts if a.dimension == "cost"]
    data.budget[0].actual = 74_000  # CPI 70/74 = 0.946 amber; TCPI 30 000 / 26 000 = 1.154
    data.budget[0].planned = 74_000
    report = detect_deviations(data, date(2026, 3, 13), RATES,
                               options=DeviationOptions(tcpi_realistic_max=1.2))
    alert = next(a for a in report.alerts if a.dimension == "cost")
    assert alert.severity is Rag.AMBER
    assert [a.kind for a in alert.actions] == ["tcpi"]
    assert alert.actions[0].index == pytest.approx(30_000 / 26_000)


def test_overdue_actions_escalate_to_the_next_committee():
    data = five_task_plan(b_days=10)
    data.actions = [
        Action("AC1", "Valider les flux", owner="DSI", due_date=date(2026, 3, 1), committee=Committee.TECH),
        Action("AC2", "Signer l'avenant", due_date=date(2026, 2, 1), committee=Committee.COPIL),
        Action("AC3", "Clos", due_date=date(2026, 2, 1), status=ItemStatus.CLOSED),
        Action("AC4", "Pas encore dû", due_date=date(2026, 3, 20)),
        Action("AC5", "Sans comité", due_date=date(2026, 3, 10)),
    ]
    alerts = overdue_action_alerts(data, date(2026, 3, 13))
    summary = [(a.items[0], a.value, a.severity, a.actions[0].committee) for a in alerts]
    assert summary == [
        ("AC1", 12, Rag.AMBER, Committee.COPROJ),   # 12 days late, technical committee → COPROJ
        ("AC2", 40, Rag.RED, Committee.COPIL),      # 40 days late, already COPIL: priority item
        ("AC5", 3, Rag.AMBER, Committee.COPROJ),
    ]
    assert "Escalader au COPROJ" in alerts[0].actions[0].text
    assert "en priorité" in alerts[1].actions[0].text
    english = overdue_action_alerts(data, date(2026, 3, 13), lang="en")
    assert english[0].actions[0].text == "Escalate to the COPROJ"


def test_parallel_critical_paths_call_for_a_replan():
    # B and C both run from the start into M; both grew from 10 to 18 days: no single
    # fast-track or crash moves M, since the other path still finishes on day 18
    tasks = [task("B", 10), task("C", 10), task("M", 0, ["B", "C"], milestone=True)]
    data = ProjectData(Project("P3", "Double chemin", start=date(2026, 3, 2)), tasks=tasks,
                       calendars={"Standard": PLAIN})
    baseline = schedule([data]).tasks.set_index("id")
    for item in data.tasks:
        item.baseline_start = baseline.at[item.id, "start"].to_pydatetime()
        item.baseline_finish = baseline.at[item.id, "finish"].to_pydatetime()
    data.task("B").duration_days = data.task("C").duration_days = 18
    alert = next(a for a in detect_deviations(data, date(2026, 3, 2), RATES, WEEK_BANDS).alerts if a.dimension == "schedule")
    assert alert.value == pytest.approx(8)
    [action] = alert.actions
    assert action.kind == "replan" and action.committee is Committee.COPROJ
    assert set(action.task_ids) == {"B", "C", "M"}


def test_plan_copy_shares_nothing_mutable_with_the_plan():
    from pmo_xl.engine.whatif import plan_copy
    from pmo_xl.model import Assignment

    data = five_task_plan()
    data.task("B").resources = [Assignment("DEV1", 0.5)]
    variant = plan_copy(data)
    variant.task("C").predecessors[0].lag_days = 3
    variant.task("B").resources[0].units = 1.0
    variant.task("B").predecessors.append(Link("E"))
    variant.calendars["Standard"].holiday_overrides[date(2026, 3, 3)] = True
    assert data.task("C").predecessors[0].lag_days == 0
    assert data.task("B").resources[0].units == 0.5
    assert [link.predecessor_id for link in data.task("B").predecessors] == ["A"]
    assert data.calendars["Standard"].holiday_overrides == {}


def test_fast_track_needs_a_finish_to_start_link():
    from pmo_xl.errors import PmoError

    with pytest.raises(PmoError, match="no finish-to-start link from task A to task C"):
        fast_track(five_task_plan(), "A", "C")


def test_a_plan_with_a_cycle_still_gets_its_cost_and_action_alerts():
    data = overspent_plan()
    data.task("A").predecessors = [Link("B")]  # A ↔ B
    data.actions = [Action("AC1", "Relancer l'éditeur", due_date=date(2026, 3, 1))]
    report = detect_deviations(data, date(2026, 3, 13), RATES)
    assert report.schedule is None
    assert [p.code for p in report.problems] == ["schedule_failed"]
    assert "cycle" in report.problems[0].message
    assert {a.dimension for a in report.alerts} == {"cost", "actions"}


def test_a_cap_on_candidates_tries_the_longest_tasks_driving_the_slip_first():
    # four critical finish-to-start links (A→B, B→C, C→D, D→M) and four crashable critical tasks;
    # with one candidate per kind the longest predecessor (B, 18 days) and the longest task (B) are tried
    report = detect_deviations(five_task_plan(), date(2026, 3, 2), RATES, WEEK_BANDS,
                               options=DeviationOptions(max_candidates=1))
    alert = next(a for a in report.alerts if a.dimension == "schedule")
    found = [(a.kind, a.task_ids, round(a.days_recovered, 2)) for a in alert.actions]
    assert found == [("fast_track", ("B", "C"), 9.0), ("crash", ("B",), 3.6)]


def test_precomputed_measures_give_the_same_alerts():
    from pmo_xl.engine.budget import budget_position
    from pmo_xl.engine.evm import project_earned_value

    data = overspent_plan()
    day = date(2026, 3, 13)
    computed = detect_deviations(data, day, RATES)
    position = budget_position(data.budget, RATES, day)
    given = detect_deviations(data, day, RATES, earned_value=project_earned_value(data, day, RATES, budget=position),
                              budget=position, schedule_result=schedule([data], status_date=day))
    assert [(a.dimension, a.cause, [x.text for x in a.actions]) for a in given.alerts] == \
        [(a.dimension, a.cause, [x.text for x in a.actions]) for a in computed.alerts]
    assert given.earned_value.cpi == pytest.approx(computed.earned_value.cpi)


def test_a_variant_copies_only_the_task_it_changes():
    from pmo_xl.engine.whatif import plan_variant

    data = five_task_plan()
    variant = fast_track(data, "B", "C")
    assert variant.task("C") is not data.task("C")
    assert variant.task("A") is data.task("A") and variant.budget is data.budget
    assert data.task("C").predecessors[0].type is LinkType.FS
    crashed = plan_variant(data, ["B"])
    crashed.task("B").duration_days = 1
    assert data.task("B").duration_days == 18
    from pmo_xl.errors import PmoError
    with pytest.raises(PmoError, match="no task Z"):
        plan_variant(data, ["Z"])


def test_the_search_stops_when_no_candidate_left_can_recover_more(monkeypatch):
    import pmo_xl.engine.deviations as deviations

    tried = []
    original = deviations.compare_many

    def counting(current, data, variants, *args, **kwargs):
        outcomes = original(current, data, variants, *args, **kwargs)
        tried.extend(round(outcome.days_recovered, 2) for outcome in outcomes)
        return outcomes

    monkeypatch.setattr(deviations, "compare_many", counting)
    # three links (D→M is protected: M is the go-live milestone), at most: B→C 18 − 9 = 9, C→D 5, A→B 2.5;
    # four crashes, at most: B 3.6, C 2, A 1, D 1. Two candidates of each kind are tried, the most
    # promising first; with one action kept per kind, B→C recovers its 9 (no other link can recover more)
    # and the crash of B its 3.6: two re-schedules instead of four
    report = detect_deviations(five_task_plan(), date(2026, 3, 2), RATES, WEEK_BANDS,
                               options=DeviationOptions(max_candidates=2, max_actions=1))
    alert = next(a for a in report.alerts if a.dimension == "schedule")
    assert [(a.kind, a.task_ids, round(a.days_recovered, 2)) for a in alert.actions] == [
        ("fast_track", ("B", "C"), 9.0), ("crash", ("B",), 3.6)]
    assert tried == [9.0, 3.6]
