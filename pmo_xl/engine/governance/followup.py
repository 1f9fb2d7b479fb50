"""Follow-up of decisions and actions until they are done: overdue, escalation, per-owner list.

Rules, as of the status date:

* an item is *overdue* when it is not done and its due date is before the
  status date; ``days_overdue`` = status date − due date (calendar days).
  Not done: an action open or in progress, a decision proposed or approved
  (not yet implemented, not rejected);
* an overdue item is *escalated* to the steering committee when
  ``days_overdue`` > the Config ``escalation_after_days``;
* the per-owner list holds every item not done, overdue or not, by owner,
  then most overdue first.  Its rows are the rows of the actions and
  decisions tables (same ids, same flags), not a second computation.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

REGISTER_ACTION = "action"
REGISTER_DECISION = "décision"
NO_OWNER = "(sans responsable)"


def days_overdue(due: date | None, status_date: date, done: bool) -> float:
    """Days past the due date of an item not done; NaN when it is not overdue."""
    if done or due is None or due >= status_date:
        return math.nan
    return float((status_date - due).days)


def is_escalated(overdue_days: float, escalation_after_days: int) -> bool:
    """Whether an item overdue by ``overdue_days`` goes up to the steering committee."""
    return not math.isnan(overdue_days) and overdue_days > escalation_after_days


def _rows(frame: pd.DataFrame, register: str, id_column: str, open_mask: pd.Series) -> pd.DataFrame:
    chosen = frame[open_mask]
    return pd.DataFrame({
        "owner": chosen["owner"].where(chosen["owner"].notna(), NO_OWNER).astype(str),
        "register": register, "source": chosen["source"], "project_code": chosen["project_code"],
        "committee": chosen["committee"],
        "item_id": chosen[id_column], "title": chosen["title"], "due_date": chosen["due_date"],
        "status": chosen["status"], "overdue": chosen["overdue"].fillna(False).astype(bool),
        "days_overdue": chosen["days_overdue"], "escalated": chosen["escalated"].fillna(False).astype(bool),
    })


def owner_followup(actions: pd.DataFrame, decisions: pd.DataFrame, actions_open: pd.Series,
                   decisions_open: pd.Series) -> pd.DataFrame:
    """Every item not done, one row each, sorted by owner then most overdue first."""
    frames = [_rows(actions, REGISTER_ACTION, "action_id", actions_open),
              _rows(decisions, REGISTER_DECISION, "decision_id", decisions_open)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["owner", "register", "source", "project_code", "committee", "item_id", "title",
                                     "due_date",
                                     "status", "overdue", "days_overdue", "escalated"])
    combined = pd.concat(frames, ignore_index=True)
    combined["_late"] = -combined["days_overdue"].fillna(-1)
    combined = combined.sort_values(["owner", "_late", "item_id"], kind="stable").drop(columns="_late")
    return combined.reset_index(drop=True)
