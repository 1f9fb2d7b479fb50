"""The forward pass: early dates level by level over the topological order, then each project's finish."""

from __future__ import annotations

import numpy as np

from pmo_xl.engine.cpm.network import HUGE, NONE, checked
from pmo_xl.engine.cpm.progress import STARTED, progress_dates
from pmo_xl.engine.cpm.state import PassState


def forward_pass(s: PassState) -> None:
    """Fill the early dates (``early_w``, and ``es_abs``/``ef_abs`` off a single axis) and ``edge_cand``.

    On a single axis, a level whose tasks carry neither progress nor a fixed date takes the short way (see
    :func:`_short_way_levels`); other levels go through :func:`_forward_level`.
    """
    e = s.edges
    if s.single_axis and e.succ.size > 0:
        _short_way_levels(s)
        f_src = e.pred + s.n * e.pred_uses_finish
        f_off = e.lag - np.where(e.succ_is_finish, s.timing.dur_min[e.succ], 0)
        s.edge_cand = s.early_w[f_src] + f_off
        if e.grouped:
            s.edge_cand = smallest_of_group(s.edge_cand, e.group)
        return
    for lv in range(s.max_level + 1):
        _forward_level(s, lv)


def _short_way_levels(s: PassState) -> None:
    """All levels on a single axis: every task of a level above 0 has predecessors and its links are one
    segment of the edge order, so a plain level costs a gather, an add and one ``maximum.reduceat``."""
    n, e, b, dur_min = s.n, s.edges, s.bounds, s.timing.dur_min
    node_order, node_bounds, level, f_bounds = s.node_order, s.node_bounds, s.level, e.f_bounds
    early_w, es_w, ef_w = s.early_w, s.es_w, s.ef_w
    first_linked = node_bounds[1] if s.max_level >= 1 else node_bounds[-1]
    f_src = e.pred + n * e.pred_uses_finish
    f_off = e.lag - np.where(e.succ_is_finish, dur_min[e.succ], 0)
    f_seg = np.flatnonzero(np.concatenate([[True], e.succ[1:] != e.succ[:-1]]))
    f_seg_rel = f_seg - f_bounds[level[e.succ[f_seg]]]
    lower_o = np.maximum(b.start_lb_w, b.finish_lb_w - dur_min)[node_order]
    upper = np.minimum(b.start_ub_w, b.finish_ub_w - dur_min)
    upper_o = upper[node_order] if bool((upper < HUGE - dur_min).any()) else None
    dur_o = dur_min[node_order]
    special_level = np.zeros(s.max_level + 1, dtype=bool)
    special_level[level[s.is_leaf & ((b.fixed_start_w != NONE) | (s.progress.state >= STARTED))]] = True
    special_level[level[e.succ[e.group >= 0]]] = True
    for lv in range(s.max_level + 1):
        if lv == 0 or special_level[lv]:
            _forward_level(s, lv)
            continue
        a, z = node_bounds[lv], node_bounds[lv + 1]
        lo, hi = f_bounds[lv], f_bounds[lv + 1]
        c = early_w[f_src[lo:hi]]
        c += f_off[lo:hi]
        start = np.maximum.reduceat(c, f_seg_rel[a - first_linked:z - first_linked])
        np.maximum(start, lower_o[a:z], out=start)
        if upper_o is not None:
            np.minimum(start, upper_o[a:z], out=start)
        nodes = node_order[a:z]
        es_w[nodes] = start
        start += dur_o[a:z]
        ef_w[nodes] = start


def _forward_level(s: PassState, lv: int) -> None:
    """The early dates of the tasks of level ``lv``: the latest of their bounds and what their links ask,
    within their upper bounds, a fixed start winning, then their progress."""
    b, timing = s.bounds, s.timing
    nodes = s.node_order[s.node_bounds[lv]:s.node_bounds[lv + 1]]
    d = timing.dur_min[nodes]
    cand = np.maximum(b.start_lb_w[nodes], b.finish_lb_w[nodes] - d)
    if s.edges.f_bounds is not None and lv > 0:
        lo, hi = s.edges.f_bounds[lv], s.edges.f_bounds[lv + 1]
        if hi > lo:
            cand = np.maximum(cand, _asked_by_links(s, nodes, lo, hi))
    cand = np.minimum(cand, np.minimum(b.start_ub_w[nodes], b.finish_ub_w[nodes] - d))
    fixed = b.fixed_start_w[nodes]
    cand = np.where(fixed != NONE, fixed, cand)
    cand, finish = progress_dates(s.progress, s.options, nodes, cand, cand + d, d)
    s.es_w[nodes] = cand
    s.ef_w[nodes] = finish
    if not s.single_axis:
        da = timing.dur_axis[nodes]
        at_stop = s.milestone[nodes] & s.has_pred[nodes]
        s.es_abs[nodes] = np.where(at_stop, timing.finish_times(cand, da), timing.start_times(cand, da))
        # a zero-length task finishes when it starts (not at the end of the previous working period)
        s.ef_abs[nodes] = np.where(at_stop | (finish == cand), s.es_abs[nodes], timing.finish_times(finish, da))


def _asked_by_links(s: PassState, nodes: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Per task of ``nodes``, the latest early start its links ``lo:hi`` of the edge order ask (``NONE`` for a
    task without); each link's candidate goes to ``edge_cand``."""
    e, dur_min, dur_axis = s.edges, s.timing.dur_min, s.timing.dur_axis
    bp, bs = e.pred[lo:hi], e.succ[lo:hi]
    uses_finish = e.pred_uses_finish[lo:hi]
    if s.single_axis:
        src = np.where(uses_finish, s.ef_w[bp], s.es_w[bp])
    else:
        src = np.where(uses_finish, s.ef_abs[bp], s.es_abs[bp])
    c = _lagged(s, src, e.lax[lo:hi], dur_axis[bs], e.lag[lo:hi])
    c = np.where(e.succ_is_finish[lo:hi], c - dur_min[bs], c)
    if e.grouped:
        c = smallest_of_group(c, e.group[lo:hi])
    s.edge_cand[lo:hi] = c
    seg = np.flatnonzero(np.concatenate([[True], bs[1:] != bs[:-1]]))
    best = np.full(nodes.size, NONE, dtype=np.int64)
    best[np.searchsorted(nodes, bs[seg])] = np.maximum.reduceat(c, seg)
    return best


def _lagged(s: PassState, source: np.ndarray, lax: np.ndarray, target_axis: np.ndarray,
            lag_values: np.ndarray) -> np.ndarray:
    """Source instants (absolute, or on the single axis) moved forward by the lag, on the target axes."""
    if s.single_axis:
        return source + lag_values
    axes = s.timing.axes
    out = np.empty(source.shape, dtype=np.int64)
    combos = lax * 4096 + target_axis
    for combo in np.unique(combos):
        m = combos == combo
        la, ta = int(combo // 4096), int(combo % 4096)
        w = checked(axes[la].to_working, source[m]) + lag_values[m]
        if la == ta:
            out[m] = w
        else:
            out[m] = checked(axes[ta].to_working, checked(axes[la].finish_from_working, w))
    return out


def smallest_of_group(candidates: np.ndarray, group: np.ndarray) -> np.ndarray:
    """``candidates`` where each link of a group (``group`` ≥ 0) takes the smallest candidate of its group."""
    member = np.flatnonzero(group >= 0)
    if not member.size:
        return candidates
    out = candidates.copy()
    ids, position = np.unique(group[member], return_inverse=True)
    smallest = np.full(ids.size, HUGE, dtype=np.int64)
    np.minimum.at(smallest, position, candidates[member])
    out[member] = smallest[position]
    return out


def finish_forward(s: PassState) -> None:
    """After the forward pass: on a single axis, the absolute early dates of the leaf tasks; then each
    project's finish, the latest early finish of its leaf tasks (its start when it has none)."""
    leaves = np.flatnonzero(s.is_leaf)
    if s.single_axis and leaves.size:
        s.place_early(leaves)
    n_projects = len(s.net.projects)
    finish = np.full(n_projects, NONE, dtype=np.int64)
    if leaves.size:
        np.maximum.at(finish, s.net.project_of_array[leaves], s.ef_abs[leaves])
    for p in range(n_projects):
        if finish[p] == NONE:
            finish[p] = s.project_start_abs[p]
    s.project_finish_abs = finish
    s.finish_of_project_w = (s.to_axis(finish[s.net.project_of_array], s.timing.dur_axis) if s.n
                             else np.zeros(0, np.int64))
