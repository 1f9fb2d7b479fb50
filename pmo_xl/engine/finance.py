"""CAPEX and OPEX per fiscal year against the approved envelope.

A bank reports a project's money by fiscal year and by nature of spending
(CAPEX, OPEX).  :func:`fiscal_year_table` turns the consolidated budget lines
(one per project, month, category, already in the reporting currency) and
each project's approved budget into one row per project, fiscal year and
category:

* ``planned``: the budget lines' planned amounts of that year and category;
* ``approved``: the project's approved envelope, allocated to the years and
  categories in proportion to ``planned`` (the workbook approves one amount
  per project); a project without an approved budget has none;
* ``actual_to_date``: actual amounts of the months up to the status date;
* ``forecast_to_complete``: forecast amounts of the months after it;
* ``estimate_at_completion`` = actual to date + forecast to complete;
* ``variance`` = approved − estimate at completion (negative: overspend).

The fiscal year is named by the calendar year it starts in (``"2026"``), or
``"2026-27"`` when it does not start in January (``start_month``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

FINANCE_COLUMNS = ("project_code", "fiscal_year", "category", "approved", "planned", "actual_to_date",
                   "forecast_to_complete", "estimate_at_completion", "variance")


def fiscal_year_label(month: date, start_month: int = 1) -> str:
    """The fiscal year ``month`` falls in: ``"2026"``, or ``"2026-27"`` for a year starting in July."""
    first_year = month.year if month.month >= start_month else month.year - 1
    if start_month == 1:
        return str(first_year)
    return f"{first_year}-{(first_year + 1) % 100:02d}"


def fiscal_year_table(budget: pd.DataFrame, approved: dict[str, float | None], status_date: date,
                      start_month: int = 1) -> pd.DataFrame:
    """One row per project, fiscal year and category; see the module docstring for each amount."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"a fiscal year starts in month 1 to 12, not {start_month}")
    if budget.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in FINANCE_COLUMNS})
    months = pd.to_datetime(budget["month"])
    past = months <= pd.Timestamp(status_date)
    lines = pd.DataFrame({
        "project_code": budget["project_code"].astype(str).to_numpy(),
        "fiscal_year": [fiscal_year_label(m.date(), start_month) for m in months],
        "category": budget["category"].astype(str).to_numpy(),
        "planned": budget["planned"].fillna(0.0).to_numpy(),
        "actual_to_date": np.where(past, budget["actual"].fillna(0.0), 0.0),
        "forecast_to_complete": np.where(past, 0.0, budget["forecast"].fillna(0.0)),
    })
    table = lines.groupby(["project_code", "fiscal_year", "category"], as_index=False, sort=True).sum()
    table["estimate_at_completion"] = table["actual_to_date"] + table["forecast_to_complete"]
    planned_total = table.groupby("project_code")["planned"].transform("sum")
    envelope = table["project_code"].map(lambda code: approved.get(code)).astype("float64")
    share = table["planned"] / planned_total.where(planned_total != 0)
    table["approved"] = envelope * share
    table["variance"] = table["approved"] - table["estimate_at_completion"]
    return table[list(FINANCE_COLUMNS)]


def fiscal_year_totals(table: pd.DataFrame) -> pd.DataFrame:
    """The portfolio's amounts per fiscal year and category (sums of :func:`fiscal_year_table`)."""
    amounts = [c for c in FINANCE_COLUMNS if c not in ("project_code", "fiscal_year", "category")]
    if table.empty:
        return pd.DataFrame(columns=["fiscal_year", "category", *amounts])
    return table.groupby(["fiscal_year", "category"], as_index=False, sort=True)[amounts].sum(min_count=1)
