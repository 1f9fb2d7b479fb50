"""Portfolio consolidation: every project workbook into the master workbook.

:func:`consolidate` reads the master's Config and Gouvernance sheets, reads
every project workbook of the projects folder (in parallel across cores with
a process pool; workbooks are opened read-only and never written) and
measures each one next to its reading (budget position, earned value,
deviation alerts with corrective actions computed from its plan), schedules
all projects together so inter-project links propagate slips, rates each
project (RAG), builds the managed tables of a
:class:`~pmo_xl.portfolio.snapshot.PortfolioSnapshot` and rewrites only the
managed sheets of the master (backup first, atomic replace).  A workbook that
cannot be read is listed with its located problems in the Errors table and
consolidation goes on with the others.
"""

from __future__ import annotations

import copy
import gc
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pmo_xl.engine.budget import BudgetPosition, RatesTable
from pmo_xl.engine.calendar import moroccan_calendar
from pmo_xl.engine.deviations import DeviationAlert
from pmo_xl.engine.evm import EarnedValue
from pmo_xl.engine.rag import RagThresholds
from pmo_xl.engine.cpm import ScheduleResult, schedule
from pmo_xl.errors import ConfigError, Location, PmoError, Problem, ProblemList, Severity
from pmo_xl.i18n import problem_expected, problem_message
from pmo_xl.model import CalendarSpec, ProjectData
from pmo_xl.engine.governance.gates import condition_actions
from pmo_xl.service.governance_tables import calendar_meetings, changes_table, committees_table

from .alerts import alerts_table
from .budget_rollup import budget_monthly_table, budget_table
from .common import as_date
from .compliance import GovernanceCompliance, compliance_table
from .config import MasterInputs, read_master_inputs
from .governance import action_statistics, actions_table, decisions_table, owner_followup_table
from .kpi_history import merge_history, snapshot_rows
from .master_writer import write_master
from .overview import overview_table
from .project_results import ProjectResult, evaluate_project, measure_project, project_deviations
from .registers import issues_table, risk_heatmap_table, risks_table
from .resources import resources_table
from .schedule_tables import critical_path_table, dependencies_table, milestones_table
from .snapshot import TABLES_BY_KEY, PortfolioSnapshot, conform
from .summary import next_meetings, summary_table, summary_values

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SERIAL_READ_BELOW = 4  # fewer workbooks than this are read in-process
#: Fewest workers for which a process pool pays when workbooks are only read (no status date):
#: reading a workbook costs about as much as pickling its data in a worker and unpickling it here,
#: so two workers gain nothing (200 workbooks on 2 cores: 1.6-1.8 s in one process, 1.7-5 s pooled).
POOL_READ_ONLY_MIN_WORKERS = 3


@dataclass
class ReadOutcome:
    """One project workbook as read: its data (None if unusable), problems and file time.

    ``ev`` and ``budget`` are the earned value and budget position computed
    next to the reading (in the worker process) when a status date was given,
    ``deviations`` the engine's deviation alerts with their computed
    corrective actions.
    """

    path: Path
    data: ProjectData | None
    problems: ProblemList
    modified: datetime | None
    ev: EarnedValue | None = None
    budget: BudgetPosition | None = None
    engine_problems: ProblemList = field(default_factory=ProblemList)
    deviations: list[DeviationAlert] | None = None


@dataclass
class ConsolidationResult:
    """What a consolidation did: the snapshot written and where, and what failed."""

    master_path: Path
    snapshot: PortfolioSnapshot
    backup_path: Path | None
    files: list[Path]
    consolidated: list[str]
    failed: list[Path]
    problems: ProblemList = field(default_factory=ProblemList)
    timings: dict[str, float] = field(default_factory=dict)


def project_files(folder: Path, exclude: Path | None = None) -> list[Path]:
    """The project workbooks of ``folder`` (not recursive), sorted, without Excel lock files."""
    if not folder.is_dir():
        raise ConfigError("projects folder not found", Location(file=str(folder)))
    excluded = exclude.resolve() if exclude else None
    files = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or path.name.startswith(("~$", ".")):
            continue
        if excluded is not None and path.resolve() == excluded:
            continue
        files.append(path)
    return files


@contextmanager
def cyclic_collection_paused() -> Iterator[None]:
    """A block run with Python's cyclic garbage collector paused (then restored as it was).

    Consolidation builds a few hundred thousand objects that all live until
    the master is written (tasks, links, schedule rows, cells); each automatic
    collection would walk all of them again, which took about a third of the
    consolidation time.  Reference counting still frees everything else at
    once, so the memory used stays the same.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_one(path: Path, status_date: date | None = None, rates: RatesTable | None = None,
             holiday_overrides: dict[date, bool] | None = None,
             thresholds: RagThresholds | None = None) -> ReadOutcome:
    """Read one project workbook and, with a status date, measure it and compute its deviations (run in a worker)."""
    with cyclic_collection_paused():
        return _read_one(path, status_date, rates, holiday_overrides, thresholds)


def measure_outcome(outcome: ReadOutcome, status_date: date, rates: RatesTable,
                    thresholds: RagThresholds | None) -> None:
    """Fill ``outcome`` with the earned value, budget position and deviations of its project."""
    outcome.ev, outcome.budget, outcome.engine_problems = measure_project(outcome.data, status_date, rates)
    outcome.deviations, problems = project_deviations(outcome.data, status_date, rates,
                                                      thresholds or RagThresholds(), outcome.ev, outcome.budget)
    outcome.engine_problems.extend(problems)


def _read_one(path: Path, status_date: date | None, rates: RatesTable | None,
              holiday_overrides: dict[date, bool] | None, thresholds: RagThresholds | None) -> ReadOutcome:
    from pmo_xl.io.workbook_reader import read_project_workbook

    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        modified = None
    try:
        result = read_project_workbook(path)
    except Exception as exc:  # a reader defect must not stop the portfolio
        problems = ProblemList([Problem(f"workbook could not be read: {exc}", Location(file=str(path)),
                                        code="read_failed")])
        return ReadOutcome(path, None, problems, modified)
    outcome = ReadOutcome(path, result.data, ProblemList(result.problems), modified)
    if result.data is not None:
        if result.data.source is None:
            result.data.source = str(path)
        _apply_holiday_overrides(result.data, holiday_overrides or {})
        if status_date is not None:
            measure_outcome(outcome, status_date, rates or RatesTable.default(), thresholds)
    return outcome


def _warm_up(status_date: date | None, holiday_overrides: dict[date, bool] | None) -> None:
    """Load the reader and the holiday tables once, before worker processes are forked from this one."""
    import pmo_xl.io.workbook_reader  # noqa: F401

    if status_date is not None:
        moroccan_calendar(holiday_overrides).is_working_day(status_date)


def read_all(files: list[Path], workers: int | None = None, status_date: date | None = None,
             rates: RatesTable | None = None, holiday_overrides: dict[date, bool] | None = None,
             thresholds: RagThresholds | None = None) -> list[ReadOutcome]:
    """Read ``files``, in parallel with a process pool when it pays (results in the order of ``files``).

    With a status date each workbook's earned value is measured and its
    deviations explained (``thresholds``: the RAG bands) next to its
    reading, which costs more than the reading itself, so ``workers``
    processes share the work.  Without one, a pool is used from
    :data:`POOL_READ_ONLY_MIN_WORKERS` workers only; fewer workbooks than
    :data:`SERIAL_READ_BELOW` are always read in this process.
    """
    workers = workers or os.cpu_count() or 1
    task = partial(read_one, status_date=status_date, rates=rates, holiday_overrides=holiday_overrides,
                   thresholds=thresholds)
    in_process = (len(files) < SERIAL_READ_BELOW or workers <= 1
                  or (status_date is None and workers < POOL_READ_ONLY_MIN_WORKERS))
    with cyclic_collection_paused():  # receiving the workbooks' objects, see cyclic_collection_paused
        if in_process:
            return [task(p) for p in files]
        _warm_up(status_date, holiday_overrides)
        chunk = max(1, len(files) // (workers * 4))
        with ProcessPoolExecutor(max_workers=min(workers, len(files))) as pool:
            return list(pool.map(task, files, chunksize=chunk))


def _apply_holiday_overrides(data: ProjectData, overrides: dict[date, bool]) -> None:
    if not overrides:
        return
    if data.project.calendar not in data.calendars:
        data.calendars[data.project.calendar] = CalendarSpec(name=data.project.calendar)
    for spec in data.calendars.values():
        spec.holiday_overrides = {**spec.holiday_overrides, **overrides}


def schedule_portfolio(projects: list[ProjectData], status_date: date,
                       problems: ProblemList) -> tuple[ScheduleResult | None, list[ProjectData], dict]:
    """Schedule all projects together; on failure, one by one, dropping those that fail.

    Returns the combined result (None when nothing could be scheduled), the
    projects kept, and per-project results when the fallback was used.
    """
    try:
        return schedule(projects, status_date), projects, {}
    except PmoError as exc:
        problems.append(Problem(f"the portfolio could not be scheduled together ({exc.message}); "
                                "projects scheduled one by one, inter-project links ignored",
                                exc.location, severity=Severity.WARNING, code="schedule"))
    kept, separate = [], {}
    for data in projects:
        try:
            separate[data.project.code] = schedule(_without_external_links(data), status_date)
            kept.append(data)
        except PmoError as exc:
            problems.append(Problem(f"project {data.project.code} could not be scheduled: {exc.message}",
                                    exc.location if str(exc.location) else Location(file=data.source),
                                    code="schedule"))
    return None, kept, separate


def _without_external_links(data: ProjectData) -> ProjectData:
    clone = copy.deepcopy(data)
    clone.dependencies = []
    for task in clone.tasks:
        task.predecessors = [l for l in task.predecessors
                             if not l.predecessor_project or l.predecessor_project == clone.project.code]
    return clone


def errors_frame(problems: list[Problem]) -> pd.DataFrame:
    rows = [{
        "file": p.location.file, "sheet": p.location.sheet, "cell": p.location.cell,
        "row": p.location.row, "column": p.location.column, "severity": p.severity.value,
        "code": p.code, "message": problem_message(p, "fr"), "found": p.found,
        "expected": problem_expected(p, "fr") or None,
    } for p in problems]
    return conform(TABLES_BY_KEY["errors"], pd.DataFrame(rows))


def build_snapshot(outcomes: list[ReadOutcome], inputs: MasterInputs, status_date: date,
                   timings: dict[str, float] | None = None) -> tuple[PortfolioSnapshot, list[ProjectResult], ProblemList]:
    """The snapshot of the portfolio from read workbooks and the master's inputs (no file written)."""
    timings = timings if timings is not None else {}
    config = inputs.config
    problems = ProblemList(inputs.problems)
    reported = ProblemList(inputs.problems)
    projects: list[ProjectData] = []
    modified: dict[str, datetime | None] = {}
    seen: dict[str, Path] = {}
    measured: dict[str, ReadOutcome] = {}
    error_count = 0
    for outcome in outcomes:
        if outcome.data is None:
            error_count += 1
            reported.extend(outcome.problems or [Problem("workbook could not be read",
                                                         Location(file=str(outcome.path)))])
            continue
        code = outcome.data.project.code
        if code in seen:
            error_count += 1
            reported.append(Problem(f"project code {code} already read from {seen[code].name}; workbook ignored",
                                    Location(file=str(outcome.path), sheet="Projet"), found=code,
                                    expected="a project code unique in the portfolio", code="duplicate_project"))
            continue
        seen[code] = outcome.path
        reported.extend(p for p in outcome.problems if p.is_error)
        if outcome.ev is None and outcome.budget is None and not outcome.engine_problems:
            _apply_holiday_overrides(outcome.data, config.holiday_overrides)
            measure_outcome(outcome, status_date, config.rates, config.rag_thresholds)
        measured[code] = outcome
        projects.append(outcome.data)
        modified[code] = outcome.modified

    started = time.perf_counter()
    combined, kept, separate = schedule_portfolio(projects, status_date, reported)
    timings["schedule"] = time.perf_counter() - started
    dropped = {p.project.code for p in projects} - {p.project.code for p in kept}
    error_count += len(dropped)

    started = time.perf_counter()
    results: list[ProjectResult] = []
    task_groups = dict(tuple(combined.tasks.groupby("project", sort=False))) if combined is not None else {}
    for data in kept:
        code = data.project.code
        if combined is not None:
            tasks = task_groups.get(code, combined.tasks.iloc[0:0]).reset_index(drop=True)
            result_schedule = combined
        else:
            result_schedule = separate[code]
            tasks = result_schedule.tasks.reset_index(drop=True)
        try:
            calendar = result_schedule.calendar(code)
        except KeyError:
            calendar = None
        outcome = measured[code]
        result = evaluate_project(data, tasks, status_date, config.rag_thresholds, calendar,
                                  result_schedule.critical_paths.get(code, []), modified.get(code),
                                  ev=outcome.ev, budget=outcome.budget, problems=outcome.engine_problems,
                                  deviations=outcome.deviations)
        problems.extend(result.problems)
        reported.extend(p for p in result.problems if p.is_error)
        results.append(result)
    timings["evaluate"] = time.perf_counter() - started

    started = time.perf_counter()
    registers = inputs.registers
    gate_context = GovernanceCompliance(config.gate_definitions, registers.gates, registers.change_requests,
                                        inputs.previous_baselines)
    compliance, compliance_scores, quality_scores = compliance_table([r.data for r in results], status_date,
                                                                     config.stale_after_days, gate_context)
    overview = overview_table(results, status_date, config.stale_after_days, compliance_scores, quality_scores)
    slips = dict(zip(overview["project_code"], overview["slip_days"]))
    dependencies = dependencies_table(results, slips)
    portfolio_calendar = moroccan_calendar(config.holiday_overrides)
    resources = resources_table(results, portfolio_calendar, config.over_allocation_threshold)
    budget = budget_table(results, config.rates, reported)
    actions = actions_table(results, inputs.governance_actions, status_date, config.escalation_after_days,
                            condition_actions(registers.gates))
    decisions = decisions_table(results, inputs.governance_decisions, status_date, config.escalation_after_days)
    snapshot = PortfolioSnapshot(
        status_date=status_date,
        reporting_currency=config.reporting_currency,
        critical_risk_score=config.rag_thresholds.critical_risk_score,
        overview=overview,
        milestones=milestones_table(results),
        critical_path=critical_path_table(results),
        dependencies=dependencies,
        budget=budget,
        budget_monthly=budget_monthly_table(budget),
        resources=resources,
        risks=risks_table(results, config.rates, status_date),
        risk_heatmap=risk_heatmap_table(results),
        issues=issues_table(results, status_date),
        actions=actions,
        decisions=decisions,
        owner_followup=owner_followup_table(actions, decisions),
        committees=committees_table(config.committee_definitions, status_date, portfolio_calendar.is_working_day),
        changes=changes_table(registers.change_requests),
        compliance=compliance,
        alerts=alerts_table(results, overview, dependencies, resources, config.stale_after_days),
        errors=errors_frame(reported),
    )
    meetings = config.committees or calendar_meetings(config.committee_definitions, status_date,
                                                      portfolio_calendar.is_working_day)
    values = summary_values(snapshot, error_count) | next_meetings(meetings, status_date)
    snapshot.summary = summary_table(snapshot, values)
    stats = action_statistics(actions)
    current = snapshot_rows(overview, {"action_closure_rate": stats.closure_rate,
                                       "overdue_actions": float(stats.overdue),
                                       "bac": values["bac_total"], "eac": values["eac_total"]},
                            status_date, config.kpis, config.rag_thresholds)
    snapshot.kpi_history = merge_history(inputs.kpi_history, current, status_date)
    timings["aggregate"] = time.perf_counter() - started
    return snapshot, results, reported


def consolidate(master_path: str | os.PathLike, projects_dir: str | os.PathLike | None = None,
                status_date: date | None = None, *, workers: int | None = None,
                keep_backup: bool = True) -> ConsolidationResult:
    """Consolidate the project workbooks into the master workbook at ``master_path``.

    ``projects_dir`` defaults to the Config parameter ``projects_folder``
    (relative to the master's folder), then to ``projets/`` beside the
    master; ``status_date`` to the Config status date, then today.  Python's
    cyclic garbage collector is paused while it runs (see
    :func:`cyclic_collection_paused`).
    """
    with cyclic_collection_paused():
        return _consolidate(master_path, projects_dir, status_date, workers, keep_backup)


def _consolidate(master_path: str | os.PathLike, projects_dir: str | os.PathLike | None,
                 status_date: date | None, workers: int | None, keep_backup: bool) -> ConsolidationResult:
    timings: dict[str, float] = {}
    began = time.perf_counter()
    master = Path(master_path)
    inputs = read_master_inputs(master)
    config = inputs.config
    day = as_date(status_date) or config.status_date or date.today()
    folder = Path(projects_dir) if projects_dir is not None else (config.projects_folder or master.parent / "projets")
    files = project_files(folder, exclude=master)
    timings["master_inputs"] = time.perf_counter() - began

    started = time.perf_counter()
    outcomes = read_all(files, workers, day, config.rates, config.holiday_overrides, config.rag_thresholds)
    timings["read"] = time.perf_counter() - started

    snapshot, results, reported = build_snapshot(outcomes, inputs, day, timings)

    started = time.perf_counter()
    backup = write_master(master, snapshot, keep_backup=keep_backup)
    timings["write"] = time.perf_counter() - started
    timings["total"] = time.perf_counter() - began
    consolidated_codes = [r.code for r in results]
    kept_sources = {str(r.data.source) for r in results}
    failed = [o.path for o in outcomes if o.data is None or str(o.data.source) not in kept_sources]
    return ConsolidationResult(master, snapshot, backup, files, consolidated_codes, failed, reported, timings)
