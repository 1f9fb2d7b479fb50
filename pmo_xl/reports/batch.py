"""A scheduled reporting cycle: consolidate the portfolio, then write the period's packs.

:func:`run_cycle` is what ``pmo-xl run`` (cron, Windows Task Scheduler)
calls.  It logs every step to a log file, goes on when a project workbook is
unreadable (the consolidation lists it in the errors table, which every pack
shows in its annex) and marks the cycle *fatal* only when the master
workbook cannot be consolidated or a pack cannot be written.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Sequence

from pmo_xl.errors import Location, PmoError, Problem, ProblemList
from pmo_xl.model.progress import STAGE_PACK, ProgressCallback, counter
from pmo_xl.model.enums import Committee
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import PackResult, write_pack
from pmo_xl.model.period import PeriodKind, ReportingPeriod

PACK_KIND_FOR_PERIOD = {PeriodKind.WEEK: PackKind.WEEKLY, PeriodKind.MONTH: PackKind.MONTHLY,
                        PeriodKind.QUARTER: PackKind.QUARTERLY}
DEFAULT_COMMITTEES = {PeriodKind.WEEK: (Committee.COPIL,), PeriodKind.MONTH: (Committee.COPIL, Committee.TECH),
                      PeriodKind.QUARTER: (Committee.COPIL,)}


@dataclass
class CycleResult:
    """What a cycle did: the snapshot, the packs written, the problems, whether it failed."""

    period: ReportingPeriod
    status_date: date | None
    out_dir: Path
    log_path: Path
    snapshot: PortfolioSnapshot | None = None
    consolidated: list[str] = field(default_factory=list)
    failed_workbooks: list[Path] = field(default_factory=list)
    packs: list[PackResult] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)
    fatal: bool = False
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 when the packs were written (even with unreadable project workbooks), 1 otherwise."""
        return 1 if self.fatal else 0


def _logger(log_path: Path) -> logging.Logger:
    logger = logging.getLogger(f"pmo_xl.batch.{log_path}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return logger


def _previous_snapshot(master: Path, period: ReportingPeriod, logger: logging.Logger) -> PortfolioSnapshot | None:
    """The stored snapshot of the previous period of the same kind, if one is stored and readable."""
    from pmo_xl.io.snapshot_store import previous_stored_snapshot, snapshots_folder

    try:
        return previous_stored_snapshot(snapshots_folder(master.parent), period)
    except PmoError as error:  # an unreadable snapshot only costs the flash its comparison
        logger.warning("previous snapshot not readable: %s", error)
        return None


def _period_snapshots(master: Path, period: ReportingPeriod, logger: logging.Logger) -> list[PortfolioSnapshot]:
    """The stored snapshots whose status date falls in ``period`` (the points of the quarter's trends)."""
    from pmo_xl.io.snapshot_store import read_stored_snapshot, snapshots_folder, stored_periods

    found = []
    for info in stored_periods(snapshots_folder(master.parent)):
        day = info.period.status_date
        if day is None or not period.start <= day <= period.end:
            continue
        try:
            found.append(read_stored_snapshot(info.folder))
        except PmoError as error:  # an unreadable snapshot only costs the trend one point
            logger.warning("stored snapshot not readable for the quarter's trends: %s", error)
    return found


def run_cycle(master: str | Path, period: ReportingPeriod, projects_dir: str | Path | None = None,
              out_dir: str | Path | None = None, committees: Sequence[Committee] | None = None,
              languages: Iterable[str] = ("fr",), pdf: bool = False,
              coproj_scopes: Iterable[str] = (), templates_dir: str | Path | None = None,
              log_path: str | Path | None = None, workers: int | None = None,
              on_progress: ProgressCallback | None = None) -> CycleResult:
    """Consolidate ``master`` from ``projects_dir`` then write the packs of ``period`` to ``out_dir``.

    ``committees`` defaults to COPIL and TECH for a month, COPIL for a week or
    a quarter; ``coproj_scopes`` adds one project-committee pack per project
    code or programme named.  ``period`` comes from the edge; an unsettled one
    gets its status date from the workbooks (see
    :meth:`~pmo_xl.model.period.ReportingPeriod.settled`).  Nothing raises:
    failures are in the result.  ``on_progress`` is told of the consolidation's steps and of each pack
    finished (stage ``pack``), see :mod:`pmo_xl.model.progress`.
    """
    from pmo_xl.service.consolidate import consolidate

    began = time.perf_counter()
    master = Path(master)
    out_dir = Path(out_dir) if out_dir else master.parent / "packs" / period.code
    out_dir.mkdir(parents=True, exist_ok=True)
    log_path = Path(log_path) if log_path else out_dir / f"pmo-xl_run_{period.code}_{datetime.now():%Y%m%d-%H%M%S}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    logger = _logger(log_path)
    result = CycleResult(period, period.status_date, out_dir, log_path)
    logger.info("cycle %s: master %s, projects %s, status date %s", period.code, master, projects_dir or "(Config)",
                period.status_date or "(from the workbooks)")
    try:
        try:
            consolidation = consolidate(master, projects_dir, period, workers=workers, on_progress=on_progress)
        except PmoError as error:
            result.fatal = True
            result.problems.append(Problem(f"consolidation failed: {error.message}", error.location, code="fatal"))
            result.problems.extend(error.problems)
            logger.error("consolidation failed: %s", error)
            for problem in error.problems:
                logger.error("  %s", problem)
            return result
        except Exception as error:  # a defect, not an input problem: the cycle stops, logged with its traceback
            result.fatal = True
            result.problems.append(Problem(f"consolidation failed unexpectedly: {type(error).__name__}: {error}",
                                           Location(file=str(master)), code="fatal"))
            logger.exception("consolidation failed unexpectedly")
            return result
        result.snapshot = consolidation
        result.period = period = consolidation.period
        result.status_date = consolidation.status_date
        result.consolidated = list(consolidation.consolidated)
        result.failed_workbooks = list(consolidation.failed)
        result.problems.extend(consolidation.problems)
        logger.info("consolidated %d project(s) into %s at %s", len(result.consolidated), master, result.status_date)
        for path in result.failed_workbooks:
            logger.warning("workbook not consolidated (listed in the packs' annex): %s", path)
        for problem in consolidation.problems:
            logger.log(logging.WARNING if problem.is_error else logging.INFO, "  %s", problem)

        previous = _previous_snapshot(master, period, logger)
        kind = PACK_KIND_FOR_PERIOD[period.kind]
        requests = [PackRequest(period, kind, committee, lang) for lang in languages
                    for committee in (committees or DEFAULT_COMMITTEES[period.kind])]
        if kind is PackKind.MONTHLY:
            requests += [PackRequest(period, kind, Committee.COPROJ, lang, project=scope)
                         for lang in languages for scope in coproj_scopes]
        names = [f"{request.committee.value} {request.kind.value} {request.lang}" + (
            f" {request.project}" if request.project else "") for request in requests]
        pack_done = counter(on_progress, STAGE_PACK, names)
        for index, (request, name) in enumerate(zip(requests, names)):
            _write_one_pack(result, request, name, out_dir, pdf, templates_dir, previous, master, logger)
            if pack_done is not None:
                pack_done(index)
        return result
    finally:
        result.seconds = time.perf_counter() - began
        logger.info("cycle %s %s in %.1f s", period.code, "FAILED" if result.fatal else "done", result.seconds)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()


def _write_one_pack(result: CycleResult, request: PackRequest, name: str, out_dir: Path, pdf: bool,
                    templates_dir, previous, master: Path, logger: logging.Logger) -> None:
    """Write one pack of the cycle into ``result``; a failure is logged and recorded, and the cycle goes on."""
    period = result.period
    kind = request.kind
    try:
        pack = write_pack(result.snapshot, request, out_dir, pdf=pdf, templates_dir=templates_dir,
                          previous=previous,
                          quarter_snapshots=(_period_snapshots(master, period, logger)
                                             if kind is PackKind.QUARTERLY else None))
    except PmoError as error:
        result.fatal = True
        result.problems.append(Problem(f"pack {name} not written: {error.message}", error.location, code="fatal"))
        logger.error("pack %s not written: %s", name, error)
        return
    except Exception as error:  # a defect: this pack is lost, the others are still written
        result.fatal = True
        result.problems.append(Problem(f"pack {name} not written: {type(error).__name__}: {error}",
                                       code="fatal"))
        logger.exception("pack %s not written", name)
        return
    result.packs.append(pack)
    result.problems.extend(pack.problems)
    logger.info("pack %s written: %s", name, ", ".join(p.name for p in pack.files))
    for pdf_name, pages in pack.pdf_pages.items():
        logger.info("  %s: %d pages", pdf_name, pages)
    for problem in pack.problems:
        logger.warning("  %s", problem)
