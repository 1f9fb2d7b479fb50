"""Validation of many project workbooks at once: files and folders in, one report per file out."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from pmo_xl.errors import Location, Problem, ProblemList

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

    Lock and temporary files (see :func:`is_lock_file`) are skipped; a path that does not exist is kept
    so that its report says "file not found".
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.xlsx")) if p.is_file() and not is_lock_file(p))
        else:
            files.append(path)
    return files


def validate_file(path: str | os.PathLike) -> FileReport:
    """Read and validate one workbook; never raises on bad input."""
    path = Path(path)
    try:
        result = read_project_workbook(path)
    except Exception as exc:  # a defect must not stop the batch: report it on this file
        problems = ProblemList([Problem("workbook could not be read", Location(file=str(path)),
                                        found=f"{type(exc).__name__}: {exc}", code="unreadable")])
        return FileReport(path, problems)
    code = result.data.project.code if result.data is not None else None
    return FileReport(path, result.problems, code, result)


def validate_paths(paths: Iterable[str | os.PathLike],
                   progress: Callable[[Path], None] | None = None) -> list[FileReport]:
    """One :class:`FileReport` per workbook named by ``paths`` (see :func:`expand_paths`).

    ``progress`` is called with each file after it is validated.
    """
    reports: list[FileReport] = []
    for path in expand_paths(paths):
        reports.append(validate_file(path))
        if progress is not None:
            progress(path)
    return reports
