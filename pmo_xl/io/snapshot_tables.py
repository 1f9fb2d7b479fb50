"""A few managed tables of a consolidated master, read fast with python-calamine.

Each managed sheet holds one table whose header is the sheet's first row
(see :mod:`pmo_xl.model.portfolio`), so the governance commands, which
need only some tables (overview, actions, decisions, per-owner list…), read
those sheets' cached values without loading the whole workbook.
"""

from __future__ import annotations

from pathlib import Path

from pmo_xl.errors import ConfigError, Location
from pmo_xl.io.master.language import find_sheet, workbook_language
from pmo_xl.io.master.reader import frame_from_rows
from pmo_xl.model.portfolio import TABLES_BY_KEY, PortfolioSnapshot, empty_frame


def _status_date(summary):
    from openpyxl.utils.datetime import from_excel

    rows = summary[summary["indicator"] == "status_date"]
    if rows.empty or rows["value"].isna().all():
        return None
    return from_excel(float(rows["value"].iloc[0])).date()


def read_snapshot_tables(master_path, keys: tuple[str, ...]) -> PortfolioSnapshot:
    """A snapshot holding only the tables ``keys`` (plus the summary, for the status date)."""
    from python_calamine import CalamineWorkbook

    path = Path(master_path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for a damaged file
        raise ConfigError(f"cannot open the master workbook: {exc}", Location(file=str(path))) from exc
    frames = {}
    for key in ("summary", *keys):
        spec = TABLES_BY_KEY[key]
        sheet = find_sheet(book.sheet_names, spec.sheet)
        if sheet is None:
            frames[key] = empty_frame(spec)
            continue
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        header = [str(h).strip() if h not in (None, "") else None for h in rows[0]] if rows else []
        body = [[None if v == "" else v for v in r] for r in rows[1:]]
        body = [r for r in body if any(v is not None for v in r)]
        frames[key] = frame_from_rows(spec, header, body) if header else empty_frame(spec)
    return PortfolioSnapshot(status_date=_status_date(frames["summary"]), language=workbook_language(book.sheet_names),
                             **frames)
