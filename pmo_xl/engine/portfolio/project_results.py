"""The engine's results for one consolidated project.

:func:`measure_project` measures one project on its own (earned value,
budget position) and :func:`project_deviations` explains its deviations with
corrective actions computed from its plan (:mod:`pmo_xl.engine.deviations`);
both run next to the reading of the workbook.  :func:`evaluate_project` adds
the milestone slips and the RAG assessment of the project scheduled with the
rest of the portfolio and keeps what the portfolio tables need in a
:class:`ProjectResult`.  An engine error on one project is recorded as a
located problem and the project keeps its schedule-based figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime

import numpy as np
import pandas as pd

from pmo_xl.engine.budget import BudgetPosition, RatesTable, budget_position
from pmo_xl.engine.cpm import ScheduleResult, schedule
from pmo_xl.engine.deviations import DeviationAlert, DeviationOptions, detect_deviations
from pmo_xl.engine.evm import EarnedValue, project_earned_value
from pmo_xl.engine.rag import RagAssessment, RagThresholds, assess_rag
from pmo_xl.errors import Location, PmoError, Problem, ProblemList, Severity
from pmo_xl.model import ProjectData

from .common import as_date


@dataclass
class ProjectResult:
    """One project of the portfolio with its schedule rows and engine figures."""

    data: ProjectData
    tasks: pd.DataFrame  # this project's rows of the portfolio schedule
    critical_path: list[str] = field(default_factory=list)
    ev: EarnedValue | None = None
    budget: BudgetPosition | None = None
    rag: RagAssessment | None = None
    milestone_slips: dict[str, float] = field(default_factory=dict)  # working days
    calendar: object = None  # the project's working calendar in the schedule (None when unknown)
    file_modified: datetime | None = None
    problems: ProblemList = field(default_factory=ProblemList)
    #: the engine's deviation alerts with computed corrective actions (None when not computed)
    deviations: list[DeviationAlert] | None = None

    @property
    def code(self) -> str:
        return self.data.project.code

    @cached_property
    def leaf_tasks(self) -> pd.DataFrame:
        """This project's schedule rows without summary tasks."""
        if self.tasks.empty:
            return self.tasks
        return self.tasks[~self.tasks["summary"].astype(bool)]


def milestone_slips_working_days(tasks: pd.DataFrame, calendar) -> dict[str, float]:
    """Slip of each milestone with a baseline, in working days of ``calendar`` (positive = late)."""
    if tasks.empty:
        return {}
    rows = tasks[tasks["milestone"].astype(bool) & tasks["baseline_finish"].notna() & tasks["finish"].notna()]
    if rows.empty:
        return {}
    baseline_days = rows["baseline_finish"].to_numpy().astype("datetime64[D]")
    forecast_days = rows["finish"].to_numpy().astype("datetime64[D]")
    if calendar is not None:
        slips = calendar.working_days_between_array(baseline_days, forecast_days)
    else:
        slips = (forecast_days - baseline_days).astype(float)
    return dict(zip(rows["id"].tolist(), (float(v) for v in slips)))


def working_days_slip(calendar, baseline, forecast) -> float:
    """Working days of ``calendar`` from ``baseline`` to ``forecast`` (positive = late; NaN when a date is missing).

    Every slip of the portfolio tables is in working days; without a
    calendar the Monday-to-Friday week is used.
    """
    if baseline is None or forecast is None or pd.isna(baseline) or pd.isna(forecast):
        return float("nan")
    start = np.datetime64(pd.Timestamp(baseline).date(), "D")
    end = np.datetime64(pd.Timestamp(forecast).date(), "D")
    if calendar is not None:
        return float(calendar.working_days_between_array(np.array([start]), np.array([end]))[0])
    return float(np.busday_count(start, end)) if end >= start else -float(np.busday_count(end, start))


def pick_critical_path(paths: list[list[str]], tasks: pd.DataFrame) -> list[str]:
    """The critical chain that ends last (the one that drives the project finish)."""
    if not paths:
        return []
    finish = dict(zip(tasks["id"], tasks["finish"])) if not tasks.empty else {}

    def end(path: list[str]):
        value = finish.get(path[-1])
        return pd.Timestamp.min if value is None or pd.isna(value) else value

    return max(paths, key=lambda p: (end(p), len(p)))


def measure_project(data: ProjectData, status_date: date, rates: RatesTable
                    ) -> tuple[EarnedValue | None, BudgetPosition | None, ProblemList]:
    """Earned value and budget position of one project (no schedule needed).

    The budget position is computed once and reused by the earned value.  An engine error is returned as a located warning instead of raised.
    """
    problems = ProblemList()
    where = Location(file=data.source)
    ev = budget = None

    def record(exc: Exception, what: str) -> None:
        message = exc.message if isinstance(exc, PmoError) else str(exc)
        location = exc.location if isinstance(exc, PmoError) and str(exc.location) else where
        problems.append(Problem(f"{what}: {message}", location, severity=Severity.WARNING, code="engine"))

    if data.budget:
        try:
            budget = budget_position(data.budget, rates, as_date(status_date))
        except (PmoError, ValueError) as exc:
            record(exc, "budget position not computed")
    try:
        ev = project_earned_value(data, status_date, rates, budget=budget)
        problems.extend(ev.problems)
    except (PmoError, ValueError, ZeroDivisionError) as exc:
        record(exc, "earned value not computed")
    return ev, budget, problems


#: How corrective actions are searched for in consolidation: at most three fast-tracks and three
#: crashes tried per project (the most promising), two kept per kind.
CONSOLIDATION_DEVIATION_OPTIONS = DeviationOptions(max_actions=2, max_candidates=3)


def project_deviations(data: ProjectData, status_date: date, rates: RatesTable, thresholds: RagThresholds,
                       ev: EarnedValue | None, budget: BudgetPosition | None,
                       options: DeviationOptions = CONSOLIDATION_DEVIATION_OPTIONS,
                       schedule_result: ScheduleResult | None = None, lang: str = "fr",
                       ) -> tuple[list[DeviationAlert] | None, ProblemList]:
    """The engine's deviation alerts of one project with corrective actions computed from its plan.

    The project is scheduled on its own (the what-ifs re-schedule it alone);
    the measured ``ev`` and ``budget`` are reused, and ``schedule_result`` when given (``data`` scheduled
    alone at ``status_date``).  Without an earned value
    (it could not be computed) no alert is returned (``None``); on any error
    neither, and the error is a located warning: the project's alerts then
    take the catalogue's actions.
    """
    problems = ProblemList()
    if ev is None:
        return None, problems
    try:
        report = detect_deviations(data, as_date(status_date), rates, thresholds, options,
                                   lang=lang, earned_value=ev, budget=budget, schedule_result=schedule_result)
    except Exception as exc:  # a defect in the search for actions must not stop the portfolio
        message = exc.message if isinstance(exc, PmoError) else f"{type(exc).__name__}: {exc}"
        problems.append(Problem(f"corrective actions not computed: {message}", Location(file=data.source),
                                severity=Severity.WARNING, code="engine"))
        return None, problems
    return report.alerts, problems


def own_schedule(data: ProjectData, status_date: date) -> ScheduleResult | None:
    """``data`` scheduled alone at ``status_date`` (its corrective actions and schedule quality are measured on
    it); None when it cannot be scheduled, the reason being reported by those who need it."""
    try:
        return schedule([data], status_date=as_date(status_date))
    except PmoError:
        return None


def evaluate_project(data: ProjectData, tasks: pd.DataFrame, status_date: date, thresholds: RagThresholds,
                     calendar=None, critical_paths: list[list[str]] | None = None,
                     file_modified: datetime | None = None, *, ev: EarnedValue | None = None,
                     budget: BudgetPosition | None = None, problems: ProblemList | None = None,
                     deviations: list[DeviationAlert] | None = None) -> ProjectResult:
    """Milestone slips and RAG of one scheduled project, with its measured earned value, budget and deviations."""
    result = ProjectResult(data, tasks, pick_critical_path(critical_paths or [], tasks),
                           ev=ev, budget=budget, file_modified=file_modified,
                           problems=ProblemList(problems or []), deviations=deviations)
    result.calendar = calendar
    result.milestone_slips = milestone_slips_working_days(tasks, calendar)
    try:
        result.rag = assess_rag(data, status_date, ev=result.ev, budget=result.budget,
                                milestone_slips=result.milestone_slips, thresholds=thresholds)
    except (PmoError, ValueError, KeyError) as exc:
        message = exc.message if isinstance(exc, PmoError) else str(exc)
        result.problems.append(Problem(f"RAG not assessed: {message}", Location(file=data.source),
                                       severity=Severity.WARNING, code="engine"))
    return result
