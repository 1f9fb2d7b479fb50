"""Actions and decisions of the projects and of the portfolio committees.

Rules, all as of the portfolio status date:

* an action is *overdue* when it is open or in progress and its due date is
  before the status date; ``days_overdue`` = status date − due date;
* the *aging bucket* of an open action is its age since it was raised
  (0-30, 31-60, 61-90, >90 days); closed and cancelled actions have none;
* the *closure rate* = closed actions / actions not cancelled;
* a decision is *awaiting implementation* when approved and not yet
  implemented; a decision proposed or approved is overdue when its due date
  is passed;
* an overdue item is escalated to the COPIL beyond the Config
  ``escalation_after_days`` (see :mod:`pmo_xl.engine.governance.followup`).

Portfolio-level items come from the master's Gouvernance tables (source
"gouvernance", project code :data:`~pmo_xl.engine.portfolio.common.PORTFOLIO_CODE`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pmo_xl.engine.governance.followup import days_overdue, is_escalated, owner_followup
from pmo_xl.model import Action, Decision, DecisionStatus, ItemStatus, label, parse_enum

from .common import PORTFOLIO_CODE, aging_bucket, as_date, is_open, status_label
from .project_results import ProjectResult
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

SOURCE_PROJECT = "projet"
SOURCE_GOVERNANCE = "gouvernance"
SOURCE_GATE = "porte"  # follow-up of the conditions of a conditional go
ESCALATION_AFTER_DAYS = 30  # the Config default


def _action_row(action: Action, source: str, project_code: str, status_date: date,
                escalation_after_days: int = ESCALATION_AFTER_DAYS) -> dict:
    due = as_date(action.due_date)
    raised = as_date(action.raised_on)
    open_now = is_open(action.status)
    late = days_overdue(due, status_date, not open_now)
    overdue = not math.isnan(late)
    return {
        "source": source,
        "project_code": project_code,
        "action_id": action.id,
        "title": action.title,
        "owner": action.owner,
        "committee": label(action.committee) if action.committee else None,
        "raised_on": raised,
        "due_date": due,
        "status": status_label(action.status),
        "closed_on": as_date(action.closed_on),
        "overdue": overdue,
        "days_overdue": late,
        "aging_bucket": aging_bucket((status_date - raised).days) if open_now and raised else None,
        "decision_id": action.decision_id,
        "escalated": is_escalated(late, escalation_after_days),
    }


def _decision_row(decision: Decision, source: str, project_code: str, status_date: date,
                  escalation_after_days: int = ESCALATION_AFTER_DAYS) -> dict:
    due = as_date(decision.due_date)
    awaiting = decision.status is DecisionStatus.APPROVED
    late = days_overdue(due, status_date, not decision_is_open(decision.status))
    return {
        "source": source,
        "project_code": project_code,
        "decision_id": decision.id,
        "title": decision.title,
        "committee": label(decision.committee) if decision.committee else None,
        "decided_on": as_date(decision.decided_on),
        "status": label(decision.status),
        "owner": decision.owner,
        "due_date": due,
        "awaiting_implementation": awaiting,
        "overdue": not math.isnan(late),
        "days_overdue": late,
        "escalated": is_escalated(late, escalation_after_days),
    }


def actions_table(results: list[ProjectResult], governance_actions: list[Action], status_date: date,
                  escalation_after_days: int = ESCALATION_AFTER_DAYS,
                  gate_actions: list[Action] = ()) -> pd.DataFrame:
    """Actions of the committees' register, of the gates' conditions and of the project workbooks."""
    rows = [_action_row(a, SOURCE_GOVERNANCE, a.project or PORTFOLIO_CODE, status_date, escalation_after_days)
            for a in governance_actions]
    rows += [_action_row(a, SOURCE_GATE, a.project or PORTFOLIO_CODE, status_date, escalation_after_days)
             for a in gate_actions]
    for result in results:
        rows.extend(_action_row(a, SOURCE_PROJECT, result.code, status_date, escalation_after_days)
                    for a in result.data.actions)
    return conform(TABLES_BY_KEY["actions"], pd.DataFrame(rows))


def decisions_table(results: list[ProjectResult], governance_decisions: list[Decision],
                    status_date: date, escalation_after_days: int = ESCALATION_AFTER_DAYS) -> pd.DataFrame:
    rows = [_decision_row(d, SOURCE_GOVERNANCE, d.project or PORTFOLIO_CODE, status_date, escalation_after_days)
            for d in governance_decisions]
    for result in results:
        rows.extend(_decision_row(d, SOURCE_PROJECT, result.code, status_date, escalation_after_days)
                    for d in result.data.decisions)
    return conform(TABLES_BY_KEY["decisions"], pd.DataFrame(rows))


def decision_is_open(status: DecisionStatus) -> bool:
    """A decision still to take or to implement (proposed or approved)."""
    return status in (DecisionStatus.PROPOSED, DecisionStatus.APPROVED)


def owner_followup_table(actions: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The per-owner list: the open rows of the actions and decisions tables, by owner."""
    open_actions = actions["status"].map(lambda s: is_open(parse_enum(ItemStatus, s) or ItemStatus.OPEN))
    open_decisions = decisions["status"].map(
        lambda s: decision_is_open(parse_enum(DecisionStatus, s) or DecisionStatus.PROPOSED))
    frame = owner_followup(actions, decisions, open_actions.astype(bool), open_decisions.astype(bool))
    return conform(TABLES_BY_KEY["owner_followup"], frame)


@dataclass(frozen=True)
class ActionStatistics:
    """Counts behind the governance indicators."""

    total: int  # not cancelled
    closed: int
    overdue: int
    by_bucket: dict[str, int]

    @property
    def closure_rate(self) -> float:
        return self.closed / self.total if self.total else 0.0


def action_statistics(actions: pd.DataFrame) -> ActionStatistics:
    """Closure rate, overdue count and aging buckets of an ``actions`` table."""
    cancelled = label(ItemStatus.CANCELLED)
    closed = label(ItemStatus.CLOSED)
    statuses = actions["status"].fillna("")
    total = int((statuses != cancelled).sum())
    buckets = {b: int((actions["aging_bucket"] == b).sum()) for b in ("0-30", "31-60", "61-90", ">90")}
    return ActionStatistics(total, int((statuses == closed).sum()),
                            int(actions["overdue"].fillna(False).astype(bool).sum()), buckets)
