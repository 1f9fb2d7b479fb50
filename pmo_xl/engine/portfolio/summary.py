"""The portfolio summary indicators, computed in Python.

The summary sheet recomputes each of these with an Excel formula over the
managed sheets (:func:`pmo_xl.io.master.sheets.summary_formulas`);
the values here are the cached results and must agree with a recalculation.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from pmo_xl.model import Committee, ItemStatus, label

from .figures import budget_to_date, milestones_due_on_time, portfolio_spi_cpi
from .governance import action_statistics
from pmo_xl.model.portfolio import SUMMARY_ROWS, TABLES_BY_KEY, PortfolioSnapshot, conform


def summary_values(snapshot: PortfolioSnapshot, projects_in_error: int) -> dict[str, float]:
    """Every numeric summary indicator of ``snapshot``."""
    overview, risks = snapshot.overview, snapshot.risks
    stats = action_statistics(snapshot.actions)
    open_labels = {label(ItemStatus.OPEN), label(ItemStatus.IN_PROGRESS)}
    open_risks = risks[risks["status"].isin(open_labels)]

    def total(frame: pd.DataFrame, column: str) -> float:
        return float(frame[column].sum(skipna=True)) if not frame.empty else 0.0

    status_date = snapshot.status_date
    period_start = snapshot.period.start if snapshot.period is not None else status_date
    actual_to_date, planned_to_date = budget_to_date(snapshot.budget, status_date)
    due, on_time = milestones_due_on_time(snapshot.milestones, period_start, status_date)
    spi, cpi = portfolio_spi_cpi(overview)

    return {
        "projects": float(len(overview)),
        "projects_in_error": float(projects_in_error),
        "rag_green": float((overview["rag_overall"] == "green").sum()),
        "rag_amber": float((overview["rag_overall"] == "amber").sum()),
        "rag_red": float((overview["rag_overall"] == "red").sum()),
        "rag_incomplete": float((overview["rag_overall"] == "incomplete").sum()),
        "problems": float(len(snapshot.errors)),
        "bac_total": total(overview, "bac"),
        "eac_total": total(overview, "eac"),
        "vac_total": total(overview, "vac"),
        "budget_planned_total": total(snapshot.budget, "planned"),
        "budget_actual_total": total(snapshot.budget, "actual"),
        "budget_forecast_total": total(snapshot.budget, "forecast"),
        "actions_total": float(stats.total),
        "actions_closed": float(stats.closed),
        "action_closure_rate": stats.closure_rate,
        "actions_overdue": float(stats.overdue),
        "decisions_awaiting": float(snapshot.decisions["awaiting_implementation"].fillna(False).astype(bool).sum()),
        "open_risks": float(len(open_risks)),
        "high_risks": float((open_risks["score"] >= snapshot.critical_risk_score).sum()),
        "over_allocations": float(snapshot.resources["over_allocated"].fillna(False).astype(bool).sum()),
        "red_alerts": float((snapshot.alerts["severity"] == "red").sum()),
        "budget_actual_to_date": actual_to_date,
        "budget_planned_to_date": planned_to_date,
        "budget_consumed_rate": actual_to_date / planned_to_date if planned_to_date else math.nan,
        "milestones_due": float(due),
        "milestones_on_time": float(on_time),
        "portfolio_spi": spi,
        "portfolio_cpi": cpi,
        "ac_total": total(overview, "ac"),
    }


def excel_serial(day: date | None) -> float:
    """The Excel date serial of ``day`` (NaN when None)."""
    if day is None:
        return math.nan
    return float((pd.Timestamp(day) - pd.Timestamp("1899-12-30")).days)


def next_meetings(committees, status_date: date) -> dict[str, float]:
    """Excel serial of the next meeting of each committee on or after the status date."""
    keys = {Committee.COPIL: "next_copil", Committee.COPROJ: "next_coproj", Committee.TECH: "next_tech"}
    found: dict[str, float] = {}
    for meeting in sorted(committees, key=lambda m: m.day):
        key = keys[meeting.committee]
        if meeting.day >= status_date and key not in found:
            found[key] = excel_serial(meeting.day)
    return found


def summary_table(snapshot: PortfolioSnapshot, values: dict[str, float]) -> pd.DataFrame:
    rows = []
    for row in SUMMARY_ROWS:
        unit = snapshot.reporting_currency if row.unit == "money" or row.indicator == "reporting_currency" else row.unit
        if row.indicator == "reporting_period":
            unit = snapshot.period.code if snapshot.period is not None else None
        if row.indicator == "status_date":
            value = excel_serial(snapshot.status_date)
        else:
            value = values.get(row.indicator, math.nan)
        rows.append({"indicator": row.indicator, "label": row.label, "value": value, "unit": unit or None})
    return conform(TABLES_BY_KEY["summary"], pd.DataFrame(rows))
