"""The backward pass: late dates level by level from the last, no task finishing after its project."""

from __future__ import annotations

import numpy as np

from pmo_xl.engine.cpm.network import FF, HUGE, NONE, SF, SS, checked
from pmo_xl.engine.cpm.progress import COMPLETE
from pmo_xl.engine.cpm.state import PassState


def backward_pass(s: PassState) -> None:
    """Fill the late dates (``late_w``, ``ls_abs``, ``lf_abs``) from the early dates and project finishes."""
    n = s.n
    s.late_w = np.zeros(2 * n, dtype=np.int64)
    s.ls_abs = np.zeros(n, dtype=np.int64)
    s.lf_abs = np.zeros(n, dtype=np.int64)
    if s.single_axis:
        _backward_single_axis(s)
        leaves = np.flatnonzero(s.is_leaf)
        if leaves.size:
            _place_late(s, leaves, s.ls_w[leaves], s.lf_w[leaves])
        return
    for lv in range(s.max_level, -1, -1):
        _backward_level(s, lv)


def _place_late(s: PassState, nodes: np.ndarray, ls_w: np.ndarray, lf_w: np.ndarray) -> None:
    """The absolute late dates of ``nodes``; a milestone finishes when it starts."""
    da = s.timing.dur_axis[nodes]
    s.ls_abs[nodes] = s.timing.start_times(ls_w, da)
    s.lf_abs[nodes] = np.where(s.milestone[nodes], s.ls_abs[nodes], s.timing.finish_times(lf_w, da))


def _late_base(s: PassState, duration: np.ndarray) -> np.ndarray:
    """Per task, the latest finish before its links: its project's finish and its late bounds."""
    b = s.bounds
    return np.minimum(s.finish_of_project_w, np.minimum(b.late_finish_ub_w, b.late_start_ub_w + duration))


def _late_overrides(s: PassState, duration: np.ndarray) -> np.ndarray:
    """Per task, the late finish that wins over the links (``NONE`` for none): a start fixed by an honoured
    constraint, the early finish of a complete task."""
    override = np.full(s.n, NONE, dtype=np.int64)
    if s.options.honor_constraints:
        fixed = s.bounds.fixed_start_w
        override = np.where(fixed != NONE, fixed + duration, override)
    return np.where(s.progress.state == COMPLETE, s.ef_w, override)


def _backward_single_axis(s: PassState) -> None:
    """The late pass when every task and lag lives on one axis: fills ``late_w``.

    Levels run from the last; a task's late finish is the smallest of its late base (:func:`_late_base`) and
    what each of its links allows, a late override (:func:`_late_overrides`) winning.
    """
    max_level, node_order, node_bounds, level = s.max_level, s.node_order, s.node_bounds, s.level
    e = s.edges
    late_w, ls_w, lf_w = s.late_w, s.ls_w, s.lf_w
    duration = s.ef_w - s.es_w
    override = _late_overrides(s, duration)
    has_override = override != NONE
    override_level = np.zeros(max_level + 1, dtype=bool)
    override_level[level[has_override & (level >= 0)]] = True
    base_o, override_o, duration_o = _late_base(s, duration)[node_order], override[node_order], duration[node_order]
    linked = e.pred.size > 0
    if linked:
        segments = _backward_segments(s, duration)
    for lv in range(max_level, -1, -1):
        a, z = node_bounds[lv], node_bounds[lv + 1]
        finish = base_o[a:z].copy()
        if linked:
            b_src, b_off, seg_rel, seg_pos, seg_bounds = segments
            s0, s1 = seg_bounds[lv], seg_bounds[lv + 1]
            if s1 > s0:
                lo, hi = e.b_bounds[lv], e.b_bounds[lv + 1]
                c = late_w[b_src[lo:hi]]
                c += b_off[lo:hi]
                best = np.minimum.reduceat(c, seg_rel[s0:s1])
                pos = seg_pos[s0:s1]
                finish[pos] = np.minimum(finish[pos], best)
        if override_level[lv]:
            fixed = override_o[a:z]
            finish = np.where(fixed != NONE, fixed, finish)
        nodes = node_order[a:z]
        lf_w[nodes] = finish
        finish -= duration_o[a:z]
        ls_w[nodes] = finish


def _backward_segments(s: PassState, duration: np.ndarray):
    """For the single-axis late pass, over the links in backward order: the position in ``late_w`` each link
    reads, the offset it adds, each predecessor's segment start relative to its level, the predecessor's
    position within its level, and the segments' level bounds."""
    n, level, e = s.n, s.level, s.edges
    bp_all, bs_all, b_type, b_lag = e.pred[e.order_b], e.succ[e.order_b], e.ltype[e.order_b], e.lag[e.order_b]
    succ_finish_end = (b_type == FF) | (b_type == SF)
    pred_start_end = (b_type == SS) | (b_type == SF)
    b_src = bs_all + n * succ_finish_end
    b_off = np.where(pred_start_end, duration[bp_all], 0) - b_lag
    seg = np.flatnonzero(np.concatenate([[True], bp_all[1:] != bp_all[:-1]]))
    seg_pred = bp_all[seg]
    seg_level = level[seg_pred]
    seg_rel = seg - e.b_bounds[seg_level]
    rank = np.empty(n, dtype=np.int64)
    rank[s.node_order] = np.arange(n, dtype=np.int64)
    seg_pos = rank[seg_pred] - s.node_bounds[seg_level]
    seg_bounds = np.searchsorted(seg_level, np.arange(s.max_level + 2))
    return b_src, b_off, seg_rel, seg_pos, seg_bounds


def _backward_level(s: PassState, lv: int) -> None:
    """The late dates of the tasks of level ``lv`` off a single axis."""
    b = s.bounds
    nodes = s.node_order[s.node_bounds[lv]:s.node_bounds[lv + 1]]
    d = s.ef_w[nodes] - s.es_w[nodes]
    cand = s.finish_of_project_w[nodes].copy()  # nothing finishes after its project
    if s.edges.b_bounds is not None:
        lo, hi = s.edges.b_bounds[lv], s.edges.b_bounds[lv + 1]
        if hi > lo:
            cand = np.minimum(cand, _allowed_by_links(s, nodes, lo, hi))
    cand = np.minimum(cand, np.minimum(b.late_finish_ub_w[nodes], b.late_start_ub_w[nodes] + d))
    if s.options.honor_constraints:
        fixed = b.fixed_start_w[nodes]
        cand = np.where(fixed != NONE, fixed + d, cand)
    cand = np.where(s.progress.state[nodes] == COMPLETE, s.ef_w[nodes], cand)
    s.lf_w[nodes] = cand
    s.ls_w[nodes] = cand - d
    _place_late(s, nodes, cand - d, cand)


def _allowed_by_links(s: PassState, nodes: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Per task of ``nodes``, the latest finish its links ``lo:hi`` of the backward order allow (``HUGE`` for a
    task without)."""
    e, dur_axis = s.edges, s.timing.dur_axis
    order = e.order_b[lo:hi]
    bp, bs, tp = e.pred[order], e.succ[order], e.ltype[order]
    succ_finish_end = (tp == FF) | (tp == SF)
    src = np.where(succ_finish_end, s.lf_abs[bs], s.ls_abs[bs])
    # the lag lives on the successor side: move back on the lag axis, then onto the predecessor axis; P6 hands
    # over the successor's date as it stands: a finish, or the start of a task of no duration, is where work
    # stops
    at_stop = s.options.late_dates_at_work_stop and (succ_finish_end | (s.ef_w[bs] == s.es_w[bs]))
    c = late_lagged(s.timing.axes, src, e.lax[order], dur_axis[bs], dur_axis[bp], e.lag[order], at_stop)
    pred_start_end = (tp == SS) | (tp == SF)
    c = np.where(pred_start_end, c + (s.ef_w[bp] - s.es_w[bp]), c)
    seg = np.flatnonzero(np.concatenate([[True], bp[1:] != bp[:-1]]))
    best = np.full(nodes.size, HUGE, dtype=np.int64)
    best[np.searchsorted(nodes, bp[seg])] = np.minimum.reduceat(c, seg)
    return best


def late_lagged(axes, src, lax, succ_axis, pred_axis, lag_values, at_stop=False):
    """Successor instants moved back by the lag and expressed on the predecessor's axis.

    An instant at a break of the lag's calendar (where one working period ends and the next begins)
    is handed over as the start of the next period, or as the end of the earlier one where
    ``at_stop`` (one flag, or one per instant).
    """
    stop = np.broadcast_to(np.asarray(at_stop, dtype=bool), src.shape)
    if stop.any():
        # the successor's date as the end of the working period it closes, on the successor's calendar
        src = src.copy()
        at = np.flatnonzero(stop)
        for a in np.unique(succ_axis[at]).tolist():
            k = at[succ_axis[at] == a]
            src[k] = checked(axes[a].finish_from_working, checked(axes[a].to_working, src[k]))
    out = np.empty(src.shape, dtype=np.int64)
    combos = lax * 4096 + pred_axis
    for combo in np.unique(combos):
        m = combos == combo
        la, pa = int(combo // 4096), int(combo % 4096)
        w = checked(axes[la].to_working, src[m]) - lag_values[m]
        if la == pa:
            out[m] = w
            continue
        handed = np.empty(w.shape, dtype=np.int64)
        at = stop[m]
        if at.any():
            handed[at] = checked(axes[la].finish_from_working, w[at])
        if not at.all():
            handed[~at] = checked(axes[la].start_from_working, w[~at])
        out[m] = checked(axes[pa].to_working, handed)
    return out
