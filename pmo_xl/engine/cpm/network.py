"""The plan as the passes read it: tasks and outline (:class:`Network`), instants in absolute minutes,
the topological levels of the links and the cycles that prevent them."""

from __future__ import annotations

from datetime import datetime, time
from functools import cached_property

import numpy as np
import pandas as pd

from pmo_xl.engine.calendar import MINUTES_PER_CALENDAR_DAY, to_absolute_minutes
from pmo_xl.engine.plan_table import LINK_TYPE_CODES, PlanTable, object_column
from pmo_xl.errors import ScheduleError

FS, SS, FF, SF = 0, 1, 2, 3
"""Link type codes, as :data:`pmo_xl.engine.plan_table.LINK_TYPE_CODES` gives them."""
LINK_CODE = LINK_TYPE_CODES
NONE = np.iinfo(np.int64).min // 4
"""No instant: an unset bound or date."""
HUGE = np.iinfo(np.int64).max // 4
"""An instant later than any: an unset upper bound, no room."""
ELAPSED_AXIS = 0
"""Index of the elapsed (absolute-minute) axis among the axes of a schedule."""


class OutOfRange(Exception):
    """A date fell outside the calendars' range: schedule again over more years."""


def checked(fn, values):
    """``fn(values)``, raising :class:`OutOfRange` when a calendar's range is exceeded."""
    try:
        return fn(values)
    except (ScheduleError, IndexError) as exc:
        raise OutOfRange() from exc


class ElapsedAxis:
    """Absolute minutes used as a working-minute axis: elapsed time."""

    name = "elapsed"
    minutes_per_day = MINUTES_PER_CALENDAR_DAY

    @staticmethod
    def to_working(a):
        return np.asarray(a, dtype=np.int64)

    start_from_working = to_working
    finish_from_working = to_working


def start_abs(value) -> int | None:
    """Absolute minutes of a start-type date: a bare date means the start of that day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_absolute_minutes(value)
    return to_absolute_minutes(datetime.combine(value, time()))


def finish_abs(value) -> int | None:
    """Absolute minutes of a finish-type date: a bare date or midnight means the end of that day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() == time(0):
            return to_absolute_minutes(value) + MINUTES_PER_CALENDAR_DAY
        return to_absolute_minutes(value)
    return to_absolute_minutes(datetime.combine(value, time())) + MINUTES_PER_CALENDAR_DAY


def all_missing(column: np.ndarray) -> bool:
    """True when every value of an object column is ``None`` (or the column is empty)."""
    return column.tolist().count(None) == column.size


def datetime_column(values: np.ndarray) -> pd.Series:
    """A datetime64[s] column from an object column of optional datetimes, fast when they are all missing."""
    if all_missing(values):
        return pd.Series(np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]"))
    return pd.Series(pd.to_datetime(values.tolist()), dtype="datetime64[s]")


def dense_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` for small non-negative integers, without sorting."""
    if not values.size:
        return values, values
    present = np.bincount(values) > 0
    distinct = np.flatnonzero(present)
    rank = np.cumsum(present) - 1
    return distinct, rank[values]


class Network:
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


def topological_levels(n: int, pred: np.ndarray, succ: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
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


def find_cycle(net: Network, nodes: np.ndarray, pred: np.ndarray, succ: np.ndarray) -> list[str]:
    """The labels of the tasks of one dependency cycle among ``nodes``, predecessor first."""
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


def stable_order(level: np.ndarray, node: np.ndarray) -> np.ndarray:
    """The order sorting by ``level``, then ``node``, then position (a stable sort).

    When ``node`` is already non-decreasing (links in plan order, tasks in index order) and the levels
    fit in 16 bits, one stable sort of the levels does it, and numpy sorts 16-bit integers in linear time.
    """
    if not level.size:
        return np.zeros(0, dtype=np.int64)
    if int(level.max()) < 2 ** 15 and bool((node[1:] >= node[:-1]).all()):
        return np.argsort(level.astype(np.int16), kind="stable")
    return np.argsort(level * (int(node.max()) + 1) + node, kind="stable")

