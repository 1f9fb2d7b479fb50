"""The exception family and the located problem record shared by every layer.

A *problem* is one thing wrong with an input, located as precisely as the
source allows (file, sheet, cell or row, column).  Readers collect problems in
a list so that a batch can report them all at once; code that must stop raises
a :class:`PmoError` carrying the same location.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable, Iterator


class Severity(str, Enum):
    """How bad a problem is: an error rejects the row or file, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where a problem sits: any field may be unknown (``None``)."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # e.g. "D12"
    row: int | None = None  # 1-based row number as Excel shows it
    column: str | None = None  # column header as found in the file

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell:
            parts.append(f"cell {self.cell}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.column and not self.cell:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One located problem found in an input."""

    message: str
    location: Location = field(default_factory=Location)
    found: str | None = None
    expected: str | None = None
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if str(self.location) else self.message
        if self.found is not None:
            text += f" (found {self.found!r}"
            text += f", expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class ProblemList(list):
    """A list of :class:`Problem` with helpers for batches."""

    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self)

    def __iter__(self) -> Iterator[Problem]:  # typing only
        return super().__iter__()


class PmoError(Exception):
    """Base of every error pmo-xl raises on purpose; carries its location."""

    def __init__(self, message: str, location: Location | None = None,
                 problems: Iterable[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.problems = ProblemList(problems or [])

    def __str__(self) -> str:
        loc = str(self.location)
        return f"{loc}: {self.message}" if loc else self.message


class InputError(PmoError):
    """An input file, sheet, row or cell cannot be used."""


class ScheduleError(PmoError):
    """The plan cannot be scheduled (for example a dependency cycle)."""


class CycleError(ScheduleError):
    """The links form a cycle; ``tasks`` names the tasks in the cycle, in order."""

    def __init__(self, tasks: list[str], location: Location | None = None):
        self.tasks = list(tasks)
        super().__init__(
            "dependency cycle between tasks " + " -> ".join(self.tasks + self.tasks[:1]),
            location,
        )


class ConfigError(PmoError):
    """The master workbook configuration is missing or wrong."""


class OutputError(PmoError):
    """An output could not be written."""


class MissingToolError(InputError, OutputError):
    """A program the command needs is not installed or cannot start (LibreOffice, a Java runtime)."""
