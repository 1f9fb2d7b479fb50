"""Progress: each task's state (not started, started, complete), its actual dates, where the remaining work of a
started task resumes, and the dates the forward pass gives tasks with progress."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmo_xl.engine.cpm.calendars import TaskTiming
from pmo_xl.engine.cpm.network import NONE, Network, all_missing, finish_abs, start_abs
from pmo_xl.engine.cpm.options import ScheduleOptions
from pmo_xl.errors import Location, Problem, ProblemList, Severity

NOT_STARTED, STARTED, COMPLETE = 0, 1, 2
PROGRESS_NAMES = ["not_started", "in_progress", "complete"]
"""The names of the progress states, by code."""


@dataclass
class Progress:
    """Per task: ``state`` (:data:`NOT_STARTED`, :data:`STARTED`, :data:`COMPLETE`), ``percent`` complete
    (0–100), the actual start and finish and the resume date on its duration axis (``NONE`` for none), and
    the status date on that axis (``None`` without a status date)."""

    state: np.ndarray
    percent: np.ndarray
    actual_start_w: np.ndarray
    actual_finish_w: np.ndarray
    resume_w: np.ndarray
    status_w: np.ndarray | None


def read_progress(net: Network, timing: TaskTiming, is_leaf: np.ndarray, status_abs: int | None,
                  problems: ProblemList) -> Progress:
    """The progress of the leaf tasks; a resume date on a task not started or complete is reported and
    left out."""
    n, cols = net.n, net.columns
    percent = np.clip(np.nan_to_num(cols["percent_complete"].astype(np.float64)), 0.0, 100.0)
    state = np.zeros(n, dtype=np.int8)
    actual_starts, actual_finishes, resumes = cols["actual_start"], cols["actual_finish"], cols["resume"]
    has_actual = ~np.equal(actual_starts, None) | ~np.equal(actual_finishes, None)
    has_resume = ~np.equal(resumes, None) if not all_missing(resumes) else np.zeros(n, dtype=bool)
    a_idx, a_abs, a_start = [], [], []
    r_idx, r_abs = [], []
    for i in np.flatnonzero((has_actual | (percent > 0) | has_resume) & is_leaf).tolist():
        actual_start, actual_finish = actual_starts[i], actual_finishes[i]
        if actual_finish is not None or percent[i] >= 100.0:
            state[i] = COMPLETE
        elif actual_start is not None or percent[i] > 0.0:
            state[i] = STARTED
        if actual_start is not None:
            a_idx.append(i)
            a_abs.append(start_abs(actual_start))
            a_start.append(True)
        if actual_finish is not None:
            a_idx.append(i)
            a_abs.append(finish_abs(actual_finish))
            a_start.append(False)
        if resumes[i] is None:
            continue
        if state[i] == STARTED:
            r_idx.append(i)
            r_abs.append(start_abs(resumes[i]))
        else:
            pdata = net.projects[net.project_of[i]]
            problems.append(Problem(
                f"task '{net.ids[i]}' has a resume date but is "
                + ("complete" if state[i] == COMPLETE else "not started") + "; ignored",
                Location(file=pdata.source), found=str(resumes[i]), expected="a started task",
                severity=Severity.WARNING, code="resume_without_remaining_work"))
    actual_start_w = np.full(n, NONE, dtype=np.int64)
    actual_finish_w = np.full(n, NONE, dtype=np.int64)
    if a_idx:
        ai = np.array(a_idx)
        aw = timing.to_axis(np.array(a_abs, dtype=np.int64), timing.dur_axis[ai])
        is_start = np.array(a_start, dtype=bool)
        actual_start_w[ai[is_start]] = aw[is_start]
        actual_finish_w[ai[~is_start]] = aw[~is_start]
    status_w = (timing.to_axis(np.full(n, status_abs, dtype=np.int64), timing.dur_axis)
                if status_abs is not None else None)
    resume_w = np.full(n, NONE, dtype=np.int64)
    if r_idx:
        ri = np.array(r_idx)
        resume_w[ri] = timing.to_axis(np.array(r_abs, dtype=np.int64), timing.dur_axis[ri])
    return Progress(state, percent, actual_start_w, actual_finish_w, resume_w, status_w)


def progress_dates(progress: Progress, options: ScheduleOptions, nodes: np.ndarray, start: np.ndarray,
                   finish: np.ndarray, duration: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The early start and finish of ``nodes`` (their logic dates ``start``/``finish``) with their progress.

    A complete task sits on its actual dates; a started task keeps its actual start, its done part is its
    percentage of ``duration`` and the remaining part resumes after it, never before the status date (at the
    status date with ``remaining_from_status_date``), or at its own resume date when it has one.
    """
    st = progress.state[nodes]
    started = st >= STARTED
    if not started.any():
        return start, finish
    a_s = progress.actual_start_w[nodes]
    a_f = progress.actual_finish_w[nodes]
    start = np.where(started, np.where(a_s != NONE, a_s, np.where(a_f != NONE, a_f - duration, start)), start)
    done = start + np.rint(duration * progress.percent[nodes] / 100.0).astype(np.int64)
    remaining = duration - (done - start)
    status_w = progress.status_w
    if status_w is None:
        resume = done
    elif options.remaining_from_status_date:
        resume = np.where(st == STARTED, status_w[nodes], done)
    else:
        resume = np.maximum(done, status_w[nodes])
    given = progress.resume_w[nodes]
    if (given != NONE).any():
        given_at = given if status_w is None else np.maximum(given, status_w[nodes])
        resume = np.where((st == STARTED) & (given != NONE), given_at, resume)
    complete_finish = np.where(a_f != NONE, a_f, start + duration)
    finish = np.where(st == COMPLETE, complete_finish, np.where(st == STARTED, resume + remaining, finish))
    return start, finish
