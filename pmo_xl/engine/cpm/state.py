"""What the forward and backward passes share (:class:`PassState`): the tasks and links in level order, the
bounds and progress of each task, and the dates the passes write."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmo_xl.engine.cpm.calendars import TaskTiming, group_apply
from pmo_xl.engine.cpm.constraints import TaskBounds, task_bounds
from pmo_xl.engine.cpm.links import LinkArrays
from pmo_xl.engine.cpm.network import FF, FS, SF, Network, checked, find_cycle, stable_order, topological_levels
from pmo_xl.engine.cpm.options import ScheduleOptions
from pmo_xl.engine.cpm.progress import Progress, read_progress
from pmo_xl.errors import CycleError, Location, ProblemList


@dataclass
class EdgeOrder:
    """The links in the order of the forward pass: by level of their successor, then successor, then plan
    order, so that a level's links are one segment (``f_bounds``) and a successor's links are consecutive.

    ``pred``/``succ``/``ltype``/``lag``/``lax``/``group``: the links' arrays in that order; ``order_b``: the
    order of the backward pass (by level of the predecessor, then predecessor) over these, with its level
    segments ``b_bounds``; ``pred_uses_finish``/``succ_is_finish``: which end of each task the link ties;
    ``own``: the link is a successor of its predecessor's own (not carried down from a summary above it).
    """

    pred: np.ndarray
    succ: np.ndarray
    ltype: np.ndarray
    lag: np.ndarray
    lax: np.ndarray
    group: np.ndarray
    grouped: bool
    f_bounds: np.ndarray | None
    order_b: np.ndarray
    b_bounds: np.ndarray | None
    pred_uses_finish: np.ndarray
    succ_is_finish: np.ndarray
    own: np.ndarray


@dataclass
class PassState:
    """The state the passes share.

    Static: ``net``, ``timing`` (axes, each task's axis and duration), ``options``, ``single_axis`` (every
    task and lag on one axis: the passes stay on it), ``is_leaf``, ``milestone``, ``level``/``node_order``/
    ``node_bounds``/``max_level`` (the tasks by topological level), ``edges``, ``bounds``, ``progress``,
    ``has_pred``/``has_succ``, ``project_start_abs`` (each project's first working minute).

    Written by the passes: ``early_w`` (early starts then finishes, on the task axes) and their absolute
    instants ``es_abs``/``ef_abs``, ``edge_cand`` (the early start each link asks of its successor),
    ``project_finish_abs``, ``finish_of_project_w`` (per task, its project's finish on its axis), ``late_w``
    (late starts then finishes) and ``ls_abs``/``lf_abs``.
    """

    net: Network
    timing: TaskTiming
    options: ScheduleOptions
    single_axis: bool
    is_leaf: np.ndarray
    milestone: np.ndarray
    level: np.ndarray
    node_order: np.ndarray
    node_bounds: np.ndarray
    max_level: int
    edges: EdgeOrder
    bounds: TaskBounds
    progress: Progress
    has_pred: np.ndarray
    has_succ: np.ndarray
    project_start_abs: list[int]
    early_w: np.ndarray
    es_abs: np.ndarray
    ef_abs: np.ndarray
    edge_cand: np.ndarray
    project_finish_abs: np.ndarray | None = None
    finish_of_project_w: np.ndarray | None = None
    late_w: np.ndarray | None = None
    ls_abs: np.ndarray | None = None
    lf_abs: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.net.n

    @property
    def es_w(self) -> np.ndarray:
        return self.early_w[:self.net.n]

    @property
    def ef_w(self) -> np.ndarray:
        return self.early_w[self.net.n:]

    @property
    def ls_w(self) -> np.ndarray:
        return self.late_w[:self.net.n]

    @property
    def lf_w(self) -> np.ndarray:
        return self.late_w[self.net.n:]

    def to_axis(self, abs_values: np.ndarray, axis_ids: np.ndarray) -> np.ndarray:
        return group_apply(self.timing.axes, axis_ids, abs_values, "to_working")

    def place_early(self, nodes: np.ndarray) -> None:
        """The absolute early dates of ``nodes`` from their working-time ones: a milestone after a predecessor
        sits where work stops, others where work resumes; a zero-length task finishes when it starts (not at
        the end of the previous working period)."""
        timing, es_w, ef_w = self.timing, self.es_w, self.ef_w
        da = timing.dur_axis[nodes]
        at_stop = self.milestone[nodes] & self.has_pred[nodes]
        starts = timing.start_times(es_w[nodes], da)
        if at_stop.any():
            starts[at_stop] = timing.finish_times(es_w[nodes[at_stop]], da[at_stop])
        finishes = timing.finish_times(ef_w[nodes], da)
        same = at_stop | (ef_w[nodes] == es_w[nodes])
        finishes[same] = starts[same]
        self.es_abs[nodes] = starts
        self.ef_abs[nodes] = finishes


def build_pass_state(net: Network, timing: TaskTiming, links: LinkArrays, options: ScheduleOptions,
                     project_start_abs: list[int], status_abs: int | None, problems: ProblemList) -> PassState:
    """The state of the passes over ``net``; a dependency cycle raises :class:`CycleError` with its tasks."""
    n = net.n
    is_leaf = ~net.is_summary_array
    pred, succ = links.pred, links.succ
    single_axis = (bool(n) and bool((timing.dur_axis == timing.dur_axis[0]).all())
                   and bool((links.lag_axis == timing.dur_axis[0]).all() if links.lag.size else True))
    level, cyclic = topological_levels(n, pred, succ, is_leaf)
    if cyclic is not None:
        cycle = find_cycle(net, cyclic, pred, succ)
        first = net.projects[net.project_of[int(cyclic[0])]]
        raise CycleError(cycle, Location(file=first.source))
    project_start_abs = first_working_minutes(timing, project_start_abs)
    start_lb = np.array(project_start_abs, dtype=np.int64)[net.project_of_array]
    if status_abs is not None:
        start_lb = np.maximum(start_lb, status_abs)
    start_lb_w = group_apply(timing.axes, timing.dur_axis, start_lb, "to_working")
    bounds = task_bounds(net, timing, start_lb_w, is_leaf, options.honor_constraints, problems)
    progress = read_progress(net, timing, is_leaf, status_abs, problems)
    edges = edge_order(links, level, n)
    max_level = int(level.max()) if n and is_leaf.any() else -1
    node_order = stable_order(level, np.arange(n, dtype=np.int64))
    has_pred = np.zeros(n, dtype=bool)
    has_pred[edges.succ] = True
    has_succ = np.zeros(n, dtype=bool)
    has_succ[edges.pred] = True
    return PassState(
        net=net, timing=timing, options=options, single_axis=single_axis, is_leaf=is_leaf,
        milestone=net.columns["milestone"].astype(bool) | (timing.dur_min == 0), level=level,
        node_order=node_order, node_bounds=np.searchsorted(level[node_order], np.arange(max_level + 2)),
        max_level=max_level, edges=edges, bounds=bounds, progress=progress, has_pred=has_pred,
        has_succ=has_succ, project_start_abs=project_start_abs, early_w=np.zeros(2 * n, dtype=np.int64),
        es_abs=np.zeros(n, dtype=np.int64), ef_abs=np.zeros(n, dtype=np.int64),
        edge_cand=np.zeros(edges.pred.size, dtype=np.int64))


def first_working_minutes(timing: TaskTiming, project_start_abs: list[int]) -> list[int]:
    """Each project's start moved to where its calendar first works at or after it."""
    out = []
    for p, start in enumerate(project_start_abs):
        calendar = timing.axes[timing.project_axis[p]]
        out.append(int(checked(calendar.start_from_working, checked(calendar.to_working, np.array([start])))[0]))
    return out


def edge_order(links: LinkArrays, level: np.ndarray, n: int) -> EdgeOrder:
    """The links in the order of the forward pass, with the order of the backward pass over them."""
    pred, succ = links.pred, links.succ
    order_f = stable_order(level[succ], succ) if succ.size else np.zeros(0, np.int64)
    e_pred, e_succ, e_type = pred[order_f], succ[order_f], links.ltype[order_f]
    e_group = links.start_group[order_f]
    level_marks = np.arange(level.max() + 2 if n else 1)
    f_bounds = np.searchsorted(level[e_succ], level_marks) if e_succ.size else None
    # the late pass takes the smallest over a predecessor's links, which any order of them gives: no stable
    # sort needed
    order_b = np.argsort(level[e_pred] * (n + 1) + e_pred) if e_pred.size else np.zeros(0, np.int64)
    b_bounds = np.searchsorted(level[e_pred][order_b], level_marks) if e_pred.size else None
    return EdgeOrder(pred=e_pred, succ=e_succ, ltype=e_type, lag=links.lag[order_f], lax=links.lag_axis[order_f],
                     group=e_group, grouped=bool((e_group >= 0).any()), f_bounds=f_bounds, order_b=order_b,
                     b_bounds=b_bounds, pred_uses_finish=(e_type == FS) | (e_type == FF),
                     succ_is_finish=(e_type == FF) | (e_type == SF), own=~links.from_summary[order_f])
