"""Putting the master's current controlled lists into an existing project workbook.

The hidden lists sheet of a workbook keeps each list of the referential in a
column of :data:`~pmo_xl.io.workbook_writer.CONTROLLED_LIST_ROWS` rows, which
the dropdowns point at; a refresh rewrites those cells and nothing else.

:func:`refresh_workbook_lists` adds what a change of a project manager's file needs: the refusal of a
workbook open elsewhere and a copy of the file first.
"""

from __future__ import annotations

import os
from pathlib import Path

from pmo_xl.errors import InputError, Location, Problem
from pmo_xl.model.schemas import LISTS_SHEET, fold_label

from .atomic import atomic_path
from .referential import REFERENTIAL_COLUMNS, ControlledLists
from .workbook_writer import CONTROLLED_LIST_ROWS as LIST_ROWS


def refresh_controlled_lists(path: str | os.PathLike, lists: ControlledLists) -> dict[str, tuple[list, list]]:
    """Rewrite the controlled lists of the workbook ``path`` that the referential gives (all of them when
    it says nothing of which); per list title, (old values, new values).

    Refuses (located error) a workbook without the lists sheet or a list longer than its room.
    """
    import openpyxl

    path = Path(path)
    book = openpyxl.load_workbook(path)
    sheet = next((book[name] for name in LISTS_SHEET.values() if name in book.sheetnames), None)
    if sheet is None:
        raise InputError("missing sheet", Location(file=str(path), sheet=LISTS_SHEET["fr"]))
    titles = {fold_label(fr): key for key, fr, en in REFERENTIAL_COLUMNS} | {
        fold_label(en): key for key, fr, en in REFERENTIAL_COLUMNS}
    changes: dict[str, tuple[list, list]] = {}
    for cell in sheet[1]:
        key = titles.get(fold_label(str(cell.value or "")))
        if key is None or (lists.given and key not in lists.given):
            continue  # a list the master does not give keeps its values
        values = lists.values(key)
        if len(values) > LIST_ROWS:
            where = Location(file=str(path), sheet=sheet.title, column=str(cell.value))
            raise InputError("controlled list too long for the workbook", where,
                             [Problem("controlled list too long for the workbook", where, str(len(values)),
                                      f"at most {LIST_ROWS} values", code="too_long")])
        column = cell.column
        old = [sheet.cell(row, column).value for row in range(2, LIST_ROWS + 2)]
        old = [value for value in old if value not in (None, "")]
        for row in range(2, LIST_ROWS + 2):
            target = sheet.cell(row, column)
            target.value = values[row - 2] if row - 2 < len(values) else None
            if target.value is not None:
                target.data_type = "s"
        changes[str(cell.value)] = (old, values)
    with atomic_path(path) as temp_path:
        book.save(temp_path)
    return changes


def refresh_workbook_lists(path: str | os.PathLike, lists: ControlledLists):
    """Refresh the lists of ``path`` after refusing a locked file and keeping a copy; (changes, backup)."""
    from pmo_xl.io.backups import backup_file
    from pmo_xl.io.workbook_lock import refuse_if_locked

    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", Location(file=str(path)))
    refuse_if_locked(path)
    backup = backup_file(path)
    return refresh_controlled_lists(path, lists), backup
