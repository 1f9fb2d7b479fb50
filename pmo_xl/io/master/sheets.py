"""The managed sheets of the master workbook, built as a standalone workbook.

:func:`build_managed_workbook` writes every managed table of a
:class:`~pmo_xl.model.portfolio.PortfolioSnapshot` with XlsxWriter into an
in-memory workbook: one sheet per table, an Excel Table with auto filter,
frozen header, MAD number formats, RAG conditional formatting, data bars and
the native charts (RAG distribution, SPI/CPI scatter, budget S-curve).  The
package layer then transplants those sheets into the PMO's master workbook.

User text is always written with ``write_string``: a risk title typed as
``=HYPERLINK(...)`` stays text.  The summary sheet holds Excel formulas over
the other managed sheets with their Python values cached.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from pmo_xl.model import Rag
from pmo_xl.model.enums import label

from pmo_xl.model.portfolio import SUMMARY_ROWS, TABLES, TABLES_BY_KEY, PortfolioSnapshot, TableSpec, conform

RAG_FILLS = {
    Rag.RED: ("#FFC7CE", "#9C0006"),
    Rag.AMBER: ("#FFEB9C", "#9C5700"),
    Rag.GREEN: ("#C6EFCE", "#006100"),
    Rag.INCOMPLETE: ("#D9D9D9", "#404040"),
    Rag.NOT_PROVIDED: ("#D9D9D9", "#404040"),
}
TABLE_STYLE = "Table Style Medium 2"
CHART_ANCHORS = {"summary": "F2", "budget_monthly": "I2"}


def rag_label(code) -> str | None:
    """The French label of a RAG code (``green`` → ``vert``); None if empty."""
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return None
    try:
        return label(Rag(str(code)))
    except ValueError:
        return str(code)


def money_format(currency: str) -> str:
    return f'#,##0 "{currency}";-#,##0 "{currency}"'


NUMBER_FORMATS = {
    "int": "0",
    "number": "#,##0.0",
    "percent": "0%",
    "ratio": "0.00",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


SUMMARY_INDEX = {row.indicator: i for i, row in enumerate(SUMMARY_ROWS)}


def _range(spec: TableSpec, key: str, rows: int) -> str:
    """Absolute A1 range of column ``key`` of table ``spec`` holding ``rows`` data rows."""
    col = xl_col_to_name(spec.keys.index(key))
    last = max(rows, 1) + 1
    sheet = spec.sheet.replace("'", "''")
    return f"'{sheet}'!${col}$2:${col}${last}"


def summary_formulas(snapshot: PortfolioSnapshot) -> dict[str, str]:
    """Excel formula recomputing each summary indicator from the managed sheets."""
    t = TABLES_BY_KEY
    n_over = len(snapshot.overview)
    n_act = len(snapshot.actions)
    n_dec = len(snapshot.decisions)
    n_risk = len(snapshot.risks)
    n_res = len(snapshot.resources)
    n_alert = len(snapshot.alerts)
    n_budget = len(snapshot.budget)

    def row_ref(indicator: str) -> str:
        return f"$C${SUMMARY_INDEX[indicator] + 2}"

    ov = lambda k: _range(t["overview"], k, n_over)  # noqa: E731
    act = lambda k: _range(t["actions"], k, n_act)  # noqa: E731
    risk = lambda k: _range(t["risks"], k, n_risk)  # noqa: E731
    bud = lambda k: _range(t["budget"], k, n_budget)  # noqa: E731
    open_label, in_progress_label = "ouvert", "en cours"
    high = int(snapshot.critical_risk_score)
    return {
        "projects": f"COUNTA({ov('project_code')})",
        "rag_green": f'COUNTIF({ov("rag_overall")},"{rag_label("green")}")',
        "rag_amber": f'COUNTIF({ov("rag_overall")},"{rag_label("amber")}")',
        "rag_red": f'COUNTIF({ov("rag_overall")},"{rag_label("red")}")',
        "rag_incomplete": f'COUNTIF({ov("rag_overall")},"{rag_label("incomplete")}")',
        "problems": f"COUNTA({_range(t['errors'], 'message', len(snapshot.errors))})",
        "bac_total": f"SUM({ov('bac')})",
        "eac_total": f"SUM({ov('eac')})",
        "vac_total": f"SUM({ov('vac')})",
        "budget_planned_total": f"SUM({bud('planned')})",
        "budget_actual_total": f"SUM({bud('actual')})",
        "budget_forecast_total": f"SUM({bud('forecast')})",
        "actions_total": f'COUNTA({act("action_id")})-COUNTIF({act("status")},"annulé")',
        "actions_closed": f'COUNTIF({act("status")},"clos")',
        "action_closure_rate": (f"IF({row_ref('actions_total')}=0,0,"
                                f"{row_ref('actions_closed')}/{row_ref('actions_total')})"),
        "actions_overdue": f"COUNTIF({act('overdue')},TRUE)",
        "decisions_awaiting": (f"COUNTIF({_range(t['decisions'], 'awaiting_implementation', n_dec)},TRUE)"),
        "open_risks": (f'COUNTIF({risk("status")},"{open_label}")'
                       f'+COUNTIF({risk("status")},"{in_progress_label}")'),
        "high_risks": (f'COUNTIFS({risk("score")},">={high}",{risk("status")},"{open_label}")'
                       f'+COUNTIFS({risk("score")},">={high}",{risk("status")},"{in_progress_label}")'),
        "over_allocations": f"COUNTIF({_range(t['resources'], 'over_allocated', n_res)},TRUE)",
        "red_alerts": f'COUNTIF({_range(t["alerts"], "severity", n_alert)},"{rag_label("red")}")',
    }


class _Formats:
    """The XlsxWriter formats of one build, created once per kind."""

    def __init__(self, book: xlsxwriter.Workbook, currency: str):
        self.book = book
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.by_kind = {kind: book.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
        self.by_kind["money"] = book.add_format({"num_format": money_format(currency)})
        self.text = book.add_format({})
        self.rag = {rag: book.add_format({"bg_color": fill, "font_color": font})
                    for rag, (fill, font) in RAG_FILLS.items()}
        self.flag = book.add_format({"font_color": "#9C0006", "bold": True})

    def for_kind(self, kind: str):
        return self.by_kind.get(kind, self.text)


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_datetime(value) -> datetime | None:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


def _write_column(ws, col: int, kind: str, values: pd.Series, formats: _Formats) -> None:
    """Write one column of values below the header row, skipping missing ones."""
    present = values.notna().to_numpy()
    rows = np.flatnonzero(present)
    if not len(rows):
        return
    fmt = formats.for_kind(kind)
    rows = rows.tolist()
    if kind in ("int", "number", "money", "percent", "ratio"):
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float).tolist()
        for i in rows:
            number = numbers[i]
            if math.isfinite(number):
                ws.write_number(i + 1, col, number, fmt)
        return
    if kind in ("date", "datetime"):
        moments = pd.to_datetime(values, errors="coerce").tolist()  # Timestamps and NaT
        for i in rows:
            moment = moments[i]
            if moment is not pd.NaT:
                ws.write_datetime(i + 1, col, moment.to_pydatetime(), fmt)
        return
    items = values.to_numpy(dtype=object)
    if kind == "bool":
        for i in rows:
            ws.write_boolean(i + 1, col, bool(items[i]))
        return
    if kind == "rag":
        for i in rows:
            ws.write_string(i + 1, col, rag_label(items[i]) or "")
        return
    for i in rows:
        ws.write_string(i + 1, col, str(items[i]))


def _write_table(book, ws, spec: TableSpec, frame: pd.DataFrame, formats: _Formats) -> int:
    frame = conform(spec, frame)
    n = len(frame)
    for c, col in enumerate(spec.columns):
        _write_column(ws, c, col.kind, frame[col.key], formats)
        ws.set_column(c, c, col.width or 12)
    ws.add_table(0, 0, max(n, 1), len(spec.columns) - 1, {
        "name": spec.table_name,
        "style": TABLE_STYLE,
        "autofilter": True,
        "columns": [{"header": col.header, "header_format": formats.header} for col in spec.columns],
    })
    ws.freeze_panes(1, 0)
    last_row = max(n, 1)
    for c, col in enumerate(spec.columns):
        area = (1, c, last_row, c)
        if col.kind == "rag":
            for rag, fmt in formats.rag.items():
                ws.conditional_format(*area, {"type": "cell", "criteria": "==",
                                              "value": f'"{label(rag)}"', "format": fmt})
        elif col.key in ("percent_complete", "compliance_score", "data_quality_score", "load_percent"):
            if col.key == "load_percent":
                ws.conditional_format(*area, {"type": "cell", "criteria": ">", "value": 1,
                                              "format": formats.rag[Rag.RED]})
            ws.conditional_format(*area, {"type": "data_bar", "bar_color": "#5B9BD5",
                                          "min_type": "num", "min_value": 0,
                                          "max_type": "num", "max_value": 1})
        elif col.key in ("score", "top_risk_score"):
            ws.conditional_format(*area, {"type": "data_bar", "bar_color": "#FF7C80",
                                          "min_type": "num", "min_value": 0,
                                          "max_type": "num", "max_value": 25})
        elif col.kind == "bool" and col.key in ("over_allocated", "overdue", "late", "stale",
                                                  "impacted", "awaiting_implementation"):
            ws.conditional_format(*area, {"type": "cell", "criteria": "==", "value": "TRUE",
                                          "format": formats.flag})
        elif col.kind == "ratio":
            ws.conditional_format(*area, {"type": "cell", "criteria": "between",
                                          "minimum": 0, "maximum": 0.8999,
                                          "format": formats.rag[Rag.RED]})
        elif col.key in ("slip_days", "task_start_slip_days", "project_slip_days",
                         "on_task_slip_days", "days_overdue"):
            ws.conditional_format(*area, {"type": "data_bar", "bar_color": "#FFB628",
                                          "min_type": "num", "min_value": 0})
    if spec.key == "risk_heatmap":
        ws.conditional_format(1, 1, 5, 5, {"type": "3_color_scale", "min_color": "#FFFFFF",
                                           "mid_color": "#FFEB84", "max_color": "#F8696B"})
    return n


def _write_summary(ws, snapshot: PortfolioSnapshot, formats: _Formats) -> None:
    spec = TABLES_BY_KEY["summary"]
    formulas = summary_formulas(snapshot)
    values = {}
    if len(snapshot.summary):
        values = dict(zip(snapshot.summary["indicator"], snapshot.summary["value"]))
    currency = snapshot.reporting_currency
    for r, row in enumerate(SUMMARY_ROWS, start=1):
        ws.write_string(r, 0, row.indicator)
        ws.write_string(r, 1, row.label)
        unit = currency if row.unit == "money" else row.unit
        if row.indicator == "reporting_currency":
            unit = currency
        if row.indicator == "reporting_period":
            unit = snapshot.period.code if snapshot.period is not None else None
        if unit:
            ws.write_string(r, 3, unit)
        fmt = formats.for_kind(row.kind)
        value = values.get(row.indicator)
        if row.indicator == "status_date":
            moment = _as_datetime(snapshot.status_date)
            if moment is not None:
                ws.write_datetime(r, 2, moment, fmt)
            continue
        if row.indicator in ("reporting_currency", "reporting_period"):
            continue
        cached = 0.0 if _is_missing(value) else float(value)
        if row.indicator in formulas:
            ws.write_formula(r, 2, "=" + formulas[row.indicator], fmt, cached)
        elif not _is_missing(value):
            ws.write_number(r, 2, cached, fmt)
    for c, col in enumerate(spec.columns):
        ws.set_column(c, c, col.width or 12)
    ws.add_table(0, 0, len(SUMMARY_ROWS), len(spec.columns) - 1, {
        "name": spec.table_name,
        "style": TABLE_STYLE,
        "autofilter": True,
        "columns": [{"header": col.header, "header_format": formats.header} for col in spec.columns],
    })
    ws.freeze_panes(1, 0)


def _summary_charts(book, ws, snapshot: PortfolioSnapshot) -> None:
    summary_sheet = TABLES_BY_KEY["summary"].sheet.replace("'", "''")
    first = SUMMARY_INDEX["rag_green"] + 1
    last = SUMMARY_INDEX["rag_red"] + 1
    rag_chart = book.add_chart({"type": "column"})
    rag_chart.add_series({
        "name": "Projets par météo",
        "categories": [TABLES_BY_KEY["summary"].sheet, first, 1, last, 1],
        "values": [TABLES_BY_KEY["summary"].sheet, first, 2, last, 2],
        "points": [{"fill": {"color": "#00B050"}}, {"fill": {"color": "#FFC000"}},
                   {"fill": {"color": "#FF0000"}}],
        "data_labels": {"value": True},
    })
    rag_chart.set_title({"name": "Répartition de la météo globale"})
    rag_chart.set_legend({"none": True})
    ws.insert_chart(CHART_ANCHORS["summary"], rag_chart, {"x_scale": 1.2, "y_scale": 1.1})
    del summary_sheet

    overview = TABLES_BY_KEY["overview"]
    n = max(len(snapshot.overview), 1)
    spi_col = overview.keys.index("spi")
    cpi_col = overview.keys.index("cpi")
    scatter = book.add_chart({"type": "scatter"})
    scatter.add_series({
        "name": "Projets",
        "categories": [overview.sheet, 1, spi_col, n, spi_col],
        "values": [overview.sheet, 1, cpi_col, n, cpi_col],
        "marker": {"type": "circle", "size": 7},
    })
    scatter.set_title({"name": "SPI / CPI par projet"})
    scatter.set_x_axis({"name": "SPI", "min": 0.5, "max": 1.5, "crossing": 1.0})
    scatter.set_y_axis({"name": "CPI", "min": 0.5, "max": 1.5, "crossing": 1.0})
    scatter.set_legend({"none": True})
    ws.insert_chart("F20", scatter, {"x_scale": 1.2, "y_scale": 1.2})


def _budget_chart(book, ws, snapshot: PortfolioSnapshot) -> None:
    spec = TABLES_BY_KEY["budget_monthly"]
    n = max(len(snapshot.budget_monthly), 1)
    chart = book.add_chart({"type": "line"})
    for key, name, color in (("cumulative_planned", "Prévu cumulé", "#4472C4"),
                             ("cumulative_actual", "Réel cumulé", "#ED7D31"),
                             ("cumulative_forecast", "Atterrissage cumulé", "#A5A5A5")):
        col = spec.keys.index(key)
        chart.add_series({
            "name": name,
            "categories": [spec.sheet, 1, 0, n, 0],
            "values": [spec.sheet, 1, col, n, col],
            "line": {"color": color, "width": 2.25},
        })
    chart.set_title({"name": f"Courbe en S du budget ({snapshot.reporting_currency})"})
    chart.set_x_axis({"date_axis": True, "num_format": "mmm yy"})
    chart.set_y_axis({"num_format": money_format(snapshot.reporting_currency)})
    ws.insert_chart(CHART_ANCHORS["budget_monthly"], chart, {"x_scale": 1.6, "y_scale": 1.3})


def build_managed_workbook(snapshot: PortfolioSnapshot) -> bytes:
    """The managed sheets of ``snapshot`` as the bytes of a standalone .xlsx."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": False,
    })
    formats = _Formats(book, snapshot.reporting_currency)
    for spec in TABLES:
        ws = book.add_worksheet(spec.sheet)
        if spec.key == "summary":
            _write_summary(ws, snapshot, formats)
            _summary_charts(book, ws, snapshot)
            continue
        _write_table(book, ws, spec, snapshot.table(spec.key), formats)
        if spec.key == "budget_monthly":
            _budget_chart(book, ws, snapshot)
    book.close()
    return buffer.getvalue()
