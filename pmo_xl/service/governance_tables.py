"""The governance tables of the snapshot: committee calendar, change log, and the next meetings.

Consolidation calls :func:`committees_table` and :func:`changes_table` with
what it read from the master, and :func:`calendar_meetings` gives the
meetings the summary's "next COPIL / COPROJ / technical committee" read.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

import pandas as pd

from pmo_xl.engine.governance.committees import meetings_between, next_meeting, previous_meeting
from pmo_xl.model import label
from pmo_xl.model.governance import CHANGE_DECISION_LABELS, ChangeRequest, CommitteeDefinition
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform

CALENDAR_MONTHS_AHEAD = 13


def _committee_row(definition: CommitteeDefinition, status_date: date,
                   is_working_day: Callable[[date], bool]) -> dict:
    following = next_meeting(definition, status_date, is_working_day)
    after = next_meeting(definition, following.day + timedelta(days=1), is_working_day) if following else None
    before = previous_meeting(definition, status_date, is_working_day)
    return {
        "committee": label(definition.committee), "scope": definition.scope, "recurrence": definition.recurrence,
        "previous_meeting": before.day if before else None, "next_meeting": following.day if following else None,
        "following_meeting": after.day if after else None,
        "start_time": f"{definition.start_time:%H:%M}", "end_time": f"{definition.end_time:%H:%M}",
        "place": definition.place, "chair": definition.chair, "quorum": definition.quorum,
        "members": "; ".join(m.name for m in definition.members) or None,
        "member_emails": ("; ".join(m.email or "" for m in definition.members)
                          if any(m.email for m in definition.members) else None),
    }


def committees_table(definitions: list[CommitteeDefinition], status_date: date,
                     is_working_day: Callable[[date], bool]) -> pd.DataFrame:
    """One row per committee: its recurrence, previous and next meeting, place, chair, quorum, members."""
    rows = [_committee_row(d, status_date, is_working_day) for d in definitions]
    return conform(TABLES_BY_KEY["committees"], pd.DataFrame(rows))


def calendar_meetings(definitions: list[CommitteeDefinition], status_date: date,
                      is_working_day: Callable[[date], bool]):
    """The :class:`~pmo_xl.io.master.config.CommitteeMeeting` of every committee for the year ahead."""
    from pmo_xl.io.master.config import CommitteeMeeting

    end = status_date + timedelta(days=31 * CALENDAR_MONTHS_AHEAD)
    meetings = [CommitteeMeeting(m.definition.committee, m.day, m.definition.scope, m.definition.place)
                for d in definitions for m in meetings_between(d, status_date, end, is_working_day)]
    return sorted(meetings, key=lambda m: (m.day, m.committee.value))


def changes_table(changes: list[ChangeRequest]) -> pd.DataFrame:
    """The change-request log as a snapshot table."""
    rows = [{"project_code": c.project, "change_id": c.ref, "request": c.request, "requester": c.requester,
             "submitted_on": c.submitted_on, "cost_impact": c.cost_impact, "delay_days": c.delay_days,
             "scope_impact": c.scope_impact, "decision": CHANGE_DECISION_LABELS[c.decision][0],
             "committee": c.committee, "decided_on": c.decided_on, "new_baseline_finish": c.new_baseline_finish}
            for c in changes]
    return conform(TABLES_BY_KEY["changes"], pd.DataFrame(rows))
