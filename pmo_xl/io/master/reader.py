"""Reading a consolidated master workbook back into a :class:`PortfolioSnapshot`.

The managed tables are read by their Excel table name and matched on the
headers of :data:`pmo_xl.model.portfolio.TABLES`, French or English (see
:mod:`pmo_xl.io.master.language`); values are the cached results stored in the file.
"""

from __future__ import annotations

import os
from datetime import date, datetime

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import from_excel, to_excel

from pmo_xl.io.master.language import find_sheet, french_text, french_value, workbook_language
from pmo_xl.model import Rag, parse_enum
from pmo_xl.model.period import ReportingPeriod
from pmo_xl.model.portfolio import TABLES, PortfolioSnapshot, TableSpec, conform, empty_frame



def _table_cells(ws, ref: str):
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    rows = list(ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                             max_col=max_col, values_only=True))
    return rows


def _convert(kind: str, value):
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if kind in ("date", "datetime"):
        if isinstance(value, (datetime, date)):
            return pd.Timestamp(value)
        if isinstance(value, (int, float)):
            return pd.Timestamp(from_excel(value))
        return pd.to_datetime(value, errors="coerce")
    if kind in ("int", "number", "money", "percent", "ratio"):
        if isinstance(value, bool):
            return float(value)
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, (datetime, date)):
            return float(to_excel(value))
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return bool(value)
        return str(value).strip().lower() in ("true", "vrai", "oui", "yes", "1")
    if kind == "rag":
        member = parse_enum(Rag, value)
        return member.value if member is not None else str(value)
    return value if isinstance(value, str) else str(value)


def frame_from_rows(spec: TableSpec, header: list, body: list) -> pd.DataFrame:
    """A DataFrame of ``spec`` from a header row and body rows read from Excel.

    Columns are matched by their French header; unknown headers (columns the
    PMO added to a managed table) are ignored.
    """
    index = {french_text(str(h).strip()): i for i, h in enumerate(header) if h is not None}
    data: dict[str, list] = {}
    for col in spec.columns:
        pos = index.get(col.header)
        data[col.key] = [_convert(col.kind, french_value(row[pos])) if pos is not None and pos < len(row) else None
                         for row in body]
    return conform(spec, pd.DataFrame(data, columns=spec.keys))


def read_snapshot(master_path: str | os.PathLike) -> PortfolioSnapshot:
    """Read every managed table of a consolidated master workbook.

    Values are the cached results stored in the file (formulas are not
    recalculated).  A managed table missing from the workbook comes back as
    an empty DataFrame.  The status date and reporting currency come from the
    ``status_date`` and ``reporting_currency`` rows of the summary table.
    """
    wb = load_workbook(master_path, data_only=True)
    language = workbook_language(wb.sheetnames)
    try:
        frames: dict[str, pd.DataFrame] = {}
        for spec in TABLES:
            frame = empty_frame(spec)
            sheet = find_sheet(wb.sheetnames, spec.sheet)
            if sheet is not None:
                ws = wb[sheet]
                table = ws.tables.get(spec.table_name)
                if table is not None:
                    rows = _table_cells(ws, table.ref)
                    if rows:
                        header, body = list(rows[0]), [list(r) for r in rows[1:]]
                        body = [r for r in body if any(v is not None for v in r)]
                        frame = frame_from_rows(spec, header, body)
            frames[spec.key] = frame
    finally:
        wb.close()
    summary = frames["summary"]
    status_date = None
    currency = "MAD"
    period_code = None
    for _, row in summary.iterrows():
        if row["indicator"] == "status_date" and row["value"] is not None:
            value = row["value"]
            if isinstance(value, (int, float)) and not pd.isna(value):
                    status_date = from_excel(value).date()
        elif row["indicator"] == "reporting_currency" and row["unit"]:
            currency = str(row["unit"])
        elif row["indicator"] == "reporting_period" and isinstance(row["unit"], str) and row["unit"]:
            period_code = str(row["unit"])
    period = ReportingPeriod.parse(period_code, status_date) if period_code and status_date else None
    return PortfolioSnapshot(status_date=status_date, reporting_currency=currency, period=period, language=language,
                             **frames)
