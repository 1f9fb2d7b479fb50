"""DCMA 14-point assessment on hand-built plans whose counts are worked out by hand.

Calendar: Monday–Friday 08:00–12:00, 13:00–17:00, no public holiday.
2026-03-02 is a Monday.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pmo_xl.engine.dcma import (
    CHECK_CODES, DcmaThresholds, assess_schedule, quality_row, schedule_quality, thresholds_from_parameters,
)
from pmo_xl.errors import CycleError
from pmo_xl.model import (
    Assignment, CalendarSpec, ConstraintType, Link, LinkType, Project, ProjectData, Task,
)

PLAIN = CalendarSpec(name="Standard", holiday_country=None)
MONDAY = date(2026, 3, 2)


def task(task_id, days, predecessors=(), **fields):
    links = [p if isinstance(p, Link) else Link(p) for p in predecessors]
    return Task(task_id, f"Tâche {task_id}", duration_days=days, predecessors=links, **fields)


def plan(tasks, **project_fields) -> ProjectData:
    return ProjectData(Project("Q1", "Qualité", start=MONDAY, **project_fields), tasks=tasks,
                       calendars={"Standard": PLAIN})


def done(task_id, days, start, finish, predecessors=(), **fields):
    return task(task_id, days, predecessors, actual_start=start, actual_finish=finish, percent_complete=100, **fields)


def test_every_check_is_reported_in_dcma_order():
    assessment = assess_schedule(plan([task("A", 5), task("B", 5, ["A"])]))
    assert [c.code for c in assessment.checks] == list(CHECK_CODES)
    assert [c.number for c in assessment.checks] == list(range(1, 15))


def test_logic_counts_open_tasks_without_predecessor_or_successor():
    # A → B → C; A → E; D alone; F done and alone (left out of the population)
    tasks = [task("A", 2), task("B", 2, ["A"]), task("C", 2, ["B"]), task("D", 2), task("E", 2, ["A"]),
             done("F", 2, datetime(2026, 3, 2, 8), datetime(2026, 3, 3, 17))]
    check = assess_schedule(plan(tasks), status_date=MONDAY).check("logic")
    # A has no predecessor, C and E no successor, D neither: 4 of 5
    assert (check.count, check.denominator, check.ratio) == (4, 5, 0.8)
    assert check.task_ids == ("A", "C", "D", "E") and check.passed is False


def test_leads_lags_and_relationship_types_count_links():
    tasks = [task("A", 5), task("B", 5, [Link("A", lag_days=-2)]), task("C", 5, [Link("B", lag_days=3)]),
             task("D", 5, [Link("C", LinkType.SS)]), task("E", 5, [Link("D", LinkType.FF)]),
             task("F", 5, ["E"])]
    assessment = assess_schedule(plan(tasks))
    leads, lags, types = (assessment.check(c) for c in ("leads", "lags", "relationship_types"))
    # five links: one lead (A→B), one lag (B→C), three FS
    assert (leads.count, leads.denominator, leads.task_ids, leads.passed) == (1, 5, ("B",), False)
    assert (lags.count, lags.denominator, lags.ratio, lags.passed) == (1, 5, 0.2, False)
    assert (types.count, types.denominator, types.ratio, types.passed) == (3, 5, 0.6, False)
    assert types.task_ids == ("D", "E")


def test_a_percentage_lead_is_a_lead():
    tasks = [task("A", 10), task("B", 5, [Link("A", lag_days=0, lag_percent=-20)])]
    assert assess_schedule(plan(tasks)).check("leads").count == 1


def test_hard_constraints_are_mso_mfo_snlt_fnlt_only():
    tasks = [task("T1", 1)] + [task(f"T{i}", 1, [f"T{i - 1}"]) for i in range(2, 21)]
    tasks[4].constraint_type, tasks[4].constraint_date = ConstraintType.MSO, datetime(2026, 3, 9, 8)
    tasks[9].constraint_type, tasks[9].constraint_date = ConstraintType.SNET, datetime(2026, 3, 16, 8)
    tasks[14].constraint_type, tasks[14].constraint_date = ConstraintType.FNLT, datetime(2026, 4, 30, 17)
    check = assess_schedule(plan(tasks)).check("hard_constraints")
    # MSO on T5 and FNLT on T15 count; SNET does not: 2 of 20 = 10 % > 5 %
    assert (check.count, check.denominator, check.ratio, check.task_ids) == (2, 20, 0.1, ("T5", "T15"))
    assert check.passed is False


def test_high_float_above_44_days():
    # A (50 d) in parallel with B (5 d) → C (2 d) and with D (44 d), all before M:
    # B and C float 50 − 7 = 43 days, D 6 days: none above 44
    tasks = [task("A", 50), task("B", 5), task("C", 2, ["B"]), task("D", 44),
             task("M", 0, ["A", "C", "D"], milestone=True)]
    assert assess_schedule(plan(tasks)).check("high_float").task_ids == ()
    tasks[0].duration_days = 53  # B and C now float 46 days, D 9
    check = assess_schedule(plan(tasks)).check("high_float")
    assert (check.count, check.denominator, check.task_ids, check.passed) == (2, 5, ("B", "C"), False)


def test_negative_float_from_a_finish_constraint_that_cannot_be_met():
    # A (10) → B (10) must finish no later than Friday 13 March (day 10). Constraints win over links (MS
    # Project's default): B is held to finish on 13 March with no float, and A must then finish 10 days
    # before it could even start: −10 days
    tasks = [task("A", 10), task("B", 10, ["A"], constraint_type=ConstraintType.FNLT,
                                   constraint_date=datetime(2026, 3, 13, 17))]
    check = assess_schedule(plan(tasks)).check("negative_float")
    assert (check.count, check.denominator, check.task_ids, check.passed) == (1, 2, ("A",), False)


def test_high_duration_uses_the_baseline_duration_when_known():
    tasks = [task("A", 45), task("B", 44, ["A"]), task("C", 10, ["B"], baseline_duration_days=50),
             task("M", 0, ["C"], milestone=True)]
    check = assess_schedule(plan(tasks)).check("high_duration")
    # A (45) and C (baseline 50) exceed 44; the milestone is left out of the population
    assert (check.count, check.denominator, check.task_ids) == (2, 3, ("A", "C"))
    assert check.ratio == pytest.approx(2 / 3) and check.passed is False


def test_invalid_dates_are_actuals_after_and_forecasts_before_the_status_date():
    status = date(2026, 3, 16)
    tasks = [done("A", 5, datetime(2026, 3, 2, 8), datetime(2026, 3, 6, 17)),
             task("B", 5, ["A"], actual_start=datetime(2026, 3, 18, 8), percent_complete=20),  # actual after
             task("C", 3, ["A"], constraint_type=ConstraintType.MSO,
                  constraint_date=datetime(2026, 3, 10, 8)),  # not started, forecast before status
             task("D", 3, ["B", "C"])]
    check = assess_schedule(plan(tasks), status_date=status).check("invalid_dates")
    assert (check.count, check.denominator, check.task_ids, check.passed) == (2, 4, ("B", "C"), False)
    assert assess_schedule(plan(tasks)).check("invalid_dates").passed is None  # no status date


def test_resources_only_when_the_plan_is_resource_loaded():
    tasks = [task("A", 5, resources=[Assignment("DEV")]), task("B", 5, ["A"]), task("C", 3, ["B"], cost=1000.0),
             task("M", 0, ["C"], milestone=True)]
    check = assess_schedule(plan(tasks)).check("resources")
    # B has neither resource nor cost; the milestone is left out
    assert (check.count, check.denominator, check.task_ids, check.passed) == (1, 3, ("B",), False)
    bare = [task("A", 5), task("B", 5, ["A"])]
    assert assess_schedule(plan(bare)).check("resources").passed is None


def _baselined(extra_completed_early: bool) -> ProjectData:
    """A, B, C due by Friday 20 March; A on time, B late, C unfinished; D (due 27 March) done early or not."""
    tasks = [done("A", 5, datetime(2026, 3, 2, 8), datetime(2026, 3, 6, 17),
                  baseline_finish=datetime(2026, 3, 6, 17)),
             done("B", 5, datetime(2026, 3, 9, 8), datetime(2026, 3, 17, 17), ["A"],
                  baseline_finish=datetime(2026, 3, 13, 17)),
             task("C", 5, ["B"], actual_start=datetime(2026, 3, 18, 8), percent_complete=40,
                  baseline_finish=datetime(2026, 3, 20, 17))]
    if extra_completed_early:
        tasks.append(done("D", 2, datetime(2026, 3, 18, 8), datetime(2026, 3, 19, 17), ["A"],
                          baseline_finish=datetime(2026, 3, 27, 17)))
    else:
        tasks.append(task("D", 2, ["C"], baseline_finish=datetime(2026, 3, 27, 17)))
    return plan(tasks)


def test_missed_tasks_and_bei_at_the_status_date():
    status = date(2026, 3, 20)
    assessment = assess_schedule(_baselined(extra_completed_early=False), status_date=status)
    missed, bei = assessment.check("missed_tasks"), assessment.check("bei")
    # due: A, B, C; B finished 17 March (baseline 13), C forecast after 20 March: 2 of 3 missed
    assert (missed.count, missed.denominator, missed.task_ids, missed.passed) == (2, 3, ("B", "C"), False)
    # completed A and B out of the 3 due: BEI 0.67 < 0.95
    assert (bei.count, bei.denominator, bei.task_ids, bei.passed) == (2, 3, ("C",), False)
    assert bei.ratio == pytest.approx(2 / 3)
    # D done ahead of its baseline counts as completed: 3 / 3
    early = assess_schedule(_baselined(extra_completed_early=True), status_date=status).check("bei")
    assert (early.count, early.denominator, early.ratio, early.passed) == (3, 3, 1.0, True)


def test_critical_path_test_passes_on_a_logic_driven_plan():
    tasks = [task("A", 5), task("B", 5, ["A"]), task("C", 2, ["A"]), task("M", 0, ["B", "C"], milestone=True)]
    assessment = assess_schedule(plan(tasks))
    check = assessment.check("critical_path_test")
    # A is the first critical task; 600 more days on A move M by 600 days
    assert assessment.critical_path_task == "A"
    assert (check.count, check.denominator, check.passed) == (0, 1, True)


def test_critical_path_test_fails_when_a_hard_constraint_breaks_the_path():
    # A (5) → B (5) must start on Monday 9 March: B no longer follows A. With 10 more days, A finishes on
    # day 15 and the project finish (day 10, B) moves by 5 days only
    tasks = [task("A", 5), task("B", 5, ["A"], constraint_type=ConstraintType.MSO,
                                  constraint_date=datetime(2026, 3, 9, 8))]
    assessment = assess_schedule(plan(tasks), thresholds=DcmaThresholds(critical_path_delay_days=10))
    check = assessment.check("critical_path_test")
    assert assessment.critical_path_task == "A"
    assert (check.count, check.denominator, check.task_ids, check.passed) == (1, 1, ("A",), False)


def test_cpli_from_the_status_date_to_the_baseline_finish():
    # forecast A (10) → B (12): 22 days, Tuesday 31 March; baseline finish Friday 27 March (20 days)
    tasks = [task("A", 10), task("B", 12, ["A"])]
    data = plan(tasks, baseline_finish=date(2026, 3, 27))
    check = assess_schedule(data, status_date=MONDAY).check("cpli")
    # CPLI = (22 − 2) / 22
    assert (check.count, check.denominator) == (pytest.approx(20), pytest.approx(22))
    assert check.ratio == pytest.approx(20 / 22) and check.passed is False
    assert check.task_ids == ("A", "B")
    on_time = plan([task("A", 10), task("B", 10, ["A"])], baseline_finish=date(2026, 3, 27))
    assert assess_schedule(on_time, status_date=MONDAY).check("cpli").ratio == pytest.approx(1.0)


def test_thresholds_from_config_values_change_the_outcome():
    tasks = [task("A", 5), task("B", 5, [Link("A", lag_days=1)])] + [task(f"C{i}", 1, ["B"]) for i in range(3)]
    assert assess_schedule(plan(tasks)).check("lags").passed is False  # 1 of 4 = 25 %
    loose = DcmaThresholds.from_mapping({"lags": 0.30})
    assert assess_schedule(plan(tasks), thresholds=loose).check("lags").passed is True
    with pytest.raises(KeyError):
        DcmaThresholds.from_mapping({"lagz": 0.3})


def test_quality_figure_is_the_share_of_applicable_checks_passed():
    assessment = assess_schedule(plan([task("A", 5), task("B", 5, ["A"])]))
    # no status date, no baseline, no resources: 9 checks apply; logic fails (A has no predecessor and B
    # no successor), the 8 others pass
    assert assessment.applicable_count == 9 and assessment.passed_count == 8
    assert schedule_quality(assessment) == pytest.approx(8 / 9)


def test_a_plan_with_a_cycle_is_refused_with_the_cycle():
    tasks = [task("A", 2, ["C"]), task("B", 2, ["A"]), task("C", 2, ["B"])]
    with pytest.raises(CycleError) as caught:
        assess_schedule(plan(tasks))
    assert sorted(caught.value.tasks) == ["A", "B", "C"]


def test_config_parameters_set_the_thresholds_and_the_portfolio_row_feeds_the_heat_map():
    thresholds = thresholds_from_parameters({"dcma_high_float_days": 20, "dcma_bei": 0.9, "stale_after_days": 14})
    assert (thresholds.high_float_days, thresholds.bei, thresholds.logic) == (20, 0.9, 0.05)
    tasks = [task("A", 30), task("B", 5, ["A"]), task("C", 5, ["A"]), task("M", 0, ["B", "C"], milestone=True)]
    # with B at 5 days C floats 0; B lengthened to 30 days, C floats 25 days: high float above 20
    tasks[1].duration_days = 30
    assessment = assess_schedule(plan(tasks), thresholds=thresholds)
    assert assessment.check("high_float").task_ids == ("C",)
    row = quality_row(assessment)
    assert row["project_code"] == "Q1" and row["dcma_high_float"] is False and row["dcma_bei"] is None
    assert [k for k in row if k.startswith("dcma_") and k[5:] in CHECK_CODES] == [f"dcma_{c}" for c in CHECK_CODES]
    assert row["schedule_quality"] == pytest.approx(row["dcma_passed"] / row["dcma_applicable"])
