"""Constraint dates as bounds of the passes (:class:`TaskBounds`) and the ALAP tasks' second round
(:class:`AlapPin`)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from operator import is_not
from typing import TYPE_CHECKING

import numpy as np

from pmo_xl.engine.cpm.calendars import TaskTiming
from pmo_xl.engine.cpm.network import HUGE, NONE, Network, finish_abs, start_abs
from pmo_xl.errors import Location, Problem, ProblemList, Severity
from pmo_xl.model.enums import ConstraintType

if TYPE_CHECKING:
    from pmo_xl.engine.cpm.state import PassState

_START_CONSTRAINTS = (ConstraintType.SNET, ConstraintType.SNLT, ConstraintType.MSO)


@dataclass
class TaskBounds:
    """Per task, on its duration axis: the bounds of the early start and finish (lower ``*_lb_w``, upper
    ``*_ub_w`` for honoured constraints), the upper bounds of the late dates, the start fixed by an MSO/MFO
    honoured (``NONE`` for none), and whether the task is ALAP."""

    start_lb_w: np.ndarray
    finish_lb_w: np.ndarray
    start_ub_w: np.ndarray
    finish_ub_w: np.ndarray
    late_start_ub_w: np.ndarray
    late_finish_ub_w: np.ndarray
    fixed_start_w: np.ndarray
    is_alap: np.ndarray


def dated_constraint(net: Network) -> np.ndarray:
    """Per task, whether it carries a constraint other than ASAP (ASAP written otherwise than the enum member
    included; compared by identity: no Python-level hash per task)."""
    types = net.columns["constraint_type"]
    out = ~np.equal(types, None)
    written = np.flatnonzero(out)
    out[written] = np.fromiter(map(is_not, types[written].tolist(), repeat(ConstraintType.ASAP)),
                               dtype=bool, count=written.size)
    return out


def task_bounds(net: Network, timing: TaskTiming, start_lb_w: np.ndarray, is_leaf: np.ndarray,
                honor: bool, problems: ProblemList) -> TaskBounds:
    """The bounds the leaf tasks' constraints set, from ``start_lb_w`` (the project start, status date);
    a dated constraint without a date is reported and left out."""
    n = net.n
    bounds = TaskBounds(start_lb_w, np.full(n, NONE, dtype=np.int64), np.full(n, HUGE, dtype=np.int64),
                        np.full(n, HUGE, dtype=np.int64), np.full(n, HUGE, dtype=np.int64),
                        np.full(n, HUGE, dtype=np.int64), np.full(n, NONE, dtype=np.int64), np.zeros(n, dtype=bool))
    types, dates = net.columns["constraint_type"], net.columns["constraint_date"]
    c_idx, c_abs, c_kind = [], [], []
    for i in np.flatnonzero(dated_constraint(net) & is_leaf).tolist():
        ct = types[i] or ConstraintType.ASAP
        if ct == ConstraintType.ALAP:
            bounds.is_alap[i] = True
        elif ct != ConstraintType.ASAP and dates[i] is None:
            pdata = net.projects[net.project_of[i]]
            problems.append(Problem(
                f"task '{net.ids[i]}' has a {ct.value if hasattr(ct, 'value') else ct} constraint without a date; "
                "ignored", Location(file=pdata.source), expected="a constraint date", severity=Severity.WARNING,
                code="constraint_without_date"))
        elif ct != ConstraintType.ASAP:
            c_idx.append(i)
            c_abs.append(start_abs(dates[i]) if ct in _START_CONSTRAINTS else finish_abs(dates[i]))
            c_kind.append(ct)
    if c_idx:
        ci = np.array(c_idx)
        cw = timing.to_axis(np.array(c_abs, dtype=np.int64), timing.dur_axis[ci])
        for i, w, kind in zip(ci.tolist(), cw.tolist(), c_kind):
            _bound(bounds, i, w, kind, int(timing.dur_min[i]), honor)
    return bounds


def _bound(bounds: TaskBounds, i: int, w: int, kind: ConstraintType, duration: int, honor: bool) -> None:
    """Apply constraint ``kind`` at ``w`` (its date on the task's axis) to task ``i``: SNET/FNET bound the early
    dates from below, SNLT/FNLT the late dates from above (and the early ones when honoured), MSO/MFO fix the
    start when honoured, else act as SNET/FNET forward and SNLT/FNLT backward."""
    if kind == ConstraintType.SNET:
        bounds.start_lb_w[i] = max(bounds.start_lb_w[i], w)
    elif kind == ConstraintType.FNET:
        bounds.finish_lb_w[i] = max(bounds.finish_lb_w[i], w)
    elif kind == ConstraintType.SNLT:
        bounds.late_start_ub_w[i] = min(bounds.late_start_ub_w[i], w)
        if honor:
            bounds.start_ub_w[i] = min(bounds.start_ub_w[i], w)
    elif kind == ConstraintType.FNLT:
        bounds.late_finish_ub_w[i] = min(bounds.late_finish_ub_w[i], w)
        if honor:
            bounds.finish_ub_w[i] = min(bounds.finish_ub_w[i], w)
    elif kind == ConstraintType.MSO:
        bounds.late_start_ub_w[i] = min(bounds.late_start_ub_w[i], w)
        if honor:
            bounds.fixed_start_w[i] = w
        else:
            bounds.start_lb_w[i] = max(bounds.start_lb_w[i], w)
    elif kind == ConstraintType.MFO:
        bounds.late_finish_ub_w[i] = min(bounds.late_finish_ub_w[i], w)
        if honor:
            bounds.fixed_start_w[i] = w - duration
        else:
            bounds.finish_lb_w[i] = max(bounds.finish_lb_w[i], w)


@dataclass
class AlapPin:
    """ALAP tasks with successors pinned on their late starts, so that a second round schedules their
    successors from those dates (MS Project); their own early dates are kept aside and put back."""

    tasks: np.ndarray
    early_w: tuple[np.ndarray, np.ndarray]
    early_abs: tuple[np.ndarray, np.ndarray]
    fixed_before: np.ndarray

    @classmethod
    def pin(cls, s: "PassState") -> "AlapPin | None":
        """Pin the not-started ALAP leaf tasks with successors and float; ``None`` when there is none."""
        pending = (s.bounds.is_alap & (s.progress.state == 0) & s.has_succ & s.is_leaf & (s.ls_w > s.es_w))
        if not pending.any():
            return None
        tasks = np.flatnonzero(pending)
        pin = cls(tasks, (s.es_w[tasks].copy(), s.ef_w[tasks].copy()),
                  (s.es_abs[tasks].copy(), s.ef_abs[tasks].copy()), s.bounds.fixed_start_w.copy())
        s.bounds.fixed_start_w[tasks] = s.ls_w[tasks]
        return pin

    def restore(self, s: "PassState") -> None:
        """After the forward pass: the ALAP tasks get their own early dates back and lose the pin; their
        successors keep the dates they got from them."""
        s.bounds.fixed_start_w[:] = self.fixed_before
        s.es_w[self.tasks], s.ef_w[self.tasks] = self.early_w
        s.es_abs[self.tasks], s.ef_abs[self.tasks] = self.early_abs
