"""The portfolio figures shown on every output, each with its one definition.

The Synthèse of the master, the packs' KPI tiles and the dashboards all take
these figures from the functions here (through the snapshot's summary for
the whole portfolio), so one figure has one value everywhere:

* **budget consumed** = Σ actual / Σ planned of the budget lines of the months
  up to the status date (the approved budget *to date*);
* **milestones due** = milestones whose baseline finish falls in the period
  on or before the status date; **on time** = those achieved by their
  baseline finish;
* **portfolio SPI / CPI** = ΣEV / ΣPV and ΣEV / ΣAC over the projects.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd


def budget_to_date(budget: pd.DataFrame, status_date: date) -> tuple[float, float]:
    """(Σ actual, Σ planned) of the budget lines of months up to ``status_date``."""
    if budget.empty:
        return 0.0, 0.0
    months = pd.to_datetime(budget["month"])
    mask = months <= pd.Timestamp(status_date)
    return float(budget.loc[mask, "actual"].sum()), float(budget.loc[mask, "planned"].sum())


def budget_consumed_rate(budget: pd.DataFrame, status_date: date) -> float:
    """Budget consumed: Σ actual / Σ planned to date (NaN when nothing is planned to date)."""
    actual, planned = budget_to_date(budget, status_date)
    return actual / planned if planned else math.nan


def milestones_due_on_time(milestones: pd.DataFrame, period_start: date, status_date: date) -> tuple[int, int]:
    """(milestones due in the period on or before the status date, those achieved by their baseline finish)."""
    if milestones.empty:
        return 0, 0
    baseline = pd.to_datetime(milestones["baseline_finish"]).dt.normalize()
    due = milestones[(baseline >= pd.Timestamp(period_start)) & (baseline <= pd.Timestamp(status_date))]
    actual = pd.to_datetime(due["actual_finish"]).dt.normalize()
    on_time = actual.notna() & (actual <= pd.to_datetime(due["baseline_finish"]).dt.normalize())
    return len(due), int(on_time.sum())


def portfolio_spi_cpi(overview: pd.DataFrame) -> tuple[float, float]:
    """Portfolio SPI = ΣEV / ΣPV and CPI = ΣEV / ΣAC (NaN when a denominator is zero)."""
    ev, pv, ac = (float(overview[c].sum(skipna=True)) for c in ("ev", "pv", "ac"))
    return (ev / pv if pv else math.nan), (ev / ac if ac else math.nan)
