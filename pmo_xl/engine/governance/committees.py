"""The meetings of each committee, from its recurrence and the working calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterable

from pmo_xl.model.governance import CommitteeDefinition
from pmo_xl.model.schemas import fold_label

from .recurrence import meeting_days, parse_recurrence

HORIZON_DAYS = 400  # how far ahead the next meeting is looked for


@dataclass(frozen=True)
class ScheduledMeeting:
    """One meeting of a committee: its definition and when it starts and ends."""

    definition: CommitteeDefinition
    day: date

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.day, self.definition.start_time)

    @property
    def ends(self) -> datetime:
        return datetime.combine(self.day, self.definition.end_time)

    @property
    def meeting_id(self) -> str:
        """``COPIL-2026-11-10`` or ``COPROJ/PRG-DATA-2026-11-02``: how minutes and registers name it."""
        return f"{self.definition.key}-{self.day:%Y-%m-%d}"


def meetings_between(definition: CommitteeDefinition, start: date, end: date,
                     is_working_day: Callable[[date], bool]) -> list[ScheduledMeeting]:
    """The meetings of ``definition`` between ``start`` and ``end`` inclusive, holidays skipped."""
    first = max(start, definition.first_day) if definition.first_day else start
    last = min(end, definition.last_day) if definition.last_day else end
    if first > last:
        return []
    rule = parse_recurrence(definition.recurrence)
    return [ScheduledMeeting(definition, day)
            for day in meeting_days(rule, first, last, is_working_day, anchor=definition.first_day)]


def next_meeting(definition: CommitteeDefinition, on_or_after: date,
                 is_working_day: Callable[[date], bool]) -> ScheduledMeeting | None:
    """The first meeting of ``definition`` on or after ``on_or_after``."""
    found = meetings_between(definition, on_or_after, on_or_after + timedelta(days=HORIZON_DAYS), is_working_day)
    return found[0] if found else None


def previous_meeting(definition: CommitteeDefinition, before: date,
                     is_working_day: Callable[[date], bool]) -> ScheduledMeeting | None:
    """The last meeting of ``definition`` strictly before ``before``."""
    found = meetings_between(definition, before - timedelta(days=HORIZON_DAYS), before - timedelta(days=1),
                             is_working_day)
    return found[-1] if found else None


def find_committee(definitions: Iterable[CommitteeDefinition], committee, scope: str | None = None
                   ) -> CommitteeDefinition | None:
    """The definition of ``committee`` for ``scope`` (a programme or project), else its portfolio-wide one,
    else its only one; None when the calendar has several and none fits."""
    candidates = [d for d in definitions if d.committee is committee]
    for wanted in (scope, None):
        for definition in candidates:
            if fold_label(definition.scope or "") == fold_label(wanted or ""):
                return definition
    return candidates[0] if len(candidates) == 1 else None
