"""Critical path method with MS Project's semantics, on working calendars.

Entry points::

    result = schedule(projects, status_date=None, options=ScheduleOptions())
    result = schedule_table(PlanTable.from_frames(tasks, links), status_date=None, options=None)
    result.tasks            # DataFrame, one row per task (leaf and summary)
    result.critical_paths   # {project code: [[task id, ...], ...]} ordered chains
    result.project_finish   # {project code: datetime}
    result.to_csv_rows()    # rows of the ``pmo-xl schedule --out`` CSV
    result.problems         # ProblemList of located warnings (unknown predecessor …)

How it computes
---------------
Every task works on an *axis*: the working-minute axis of its calendar
(:class:`pmo_xl.engine.calendar.WorkingCalendar`), or the absolute-minute axis
when its duration is elapsed.  Durations and lags become integer minutes on
that axis; the forward and backward passes run level by level over a
topological order of the links held in arrays, each level being a few numpy
operations.  When every task and lag lives on the same axis (the usual case)
the passes never leave the working-minute axis and dates are converted once
at the end; a level whose tasks carry no progress and no fixed date then
costs a handful of numpy calls (gather the predecessors' dates, add the link
offsets, one ``maximum.reduceat`` per level).  The passes read the plan as
columns (:class:`pmo_xl.engine.plan_table.PlanTable`): ``schedule`` builds them
from the objects in one pass over the tasks and one over the links,
``schedule_table`` takes them as they are (for example read from two tables
with ``PlanTable.from_frames``); both then run the same code.

Semantics (those of MS Project)
-------------------------------
* Links FS/SS/FF/SF with lags in working time of the successor's calendar,
  elapsed lags, and percentage lags (a share of the predecessor's duration).
* A link from or to a summary task applies to each leaf task under it; an SS
  or SF link *from* a summary counts from the summary's start, the earliest
  start of its leaves (an FS or FF link from its finish, the latest finish).
* Constraints: SNET/FNET bound the early dates from below; SNLT/FNLT bound the
  late dates from above (and, when ``honor_constraints``, the early dates
  too); MSO/MFO fix the dates when ``honor_constraints`` (otherwise they act
  as SNET/FNET forward and SNLT/FNLT backward); ALAP tasks are scheduled on
  their late dates (``start``/``finish``) and keep their early dates in the
  early columns; their successors are scheduled from those late dates as in
  MS Project (:attr:`ScheduleOptions.alap_successors_follow`; not with
  ``honor_constraints`` off, the P6 way, where an ALAP task moves no successor).
* No task finishes later than its project's finish (the latest early finish
  of the project's tasks) in the late pass, linked or not.
* Total float = min(LS − ES, LF − EF) in working time of the task's calendar
  (elapsed time for elapsed tasks); free float = the smallest slack of the
  task's outgoing links, or the project finish − EF without successors, never
  more than the total float.  Critical: total float ≤ the critical-slack limit
  and not complete.
* Progress: a complete task sits on its actual dates; a started task keeps its
  actual start, its done part is ``percent_complete`` % of its duration and,
  with a status date, the remaining part starts no earlier than the status
  date.  Unstarted tasks start no earlier than the status date.
* A project starts at ``Project.start`` (a date, or a datetime for a time of
  day), moved to the next working time of its calendar; without one, at its
  earliest actual start, constraint or baseline date.
* Summary tasks take the earliest start and latest finish of their children;
  their float is min(LS − ES, LF − EF) on those rolled-up dates.
* ``status_date`` applies to every project scheduled; a project's own
  ``Project.status_date`` is not read here (the CLI passes it).
* Links naming a task that is not in the plans, undefined calendars and
  constraints without a date are reported in ``result.problems`` (warnings)
  and left out; duplicate task ids and dependency cycles raise
  :class:`pmo_xl.errors.ScheduleError` / :class:`pmo_xl.errors.CycleError`.

``result.tasks`` columns: project, id, name, wbs, outline_level, summary,
milestone, duration_days, start, finish (scheduled dates: early dates, late
dates for ALAP), early_start, early_finish, late_start, late_finish,
total_float_days, free_float_days (working days of the task's calendar;
elapsed days for elapsed tasks), critical, percent_complete, baseline_start,
baseline_finish, driving_predecessors (the ids of the predecessors whose link
sets the early start, as text separated by ``;`` in plan order, "" when none;
"PROJECT:id" across projects; :func:`driving_ids` splits it), calendar (name to pass to
:meth:`ScheduleResult.calendar`), duration_elapsed, total_float_minutes,
free_float_minutes, progress (not_started / in_progress / complete).
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import is_not
from datetime import date, datetime, time
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from pmo_xl.engine.calendar import (
    MINUTES_PER_CALENDAR_DAY,
    WorkingCalendar,
    from_absolute_minutes,
    to_absolute_minutes,
)
from pmo_xl.errors import CycleError, Location, Problem, ProblemList, ScheduleError, Severity
from pmo_xl.engine.plan_table import LINK_TYPE_CODES, PlanTable, object_column
from pmo_xl.model.domain import CalendarSpec, ProjectData
from pmo_xl.model.enums import ConstraintType, LinkType

CSV_HEADER = [
    "id", "name", "early_start", "early_finish", "late_start", "late_finish",
    "total_float_days", "free_float_days", "critical",
]

_FS, _SS, _FF, _SF = 0, 1, 2, 3
_LINK_CODE = LINK_TYPE_CODES
_NONE = np.iinfo(np.int64).min // 4
_HUGE = np.iinfo(np.int64).max // 4
_ELAPSED_AXIS = 0
_MAX_CRITICAL_PATHS = 50
DRIVING_SEPARATOR = ";"
"""Separator of the ids in the ``driving_predecessors`` column (as in MS Project's predecessor lists)."""


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


def _iso(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M")


def _decimal(value) -> str:
    if value is None or pd.isna(value):
        return ""
    text = f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Axis:
    """Absolute minutes used as a working-minute axis: elapsed time."""

    name = "elapsed"
    minutes_per_day = MINUTES_PER_CALENDAR_DAY

    @staticmethod
    def to_working(a):
        return np.asarray(a, dtype=np.int64)

    start_from_working = to_working
    finish_from_working = to_working


def _start_abs(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_absolute_minutes(value)
    return to_absolute_minutes(datetime.combine(value, time()))


def _finish_abs(value) -> int | None:
    """Absolute minutes of a finish-type date: a bare date or midnight means the end of that day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() == time(0):
            return to_absolute_minutes(value) + MINUTES_PER_CALENDAR_DAY
        return to_absolute_minutes(value)
    return to_absolute_minutes(datetime.combine(value, time())) + MINUTES_PER_CALENDAR_DAY


class _Network:
    """The tasks of a :class:`PlanTable` as the passes read them: outline, labels, index by (project, id)."""

    def __init__(self, table: PlanTable):
        self.table = table
        self.projects = table.projects
        self.project_codes = table.project_codes
        self.project_of_array = table.project
        self.columns = {
            "id": table.id, "name": table.name, "wbs": table.wbs, "duration_days": table.duration_days,
            "duration_elapsed": table.duration_elapsed, "milestone": table.milestone, "calendar": table.calendar,
            "constraint_type": table.constraint_type, "constraint_date": table.constraint_date,
            "actual_start": table.actual_start, "actual_finish": table.actual_finish,
            "percent_complete": table.percent_complete, "baseline_start": table.baseline_start,
            "baseline_finish": table.baseline_finish,
            "resume": table.resume if table.resume is not None else object_column(len(table.id)),
        }
        self.n = len(table.id)
        self.level = table.outline_level
        self.is_summary_array = table.summary
        self._leaves_cache: dict[int, list[int]] = {}
        self._calendar_codes: tuple[np.ndarray, list] | None = None

    @cached_property
    def ids(self) -> list[str]:
        return self.table.id.tolist()

    @cached_property
    def project_of(self) -> list[int]:
        return self.table.project.tolist()

    @cached_property
    def is_summary(self) -> list[bool]:
        return self.table.summary.tolist()

    def calendar_codes(self) -> tuple[np.ndarray, list]:
        """Code of each task's calendar name (-1 for none) and the distinct names, in order of appearance."""
        if self._calendar_codes is None:
            column = self.columns["calendar"]
            first = column[0] if column.size else None
            if first is not None and first == first and bool((column == first).all()):
                # one calendar named on every task (the usual case): no hashing needed
                self._calendar_codes = (np.zeros(column.size, dtype=np.int64), [first])
            else:
                codes, names = pd.factorize(column, use_na_sentinel=True)
                self._calendar_codes = (np.asarray(codes, dtype=np.int64), list(names))
        return self._calendar_codes

    @property
    def by_project(self) -> dict[str, dict[str, int]]:
        """Index of each task by project code and task id."""
        return self.table.id_index()

    def find(self, project: str, task_id: str) -> int | None:
        lookup = self.by_project.get(project)
        return None if lookup is None else lookup.get(str(task_id))

    def leaves_under(self, i: int) -> list[int]:
        """The leaf tasks under task ``i`` (``[i]`` for a leaf): the rows below it with a deeper outline level."""
        if not self.is_summary[i]:
            return [i]
        if i not in self._leaves_cache:
            out: list[int] = []
            lvl = self.level[i]
            p = self.project_of[i]
            j = i + 1
            while j < self.n and self.project_of[j] == p and self.level[j] > lvl:
                if not self.is_summary[j]:
                    out.append(j)
                j += 1
            self._leaves_cache[i] = out
        return self._leaves_cache[i]

    def label(self, i: int) -> str:
        if len(self.projects) > 1:
            return f"{self.project_codes[self.project_of[i]]}:{self.ids[i]}"
        return self.ids[i]


def _all_missing(column: np.ndarray) -> bool:
    """True when every value of an object column is ``None`` (or the column is empty)."""
    return column.tolist().count(None) == column.size


def _datetime_column(values: np.ndarray) -> pd.Series:
    """A datetime64[s] column from an object column of optional datetimes, fast when they are all missing."""
    if _all_missing(values):
        return pd.Series(np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]"))
    return pd.Series(pd.to_datetime(values.tolist()), dtype="datetime64[s]")


def schedule(projects: ProjectData | Iterable[ProjectData],
             status_date: date | datetime | None = None,
             options: ScheduleOptions | None = None) -> ScheduleResult:
    """Schedule one project or several linked projects together; see the module docstring."""
    # the passes allocate many short-lived containers while the plan holds many objects:
    # a garbage collection pass would walk them all for nothing
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _schedule(PlanTable.from_projects(projects), status_date, options)
    finally:
        if collecting:
            gc.enable()


def schedule_table(table: PlanTable,
                   status_date: date | datetime | None = None,
                   options: ScheduleOptions | None = None) -> ScheduleResult:
    """Schedule a plan held as columns (:class:`pmo_xl.engine.plan_table.PlanTable`); same result as :func:`schedule`.

    The problems found while building the table (``table.problems``) come first in ``result.problems``.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _schedule(table, status_date, options)
    finally:
        if collecting:
            gc.enable()


def _schedule(table: PlanTable, status_date, options) -> ScheduleResult:
    options = options or ScheduleOptions()
    problems = ProblemList(table.problems)
    net = _Network(table)
    resource_calendar = table.resource_calendar
    if options.resource_calendars and resource_calendar is not None and not _all_missing(resource_calendar):
        # the calendar the task's resources give it (see PlanTable.resource_calendar) wins
        net.columns["calendar"] = np.where(np.equal(resource_calendar, None), net.columns["calendar"],
                                           resource_calendar)
    span_years = 12
    while True:
        try:
            return _schedule_once(net, status_date, options, problems, span_years)
        except _OutOfRange:
            if span_years > 800:
                raise ScheduleError("the schedule runs beyond the calendars' range of 800 years")
            span_years *= 4


class _OutOfRange(Exception):
    """A date fell outside the calendars' range: schedule again over more years."""


def _schedule_once(net: _Network, status_date, options: ScheduleOptions, problems: ProblemList,
                   span_years: int) -> ScheduleResult:
    plist = net.projects
    n = net.n
    local_problems = ProblemList()

    status_abs = _start_abs(status_date) if status_date is not None else None
    project_start_abs = [to_absolute_minutes(start) for start in net.table.project_start]
    all_dates = list(project_start_abs)
    cols = net.columns
    for name in ("actual_start", "actual_finish", "constraint_date", "resume"):
        if _all_missing(cols[name]):
            continue
        present = cols[name][~np.equal(cols[name], None)]
        try:
            minutes = present.astype("datetime64[m]").astype(np.int64)
        except (TypeError, ValueError):  # a date with a time zone: one at a time
            minutes = np.array([_start_abs(v) for v in present.tolist()], dtype=np.int64)
        all_dates.extend((int(minutes.min()), int(minutes.max())))
    if status_abs is not None:
        all_dates.append(status_abs)
    first_year = from_absolute_minutes(min(all_dates)).year - max(2, span_years // 4)
    last_year = from_absolute_minutes(max(all_dates)).year + span_years

    # ---------------------------------------------------------------- axes
    axes: list = [_Axis()]
    axis_key: dict[tuple[str, str], int] = {}
    calendars: dict[tuple[str, str], WorkingCalendar] = {}
    cal_objects: dict[int, int] = {}

    def axis_for(p_idx: int, cal_name: str | None) -> int:
        pdata = plist[p_idx]
        code = pdata.project.code
        key = (code, cal_name or "")
        if key in axis_key:
            return axis_key[key]
        name = cal_name or pdata.project.calendar
        derived = net.table.derived_calendars[p_idx] if net.table.derived_calendars else {}
        if (cal_name and cal_name not in pdata.calendars and cal_name not in (options.calendars or {})
                and cal_name not in derived):
            local_problems.append(Problem(
                f"calendar '{cal_name}' is not defined in project '{code}'; its tasks use the project calendar",
                Location(file=pdata.source), found=cal_name,
                expected="a calendar of the project: " + ", ".join(sorted(pdata.calendars)) if pdata.calendars
                else "a calendar of the project", severity=Severity.WARNING, code="unknown_calendar"))
        spec = options.calendars.get(name) if options.calendars else None
        if spec is None:
            spec = derived.get(name) or pdata.calendar_for(cal_name)
        library = dict(pdata.calendars)
        library.update(options.calendars or {})
        library.update(derived)
        cache_key = id(spec)
        if cache_key in cal_objects:
            idx = cal_objects[cache_key]
        else:
            cal = WorkingCalendar.from_spec(spec, minutes_per_day=pdata.project.minutes_per_day or 480,
                                            library=library, first_year=first_year, last_year=last_year,
                                            fixed_range=True)
            axes.append(cal)
            idx = len(axes) - 1
            cal_objects[cache_key] = idx
        axis_key[key] = idx
        calendars[key] = axes[idx]
        calendars.setdefault((code, name), axes[idx])
        return idx

    project_axis = [axis_for(p_idx, None) for p_idx in range(len(plist))]
    cal_axis = np.array(project_axis, dtype=np.int64)[net.project_of_array] if n else np.zeros(0, np.int64)
    if not _all_missing(cols["calendar"]):
        # one lookup per distinct (project, calendar name), not per task
        name_codes, names = net.calendar_codes()
        pairs = net.project_of_array * (len(names) + 1) + (name_codes + 1)
        distinct_pairs, position = _dense_unique(pairs)
        distinct = np.array([project_axis[int(pair // (len(names) + 1))] if pair % (len(names) + 1) == 0
                             else axis_for(int(pair // (len(names) + 1)), names[int(pair % (len(names) + 1)) - 1])
                             for pair in distinct_pairs.tolist()], dtype=np.int64)
        cal_axis = distinct[position.reshape(-1)]
    elapsed = cols["duration_elapsed"].astype(bool)
    dur_axis = np.where(elapsed, _ELAPSED_AXIS, cal_axis)
    mpd_project = np.array([p.project.minutes_per_day or 480 for p in plist], dtype=np.float64)[net.project_of_array]
    duration = np.nan_to_num(cols["duration_days"].astype(np.float64))
    dur_min = np.where(elapsed, np.rint(duration * MINUTES_PER_CALENDAR_DAY), np.rint(duration * mpd_project)).astype(np.int64)
    dur_min = np.maximum(dur_min, 0)
    is_summary = net.is_summary_array
    is_leaf = ~is_summary

    # ---------------------------------------------------------------- links
    table = net.table
    succ_all = table.link_successor
    pred_pos = table.link_predecessor.copy()
    type_codes = table.link_type
    unresolved = np.flatnonzero(pred_pos < 0).tolist()
    predecessor_ids = table.predecessor_ids() if unresolved else None
    for k in unresolved:
        pid = predecessor_ids[k]
        pred_project = table.link_predecessor_project[k]
        j = net.find(pred_project or net.project_codes[net.project_of[int(succ_all[k])]], str(pid))
        if j is not None:
            pred_pos[k] = j
            continue
        i = int(succ_all[k])
        pdata = plist[net.project_of[i]]
        row = int(table.link_row[k])
        local_problems.append(Problem(
            f"task '{net.ids[i]}' names a predecessor that is not in the plan; link ignored",
            Location(file=pdata.source, sheet=table.links_sheet, row=row, column="predecessor_id") if row >= 0
            else Location(file=pdata.source),
            found=f"{pred_project}:{pid}" if pred_project else str(pid),
            expected="a task of a project scheduled together" if pred_project else "a task id of the project",
            severity=Severity.WARNING, code="unknown_predecessor"))
    keep = pred_pos >= 0
    pred = pred_pos[keep]
    succ = succ_all[keep]
    ltype = type_codes[keep]
    lag_days = np.nan_to_num(table.link_lag_days)[keep]
    lag_percent = table.link_lag_percent[keep]
    lag_elapsed = table.link_lag_elapsed[keep]
    extra_pred, extra_succ, extra_type, extra_lag = [], [], [], []
    for p_idx, pdata in enumerate(plist):
        for dep in pdata.dependencies:
            i = net.find(pdata.project.code, dep.task_id)
            j = net.find(dep.on_project, dep.on_task_id)
            if i is None or j is None:
                local_problems.append(Problem(
                    f"dependency '{dep.id}' names a task that is not in the plans scheduled together; ignored",
                    Location(file=pdata.source),
                    found=f"{pdata.project.code}:{dep.task_id} <- {dep.on_project}:{dep.on_task_id}",
                    expected="tasks of projects scheduled together", severity=Severity.WARNING,
                    code="unknown_dependency"))
                continue
            extra_pred.append(j)
            extra_succ.append(i)
            extra_type.append(_LINK_CODE[LinkType(dep.type)])
            extra_lag.append(dep.lag_days or 0.0)
    if extra_pred:
        k = len(extra_pred)
        pred = np.concatenate([pred, np.array(extra_pred, dtype=np.int64)])
        succ = np.concatenate([succ, np.array(extra_succ, dtype=np.int64)])
        ltype = np.concatenate([ltype, np.array(extra_type, dtype=np.int64)])
        lag_days = np.concatenate([lag_days, np.array(extra_lag, dtype=np.float64)])
        lag_percent = np.concatenate([lag_percent, np.full(k, np.nan)])
        lag_elapsed = np.concatenate([lag_elapsed, np.zeros(k, dtype=bool)])
    start_group = np.full(pred.size, -1, dtype=np.int64)
    if pred.size and (is_summary[pred].any() or is_summary[succ].any()):
        # a link from or to a summary task applies to each leaf task under it; an SS or SF link from a summary
        # counts from the summary's start, the earliest start of its leaves: its leaf links form a group of
        # which the passes keep the smallest candidate (``start_group``)
        rows: list[int] = []
        new_pred: list[int] = []
        new_succ: list[int] = []
        groups: list[int] = []
        start_from = (ltype == _SS) | (ltype == _SF)
        group_count = 0
        for k, (a_i, b_i) in enumerate(zip(pred.tolist(), succ.tolist())):
            grouping = is_summary[a_i] and start_from[k]
            for b in net.leaves_under(b_i):
                group = group_count if grouping else -1
                group_count += grouping
                for a in net.leaves_under(a_i):
                    if a != b:
                        rows.append(k)
                        new_pred.append(a)
                        new_succ.append(b)
                        groups.append(group)
        take = np.array(rows, dtype=np.int64)
        start_group = np.array(groups, dtype=np.int64)
        pred, succ = np.array(new_pred, dtype=np.int64), np.array(new_succ, dtype=np.int64)
        ltype, lag_days, lag_percent, lag_elapsed = ltype[take], lag_days[take], lag_percent[take], lag_elapsed[take]
    if options.lag_calendar not in ("successor", "predecessor"):
        raise ScheduleError(f"lag calendar '{options.lag_calendar}' is not 'successor' or 'predecessor'")
    lag_owner = pred if options.lag_calendar == "predecessor" else succ
    has_percent = ~np.isnan(lag_percent)
    lag_minutes = np.where(has_percent, np.nan_to_num(lag_percent) / 100.0 * dur_min[pred] if pred.size else 0.0,
                           np.where(lag_elapsed, lag_days * MINUTES_PER_CALENDAR_DAY,
                                    lag_days * (mpd_project[lag_owner] if lag_owner.size else 0.0)))
    lag = np.rint(lag_minutes).astype(np.int64)
    lag_axis = np.where(lag_elapsed & ~has_percent, _ELAPSED_AXIS,
                        cal_axis[lag_owner] if lag_owner.size else 0).astype(np.int64)

    result = _run_passes(net, axes, calendars, cal_axis, dur_axis, elapsed, dur_min, is_leaf, pred, succ,
                         ltype, lag, lag_axis, project_start_abs, status_abs, options, mpd_project, project_axis,
                         local_problems, start_group)
    for axis in axes[1:]:
        axis.fixed_range = False  # callers of result.calendar() may go beyond the schedule's range
    problems.extend(p for p in local_problems if p not in problems)
    result.problems = problems
    result.status_date = from_absolute_minutes(status_abs) if status_abs is not None else None
    return result


def _group_apply(axes, axis_ids: np.ndarray, values: np.ndarray, method: str) -> np.ndarray:
    """Apply an axis conversion to ``values`` grouped by the axis of each element."""
    if values.size == 0:
        return values.astype(np.int64)
    first = int(axis_ids[0])
    if (axis_ids == first).all():
        return _checked(getattr(axes[first], method), values)
    out = np.empty(values.shape, dtype=np.int64)
    for a in np.unique(axis_ids):
        m = axis_ids == a
        out[m] = _checked(getattr(axes[int(a)], method), values[m])
    return out


def _text(values: np.ndarray):
    """A column of texts (``None`` for none) as pandas' string array: a copy, without inferring the type."""
    return pd.array(values, dtype="str") if len(values) else values.copy()


def driving_ids(value) -> list[str]:
    """The ids of a ``driving_predecessors`` cell, in plan order (none for "" or a missing cell)."""
    if not isinstance(value, str) or not value:
        return []
    return value.split(DRIVING_SEPARATOR)


def _dense_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` for small non-negative integers, without sorting."""
    if not values.size:
        return values, values
    present = np.bincount(values) > 0
    distinct = np.flatnonzero(present)
    rank = np.cumsum(present) - 1
    return distinct, rank[values]


def _checked(fn, values):
    try:
        return fn(values)
    except (ScheduleError, IndexError) as exc:
        raise _OutOfRange() from exc


def _topological_levels(n: int, pred: np.ndarray, succ: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Level of each active node (longest number of links from a source); remaining nodes if a cycle."""
    level = np.full(n, -1, dtype=np.int64)
    indeg = np.bincount(succ, minlength=n).astype(np.int64)
    order = np.argsort(pred)  # any order of a node's links gives the same levels: no stable sort needed
    sorted_succ = succ[order]
    starts = np.searchsorted(pred[order], np.arange(n + 1))
    out_count = np.diff(starts)
    frontier = np.flatnonzero(active & (indeg == 0))
    stamp = np.zeros(n, dtype=np.int64)
    current = 0
    while frontier.size:
        level[frontier] = current
        counts = out_count[frontier]
        ends = np.cumsum(counts)
        total = int(ends[-1])
        if total == 0:
            break
        # the successors of the frontier, one entry per link
        targets = sorted_succ[np.arange(total) + np.repeat(starts[frontier] - (ends - counts), counts)]
        np.subtract.at(indeg, targets, 1)
        ready = targets[indeg[targets] == 0]
        # each ready node once (the last of its entries), without sorting
        positions = np.arange(ready.size)
        stamp[ready] = positions
        frontier = ready[stamp[ready] == positions]
        current += 1
    remaining = active & (level < 0)
    return level, (np.flatnonzero(remaining) if remaining.any() else None)


def _find_cycle(net: _Network, nodes: np.ndarray, pred: np.ndarray, succ: np.ndarray) -> list[str]:
    in_set = set(int(x) for x in nodes)
    preds_of: dict[int, list[int]] = {}
    for a, b in zip(pred.tolist(), succ.tolist()):
        if a in in_set and b in in_set:
            preds_of.setdefault(b, []).append(a)
    # every remaining node has a remaining predecessor: walk back until a node repeats
    node = int(nodes[0])
    path: list[int] = []
    position: dict[int, int] = {}
    while node not in position:
        position[node] = len(path)
        path.append(node)
        node = preds_of[node][0]
    cycle = path[position[node]:]
    cycle.reverse()  # predecessor first
    return [net.label(i) for i in cycle]


def _run_passes(net, axes, calendars, cal_axis, dur_axis, elapsed, dur_min, is_leaf, pred, succ, ltype, lag,
                lag_axis, project_start_abs, status_abs, options, mpd_project, project_axis,
                problems_out: ProblemList, start_group: np.ndarray) -> ScheduleResult:
    n = net.n
    project_of = net.project_of_array
    honor = options.honor_constraints
    single_axis = bool(n) and bool((dur_axis == dur_axis[0]).all()) and bool((lag_axis == dur_axis[0]).all() if lag.size else True)

    level, cyclic = _topological_levels(n, pred, succ, is_leaf)
    if cyclic is not None:
        cycle = _find_cycle(net, cyclic, pred, succ)
        first = net.projects[net.project_of[int(cyclic[0])]]
        raise CycleError(cycle, Location(file=first.source))

    def to_axis(abs_values: np.ndarray, axis_ids: np.ndarray) -> np.ndarray:
        return _group_apply(axes, axis_ids, abs_values, "to_working")

    # ------------------------------------------------- per-task bounds (axis)
    # the project starts where its calendar first works at or after its start date
    project_cal_axes = [axes[a] for a in project_axis]
    project_start_abs = [int(_checked(project_cal_axes[p].start_from_working,
                                      _checked(project_cal_axes[p].to_working, np.array([project_start_abs[p]])))[0])
                         for p in range(len(net.projects))]
    start_lb = np.array(project_start_abs, dtype=np.int64)[project_of]
    if status_abs is not None:
        start_lb = np.maximum(start_lb, status_abs)
    start_lb_w = to_axis(start_lb, dur_axis)
    finish_lb_w = np.full(n, _NONE, dtype=np.int64)
    start_ub_w = np.full(n, _HUGE, dtype=np.int64)   # early-pass upper bounds (honoured constraints)
    finish_ub_w = np.full(n, _HUGE, dtype=np.int64)
    late_start_ub_w = np.full(n, _HUGE, dtype=np.int64)
    late_finish_ub_w = np.full(n, _HUGE, dtype=np.int64)
    fixed_start_w = np.full(n, _NONE, dtype=np.int64)
    progress_state = np.zeros(n, dtype=np.int8)  # 0 not started, 1 started, 2 complete
    is_alap = np.zeros(n, dtype=bool)
    cols = net.columns
    percent = np.clip(np.nan_to_num(cols["percent_complete"].astype(np.float64)), 0.0, 100.0)

    c_idx, c_abs, c_kind = [], [], []
    a_idx, a_abs, a_kind = [], [], []
    # a dated constraint: anything but the ASAP member or nothing (compared by identity: no Python-level hash
    # per task; an ASAP written otherwise is sorted out with the other special tasks below)
    ct_col = ~np.equal(cols["constraint_type"], None)
    written = np.flatnonzero(ct_col)
    ct_col[written] = np.fromiter(map(is_not, cols["constraint_type"][written].tolist(), repeat(ConstraintType.ASAP)),
                                  dtype=bool, count=written.size)
    has_actual = np.zeros(n, dtype=bool)
    for name in ("actual_start", "actual_finish"):
        has_actual |= ~np.equal(cols[name], None)
    resumes = cols["resume"]
    has_resume = ~np.equal(resumes, None) if not _all_missing(resumes) else np.zeros(n, dtype=bool)
    special = np.flatnonzero(ct_col | has_actual | (percent > 0) | has_resume).tolist()
    constraint_types, constraint_dates = cols["constraint_type"], cols["constraint_date"]
    actual_starts, actual_finishes = cols["actual_start"], cols["actual_finish"]
    r_idx, r_abs = [], []
    for i in special:
        if not is_leaf[i]:
            continue
        ct = constraint_types[i] or ConstraintType.ASAP
        constraint_date, actual_start, actual_finish = constraint_dates[i], actual_starts[i], actual_finishes[i]
        if ct == ConstraintType.ALAP:
            is_alap[i] = True
        elif ct != ConstraintType.ASAP and constraint_date is None:
            pdata = net.projects[net.project_of[i]]
            problems_out.append(Problem(
                f"task '{net.ids[i]}' has a {ct.value if hasattr(ct, 'value') else ct} constraint without a date; ignored",
                Location(file=pdata.source), expected="a constraint date", severity=Severity.WARNING,
                code="constraint_without_date"))
        elif ct != ConstraintType.ASAP:
            start_type = ct in (ConstraintType.SNET, ConstraintType.SNLT, ConstraintType.MSO)
            c_idx.append(i)
            c_abs.append(_start_abs(constraint_date) if start_type else _finish_abs(constraint_date))
            c_kind.append(ct)
        if actual_finish is not None or percent[i] >= 100.0:
            progress_state[i] = 2
        elif actual_start is not None or percent[i] > 0.0:
            progress_state[i] = 1
        if actual_start is not None:
            a_idx.append(i)
            a_abs.append(_start_abs(actual_start))
            a_kind.append("start")
        if actual_finish is not None:
            a_idx.append(i)
            a_abs.append(_finish_abs(actual_finish))
            a_kind.append("finish")
        if resumes[i] is not None:
            if progress_state[i] == 1:
                r_idx.append(i)
                r_abs.append(_start_abs(resumes[i]))
            else:
                pdata = net.projects[net.project_of[i]]
                problems_out.append(Problem(
                    f"task '{net.ids[i]}' has a resume date but is "
                    + ("complete" if progress_state[i] == 2 else "not started") + "; ignored",
                    Location(file=pdata.source), found=str(resumes[i]), expected="a started task",
                    severity=Severity.WARNING, code="resume_without_remaining_work"))
    if c_idx:
        ci = np.array(c_idx)
        cw = to_axis(np.array(c_abs, dtype=np.int64), dur_axis[ci])
        for i, w, kind in zip(ci.tolist(), cw.tolist(), c_kind):
            d = int(dur_min[i])
            if kind == ConstraintType.SNET:
                start_lb_w[i] = max(start_lb_w[i], w)
            elif kind == ConstraintType.FNET:
                finish_lb_w[i] = max(finish_lb_w[i], w)
            elif kind == ConstraintType.SNLT:
                late_start_ub_w[i] = min(late_start_ub_w[i], w)
                if honor:
                    start_ub_w[i] = min(start_ub_w[i], w)
            elif kind == ConstraintType.FNLT:
                late_finish_ub_w[i] = min(late_finish_ub_w[i], w)
                if honor:
                    finish_ub_w[i] = min(finish_ub_w[i], w)
            elif kind == ConstraintType.MSO:
                late_start_ub_w[i] = min(late_start_ub_w[i], w)
                if honor:
                    fixed_start_w[i] = w
                else:
                    start_lb_w[i] = max(start_lb_w[i], w)
            elif kind == ConstraintType.MFO:
                late_finish_ub_w[i] = min(late_finish_ub_w[i], w)
                if honor:
                    fixed_start_w[i] = w - d
                else:
                    finish_lb_w[i] = max(finish_lb_w[i], w)
    actual_start_w = np.full(n, _NONE, dtype=np.int64)
    actual_finish_w = np.full(n, _NONE, dtype=np.int64)
    if a_idx:
        ai = np.array(a_idx)
        aw = to_axis(np.array(a_abs, dtype=np.int64), dur_axis[ai])
        for i, w, kind in zip(ai.tolist(), aw.tolist(), a_kind):
            if kind == "start":
                actual_start_w[i] = w
            else:
                actual_finish_w[i] = w
    status_w = to_axis(np.full(n, status_abs, dtype=np.int64), dur_axis) if status_abs is not None else None
    resume_w = np.full(n, _NONE, dtype=np.int64)  # where the remaining work of a started task resumes
    if r_idx:
        ri = np.array(r_idx)
        resume_w[ri] = to_axis(np.array(r_abs, dtype=np.int64), dur_axis[ri])

    # ----------------------------------------------------------- edge order
    # links by level of their successor, then successor, then plan order (one stable sort on a combined key)
    order_f = _stable_order(level[succ], succ) if succ.size else np.zeros(0, np.int64)
    e_pred, e_succ, e_type, e_lag, e_lax = pred[order_f], succ[order_f], ltype[order_f], lag[order_f], lag_axis[order_f]
    e_group = start_group[order_f]
    grouped = bool((e_group >= 0).any())
    f_bounds = np.searchsorted(level[e_succ], np.arange(level.max() + 2 if n else 1)) if e_succ.size else None
    # links by level of their predecessor, then predecessor; the late pass takes the smallest over a
    # predecessor's links, which any order of them gives: no stable sort needed
    order_b = np.argsort(level[e_pred] * (n + 1) + e_pred) if e_pred.size else np.zeros(0, np.int64)
    b_bounds = np.searchsorted(level[e_pred][order_b], np.arange(level.max() + 2 if n else 1)) if e_pred.size else None
    max_level = int(level.max()) if n and is_leaf.any() else -1
    node_order = _stable_order(level, np.arange(n, dtype=np.int64))
    node_bounds = np.searchsorted(level[node_order], np.arange(max_level + 2))

    early_w = np.zeros(2 * n, dtype=np.int64)  # early starts then early finishes, on the task axes
    es_w, ef_w = early_w[:n], early_w[n:]
    es_abs = np.zeros(n, dtype=np.int64)
    ef_abs = np.zeros(n, dtype=np.int64)
    edge_cand = np.zeros(e_pred.size, dtype=np.int64)  # candidate early start of the successor per link
    pred_uses_finish = (e_type == _FS) | (e_type == _FF)
    succ_is_finish = (e_type == _FF) | (e_type == _SF)
    has_pred = np.zeros(n, dtype=bool)
    if e_succ.size:
        has_pred[e_succ] = True
    milestone = cols["milestone"].astype(bool) | (dur_min == 0)

    def lagged(source_abs_or_w, lax, target_axis, lag_values, sign):
        """Source instants moved by the lag, expressed on the target axes."""
        if single_axis:
            return source_abs_or_w + sign * lag_values
        out = np.empty(source_abs_or_w.shape, dtype=np.int64)
        combos = lax * 4096 + target_axis
        for combo in np.unique(combos):
            m = combos == combo
            la, ta = int(combo // 4096), int(combo % 4096)
            w = _checked(axes[la].to_working, source_abs_or_w[m]) + sign * lag_values[m]
            if la == ta:
                out[m] = w
            else:
                back = _checked(axes[la].finish_from_working, w)
                out[m] = _checked(axes[ta].to_working, back)
        return out

    def finish_times(w_values, axis_ids):
        return _group_apply(axes, axis_ids, w_values, "finish_from_working")

    def start_times(w_values, axis_ids):
        return _group_apply(axes, axis_ids, w_values, "start_from_working")

    def place_early(nodes):
        """The absolute early dates of ``nodes`` from their working-time ones: a milestone after a predecessor
        sits where work stops, others where work resumes; a zero-length task finishes when it starts (not at
        the end of the previous working period)."""
        da = dur_axis[nodes]
        at_stop = milestone[nodes] & has_pred[nodes]
        starts = start_times(es_w[nodes], da)
        if at_stop.any():
            starts[at_stop] = finish_times(es_w[nodes[at_stop]], da[at_stop])
        finishes = finish_times(ef_w[nodes], da)
        same = at_stop | (ef_w[nodes] == es_w[nodes])
        finishes[same] = starts[same]
        es_abs[nodes] = starts
        ef_abs[nodes] = finishes

    def room_on_own_calendar(links):
        """Per task, the smallest room its ``links`` leave before they bind their successors, counted in
        working time of the task's own calendar (P6); ``_HUGE`` for a task none of them leaves."""
        p, q = e_pred[links], e_succ[links]
        pred_axis = dur_axis[p]
        bound = to_axis(np.where(pred_uses_finish[links], ef_abs[p], es_abs[p]), pred_axis) + e_lag[links]
        binding = to_axis(np.where(succ_is_finish[links], ef_abs[q], es_abs[q]), pred_axis)
        room = np.full(n, _HUGE, dtype=np.int64)
        np.minimum.at(room, p, np.where(progress_state[q] >= 1, _HUGE, binding - bound))
        return room

    # An ALAP task sits on its late dates and its successors are scheduled from them (MS Project): when the
    # plan has ALAP tasks with successors, a second round pins them on their late starts and runs again.
    alap_pending = None
    for _round in range(2):
        # ------------------------------------------------------------- forward
        # On a single axis, a level whose tasks carry neither progress nor a fixed date takes the short way:
        # every task of a level above 0 has predecessors, and its links are one segment of the edge order.
        short_way = single_axis and e_succ.size > 0
        if short_way:
            first_linked = node_bounds[1] if max_level >= 1 else node_bounds[-1]
            f_src = e_pred + n * pred_uses_finish
            f_off = e_lag - np.where(succ_is_finish, dur_min[e_succ], 0)
            f_seg = np.flatnonzero(np.concatenate([[True], e_succ[1:] != e_succ[:-1]]))
            f_seg_rel = f_seg - f_bounds[level[e_succ[f_seg]]]
            lower_o = np.maximum(start_lb_w, finish_lb_w - dur_min)[node_order]
            upper = np.minimum(start_ub_w, finish_ub_w - dur_min)
            upper_o = upper[node_order] if bool((upper < _HUGE - dur_min).any()) else None
            dur_o = dur_min[node_order]
            special_level = np.zeros(max_level + 1, dtype=bool)
            special_level[level[is_leaf & ((fixed_start_w != _NONE) | (progress_state >= 1))]] = True
            special_level[level[e_succ[e_group >= 0]]] = True
        for lv in range(max_level + 1):
            if short_way and lv > 0 and not special_level[lv]:
                a, b = node_bounds[lv], node_bounds[lv + 1]
                lo, hi = f_bounds[lv], f_bounds[lv + 1]
                c = early_w[f_src[lo:hi]]
                c += f_off[lo:hi]
                start = np.maximum.reduceat(c, f_seg_rel[a - first_linked:b - first_linked])
                np.maximum(start, lower_o[a:b], out=start)
                if upper_o is not None:
                    np.minimum(start, upper_o[a:b], out=start)
                nodes = node_order[a:b]
                es_w[nodes] = start
                start += dur_o[a:b]
                ef_w[nodes] = start
                continue
            nodes = node_order[node_bounds[lv]:node_bounds[lv + 1]]
            d = dur_min[nodes]
            cand = np.maximum(start_lb_w[nodes], finish_lb_w[nodes] - d)
            if f_bounds is not None and lv > 0:
                lo, hi = f_bounds[lv], f_bounds[lv + 1]
                if hi > lo:
                    bp = e_pred[lo:hi]
                    bs = e_succ[lo:hi]
                    if single_axis:
                        src = np.where(pred_uses_finish[lo:hi], ef_w[bp], es_w[bp])
                    else:
                        src = np.where(pred_uses_finish[lo:hi], ef_abs[bp], es_abs[bp])
                    c = lagged(src, e_lax[lo:hi], dur_axis[bs], e_lag[lo:hi], 1)
                    c = np.where(succ_is_finish[lo:hi], c - dur_min[bs], c)
                    if grouped:
                        c = _smallest_of_group(c, e_group[lo:hi])
                    edge_cand[lo:hi] = c
                    seg = np.flatnonzero(np.concatenate([[True], bs[1:] != bs[:-1]]))
                    best = np.full(nodes.size, _NONE, dtype=np.int64)
                    best[np.searchsorted(nodes, bs[seg])] = np.maximum.reduceat(c, seg)
                    cand = np.maximum(cand, best)
            cand = np.minimum(cand, np.minimum(start_ub_w[nodes], finish_ub_w[nodes] - d))
            fixed = fixed_start_w[nodes]
            cand = np.where(fixed != _NONE, fixed, cand)
            finish = cand + d
            # progress
            st = progress_state[nodes]
            a_s = actual_start_w[nodes]
            a_f = actual_finish_w[nodes]
            started = st >= 1
            if started.any():
                start_fixed = np.where(a_s != _NONE, a_s, np.where(a_f != _NONE, a_f - d, cand))
                cand = np.where(started, start_fixed, cand)
                done = cand + np.rint(d * percent[nodes] / 100.0).astype(np.int64)
                remaining = d - (done - cand)
                if status_w is None:
                    resume = done
                elif options.remaining_from_status_date:
                    resume = np.where(st == 1, status_w[nodes], done)
                else:
                    resume = np.maximum(done, status_w[nodes])
                # a resume date of the task's own decides, never before the status date
                given = resume_w[nodes]
                if (given != _NONE).any():
                    given_at = given if status_w is None else np.maximum(given, status_w[nodes])
                    resume = np.where((st == 1) & (given != _NONE), given_at, resume)
                in_progress_finish = resume + remaining
                complete_finish = np.where(a_f != _NONE, a_f, cand + d)
                finish = np.where(st == 2, complete_finish, np.where(st == 1, in_progress_finish, finish))
            es_w[nodes] = cand
            ef_w[nodes] = finish
            if not single_axis:
                da = dur_axis[nodes]
                es_abs[nodes] = np.where(milestone[nodes] & has_pred[nodes], finish_times(cand, da), start_times(cand, da))
                # a zero-length task finishes when it starts (not at the end of the previous working period)
                ef_abs[nodes] = np.where((milestone[nodes] & has_pred[nodes]) | (finish == cand), es_abs[nodes],
                                         finish_times(finish, da))

        if short_way:
            edge_cand = early_w[f_src] + f_off
            if grouped:
                edge_cand = _smallest_of_group(edge_cand, e_group)
        if alap_pending is not None:
            # the ALAP tasks keep their own early dates; their successors keep the dates they got from them
            fixed_start_w[:] = fixed_before_alap
            es_w[alap_pending], ef_w[alap_pending] = alap_early
            es_abs[alap_pending], ef_abs[alap_pending] = alap_early_abs
        leaves = np.flatnonzero(is_leaf)
        if single_axis and leaves.size:
            place_early(leaves)

        # ------------------------------------------------------- project finish
        n_projects = len(net.projects)
        project_finish_abs = np.full(n_projects, _NONE, dtype=np.int64)
        if leaves.size:
            np.maximum.at(project_finish_abs, project_of[leaves], ef_abs[leaves])
        for p in range(n_projects):
            if project_finish_abs[p] == _NONE:
                project_finish_abs[p] = project_start_abs[p]

        # ------------------------------------------------------------ backward
        late_w = np.zeros(2 * n, dtype=np.int64)  # late starts then late finishes, on the task axes
        ls_w, lf_w = late_w[:n], late_w[n:]
        ls_abs = np.zeros(n, dtype=np.int64)
        lf_abs = np.zeros(n, dtype=np.int64)
        has_succ = np.zeros(n, dtype=bool)
        if e_pred.size:
            has_succ[e_pred] = True
        finish_of_project_w = to_axis(project_finish_abs[project_of], dur_axis) if n else np.zeros(0, np.int64)
        bp_all = e_pred[order_b] if e_pred.size else e_pred
        bs_all = e_succ[order_b] if e_pred.size else e_succ
        b_type = e_type[order_b] if e_pred.size else e_type
        b_lag = e_lag[order_b] if e_pred.size else e_lag
        b_lax = e_lax[order_b] if e_pred.size else e_lax
        if single_axis:
            _backward_single_axis(n, max_level, node_order, node_bounds, level, b_bounds, bp_all, bs_all, b_type, b_lag,
                                  early_w, late_w, finish_of_project_w, late_finish_ub_w, late_start_ub_w,
                                  fixed_start_w if honor else None, progress_state)
        for lv in range(max_level, -1, -1) if not single_axis else ():
            nodes = node_order[node_bounds[lv]:node_bounds[lv + 1]]
            d = ef_w[nodes] - es_w[nodes]
            cand = finish_of_project_w[nodes].copy()  # nothing finishes after its project
            if b_bounds is not None:
                lo, hi = b_bounds[lv], b_bounds[lv + 1]
                if hi > lo:
                    bp = bp_all[lo:hi]
                    bs = bs_all[lo:hi]
                    tp = b_type[lo:hi]
                    succ_finish_end = (tp == _FF) | (tp == _SF)
                    if single_axis:
                        src = np.where(succ_finish_end, lf_w[bs], ls_w[bs])
                    else:
                        src = np.where(succ_finish_end, lf_abs[bs], ls_abs[bs])
                    # the lag lives on the successor side: move back on the lag axis, then onto the predecessor axis
                    # P6 hands over the successor's date as it stands: a finish, or the start of a task of no
                    # duration, is where work stops
                    at_stop = (options.late_dates_at_work_stop
                               and (succ_finish_end | (ef_w[bs] == es_w[bs])))
                    c = _late_lagged(axes, single_axis, src, b_lax[lo:hi], dur_axis[bs], dur_axis[bp], b_lag[lo:hi],
                                     at_stop)
                    pred_start_end = (tp == _SS) | (tp == _SF)
                    c = np.where(pred_start_end, c + (ef_w[bp] - es_w[bp]), c)
                    seg = np.flatnonzero(np.concatenate([[True], bp[1:] != bp[:-1]]))
                    best = np.full(nodes.size, _HUGE, dtype=np.int64)
                    best[np.searchsorted(nodes, bp[seg])] = np.minimum.reduceat(c, seg)
                    cand = np.minimum(cand, best)
            cand = np.minimum(cand, np.minimum(late_finish_ub_w[nodes], late_start_ub_w[nodes] + d))
            if honor:
                fixed = fixed_start_w[nodes]
                cand = np.where(fixed != _NONE, fixed + d, cand)
            st = progress_state[nodes]
            cand = np.where(st == 2, ef_w[nodes], cand)
            lf_w[nodes] = cand
            ls_w[nodes] = cand - d
            if not single_axis:
                da = dur_axis[nodes]
                ls_abs[nodes] = start_times(cand - d, da)
                lf_abs[nodes] = np.where(milestone[nodes], ls_abs[nodes], finish_times(cand, da))
        if single_axis and leaves.size:
            da = dur_axis[leaves]
            ls_abs[leaves] = start_times(ls_w[leaves], da)
            lf_abs[leaves] = np.where(milestone[leaves], ls_abs[leaves], finish_times(lf_w[leaves], da))

        pending = is_alap & (progress_state == 0) & has_succ & is_leaf & (ls_w > es_w)
        if alap_pending is not None or not options.alap_successors_follow or not pending.any():
            break
        alap_pending = np.flatnonzero(pending)
        alap_early = (es_w[alap_pending].copy(), ef_w[alap_pending].copy())
        alap_early_abs = (es_abs[alap_pending].copy(), ef_abs[alap_pending].copy())
        fixed_before_alap = fixed_start_w.copy()
        fixed_start_w[alap_pending] = ls_w[alap_pending]

    # --------------------------------------------------------------- floats
    state = progress_state
    total_float_w = np.where(state == 1, lf_w - ef_w, np.minimum(ls_w - es_w, lf_w - ef_w))
    total_float_w = np.where(state == 2, 0, total_float_w)
    if e_succ.size:
        link_slack = es_w[e_succ] - edge_cand  # on the successor's axis
        link_slack = np.where(progress_state[e_succ] >= 1, _HUGE, link_slack)
        free = np.full(n, _HUGE, dtype=np.int64)
        if options.free_float_on_own_calendar and not single_axis:
            free = room_on_own_calendar(np.arange(e_pred.size))
        else:
            np.minimum.at(free, e_pred, link_slack)
    else:
        link_slack = np.zeros(0, dtype=np.int64)
        free = np.full(n, _HUGE, dtype=np.int64)
    free = np.where(has_succ, free, finish_of_project_w - ef_w)
    if options.free_float_capped:
        free = np.minimum(free, total_float_w)
    free = np.maximum(free, 0)
    free = np.where(state == 2, 0, free)
    if options.alap_uses_free_float:
        # P6: an ALAP activity's early dates move as late as its successors' early dates allow, its total
        # float shrinking by as much; from the last level back, so that a chain of them moves together
        candidates = is_alap & (state == 0) & is_leaf
        outgoing = candidates[e_pred] if e_pred.size else np.zeros(0, dtype=bool)
        for lv in np.unique(level[candidates])[::-1].tolist():
            nodes = np.flatnonzero(candidates & (level == lv))
            room = np.where(has_succ[nodes], _HUGE, finish_of_project_w[nodes] - ef_w[nodes])
            links = np.flatnonzero(outgoing & (level[e_pred] == lv)) if e_pred.size else np.zeros(0, np.int64)
            if links.size:
                room = np.minimum(room, room_on_own_calendar(links)[nodes])
            shift = np.clip(np.minimum(room, total_float_w[nodes]), 0, None)
            free[nodes] = np.where(room < _HUGE, np.maximum(room - shift, 0), free[nodes])
            moving = nodes[shift > 0]
            if not moving.size:
                continue
            shift = shift[shift > 0]
            es_w[moving] += shift
            ef_w[moving] += shift
            place_early(moving)
            total_float_w[moving] -= shift
        if e_pred.size and candidates.any():
            # the other predecessors of the activities that moved have that much more room
            affected = np.unique(e_pred[candidates[e_succ] & ~candidates[e_pred]])
            room = room_on_own_calendar(np.flatnonzero(np.isin(e_pred, affected)))[affected]
            if options.free_float_capped:
                room = np.minimum(room, total_float_w[affected])
            free[affected] = np.where(state[affected] == 2, 0, np.maximum(room, 0))

    # ALAP: scheduled on the late dates
    start_abs = np.where(is_alap & (state == 0), ls_abs, es_abs)
    finish_abs = np.where(is_alap & (state == 0), lf_abs, ef_abs)
    scale = np.where(elapsed, float(MINUTES_PER_CALENDAR_DAY), mpd_project) if n else np.zeros(0)
    limit_w = np.rint(options.critical_slack_limit_days * scale).astype(np.int64) if n else np.zeros(0, np.int64)
    critical = (total_float_w <= limit_w) & (state != 2)

    # driving predecessors and critical chains
    driving = np.empty(n, dtype=object)  # the driving predecessors' ids of each task, as text
    driving.fill("")
    crit_edges: dict[int, list[int]] = {}
    crit_in: set[int] = set()
    if e_succ.size:
        zero = np.flatnonzero((link_slack == 0) & (fixed_start_w[e_succ] == _NONE))
        z_pred, z_succ = e_pred[zero], e_succ[zero]
        # the links of a successor are consecutive in the edge order, in the order the plan lists them
        first = np.flatnonzero(np.concatenate([[True], z_succ[1:] != z_succ[:-1]])) if zero.size else zero
        count = np.diff(np.append(first, zero.size))
        single = first[count == 1]
        # one driver: its id as it is (no new text), taken once from the ids
        driving[z_succ[single]] = net.table.id[z_pred[single]]
        several = count > 1
        if len(net.projects) > 1:
            across = np.flatnonzero(project_of[z_pred] != project_of[z_succ])
            for k in across.tolist():
                driving[z_succ[k]] = net.label(int(z_pred[k]))
        for f, c in zip(first[several].tolist(), count[several].tolist()):
            own = project_of[z_succ[f]]
            driving[z_succ[f]] = DRIVING_SEPARATOR.join(
                net.table.id[j] if project_of[j] == own else net.label(j) for j in z_pred[f:f + c].tolist())
        # links of the critical paths: between critical tasks of a project, with no more slack than the limit
        tight = np.flatnonzero(link_slack <= limit_w[e_succ])
        t_pred, t_succ = e_pred[tight], e_succ[tight]
        on_critical = critical[t_pred] & critical[t_succ] & (project_of[t_pred] == project_of[t_succ])
        for a, b in zip(t_pred[on_critical].tolist(), t_succ[on_critical].tolist()):
            crit_edges.setdefault(a, []).append(b)
            crit_in.add(b)

    # -------------------------------------------------------------- summaries
    summary_idx = np.flatnonzero(~is_leaf)
    if summary_idx.size:
        for i in sorted(summary_idx.tolist(), reverse=True):
            lv_ids = net.leaves_under(i)
            if not lv_ids:
                es_abs[i] = ef_abs[i] = ls_abs[i] = lf_abs[i] = project_start_abs[project_of[i]]
                start_abs[i] = finish_abs[i] = es_abs[i]
                continue
            ids = np.array(lv_ids)
            es_abs[i] = es_abs[ids].min()
            ef_abs[i] = ef_abs[ids].max()
            ls_abs[i] = ls_abs[ids].min()
            lf_abs[i] = lf_abs[ids].max()
            start_abs[i] = start_abs[ids].min()
            finish_abs[i] = finish_abs[ids].max()
            state[i] = 2 if (state[ids] == 2).all() else (1 if (state[ids] >= 1).any() else 0)
        ax = dur_axis[summary_idx]
        s_es = to_axis(es_abs[summary_idx], ax)
        s_ef = to_axis(ef_abs[summary_idx], ax)
        s_ls = to_axis(ls_abs[summary_idx], ax)
        s_lf = to_axis(lf_abs[summary_idx], ax)
        es_w[summary_idx], ef_w[summary_idx], ls_w[summary_idx], lf_w[summary_idx] = s_es, s_ef, s_ls, s_lf
        tf = np.minimum(s_ls - s_es, s_lf - s_ef)
        total_float_w[summary_idx] = np.where(state[summary_idx] == 2, 0, tf)
        free[summary_idx] = np.maximum(total_float_w[summary_idx], 0)
        critical[summary_idx] = (total_float_w[summary_idx] <= limit_w[summary_idx]) & (state[summary_idx] != 2)

    # ---------------------------------------------------------------- output
    def dt_col(values: np.ndarray) -> pd.Series:
        return pd.Series(_minutes_to_seconds_datetime(values), copy=False)

    codes = (object_column(n, net.project_codes[0]) if len(net.projects) == 1
             else np.array(net.project_codes, dtype=object)[project_of])
    duration = np.nan_to_num(cols["duration_days"].astype(np.float64))
    # the calendar's name: the task's own, else its project's; one look-up per distinct (project, name)
    name_codes, names = net.calendar_codes() if not _all_missing(cols["calendar"]) else (np.full(n, -1, np.int64), [])
    project_calendars = [p.project.calendar for p in net.projects]
    width = len(names) + 1
    by_pair = np.array([project_calendars[k // width] if k % width == 0 or not names[k % width - 1]
                        else names[k % width - 1] for k in range(len(project_calendars) * width)], dtype=object)
    pairs = project_of * width + (name_codes + 1)
    if n and bool((pairs == pairs[0]).all()):
        calendar_names = object_column(n, by_pair[pairs[0]])
    else:
        calendar_names = by_pair[pairs]
    summary_duration_days = np.where(
        is_leaf, duration,
        (ef_w - es_w) / np.where(elapsed, float(MINUTES_PER_CALENDAR_DAY), mpd_project)) if n else np.zeros(0)
    # the columns are taken as they are (one block each, no copy into shared blocks); those the plan
    # table keeps are copied so that the frame and the table never share memory
    frame = pd.DataFrame({
        "project": _text(codes),
        "id": _text(net.table.id),
        "name": cols["name"].copy(),
        "wbs": cols["wbs"].copy(),
        "outline_level": net.level.copy(),
        "summary": ~is_leaf,
        "milestone": cols["milestone"].astype(bool),
        "duration_days": summary_duration_days if n else [],
        "start": dt_col(start_abs),
        "finish": dt_col(finish_abs),
        "early_start": dt_col(es_abs),
        "early_finish": dt_col(ef_abs),
        "late_start": dt_col(ls_abs),
        "late_finish": dt_col(lf_abs),
        "total_float_days": total_float_w / scale if n else [],
        "free_float_days": free / scale if n else [],
        "critical": critical,
        "percent_complete": percent,
        "baseline_start": _datetime_column(cols["baseline_start"]),
        "baseline_finish": _datetime_column(cols["baseline_finish"]),
        "driving_predecessors": driving,
        "calendar": _text(calendar_names),
        "duration_elapsed": elapsed,
        "total_float_minutes": total_float_w,
        "free_float_minutes": free,
        "progress": pd.Categorical.from_codes(state.astype(np.int64), ["not_started", "in_progress", "complete"]) if n else [],
    }, copy=False)

    # critical paths: chains of driving links between critical tasks, in time order
    paths: dict[str, list[list[str]]] = {code: [] for code in net.project_codes}
    chain_start = critical & is_leaf
    if crit_in:
        chain_start[np.fromiter(crit_in, dtype=np.int64, count=len(crit_in))] = False
    starts = np.flatnonzero(chain_start).tolist()
    starts.sort(key=lambda i: (es_abs[i], i))
    for s in starts:
        code = net.project_codes[project_of[s]]
        stack = [(s, [s])]
        while stack and len(paths[code]) < _MAX_CRITICAL_PATHS:
            node, path = stack.pop()
            nxt = crit_edges.get(node)
            if not nxt:
                paths[code].append([net.ids[i] for i in path])
                continue
            for b in sorted(nxt, key=lambda j: (es_abs[j], j), reverse=True):
                stack.append((b, path + [b]))

    return ScheduleResult(
        tasks=frame,
        critical_paths=paths,
        project_finish={net.project_codes[p]: from_absolute_minutes(project_finish_abs[p]) for p in range(n_projects)},
        problems=ProblemList(),
        calendars=calendars,
    )


_SECONDS_SAFE_MINUTES = np.iinfo(np.int64).max // 60


def _minutes_to_seconds_datetime(minutes: np.ndarray) -> np.ndarray:
    """Absolute minutes (int64) as ``datetime64[s]``; the same values as ``astype("datetime64[m]")`` then
    ``astype("datetime64[s]")``, in one multiplication when every value is a date (no missing marker)."""
    if minutes.size and -_SECONDS_SAFE_MINUTES < int(minutes.min()) and int(minutes.max()) < _SECONDS_SAFE_MINUTES:
        return (minutes * 60).view("datetime64[s]")
    return minutes.astype("datetime64[m]").astype("datetime64[s]")


def _stable_order(level: np.ndarray, node: np.ndarray) -> np.ndarray:
    """The order sorting by ``level``, then ``node``, then position (a stable sort).

    When ``node`` is already non-decreasing (links in plan order, tasks in index order) and the levels
    fit in 16 bits, one stable sort of the levels does it, and numpy sorts 16-bit integers in linear time.
    """
    if not level.size:
        return np.zeros(0, dtype=np.int64)
    if int(level.max()) < 2 ** 15 and bool((node[1:] >= node[:-1]).all()):
        return np.argsort(level.astype(np.int16), kind="stable")
    return np.argsort(level * (int(node.max()) + 1) + node, kind="stable")


def _smallest_of_group(candidates: np.ndarray, group: np.ndarray) -> np.ndarray:
    """``candidates`` where each link of a group (``group`` ≥ 0) takes the smallest candidate of its group."""
    member = np.flatnonzero(group >= 0)
    if not member.size:
        return candidates
    out = candidates.copy()
    ids, position = np.unique(group[member], return_inverse=True)
    smallest = np.full(ids.size, _HUGE, dtype=np.int64)
    np.minimum.at(smallest, position, candidates[member])
    out[member] = smallest[position]
    return out


def _backward_single_axis(n, max_level, node_order, node_bounds, level, b_bounds, bp_all, bs_all, b_type, b_lag,
                          early_w, late_w, finish_of_project_w, late_finish_ub_w, late_start_ub_w, fixed_start_w,
                          progress_state) -> None:
    """The late pass when every task and lag lives on one axis: fills ``late_w`` (late starts then late finishes).

    Levels run from the last; a task's late finish is the smallest of its project's finish, its late bounds and
    what each of its links allows; a fixed start (``fixed_start_w``, when constraints are honoured) or a
    complete task keeps its early dates.
    """
    es_w, ef_w = early_w[:n], early_w[n:]
    ls_w, lf_w = late_w[:n], late_w[n:]
    duration = ef_w - es_w
    base = np.minimum(finish_of_project_w, np.minimum(late_finish_ub_w, late_start_ub_w + duration))
    override = np.full(n, _NONE, dtype=np.int64)
    if fixed_start_w is not None:
        override = np.where(fixed_start_w != _NONE, fixed_start_w + duration, override)
    override = np.where(progress_state == 2, ef_w, override)
    has_override = override != _NONE
    override_level = np.zeros(max_level + 1, dtype=bool)
    override_level[level[has_override & (level >= 0)]] = True
    base_o, override_o, duration_o = base[node_order], override[node_order], duration[node_order]
    if bp_all.size:
        succ_finish_end = (b_type == _FF) | (b_type == _SF)
        pred_start_end = (b_type == _SS) | (b_type == _SF)
        b_src = bs_all + n * succ_finish_end
        b_off = np.where(pred_start_end, duration[bp_all], 0) - b_lag
        seg = np.flatnonzero(np.concatenate([[True], bp_all[1:] != bp_all[:-1]]))
        seg_pred = bp_all[seg]
        seg_level = level[seg_pred]
        seg_rel = seg - b_bounds[seg_level]
        rank = np.empty(n, dtype=np.int64)
        rank[node_order] = np.arange(n, dtype=np.int64)
        seg_pos = rank[seg_pred] - node_bounds[seg_level]
        seg_bounds = np.searchsorted(seg_level, np.arange(max_level + 2))
    for lv in range(max_level, -1, -1):
        a, b = node_bounds[lv], node_bounds[lv + 1]
        finish = base_o[a:b].copy()
        if bp_all.size:
            s0, s1 = seg_bounds[lv], seg_bounds[lv + 1]
            if s1 > s0:
                lo, hi = b_bounds[lv], b_bounds[lv + 1]
                c = late_w[b_src[lo:hi]]
                c += b_off[lo:hi]
                best = np.minimum.reduceat(c, seg_rel[s0:s1])
                pos = seg_pos[s0:s1]
                finish[pos] = np.minimum(finish[pos], best)
        if override_level[lv]:
            fixed = override_o[a:b]
            finish = np.where(fixed != _NONE, fixed, finish)
        nodes = node_order[a:b]
        lf_w[nodes] = finish
        finish -= duration_o[a:b]
        ls_w[nodes] = finish


def _late_lagged(axes, single_axis, src, lax, succ_axis, pred_axis, lag_values, at_stop=False):
    """Successor instants moved back by the lag and expressed on the predecessor's axis.

    An instant at a break of the lag's calendar (where one working period ends and the next begins)
    is handed over as the start of the next period, or as the end of the earlier one where
    ``at_stop`` (one flag, or one per instant).
    """
    if single_axis:
        return src - lag_values
    stop = np.broadcast_to(np.asarray(at_stop, dtype=bool), src.shape)
    if stop.any():
        # the successor's date as the end of the working period it closes, on the successor's calendar
        src = src.copy()
        at = np.flatnonzero(stop)
        for a in np.unique(succ_axis[at]).tolist():
            k = at[succ_axis[at] == a]
            src[k] = _checked(axes[a].finish_from_working, _checked(axes[a].to_working, src[k]))
    out = np.empty(src.shape, dtype=np.int64)
    combos = lax * 4096 + pred_axis
    for combo in np.unique(combos):
        m = combos == combo
        la, pa = int(combo // 4096), int(combo % 4096)
        w = _checked(axes[la].to_working, src[m]) - lag_values[m]
        if la == pa:
            out[m] = w
            continue
        handed = np.empty(w.shape, dtype=np.int64)
        at = stop[m]
        if at.any():
            handed[at] = _checked(axes[la].finish_from_working, w[at])
        if not at.all():
            handed[~at] = _checked(axes[la].start_from_working, w[~at])
        out[m] = _checked(axes[pa].to_working, handed)
    return out
