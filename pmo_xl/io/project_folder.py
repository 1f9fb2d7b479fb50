"""What a projects folder holds besides the workbooks: the files left aside, each with its reason.

Consolidation and validation read the ``.xlsx`` (and ``.xlsm``) workbooks
of a folder.  Any other file a project manager put there (an old ``.xls``,
an ``.xlsb``, an ``.ods``, a ``.csv`` export) is not read, and is listed as
skipped with the reason, so that nobody wonders why a project is missing.
Excel's lock files (``~$…``), temporary files of an atomic write (``.~…``)
and hidden files are left aside silently.
"""

from __future__ import annotations

from pathlib import Path

from pmo_xl.errors import Location, Problem, Severity

#: File name endings read as project workbooks.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

#: What a file of each known non-workbook kind is, for the reason it is skipped.
OTHER_KINDS = {
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".xlsb": "an Excel binary workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".csv": "a CSV text file",
    ".xltx": "an Excel template (.xltx)",
}


def is_left_aside_silently(path: Path) -> bool:
    """Excel lock files, temporary files of an atomic write and hidden files."""
    return path.name.startswith(("~$", ".~", "."))


def skipped_file_problem(path: Path) -> Problem | None:
    """The warning for a file of a projects folder that is not read, or ``None`` for a workbook."""
    if is_left_aside_silently(path) or path.suffix.lower() in WORKBOOK_SUFFIXES or path.is_dir():
        return None
    kind = OTHER_KINDS.get(path.suffix.lower(), "not a workbook")
    return Problem("file skipped: not an .xlsx workbook", Location(file=str(path)), found=kind,
                   expected="an .xlsx workbook (saved from Excel as .xlsx)", severity=Severity.WARNING,
                   code="skipped_file")


def skipped_files(folder: Path, recursive: bool = False) -> list[Problem]:
    """The warnings for every file of ``folder`` (and its subfolders when ``recursive``) left unread."""
    try:
        entries = sorted(folder.rglob("*") if recursive else folder.iterdir())
    except OSError:
        return []
    problems = []
    for path in entries:
        if recursive and any(part.startswith(".") for part in path.relative_to(folder).parts[:-1]):
            continue
        problem = skipped_file_problem(path)
        if problem is not None:
            problems.append(problem)
    return problems
