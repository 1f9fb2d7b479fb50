"""The plan as arrays for the simulation, anchored on the deterministic schedule.

:func:`anchored_network` reads the deterministic schedule of the plan
(:func:`pmo_xl.engine.cpm.schedule`, with the same calendars, links,
constraints and progress) and lays every leaf task on the working-minute axis
of the project calendar: its start, its span (finish − start on that axis)
and its links.  The simulation then moves the tasks by their sampled
durations with the same link semantics (FS, SS, FF, SF with their lags):

* a link's offset on the axis is its lag; for the link that drives a task in
  the deterministic schedule it is *measured* from that schedule (the
  difference between the task's start and its predecessor's date), so lags
  across calendars, elapsed lags and percentage lags land where the scheduler
  put them; an offset that would start a task earlier than the scheduler did
  is brought back to it;
* a task no link drives (a constraint, the project start, the status date)
  keeps its scheduled start as a floor; a driven one keeps as floor the
  project start, the status date and its start constraints (SNET, MSO);
* a started task keeps its actual start and only its remaining work varies;
  a complete task does not move;
* a link from a summary task applies to the leaf that finishes last under it
  (FS, FF) or starts first (SS, SF); a link to a summary task applies to every
  leaf under it.

So with every duration at its most likely value the simulation gives exactly
the deterministic dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from pmo_xl.engine.calendar import WorkingCalendar, absolute_minutes_array, to_absolute_minutes
from pmo_xl.engine.cpm import ScheduleResult, driving_ids
from pmo_xl.engine.dcma import is_complete
from pmo_xl.model import ConstraintType, LinkType, ProjectData

_START_BASED = (LinkType.SS, LinkType.SF)
_FINISH_BOUND = (LinkType.FF, LinkType.SF)


@dataclass
class AnchoredNetwork:
    """Leaf tasks on one working-minute axis (minutes after ``origin``), with their links as arrays.

    ``start``/``span``: the deterministic start and span (finish − start);
    ``floor``: the earliest start whatever the links; ``fixed``: complete or
    started tasks, whose start does not follow links (``remaining`` is the
    part of a started task's span that varies); ``link_*``: one entry per
    link, sorted by the successor's level (``level_bounds`` delimit the links
    of each level of successors, ``level_tasks`` the free tasks of each
    level); ``link_from_start``: the link counts from the predecessor's start
    (SS, SF) instead of its finish; ``link_to_finish``: the link binds the
    successor's finish (FF, SF).
    """

    ids: list[str]
    names: list[str]
    milestone: np.ndarray
    origin: int
    calendar: WorkingCalendar
    minutes_per_day: int
    start: np.ndarray
    span: np.ndarray
    floor: np.ndarray
    fixed: np.ndarray
    remaining: np.ndarray
    duration_days: np.ndarray
    cost: np.ndarray
    done_cost: float
    link_predecessor: np.ndarray
    link_successor: np.ndarray
    link_offset: np.ndarray
    link_from_start: np.ndarray
    link_to_finish: np.ndarray
    levels: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # (free tasks, link slice start, link slice end)
    critical: np.ndarray
    finish_instants: dict[int, datetime]
    finish_dates: list[datetime]

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def finish(self) -> np.ndarray:
        return self.start + self.span

    def task_finish_datetime(self, row: int, minutes: float) -> datetime:
        """The instant task ``row`` finishes at ``minutes``: its deterministic finish when it is there."""
        rounded = int(round(minutes))
        if abs(minutes - rounded) < 1e-6 and rounded == int(round(self.finish[row])):
            return self.finish_dates[row]
        return self.to_datetime(minutes)

    def to_datetime(self, minutes: float) -> datetime:
        """The instant work stops at ``minutes`` of the axis (a finish).

        A value where a task finishes in the deterministic schedule is that finish (the latest of them), which
        may lie outside the project calendar's working time (a task on another calendar, an elapsed task).
        """
        from pmo_xl.engine.calendar import from_absolute_minutes

        rounded = int(round(minutes))
        if abs(minutes - rounded) < 1e-6 and rounded in self.finish_instants:
            return self.finish_instants[rounded]
        working = rounded + self.origin
        return from_absolute_minutes(int(self.calendar.finish_from_working(np.array([working]))[0]))

    def start_datetime(self, minutes: float) -> datetime:
        """The instant work resumes at ``minutes`` of the axis (a start)."""
        from pmo_xl.engine.calendar import from_absolute_minutes

        working = int(round(minutes)) + self.origin
        return from_absolute_minutes(int(self.calendar.start_from_working(np.array([working]))[0]))

    def axis_minutes(self, instant: datetime | date) -> int:
        """Minutes of the axis at ``instant`` (a date counts from its first minute)."""
        if not isinstance(instant, datetime):
            instant = datetime.combine(instant, time())
        return int(self.calendar.to_working(np.array([to_absolute_minutes(instant)]))[0]) - self.origin


def _leaf_owner(frame: pd.DataFrame) -> dict[str, list[int]]:
    """For each summary id, the positions (in the leaf order) of the leaves under it."""
    leaves_under: dict[str, list[int]] = {}
    stack: list[tuple[int, str]] = []
    leaf_position = 0
    for rec in frame.itertuples(index=False):
        while stack and stack[-1][0] >= rec.outline_level:
            stack.pop()
        if rec.summary:
            leaves_under[rec.id] = []
            stack.append((rec.outline_level, rec.id))
            continue
        for _, summary_id in stack:
            leaves_under[summary_id].append(leaf_position)
        leaf_position += 1
    return leaves_under


def _working(calendar: WorkingCalendar, values: pd.Series) -> np.ndarray:
    return calendar.to_working(absolute_minutes_array(values.to_numpy())).astype(np.float64)


def _levels(n: int, pred: np.ndarray, succ: np.ndarray) -> np.ndarray:
    """The level of each task: 0 without predecessors, else one more than its deepest predecessor."""
    level = np.zeros(n, dtype=np.int64)
    outgoing: list[list[int]] = [[] for _ in range(n)]
    for p, s in zip(pred.tolist(), succ.tolist()):
        outgoing[p].append(s)
    waiting = np.bincount(succ, minlength=n)
    ready = [i for i in range(n) if waiting[i] == 0]
    while ready:
        nxt = []
        for task in ready:
            for s in outgoing[task]:
                level[s] = max(level[s], level[task] + 1)
                waiting[s] -= 1
                if waiting[s] == 0:
                    nxt.append(s)
        ready = nxt
    return level


def anchored_network(data: ProjectData, result: ScheduleResult, status_date: date | None = None) -> AnchoredNetwork:
    """The leaf tasks of ``data`` laid on its project calendar from its deterministic ``result``."""
    code = data.project.code
    frame = result.tasks[result.tasks["project"] == code].reset_index(drop=True)
    calendar = result.calendar(code)
    leaves = frame[~frame["summary"].astype(bool)].reset_index(drop=True)
    ids = leaves["id"].tolist()
    position = {tid: i for i, tid in enumerate(ids)}
    leaves_under = _leaf_owner(frame)
    start_w = _working(calendar, leaves["start"])
    finish_w = _working(calendar, leaves["finish"])
    origin = int(start_w.min()) if len(ids) else 0
    start = start_w - origin
    span = np.maximum(finish_w - start_w, 0.0)
    by_id = {t.id: t for t in data.tasks}
    tasks = [by_id[tid] for tid in ids]
    complete = np.array([is_complete(t) for t in tasks], dtype=bool)
    started = np.array([t.actual_start is not None and not is_complete(t) for t in tasks], dtype=bool)
    fixed = complete | started
    minutes_per_day = data.project.minutes_per_day
    duration_days = leaves["duration_days"].to_numpy(dtype=np.float64)
    done_share = np.array([min(max(t.percent_complete or 0.0, 0.0), 100.0) / 100.0 for t in tasks])
    remaining = np.where(started, (1.0 - done_share) * duration_days * minutes_per_day, 0.0)
    remaining = np.where(complete, 0.0, remaining)
    cost = np.array([t.cost or 0.0 for t in tasks], dtype=np.float64)
    remaining_cost = np.where(complete, 0.0, cost * (1.0 - np.where(started, done_share, 0.0)))
    done_cost = float((cost - remaining_cost).sum())

    links = _leaf_links(data, tasks, position, leaves_under, start, span)
    pred, succ, offset, from_start, to_finish = links
    driving = [set(driving_ids(v)) for v in leaves["driving_predecessors"].tolist()]
    basis = np.where(from_start, start[pred], start[pred] + span[pred])
    bound = basis + offset - np.where(to_finish, span[succ], 0.0)
    is_driving = np.array([ids[p] in driving[s] or _summary_drives(driving[s], leaves_under, p)
                           for p, s in zip(pred.tolist(), succ.tolist())], dtype=bool)
    offset = offset + np.where(is_driving, start[succ] - bound, np.minimum(start[succ] - bound, 0.0))
    explained = np.zeros(len(ids), dtype=bool)
    explained[succ[is_driving]] = True
    floor = _floors(data, tasks, calendar, origin, start, explained, status_date)

    free = ~fixed
    keep = free[succ]  # fixed tasks do not follow links
    pred, succ, offset, from_start, to_finish = (a[keep] for a in (pred, succ, offset, from_start, to_finish))
    level = _levels(len(ids), pred, succ)
    order = np.lexsort((succ, level[succ]))
    pred, succ, offset, from_start, to_finish = (a[order] for a in (pred, succ, offset, from_start, to_finish))
    levels = _level_slices(level, free, succ)
    critical = leaves["critical"].to_numpy(dtype=bool)
    instants: dict[int, datetime] = {}
    finish_dates = [pd.Timestamp(v).to_pydatetime() if v is not None and not pd.isna(v) else None
                    for v in leaves["finish"].tolist()]
    for minutes, value in zip((finish_w - origin).astype(np.int64).tolist(), finish_dates):
        if value is not None:
            instants[minutes] = max(instants.get(minutes, value), value)
    return AnchoredNetwork(ids, leaves["name"].tolist(), leaves["milestone"].to_numpy(dtype=bool), origin, calendar,
                           minutes_per_day, start, span, floor, fixed, remaining, duration_days, remaining_cost,
                           done_cost, pred, succ, offset, from_start, to_finish, levels, critical, instants, finish_dates)


def _summary_drives(driving: set[str], leaves_under: dict[str, list[int]], pred_position: int) -> bool:
    return any(pred_position in leaves_under.get(d, ()) for d in driving)


def _leaf_links(data, tasks, position, leaves_under, start, span):
    """The links between leaves, summaries' links moved onto their leaves, with their nominal offsets."""
    by_id = {t.id: t for t in data.tasks}
    pred, succ, offset, from_start, to_finish = [], [], [], [], []
    minutes_per_day = data.project.minutes_per_day
    for task in data.tasks:
        targets = leaves_under.get(task.id) if task.summary else [position[task.id]] if task.id in position else []
        for link in task.predecessors:
            if link.predecessor_project not in (None, data.project.code) or link.predecessor_id not in by_id:
                continue
            source = _link_source(link, position, leaves_under, start, span)
            if source is None:
                continue
            lag_days = link.lag_days
            if link.lag_percent is not None:
                lag_days = by_id[link.predecessor_id].duration_days * link.lag_percent / 100.0
            for target in targets or []:
                pred.append(source)
                succ.append(target)
                offset.append(lag_days * minutes_per_day)
                from_start.append(link.type in _START_BASED)
                to_finish.append(link.type in _FINISH_BOUND)
    return (np.array(pred, dtype=np.intp), np.array(succ, dtype=np.intp), np.array(offset, dtype=np.float64),
            np.array(from_start, dtype=bool), np.array(to_finish, dtype=bool))


def _link_source(link, position, leaves_under, start, span) -> int | None:
    if link.predecessor_id in position:
        return position[link.predecessor_id]
    under = leaves_under.get(link.predecessor_id) or []
    if not under:
        return None
    if link.type in _START_BASED:
        return min(under, key=lambda i: start[i])
    return max(under, key=lambda i: start[i] + span[i])


def _floors(data, tasks, calendar, origin, start, explained, status_date) -> np.ndarray:
    """Each task's earliest start whatever its links, never after its deterministic start."""
    project_start = 0.0
    status_minutes = None
    if status_date is not None:
        status_minutes = float(calendar.to_working(np.array([to_absolute_minutes(
            datetime.combine(status_date, time()) if not isinstance(status_date, datetime) else status_date)]))[0]
            - origin)
    floor = np.full(len(tasks), project_start)
    for i, task in enumerate(tasks):
        bounds = [project_start]
        if status_minutes is not None and task.actual_start is None:
            bounds.append(status_minutes)
        if task.constraint_type in (ConstraintType.SNET, ConstraintType.MSO) and task.constraint_date is not None:
            minutes = calendar.to_working(np.array([to_absolute_minutes(task.constraint_date)]))[0] - origin
            bounds.append(float(minutes))
        floor[i] = start[i] if not explained[i] else min(max(bounds), start[i])
    return floor


def _level_slices(level: np.ndarray, free: np.ndarray, link_succ: np.ndarray):
    """For each level: its free tasks and the slice of the (sorted) links into them."""
    slices = []
    link_level = level[link_succ]
    for lv in range(int(level.max()) + 1 if level.size else 0):
        tasks = np.flatnonzero((level == lv) & free)
        lo, hi = np.searchsorted(link_level, lv, "left"), np.searchsorted(link_level, lv, "right")
        if tasks.size or hi > lo:
            slices.append((tasks, int(lo), int(hi)))
    return slices
