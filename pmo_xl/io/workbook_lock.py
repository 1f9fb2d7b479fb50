"""Whether a project workbook is open in another program (its copies before a change: :mod:`pmo_xl.io.backups`)."""

from __future__ import annotations

from pathlib import Path

from pmo_xl.errors import Location, PmoError, Problem


class WorkbookLockedError(PmoError):
    """The workbook is open in Excel or LibreOffice: its lock file is beside it."""


def lock_files(path: Path) -> list[Path]:
    """The lock files Excel (``~$NAME``) and LibreOffice (``.~lock.NAME#``) keep beside an open workbook."""
    names = {"~$" + path.name, "~$" + path.name[2:], ".~lock." + path.name + "#"}
    return [path.with_name(name) for name in sorted(names) if path.with_name(name).exists()]


def refuse_if_locked(path: Path) -> None:
    locks = lock_files(path)
    if locks:
        where = Location(file=str(path))
        raise WorkbookLockedError("the workbook is open in another program; close it and try again", where,
                                  [Problem("workbook open elsewhere", where, found=locks[0].name,
                                           expected="no lock file beside the workbook", code="locked")])
