"""Monte Carlo schedule risk analysis of one project.

::

    analysis = analyse_risk(data, RiskOptions(iterations=10_000, seed=7))
    analysis.finish_percentiles        # {10: datetime, 50: …, 80: …, 90: …}
    analysis.probability_on_baseline   # chance of finishing by the baseline finish
    analysis.milestones                # P10 … P90 of each key milestone
    analysis.criticality               # {task id: share of iterations where it is critical}
    analysis.tornado                   # tasks whose duration moves the finish most
    analysis.merge_points              # merge bias where several paths meet
    analysis.cost_percentiles          # {50: amount, 80: amount}

The plan is first scheduled deterministically (same calendars, links,
constraints and progress as :func:`pmo_xl.engine.cpm.schedule`); each
iteration then draws every task's duration from its three-point estimate
(triangular or PERT; :mod:`.estimates` for where they come from), draws
the risk events of the register, and re-runs the forward and backward passes
on the anchored network (:mod:`.network`), all iterations of a chunk at once
(:mod:`.simulation`).  ``seed`` makes a run reproducible.  A plan with a
dependency cycle raises :class:`pmo_xl.errors.CycleError`; a three-point
estimate out of order, a probability outside 0–1 or a risk on an unknown
task raise :class:`pmo_xl.errors.InputError` with the located problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Mapping, Sequence

import numpy as np

from pmo_xl.engine.cpm import ScheduleOptions, ScheduleResult, schedule
from pmo_xl.engine.risk.estimates import (
    DEFAULT_PHASE_BANDS, RiskEvent, ThreePointEstimate, check_estimates, check_risk_event, estimates_from_plan,
    risk_events_from_register, top_summaries,
)
from pmo_xl.engine.risk.network import AnchoredNetwork, anchored_network
from pmo_xl.engine.risk.sampling import DISTRIBUTIONS, TRIANGULAR
from pmo_xl.engine.risk.simulation import Sampler, simulate
from pmo_xl.errors import InputError, Location, Problem, ProblemList
from pmo_xl.model.progress import ProgressCallback
from pmo_xl.model import Phase, ProjectData

PERCENTILES = (10, 50, 80, 90)
COST_PERCENTILES = (50, 80)


@dataclass(frozen=True)
class RiskOptions:
    """How the analysis runs.

    ``iterations`` and ``seed`` (``None``: a fresh random run);
    ``distribution``: ``"triangular"`` or ``"pert"``; ``rank_correlation``:
    Spearman correlation between the durations of tasks of the same phase
    (top-level summary), 0 for independent tasks; ``phase_bands``:
    (optimistic, pessimistic) shares of the duration by phase for tasks
    without a three-point estimate; ``memory_budget_mb``: the iterations are
    processed in chunks that fit in it, and when the per-iteration totals of
    a long run would take more than a quarter of it, the percentiles come
    from every k-th iteration (``RiskAnalysis.kept_every``); ``key_milestones``: how many milestones
    are followed (the critical ones first, then the latest); ``tornado_size``
    and ``merge_point_count``: how many tasks those reports keep.
    """

    iterations: int = 1000
    seed: int | None = None
    distribution: str = TRIANGULAR
    rank_correlation: float = 0.0
    phase_bands: Mapping[Phase | None, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_PHASE_BANDS))
    memory_budget_mb: float = 256.0
    key_milestones: int = 12
    tornado_size: int = 10
    merge_point_count: int = 5

    def __post_init__(self):
        if self.iterations < 1:
            raise ValueError("iterations must be at least 1")
        if self.distribution not in DISTRIBUTIONS:
            raise ValueError(f"distribution must be one of {', '.join(DISTRIBUTIONS)}")
        if not 0.0 <= self.rank_correlation <= 1.0:
            raise ValueError("rank_correlation must be between 0 and 1")


@dataclass(frozen=True)
class MilestoneForecast:
    """A key milestone: its deterministic finish and its percentiles."""

    task_id: str
    name: str
    deterministic: datetime
    percentiles: dict[int, datetime]


@dataclass(frozen=True)
class SensitivityBar:
    """One bar of the tornado: how a task's duration correlates with the project finish (Pearson, −1 to 1)."""

    task_id: str
    name: str
    correlation: float


@dataclass(frozen=True)
class MergePoint:
    """Where paths meet: the expected start beyond the latest expected arrival of its paths.

    ``bias_days`` = mean simulated start − the largest of the paths' mean arrival bounds (working days);
    ``mean_delay_days`` = mean simulated start − deterministic start; ``probability_late`` = share of
    iterations starting after the deterministic start.
    """

    task_id: str
    name: str
    paths: int
    deterministic_start: datetime
    bias_days: float
    mean_delay_days: float
    probability_late: float


@dataclass
class RiskAnalysis:
    """The results of a Monte Carlo run on one project (see the package docstring)."""

    project: str
    iterations: int
    seed: int | None
    distribution: str
    chunk_iterations: int
    kept_every: int  # the percentiles come from every kept_every-th iteration (1: all; see simulation.simulate)
    deterministic_finish: datetime
    finish_percentiles: dict[int, datetime]
    baseline_finish: datetime | None
    probability_on_baseline: float | None
    milestones: list[MilestoneForecast]
    criticality: dict[str, float]
    tornado: list[SensitivityBar]
    merge_points: list[MergePoint]
    deterministic_cost: float
    cost_percentiles: dict[int, float]
    finish_samples: np.ndarray = field(repr=False)  # working minutes after the project's first start, per kept iteration
    network: AnchoredNetwork = field(repr=False)
    problems: ProblemList = field(default_factory=ProblemList)

    def finish_days(self) -> np.ndarray:
        """Each iteration's project finish in working days after the deterministic finish (for charts)."""
        reference = self.network.axis_minutes(self.deterministic_finish)
        return (self.finish_samples - reference) / self.network.minutes_per_day

    def s_curve(self, points: int = 21) -> list[tuple[float, datetime]]:
        """(probability, finish date) pairs of the cumulative curve, from 0 to 1."""
        levels = np.linspace(0.0, 1.0, points)
        minutes = np.quantile(self.finish_samples, levels)
        return [(float(p), self.network.to_datetime(m)) for p, m in zip(levels, minutes)]

    def histogram(self, bins: int = 20) -> tuple[list[float], list[int]]:
        """(bin edges in working days after the deterministic finish, counts) of the project finish, for the
        histogram chart; from the kept iterations."""
        counts, edges = np.histogram(self.finish_days(), bins=bins)
        return [float(e) for e in edges], [int(c) for c in counts]

    def summary_row(self) -> dict[str, object]:
        """What the portfolio shows of a project's risk analysis: one row of facts."""
        return {"project_code": self.project, "iterations": self.iterations,
                "deterministic_finish": self.deterministic_finish,
                **{f"finish_p{p}": value for p, value in self.finish_percentiles.items()},
                "probability_on_baseline": self.probability_on_baseline,
                **{f"cost_p{p}": value for p, value in self.cost_percentiles.items()}}

    def to_dict(self) -> dict:
        def iso(value):
            return value.isoformat(timespec="minutes") if value is not None else None

        return {
            "project": self.project, "iterations": self.iterations, "seed": self.seed,
            "distribution": self.distribution, "chunk_iterations": self.chunk_iterations,
            "kept_every": self.kept_every,
            "deterministic_finish": iso(self.deterministic_finish),
            "finish": {f"p{k}": iso(v) for k, v in self.finish_percentiles.items()},
            "baseline_finish": iso(self.baseline_finish), "probability_on_baseline": self.probability_on_baseline,
            "milestones": [{"id": m.task_id, "name": m.name, "deterministic": iso(m.deterministic),
                            **{f"p{k}": iso(v) for k, v in m.percentiles.items()}} for m in self.milestones],
            "criticality": self.criticality,
            "tornado": [{"id": b.task_id, "name": b.name, "correlation": b.correlation} for b in self.tornado],
            "merge_points": [{"id": m.task_id, "name": m.name, "paths": m.paths,
                              "deterministic_start": iso(m.deterministic_start), "bias_days": m.bias_days,
                              "mean_delay_days": m.mean_delay_days, "probability_late": m.probability_late}
                             for m in self.merge_points],
            "cost": {"deterministic": self.deterministic_cost,
                     **{f"p{k}": v for k, v in self.cost_percentiles.items()}},
        }


def _inputs(data: ProjectData, options: RiskOptions, estimates, events) -> tuple[dict, list[RiskEvent]]:
    problems = ProblemList()
    if estimates is None:
        estimates = estimates_from_plan(data, options.phase_bands, problems)
    else:
        planned = estimates_from_plan(data, options.phase_bands, ProblemList())
        problems.extend(check_estimates(estimates, data))
        estimates = {**planned, **estimates}
    if events is None:
        events = risk_events_from_register(data, problems)
    else:
        known = {t.id for t in data.tasks}
        for event in events:
            problems.extend(check_risk_event(event, known, data))
    if problems.has_errors:
        raise InputError(f"the risk analysis of project {data.project.code} cannot run: "
                         f"{len(problems.errors())} input error(s)", problems=problems)
    return estimates, list(events)


def _sampler(net: AnchoredNetwork, data: ProjectData, estimates: Mapping[str, ThreePointEstimate],
             events: Sequence[RiskEvent], options: RiskOptions) -> Sampler:
    low = np.array([estimates[t].optimistic if t in estimates else d for t, d in zip(net.ids, net.duration_days)])
    mode = np.array([estimates[t].most_likely if t in estimates else d for t, d in zip(net.ids, net.duration_days)])
    high = np.array([estimates[t].pessimistic if t in estimates else d for t, d in zip(net.ids, net.duration_days)])
    owners = top_summaries(data.tasks)
    group_ids: dict[str, int] = {}
    group = np.array([group_ids.setdefault(owners[t].id, len(group_ids)) if owners.get(t) is not None else -1
                      for t in net.ids], dtype=np.intp)
    position = {t: i for i, t in enumerate(net.ids)}
    complete = net.fixed & (net.remaining == 0)
    pairs = [(e, position[t]) for e, event in enumerate(events) for t in event.task_ids
             if t in position and not complete[position[t]]]
    return Sampler(low, mode, high, options.distribution, group, options.rank_correlation,
                   np.array([e.probability for e in events], dtype=np.float64),
                   np.array([e.delay_days * net.minutes_per_day for e in events], dtype=np.float64),
                   np.array([e.cost_impact for e in events], dtype=np.float64),
                   np.array([p for _, p in pairs], dtype=np.intp), np.array([e for e, _ in pairs], dtype=np.intp))


def _key_milestones(net: AnchoredNetwork, count: int) -> np.ndarray:
    rows = np.flatnonzero(net.milestone & ~net.fixed)
    if rows.size <= count:
        return rows
    ranked = sorted(rows.tolist(), key=lambda i: (not net.critical[i], -net.finish[i]))
    return np.array(sorted(ranked[:count]), dtype=np.intp)


def _merge_points(net: AnchoredNetwork, count: int) -> tuple[np.ndarray, list[np.ndarray]]:
    successors, incoming = np.unique(net.link_successor, return_counts=True)
    candidates = [(int(s), int(k)) for s, k in zip(successors, incoming)
                  if k >= 2 and len(set(net.link_predecessor[net.link_successor == s].tolist())) >= 2]
    candidates.sort(key=lambda item: (not net.critical[item[0]], -item[1], net.start[item[0]]))
    chosen = sorted(s for s, _ in candidates[:count])
    return np.array(chosen, dtype=np.intp), [np.flatnonzero(net.link_successor == s) for s in chosen]


def _baseline_finish(data: ProjectData) -> datetime | None:
    if data.project.baseline_finish is not None:
        return datetime.combine(data.project.baseline_finish, time(23, 59))
    finishes = [t.baseline_finish for t in data.tasks if t.baseline_finish is not None]
    return max(finishes) if finishes else None


def analyse_risk(data: ProjectData, options: RiskOptions | None = None, *, status_date: date | None = None,
                 schedule_options: ScheduleOptions | None = None,
                 estimates: Mapping[str, ThreePointEstimate] | None = None,
                 events: Sequence[RiskEvent] | None = None,
                 schedule_result: ScheduleResult | None = None,
                 on_progress: ProgressCallback | None = None) -> RiskAnalysis:
    """The Monte Carlo risk analysis of ``data`` at ``status_date`` (the project's own when not given).

    ``estimates`` and ``events`` replace those read from the plan and its risk register (estimates given
    for some tasks only: the others keep theirs).  ``schedule_result`` is ``data`` scheduled alone at
    ``status_date`` with ``schedule_options`` when the caller has it; it is computed otherwise.
    ``on_progress`` is told of the iterations done, chunk by chunk.
    """
    options = options or RiskOptions()
    status_date = status_date if status_date is not None else data.project.status_date
    estimates, events = _inputs(data, options, estimates, events)
    result = schedule_result or schedule([data], status_date=status_date, options=schedule_options)
    net = anchored_network(data, result, status_date)
    if net.n == 0:
        raise InputError(f"project {data.project.code} has no task to analyse",
                         Location(file=data.source), problems=[Problem("no task to analyse", Location(file=data.source))])
    sampler = _sampler(net, data, estimates, events, options)
    milestone_rows = _key_milestones(net, options.key_milestones)
    merge_rows, merge_links = _merge_points(net, options.merge_point_count)
    budget = int(options.memory_budget_mb * 1024 * 1024)
    baseline = _baseline_finish(data)
    acc, chunk = simulate(net, sampler, options.iterations, options.seed, budget, milestone_rows, merge_rows,
                          merge_links, None if baseline is None else net.axis_minutes(baseline), on_progress)
    return _analysis(data, options, result.project_finish[data.project.code], net, acc, chunk, milestone_rows,
                     merge_rows, merge_links, result.problems)


def _analysis(data, options, deterministic_finish, net, acc, chunk, milestone_rows, merge_rows, merge_links,
              problems) -> RiskAnalysis:
    n_iter = options.iterations
    finish = np.concatenate(acc.finish)
    percentiles = {p: net.to_datetime(np.percentile(finish, p)) for p in PERCENTILES}
    baseline = _baseline_finish(data)
    on_baseline = None if baseline is None else acc.on_baseline / n_iter
    milestone_values = (np.concatenate(acc.milestones, axis=1) if milestone_rows.size
                        else np.empty((0, finish.size)))
    milestones = [MilestoneForecast(net.ids[row], net.names[row], net.finish_dates[row],
                                    {p: net.task_finish_datetime(row, np.percentile(values, p)) for p in PERCENTILES})
                  for row, values in zip(milestone_rows.tolist(), milestone_values)]
    criticality = {tid: float(c) / n_iter for tid, c in zip(net.ids, acc.critical_count.tolist())}
    tornado = _tornado(net, acc, options.tornado_size)
    merges = _merge_report(net, acc, merge_rows, merge_links, n_iter)
    cost = np.concatenate(acc.cost)
    deterministic_cost = float(net.done_cost + net.cost.sum())
    return RiskAnalysis(data.project.code, n_iter, options.seed, options.distribution, chunk, acc.stride,
                        deterministic_finish,
                        percentiles, baseline, on_baseline, milestones, criticality, tornado, merges,
                        deterministic_cost, {p: float(np.percentile(cost, p)) for p in COST_PERCENTILES}, finish,
                        net, ProblemList(problems))


def _tornado(net: AnchoredNetwork, acc, size: int) -> list[SensitivityBar]:
    """The tasks whose duration correlates most with the project finish, over every iteration (the sums are
    of deviations from the deterministic span and finish, which keeps them well conditioned)."""
    n_iter = acc.done
    mean_x = acc.duration_sum / n_iter
    var_x = acc.duration_square_sum / n_iter - mean_x ** 2
    mean_y = acc.finish_sum / n_iter
    var_y = acc.finish_square_sum / n_iter - mean_y ** 2
    covariance = acc.duration_finish_sum / n_iter - mean_x * mean_y
    denominator = np.sqrt(np.maximum(var_x, 0.0) * max(var_y, 0.0))
    varies = (var_x > 1e-6) & (denominator > 0)
    correlation = np.where(varies, covariance / np.where(varies, denominator, 1.0), 0.0)
    order = np.argsort(-np.abs(correlation), kind="stable")
    return [SensitivityBar(net.ids[i], net.names[i], float(np.clip(correlation[i], -1, 1)))
            for i in order[:size] if varies[i]]


def _merge_report(net, acc, merge_rows, merge_links, n_iter) -> list[MergePoint]:
    report = []
    for k, (row, links) in enumerate(zip(merge_rows.tolist(), merge_links)):
        mean_start = acc.merge_start_sum[k] / n_iter
        arrivals = acc.merge_bound_sum[k] / n_iter
        report.append(MergePoint(
            net.ids[row], net.names[row], int(len(set(net.link_predecessor[links].tolist()))),
            net.to_datetime(net.start[row]) if net.milestone[row] else net.start_datetime(net.start[row]),
            float((mean_start - arrivals.max()) / net.minutes_per_day),
            float((mean_start - net.start[row]) / net.minutes_per_day), float(acc.merge_late_count[k] / n_iter)))
    return report


__all__ = ["COST_PERCENTILES", "MergePoint", "MilestoneForecast", "PERCENTILES", "RiskAnalysis", "RiskEvent",
           "RiskOptions", "SensitivityBar", "ThreePointEstimate", "analyse_risk"]
