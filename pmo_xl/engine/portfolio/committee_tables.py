"""The snapshot tables committee packs read besides the managed registers.

:func:`committee_tables` is called once by the consolidation: CAPEX/OPEX per
fiscal year against the approved envelope, the project managers' narratives,
the decision requests with their case, and the sprints; amounts are
converted to the reporting currency through the Config rates table.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pmo_xl.engine.budget import RatesTable
from pmo_xl.engine.committee_facts import (
    agile_progress,
    decision_request_table,
    narrative_table,
    sprint_table,
    team_load_table,
)
from pmo_xl.engine.finance import fiscal_year_table
from pmo_xl.errors import Location, PmoError, Problem, Severity
from pmo_xl.model import DecisionStatus, ProjectData

from pmo_xl.model.portfolio import TABLES_BY_KEY, conform
from pmo_xl.model.schemas import DECISIONS


def _in_reporting_currency(amount: float | None, currency: str, rates: RatesTable, day: date) -> float | None:
    if amount is None:
        return None
    try:
        return float(amount) * rates.rate(currency, day)
    except PmoError:  # no rate for the currency: the amount is left out, as the budget roll-up does
        return None


def committee_tables(projects: list[ProjectData], budget: pd.DataFrame, rates: RatesTable, status_date: date,
                     fiscal_year_start_month: int = 1, resources: pd.DataFrame | None = None,
                     over_allocation_threshold: float = 1.0) -> dict[str, pd.DataFrame]:
    """The ``finance``, ``narratives``, ``decision_requests``, ``sprints`` and ``team_load`` tables of the snapshot."""
    approved = {data.project.code: _in_reporting_currency(data.project.approved_budget, data.project.currency,
                                                          rates, status_date) for data in projects}
    requests = decision_request_table(projects)
    currencies = {data.project.code: data.project.currency for data in projects}
    requests["cost_impact"] = [_in_reporting_currency(None if pd.isna(amount) else amount, currencies[code],
                                                      rates, status_date)
                               for code, amount in zip(requests["project_code"], requests["cost_impact"])]
    frames = {"finance": fiscal_year_table(budget, approved, status_date, fiscal_year_start_month),
              "narratives": narrative_table(projects, status_date), "decision_requests": requests,
              "sprints": agile_progress(sprint_table(projects)),
              "team_load": team_load_table(resources if resources is not None else pd.DataFrame(),
                                           over_allocation_threshold)}
    return {key: conform(TABLES_BY_KEY[key], frame) for key, frame in frames.items()}


def decision_case_problems(projects: list[ProjectData]) -> list[Problem]:
    """One warning per decision request without options or without any impact: a data problem of its project."""
    problems = []
    for data in projects:
        for decision in data.decisions:
            if decision.status is not DecisionStatus.PROPOSED:
                continue
            missing = [name for name, absent in (
                ("options", not (decision.options or "").strip()),
                ("impact", decision.cost_impact is None and decision.schedule_impact_days is None
                 and not (decision.scope_impact or "").strip() and not (decision.impact or "").strip())) if absent]
            if missing:
                problems.append(Problem(f"decision request {decision.id} has no {' and no '.join(missing)}",
                                        Location(file=data.source, sheet=data.sheets.get("decisions", DECISIONS.sheet_fr)), severity=Severity.WARNING,
                                        found=decision.id, expected="options and an impact on cost, date or scope",
                                        code="decision_case_incomplete"))
    return problems
