"""Validation of many project workbooks at once: files and folders in, one report per file out."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from pmo_xl.errors import Location, Problem, ProblemList

from .backups import BACKUP_FOLDER
from .isolation import Failure, failure_problem, run_isolated
from .network_checks import calendar_problems, cycle_problems, unknown_project_problems
from .project_folder import skipped_files
from .safe_read import DEFAULT_LIMITS, ReadLimits
from .workbook_reader import WorkbookReadResult, read_project_workbook


@dataclass
class FileReport:
    """The validation outcome of one workbook."""

    path: Path
    problems: ProblemList = field(default_factory=ProblemList)
    project_code: str | None = None
    result: WorkbookReadResult | None = field(default=None, repr=False, compare=False)

    @property
    def error_count(self) -> int:
        return len(self.problems.errors())

    @property
    def warning_count(self) -> int:
        return len(self.problems.warnings())

    @property
    def ok(self) -> bool:
        """True when the workbook has no error (warnings allowed)."""
        return self.error_count == 0

    @property
    def status(self) -> str:
        """``"ok"``, ``"warnings"`` or ``"errors"``."""
        if self.error_count:
            return "errors"
        return "warnings" if self.warning_count else "ok"

    def to_dict(self) -> dict:
        return {
            "path": str(self.path),
            "project_code": self.project_code,
            "status": self.status,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "problems": [problem.to_dict() for problem in self.problems],
        }


def is_lock_file(path: Path) -> bool:
    """True for files that are not workbooks of their own: Excel's ``~$name.xlsx`` owner
    files and the ``.~name-….xlsx`` temporary files of an atomic write in progress."""
    return path.name.startswith(("~$", ".~"))


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The workbooks named by ``paths``: files as given, folders as every ``*.xlsx`` inside (recursively).

    Lock and temporary files (see :func:`is_lock_file`) and the copies of a ``sauvegardes`` folder are
    skipped; a path that does not exist is kept
    so that its report says "file not found", and so is a special file named ``*.xlsx`` (a named pipe),
    whose report says it is not a regular file.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.xlsx")) if not p.is_dir() and not is_lock_file(p)
                         and BACKUP_FOLDER not in p.relative_to(path).parts[:-1])
        else:
            files.append(path)
    return files


def skipped_reports(paths: Iterable[str | os.PathLike]) -> list[FileReport]:
    """One report, with its warning, per file of the folders among ``paths`` that is not a workbook."""
    reports = []
    for path in map(Path, paths):
        if path.is_dir():
            reports.extend(FileReport(Path(p.location.file), ProblemList([p])) for p in skipped_files(path, True))
    return reports


def validate_files(files: list[Path], workers: int | None = None, limits: ReadLimits = DEFAULT_LIMITS,
                   on_done: Callable[[int], None] | None = None) -> list[FileReport]:
    """One :class:`FileReport` per file, each file read in an isolated worker process (see
    :func:`pmo_xl.io.isolation.run_isolated`): a file that crashes, hangs or eats memory is one problem."""
    workers = workers or os.cpu_count() or 1
    return run_isolated(partial(validate_file, limits=limits), files, partial(_failed_report, limits=limits),
                        workers=min(workers, max(len(files), 1)), timeout_seconds=limits.timeout_seconds,
                        memory_mb=limits.memory_mb, on_done=on_done)


def _failed_report(path: Path, failure: Failure, limits: ReadLimits) -> FileReport:
    return FileReport(path, ProblemList([failure_problem(path, failure, limits)]))


def validate_file(path: str | os.PathLike, limits: ReadLimits = DEFAULT_LIMITS) -> FileReport:
    """Read and validate one workbook; never raises on bad input."""
    path = Path(path)
    try:
        result = read_project_workbook(path, limits)
    except Exception as exc:  # a defect must not stop the batch: report it on this file
        problems = ProblemList([Problem("workbook could not be read", Location(file=str(path)),
                                        found=f"{type(exc).__name__}: {exc}", code="unreadable")])
        return FileReport(path, problems)
    code = result.data.project.code if result.data is not None else None
    if result.data is not None:
        result.problems.extend(cycle_problems(result.data, result.predecessor_cells))
        result.problems.extend(calendar_problems(result.data, result.calendar_sheet))
    return FileReport(path, result.problems, code, result)


def check_links_between(reports: list[FileReport]) -> None:
    """Add to each report an error for every link to a project that none of ``reports`` is."""
    known = {report.project_code for report in reports if report.project_code}
    for report in reports:
        if report.result is not None and report.result.data is not None:
            report.problems.extend(unknown_project_problems(report.result.data, known,
                                                            report.result.predecessor_cells))


def validate_paths(paths: Iterable[str | os.PathLike],
                   progress: Callable[[Path], None] | None = None) -> list[FileReport]:
    """One :class:`FileReport` per workbook named by ``paths`` (see :func:`expand_paths`), then one per
    other file of their folders (skipped); when a folder is given, a link to a project none of its
    workbooks is, is an error.

    ``progress`` is called with each file after it is validated.
    """
    paths = list(paths)
    files = expand_paths(paths)
    reports = validate_files(files, on_done=None if progress is None else lambda index: progress(files[index]))
    if any(Path(path).is_dir() for path in paths):
        check_links_between(reports)
    return reports + skipped_reports(paths)
