"""The DCMA 14-point schedule assessment of one project.

:func:`assess_schedule` runs the Defense Contract Management Agency's
fourteen checks on a plan (:class:`~pmo_xl.model.ProjectData`) and its
computed schedule (:class:`~pmo_xl.engine.cpm.ScheduleResult`).  Each check
returns a :class:`CheckResult`: how many items are at fault, out of how many,
the ratio, the threshold it is held to, whether it passes, and the ids of the
tasks at fault.  The result is facts (codes and numbers); the words shown to
users come from :mod:`pmo_xl.texts.schedule_quality`.

Population
----------
The checks look at the *incomplete leaf tasks* (summary tasks excluded;
milestones included; a task is complete at 100 % or with an actual finish),
except the backward-looking ones: invalid dates (9) look at every leaf task,
missed tasks (11) and BEI (14) at the leaf tasks whose baseline finish falls
on or before the status date.  Links are those whose successor is an
incomplete leaf task of the project.  Durations and floats are in working
days of each task's calendar.

The checks
----------
1 logic (no predecessor or no successor), 2 leads (negative lags), 3 lags
(positive lags), 4 relationship types (share of FS links), 5 hard
constraints (MSO, MFO, SNLT, FNLT), 6 high float, 7 negative float, 8 high
duration (the baseline duration when known), 9 invalid dates (actuals after
the status date, forecasts of remaining work before it), 10 resources (only
when the plan is resource-loaded: tasks with duration and neither resource nor
cost), 11 missed tasks (finished, or forecast to finish, after their baseline
finish), 12 critical path test (a delay added to a critical task moves the
project finish by as much), 13 CPLI = (critical path length + project total
float) / critical path length, measured from the status date to the forecast
finish, the float being the room to the baseline finish, 14 BEI = tasks
completed / tasks whose baseline finish is due.

A check that cannot be measured (no status date, no baseline, a plan without
resources, no critical task to delay) is *not applicable*: ``passed`` is
``None``.  A plan with a dependency cycle cannot be assessed: scheduling it
raises :class:`pmo_xl.errors.CycleError` naming the cycle's tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from typing import Mapping

import pandas as pd

from pmo_xl.engine.cpm import ScheduleOptions, ScheduleResult, schedule
from pmo_xl.engine.whatif import plan_variant
from pmo_xl.model import ConstraintType, LinkType, ProjectData, Task

#: The codes of the fourteen checks, in DCMA order (check number = position + 1).
CHECK_CODES = (
    "logic", "leads", "lags", "relationship_types", "hard_constraints", "high_float", "negative_float",
    "high_duration", "invalid_dates", "resources", "missed_tasks", "critical_path_test", "cpli", "bei",
)

HARD_CONSTRAINTS = (ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNLT, ConstraintType.FNLT)

#: How a check compares with its threshold.
AT_MOST_RATIO = "at_most_ratio"  # ratio ≤ threshold
AT_MOST_COUNT = "at_most_count"  # count ≤ threshold
AT_LEAST_RATIO = "at_least_ratio"  # ratio ≥ threshold

_COMPARISON = {
    "logic": AT_MOST_RATIO, "leads": AT_MOST_COUNT, "lags": AT_MOST_RATIO, "relationship_types": AT_LEAST_RATIO,
    "hard_constraints": AT_MOST_RATIO, "high_float": AT_MOST_RATIO, "negative_float": AT_MOST_COUNT,
    "high_duration": AT_MOST_RATIO, "invalid_dates": AT_MOST_COUNT, "resources": AT_MOST_COUNT,
    "missed_tasks": AT_MOST_RATIO, "critical_path_test": AT_MOST_COUNT, "cpli": AT_LEAST_RATIO,
    "bei": AT_LEAST_RATIO,
}

#: How each check compares with its threshold, by check code.
COMPARISONS: Mapping[str, str] = _COMPARISON


@dataclass(frozen=True)
class DcmaThresholds:
    """The thresholds of the fourteen checks (DCMA's standard values by default).

    Ratios are shares (0.05 = 5 %); counts are numbers of items; days are
    working days.  ``critical_path_delay_days`` is the delay the critical path
    test adds to a critical task.
    """

    logic: float = 0.05
    leads: float = 0
    lags: float = 0.05
    relationship_types: float = 0.90
    hard_constraints: float = 0.05
    high_float: float = 0.05
    high_float_days: float = 44
    negative_float: float = 0
    high_duration: float = 0.05
    high_duration_days: float = 44
    invalid_dates: float = 0
    resources: float = 0
    missed_tasks: float = 0.05
    critical_path_test: float = 0
    critical_path_delay_days: float = 600
    cpli: float = 0.95
    bei: float = 0.95

    @classmethod
    def from_mapping(cls, values: Mapping[str, float]) -> "DcmaThresholds":
        """Thresholds from ``{name: value}`` (a Config table), the defaults for names not given.

        Raises ``KeyError`` for a name that is not a threshold and ``ValueError`` for a value that is not a
        number, so the caller can locate the cell.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise KeyError(", ".join(unknown))
        return cls(**{name: float(value) for name, value in values.items()})


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    ``count`` items at fault (for CPLI the numerator, critical path length plus
    float, in working days; for BEI the tasks completed) out of
    ``denominator``; ``ratio`` = count / denominator (``None`` when there is
    nothing to count); ``passed`` is ``None`` when the check is not
    applicable; ``task_ids`` are the tasks at fault, in plan order.
    """

    number: int
    code: str
    count: float
    denominator: float
    ratio: float | None
    threshold: float
    comparison: str
    passed: bool | None
    task_ids: tuple[str, ...] = ()

    @property
    def applicable(self) -> bool:
        return self.passed is not None

    def to_dict(self) -> dict:
        return {"number": self.number, "code": self.code, "count": self.count, "denominator": self.denominator,
                "ratio": self.ratio, "threshold": self.threshold, "comparison": self.comparison,
                "passed": self.passed, "task_ids": list(self.task_ids)}


@dataclass(frozen=True)
class ScheduleAssessment:
    """The fourteen checks of one project, in DCMA order."""

    project: str
    status_date: date | None
    checks: tuple[CheckResult, ...]
    critical_path_task: str | None = None  # the task the critical path test delayed

    def check(self, code: str) -> CheckResult:
        return self.checks[CHECK_CODES.index(code)]

    @property
    def passed_count(self) -> int:
        return sum(1 for c in self.checks if c.passed is True)

    @property
    def applicable_count(self) -> int:
        return sum(1 for c in self.checks if c.applicable)

    def to_dict(self) -> dict:
        return {"project": self.project,
                "status_date": self.status_date.isoformat() if self.status_date else None,
                "critical_path_task": self.critical_path_task,
                "passed": self.passed_count, "applicable": self.applicable_count,
                "quality": schedule_quality(self), "checks": [c.to_dict() for c in self.checks]}


#: Prefix of the master's Config parameters that set the thresholds (``dcma_logic`` = 0.05 …).
CONFIG_PREFIX = "dcma_"


def thresholds_from_parameters(parameters: Mapping[str, object]) -> DcmaThresholds:
    """The thresholds the master's Config parameters ``dcma_<threshold>`` set; defaults for the others.

    Other parameters are ignored.  Raises ``KeyError`` for a ``dcma_`` name that is no threshold and
    ``ValueError`` for a value that is not a number, so the caller can locate the cell.
    """
    given = {key[len(CONFIG_PREFIX):]: value for key, value in parameters.items()
             if isinstance(key, str) and key.startswith(CONFIG_PREFIX)}
    return DcmaThresholds.from_mapping(given)


def with_parameter(thresholds: DcmaThresholds, key: str, value: object) -> DcmaThresholds:
    """``thresholds`` with the one a Config parameter ``dcma_<threshold>`` sets.

    Raises ``ValueError`` for a name that is no threshold or a value that is not a number.
    """
    name = key[len(CONFIG_PREFIX):] if key.startswith(CONFIG_PREFIX) else key
    if name not in {f.name for f in fields(DcmaThresholds)}:
        raise ValueError(key)
    return replace(thresholds, **{name: float(value)})


def quality_row(assessment: "ScheduleAssessment") -> dict[str, object]:
    """What the portfolio shows of a project's assessment: the "qualité du planning" figure and the heat map.

    Keys: ``project_code``, ``schedule_quality`` (share of the applicable checks that pass, ``None`` when none
    applies), ``dcma_passed``, ``dcma_applicable`` and one ``dcma_<check code>`` per check, ``True`` (pass),
    ``False`` (fail) or ``None`` (not applicable), in DCMA order.
    """
    row: dict[str, object] = {"project_code": assessment.project, "schedule_quality": schedule_quality(assessment),
                              "dcma_passed": assessment.passed_count, "dcma_applicable": assessment.applicable_count}
    row.update({f"{CONFIG_PREFIX}{check.code}": check.passed for check in assessment.checks})
    return row


def schedule_quality(assessment: ScheduleAssessment) -> float | None:
    """The "qualité du planning" figure of a project: the share of applicable checks that pass (0–1).

    ``None`` when no check applies.
    """
    applicable = assessment.applicable_count
    return None if applicable == 0 else assessment.passed_count / applicable


# ----------------------------------------------------------------------------------------------- helpers
def is_complete(task: Task) -> bool:
    """A task done: 100 % complete or with an actual finish."""
    return task.actual_finish is not None or (task.percent_complete or 0) >= 100


def _leaves(data: ProjectData, frame: pd.DataFrame) -> list[Task]:
    summary = dict(zip(frame["id"], frame["summary"]))
    return [t for t in data.tasks if not summary.get(t.id, t.summary)]


def _day_end(value: date) -> datetime:
    return datetime.combine(value, time(23, 59))


def _as_date(value) -> date | None:
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, datetime) else value


def _result(code: str, count: float, denominator: float, threshold: float, task_ids=(),
            applicable: bool = True, ratio: float | None = None) -> CheckResult:
    comparison = _COMPARISON[code]
    if ratio is None and denominator:
        ratio = count / denominator
    if not applicable:
        passed = None
    elif comparison == AT_MOST_COUNT:
        passed = count <= threshold
    elif ratio is None:  # nothing to count: nothing at fault
        passed = True
    elif comparison == AT_MOST_RATIO:
        passed = ratio <= threshold + 1e-12
    else:
        passed = ratio >= threshold - 1e-12
    return CheckResult(CHECK_CODES.index(code) + 1, code, count, denominator, ratio, threshold, comparison,
                       passed, tuple(task_ids))


@dataclass
class _Plan:
    """What the checks share: the incomplete leaves, their links and the computed rows."""

    data: ProjectData
    result: ScheduleResult
    status_date: date | None
    thresholds: DcmaThresholds
    leaves: list[Task]
    open_tasks: list[Task]
    links: list[tuple[Task, object]] = field(default_factory=list)  # (successor, link)
    rows: pd.DataFrame | None = None
    _columns: dict[str, dict] = field(default_factory=dict)

    def column(self, name: str) -> dict:
        """The computed column ``name`` as ``{task id: value}`` (read once: a lookup per task is then cheap)."""
        if name not in self._columns:
            self._columns[name] = dict(zip(self.rows.index, self.rows[name].tolist()))
        return self._columns[name]

    @classmethod
    def of(cls, data, result, status_date, thresholds) -> "_Plan":
        frame = result.tasks[result.tasks["project"] == data.project.code]
        leaves = _leaves(data, frame)
        open_tasks = [t for t in leaves if not is_complete(t)]
        own = {t.id for t in data.tasks}
        links = [(t, link) for t in open_tasks for link in t.predecessors
                 if link.predecessor_project in (None, data.project.code) and link.predecessor_id in own]
        return cls(data, result, status_date, thresholds, leaves, open_tasks, links, frame.set_index("id"))


# ----------------------------------------------------------------------------------------------- checks
def _logic(plan: _Plan) -> CheckResult:
    has_successor = {link.predecessor_id for t in plan.data.tasks for link in t.predecessors
                     if link.predecessor_project in (None, plan.data.project.code)}
    faults = [t.id for t in plan.open_tasks if not t.predecessors or t.id not in has_successor]
    return _result("logic", len(faults), len(plan.open_tasks), plan.thresholds.logic, faults)


def _lag(link) -> float:
    """The link's lag with its sign: days, or a percentage of the predecessor's duration."""
    return link.lag_percent if link.lag_percent is not None else link.lag_days


def _leads(plan: _Plan) -> CheckResult:
    faults = [t.id for t, link in plan.links if _lag(link) < 0]
    return _result("leads", len(faults), len(plan.links), plan.thresholds.leads, _unique(faults))


def _lags(plan: _Plan) -> CheckResult:
    faults = [t.id for t, link in plan.links if _lag(link) > 0]
    return _result("lags", len(faults), len(plan.links), plan.thresholds.lags, _unique(faults))


def _relationship_types(plan: _Plan) -> CheckResult:
    finish_to_start = sum(1 for _, link in plan.links if link.type is LinkType.FS)
    others = [t.id for t, link in plan.links if link.type is not LinkType.FS]
    return _result("relationship_types", finish_to_start, len(plan.links), plan.thresholds.relationship_types,
                   _unique(others))


def _hard_constraints(plan: _Plan) -> CheckResult:
    faults = [t.id for t in plan.open_tasks if t.constraint_type in HARD_CONSTRAINTS]
    return _result("hard_constraints", len(faults), len(plan.open_tasks), plan.thresholds.hard_constraints, faults)


def _floats(plan: _Plan) -> dict[str, float]:
    column = plan.column("total_float_days")
    return {t.id: float(column[t.id]) for t in plan.open_tasks if t.id in column and not pd.isna(column[t.id])}


def _high_float(plan: _Plan) -> CheckResult:
    floats = _floats(plan)
    faults = [tid for tid, value in floats.items() if value > plan.thresholds.high_float_days + 1e-9]
    return _result("high_float", len(faults), len(plan.open_tasks), plan.thresholds.high_float, faults)


def _negative_float(plan: _Plan) -> CheckResult:
    faults = [tid for tid, value in _floats(plan).items() if value < -1e-9]
    return _result("negative_float", len(faults), len(plan.open_tasks), plan.thresholds.negative_float, faults)


def _high_duration(plan: _Plan) -> CheckResult:
    tasks = [t for t in plan.open_tasks if not t.milestone]

    def duration(t: Task) -> float:
        return t.baseline_duration_days if t.baseline_duration_days is not None else t.duration_days

    faults = [t.id for t in tasks if duration(t) > plan.thresholds.high_duration_days + 1e-9]
    return _result("high_duration", len(faults), len(tasks), plan.thresholds.high_duration, faults)


def _invalid_dates(plan: _Plan) -> CheckResult:
    if plan.status_date is None:
        return _result("invalid_dates", 0, len(plan.leaves), plan.thresholds.invalid_dates, applicable=False)
    status = plan.status_date
    status_start = datetime.combine(status, time())
    starts, finishes = plan.column("start"), plan.column("finish")
    faults = []
    for t in plan.leaves:
        actual_after = any(d is not None and _as_date(d) > status for d in (t.actual_start, t.actual_finish))
        forecast_before = False
        if not is_complete(t) and t.id in finishes:
            finish = finishes[t.id]
            start = starts[t.id]
            if not pd.isna(finish) and finish < status_start:
                forecast_before = True
            if t.actual_start is None and not pd.isna(start) and start < status_start:
                forecast_before = True
        if actual_after or forecast_before:
            faults.append(t.id)
    return _result("invalid_dates", len(faults), len(plan.leaves), plan.thresholds.invalid_dates, faults)


def _resources(plan: _Plan) -> CheckResult:
    loaded = any(t.resources or (t.cost or 0) > 0 for t in plan.leaves)
    tasks = [t for t in plan.open_tasks if not t.milestone and t.duration_days > 0]
    faults = [t.id for t in tasks if not t.resources and not (t.cost or 0) > 0]
    return _result("resources", len(faults), len(tasks), plan.thresholds.resources, faults, applicable=loaded)


def _due_by_status(plan: _Plan) -> list[Task]:
    if plan.status_date is None:
        return []
    return [t for t in plan.leaves if t.baseline_finish is not None and _as_date(t.baseline_finish) <= plan.status_date]


def _missed_tasks(plan: _Plan) -> CheckResult:
    due = _due_by_status(plan)
    finishes = plan.column("finish")
    faults = []
    for t in due:
        finish = t.actual_finish
        if finish is None and t.id in finishes:
            finish = finishes[t.id]
        if finish is not None and not pd.isna(finish) and _as_date(finish) > _as_date(t.baseline_finish):
            faults.append(t.id)
    return _result("missed_tasks", len(faults), len(due), plan.thresholds.missed_tasks, faults,
                   applicable=plan.status_date is not None and bool(due))


def _bei(plan: _Plan) -> CheckResult:
    due = _due_by_status(plan)
    completed = [t for t in plan.leaves if is_complete(t)]
    faults = [t.id for t in due if not is_complete(t)]
    return _result("bei", len(completed), len(due), plan.thresholds.bei, faults,
                   applicable=plan.status_date is not None and bool(due))


def _critical_candidate(plan: _Plan) -> Task | None:
    critical, early_start = plan.column("critical"), plan.column("early_start")
    candidates = [t for t in plan.open_tasks
                  if not t.milestone and t.duration_days > 0 and t.id in critical and bool(critical[t.id])]
    if not candidates:
        return None
    not_started = [t for t in candidates if t.actual_start is None]
    pool = not_started or candidates
    return min(pool, key=lambda t: early_start[t.id])


def _critical_path_test(plan: _Plan, options: ScheduleOptions | None) -> tuple[CheckResult, str | None]:
    candidate = _critical_candidate(plan)
    if candidate is None:
        return _result("critical_path_test", 0, 0, plan.thresholds.critical_path_test, applicable=False), None
    delay = plan.thresholds.critical_path_delay_days
    variant = plan_variant(plan.data, (candidate.id,))
    variant.task(candidate.id).duration_days = candidate.duration_days + delay
    delayed = schedule([variant], status_date=plan.status_date, options=options)
    code = plan.data.project.code
    before, after = plan.result.project_finish[code], delayed.project_finish[code]
    if bool(plan.rows.at[candidate.id, "duration_elapsed"]):  # the delay is in calendar days
        moved = (after - before).total_seconds() / 86400
    else:
        calendar = plan.result.calendar(code, plan.rows.at[candidate.id, "calendar"])
        moved = calendar.working_minutes_between(before, after) / plan.data.project.minutes_per_day
    follows = abs(moved - delay) < 0.01
    return _result("critical_path_test", 0 if follows else 1, 1, plan.thresholds.critical_path_test,
                   () if follows else (candidate.id,)), candidate.id


def _baseline_finish(data: ProjectData) -> datetime | None:
    if data.project.baseline_finish is not None:
        return _day_end(_as_date(data.project.baseline_finish))
    finishes = [t.baseline_finish for t in data.tasks if t.baseline_finish is not None]
    return max(finishes) if finishes else None


def _cpli(plan: _Plan) -> CheckResult:
    baseline = _baseline_finish(plan.data)
    code = plan.data.project.code
    if plan.status_date is None or baseline is None:
        return _result("cpli", 0, 0, plan.thresholds.cpli, applicable=False)
    calendar = plan.result.calendar(code)
    minutes_per_day = plan.data.project.minutes_per_day
    forecast = plan.result.project_finish[code]
    status = datetime.combine(plan.status_date, time())
    length = calendar.working_minutes_between(status, forecast) / minutes_per_day
    slack = calendar.working_minutes_between(forecast, baseline) / minutes_per_day
    if length <= 0:
        return _result("cpli", 0, 0, plan.thresholds.cpli, applicable=False)
    flags = plan.column("critical")
    critical = [t.id for t in plan.open_tasks if t.id in flags and bool(flags[t.id])]
    index = (length + slack) / length
    return _result("cpli", round(length + slack, 6), round(length, 6), plan.thresholds.cpli,
                   critical if index < plan.thresholds.cpli else (), ratio=index)


def _unique(ids) -> list[str]:
    return list(dict.fromkeys(ids))


def assess_schedule(data: ProjectData, result: ScheduleResult | None = None, status_date: date | None = None,
                    thresholds: DcmaThresholds | None = None,
                    options: ScheduleOptions | None = None) -> ScheduleAssessment:
    """The fourteen DCMA checks of ``data`` at ``status_date`` (the project's own when not given).

    ``result`` is ``data``'s schedule at that status date with ``options``; it is computed when not given
    (raising :class:`pmo_xl.errors.CycleError` for a plan with a cycle).
    """
    status_date = _as_date(status_date if status_date is not None else data.project.status_date)
    thresholds = thresholds or DcmaThresholds()
    if result is None:
        result = schedule([data], status_date=status_date, options=options)
    plan = _Plan.of(data, result, status_date, thresholds)
    critical_path, delayed_task = _critical_path_test(plan, options)
    checks = (_logic(plan), _leads(plan), _lags(plan), _relationship_types(plan), _hard_constraints(plan),
              _high_float(plan), _negative_float(plan), _high_duration(plan), _invalid_dates(plan),
              _resources(plan), _missed_tasks(plan), critical_path, _cpli(plan), _bei(plan))
    return ScheduleAssessment(data.project.code, status_date, checks, delayed_task)


__all__ = ["CHECK_CODES", "COMPARISONS", "CONFIG_PREFIX", "CheckResult", "DcmaThresholds", "ScheduleAssessment", "assess_schedule",
           "is_complete", "quality_row", "schedule_quality", "thresholds_from_parameters",
           "with_parameter"]
