"""A straightforward critical-path calculation with networkx: the benchmark's baseline.

The plan becomes a ``networkx.DiGraph`` (one node per task, one edge per link
carrying its type and lag), read from the plan's objects (:func:`schedule_networkx`)
or from a tasks table and a links table row by row (:func:`schedule_networkx_frames`);
a topological order drives a forward pass (early
dates) and a backward pass (late dates), then a pass over the links gives the
free float, one Python step per node and edge.  The result holds what the
``pmo-xl schedule`` CSV contract asks for: early and late start and finish
(as working-day numbers and as calendar dates), total and free float and the
critical flag.

Time is counted in whole **working days** from the project start: a task that
starts on working day 3 and lasts 2 days has ``early_start`` 3 and
``early_finish`` 5.  Calendar hours are ignored; the working days are those of
the project calendar's week and its non-working exceptions (and the public
holidays of its ``holiday_country``).  Rules:

* FS: successor start ≥ predecessor finish + lag; SS: start ≥ start + lag;
  FF: finish ≥ finish + lag; SF: finish ≥ predecessor start + lag.
* No task starts before the project start (day 0).
* "Start/finish no earlier than" bound early dates; "start/finish no later
  than" bound late dates.  A start constraint date counts from the start of
  its day, a finish constraint date from the end of its day.
* The late pass starts from the project finish (the latest early finish) for
  every task; total float is late start − early start.
* Free float: the smallest slack of the task's outgoing links (how far the
  task can move before the link binds its successor), or the project finish −
  early finish without successors; never below 0 nor above the total float.
* Critical: total float ≤ 0.
* Dates: a start is the working day of its number; a finish the last working
  day worked (the start's day for a task of no duration).
"""

from __future__ import annotations

from datetime import date, datetime

import networkx as nx
import numpy as np
import pandas as pd

from pmo_xl.model.domain import CalendarSpec, ProjectData
from pmo_xl.model.enums import ConstraintType, LinkType


def _weekmask(calendar: CalendarSpec) -> str:
    return "".join("1" if calendar.week.get(day) else "0" for day in range(7))


def _non_working_dates(calendar: CalendarSpec, first: date, last: date) -> list[np.datetime64]:
    days: set[date] = set()
    if calendar.holiday_country:
        import holidays

        days.update(holidays.country_holidays(calendar.holiday_country,
                                              years=range(first.year, last.year + 1)).keys())
    for day, working in calendar.holiday_overrides.items():
        if working:
            days.add(day)
        else:
            days.discard(day)
    for exception in calendar.exceptions:
        if not exception.periods:
            day = exception.start
            while day <= exception.finish:
                days.add(day)
                day = date.fromordinal(day.toordinal() + 1)
    return [np.datetime64(day, "D") for day in sorted(days)]


class WorkingDayAxis:
    """Numbers working days of a calendar from a start date: day 0 is the start."""

    def __init__(self, calendar: CalendarSpec, start: date, last_year: int | None = None):
        self.start = np.datetime64(start, "D")
        last = date((last_year or start.year + 30), 12, 31)
        self.calendar = np.busdaycalendar(weekmask=_weekmask(calendar),
                                          holidays=_non_working_dates(calendar, start, last))

    def day_number(self, value: date | datetime) -> int:
        """Working days between the start and ``value``'s day (the day itself not counted)."""
        day = value.date() if isinstance(value, datetime) else value
        return int(np.busday_count(self.start, np.datetime64(day, "D"), busdaycal=self.calendar))

    def date_of(self, day_number: int) -> np.datetime64:
        return np.busday_offset(self.start, day_number, roll="forward", busdaycal=self.calendar)

    def dates_of(self, day_numbers: np.ndarray) -> np.ndarray:
        """The working day of each (whole) day number, as ``datetime64[D]``."""
        return np.busday_offset(self.start, np.floor(day_numbers).astype(np.int64), roll="forward",
                                busdaycal=self.calendar)


def build_graph(data: ProjectData) -> nx.DiGraph:
    """The plan as a DiGraph: node attributes ``duration``, ``constraint_type``, ``constraint_date``; edge
    attributes ``type`` and ``lag``."""
    graph = nx.DiGraph()
    for task in data.tasks:
        graph.add_node(task.id, duration=0.0 if task.milestone else task.duration_days,
                       constraint_type=task.constraint_type, constraint_date=task.constraint_date)
    for task in data.tasks:
        for link in task.predecessors:
            graph.add_edge(link.predecessor_id, task.id, type=link.type, lag=link.lag_days)
    return graph


def build_graph_from_frames(tasks: pd.DataFrame, links: pd.DataFrame) -> nx.DiGraph:
    """The same DiGraph read from a tasks table and a links table, row by row (``itertuples``)."""
    graph = nx.DiGraph()
    for row in tasks.itertuples(index=False):
        constraint_date = None if pd.isna(row.constraint_date) else row.constraint_date.to_pydatetime()
        constraint_type = ConstraintType(row.constraint_type) if isinstance(row.constraint_type, str) \
            else ConstraintType.ASAP
        graph.add_node(row.id, duration=0.0 if row.milestone else float(row.duration_days),
                       constraint_type=constraint_type, constraint_date=constraint_date)
    for row in links.itertuples(index=False):
        graph.add_edge(row.predecessor_id, row.successor_id, type=LinkType(row.type), lag=float(row.lag_days))
    return graph


def schedule_networkx(data: ProjectData, full: bool = True) -> pd.DataFrame:
    """Early and late dates, in working days from the project start, of every task of ``data``.

    Columns: ``id``, ``early_start``, ``early_finish``, ``late_start``,
    ``late_finish`` (day numbers), ``free_float_days``, ``total_float_days``,
    ``critical`` and the four dates (``early_start_date`` …); one row per task
    in ``data`` order.
    """
    calendar = data.calendar_for(None)
    start = data.project.start or min(
        (t.constraint_date.date() for t in data.tasks if t.constraint_date), default=date.today())
    return _passes(build_graph(data), WorkingDayAxis(calendar, start), [task.id for task in data.tasks], full)


def schedule_networkx_frames(tasks: pd.DataFrame, links: pd.DataFrame, start: date,
                             calendar: CalendarSpec, full: bool = True) -> pd.DataFrame:
    """:func:`schedule_networkx` for a plan given as two tables (columns as ``pmo_xl.engine.plan_table`` reads)."""
    return _passes(build_graph_from_frames(tasks, links), WorkingDayAxis(calendar, start), tasks["id"].tolist(), full)


def _passes(graph: nx.DiGraph, axis: WorkingDayAxis, ids: list[str], full: bool = True) -> pd.DataFrame:
    """Topological order, forward and backward passes and free float over ``graph``; one row per id of ``ids``.

    Without ``full``, only the early and late day numbers and the total float (no free float, critical
    flag or dates): the smallest part of the job, to compare with.
    """
    order = list(nx.topological_sort(graph))
    nodes = graph.nodes

    early_start: dict[str, float] = {}
    early_finish: dict[str, float] = {}
    for node in order:
        duration = nodes[node]["duration"]
        start_day = 0.0
        for predecessor in graph.predecessors(node):
            edge = graph.edges[predecessor, node]
            kind, lag = edge["type"], edge["lag"]
            if kind is LinkType.FS:
                bound = early_finish[predecessor] + lag
            elif kind is LinkType.SS:
                bound = early_start[predecessor] + lag
            elif kind is LinkType.FF:
                bound = early_finish[predecessor] + lag - duration
            else:
                bound = early_start[predecessor] + lag - duration
            start_day = max(start_day, bound)
        constraint_date = nodes[node]["constraint_date"]
        if constraint_date is not None:
            constraint_type = nodes[node]["constraint_type"]
            if constraint_type is ConstraintType.SNET:
                start_day = max(start_day, axis.day_number(constraint_date))
            elif constraint_type is ConstraintType.FNET:
                start_day = max(start_day, axis.day_number(constraint_date) + 1 - duration)
        early_start[node] = start_day
        early_finish[node] = start_day + duration

    project_finish = max(early_finish.values())
    late_start: dict[str, float] = {}
    late_finish: dict[str, float] = {}
    for node in reversed(order):
        duration = nodes[node]["duration"]
        finish_day = project_finish
        for successor in graph.successors(node):
            edge = graph.edges[node, successor]
            kind, lag = edge["type"], edge["lag"]
            if kind is LinkType.FS:
                bound = late_start[successor] - lag
            elif kind is LinkType.SS:
                bound = late_start[successor] - lag + duration
            elif kind is LinkType.FF:
                bound = late_finish[successor] - lag
            else:
                bound = late_finish[successor] - lag + duration
            finish_day = min(finish_day, bound)
        constraint_date = nodes[node]["constraint_date"]
        if constraint_date is not None:
            constraint_type = nodes[node]["constraint_type"]
            if constraint_type is ConstraintType.FNLT:
                finish_day = min(finish_day, axis.day_number(constraint_date) + 1)
            elif constraint_type is ConstraintType.SNLT:
                finish_day = min(finish_day, axis.day_number(constraint_date) + duration)
        late_finish[node] = finish_day
        late_start[node] = finish_day - duration

    if not full:
        frame = pd.DataFrame({
            "id": ids,
            "early_start": [early_start[i] for i in ids],
            "early_finish": [early_finish[i] for i in ids],
            "late_start": [late_start[i] for i in ids],
            "late_finish": [late_finish[i] for i in ids],
        })
        frame["total_float_days"] = frame["late_start"] - frame["early_start"]
        return frame

    free_float: dict[str, float] = {}
    for node in order:
        total_float = late_start[node] - early_start[node]
        slack = project_finish - early_finish[node]
        for position, successor in enumerate(graph.successors(node)):
            edge = graph.edges[node, successor]
            kind, lag = edge["type"], edge["lag"]
            if kind is LinkType.FS:
                link_slack = early_start[successor] - (early_finish[node] + lag)
            elif kind is LinkType.SS:
                link_slack = early_start[successor] - (early_start[node] + lag)
            elif kind is LinkType.FF:
                link_slack = early_finish[successor] - (early_finish[node] + lag)
            else:
                link_slack = early_finish[successor] - (early_start[node] + lag)
            slack = link_slack if position == 0 else min(slack, link_slack)
        free_float[node] = max(0.0, min(slack, total_float))

    frame = pd.DataFrame({
        "id": ids,
        "early_start": [early_start[i] for i in ids],
        "early_finish": [early_finish[i] for i in ids],
        "late_start": [late_start[i] for i in ids],
        "late_finish": [late_finish[i] for i in ids],
        "free_float_days": [free_float[i] for i in ids],
    })
    frame["total_float_days"] = frame["late_start"] - frame["early_start"]
    frame["critical"] = frame["total_float_days"] <= 0
    for column in ("early_start", "late_start"):
        frame[column + "_date"] = axis.dates_of(frame[column].to_numpy())
    for finish, start in (("early_finish", "early_start"), ("late_finish", "late_start")):
        worked = frame[finish].to_numpy() > frame[start].to_numpy()
        frame[finish + "_date"] = axis.dates_of(np.where(worked, frame[finish].to_numpy() - 1, frame[start].to_numpy()))
    return frame
