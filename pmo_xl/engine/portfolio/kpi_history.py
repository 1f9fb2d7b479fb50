"""The KPI history: one snapshot row per project and KPI per consolidated period.

Each consolidation appends the rows of its reporting period; rows of the same
period already in the history are replaced, never duplicated, so re-running
a period is idempotent.  ``period`` is the period's code as consolidated
(``2026-10``, ``2026-W44``, ``2026-Q4``: a weekly run stays a week).  The
RAG of a row rates the value with the KPI catalogue's bounds (Config
tblKPI, see :class:`~pmo_xl.model.portfolio.KpiDefinition`): green from the
green bound, amber from the amber bound, red beyond; the indices and the slip
without bounds of their own use the RAG bands of tblSeuilsRAG, as the
project RAG does.  A KPI switched off in the catalogue has no row.

The RAG of each project is recorded too, as KPIs of their own
(:data:`RAG_KPIS`): ``rag_overall`` (the overall RAG computed by the engine)
and ``rag_schedule``, ``rag_cost``, ``rag_scope``, ``rag_risk`` (one per
dimension).  Their ``rag`` column holds the RAG code (``green``, ``amber``,
``red``) and their ``value`` the numeric code of :data:`RAG_VALUES`
(0 green, 1 amber, 2 red: the higher, the worse), so Excel can chart or
average them; they have no target.  A project without a rating for a
dimension has no row for it.
"""

from __future__ import annotations

import math

import pandas as pd

from pmo_xl.engine.rag import RagThresholds, rag_of_excess, rag_of_index

from .common import PORTFOLIO_CODE
from pmo_xl.model.period import ReportingPeriod
from pmo_xl.model.portfolio import TABLES_BY_KEY, KpiDefinition, conform

PROJECT_KPIS = ("spi", "cpi", "spi_t", "slip_days", "percent_complete", "eac", "vac", "overdue_actions",
                "open_risks", "data_quality_score", "compliance_score")
INDEX_KPIS = ("spi", "cpi", "spi_t")
#: The RAG KPIs: history KPI code → overview column it is taken from.
RAG_KPIS = {"rag_overall": "rag_overall", "rag_schedule": "rag_schedule", "rag_cost": "rag_cost",
            "rag_scope": "rag_scope", "rag_risk": "rag_risk"}
#: The numeric code of a RAG in the ``value`` column of a RAG KPI row (the higher, the worse).
RAG_VALUES = {"green": 0.0, "amber": 1.0, "red": 2.0}


def kpi_rag(code: str, value: float, kpis: dict[str, KpiDefinition], thresholds: RagThresholds) -> str | None:
    """The RAG of KPI ``code`` at ``value`` by the catalogue's bounds (the RAG bands for indices and slip)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    kpi = kpis.get(code)
    if kpi is None or kpi.target is None:
        if code in INDEX_KPIS:
            rag = rag_of_index(value, thresholds)
        elif code == "slip_days":
            rag = rag_of_excess(value, thresholds.slip_green_days, thresholds.slip_amber_days)
        else:
            return None
        return None if rag is None else rag.value
    if kpi.direction == "min":
        if value >= kpi.target:
            return "green"
        return "amber" if kpi.amber is not None and value >= kpi.amber else "red"
    if value <= kpi.target:
        return "green"
    return "amber" if kpi.amber is not None and value <= kpi.amber else "red"


def is_active(code: str, kpis: dict[str, KpiDefinition]) -> bool:
    """False when the catalogue switches ``code`` off; KPIs the catalogue does not list stay on."""
    kpi = kpis.get(code)
    return kpi is None or kpi.active


def rag_code(value) -> str | None:
    """``green``/``amber``/``red`` from a RAG or its code; None when missing or not a RAG."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(getattr(value, "value", value)).strip().lower()
    return text if text in RAG_VALUES else None


def snapshot_rows(overview: pd.DataFrame, portfolio_values: dict[str, float], period: ReportingPeriod,
                  kpis: dict[str, KpiDefinition], thresholds: RagThresholds) -> pd.DataFrame:
    """The KPI rows of this period: project KPIs and RAGs, plus portfolio-level ones.

    ``period`` is the settled reporting period; its code (``2026-10``,
    ``2026-W44``, ``2026-Q4``) is the ``period`` of every row.
    """
    rows = []
    status_date, period = period.status_date, period.code
    for rec in overview.to_dict("records"):
        for code in PROJECT_KPIS:
            if not is_active(code, kpis):
                continue
            value = rec.get(code)
            value = math.nan if value is None else float(value)
            if math.isnan(value):
                continue
            rows.append({"status_date": status_date, "period": period, "project_code": rec["project_code"],
                         "kpi": code, "value": value,
                         "target": kpis[code].target if code in kpis and kpis[code].target is not None else math.nan,
                         "rag": kpi_rag(code, value, kpis, thresholds)})
        for code, column in RAG_KPIS.items():
            rag = rag_code(rec.get(column))
            if rag is None:
                continue
            rows.append({"status_date": status_date, "period": period, "project_code": rec["project_code"],
                         "kpi": code, "value": RAG_VALUES[rag], "target": math.nan, "rag": rag})
    for code, value in portfolio_values.items():
        if not is_active(code, kpis) or value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        rows.append({"status_date": status_date, "period": period, "project_code": PORTFOLIO_CODE,
                     "kpi": code, "value": float(value),
                     "target": kpis[code].target if code in kpis and kpis[code].target is not None else math.nan,
                     "rag": kpi_rag(code, float(value), kpis, thresholds)})
    return conform(TABLES_BY_KEY["kpi_history"], pd.DataFrame(rows))


def merge_history(previous: pd.DataFrame, current: pd.DataFrame, period: ReportingPeriod) -> pd.DataFrame:
    """``previous`` without the rows of ``period`` (one entry per period), plus ``current``, sorted."""
    spec = TABLES_BY_KEY["kpi_history"]
    previous = conform(spec, previous)
    keep = previous[previous["period"] != period.code] if not previous.empty else previous
    merged = pd.concat([df for df in (keep, conform(spec, current)) if not df.empty], ignore_index=True) \
        if (not keep.empty or not current.empty) else conform(spec, None)
    if merged.empty:
        return conform(spec, None)
    merged = merged.sort_values(["status_date", "project_code", "kpi"], kind="stable")
    return conform(spec, merged)
