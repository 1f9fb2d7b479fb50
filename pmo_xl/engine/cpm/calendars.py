"""The time axes of a schedule: one working-minute axis per calendar in use plus the elapsed axis, and each
task's axis and duration on it (:class:`TaskTiming`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmo_xl.engine.calendar import MINUTES_PER_CALENDAR_DAY, WorkingCalendar, from_absolute_minutes
from pmo_xl.engine.cpm.network import (
    ELAPSED_AXIS, ElapsedAxis, Network, all_missing, checked, dense_unique, start_abs,
)
from pmo_xl.engine.cpm.options import ScheduleOptions
from pmo_xl.errors import Location, Problem, ProblemList, Severity

DEFAULT_MINUTES_PER_DAY = 480


def calendar_years(net: Network, project_start_abs: list[int], status_abs: int | None,
                   span_years: int) -> tuple[int, int]:
    """The first and last year the calendars cover: the plan's dates (project starts, actuals, constraint and
    resume dates, status date) widened by ``span_years`` after and a quarter of it before."""
    all_dates = list(project_start_abs)
    cols = net.columns
    for name in ("actual_start", "actual_finish", "constraint_date", "resume"):
        if all_missing(cols[name]):
            continue
        present = cols[name][~np.equal(cols[name], None)]
        try:
            minutes = present.astype("datetime64[m]").astype(np.int64)
        except (TypeError, ValueError):  # a date with a time zone: one at a time
            minutes = np.array([start_abs(v) for v in present.tolist()], dtype=np.int64)
        all_dates.extend((int(minutes.min()), int(minutes.max())))
    if status_abs is not None:
        all_dates.append(status_abs)
    first_year = from_absolute_minutes(min(all_dates)).year - max(2, span_years // 4)
    last_year = from_absolute_minutes(max(all_dates)).year + span_years
    return first_year, last_year


class CalendarAxes:
    """The axes of a schedule (index 0 the elapsed axis, then one per distinct calendar) and the calendar
    each (project, calendar name) resolves to."""

    def __init__(self, net: Network, options: ScheduleOptions, years: tuple[int, int], problems: ProblemList):
        self.net = net
        self.options = options
        self.first_year, self.last_year = years
        self.problems = problems
        self.axes: list = [ElapsedAxis()]
        self.calendars: dict[tuple[str, str], WorkingCalendar] = {}
        self._axis_key: dict[tuple[str, str], int] = {}
        self._by_spec: dict[int, int] = {}

    def axis_for(self, p_idx: int, cal_name: str | None) -> int:
        """The axis of calendar ``cal_name`` of project ``p_idx`` (its project calendar for none)."""
        pdata = self.net.projects[p_idx]
        code = pdata.project.code
        key = (code, cal_name or "")
        if key in self._axis_key:
            return self._axis_key[key]
        name = cal_name or pdata.project.calendar
        derived = self.net.table.derived_calendars[p_idx] if self.net.table.derived_calendars else {}
        overrides = self.options.calendars or {}
        if cal_name and cal_name not in pdata.calendars and cal_name not in overrides and cal_name not in derived:
            self._report_unknown(pdata, cal_name)
        spec = overrides.get(name)
        if spec is None:
            spec = derived.get(name) or pdata.calendar_for(cal_name)
        if id(spec) in self._by_spec:
            idx = self._by_spec[id(spec)]
        else:
            library = dict(pdata.calendars)
            library.update(overrides)
            library.update(derived)
            self.axes.append(WorkingCalendar.from_spec(
                spec, minutes_per_day=pdata.project.minutes_per_day or DEFAULT_MINUTES_PER_DAY, library=library,
                first_year=self.first_year, last_year=self.last_year, fixed_range=True))
            idx = len(self.axes) - 1
            self._by_spec[id(spec)] = idx
        self._axis_key[key] = idx
        self.calendars[key] = self.axes[idx]
        self.calendars.setdefault((code, name), self.axes[idx])
        return idx

    def _report_unknown(self, pdata, cal_name: str) -> None:
        self.problems.append(Problem(
            f"calendar '{cal_name}' is not defined in project '{pdata.project.code}'; its tasks use the project "
            "calendar",
            Location(file=pdata.source), found=cal_name,
            expected="a calendar of the project: " + ", ".join(sorted(pdata.calendars)) if pdata.calendars
            else "a calendar of the project", severity=Severity.WARNING, code="unknown_calendar"))


@dataclass
class TaskTiming:
    """Each task's axis and duration in minutes on it.

    ``cal_axis``: the axis of the task's calendar; ``dur_axis``: the axis its duration counts on (the elapsed
    axis for an elapsed duration); ``dur_min``: its duration in minutes of that axis; ``mpd_project``: the
    minutes per working day of its project; ``project_axis``: the axis of each project's calendar.
    """

    axes: list
    calendars: dict
    project_axis: list[int]
    cal_axis: np.ndarray
    elapsed: np.ndarray
    dur_axis: np.ndarray
    mpd_project: np.ndarray
    dur_min: np.ndarray

    def to_axis(self, abs_values: np.ndarray, axis_ids: np.ndarray) -> np.ndarray:
        """Absolute instants as minutes of the given axes."""
        return group_apply(self.axes, axis_ids, abs_values, "to_working")

    def start_times(self, w_values: np.ndarray, axis_ids: np.ndarray) -> np.ndarray:
        """Minutes of the given axes as absolute instants where work resumes."""
        return group_apply(self.axes, axis_ids, w_values, "start_from_working")

    def finish_times(self, w_values: np.ndarray, axis_ids: np.ndarray) -> np.ndarray:
        """Minutes of the given axes as absolute instants where work stops."""
        return group_apply(self.axes, axis_ids, w_values, "finish_from_working")

    def release_range(self) -> None:
        """Let the calendars grow beyond the schedule's range (callers of ``result.calendar()`` may)."""
        for axis in self.axes[1:]:
            axis.fixed_range = False


def task_timing(net: Network, options: ScheduleOptions, years: tuple[int, int], problems: ProblemList) -> TaskTiming:
    """The axes of the plan's calendars and each task's axis and duration on it."""
    calendars = CalendarAxes(net, options, years, problems)
    n, plist, cols = net.n, net.projects, net.columns
    project_axis = [calendars.axis_for(p_idx, None) for p_idx in range(len(plist))]
    cal_axis = np.array(project_axis, dtype=np.int64)[net.project_of_array] if n else np.zeros(0, np.int64)
    if not all_missing(cols["calendar"]):
        # one lookup per distinct (project, calendar name), not per task
        name_codes, names = net.calendar_codes()
        width = len(names) + 1
        pairs = net.project_of_array * width + (name_codes + 1)
        distinct_pairs, position = dense_unique(pairs)
        distinct = np.array([project_axis[int(pair // width)] if pair % width == 0
                             else calendars.axis_for(int(pair // width), names[int(pair % width) - 1])
                             for pair in distinct_pairs.tolist()], dtype=np.int64)
        cal_axis = distinct[position.reshape(-1)]
    elapsed = cols["duration_elapsed"].astype(bool)
    mpd_project = np.array([p.project.minutes_per_day or DEFAULT_MINUTES_PER_DAY for p in plist],
                           dtype=np.float64)[net.project_of_array]
    duration = np.nan_to_num(cols["duration_days"].astype(np.float64))
    dur_min = np.where(elapsed, np.rint(duration * MINUTES_PER_CALENDAR_DAY),
                       np.rint(duration * mpd_project)).astype(np.int64)
    return TaskTiming(axes=calendars.axes, calendars=calendars.calendars, project_axis=project_axis,
                      cal_axis=cal_axis, elapsed=elapsed, dur_axis=np.where(elapsed, ELAPSED_AXIS, cal_axis),
                      mpd_project=mpd_project, dur_min=np.maximum(dur_min, 0))


def group_apply(axes, axis_ids: np.ndarray, values: np.ndarray, method: str) -> np.ndarray:
    """Apply an axis conversion to ``values`` grouped by the axis of each element."""
    if values.size == 0:
        return values.astype(np.int64)
    first = int(axis_ids[0])
    if (axis_ids == first).all():
        return checked(getattr(axes[first], method), values)
    out = np.empty(values.shape, dtype=np.int64)
    for a in np.unique(axis_ids):
        m = axis_ids == a
        out[m] = checked(getattr(axes[int(a)], method), values[m])
    return out
