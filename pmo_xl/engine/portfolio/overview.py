"""The portfolio overview: one row per project.

Dates vs baseline come from the portfolio schedule (leaf tasks' earliest
start and latest finish); ``slip_days`` is forecast finish − baseline finish
in working days of the project's calendar (as every slip of the portfolio
tables and the schedule RAG); ``percent_complete`` is the duration-weighted completion of
leaf tasks (0..1).  Earned-value figures and RAGs are the engine's, in the
reporting currency.  Freshness: ``data_age_days`` = portfolio status date −
the workbook's own status date; ``stale`` when that age exceeds the Config
threshold or the workbook has no status date.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from pmo_xl.engine.rag import latest_status_report
from pmo_xl.model import label
from pmo_xl.model.schemas import TABLES_BY_KEY as WORKBOOK_TABLES

from .common import as_date, is_open, number, timestamp
from .integrity import DEFAULT_QUALITY_THRESHOLD, DataIntegrity, gated_rags
from .project_results import ProjectResult, working_days_slip
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform


def forecast_dates(result: ProjectResult) -> tuple:
    leaves = result.leaf_tasks
    if leaves.empty:
        return pd.NaT, pd.NaT
    return leaves["start"].min(), leaves["finish"].max()


def baseline_dates(result: ProjectResult) -> tuple:
    project = result.data.project
    leaves = result.leaf_tasks
    start = timestamp(project.baseline_start)
    finish = timestamp(project.baseline_finish)
    if pd.isna(start) and not leaves.empty:
        start = leaves["baseline_start"].min()
    if pd.isna(finish) and not leaves.empty:
        finish = leaves["baseline_finish"].max()
    return start, finish


def percent_complete(result: ProjectResult) -> float:
    """Duration-weighted completion of leaf tasks, 0..1 (milestones count as one day)."""
    leaves = [t for t in result.data.tasks if not t.summary]
    if not leaves:
        return math.nan
    weights = [max(float(t.duration_days or 0.0), 1.0 if t.milestone else 0.0) for t in leaves]
    total = sum(weights)
    if total == 0:
        return math.nan
    return sum(w * float(t.percent_complete or 0.0) for w, t in zip(weights, leaves)) / total / 100.0


def top_risk(result: ProjectResult):
    open_risks = [r for r in result.data.risks if is_open(r.status)]
    if not open_risks:
        return None
    return max(open_risks, key=lambda r: (r.score, -result.data.risks.index(r)))


def overdue_action_count(result: ProjectResult, status_date: date) -> int:
    return sum(1 for a in result.data.actions
               if is_open(a.status) and a.due_date is not None and as_date(a.due_date) < status_date)


def overview_table(results: list[ProjectResult], status_date: date, stale_after_days: int,
                   compliance_scores: dict[str, float] | None = None,
                   integrity: dict[str, DataIntegrity] | None = None,
                   quality_threshold: float = DEFAULT_QUALITY_THRESHOLD) -> pd.DataFrame:
    """The overview DataFrame (columns of the ``overview`` table), weathers through the integrity gate.

    ``integrity`` holds each project's :class:`DataIntegrity` (a project
    without one counts as read whole); see :mod:`pmo_xl.engine.portfolio.integrity`.
    """
    compliance_scores = compliance_scores or {}
    integrity = integrity or {}
    rows = []
    for result in results:
        project = result.data.project
        f_start, f_finish = forecast_dates(result)
        b_start, b_finish = baseline_dates(result)
        ev = result.ev
        rag = result.rag
        declared = latest_status_report(result.data, status_date)
        risk = top_risk(result)
        workbook_date = as_date(project.status_date)
        age = (status_date - workbook_date).days if workbook_date else math.nan
        read = integrity.get(project.code) or DataIntegrity(1, 0, 0, (), 0)
        rags = gated_rags({d: _rag(rag, d) for d in ("schedule", "cost", "scope", "risk", "overall")}, read,
                          quality_threshold)
        rows.append({
            "project_code": project.code,
            "project_name": project.name,
            "programme": project.programme,
            "business_line": project.business_line,
            "phase": label(project.phase),
            "methodology": label(project.methodology),
            "project_manager": project.project_manager,
            "sponsor": project.sponsor,
            "priority": project.priority,
            "baseline_start": b_start,
            "baseline_finish": b_finish,
            "forecast_start": f_start,
            "forecast_finish": f_finish,
            "slip_days": working_days_slip(result.calendar, b_finish, f_finish),
            "percent_complete": percent_complete(result),
            "bac": number(ev.bac) if ev else math.nan,
            "pv": number(ev.pv) if ev else math.nan,
            "ev": number(ev.ev) if ev else math.nan,
            "ac": number(ev.ac) if ev else math.nan,
            "spi": number(ev.spi) if ev else math.nan,
            "cpi": number(ev.cpi) if ev else math.nan,
            "spi_t": number(ev.spi_t) if ev else math.nan,
            "eac": number(ev.eac) if ev else math.nan,
            "vac": number(ev.vac) if ev else math.nan,
            "rag_schedule": rags["schedule"],
            "rag_cost": rags["cost"],
            "rag_scope": rags["scope"],
            "rag_risk": rags["risk"],
            "rag_overall": rags["overall"],
            "self_rag_overall": declared.overall.value if declared and declared.overall else None,
            "top_risk": risk.title if risk else None,
            "top_risk_score": risk.score if risk else math.nan,
            "open_risks": sum(1 for r in result.data.risks if is_open(r.status)),
            "overdue_actions": overdue_action_count(result, status_date),
            "compliance_score": compliance_scores.get(project.code, math.nan),
            "data_quality_score": read.score,
            "rejected_rows": float(read.rejected_rows),
            "missing_sheets": ", ".join(WORKBOOK_TABLES[k].sheet_fr if k in WORKBOOK_TABLES else k
                                        for k in read.missing_sheets) or None,
            "problem_count": float(read.problem_count),
            "workbook_status_date": timestamp(workbook_date),
            "data_age_days": age,
            "stale": bool(workbook_date is None or age > stale_after_days),
            "file_modified": timestamp(result.file_modified),
            "source_file": result.data.source,
        })
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values(["programme", "project_code"], na_position="last", kind="stable")
    return conform(TABLES_BY_KEY["overview"], frame)


def _rag(assessment, dimension: str):
    if assessment is None:
        return None
    value = assessment.rag(dimension)
    return None if value is None else value.value
