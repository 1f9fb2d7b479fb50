"""Summary tasks: the earliest start and latest finish of the leaf tasks under them, their progress and
their floats on those rolled-up dates."""

from __future__ import annotations

import numpy as np

from pmo_xl.engine.cpm.floats import Floats
from pmo_xl.engine.cpm.progress import COMPLETE, NOT_STARTED, STARTED
from pmo_xl.engine.cpm.state import PassState


def scheduled_dates(s: PassState) -> tuple[np.ndarray, np.ndarray]:
    """The absolute start and finish each task is scheduled on: its early dates, its late dates for an ALAP
    task not started."""
    on_late = s.bounds.is_alap & (s.progress.state == NOT_STARTED)
    return np.where(on_late, s.ls_abs, s.es_abs), np.where(on_late, s.lf_abs, s.ef_abs)


def roll_up_summaries(s: PassState, floats: Floats, start_abs: np.ndarray, finish_abs: np.ndarray) -> None:
    """Give each summary task the dates, progress and floats of the leaf tasks under it (in place).

    A summary without leaves sits on its project's start.  Its total float is min(LS − ES, LF − EF) on the
    rolled-up dates on its own axis (0 when complete), its free float that total float (never negative).
    """
    summary_idx = np.flatnonzero(~s.is_leaf)
    if not summary_idx.size:
        return
    state, project_of = s.progress.state, s.net.project_of_array
    es_abs, ef_abs, ls_abs, lf_abs = s.es_abs, s.ef_abs, s.ls_abs, s.lf_abs
    for i in sorted(summary_idx.tolist(), reverse=True):
        leaf_ids = s.net.leaves_under(i)
        if not leaf_ids:
            es_abs[i] = ef_abs[i] = ls_abs[i] = lf_abs[i] = s.project_start_abs[project_of[i]]
            start_abs[i] = finish_abs[i] = es_abs[i]
            continue
        ids = np.array(leaf_ids)
        es_abs[i] = es_abs[ids].min()
        ef_abs[i] = ef_abs[ids].max()
        ls_abs[i] = ls_abs[ids].min()
        lf_abs[i] = lf_abs[ids].max()
        start_abs[i] = start_abs[ids].min()
        finish_abs[i] = finish_abs[ids].max()
        state[i] = (COMPLETE if (state[ids] == COMPLETE).all()
                    else (STARTED if (state[ids] >= STARTED).any() else NOT_STARTED))
    ax = s.timing.dur_axis[summary_idx]
    s_es, s_ef = s.to_axis(es_abs[summary_idx], ax), s.to_axis(ef_abs[summary_idx], ax)
    s_ls, s_lf = s.to_axis(ls_abs[summary_idx], ax), s.to_axis(lf_abs[summary_idx], ax)
    s.es_w[summary_idx], s.ef_w[summary_idx], s.ls_w[summary_idx], s.lf_w[summary_idx] = s_es, s_ef, s_ls, s_lf
    complete = state[summary_idx] == COMPLETE
    floats.total[summary_idx] = np.where(complete, 0, np.minimum(s_ls - s_es, s_lf - s_ef))
    floats.free[summary_idx] = np.maximum(floats.total[summary_idx], 0)
    floats.critical[summary_idx] = (floats.total[summary_idx] <= floats.limit[summary_idx]) & ~complete
