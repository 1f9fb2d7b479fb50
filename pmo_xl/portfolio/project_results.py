"""The engine's results for one consolidated project.

:func:`evaluate_project` runs earned value, the budget position, milestone
slips and the RAG assessment of the engine on one project already scheduled
with the rest of the portfolio, and keeps what the portfolio tables need in a
:class:`ProjectResult`.  An engine error on one project is recorded as a
located problem and the project keeps its schedule-based figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pmo_xl.engine.budget import BudgetPosition, RatesTable, budget_position
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
    file_modified: datetime | None = None
    problems: ProblemList = field(default_factory=ProblemList)

    @property
    def code(self) -> str:
        return self.data.project.code

    @property
    def leaf_tasks(self) -> pd.DataFrame:
        if self.tasks.empty:
            return self.tasks
        return self.tasks[~self.tasks["summary"].astype(bool)]


def milestone_slips_working_days(tasks: pd.DataFrame, calendar) -> dict[str, float]:
    """Slip of each milestone with a baseline, in working days of ``calendar`` (positive = late)."""
    slips: dict[str, float] = {}
    if tasks.empty:
        return slips
    rows = tasks[tasks["milestone"].astype(bool) & tasks["baseline_finish"].notna() & tasks["finish"].notna()]
    for rec in rows.itertuples(index=False):
        baseline_day = rec.baseline_finish.date()
        forecast_day = rec.finish.date()
        if calendar is not None:
            slips[rec.id] = float(calendar.working_days_between(baseline_day, forecast_day))
        else:
            slips[rec.id] = float((forecast_day - baseline_day).days)
    return slips


def pick_critical_path(paths: list[list[str]], tasks: pd.DataFrame) -> list[str]:
    """The critical chain that ends last (the one that drives the project finish)."""
    if not paths:
        return []
    finish = dict(zip(tasks["id"], tasks["finish"])) if not tasks.empty else {}

    def end(path: list[str]):
        value = finish.get(path[-1])
        return pd.Timestamp.min if value is None or pd.isna(value) else value

    return max(paths, key=lambda p: (end(p), len(p)))


def evaluate_project(data: ProjectData, tasks: pd.DataFrame, status_date: date, rates: RatesTable,
                     thresholds: RagThresholds, calendar=None,
                     critical_paths: list[list[str]] | None = None,
                     file_modified: datetime | None = None) -> ProjectResult:
    """Earned value, budget position, milestone slips and RAG of one project."""
    result = ProjectResult(data, tasks, pick_critical_path(critical_paths or [], tasks),
                           file_modified=file_modified)
    where = Location(file=data.source)

    def record(exc: Exception, what: str) -> None:
        message = exc.message if isinstance(exc, PmoError) else str(exc)
        location = exc.location if isinstance(exc, PmoError) and str(exc.location) else where
        result.problems.append(Problem(f"{what}: {message}", location, severity=Severity.WARNING,
                                       code="engine"))

    result.milestone_slips = milestone_slips_working_days(tasks, calendar)
    try:
        result.ev = project_earned_value(data, status_date, rates)
        result.problems.extend(result.ev.problems)
    except (PmoError, ValueError, ZeroDivisionError) as exc:
        record(exc, "earned value not computed")
    if data.budget:
        try:
            result.budget = budget_position(data.budget, rates, as_date(status_date))
        except (PmoError, ValueError) as exc:
            record(exc, "budget position not computed")
    try:
        result.rag = assess_rag(data, status_date, ev=result.ev, budget=result.budget,
                                milestone_slips=result.milestone_slips, thresholds=thresholds)
    except (PmoError, ValueError, KeyError) as exc:
        record(exc, "RAG not assessed")
    return result
