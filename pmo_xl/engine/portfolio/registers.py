"""The consolidated risk register, its 5×5 heat map and the issues register.

Risk score = probability × impact (1..25).  Exposure is converted from the
project currency to the reporting currency.  The heat map counts open risks
(open or in progress) by probability (rows, 5 at the top) and impact
(columns 1..5).  An issue is overdue when it is still open at the status
date past its due date; its age counts from the day it was raised.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from pmo_xl.engine.budget import CurrencyError, RatesTable

from .common import as_date, is_open, status_label
from .project_results import ProjectResult
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform


def risks_table(results: list[ProjectResult], rates: RatesTable, status_date: date) -> pd.DataFrame:
    rows = []
    for result in results:
        currency = result.data.project.currency
        try:
            rate = rates.rate(currency, status_date)
        except CurrencyError:
            rate = math.nan
        for risk in result.data.risks:
            rows.append({
                "project_code": result.code,
                "risk_id": risk.id,
                "title": risk.title,
                "probability": risk.probability,
                "impact": risk.impact,
                "score": risk.probability * risk.impact,
                "exposure": risk.exposure * rate if risk.exposure is not None else math.nan,
                "owner": risk.owner,
                "status": status_label(risk.status),
                "category": risk.category,
                "response": risk.response,
                "due_date": risk.due_date,
            })
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values(["score", "project_code", "risk_id"], ascending=[False, True, True],
                                  kind="stable")
    return conform(TABLES_BY_KEY["risks"], frame)


def risk_heatmap_table(results: list[ProjectResult]) -> pd.DataFrame:
    counts = {(p, i): 0 for p in range(1, 6) for i in range(1, 6)}
    for result in results:
        for risk in result.data.risks:
            if is_open(risk.status) and (risk.probability, risk.impact) in counts:
                counts[(risk.probability, risk.impact)] += 1
    rows = [{"probability": p, **{f"impact_{i}": counts[(p, i)] for i in range(1, 6)}}
            for p in range(5, 0, -1)]
    return conform(TABLES_BY_KEY["risk_heatmap"], pd.DataFrame(rows))


def issues_table(results: list[ProjectResult], status_date: date) -> pd.DataFrame:
    rows = []
    for result in results:
        for issue in result.data.issues:
            open_now = is_open(issue.status)
            due = as_date(issue.due_date)
            raised = as_date(issue.raised_on)
            rows.append({
                "project_code": result.code,
                "issue_id": issue.id,
                "title": issue.title,
                "severity": issue.severity,
                "owner": issue.owner,
                "status": status_label(issue.status),
                "raised_on": raised,
                "due_date": due,
                "overdue": bool(open_now and due is not None and due < status_date),
                "age_days": (status_date - raised).days if open_now and raised else math.nan,
            })
    return conform(TABLES_BY_KEY["issues"], pd.DataFrame(rows))
