"""The Excel dashboard of a period: KPI tiles, native Excel charts and the tables behind them.

Written with xlsxwriter.  Numbers are written as numbers with an Excel
number format (Excel shows them in the reader's locale); text is always
written as text, never as a formula.  Every chart is a native Excel chart
whose series point at the ``Données graphiques`` / ``Chart data`` sheet, so
the numbers drawn are in the workbook.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.io.atomic import atomic_path
from pmo_xl.reports import charts as chart_module
from pmo_xl.reports.context import (
    PackContext,
    PackRequest,
    rag_of,
    select_scope,
    status_text,
)
from pmo_xl.reports.formatting import is_missing
from pmo_xl.i18n import english
from pmo_xl.model.enums import Committee, DecisionStatus, ItemStatus, Phase, Rag, label, parse_enum
from pmo_xl.reports.snapshot_words import dimension_en, finding_en

SHEETS = {
    "summary": ("Synthèse", "Summary"),
    "portfolio": ("Portefeuille", "Portfolio"),
    "chart_data": ("Données graphiques", "Chart data"),
    "alerts": ("Alertes", "Alerts"),
    "actions": ("Actions", "Actions"),
    "decisions": ("Décisions", "Decisions"),
    "overdue": ("Retards", "Overdue"),
    "errors": ("Erreurs", "Errors"),
}
RAG_COLOURS = {Rag.GREEN: "#C6EFCE", Rag.AMBER: "#FFEB9C", Rag.RED: "#FFC7CE", Rag.INCOMPLETE: "#D9D9D9",
               Rag.NOT_PROVIDED: "#D9D9D9"}


def sheet_name(key: str, lang: str) -> str:
    french, english = SHEETS[key]
    return french if lang == "fr" else english


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


class _Writer:
    """Cell writing with one format per kind of value."""

    def __init__(self, workbook: xlsxwriter.Workbook, currency: str):
        self.workbook = workbook
        self.formats = {
            "text": workbook.add_format({"text_wrap": False}),
            "header": workbook.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "text_wrap": True,
                                           "valign": "top"}),
            "money": workbook.add_format({"num_format": f'#,##0 "{currency}"'}),
            "number": workbook.add_format({"num_format": "#,##0"}),
            "decimal": workbook.add_format({"num_format": "0.0"}),
            "ratio": workbook.add_format({"num_format": "0.00"}),
            "percent": workbook.add_format({"num_format": "0%"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            "title": workbook.add_format({"bold": True, "font_size": 16, "font_color": "#1F4E79"}),
            "subtitle": workbook.add_format({"italic": True, "font_color": "#595959"}),
            "tile_value": workbook.add_format({"bold": True, "font_size": 14, "align": "center", "border": 1}),
            "tile_label": workbook.add_format({"align": "center", "border": 1, "text_wrap": True}),
        }
        for rag, colour in RAG_COLOURS.items():
            self.formats[f"rag_{rag.value}"] = workbook.add_format({"bg_color": colour, "align": "center"})

    def value(self, sheet, row: int, column: int, value, kind: str = "text") -> None:
        if is_missing(value):
            sheet.write_blank(row, column, None)
            return
        if kind == "text":
            sheet.write_string(row, column, str(value), self.formats["text"])
        elif kind == "date":
            if isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            if isinstance(value, date) and not isinstance(value, datetime):
                value = datetime(value.year, value.month, value.day)
            sheet.write_datetime(row, column, value, self.formats["date"])
        elif kind == "bool":
            sheet.write_boolean(row, column, bool(value))
        else:
            sheet.write_number(row, column, float(value), self.formats[kind])

    def table(self, sheet, first_row: int, columns: list[tuple[str, str, str]], records: list[dict], name: str) -> int:
        """A native Excel table; ``columns`` are (header, record key, kind).  Returns the last row."""
        for index, (header, key, kind) in enumerate(columns):
            for offset, record in enumerate(records, start=1):
                self.value(sheet, first_row + offset, index, record.get(key), kind)
        last_row = first_row + max(len(records), 1)
        sheet.add_table(first_row, 0, last_row, len(columns) - 1, {
            "name": name, "style": "Table Style Medium 2", "autofilter": True,
            "columns": [{"header": header, "header_format": self.formats["header"]} for header, _, _ in columns],
        })
        for index, (header, _, kind) in enumerate(columns):
            sheet.set_column(index, index, max(10, min(45, len(header) + 4)) if kind != "text" else 28)
        return last_row


PORTFOLIO_COLUMNS = (
    ("Code projet", "Project code", "project_code", "text"), ("Projet", "Project", "project_name", "text"),
    ("Programme", "Programme", "programme", "text"), ("Chef de projet", "Project manager", "project_manager", "text"),
    ("Sponsor", "Sponsor", "sponsor", "text"), ("Phase", "Phase", "phase", "text"),
    ("Météo globale", "Overall RAG", "rag_overall_label", "text"), ("Météo délais", "Schedule RAG", "rag_schedule_label", "text"),
    ("Météo coûts", "Cost RAG", "rag_cost_label", "text"), ("Avancement", "Progress", "percent_complete", "percent"),
    ("SPI", "SPI", "spi", "ratio"), ("CPI", "CPI", "cpi", "ratio"), ("BAC", "BAC", "bac", "money"),
    ("PV", "PV", "pv", "money"), ("EV", "EV", "ev", "money"), ("AC", "AC", "ac", "money"), ("EAC", "EAC", "eac", "money"),
    ("VAC", "VAC", "vac", "money"), ("Fin référence", "Baseline finish", "baseline_finish", "date"),
    ("Fin prévue", "Forecast finish", "forecast_finish", "date"), ("Glissement (j ouvrés)", "Slip (working days)", "slip_days", "number"),
    ("Risques ouverts", "Open risks", "open_risks", "number"), ("Actions en retard", "Overdue actions", "overdue_actions", "number"),
    ("Qualité des données", "Data quality", "data_quality_score", "percent"),
)


def write_dashboard(snapshot: PortfolioSnapshot, request: PackRequest, context: PackContext, target: str | Path) -> Path:
    """Write the period's Excel dashboard to ``target`` (atomically) and return its path."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as temporary:
        _write(snapshot, request, context, str(temporary))
    return target


def _write(snapshot: PortfolioSnapshot, request: PackRequest, context: PackContext, path: str) -> None:
    lang = request.lang
    scope = select_scope(snapshot, request.project)
    codes = set(scope["project_code"].astype(str))
    workbook = xlsxwriter.Workbook(path, {"nan_inf_to_errors": True, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    try:
        writer = _Writer(workbook, snapshot.reporting_currency)
        summary = workbook.add_worksheet(sheet_name("summary", lang))
        portfolio = workbook.add_worksheet(sheet_name("portfolio", lang))
        chart_data = workbook.add_worksheet(sheet_name("chart_data", lang))
        _write_summary_header(summary, writer, context, lang)
        _write_portfolio(portfolio, writer, scope, lang, snapshot.kpi_shown)
        chart_positions = _write_chart_data(chart_data, writer, (context.dashboard_charts or context.charts), lang)
        _add_native_charts(workbook, summary, chart_data, (context.dashboard_charts or context.charts), chart_positions, lang)
        for key, frame, columns in _register_tables(snapshot, codes, request, lang):
            sheet = workbook.add_worksheet(sheet_name(key, lang))
            writer.table(sheet, 0, [(header, column, kind) for header, column, kind in columns],
                         frame, "tbl" + key.capitalize())
    finally:
        workbook.close()


def _write_summary_header(sheet, writer: _Writer, context: PackContext, lang: str) -> None:
    meta = context.values["meta"]
    sheet.write_string(0, 0, f"{meta['title']} – {meta['period_label']}", writer.formats["title"])
    sheet.write_string(1, 0, _t(lang, "Date de situation : ", "Status date: ") + meta["status_date"]
                       + " · " + meta["scope"], writer.formats["subtitle"])
    for index, tile in enumerate(context.values.get("kpis", [])):
        column = index * 2
        sheet.merge_range(3, column, 3, column + 1, tile["value"], writer.formats["tile_value"])
        sheet.merge_range(4, column, 4, column + 1, tile["label"], writer.formats["tile_label"])
        sheet.merge_range(5, column, 5, column + 1, tile["detail"], writer.formats["tile_label"])
    sheet.set_row(5, 30)
    sheet.set_column(0, 13, 13)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def _write_portfolio(sheet, writer: _Writer, scope: pd.DataFrame, lang: str, shown: Callable[[str], bool]) -> None:
    """The portfolio table, without the columns of the KPIs the catalogue switches off."""
    records = []
    for record in scope.to_dict("records"):
        record = dict(record)
        for column in ("rag_overall", "rag_schedule", "rag_cost"):
            rag = rag_of(record[column])
            record[column + "_label"] = label(rag, lang) if rag else None
        phase = parse_enum(Phase, record["phase"])
        record["phase"] = label(phase, lang) if phase is not None else record["phase"]
        records.append(record)
    columns = [(fr if lang == "fr" else en, key, kind) for fr, en, key, kind in PORTFOLIO_COLUMNS if shown(key)]
    last_row = writer.table(sheet, 0, columns, records, "tblPortfolio")
    sheet.freeze_panes(1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    for rag, colour in RAG_COLOURS.items():
        for column in (6, 7, 8):
            sheet.conditional_format(1, column, last_row, column, {
                "type": "cell", "criteria": "==", "value": f'"{label(rag, lang)}"',
                "format": writer.formats[f"rag_{rag.value}"]})


def _write_chart_data(sheet, writer: _Writer, drawn: list[chart_module.Chart], lang: str) -> dict[str, tuple[int, int]]:
    """Each chart's data table, one under the other; returns (first data row, rows) by chart key."""
    positions = {}
    row = 0
    for chart in drawn:
        sheet.write_string(row, 0, chart.title, writer.formats["title"])
        sheet.write_string(row + 1, 0, chart.caption, writer.formats["subtitle"])
        header_row = row + 2
        for column, name in enumerate(chart.data.columns):
            sheet.write_string(header_row, column, str(name), writer.formats["header"])
        for offset, values in enumerate(chart.data.itertuples(index=False), start=1):
            for column, value in enumerate(values):
                if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
                    writer.value(sheet, header_row + offset, column, value,
                                 "ratio" if chart.key == "spi_cpi_scatter" else "number")
                else:
                    writer.value(sheet, header_row + offset, column, value, "text")
        positions[chart.key] = (header_row + 1, len(chart.data))
        row = header_row + len(chart.data) + 3
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 6, 22)
    return positions


def _add_native_charts(workbook, summary, chart_data, drawn, positions, lang: str) -> None:
    data_sheet = chart_data.get_name()
    quoted = "'" + data_sheet.replace("'", "''") + "'"
    anchor_row = 8
    for index, chart in enumerate(drawn):
        first, count = positions[chart.key]
        if count == 0:
            continue
        last = first + count - 1
        native = _native_chart(workbook, chart, quoted, first, last, lang)
        native.set_title({"name": chart.title})
        native.set_size({"width": 620, "height": 320})
        # two charts side by side: 620 px is less than 7 columns of 13 characters (about 96 px each)
        cell = xl_rowcol_to_cell(anchor_row + (index // 2) * 17, (index % 2) * 7)
        summary.insert_chart(cell, native)


def _native_chart(workbook, chart: chart_module.Chart, sheet: str, first: int, last: int, lang: str):
    def series(column: int, name_row: int, **extra) -> dict:
        return {"name": [sheet.strip("'").replace("''", "'"), name_row, column],
                "categories": [sheet.strip("'").replace("''", "'"), first, 0, last, 0],
                "values": [sheet.strip("'").replace("''", "'"), first, column, last, column], **extra}

    header_row = first - 1
    if chart.key == "budget_s_curve":
        native = workbook.add_chart({"type": "line"})
        for column, colour in ((1, chart_module.PLANNED_COLOUR), (2, chart_module.ACTUAL_COLOUR), (3, chart_module.FORECAST_COLOUR)):
            native.add_series(series(column, header_row, line={"color": colour}))
    elif chart.key == "spi_cpi_scatter":
        native = workbook.add_chart({"type": "scatter"})
        name = sheet.strip("'").replace("''", "'")
        native.add_series({"name": "SPI / CPI", "categories": [name, first, 1, last, 1],
                           "values": [name, first, 2, last, 2], "marker": {"type": "circle", "size": 6}})
        native.set_x_axis({"name": "SPI"})
        native.set_y_axis({"name": "CPI"})
        native.set_legend({"none": True})
    elif chart.key == "rag_trend":
        native = workbook.add_chart({"type": "column", "subtype": "stacked"})
        for column, key in ((1, "green"), (2, "amber"), (3, "red")):
            native.add_series(series(column, header_row, fill={"color": chart_module.RAG_COLOURS[key]}))
    elif chart.key == "milestone_trend":
        native = workbook.add_chart({"type": "column"})
        native.add_series(series(2, header_row, fill={"color": chart_module.RAG_COLOURS["green"]}))
        native.add_series(series(3, header_row, fill={"color": chart_module.RAG_COLOURS["red"]}))
        line = workbook.add_chart({"type": "line"})
        line.add_series(series(1, header_row, line={"color": chart_module.PLANNED_COLOUR}))
        native.combine(line)
    elif chart.key == "schedule_quality":  # each project's checks passed, failed and not applicable, stacked
        native = workbook.add_chart({"type": "bar", "subtype": "stacked"})
        for column, colour in ((1, chart_module.OUTCOME_COLOURS[True]), (2, chart_module.OUTCOME_COLOURS[False]),
                               (3, chart_module.OUTCOME_COLOURS[None])):
            native.add_series(series(column, header_row, fill={"color": colour}))
        native.set_x_axis({"name": _t(lang, "Contrôles DCMA", "DCMA checks"), "max": 14, "major_unit": 2})
        native.set_y_axis({"reverse": True})
    elif chart.key == "schedule_risk":  # each project's probability of meeting its baseline finish, in %
        native = workbook.add_chart({"type": "bar"})
        native.add_series(series(3, header_row, fill={"color": chart_module.PLANNED_COLOUR}))
        native.set_x_axis({"min": 0, "max": 100})
        native.set_y_axis({"reverse": True})
        native.set_legend({"none": True})
    else:  # risk_heatmap: open risks by impact, one series per probability
        native = workbook.add_chart({"type": "column", "subtype": "stacked"})
        name = sheet.strip("'").replace("''", "'")
        for offset in range(last - first + 1):
            native.add_series({"name": f"{_t(lang, 'Probabilité', 'Probability')} {offset + 1}",
                               "categories": [name, header_row, 1, header_row, 5],
                               "values": [name, first + offset, 1, first + offset, 5]})
        native.set_x_axis({"name": _t(lang, "Impact", "Impact")})
    return native


def _register_tables(snapshot: PortfolioSnapshot, codes: set[str], request: PackRequest, lang: str):
    def scoped(frame: pd.DataFrame) -> pd.DataFrame:
        if request.project and "project_code" in frame.columns:
            return frame[frame["project_code"].astype(str).isin(codes)]
        return frame

    alerts = scoped(snapshot.alerts).copy()
    alerts["severity_label"] = alerts["severity"].map(lambda v: label(rag_of(v), lang) if rag_of(v) else v)
    if lang != "fr":
        alerts["dimension"] = alerts["dimension"].map(dimension_en)
        alerts["message"] = alerts["message"].map(finding_en)
    actions = scoped(snapshot.actions).copy()
    actions["status_label"] = actions["status"].map(lambda v: status_text(v, ItemStatus, lang))
    actions["committee_label"] = actions["committee"].map(lambda v: status_text(v, Committee, lang))
    decisions = scoped(snapshot.decisions).copy()
    decisions["status_label"] = decisions["status"].map(lambda v: status_text(v, DecisionStatus, lang))
    decisions["committee_label"] = decisions["committee"].map(lambda v: status_text(v, Committee, lang))
    yield "alerts", alerts.to_dict("records"), [
        (_t(lang, "Code projet", "Project code"), "project_code", "text"), ("Dimension", "dimension", "text"),
        (_t(lang, "Gravité", "Severity"), "severity_label", "text"), (_t(lang, "Indicateur", "Indicator"), "indicator", "text"),
        (_t(lang, "Valeur", "Value"), "value", "ratio"), (_t(lang, "Seuil", "Threshold"), "threshold", "ratio"),
        (_t(lang, "Constat", "Finding"), "message", "text"),
        (_t(lang, "Action corrective proposée", "Proposed corrective action"), "corrective_action", "text")]
    yield "actions", actions.to_dict("records"), [
        (_t(lang, "Code projet", "Project code"), "project_code", "text"), ("Id", "action_id", "text"),
        ("Action", "title", "text"), (_t(lang, "Responsable", "Owner"), "owner", "text"),
        (_t(lang, "Comité", "Committee"), "committee_label", "text"), (_t(lang, "Échéance", "Due"), "due_date", "date"),
        (_t(lang, "Statut", "Status"), "status_label", "text"), (_t(lang, "Jours de retard", "Days overdue"), "days_overdue", "number")]
    yield "decisions", decisions.to_dict("records"), [
        (_t(lang, "Code projet", "Project code"), "project_code", "text"), ("Id", "decision_id", "text"),
        (_t(lang, "Décision", "Decision"), "title", "text"), (_t(lang, "Comité", "Committee"), "committee_label", "text"),
        (_t(lang, "Décidée le", "Decided on"), "decided_on", "date"), (_t(lang, "Statut", "Status"), "status_label", "text"),
        (_t(lang, "Responsable", "Owner"), "owner", "text"), (_t(lang, "Échéance", "Due"), "due_date", "date")]
    from pmo_xl.reports.followup_context import overdue_records, register_word

    overdue = overdue_records(snapshot, codes if request.project else None)
    for record in overdue:
        record["register_label"] = register_word(record["register"], lang)
        record["escalated_label"] = _t(lang, "oui", "yes") if bool(record["escalated"]) else _t(lang, "non", "no")
    yield "overdue", overdue, [
        (_t(lang, "Registre", "Register"), "register_label", "text"),
        (_t(lang, "Code projet", "Project code"), "project_code", "text"), (_t(lang, "Réf.", "Ref."), "item_id", "text"),
        (_t(lang, "Intitulé", "Title"), "title", "text"), (_t(lang, "Responsable", "Owner"), "owner", "text"),
        (_t(lang, "Échéance", "Due"), "due_date", "date"),
        (_t(lang, "Jours de retard", "Days overdue"), "days_overdue", "number"),
        (_t(lang, "Escaladé au COPIL", "Escalated to the COPIL"), "escalated_label", "text")]
    errors = snapshot.errors.copy()
    if lang != "fr":
        for column in ("message", "expected"):
            errors[column] = errors[column].map(lambda v: english(v) if isinstance(v, str) else v)
    errors["severity_label"] = errors["severity"].map(
        lambda v: {"error": _t(lang, "erreur", "error"), "warning": _t(lang, "avertissement", "warning")}.get(
            str(v).strip().lower(), v))
    yield "errors", errors.to_dict("records"), [
        (_t(lang, "Fichier", "File"), "file", "text"), (_t(lang, "Feuille", "Sheet"), "sheet", "text"),
        (_t(lang, "Cellule", "Cell"), "cell", "text"), (_t(lang, "Ligne", "Row"), "row", "number"),
        (_t(lang, "Colonne", "Column"), "column", "text"), (_t(lang, "Gravité", "Severity"), "severity_label", "text"),
        ("Message", "message", "text"), (_t(lang, "Trouvé", "Found"), "found", "text"),
        (_t(lang, "Attendu", "Expected"), "expected", "text")]
