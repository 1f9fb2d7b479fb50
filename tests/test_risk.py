"""Monte Carlo schedule risk analysis against deterministic, closed-form and convolution answers.

Calendar: Monday–Friday 08:00–12:00, 13:00–17:00, no public holiday; 2026-03-02 is a Monday.

Sampling tolerances: a percentile estimated from N draws has a standard error of
√(p(1 − p)/N) / f(x_p), f being the density at that percentile.  With N = 20,000 and the
densities of these plans (0.1 to 0.25 per working day), that is 0.015 to 0.03 working day;
the tests allow 0.1 working day (48 minutes), more than three standard errors, so a correct
engine fails them about once in a thousand runs at most (and never with the fixed seeds used
here), while an error of a tenth of a day in a distribution is caught.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pytest

from pmo_xl.engine.cpm import schedule
from pmo_xl.engine.risk import RiskEvent, RiskOptions, ThreePointEstimate, analyse_risk
from pmo_xl.engine.risk.sampling import pert_quantile, triangular_quantile
from pmo_xl.errors import CycleError, InputError
from pmo_xl.model import (
    CalendarSpec, ConstraintType, ItemStatus, Link, LinkType, Project, ProjectData, Risk, Task,
)

from reference_files import schedule_path

PLAIN = CalendarSpec(name="Standard", holiday_country=None)
MONDAY = date(2026, 3, 2)
N = 20_000
TOLERANCE_DAYS = 0.1


def task(task_id, days, predecessors=(), **fields):
    links = [p if isinstance(p, Link) else Link(p) for p in predecessors]
    return Task(task_id, f"Tâche {task_id}", duration_days=days, predecessors=links, **fields)


def plan(tasks, **project_fields) -> ProjectData:
    return ProjectData(Project("R1", "Risque", start=MONDAY, **project_fields), tasks=tasks,
                       calendars={"Standard": PLAIN})


def zero_width(data: ProjectData) -> dict[str, ThreePointEstimate]:
    return {t.id: ThreePointEstimate(t.id, t.duration_days, t.duration_days, t.duration_days)
            for t in data.tasks if not t.summary}


def days_after_start(analysis, instant: datetime) -> float:
    calendar = analysis.network.calendar
    return calendar.working_minutes_between(datetime(2026, 3, 2, 8), instant) / 480


def triangular_cdf(x, a, m, b):
    x = np.clip(x, a, b)
    return np.where(x <= m, (x - a) ** 2 / ((b - a) * (m - a)), 1 - (b - x) ** 2 / ((b - a) * (b - m)))


def triangular_inverse(p, a, m, b):
    split = (m - a) / (b - a)
    return a + math.sqrt(p * (b - a) * (m - a)) if p < split else b - math.sqrt((1 - p) * (b - a) * (b - m))


# ------------------------------------------------------------------------------------------------ exactness
def progressed_plan() -> ProjectData:
    """A plan with every kind of link, lags, a constraint, progress at a status date and a summary."""
    tasks = [
        Task("S", "Réalisation", summary=True, outline_level=1),
        task("A", 5, outline_level=2, actual_start=datetime(2026, 3, 2, 8), actual_finish=datetime(2026, 3, 6, 17),
             percent_complete=100),
        task("B", 10, ["A"], outline_level=2, actual_start=datetime(2026, 3, 9, 8), percent_complete=30),
        task("C", 6, [Link("B", LinkType.SS, lag_days=2)], outline_level=2),
        task("D", 4, [Link("C", LinkType.FF, lag_days=1), Link("B", lag_days=-2)], outline_level=2),
        task("E", 3, [Link("A", lag_percent=50)], outline_level=2, constraint_type=ConstraintType.SNET,
             constraint_date=datetime(2026, 3, 25, 8)),
        Task("T", "Recette", summary=True, outline_level=1, predecessors=[Link("S")]),
        task("F", 8, outline_level=2),
        task("G", 2, [Link("F", LinkType.SF, lag_days=3)], outline_level=2),
        task("M", 0, ["G", "E", "D"], outline_level=2, milestone=True),
    ]
    return plan(tasks)


def test_a_zero_width_distribution_gives_exactly_the_deterministic_dates():
    data = progressed_plan()
    status = date(2026, 3, 16)
    deterministic = schedule([data], status_date=status)
    frame = deterministic.tasks.set_index("id")
    analysis = analyse_risk(data, RiskOptions(iterations=200, seed=5), status_date=status,
                            estimates=zero_width(data), events=[])
    finish = deterministic.project_finish["R1"]
    assert set(analysis.finish_percentiles.values()) == {finish}
    assert analysis.deterministic_finish == finish
    milestone = analysis.milestones[0]
    assert milestone.task_id == "M"
    assert set(milestone.percentiles.values()) == {frame.at["M", "finish"].to_pydatetime()}
    # every iteration is the deterministic plan: criticality is the critical flag (complete A is never critical)
    for task_id, share in analysis.criticality.items():
        expected = bool(frame.at[task_id, "critical"]) and task_id != "A"
        assert share == (1.0 if expected else 0.0), task_id


@pytest.mark.parametrize("name", ["mspdi_mpxj_relations_5t.xml", "mspdi_mpxj_sample_19t.xml",
                                  "mspdi_mpxj_durations_10t.xml", "xer_p6_hs2_sp10_3994a.xer"])
def test_zero_width_on_reference_plans_gives_their_deterministic_finish(name):
    from pmo_xl.io.plan import read_plan

    plan = read_plan(schedule_path(name), stored_results=False)
    data, options = plan.data, plan.options
    deterministic = schedule([data], status_date=data.project.status_date, options=options)
    analysis = analyse_risk(data, RiskOptions(iterations=20, seed=1), estimates=zero_width(data), events=[],
                            schedule_options=options)
    assert set(analysis.finish_percentiles.values()) == {deterministic.project_finish[data.project.code]}
    frame = deterministic.tasks.set_index("id")
    for milestone in analysis.milestones:
        assert set(milestone.percentiles.values()) == {frame.at[milestone.task_id, "finish"].to_pydatetime()}


# ------------------------------------------------------------------------------------------------ distributions
def test_serial_chain_of_two_triangular_tasks_gives_the_convolution_percentiles():
    a, m, b = 8.0, 10.0, 14.0
    data = plan([task("A", 10), task("B", 10, ["A"])])
    estimates = {t: ThreePointEstimate(t, a, m, b) for t in ("A", "B")}
    analysis = analyse_risk(data, RiskOptions(iterations=N, seed=11), estimates=estimates, events=[])
    # the sum's distribution by numerical convolution of the two densities on a 0.0005-day grid
    step = 0.0005
    x = np.arange(a, b + step / 2, step)
    density = np.gradient(triangular_cdf(x, a, m, b), step)
    total = np.convolve(density, density) * step
    grid = 2 * a + step * np.arange(total.size)
    cumulative = np.cumsum(total) * step
    cumulative /= cumulative[-1]
    for p in (10, 50, 80, 90):
        expected = float(np.interp(p / 100, cumulative, grid))
        assert days_after_start(analysis, analysis.finish_percentiles[p]) == pytest.approx(expected,
                                                                                         abs=TOLERANCE_DAYS), p


def test_two_parallel_identical_paths_are_each_critical_half_the_time():
    data = plan([task("A", 10), task("B", 10), task("M", 0, ["A", "B"], milestone=True)])
    estimates = {t: ThreePointEstimate(t, 8, 10, 14) for t in ("A", "B")}
    analysis = analyse_risk(data, RiskOptions(iterations=N, seed=3), estimates=estimates, events=[])
    # the share of a fair draw: standard error √(0.25 / 20,000) = 0.0035
    assert analysis.criticality["A"] == pytest.approx(0.5, abs=0.02)
    assert analysis.criticality["B"] == pytest.approx(0.5, abs=0.02)
    # one path or the other; both when they finish within half a minute of each other (the critical
    # tolerance), which the density of A − B at 0 (about 0.3 per day) makes about 0.06 % of the draws
    assert 1.0 <= analysis.criticality["A"] + analysis.criticality["B"] <= 1.002
    assert analysis.criticality["M"] == 1.0


def test_p50_and_p80_of_a_merge_match_the_closed_form():
    # finish = max(X, Y) of two independent triangular(8, 10, 14): P(max ≤ x) = F(x)², so P50 = F⁻¹(√0.5)
    data = plan([task("A", 10), task("B", 10), task("M", 0, ["A", "B"], milestone=True)])
    estimates = {t: ThreePointEstimate(t, 8, 10, 14) for t in ("A", "B")}
    analysis = analyse_risk(data, RiskOptions(iterations=N, seed=8), estimates=estimates, events=[])
    for p in (50, 80):
        expected = triangular_inverse(math.sqrt(p / 100), 8, 10, 14)
        assert days_after_start(analysis, analysis.finish_percentiles[p]) == pytest.approx(expected,
                                                                                         abs=TOLERANCE_DAYS)
    # the merge point starts later than either path's mean arrival: E[max] − E[X] > 0
    merge = analysis.merge_points[0]
    assert merge.task_id == "M" and merge.paths == 2
    mean_single = (8 + 10 + 14) / 3
    grid = np.linspace(8, 14, 60001)
    mean_max = 14 - np.trapezoid(triangular_cdf(grid, 8, 10, 14) ** 2, grid)
    assert merge.bias_days == pytest.approx(mean_max - mean_single, abs=0.05)


def test_full_rank_correlation_within_a_phase_makes_the_paths_move_together():
    tasks = [Task("S", "Réalisation", summary=True, outline_level=1),
             task("A", 10, outline_level=2), task("B", 10, outline_level=2),
             task("M", 0, ["A", "B"], outline_level=2, milestone=True)]
    data = plan(tasks)
    estimates = {t: ThreePointEstimate(t, 8, 10, 14) for t in ("A", "B")}
    analysis = analyse_risk(data, RiskOptions(iterations=N, seed=4, rank_correlation=1.0), estimates=estimates,
                            events=[])
    # identical draws: the finish is a single triangular, P50 = F⁻¹(0.5)
    expected = triangular_inverse(0.5, 8, 10, 14)
    assert days_after_start(analysis, analysis.finish_percentiles[50]) == pytest.approx(expected,
                                                                                      abs=TOLERANCE_DAYS)


def test_pert_mean_and_quantile_table():
    a, m, b = 8.0, 10.0, 14.0
    u = (np.arange(200_000) + 0.5) / 200_000
    values = pert_quantile(u, np.array(a), np.array(m), np.array(b))
    # the PERT mean (a + 4m + b) / 6, integrated over a uniform grid of quantiles
    assert values.mean() == pytest.approx((a + 4 * m + b) / 6, abs=1e-3)
    # the triangular inverse agrees with its closed form
    assert triangular_quantile(np.array(0.25), np.array(a), np.array(m), np.array(b)) == pytest.approx(
        triangular_inverse(0.25, a, m, b))
    data = plan([task("A", 10)])
    analysis = analyse_risk(data, RiskOptions(iterations=N, seed=2, distribution="pert"),
                            estimates={"A": ThreePointEstimate("A", a, m, b)}, events=[])
    mean_days = analysis.finish_samples.mean() / 480  # minutes after A's start
    sd = math.sqrt(((a + 4 * m + b) / 6 - a) * (b - (a + 4 * m + b) / 6) / 7)
    assert mean_days == pytest.approx((a + 4 * m + b) / 6, abs=4 * sd / math.sqrt(N))


# ------------------------------------------------------------------------------------------------ risk events
def test_a_risk_event_moves_the_finish_with_its_probability_and_adds_its_cost():
    # T: 10 days exactly, 1,000 MAD; risk R (30 %) adds 5 days and 500 MAD. P50 = 10 days, P80 = 15 days.
    data = plan([task("T", 10, cost=1000.0)], baseline_finish=date(2026, 3, 13))
    event = RiskEvent("R", 0.3, ("T",), delay_days=5, cost_impact=500.0)
    analysis = analyse_risk(data, RiskOptions(iterations=N, seed=9), estimates=zero_width(data), events=[event])
    assert days_after_start(analysis, analysis.finish_percentiles[50]) == pytest.approx(10)
    assert days_after_start(analysis, analysis.finish_percentiles[80]) == pytest.approx(15)
    # on time when the risk does not occur: 0.7, standard error 0.0032
    assert analysis.probability_on_baseline == pytest.approx(0.7, abs=0.015)
    assert analysis.cost_percentiles == {50: pytest.approx(1000.0), 80: pytest.approx(1500.0)}
    assert analysis.deterministic_cost == 1000.0


def test_risk_register_rows_become_events():
    data = plan([task("T", 10)])
    data.risks = [Risk("R1", "Retard fournisseur", probability=3, impact=4, task_ids="T", delay_days=4,
                       likelihood_percent=100.0),
                  Risk("R2", "Clos", probability=5, impact=5, task_ids="T", delay_days=50,
                       status=ItemStatus.CLOSED)]
    analysis = analyse_risk(data, RiskOptions(iterations=50, seed=1), estimates=zero_width(data))
    # R1 always occurs (100 %), the closed R2 never counts: 14 days
    assert days_after_start(analysis, analysis.finish_percentiles[10]) == pytest.approx(14)


# ------------------------------------------------------------------------------------------------ runs
def test_same_seed_same_results_and_chunks_within_the_memory_budget():
    data = plan([task("A", 10), task("B", 10, ["A"]), task("C", 5, ["A"])])
    options = RiskOptions(iterations=5000, seed=21)
    first, second = analyse_risk(data, options, events=[]), analyse_risk(data, options, events=[])
    assert first.finish_percentiles == second.finish_percentiles
    assert np.array_equal(first.finish_samples, second.finish_samples)
    tiny = analyse_risk(data, RiskOptions(iterations=5000, seed=21, memory_budget_mb=0.01), events=[])
    assert tiny.chunk_iterations < 500 and tiny.iterations == 5000
    # the totals of 5,000 iterations (no milestone: finish and cost, 16 bytes each) take 80,000 bytes; a
    # quarter of the 0.01 MiB budget is 2,621 bytes: every 31st iteration (⌈80,000 / 2,621⌉) is kept
    assert tiny.kept_every == 31 and tiny.finish_samples.size == 5000 // 31 + 1
    assert first.kept_every == 1 and first.finish_samples.size == 5000
    # the same distribution whichever the chunking
    for p in (50, 80):
        assert days_after_start(tiny, tiny.finish_percentiles[p]) == pytest.approx(
            days_after_start(first, first.finish_percentiles[p]), abs=0.5)


def test_default_bands_by_phase_when_no_estimate_is_given():
    tasks = [Task("S", "Recette", summary=True, outline_level=1), task("A", 10, outline_level=2)]
    analysis = analyse_risk(plan(tasks), RiskOptions(iterations=N, seed=6), events=[])
    # a test-phase task lasts 90 % to 150 % of its duration: triangular(9, 10, 15)
    samples = (analysis.finish_samples - analysis.network.axis_minutes(datetime(2026, 3, 2, 8))) / 480
    assert samples.min() >= 9 - 1e-6 and samples.max() <= 15 + 1e-6
    assert samples.mean() == pytest.approx((9 + 10 + 15) / 3, abs=0.05)


# ------------------------------------------------------------------------------------------------ bad input
def test_a_three_point_estimate_out_of_order_is_a_located_error():
    data = plan([task("A", 10, duration_optimistic_days=12, duration_pessimistic_days=9)])
    data.source = "projet.xlsx"
    with pytest.raises(InputError) as caught:
        analyse_risk(data, RiskOptions(iterations=10))
    problem = caught.value.problems[0]
    assert problem.message == "three-point estimate not in order"
    assert (problem.location.file, problem.location.sheet, problem.location.column) == (
        "projet.xlsx", "Tâches", "Durée optimiste (j)")
    assert problem.found == "A: 12 / 10 / 9"


def test_a_probability_outside_0_1_and_a_risk_on_an_unknown_task_are_located_errors():
    data = plan([task("A", 10)])
    with pytest.raises(InputError) as caught:
        analyse_risk(data, RiskOptions(iterations=10), events=[RiskEvent("R1", 1.4, ("A",), 2)])
    assert caught.value.problems[0].message == "probability outside 0-1"
    assert caught.value.problems[0].found == "R1: 1.4"
    data.risks = [Risk("R9", "Inconnu", probability=2, impact=2, task_ids="A; Z", delay_days=3)]
    with pytest.raises(InputError) as caught:
        analyse_risk(data, RiskOptions(iterations=10))
    problem = caught.value.problems[0]
    assert (problem.message, problem.location.sheet, problem.location.column, problem.found) == (
        "unknown task", "Risques", "Tâches touchées", "R9: Z")


def test_a_plan_with_a_cycle_is_refused_with_the_cycle():
    data = plan([task("A", 2, ["B"]), task("B", 2, ["A"])])
    with pytest.raises(CycleError) as caught:
        analyse_risk(data, RiskOptions(iterations=10))
    assert sorted(caught.value.tasks) == ["A", "B"]


def test_the_baseline_probability_counts_every_iteration_when_only_some_are_kept():
    data = plan([task("T", 10, cost=1000.0)], baseline_finish=date(2026, 3, 13))
    event = RiskEvent("R", 0.3, ("T",), delay_days=5)
    analysis = analyse_risk(data, RiskOptions(iterations=N, seed=9, memory_budget_mb=0.05),
                            estimates=zero_width(data), events=[event])
    assert analysis.kept_every > 1
    assert analysis.probability_on_baseline == pytest.approx(0.7, abs=0.015)
    assert days_after_start(analysis, analysis.finish_percentiles[90]) == pytest.approx(15)


def test_a_plan_without_tasks_is_a_located_error():
    data = plan([])
    data.source = "vide.xlsx"
    with pytest.raises(InputError) as caught:
        analyse_risk(data, RiskOptions(iterations=10))
    assert caught.value.problems[0].location.file == "vide.xlsx"


def test_chart_data_and_the_portfolio_row():
    data = plan([task("A", 10), task("B", 10, ["A"])], baseline_finish=date(2026, 3, 27))
    estimates = {t: ThreePointEstimate(t, 8, 10, 14) for t in ("A", "B")}
    analysis = analyse_risk(data, RiskOptions(iterations=5000, seed=12), estimates=estimates, events=[])
    curve = analysis.s_curve(points=11)
    assert [p for p, _ in curve] == pytest.approx([k / 10 for k in range(11)])
    assert [d for _, d in curve] == sorted(d for _, d in curve)
    # the curve runs from the shortest to the longest draw: 2 × 8 to 2 × 14 days at most
    assert 16 <= days_after_start(analysis, curve[0][1]) and days_after_start(analysis, curve[-1][1]) <= 28
    edges, counts = analysis.histogram(bins=12)
    assert len(edges) == 13 and sum(counts) == 5000
    row = analysis.summary_row()
    assert row["finish_p80"] == analysis.finish_percentiles[80]
    # baseline Friday 27 March = 20 days: P(A + B ≤ 20) of two triangular(8, 10, 14), closed form by
    # numerical integration: P = ∫ f(x) F(20 − x) dx
    grid = np.linspace(8, 14, 60001)
    density = np.gradient(triangular_cdf(grid, 8, 10, 14), grid)
    expected = np.trapezoid(density * triangular_cdf(20 - grid, 8, 10, 14), grid)
    assert row["probability_on_baseline"] == pytest.approx(expected, abs=0.03)


def test_rank_correlation_of_the_uniforms_within_a_group():
    from pmo_xl.engine.risk.sampling import uniforms

    rng = np.random.default_rng(5)
    u = uniforms(rng, 3, 200_000, np.array([0, 0, -1]), rank_correlation=0.5).astype(np.float64)
    # the Pearson correlation of uniforms is their Spearman rank correlation; standard error about 0.002
    assert np.corrcoef(u[0], u[1])[0, 1] == pytest.approx(0.5, abs=0.01)
    assert np.corrcoef(u[0], u[2])[0, 1] == pytest.approx(0.0, abs=0.01)  # a task of no group
    assert u.min() >= 0 and u.max() < 1
    assert u[0].mean() == pytest.approx(0.5, abs=0.005)  # still uniform
