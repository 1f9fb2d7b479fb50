"""The master workbook as the ribbon actions see it, open in Excel or on disk.

:class:`BookAdapter` is what an action may do with the workbook and the
user: read its current content, replace a sheet's values, know the selected
cell, ask a question, show a message, open a file or folder.
:class:`XlwingsBookAdapter` works on the book open in Excel (through xlwings);
:class:`FileBookAdapter` on an .xlsx file (through openpyxl), for the batch
and the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


FORMULA_PREFIXES = ("=", "+", "-", "@")


def as_cell_text(value: Any) -> Any:
    """A value ready for a cell: text that Excel would take for a formula stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Selection:
    """The active cell: its sheet, 1-based row and column, and the value of that row."""

    sheet: str
    row: int
    column: int
    row_values: list[Any]


class BookAdapter(Protocol):
    """The workbook an action runs on, and the user in front of it."""

    @property
    def folder(self) -> Path:
        """The folder the workbook lives in."""

    @property
    def master_file(self) -> Path:
        """The workbook's own file, whose lock a consolidation holds (``content_path`` may be a copy)."""

    def content_path(self) -> Path:
        """A file holding the workbook's current content, for the file readers."""

    def sheet_rows(self, sheet: str) -> list[list[Any]]:
        """The values of a sheet's used range, row by row (empty list when no such sheet)."""

    def write_rows(self, sheet: str, rows: list[list[Any]]) -> None:
        """Replace the values of ``sheet`` (created at the end if missing) with ``rows`` from A1."""

    def write_cells(self, sheet: str, cells: dict[str, Any], very_hidden: bool = False) -> None:
        """Set some cells of ``sheet`` by A1 address, leaving every other cell as it is; a missing sheet is
        created (very hidden when asked)."""

    def write_snapshot(self, snapshot, sheets: list[str] | None = None) -> list[str]:
        """Rewrite the managed sheets ``sheets`` (all by default) from a portfolio snapshot.

        Returns the names of the sheets rewritten.
        """

    def write_built_sheets(self, built: bytes, names: list[str]) -> Path | None:
        """Replace the sheets ``names`` with those of the .xlsx ``built``; returns the backup taken, if any."""

    def selection(self) -> Selection | None:
        """The active cell, or None when nothing is selected."""

    def ask_text(self, prompt: str, title: str) -> str | None:
        """A line of text typed by the user; None when cancelled."""

    def show_message(self, text: str, title: str, error: bool = False) -> None:
        """A message box (an error box when ``error``)."""

    def open_path(self, path: Path) -> None:
        """Open a workbook in Excel or a folder in the file manager."""


def _clean(value: Any) -> Any:
    """A plain cell value: NaN and NaT empty, pandas timestamps as datetimes."""
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "to_pydatetime"):
        try:
            return value.to_pydatetime()
        except (ValueError, TypeError):
            return None
    return value


def open_in_desktop(path: Path) -> None:
    """Open ``path`` with the operating system's default application."""
    if sys.platform.startswith("win"):
        os.startfile(str(path))  # type: ignore[attr-defined]
    elif sys.platform == "darwin":
        subprocess.run(["open", str(path)], check=False)
    else:
        subprocess.run(["xdg-open", str(path)], check=False)


@dataclass
class FileBookAdapter:
    """A workbook file on disk, with scripted answers instead of a user.

    ``answers`` are returned by :meth:`ask_text` in order; messages and opened
    paths are recorded in :attr:`messages` and :attr:`opened`.  Writes are
    kept in memory until :meth:`save`, which replaces the file atomically.
    """

    path: Path
    answers: list[str | None] = field(default_factory=list)
    selected: Selection | None = None
    messages: list[tuple[str, str, bool]] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    _pending: dict[str, list[list[Any]]] = field(default_factory=dict)
    _pending_cells: dict[str, tuple[dict[str, Any], bool]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.path = Path(self.path)

    @property
    def folder(self) -> Path:
        return self.path.resolve().parent

    @property
    def master_file(self) -> Path:
        return self.path

    def content_path(self) -> Path:
        if self._pending:
            self.save()
        return self.path

    def sheet_rows(self, sheet: str) -> list[list[Any]]:
        if sheet in self._pending:
            return [list(r) for r in self._pending[sheet]]
        from openpyxl import load_workbook

        book = load_workbook(self.path, data_only=True, read_only=True)
        try:
            if sheet not in book.sheetnames:
                return []
            return [list(r) for r in book[sheet].iter_rows(values_only=True)]
        finally:
            book.close()

    def write_rows(self, sheet: str, rows: list[list[Any]]) -> None:
        self._pending[sheet] = [[_clean(v) for v in row] for row in rows]

    def write_cells(self, sheet: str, cells: dict[str, Any], very_hidden: bool = False) -> None:
        pending, _ = self._pending_cells.get(sheet, ({}, very_hidden))
        pending.update(cells)
        self._pending_cells[sheet] = (pending, very_hidden)

    def save(self) -> None:
        """Write the pending sheets and cells into the file (through a temporary file and a rename)."""
        if not self._pending and not self._pending_cells:
            return
        from openpyxl import load_workbook

        book = load_workbook(self.path)
        for sheet, (cells, very_hidden) in self._pending_cells.items():
            if sheet not in book.sheetnames:
                book.create_sheet(sheet).sheet_state = "veryHidden" if very_hidden else "visible"
            for address, value in cells.items():
                cell = book[sheet][address]
                cell.value = _clean(value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, even when it starts with "="
        for sheet, rows in self._pending.items():
            worksheet = book[sheet] if sheet in book.sheetnames else book.create_sheet(sheet)
            if worksheet.max_row > 0:
                worksheet.delete_rows(1, worksheet.max_row)
            for row_number, row in enumerate(rows, start=1):
                for column_number, value in enumerate(row, start=1):
                    if value is None:
                        continue
                    cell = worksheet.cell(row=row_number, column=column_number, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # text stays text, even when it starts with "="
        from pmo_xl.io.atomic import atomic_path

        with atomic_path(self.path) as temporary:
            book.save(temporary)
        self._pending.clear()
        self._pending_cells.clear()

    def write_snapshot(self, snapshot, sheets: list[str] | None = None) -> list[str]:
        """Writes the managed sheets into the file through the master's one writer, keeping a backup."""
        from pmo_xl.io.master.writer import write_master
        from pmo_xl.model.portfolio import MANAGED_SHEETS

        self.save()
        names = list(sheets or MANAGED_SHEETS)
        self.backups.append(write_master(self.path, snapshot, keep_backup=True, sheets=names))
        return names

    def write_built_sheets(self, built: bytes, names: list[str]) -> Path:
        """Transplants the sheets ``names`` of the workbook ``built`` into the file, after a backup."""
        from pmo_xl.io.atomic import atomic_write_bytes
        from pmo_xl.io.backups import write_backup
        from pmo_xl.io.master.package import Package, transplant_sheets

        self.save()
        original = self.path.read_bytes()
        mode = self.path.stat().st_mode & 0o7777
        master = Package.from_bytes(original, str(self.path))
        transplant_sheets(master, Package.from_bytes(built), list(names))
        backup = write_backup(self.path, original, mode)
        atomic_write_bytes(self.path, master.to_bytes(), mode=mode)
        self.backups.append(backup)
        return backup

    def selection(self) -> Selection | None:
        return self.selected

    def ask_text(self, prompt: str, title: str) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def show_message(self, text: str, title: str, error: bool = False) -> None:
        self.messages.append((title, text, error))

    def open_path(self, path: Path) -> None:
        self.opened.append(Path(path))


def _applescript_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mac_dialog(prompt: str, title: str) -> str | None:
    """A line typed in a macOS dialog (AppleScript); None when cancelled."""
    script = (f"text returned of (display dialog {_applescript_text(prompt)} default answer \"\" "
              f"with title {_applescript_text(title)})")
    done = subprocess.run(["osascript", "-e", script], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


class XlwingsBookAdapter:
    """The workbook open in Excel, through xlwings (Windows and macOS only)."""

    def __init__(self, book) -> None:
        self.book = book
        self._content_path: Path | None = None

    @property
    def folder(self) -> Path:
        return Path(self.book.fullname).resolve().parent

    @property
    def master_file(self) -> Path:
        return Path(self.book.fullname)

    def content_path(self) -> Path:
        """A copy of the open workbook saved now, so unsaved edits are read too.

        Windows saves a copy (the open file stays as it is); macOS has no
        SaveCopyAs through xlwings, so the workbook itself is saved first.
        One copy serves the whole action (the adapter lives for one action).
        """
        if self._content_path is not None:
            return self._content_path
        if sys.platform.startswith("win"):
            target = Path(tempfile.mkdtemp(prefix="pmo-xl-")) / Path(self.book.fullname).name
            self.book.api.SaveCopyAs(str(target))
        else:
            self.book.save()
            target = Path(self.book.fullname)
        self._content_path = target
        return target

    def sheet_rows(self, sheet: str) -> list[list[Any]]:
        names = [s.name for s in self.book.sheets]
        if sheet not in names:
            return []
        values = self.book.sheets[sheet].used_range.options(ndim=2).value
        return [list(row) for row in values]

    def write_rows(self, sheet: str, rows: list[list[Any]]) -> None:
        names = [s.name for s in self.book.sheets]
        if sheet in names:
            target = self.book.sheets[sheet]
            target.cells.clear_contents()
        else:
            target = self.book.sheets.add(sheet, after=self.book.sheets[len(names) - 1])
        if rows:
            target.range("A1").value = [[as_cell_text(_clean(v)) for v in row] for row in rows]

    def write_cells(self, sheet: str, cells: dict[str, Any], very_hidden: bool = False) -> None:
        names = [s.name for s in self.book.sheets]
        if sheet in names:
            target = self.book.sheets[sheet]
        else:
            target = self.book.sheets.add(sheet, after=self.book.sheets[len(names) - 1])
            if very_hidden:
                target.api.Visible = 2  # xlSheetVeryHidden
        for address, value in cells.items():
            target.range(address).value = as_cell_text(_clean(value))

    def write_snapshot(self, snapshot, sheets: list[str] | None = None) -> list[str]:
        """Copies the managed sheets, built as for the batch, into the open workbook.

        An existing sheet keeps its place (formulas that point at it stay
        valid): its tables and cells are cleared, then the built sheet's cells
        are pasted from A1 (values, formats and tables on Windows; values on
        macOS).  A missing sheet is added at the end.
        """
        from pmo_xl.io.master.sheets import build_managed_workbook
        from pmo_xl.model.portfolio import MANAGED_SHEETS

        from pmo_xl.io.master.language import managed_sheets

        names = managed_sheets(snapshot.language, list(sheets or MANAGED_SHEETS))
        built_path = Path(tempfile.mkdtemp(prefix="pmo-xl-")) / "tables.xlsx"
        built_path.write_bytes(build_managed_workbook(snapshot))
        app = self.book.app
        alerts = app.display_alerts
        app.display_alerts = False
        built = app.books.open(str(built_path))
        try:
            for name in names:
                self._replace_sheet(built.sheets[name], name)
        finally:
            built.close()
            app.display_alerts = alerts
            self.book.activate()
        return names

    def write_built_sheets(self, built: bytes, names: list[str]) -> None:
        """Copies the sheets ``names`` of the workbook ``built`` into the open workbook (Excel keeps the undo
        point: the workbook is not saved)."""
        built_path = Path(tempfile.mkdtemp(prefix="pmo-xl-")) / "sheets.xlsx"
        built_path.write_bytes(built)
        app = self.book.app
        alerts = app.display_alerts
        app.display_alerts = False
        opened = app.books.open(str(built_path))
        try:
            for name in names:
                self._replace_sheet(opened.sheets[name], name)
        finally:
            opened.close()
            app.display_alerts = alerts
            self.book.activate()

    def _replace_sheet(self, source, name: str) -> None:
        present = [s.name for s in self.book.sheets]
        if name in present:
            target = self.book.sheets[name]
        else:
            target = self.book.sheets.add(name, after=self.book.sheets[len(present) - 1])
        if sys.platform.startswith("win"):
            tables = target.api.ListObjects
            for index in range(tables.Count, 0, -1):
                tables(index).Delete()
            target.cells.clear()
            source.used_range.api.Copy(target.range("A1").api)
        else:
            target.cells.clear_contents()
            target.range("A1").value = source.used_range.options(ndim=2).value

    def selection(self) -> Selection | None:
        selected = self.book.app.selection
        if selected is None:
            return None
        sheet = selected.sheet
        row = selected.row
        values = sheet.range((row, 1), (row, sheet.used_range.last_cell.column)).value
        return Selection(sheet.name, row, selected.column, list(values if isinstance(values, list) else [values]))

    def ask_text(self, prompt: str, title: str) -> str | None:
        if sys.platform.startswith("win"):
            answer = self.book.app.api.InputBox(prompt, title)
        else:
            answer = _mac_dialog(prompt, title)
        if answer in (False, None, ""):
            return None
        return str(answer)

    def show_message(self, text: str, title: str, error: bool = False) -> None:
        self.book.app.alert(text, title=title, buttons="ok", mode="critical" if error else "info")

    def open_path(self, path: Path) -> None:
        if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
            self.book.app.books.open(str(path))
        else:
            open_in_desktop(Path(path))


