"""Budget roll-up of the portfolio in the reporting currency.

Every budget line is converted with the Config rates table (the month's rate
when the table has one, else the currency's rate) by
:func:`pmo_xl.engine.budget.budget_frame`, then summed by programme, project,
month, category and nature; the monthly table adds the cumulative S-curve.
A project whose lines use a currency without rate is left out of the roll-up
and reported as a located problem.
"""

from __future__ import annotations

import pandas as pd

from pmo_xl.engine.budget import CurrencyError, RatesTable, budget_frame
from pmo_xl.errors import Location, Problem, ProblemList

from .project_results import ProjectResult
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

AMOUNTS = ["planned", "actual", "forecast"]


def budget_table(results: list[ProjectResult], rates: RatesTable,
                 problems: ProblemList | None = None) -> pd.DataFrame:
    lines, programmes, codes = [], [], []
    for result in results:
        if not result.data.budget:
            continue
        try:
            for line in result.data.budget:  # the rate budget_frame will ask for, line by line
                rates.rate(line.currency, line.month)
        except CurrencyError as exc:
            if problems is not None:
                problems.append(Problem(f"budget left out of the roll-up: {exc.message}",
                                        Location(file=result.data.source, sheet=result.data.sheets.get("budget", "Budget")),
                                        code="missing_rate"))
            continue
        lines.extend(result.data.budget)
        programmes.extend([result.data.project.programme] * len(result.data.budget))
        codes.extend([result.code] * len(result.data.budget))
    if not lines:
        return conform(TABLES_BY_KEY["budget"], None)
    data = budget_frame(lines, rates)  # one frame for the portfolio: same rows as project by project
    data["programme"] = pd.Series(programmes, dtype=object)
    data["project_code"] = pd.Series(codes, dtype=object)
    for amount in AMOUNTS:
        data[amount + "_source"] = data[amount] / data["rate"]
    data["programme"] = data["programme"].fillna("")
    keys = ["programme", "project_code", "month", "category", "nature", "currency", "rate"]
    sums = AMOUNTS + [a + "_source" for a in AMOUNTS]
    grouped = data.groupby(keys, as_index=False, sort=True, dropna=False)[sums].sum()
    grouped["programme"] = grouped["programme"].replace("", None)
    return conform(TABLES_BY_KEY["budget"], grouped)


def budget_monthly_table(budget: pd.DataFrame) -> pd.DataFrame:
    if budget.empty:
        return conform(TABLES_BY_KEY["budget_monthly"], None)
    monthly = budget.groupby("month", as_index=False, sort=True)[AMOUNTS].sum()
    for amount in AMOUNTS:
        monthly["cumulative_" + amount] = monthly[amount].cumsum()
    return conform(TABLES_BY_KEY["budget_monthly"], monthly)
