"""The choices that change a schedule (:class:`ScheduleOptions`, with the MS Project and P6 profiles) and the
computed schedule (:class:`ScheduleResult`) with its CSV contract."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

import pandas as pd

from pmo_xl.engine.calendar import WorkingCalendar
from pmo_xl.errors import ProblemList
from pmo_xl.model.domain import CalendarSpec

CSV_HEADER = [
    "id", "name", "early_start", "early_finish", "late_start", "late_finish",
    "total_float_days", "free_float_days", "critical",
]

DRIVING_SEPARATOR = ";"
"""Separator of the ids in the ``driving_predecessors`` column (as in MS Project's predecessor lists)."""

P6_HOURS_PER_DAY = 8.0
"""Hours of a P6 day when its critical-float threshold, given in hours, becomes days."""


@dataclass
class ScheduleOptions:
    """Choices that change the schedule.

    ``critical_slack_limit_days``: a task is critical when its total float is
    at most this (MS Project's "tasks are critical if slack is less than or
    equal to", 0 by default).  ``honor_constraints``: constraint dates win over
    links (MS Project's default).  ``calendars``: calendar specs by name that
    replace the projects' own calendars of that name.  ``alap_moves_successors``:
    see :attr:`alap_successors_follow`.  ``lag_calendar``: the calendar a lag
    counts on, ``"successor"`` (MS Project) or ``"predecessor"`` (Primavera
    P6's ``sched_calendar_on_relationship_lag`` = rcal_Predecessor).
    ``remaining_from_status_date``: the remaining work of a started task resumes
    at the status date even when its actual start is later (P6 schedules the
    remaining duration from the data date); otherwise it continues after the
    done part, never before the status date.  ``resource_calendars``: a task
    works on its resources' calendar (several calendars joined when its
    resources keep different hours), intersected with its own calendar when
    it has one and does not ignore resource calendars, as MS Project does;
    off, every task works on its own or its project's calendar (P6's
    task-dependent activities, or "scheduling ignores resource calendars" on
    every task).  ``free_float_capped``: free float is never more than total
    float (MS Project); P6 reports the room before the successors' early dates
    whatever the total float (a "Finish On" milestone with no total float can
    show days of free float).  ``free_float_on_own_calendar``: the room each
    link leaves is counted in working time of the predecessor's calendar, as
    P6 counts an activity's floats; otherwise of the successor's calendar,
    where the link binds (the same on a plan with one calendar).
    ``late_dates_at_work_stop``: in the late pass, a successor's late date
    that falls at a break of its calendar (17:00 on one day is 08:00 the next
    working morning in working time) reaches a predecessor on another
    calendar as the end of the earlier working period, as P6 does: a
    7-day-calendar predecessor of a Monday-morning task must then finish by
    Friday evening.  Otherwise it is the start of the next period (the
    predecessor may use the weekend).  ``alap_uses_free_float``: an ALAP task
    that has not started moves its early dates as late as its successors'
    early dates allow (P6), its total float shrinking by as much; its
    successors keep their dates.  Otherwise its early dates stay and it is
    scheduled on its late dates (``start``/``finish``).

    The two profiles, :meth:`ms_project` and :meth:`primavera_p6`, are the
    options each tool's own scheduling amounts to.
    """

    critical_slack_limit_days: float = 0.0
    honor_constraints: bool = True
    calendars: Mapping[str, CalendarSpec] = field(default_factory=dict)
    alap_moves_successors: bool | None = None
    lag_calendar: str = "successor"
    remaining_from_status_date: bool = False
    resource_calendars: bool = True
    free_float_capped: bool = True
    free_float_on_own_calendar: bool = False
    late_dates_at_work_stop: bool = False
    alap_uses_free_float: bool = False

    @classmethod
    def ms_project(cls, critical_slack_limit_days: float = 0.0) -> "ScheduleOptions":
        """MS Project's scheduling: constraints win over links, lags on the successor's calendar, free float
        capped by total float, ALAP successors following the ALAP task (the defaults)."""
        return cls(critical_slack_limit_days=critical_slack_limit_days)

    @classmethod
    def primavera_p6(cls, lag_calendar: str | None = None, critical_float_hours: float = 0.0) -> "ScheduleOptions":
        """Primavera P6's scheduling.

        Its Start On / Finish On constraints delay the early dates and advance the late dates without
        overriding the logic (``honor_constraints`` off), an ALAP activity does not delay its successors and
        its early dates use up its free float, free float is not capped by total float and is counted on the
        activity's own calendar, a late date at a break of the calendar reaches predecessors on other
        calendars where work stops.  ``lag_calendar`` is the calendar the project names for lags
        (``"predecessor"`` or ``"successor"``; none means the successor's), ``critical_float_hours`` the
        project's critical-float threshold in hours.
        """
        return cls(honor_constraints=False, free_float_capped=False, free_float_on_own_calendar=True,
                   late_dates_at_work_stop=True, alap_uses_free_float=True,
                   lag_calendar=lag_calendar or "successor",
                   critical_slack_limit_days=critical_float_hours / P6_HOURS_PER_DAY)

    @classmethod
    def for_project(cls, project) -> "ScheduleOptions":
        """The profile a project's card names (MS Project by default), with its lag calendar and critical
        float limit: a workbook imported from P6 keeps P6's rules, so it schedules as the original file."""
        from pmo_xl.model.enums import LagCalendar, SchedulingProfile

        lag_calendar = (getattr(project, "lag_calendar", None) or LagCalendar.SUCCESSOR).value
        critical_days = getattr(project, "critical_float_days", 0.0) or 0.0
        if getattr(project, "scheduling_profile", None) is SchedulingProfile.PRIMAVERA_P6:
            return cls.primavera_p6(lag_calendar, critical_days * P6_HOURS_PER_DAY)
        return cls(lag_calendar=lag_calendar, critical_slack_limit_days=critical_days)

    @property
    def alap_successors_follow(self) -> bool:
        """Whether the successors of an ALAP task are scheduled from its late dates.

        ``alap_moves_successors`` decides; left to ``None`` it follows ``honor_constraints``: on (MS Project's
        default) the successors follow the ALAP task as MS Project does, off (how Primavera P6 plans are
        scheduled) they follow its early dates as in P6, where an ALAP activity never delays its successors.
        """
        return self.honor_constraints if self.alap_moves_successors is None else self.alap_moves_successors


@dataclass
class ScheduleResult:
    """The computed schedule of one or several projects."""

    tasks: pd.DataFrame
    critical_paths: dict[str, list[list[str]]]
    project_finish: dict[str, datetime]
    problems: ProblemList
    calendars: dict[tuple[str, str], WorkingCalendar]
    status_date: datetime | None = None

    def calendar(self, project: str, name: str | None = None) -> WorkingCalendar:
        """The working calendar used for ``name`` (or the project calendar) of ``project``.

        ``tasks["calendar"]`` holds the name to pass for each task.
        """
        if name is not None and (project, name) in self.calendars:
            return self.calendars[(project, name)]
        return self.calendars[(project, "")]

    def to_csv_rows(self) -> list[dict[str, str]]:
        """Rows of the schedule CSV contract, keyed by :data:`CSV_HEADER`, in task order."""
        rows = []
        for rec in self.tasks.itertuples(index=False):
            rows.append({
                "id": rec.id,
                "name": rec.name,
                "early_start": _iso(rec.early_start),
                "early_finish": _iso(rec.early_finish),
                "late_start": _iso(rec.late_start),
                "late_finish": _iso(rec.late_finish),
                "total_float_days": _decimal(rec.total_float_days),
                "free_float_days": _decimal(rec.free_float_days),
                "critical": "true" if rec.critical else "false",
            })
        return rows

    def write_csv(self, path) -> None:
        """Write :meth:`to_csv_rows` to ``path`` (UTF-8, header :data:`CSV_HEADER`) atomically."""
        import csv
        import os
        import tempfile
        from pathlib import Path

        target = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=".schedule-", suffix=".csv", dir=str(target.parent or "."))
        try:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=CSV_HEADER)
                writer.writeheader()
                writer.writerows(self.to_csv_rows())
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


def driving_ids(value) -> list[str]:
    """The ids of a ``driving_predecessors`` cell, in plan order (none for "" or a missing cell)."""
    if not isinstance(value, str) or not value:
        return []
    return value.split(DRIVING_SEPARATOR)


def _iso(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M")


def _decimal(value) -> str:
    if value is None or pd.isna(value):
        return ""
    text = f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
