"""Floats: total float, free float (MS Project's and P6's), the P6 ALAP tasks using up their free float, and
the critical flag."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmo_xl.engine.calendar import MINUTES_PER_CALENDAR_DAY
from pmo_xl.engine.cpm.network import HUGE
from pmo_xl.engine.cpm.progress import COMPLETE, NOT_STARTED, STARTED
from pmo_xl.engine.cpm.state import PassState


@dataclass
class Floats:
    """Per task, on its duration axis: ``total`` and ``free`` float; per link of the edge order, ``link_slack``
    (how much later the successor starts than the link asks; ``HUGE`` for a started successor); per task,
    ``limit`` (the critical-slack limit on its axis) and ``critical``."""

    total: np.ndarray
    free: np.ndarray
    link_slack: np.ndarray
    limit: np.ndarray
    critical: np.ndarray


def compute_floats(s: PassState) -> Floats:
    """The floats of the leaf tasks after both passes (the summary tasks' come with :mod:`summaries`)."""
    total = total_float(s)
    free, link_slack = free_float(s, total)
    if s.options.alap_uses_free_float:
        alap_use_free_float(s, total, free)
    n = s.n
    scale = day_scale(s)
    limit = np.rint(s.options.critical_slack_limit_days * scale).astype(np.int64) if n else np.zeros(0, np.int64)
    critical = (total <= limit) & (s.progress.state != COMPLETE)
    return Floats(total=total, free=free, link_slack=link_slack, limit=limit, critical=critical)


def day_scale(s: PassState) -> np.ndarray:
    """Per task, the minutes of one day of its duration axis (a calendar day when elapsed)."""
    timing = s.timing
    return np.where(timing.elapsed, float(MINUTES_PER_CALENDAR_DAY), timing.mpd_project) if s.n else np.zeros(0)


def total_float(s: PassState) -> np.ndarray:
    """min(LS − ES, LF − EF); LF − EF for a started task (its start is past); 0 for a complete task."""
    state = s.progress.state
    ls_w, lf_w, es_w, ef_w = s.ls_w, s.lf_w, s.es_w, s.ef_w
    total = np.where(state == STARTED, lf_w - ef_w, np.minimum(ls_w - es_w, lf_w - ef_w))
    return np.where(state == COMPLETE, 0, total)


def free_float(s: PassState, total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Free float per task and slack per link.

    The smallest slack of the task's own outgoing links (counted on its own calendar with
    ``free_float_on_own_calendar``), or the project finish − EF without successors of its own; capped by
    the total float with ``free_float_capped``; never negative; 0 for a complete task.

    The successors a leaf task gets from a summary task above it do not count, as in MS Project: a leaf
    task without successors of its own under a linked summary task has a free float equal to its total
    float (its late finish, bounded by the summary's successors, is never after the project finish).
    """
    e, n, state = s.edges, s.n, s.progress.state
    free = np.full(n, HUGE, dtype=np.int64)
    has_own_succ = np.zeros(n, dtype=bool)
    if e.succ.size:
        link_slack = s.es_w[e.succ] - s.edge_cand  # on the successor's axis
        link_slack = np.where(state[e.succ] >= STARTED, HUGE, link_slack)
        own = slice(None) if e.own.all() else e.own
        has_own_succ[e.pred[own]] = True
        if s.options.free_float_on_own_calendar and not s.single_axis:
            free = room_on_own_calendar(s, np.flatnonzero(e.own))
        else:
            np.minimum.at(free, e.pred[own], link_slack[own])
    else:
        link_slack = np.zeros(0, dtype=np.int64)
    free = np.where(has_own_succ, free, s.finish_of_project_w - s.ef_w)
    if s.options.free_float_capped:
        free = np.minimum(free, total)
    free = np.maximum(free, 0)
    return np.where(state == COMPLETE, 0, free), link_slack


def room_on_own_calendar(s: PassState, links: np.ndarray) -> np.ndarray:
    """Per task, the smallest room its ``links`` leave before they bind their successors, counted in
    working time of the task's own calendar (P6); ``HUGE`` for a task none of them leaves."""
    e = s.edges
    p, q = e.pred[links], e.succ[links]
    pred_axis = s.timing.dur_axis[p]
    bound = s.to_axis(np.where(e.pred_uses_finish[links], s.ef_abs[p], s.es_abs[p]), pred_axis) + e.lag[links]
    binding = s.to_axis(np.where(e.succ_is_finish[links], s.ef_abs[q], s.es_abs[q]), pred_axis)
    room = np.full(s.n, HUGE, dtype=np.int64)
    np.minimum.at(room, p, np.where(s.progress.state[q] >= STARTED, HUGE, binding - bound))
    return room


def alap_use_free_float(s: PassState, total: np.ndarray, free: np.ndarray) -> None:
    """P6: an ALAP activity's early dates move as late as its successors' early dates allow, its total
    float shrinking by as much; from the last level back, so that a chain of them moves together.  The
    other predecessors of the activities that moved have that much more room."""
    e, state, level = s.edges, s.progress.state, s.level
    candidates = s.bounds.is_alap & (state == NOT_STARTED) & s.is_leaf
    outgoing = candidates[e.pred] if e.pred.size else np.zeros(0, dtype=bool)
    for lv in np.unique(level[candidates])[::-1].tolist():
        nodes = np.flatnonzero(candidates & (level == lv))
        room = np.where(s.has_succ[nodes], HUGE, s.finish_of_project_w[nodes] - s.ef_w[nodes])
        links = np.flatnonzero(outgoing & (level[e.pred] == lv)) if e.pred.size else np.zeros(0, np.int64)
        if links.size:
            room = np.minimum(room, room_on_own_calendar(s, links)[nodes])
        shift = np.clip(np.minimum(room, total[nodes]), 0, None)
        free[nodes] = np.where(room < HUGE, np.maximum(room - shift, 0), free[nodes])
        moving = nodes[shift > 0]
        if not moving.size:
            continue
        shift = shift[shift > 0]
        s.es_w[moving] += shift
        s.ef_w[moving] += shift
        s.place_early(moving)
        total[moving] -= shift
    if e.pred.size and candidates.any():
        affected = np.unique(e.pred[candidates[e.succ] & ~candidates[e.pred]])
        room = room_on_own_calendar(s, np.flatnonzero(np.isin(e.pred, affected)))[affected]
        if s.options.free_float_capped:
            room = np.minimum(room, total[affected])
        free[affected] = np.where(state[affected] == COMPLETE, 0, np.maximum(room, 0))
