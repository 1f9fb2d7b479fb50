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
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from pmo_xl.engine.rag import RagThresholds
from pmo_xl.io.print_layout import PrintArea, apply_print_layout
from pmo_xl.io.rag_formats import (
    HEATMAP_TABLE, add_heatmap_rules, add_outcome_rules, add_rag_rules, column_rules, is_outcome_column,
)
from pmo_xl.io.master.language import tables, text, value
from pmo_xl.model import ItemStatus, Rag
from pmo_xl.model.enums import label

from pmo_xl.model.portfolio import SUMMARY_ROWS, TABLES_BY_KEY, PortfolioSnapshot, TableSpec, conform

RAG_FILLS = {
    Rag.RED: ("#FFC7CE", "#9C0006"),
    Rag.AMBER: ("#FFEB9C", "#9C5700"),
    Rag.GREEN: ("#C6EFCE", "#006100"),
    Rag.INCOMPLETE: ("#D9D9D9", "#404040"),
    Rag.NOT_PROVIDED: ("#D9D9D9", "#404040"),
}
TABLE_STYLE = "Table Style Medium 2"
CHART_ANCHORS = {"summary": "F2", "budget_monthly": "I2", "schedule_risk": "O2"}
SCATTER_ANCHOR = "F20"
#: Number format of the boolean cells.  Excel shows a boolean as VRAI/FAUX whatever its format;
#: LibreOffice applies the format, and gives a boolean cell without one its own boolean format
#: while loading, which made its PDF export abort ("Unspecified Application Error") on a sheet
#: where such a cell lies under a conditional format.
BOOLEAN_FORMAT = '"VRAI";"VRAI";"FAUX"'
#: Size of an XlsxWriter chart before scaling, and of a cell of default width and height, in pixels.
CHART_SIZE_PIXELS = (480, 288)
DEFAULT_CELL_PIXELS = (64, 20)


def rag_label(code, lang: str = "fr") -> str | None:
    """The label of a RAG code in ``lang`` (``green`` → ``vert``); None if empty."""
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return None
    try:
        return label(Rag(str(code)), lang)
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
    "bool": BOOLEAN_FORMAT,
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
    lang = snapshot.language
    t = tables(lang)
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
    open_label, in_progress_label = label(ItemStatus.OPEN, lang), label(ItemStatus.IN_PROGRESS, lang)
    rag = lambda code: rag_label(code, lang)  # noqa: E731
    high = int(snapshot.critical_risk_score)
    return {
        "projects": f"COUNTA({ov('project_code')})",
        "rag_green": f'COUNTIF({ov("rag_overall")},"{rag("green")}")',
        "rag_amber": f'COUNTIF({ov("rag_overall")},"{rag("amber")}")',
        "rag_red": f'COUNTIF({ov("rag_overall")},"{rag("red")}")',
        "rag_incomplete": f'COUNTIF({ov("rag_overall")},"{rag("incomplete")}")',
        "problems": f"COUNTA({_range(t['errors'], 'message', len(snapshot.errors))})",
        "bac_total": f"SUM({ov('bac')})",
        "eac_total": f"SUM({ov('eac')})",
        "vac_total": f"SUM({ov('vac')})",
        "budget_planned_total": f"SUM({bud('planned')})",
        "budget_actual_total": f"SUM({bud('actual')})",
        "budget_forecast_total": f"SUM({bud('forecast')})",
        "actions_total": f'COUNTA({act("action_id")})-COUNTIF({act("status")},"{label(ItemStatus.CANCELLED, lang)}")',
        "actions_closed": f'COUNTIF({act("status")},"{label(ItemStatus.CLOSED, lang)}")',
        "action_closure_rate": (f"IF({row_ref('actions_total')}=0,0,"
                                f"{row_ref('actions_closed')}/{row_ref('actions_total')})"),
        "actions_overdue": f"COUNTIF({act('overdue')},TRUE)",
        "decisions_awaiting": (f"COUNTIF({_range(t['decisions'], 'awaiting_implementation', n_dec)},TRUE)"),
        "open_risks": (f'COUNTIF({risk("status")},"{open_label}")'
                       f'+COUNTIF({risk("status")},"{in_progress_label}")'),
        "high_risks": (f'COUNTIFS({risk("score")},">={high}",{risk("status")},"{open_label}")'
                       f'+COUNTIFS({risk("score")},">={high}",{risk("status")},"{in_progress_label}")'),
        "over_allocations": f"COUNTIF({_range(t['resources'], 'over_allocated', n_res)},TRUE)",
        "red_alerts": f'COUNTIF({_range(t["alerts"], "severity", n_alert)},"{rag("red")}")',
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


def _write_column(ws, col: int, kind: str, values: pd.Series, formats: _Formats, lang: str = "fr") -> None:
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
            ws.write_boolean(i + 1, col, bool(items[i]), fmt)
        return
    if kind == "rag":
        for i in rows:
            ws.write_string(i + 1, col, rag_label(items[i], lang) or "")
        return
    for i in rows:
        ws.write_string(i + 1, col, str(value(str(items[i]), lang)))


def _write_table(book, ws, spec: TableSpec, frame: pd.DataFrame, formats: _Formats,
                 thresholds: RagThresholds, lang: str = "fr") -> int:
    frame = conform(spec, frame)
    n = len(frame)
    for c, col in enumerate(spec.columns):
        _write_column(ws, c, col.kind, frame[col.key], formats, lang)
        ws.set_column(c, c, col.width or 12)
    ws.add_table(0, 0, max(n, 1), len(spec.columns) - 1, {
        "name": spec.table_name,
        "style": TABLE_STYLE,
        "autofilter": True,
        "columns": [{"header": col.header, "header_format": formats.header} for col in spec.columns],
    })
    ws.freeze_panes(1, 0)
    _table_formats(ws, spec, max(n, 1), formats, thresholds, lang)
    return n


def _table_formats(ws, spec: TableSpec, last_row: int, formats: _Formats, thresholds: RagThresholds,
                   lang: str = "fr") -> None:
    """The conditional formats of a managed table: RAG colours from ``thresholds``, flags and data bars."""
    for c, col in enumerate(spec.columns):
        area = (1, c, last_row, c)
        add_rag_rules(ws, area, column_rules(spec.key, col.key, 1, c, thresholds), formats.rag)
        if is_outcome_column(spec.key, col.key):
            add_outcome_rules(ws, area, formats.rag, lang)
        elif col.kind == "rag":
            for rag, fmt in formats.rag.items():
                ws.conditional_format(*area, {"type": "cell", "criteria": "==",
                                              "value": f'"{label(rag, lang)}"', "format": fmt})
        elif col.key in ("percent_complete", "compliance_score", "data_quality_score", "load_percent",
                         "schedule_quality", "probability_on_baseline"):
            if col.key == "load_percent":
                ws.conditional_format(*area, {"type": "cell", "criteria": ">", "value": 1,
                                              "format": formats.rag[Rag.RED]})
            ws.conditional_format(*area, {"type": "data_bar", "bar_color": "#5B9BD5",
                                          "min_type": "num", "min_value": 0,
                                          "max_type": "num", "max_value": 1})
        elif col.kind == "bool" and col.key in ("over_allocated", "overdue", "late", "stale",
                                                  "impacted", "awaiting_implementation"):
            ws.conditional_format(*area, {"type": "cell", "criteria": "==", "value": "TRUE",
                                          "format": formats.flag})
        elif col.key in ("slip_days", "task_start_slip_days", "project_slip_days",
                         "on_task_slip_days", "days_overdue"):
            ws.conditional_format(*area, {"type": "data_bar", "bar_color": "#FFB628",
                                          "min_type": "num", "min_value": 0})
    if spec.key == HEATMAP_TABLE:
        add_heatmap_rules(ws, last_row, thresholds, formats.rag)


def _write_summary(ws, snapshot: PortfolioSnapshot, formats: _Formats) -> None:
    lang = snapshot.language
    spec = tables(lang)["summary"]
    formulas = summary_formulas(snapshot)
    values = {}
    if len(snapshot.summary):
        values = dict(zip(snapshot.summary["indicator"], snapshot.summary["value"]))
    currency = snapshot.reporting_currency
    for r, row in enumerate(SUMMARY_ROWS, start=1):
        ws.write_string(r, 0, row.indicator)
        ws.write_string(r, 1, text(row.label, lang))
        unit = currency if row.unit == "money" else text(row.unit, lang) if row.unit else row.unit
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


def _insert_chart(ws, anchor: str, chart, x_scale: float, y_scale: float) -> tuple[int, int]:
    """Insert ``chart`` at ``anchor``; returns the last row and column it covers (cells of default size)."""
    ws.insert_chart(anchor, chart, {"x_scale": x_scale, "y_scale": y_scale})
    row, col = xl_cell_to_rowcol(anchor)
    width, height = CHART_SIZE_PIXELS
    cell_width, cell_height = DEFAULT_CELL_PIXELS
    return row + math.ceil(height * y_scale / cell_height), col + math.ceil(width * x_scale / cell_width)


def _summary_charts(book, ws, snapshot: PortfolioSnapshot, header_format) -> tuple[int, int]:
    lang = snapshot.language
    sheet = tables(lang)["summary"].sheet
    first = SUMMARY_INDEX["rag_green"] + 1
    last = SUMMARY_INDEX["rag_red"] + 1
    rag_chart = book.add_chart({"type": "column"})
    rag_chart.add_series({
        "name": text("Projets par météo", lang),
        "categories": [sheet, first, 1, last, 1],
        "values": [sheet, first, 2, last, 2],
        "points": [{"fill": {"color": "#00B050"}}, {"fill": {"color": "#FFC000"}},
                   {"fill": {"color": "#FF0000"}}],
        "data_labels": {"value": True},
    })
    rag_chart.set_title({"name": text("Répartition de la météo globale", lang)})
    rag_chart.set_legend({"none": True})
    corners = [_insert_chart(ws, CHART_ANCHORS["summary"], rag_chart, 1.2, 1.1)]

    scatter = _rag_scatter(book, ws, snapshot, header_format)
    corners.append(_insert_chart(ws, SCATTER_ANCHOR, scatter, 1.2, 1.2))
    return max(row for row, _ in corners), max(col for _, col in corners)


SCATTER_RAGS = ((Rag.GREEN, "#00B050"), (Rag.AMBER, "#FFC000"), (Rag.RED, "#FF0000"), (None, "#A6A6A6"))
SCATTER_DATA_COLUMN = 17  # column R of the summary sheet, right of the charts


def scatter_points(overview: pd.DataFrame) -> pd.DataFrame:
    """The projects of the SPI / CPI scatter: code, SPI, CPI and overall RAG (``None`` when unrated)."""
    frame = conform(TABLES_BY_KEY["overview"], overview)
    spi = pd.to_numeric(frame["spi"], errors="coerce")
    cpi = pd.to_numeric(frame["cpi"], errors="coerce")
    placed = spi.notna() & cpi.notna()
    rags = frame["rag_overall"].map(lambda code: None if _is_missing(code) else str(code))
    return pd.DataFrame({"project_code": frame["project_code"][placed], "spi": spi[placed],
                         "cpi": cpi[placed], "rag": rags[placed]}).reset_index(drop=True)


def _write_scatter_points(ws, points: pd.DataFrame, header_format, lang: str = "fr") -> None:
    """The scatter's data block: project, SPI, then one CPI column per RAG (empty for the other RAGs)."""
    first_col = SCATTER_DATA_COLUMN
    ws.write_string(0, first_col, text("Projet", lang), header_format)
    ws.write_string(0, first_col + 1, "SPI", header_format)
    column_of = {}
    for offset, (rag, _) in enumerate(SCATTER_RAGS, start=2):
        column_of[rag.value if rag else None] = first_col + offset
        ws.write_string(0, first_col + offset, f"CPI {rag_label(rag.value, lang) if rag else value('non évalué', lang)}",
                        header_format)
    for row, point in enumerate(points.itertuples(index=False), start=1):
        ws.write_string(row, first_col, str(point.project_code))
        ws.write_number(row, first_col + 1, float(point.spi))
        ws.write_number(row, column_of.get(point.rag, column_of[None]), float(point.cpi))
    ws.set_column(first_col, first_col + len(SCATTER_RAGS) + 1, 11)


def _rag_scatter(book, ws, snapshot: PortfolioSnapshot, header_format):
    """The SPI / CPI scatter, one series per overall RAG with its colour, a legend and named axes."""
    lang = snapshot.language
    points = scatter_points(snapshot.overview)
    _write_scatter_points(ws, points, header_format, lang)
    first_col, last = SCATTER_DATA_COLUMN, max(len(points), 1)
    sheet = tables(lang)["summary"].sheet
    scatter = book.add_chart({"type": "scatter"})
    for offset, (_, colour) in enumerate(SCATTER_RAGS, start=2):
        scatter.add_series({
            "name": [sheet, 0, first_col + offset],
            "categories": [sheet, 1, first_col + 1, last, first_col + 1],
            "values": [sheet, 1, first_col + offset, last, first_col + offset],
            "marker": {"type": "circle", "size": 7, "fill": {"color": colour}, "border": {"color": "#404040"}},
        })
    scatter.set_title({"name": text("SPI / CPI par projet (couleur : météo globale)", lang)})
    scatter.set_x_axis({"name": text("SPI (délais)", lang), "min": 0.5, "max": 1.5, "crossing": 1.0})
    scatter.set_y_axis({"name": text("CPI (coûts)", lang), "min": 0.5, "max": 1.5, "crossing": 1.0})
    scatter.set_legend({"position": "bottom"})
    return scatter


def _budget_chart(book, ws, snapshot: PortfolioSnapshot) -> tuple[int, int]:
    lang = snapshot.language
    spec = tables(lang)["budget_monthly"]
    n = max(len(snapshot.budget_monthly), 1)
    chart = book.add_chart({"type": "line"})
    for key, name, color in (("cumulative_planned", "Prévu cumulé", "#4472C4"),
                             ("cumulative_actual", "Réel cumulé", "#ED7D31"),
                             ("cumulative_forecast", "Atterrissage cumulé", "#A5A5A5")):
        col = spec.keys.index(key)
        chart.add_series({
            "name": text(name, lang),
            "categories": [spec.sheet, 1, 0, n, 0],
            "values": [spec.sheet, 1, col, n, col],
            "line": {"color": color, "width": 2.25},
        })
    chart.set_title({"name": f"{text('Courbe en S du budget', lang)} ({snapshot.reporting_currency})"})
    chart.set_x_axis({"date_axis": True, "num_format": "mmm yy"})
    chart.set_y_axis({"num_format": money_format(snapshot.reporting_currency)})
    return _insert_chart(ws, CHART_ANCHORS["budget_monthly"], chart, 1.6, 1.3)


def _risk_chart(book, ws, snapshot: PortfolioSnapshot) -> tuple[int, int]:
    """Each project's probability of meeting its baseline finish (Monte Carlo), one bar per project."""
    lang = snapshot.language
    spec = tables(lang)["schedule_risk"]
    n = max(len(snapshot.schedule_risk), 1)
    col = spec.keys.index("probability_on_baseline")
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"name": spec.column("probability_on_baseline").header,
                      "categories": [spec.sheet, 1, 0, n, 0], "values": [spec.sheet, 1, col, n, col],
                      "fill": {"color": "#4472C4"}})
    chart.set_title({"name": text("Probabilité de tenir la fin de référence (Monte Carlo)", lang)})
    chart.set_x_axis({"min": 0, "max": 1, "num_format": "0 %"})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    return _insert_chart(ws, CHART_ANCHORS["schedule_risk"], chart, 1.3, max(1.2, 0.06 * n))


def print_period_text(status_date: date | None, period: str | None = None, lang: str = "fr") -> str:
    """The period line of the printed footer: "Période 2026-10 · date d'état 30/10/2026".

    ``period`` defaults to the month of the status date (the period of the KPI history).
    """
    word, status = ("Période", "date d'état") if lang == "fr" else ("Period", "status date")
    if status_date is None:
        return f"{word} {period}" if period else ""
    return f"{word} {period or f'{status_date:%Y-%m}'} · {status} {status_date:%d/%m/%Y}"


def build_managed_workbook(snapshot: PortfolioSnapshot, period: str | None = None,
                           thresholds: RagThresholds | None = None) -> bytes:
    """The managed sheets of ``snapshot`` as the bytes of a standalone .xlsx.

    The RAG colours follow ``thresholds`` (default: those the snapshot was
    rated with, the Config sheet's; else the engine's defaults), see
    :mod:`pmo_xl.io.rag_formats`.

    Every sheet prints on A4 landscape pages one page wide, its header row
    repeated, with ``period`` (default: the status date's month) and the page
    number in the footer.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": False,
    })
    formats = _Formats(book, snapshot.reporting_currency)
    thresholds = thresholds or snapshot.rag_thresholds or RagThresholds()
    lang = snapshot.language
    footer = print_period_text(_as_datetime(snapshot.status_date), period, lang)
    for spec in tables(lang).values():
        ws = book.add_worksheet(spec.sheet)
        if spec.key == "summary":
            _write_summary(ws, snapshot, formats)
            area = PrintArea(len(SUMMARY_ROWS), len(spec.columns) - 1)
            area = area.including(*_summary_charts(book, ws, snapshot, formats.header))
        else:
            rows = _write_table(book, ws, spec, snapshot.table(spec.key), formats, thresholds, lang)
            area = PrintArea(max(rows, 1), len(spec.columns) - 1)
            if spec.key == "budget_monthly":
                area = area.including(*_budget_chart(book, ws, snapshot))
            elif spec.key == "schedule_risk":
                area = area.including(*_risk_chart(book, ws, snapshot))
        apply_print_layout(ws, area, footer, lang)
    book.close()
    return buffer.getvalue()
