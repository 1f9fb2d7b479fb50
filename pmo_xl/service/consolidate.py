"""Portfolio consolidation: every project workbook of one reporting period into one snapshot.

:func:`consolidate` is the one way the portfolio's numbers are made.  It
reads the master's Config and Gouvernance sheets, reads every project
workbook of the projects folder (in parallel across cores with a process
pool; workbooks are opened read-only and never written), settles the
period's status date from the workbooks' declared dates when the edge gave
none, measures each project (budget position, earned value, deviation alerts
with corrective actions computed from its plan), schedules all projects
together so inter-project links propagate slips, rates each project (RAG)
through the data-integrity gate, builds the managed tables of a
:class:`~pmo_xl.model.portfolio.PortfolioSnapshot`, rewrites the managed
sheets of the master (backup first, atomic replace) and stores the snapshot
as Parquet beside it.  A workbook that cannot be read is listed with its
located problems in the Errors table and consolidation goes on with the
others.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import os
import time
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass, field
from typing import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pmo_xl import __version__
from pmo_xl.io.master.language import master_language
from pmo_xl.reports.snapshot_words import master_view
from pmo_xl.engine.budget import BudgetPosition, RatesTable
from pmo_xl.engine.calendar import moroccan_calendar
from pmo_xl.engine.cpm import ScheduleResult, schedule
from pmo_xl.engine.dcma import DcmaThresholds, ScheduleAssessment
from pmo_xl.engine.deviations import DeviationAlert
from pmo_xl.engine.evm import EarnedValue
from pmo_xl.engine.rag import RagThresholds
from pmo_xl.errors import ConfigError, Location, PmoError, Problem, ProblemList, Severity
from pmo_xl.i18n import problem_expected, problem_message
from pmo_xl.io.isolation import Failure, failure_problem, run_isolated
from pmo_xl.io.locking import DEFAULT_WAIT_SECONDS, clean_stale_temp_files, master_lock
from pmo_xl.io.project_folder import skipped_files
from pmo_xl.io.safe_read import DEFAULT_LIMITS, ReadLimits, file_problem
from pmo_xl.model.progress import STAGE_READ, STAGE_WRITE, ProgressCallback, ProgressStep, counter
from pmo_xl.model import CalendarSpec, ProjectData
from pmo_xl.engine.governance.gates import condition_actions
from pmo_xl.service.governance_tables import calendar_meetings, changes_table, committees_table

from pmo_xl.engine.portfolio.alerts import alerts_table
from pmo_xl.engine.portfolio.budget_rollup import budget_monthly_table, budget_table
from pmo_xl.engine.portfolio.common import as_date
from pmo_xl.engine.portfolio.committee_tables import committee_tables, decision_case_problems
from pmo_xl.engine.portfolio.compliance import GovernanceCompliance, compliance_table
from pmo_xl.io.master.config import MasterConfig, MasterInputs, read_master_inputs
from pmo_xl.engine.portfolio.integrity import DataIntegrity, data_integrity
from pmo_xl.engine.portfolio.governance import action_statistics, actions_table, decisions_table, owner_followup_table
from pmo_xl.engine.portfolio.kpi_history import merge_history, snapshot_rows
from pmo_xl.engine.portfolio.overview import overview_table
from pmo_xl.engine.portfolio.project_results import (
    ProjectResult, evaluate_project, measure_project, own_schedule, project_deviations,
)
from pmo_xl.engine.portfolio.schedule_quality import project_quality, schedule_quality_map_table, schedule_quality_table
from pmo_xl.engine.portfolio.schedule_risk import project_risk_row, schedule_risk_table
from pmo_xl.engine.risk import RiskOptions
from pmo_xl.engine.portfolio.registers import issues_table, risk_heatmap_table, risks_table
from pmo_xl.engine.portfolio.resources import resources_table
from pmo_xl.engine.portfolio.schedule_tables import critical_path_table, dependencies_table, milestones_table
from pmo_xl.engine.portfolio.summary import next_meetings, summary_table, summary_values
from pmo_xl.io.master.writer import write_master
from pmo_xl.io.snapshot_query import stored_kpi_history
from pmo_xl.io.snapshot_store import period_folder, snapshots_folder, stage_snapshot
from pmo_xl.model.period import ReportingPeriod, reporting_period_for
from pmo_xl.model.portfolio import TABLES_BY_KEY, ConsolidationRun, PortfolioSnapshot, SourceFile, conform

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Writes the managed sheets of a consolidated snapshot into the master (the ribbon's open workbook).
MasterSheetsWriter = Callable[[PortfolioSnapshot], object]


@dataclass
class ReadOutcome:
    """One project workbook as read: its data (None if unusable), problems and file time.

    ``ev`` and ``budget`` are the earned value and budget position computed
    next to the reading (in the worker process) when a status date was given,
    ``deviations`` the engine's deviation alerts with their computed
    corrective actions, ``quality`` its DCMA schedule assessment, ``risk``
    its Monte Carlo schedule risk row.
    """

    path: Path
    data: ProjectData | None
    problems: ProblemList
    modified: datetime | None
    ev: EarnedValue | None = None
    budget: BudgetPosition | None = None
    engine_problems: ProblemList = field(default_factory=ProblemList)
    deviations: list[DeviationAlert] | None = None
    sha256: str | None = None
    quality: ScheduleAssessment | None = None
    risk: dict | None = None


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
             thresholds: RagThresholds | None = None, limits: ReadLimits = DEFAULT_LIMITS,
             dcma: DcmaThresholds | None = None, risk: RiskOptions | None = None, lang: str = "fr") -> ReadOutcome:
    """Read one project workbook and, with a status date, measure it, compute its deviations (worded in
    ``lang``) and assess its schedule quality and risk (run in a worker)."""
    with cyclic_collection_paused():
        return _read_one(path, status_date, rates, holiday_overrides, thresholds, limits, dcma, risk, lang)


def measure_outcome(outcome: ReadOutcome, status_date: date, rates: RatesTable,
                    thresholds: RagThresholds | None, dcma: DcmaThresholds | None = None,
                    risk: RiskOptions | None = None, lang: str = "fr") -> None:
    """Fill ``outcome`` with the earned value, budget position, deviations, schedule quality and schedule risk
    of its project.

    The project is scheduled on its own once; its corrective actions, its DCMA checks and its Monte Carlo
    analysis all use that schedule.
    """
    outcome.ev, outcome.budget, outcome.engine_problems = measure_project(outcome.data, status_date, rates)
    alone = own_schedule(outcome.data, status_date)
    outcome.deviations, problems = project_deviations(outcome.data, status_date, rates,
                                                      thresholds or RagThresholds(), outcome.ev, outcome.budget,
                                                      schedule_result=alone, lang=lang)
    outcome.engine_problems.extend(problems)
    outcome.quality, problems = project_quality(outcome.data, status_date, dcma, alone)
    outcome.engine_problems.extend(problems)
    outcome.risk, problems = project_risk_row(outcome.data, status_date, risk, alone)
    outcome.engine_problems.extend(problems)


def _read_one(path: Path, status_date: date | None, rates: RatesTable | None,
              holiday_overrides: dict[date, bool] | None, thresholds: RagThresholds | None,
              limits: ReadLimits = DEFAULT_LIMITS, dcma: DcmaThresholds | None = None,
              risk: RiskOptions | None = None, lang: str = "fr") -> ReadOutcome:
    from pmo_xl.io.workbook_reader import read_project_workbook

    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        modified = None
    digest = file_sha256(path)
    try:
        result = read_project_workbook(path, limits)
    except Exception as exc:  # a reader defect must not stop the portfolio
        problems = ProblemList([Problem(f"workbook could not be read: {exc}", Location(file=str(path)),
                                        code="read_failed")])
        return ReadOutcome(path, None, problems, modified, sha256=digest)
    outcome = ReadOutcome(path, result.data, ProblemList(result.problems), modified, sha256=digest)
    if result.data is not None:
        if result.data.source is None:
            result.data.source = str(path)
        _apply_holiday_overrides(result.data, holiday_overrides or {})
        if status_date is not None:
            measure_outcome(outcome, status_date, rates or RatesTable.default(), thresholds, dcma, risk, lang)
    return outcome


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of the file's bytes (hex); None when it is not a regular file or cannot be read.

    A named pipe or a device is never opened: opening one could block the read forever.
    """
    if file_problem(path) is not None:
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _warm_up(status_date: date | None, holiday_overrides: dict[date, bool] | None) -> None:
    """Load the reader and the holiday tables once, before worker processes are forked from this one."""
    import pmo_xl.io.workbook_reader  # noqa: F401

    if status_date is not None:
        moroccan_calendar(holiday_overrides).is_working_day(status_date)


def read_all(files: list[Path], workers: int | None = None, status_date: date | None = None,
             rates: RatesTable | None = None, holiday_overrides: dict[date, bool] | None = None,
             thresholds: RagThresholds | None = None, limits: ReadLimits = DEFAULT_LIMITS,
             dcma: DcmaThresholds | None = None, risk: RiskOptions | None = None,
             on_progress: ProgressCallback | None = None, lang: str = "fr") -> list[ReadOutcome]:
    """Read ``files``, each in an isolated worker process, ``workers`` at once (results in the order of ``files``).

    With a status date each workbook's earned value is measured and its
    deviations explained (``thresholds``: the RAG bands) and its schedule
    quality assessed (``dcma``: the DCMA thresholds) and its schedule risk
    analysed (``risk``: the Monte Carlo options) next to its reading.  A workbook whose read fails in any way, overruns
    ``limits.timeout_seconds`` or ``limits.memory_mb``, is one located
    problem (see :func:`pmo_xl.io.isolation.run_isolated`).  ``on_progress`` is told of each
    workbook as it is finished (stage ``read``, the file's name).
    """
    workers = workers or os.cpu_count() or 1
    task = partial(read_one, status_date=status_date, rates=rates, holiday_overrides=holiday_overrides,
                   thresholds=thresholds, limits=limits, dcma=dcma, risk=risk, lang=lang)
    with cyclic_collection_paused():  # receiving the workbooks' objects, see cyclic_collection_paused
        _warm_up(status_date, holiday_overrides)
        return run_isolated(task, files, partial(_failed_read, limits=limits), workers=workers,
                            timeout_seconds=limits.timeout_seconds, memory_mb=limits.memory_mb,
                            on_done=counter(on_progress, STAGE_READ, [path.name for path in files]))


def _failed_read(path: Path, failure: Failure, limits: ReadLimits) -> ReadOutcome:
    """The outcome of a workbook whose isolated read gave nothing: its one located problem."""
    return ReadOutcome(path, None, ProblemList([failure_problem(path, failure, limits)]), None)


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
    if not projects:
        return None, [], {}
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


def build_snapshot(outcomes: list[ReadOutcome], inputs: MasterInputs, period: ReportingPeriod,
                   timings: dict[str, float] | None = None, history: pd.DataFrame | None = None,
                   ) -> tuple[PortfolioSnapshot, list[ProjectResult], ProblemList]:
    """The snapshot of the portfolio from read workbooks and the master's inputs (no file written).

    ``period`` must be settled (see :meth:`ReportingPeriod.settled`);
    ``history`` holds the KPI rows of the other stored periods, to which this
    period's rows are added (see :mod:`pmo_xl.io.snapshot_query`).
    """
    timings = timings if timings is not None else {}
    status_date = period.status_date
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
                                    Location(file=str(outcome.path), sheet=outcome.data.sheets.get("project", "Projet")), found=code,
                                    expected="a project code unique in the portfolio", code="duplicate_project"))
            continue
        seen[code] = outcome.path
        reported.extend(p for p in outcome.problems if p.is_error or p.code == "old_template")
        if outcome.ev is None and outcome.budget is None and not outcome.engine_problems:
            _apply_holiday_overrides(outcome.data, config.holiday_overrides)
            measure_outcome(outcome, status_date, config.rates, config.rag_thresholds, config.dcma_thresholds,
                            config.risk_options, config.language)
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
    reported.extend(decision_case_problems([r.data for r in results]))
    timings["evaluate"] = time.perf_counter() - started

    started = time.perf_counter()
    registers = inputs.registers
    gate_context = GovernanceCompliance(config.gate_definitions, registers.gates, registers.change_requests,
                                        inputs.previous_baselines)
    compliance, compliance_scores, _ = compliance_table([r.data for r in results], status_date,
                                                        config.stale_after_days, gate_context)
    integrity = project_integrity(results, measured, reported)
    overview = overview_table(results, status_date, config.stale_after_days, compliance_scores, integrity,
                              config.data_quality_threshold)
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
        period=period,
        tool_version=__version__,
        kpi_catalogue=tuple(config.kpis.values()),
        rag_thresholds=config.rag_thresholds,
        language=master_language(config.language),
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
        alerts=alerts_table(results, overview, dependencies, resources, config.stale_after_days, config.language),
        errors=errors_frame(reported),
    )
    add_schedule_quality_and_risk(snapshot, results, measured)
    for key, frame in committee_tables([r.data for r in results], budget, config.rates, status_date,
                                       config.fiscal_year_start_month, resources,
                                       config.over_allocation_threshold).items():
        setattr(snapshot, key, frame)
    meetings = config.committees or calendar_meetings(config.committee_definitions, status_date,
                                                      portfolio_calendar.is_working_day)
    values = summary_values(snapshot, error_count) | next_meetings(meetings, status_date)
    snapshot.summary = summary_table(snapshot, values)
    stats = action_statistics(actions)
    current = snapshot_rows(overview, {"action_closure_rate": stats.closure_rate,
                                       "overdue_actions": float(stats.overdue),
                                       "bac_total": values["bac_total"], "eac_total": values["eac_total"]},
                            period, config.kpis, config.rag_thresholds)
    snapshot.kpi_history = merge_history(history, current, period)
    snapshot.sources = source_files(outcomes, {r.code for r in results})
    snapshot.problems = reported
    timings["aggregate"] = time.perf_counter() - started
    return snapshot, results, reported


def add_schedule_quality_and_risk(snapshot: PortfolioSnapshot, results: list[ProjectResult],
                                  measured: dict[str, ReadOutcome]) -> None:
    """The schedule-quality, heat-map and schedule-risk tables of ``snapshot``, from what each project's read
    measured (its DCMA assessment and its Monte Carlo row)."""
    assessments = [measured[r.code].quality for r in results if measured[r.code].quality is not None]
    snapshot.schedule_quality = schedule_quality_table(assessments)
    snapshot.schedule_quality_map = schedule_quality_map_table(assessments, {r.code: r.data.project.name
                                                                             for r in results})
    snapshot.schedule_risk = schedule_risk_table([measured[r.code].risk for r in results if measured[r.code].risk])


def project_integrity(results: list[ProjectResult], measured: dict[str, ReadOutcome],
                      reported: ProblemList) -> dict[str, DataIntegrity]:
    """Each project's data integrity from the error problems reported against its workbook (the Erreurs rows)."""
    by_file: dict[str, list[Problem]] = {}
    for problem in reported:
        if problem.is_error and problem.location.file:
            by_file.setdefault(str(problem.location.file), []).append(problem)
    integrity = {}
    for result in results:
        outcome = measured[result.code]
        files = {str(outcome.path), str(result.data.source)}
        problems = [p for name in files for p in by_file.get(name, [])]
        integrity[result.code] = data_integrity(result.data, problems)
    return integrity


def source_files(outcomes: list[ReadOutcome], consolidated: set[str]) -> tuple[SourceFile, ...]:
    """The workbooks read, each with its hash and whether its project was consolidated."""
    sources = []
    for outcome in outcomes:
        code = outcome.data.project.code if outcome.data is not None else None
        declared = outcome.data.project.status_date if outcome.data is not None else None
        kept = code in consolidated and outcome.data is not None
        sources.append(SourceFile(str(outcome.path), outcome.sha256, outcome.modified, code, as_date(declared),
                                  "consolidated" if kept else "rejected"))
    return tuple(sources)


def reporting_period_of(period: ReportingPeriod | None, config: MasterConfig) -> ReportingPeriod | None:
    """The period to consolidate: the one given, else the Config's; the Config status date when it falls in it.

    None when neither the caller nor Config names a period: the month of the
    latest status date the workbooks declare is then taken.
    """
    if period is None and config.period is not None:
        period = ReportingPeriod.of(config.period)
    if period is None:
        return reporting_period_for(config.status_date) if config.status_date is not None else None
    if not period.is_settled and config.status_date is not None and period.contains(config.status_date):
        return ReportingPeriod.of(period, config.status_date)
    return period


def settle_period(period: ReportingPeriod | None, outcomes: list[ReadOutcome], master: Path) -> ReportingPeriod:
    """``period`` with its status date settled from the workbooks' declared status dates."""
    declared = [as_date(o.data.project.status_date) for o in outcomes if o.data is not None]
    if period is not None:
        return period.settled(declared)
    latest = max((d for d in declared if d is not None), default=None)
    if latest is None:
        raise ConfigError("no reporting period: give --period, or a status date in Config or in the project workbooks",
                          Location(file=str(master), sheet="Config"))
    return reporting_period_for(latest)


def consolidate(master_path: str | os.PathLike, projects_dir: str | os.PathLike | None = None,
                period: ReportingPeriod | None = None, *, workers: int | None = None,
                keep_backup: bool = True, write_sheets: MasterSheetsWriter | None = None,
                snapshot_root: str | os.PathLike | None = None, lock_wait_seconds: float = DEFAULT_WAIT_SECONDS,
                on_lock_wait: Callable[[str], None] | None = None,
                master_file: str | os.PathLike | None = None,
                on_progress: ProgressCallback | None = None) -> PortfolioSnapshot:
    """Consolidate the project workbooks of the master at ``master_path`` into one snapshot.

    The one way the portfolio's numbers are made: the command line, the
    batch, the demo and the ribbon all call it.  ``projects_dir`` defaults
    to the Config parameter ``projects_folder`` (relative to the master's
    folder), then to ``projets/`` beside the master.  ``period`` is the
    reporting period built at the edge; without one, the Config period (or
    status date) is used, else the month of the latest status date the
    workbooks declare.  An unsettled period gets the status date of
    :meth:`ReportingPeriod.settled`.

    The managed sheets of the master are rewritten by
    :func:`~pmo_xl.io.master.writer.write_master` (backup first, atomic
    replace), or by ``write_sheets`` (the ribbon's writer into the open
    workbook).  The snapshot is stored as Parquet under ``snapshot_root``
    (default ``instantanes/`` beside the master), replacing the period's
    previous one only once the master is written; the KPI history is this
    period's rows plus those of the other stored periods.  Python's cyclic
    garbage collector is paused while it runs (see
    :func:`cyclic_collection_paused`).  The whole run holds the master's lock
    (a second run waits up to ``lock_wait_seconds``, telling ``on_lock_wait``
    who holds it, see :func:`pmo_xl.io.locking.master_lock`) and starts by
    removing what killed runs left behind.  ``master_file`` is the master's
    own file when ``master_path`` is a copy of its content (the ribbon reads a
    saved copy of the workbook open in Excel): the lock held and the leftovers
    removed are then that file's, so that the ribbon and the batch exclude
    each other.  ``on_progress`` is told of each workbook read (stage ``read``) and of the master written
    (stage ``write``), see :mod:`pmo_xl.model.progress`.
    """
    guarded = Path(master_file) if master_file is not None else Path(master_path)
    with cyclic_collection_paused(), master_lock(guarded, lock_wait_seconds, on_lock_wait):
        clean_stale_temp_files(guarded)
        return _consolidate(Path(master_path), projects_dir, period, workers, keep_backup, write_sheets,
                            Path(snapshot_root) if snapshot_root is not None else None, on_progress)


def _consolidate(master: Path, projects_dir: str | os.PathLike | None, period: ReportingPeriod | None,
                 workers: int | None, keep_backup: bool, write_sheets: MasterSheetsWriter | None,
                 snapshot_root: Path | None, on_progress: ProgressCallback | None = None) -> PortfolioSnapshot:
    timings: dict[str, float] = {}
    began = time.perf_counter()
    inputs = read_master_inputs(master)
    config = inputs.config
    period = reporting_period_of(period, config)
    folder = Path(projects_dir) if projects_dir is not None else (config.projects_folder or master.parent / "projets")
    files = project_files(folder, exclude=master)
    root = Path(snapshot_root) if snapshot_root is not None else snapshots_folder(master.parent)
    inputs.problems.extend(skipped_files(folder))
    timings["master_inputs"] = time.perf_counter() - began

    started = time.perf_counter()
    day = period.status_date if period is not None else None
    outcomes = read_all(files, workers, day, config.rates, config.holiday_overrides, config.rag_thresholds,
                        config.read_limits, config.dcma_thresholds, config.risk_options, on_progress,
                        config.language)
    period = settle_period(period, outcomes, master)
    timings["read"] = time.perf_counter() - started

    history = stored_kpi_history(root, exclude_period=period.code)
    snapshot, _, _ = build_snapshot(outcomes, inputs, period, timings, history)
    snapshot.run = ConsolidationRun(master_path=master, snapshot_folder=period_folder(root, period.code),
                                    timings=timings)

    started = time.perf_counter()
    current_kpis = snapshot.kpi_history[snapshot.kpi_history["period"] == period.code]
    staged = stage_snapshot(snapshot, current_kpis, root)
    try:
        shown = master_view(snapshot)
        if write_sheets is None:
            snapshot.run.backup_path = write_master(master, shown, keep_backup=keep_backup)
        else:
            write_sheets(shown)
    except BaseException:
        staged.discard()
        raise
    staged.commit()
    if on_progress is not None:
        on_progress(ProgressStep(STAGE_WRITE, 1, 1, master.name))
    timings["write"] = time.perf_counter() - started
    timings["total"] = time.perf_counter() - began
    return snapshot
