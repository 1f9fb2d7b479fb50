"""The Monte Carlo passes: every iteration of a chunk at once, level by level of the network.

Arrays are tasks × iterations.  The forward pass places each level of free
tasks at the latest of its floor and its links' bounds (one gather, one add
and one ``maximum.reduceat`` per level); the backward pass brings the late
finishes back from the project finish of each iteration (one
``minimum.reduceat`` per level); a task is critical in an iteration when its
total float there is under half a minute.  Iterations are processed in
chunks sized to a memory budget, and only per-iteration totals (project
finish, key milestones, cost) and per-task sums are kept between chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pmo_xl.model.progress import STAGE_ITERATIONS, ProgressCallback, ProgressStep

from pmo_xl.engine.risk.network import AnchoredNetwork
from pmo_xl.engine.risk.sampling import quantile, uniforms

CRITICAL_TOLERANCE_MINUTES = 0.5
#: Values of the chunk arrays: minutes after the project's first start, exact integers up to 2^24 (about 139
#: years of 8-hour working days); sums across iterations are kept in float64.
DTYPE = np.float32
BYTES_PER_VALUE = np.dtype(DTYPE).itemsize


@dataclass
class _Level:
    """One level's free tasks and the precomputed indices of the links into them."""

    tasks: np.ndarray
    floor: np.ndarray  # the tasks' floors, as a column
    gather: np.ndarray  # rows of the stacked (start, finish) array each link reads
    offset: np.ndarray
    to_finish: np.ndarray  # positions (within the level's links) that bind the successor's finish
    to_finish_succ: np.ndarray
    successors: np.ndarray  # distinct successors, in link order
    successor_starts: np.ndarray  # where each successor's links begin
    by_pred: np.ndarray  # the level's links ordered by predecessor
    predecessors: np.ndarray
    predecessor_starts: np.ndarray
    link_succ: np.ndarray
    link_pred: np.ndarray
    from_start: np.ndarray


def _prepare_levels(net: AnchoredNetwork) -> list[_Level]:
    levels = []
    n = net.n
    for tasks, lo, hi in net.levels:
        pred, succ = net.link_predecessor[lo:hi], net.link_successor[lo:hi]
        from_start = net.link_from_start[lo:hi]
        to_finish = np.flatnonzero(net.link_to_finish[lo:hi])
        successors, successor_starts = (np.unique(succ, return_index=True) if succ.size
                                        else (np.empty(0, np.intp), np.empty(0, np.intp)))
        by_pred = np.argsort(pred, kind="stable")
        predecessors, predecessor_starts = (np.unique(pred[by_pred], return_index=True) if pred.size
                                            else (np.empty(0, np.intp), np.empty(0, np.intp)))
        levels.append(_Level(tasks, net.floor[tasks, None].astype(DTYPE), np.where(from_start, pred, pred + n),
                             net.link_offset[lo:hi, None].astype(DTYPE), to_finish,
                             succ[to_finish], successors, successor_starts, by_pred, predecessors,
                             predecessor_starts, succ, pred, from_start))
    return levels


@dataclass
class Sampler:
    """What is drawn for each iteration: durations (from three-point estimates) and risk events."""

    low: np.ndarray  # per task, working days
    mode: np.ndarray
    high: np.ndarray
    distribution: str
    group: np.ndarray | None
    rank_correlation: float
    event_probability: np.ndarray  # per event
    event_delay_minutes: np.ndarray
    event_cost: np.ndarray
    event_task: np.ndarray  # (event index, task index) pairs, one row each
    event_task_event: np.ndarray


@dataclass
class Accumulator:
    """What the chunks add up: per-iteration totals and per-task sums."""

    finish: list = field(default_factory=list)  # kept iterations only (see ``stride``)
    milestones: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    stride: int = 1  # every ``stride``-th iteration's totals are kept
    done: int = 0  # iterations simulated so far
    on_baseline: int = 0  # iterations finishing by the baseline finish (all of them counted)
    baseline_minutes: float | None = None
    finish_sum: float = 0.0  # of the finish shift, over all iterations, for the tornado
    finish_square_sum: float = 0.0
    critical_count: np.ndarray | None = None
    duration_sum: np.ndarray | None = None
    duration_square_sum: np.ndarray | None = None
    duration_finish_sum: np.ndarray | None = None
    merge_start_sum: np.ndarray | None = None
    merge_bound_sum: np.ndarray | None = None
    merge_late_count: np.ndarray | None = None


def chunk_size(net: AnchoredNetwork, iterations: int, memory_budget_bytes: int) -> int:
    """The iterations one chunk may hold within the memory budget (at least 1)."""
    widest = max((hi - lo for _, lo, hi in net.levels), default=0)
    per_iteration = BYTES_PER_VALUE * (8 * net.n + 3 * widest + 8)
    return int(max(1, min(iterations, memory_budget_bytes // per_iteration)))


@dataclass
class _Draws:
    """The per-task constants of the draws: which tasks vary and their duration factors' bounds."""

    rows: np.ndarray  # tasks whose duration factor varies
    low: np.ndarray  # factor bounds of those rows (sampled duration ÷ deterministic duration)
    mode: np.ndarray
    high: np.ndarray
    constant: np.ndarray  # every task's factor when it does not vary
    base: np.ndarray  # span = base + varying × factor
    varying: np.ndarray
    group: np.ndarray | None


def _draws(net: AnchoredNetwork, sampler: Sampler) -> _Draws:
    duration = net.duration_days
    has_duration = duration > 0
    safe = np.where(has_duration, duration, 1.0)
    low = np.where(has_duration, sampler.low / safe, 1.0)
    mode = np.where(has_duration, sampler.mode / safe, 1.0)
    high = np.where(has_duration, sampler.high / safe, 1.0)
    complete = net.fixed & (net.remaining == 0)
    varying = np.where(net.fixed, net.remaining, net.span)
    varying = np.where(complete, 0.0, varying)
    rows = np.flatnonzero((high > low) & (varying > 0))
    group = sampler.group[rows] if sampler.group is not None else None
    return _Draws(rows, *(a[rows, None].astype(DTYPE) for a in (low, mode, high)), mode.astype(DTYPE),
                  (net.span - varying).astype(DTYPE), varying.astype(DTYPE), group)


def _durations(net: AnchoredNetwork, draws: _Draws, sampler: Sampler, rng: np.random.Generator, count: int):
    """Sampled spans on the axis (tasks × iterations), duration factors, and which events occurred."""
    factor = np.empty((net.n, count), dtype=DTYPE)
    factor[:] = draws.constant[:, None]
    if draws.rows.size:
        u = uniforms(rng, draws.rows.size, count, draws.group, sampler.rank_correlation)
        factor[draws.rows] = quantile(sampler.distribution, u, draws.low, draws.mode, draws.high)
    span = factor * draws.varying[:, None]
    span += draws.base[:, None]
    occurred = rng.random((sampler.event_probability.size, count)) < sampler.event_probability[:, None]
    if sampler.event_task.size:
        added = occurred[sampler.event_task_event] * sampler.event_delay_minutes[sampler.event_task_event, None]
        np.add.at(span, sampler.event_task, added.astype(DTYPE))
    return span, factor, occurred


def forward(net: AnchoredNetwork, levels: list[_Level], span: np.ndarray) -> np.ndarray:
    """Starts and finishes stacked (2n × iterations): rows 0..n−1 starts, n..2n−1 finishes."""
    n = net.n
    dates = np.empty((2 * n, span.shape[1]), dtype=DTYPE)
    fixed = np.flatnonzero(net.fixed)
    dates[fixed] = net.start[fixed, None]
    dates[fixed + n] = dates[fixed] + span[fixed]
    for level in levels:
        tasks = level.tasks
        dates[tasks] = level.floor
        if level.gather.size:
            bound = dates[level.gather]
            bound += level.offset
            if level.to_finish.size:
                bound[level.to_finish] -= span[level.to_finish_succ]
            latest = np.maximum.reduceat(bound, level.successor_starts, axis=0)
            np.maximum(dates[level.successors], latest, out=latest)
            dates[level.successors] = latest
        dates[tasks + n] = dates[tasks] + span[tasks]
    return dates


def backward(net: AnchoredNetwork, levels: list[_Level], span: np.ndarray, dates: np.ndarray,
             finish: np.ndarray) -> np.ndarray:
    """Total float of every task in every iteration (minutes), from the late finishes."""
    n = net.n
    late_finish = np.broadcast_to(finish, span.shape).copy()
    for level in reversed(levels):
        if not level.gather.size:
            continue
        succ, pred = level.link_succ, level.link_pred
        room = late_finish[succ] - span[succ]
        room -= level.offset
        if level.to_finish.size:
            room[level.to_finish] += span[level.to_finish_succ]
        starts = np.flatnonzero(level.from_start)
        if starts.size:
            room[starts] += span[pred[starts]]
        earliest = np.minimum.reduceat(room[level.by_pred], level.predecessor_starts, axis=0)
        np.minimum(late_finish[level.predecessors], earliest, out=earliest)
        late_finish[level.predecessors] = earliest
    return late_finish - dates[n:]


def run_chunk(net: AnchoredNetwork, levels: list[_Level], draws: _Draws, sampler: Sampler,
              rng: np.random.Generator, count: int, milestone_rows: np.ndarray, merge_rows: np.ndarray,
              merge_links: list[np.ndarray], acc: Accumulator) -> None:
    """Simulate ``count`` iterations and add them to ``acc``."""
    span, factor, occurred = _durations(net, draws, sampler, rng, count)
    dates = forward(net, levels, span)
    finishes = dates[net.n:]
    finish = finishes.max(axis=0)
    total_float = backward(net, levels, span, dates, finish)
    critical = total_float <= CRITICAL_TOLERANCE_MINUTES
    critical[net.fixed & (net.remaining == 0)] = False
    kept = slice((-acc.done) % acc.stride, None, acc.stride)
    acc.finish.append(finish[kept].astype(np.float64))
    acc.milestones.append(finishes[milestone_rows][:, kept].astype(np.float64))
    cost = net.done_cost + net.cost @ factor[:, kept].astype(np.float64) + sampler.event_cost @ occurred[:, kept]
    acc.cost.append(cost)
    if acc.baseline_minutes is not None:
        acc.on_baseline += int(np.count_nonzero(finish <= acc.baseline_minutes + 1e-3))
    # deviations from the deterministic plan keep the sums well conditioned
    span_shift = span - net.span[:, None].astype(DTYPE)
    finish_shift = finish - DTYPE(net.finish.max() if net.n else 0.0)
    acc.finish_sum += float(finish_shift.sum(dtype=np.float64))
    acc.finish_square_sum += float(np.dot(finish_shift.astype(np.float64), finish_shift.astype(np.float64)))
    sums = (critical.sum(axis=1), span_shift.sum(axis=1, dtype=np.float64),
            np.einsum("ij,ij->i", span_shift, span_shift, dtype=np.float64),
            span_shift.astype(np.float64) @ finish_shift.astype(np.float64))
    if acc.critical_count is None:
        acc.critical_count, acc.duration_sum, acc.duration_square_sum, acc.duration_finish_sum = sums
    else:
        acc.critical_count += sums[0]
        acc.duration_sum += sums[1]
        acc.duration_square_sum += sums[2]
        acc.duration_finish_sum += sums[3]
    _merge_sums(net, dates, span, merge_rows, merge_links, acc)
    acc.done += count


def _merge_sums(net, dates, span, merge_rows, merge_links, acc: Accumulator) -> None:
    if not merge_rows.size:
        return
    n = net.n
    starts = dates[merge_rows].astype(np.float64)
    bounds = []
    for links in merge_links:
        pred, from_start = net.link_predecessor[links], net.link_from_start[links]
        succ = net.link_successor[links]
        bound = dates[np.where(from_start, pred, pred + n)] + net.link_offset[links, None]
        to_finish = net.link_to_finish[links]
        bound[to_finish] -= span[succ[to_finish]]
        bounds.append(bound.sum(axis=1, dtype=np.float64))
    late = (starts > net.start[merge_rows, None] + CRITICAL_TOLERANCE_MINUTES).sum(axis=1)
    if acc.merge_start_sum is None:
        acc.merge_start_sum, acc.merge_late_count = starts.sum(axis=1), late
        acc.merge_bound_sum = bounds
    else:
        acc.merge_start_sum += starts.sum(axis=1)
        acc.merge_late_count += late
        acc.merge_bound_sum = [a + b for a, b in zip(acc.merge_bound_sum, bounds)]


def kept_stride(iterations: int, kept_rows: int, memory_budget_bytes: int) -> int:
    """Every how many iterations the per-iteration totals are kept, so they take at most a quarter of the
    memory budget (1: all of them)."""
    per_iteration = 8 * (kept_rows + 2)
    room = max(memory_budget_bytes // 4, per_iteration)
    return max(1, -(-iterations * per_iteration // room))


def simulate(net: AnchoredNetwork, sampler: Sampler, iterations: int, seed: int | None,
             memory_budget_bytes: int, milestone_rows: np.ndarray, merge_rows: np.ndarray,
             merge_links: list[np.ndarray], baseline_minutes: float | None = None,
             on_progress: ProgressCallback | None = None) -> tuple[Accumulator, int]:
    """Run ``iterations`` in chunks; the accumulated results and the chunk size used.

    ``on_progress`` is told of each chunk finished (stage ``iterations``: iterations done of ``iterations``).

    The working arrays of a chunk fit in the memory budget; the per-iteration totals kept for percentiles
    (project finish, key milestones, cost) take at most a quarter of it: beyond, every ``stride``-th
    iteration is kept (the iterations are independent, so they are a random sample of the run), while
    the criticality, tornado, merge bias and baseline probability count every iteration.
    """
    rng = np.random.default_rng(seed)
    levels = _prepare_levels(net)
    draws = _draws(net, sampler)
    size = chunk_size(net, iterations, memory_budget_bytes * 3 // 4)
    acc = Accumulator(stride=kept_stride(iterations, milestone_rows.size, memory_budget_bytes),
                      baseline_minutes=baseline_minutes)
    done = 0
    while done < iterations:
        count = min(size, iterations - done)
        run_chunk(net, levels, draws, sampler, rng, count, milestone_rows, merge_rows, merge_links, acc)
        done += count
        if on_progress is not None:
            on_progress(ProgressStep(STAGE_ITERATIONS, done, iterations))
    return acc, size
