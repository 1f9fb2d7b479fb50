"""The public entry points, :func:`schedule` and :func:`schedule_table`, and the order of the steps: network,
calendars, links, pass state, forward and backward passes (twice when ALAP tasks pin their successors),
floats, driving links and critical paths, summaries, the result frame."""

from __future__ import annotations

import gc
from datetime import date, datetime
from typing import Iterable

import numpy as np

from pmo_xl.engine.calendar import from_absolute_minutes, to_absolute_minutes
from pmo_xl.engine.cpm.backward import backward_pass
from pmo_xl.engine.cpm.calendars import calendar_years, task_timing
from pmo_xl.engine.cpm.constraints import AlapPin
from pmo_xl.engine.cpm.floats import compute_floats
from pmo_xl.engine.cpm.forward import finish_forward, forward_pass
from pmo_xl.engine.cpm.frame import task_frame
from pmo_xl.engine.cpm.links import build_links
from pmo_xl.engine.cpm.network import Network, OutOfRange, all_missing, start_abs
from pmo_xl.engine.cpm.options import ScheduleOptions, ScheduleResult
from pmo_xl.engine.cpm.paths import critical_paths, driving_predecessors
from pmo_xl.engine.cpm.state import PassState, build_pass_state
from pmo_xl.engine.cpm.summaries import roll_up_summaries, scheduled_dates
from pmo_xl.engine.plan_table import PlanTable
from pmo_xl.errors import ProblemList, ScheduleError
from pmo_xl.model.domain import ProjectData

FIRST_SPAN_YEARS = 12
"""Years the calendars first cover after the plan's dates; multiplied by 4 while the schedule runs beyond."""
MAX_SPAN_YEARS = 800


def schedule(projects: ProjectData | Iterable[ProjectData],
             status_date: date | datetime | None = None,
             options: ScheduleOptions | None = None) -> ScheduleResult:
    """Schedule one project or several linked projects together; see the package docstring."""
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
    net = Network(table)
    resource_calendar = table.resource_calendar
    if options.resource_calendars and resource_calendar is not None and not all_missing(resource_calendar):
        # the calendar the task's resources give it (see PlanTable.resource_calendar) wins
        net.columns["calendar"] = np.where(np.equal(resource_calendar, None), net.columns["calendar"],
                                           resource_calendar)
    span_years = FIRST_SPAN_YEARS
    while True:
        try:
            return _schedule_within(net, status_date, options, problems, span_years)
        except OutOfRange:
            if span_years > MAX_SPAN_YEARS:
                raise ScheduleError("the schedule runs beyond the calendars' range of 800 years")
            span_years *= 4


def _schedule_within(net: Network, status_date, options: ScheduleOptions, problems: ProblemList,
                     span_years: int) -> ScheduleResult:
    """The schedule with calendars covering ``span_years`` beyond the plan's dates; raises
    :class:`OutOfRange` when a date falls outside them.  New problems are added to ``problems``."""
    found = ProblemList()
    status_abs = start_abs(status_date) if status_date is not None else None
    project_start_abs = [to_absolute_minutes(start) for start in net.table.project_start]
    years = calendar_years(net, project_start_abs, status_abs, span_years)
    timing = task_timing(net, options, years, found)
    links = build_links(net, timing, options, found)
    s = build_pass_state(net, timing, links, options, project_start_abs, status_abs, found)
    _run_passes_until_settled(s)
    result = _result(s)
    timing.release_range()
    problems.extend(p for p in found if p not in problems)
    result.problems = problems
    result.status_date = from_absolute_minutes(status_abs) if status_abs is not None else None
    return result


def _run_passes_until_settled(s: PassState) -> None:
    """The forward and backward passes; when ALAP tasks with successors sit on their late dates and their
    successors follow them (MS Project), a second round pins them there and runs again."""
    pin = None
    while True:
        forward_pass(s)
        if pin is not None:
            pin.restore(s)
        finish_forward(s)
        backward_pass(s)
        if pin is not None or not s.options.alap_successors_follow:
            return
        pin = AlapPin.pin(s)
        if pin is None:
            return


def _result(s: PassState) -> ScheduleResult:
    """The schedule result from the settled passes: floats, driving links, critical paths, summaries, frame."""
    floats = compute_floats(s)
    start_abs, finish_abs = scheduled_dates(s)
    driving = driving_predecessors(s, floats)
    paths = critical_paths(s, floats)
    roll_up_summaries(s, floats, start_abs, finish_abs)
    codes = s.net.project_codes
    return ScheduleResult(
        tasks=task_frame(s, floats, start_abs, finish_abs, driving),
        critical_paths=paths,
        project_finish={codes[p]: from_absolute_minutes(int(finish)) for p, finish in enumerate(s.project_finish_abs)},
        problems=ProblemList(),
        calendars=s.timing.calendars,
    )
