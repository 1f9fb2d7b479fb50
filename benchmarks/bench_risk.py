"""Speed of the Monte Carlo schedule risk analysis, in task-iterations per second.

For each plan size the benchmark generates a realistic plan
(``generate_network`` of ``benchmarks/network_gen.py``: phases × parallel streams,
about 1.5 links per task, FS/SS/FF/SF, lags, constraints) and runs
:func:`pmo_xl.engine.risk.analyse_risk` with default phase bands (triangular),
timing the whole analysis: deterministic schedule, anchored network, sampling,
forward and backward passes, statistics.  It reports task-iterations per
second and compares them with:

* the fastest published peer figure we know: 3,614 tasks × 1,000 iterations in
  about 30 s, i.e. about 120,000 task-iterations per second;
* a baseline run in the same process on the same anchored network: the same
  forward pass one iteration at a time in plain Python (lists, a loop over the
  links), as a straightforward implementation would do it, timed on a few
  iterations.

Usage::

    python benchmarks/bench_risk.py [--tasks 1000,5000,20000] [--iterations 1000,10000] [--baseline-iterations 5]

Results are written to ``benchmarks/results/risk.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from network_gen import generate_network  # noqa: E402
from pmo_xl.engine.cpm import schedule  # noqa: E402
from pmo_xl.engine.risk import RiskOptions, analyse_risk  # noqa: E402
from pmo_xl.engine.risk.network import anchored_network  # noqa: E402

RESULTS = HERE / "results" / "risk.md"
PEER_TASKS, PEER_ITERATIONS, PEER_SECONDS = 3614, 1000, 30.0
PEER_RATE = PEER_TASKS * PEER_ITERATIONS / PEER_SECONDS
GOAL_RATE = 5_000_000
GOAL_SECONDS_5000_10000 = 10.0


def timed(function):
    """(wall seconds, CPU seconds of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def python_baseline(data, iterations: int, seed: int) -> float:
    """CPU seconds per iteration of the same forward pass written one iteration at a time in plain Python."""
    result = schedule([data])
    net = anchored_network(data, result)
    rng = np.random.default_rng(seed)
    links_by_succ: dict[int, list[tuple[int, bool, float, bool]]] = {}
    for p, s, o, fs, tf in zip(net.link_predecessor.tolist(), net.link_successor.tolist(), net.link_offset.tolist(),
                               net.link_from_start.tolist(), net.link_to_finish.tolist()):
        links_by_succ.setdefault(s, []).append((p, fs, o, tf))
    order = [int(t) for tasks, _, _ in net.levels for t in tasks.tolist()]
    spans, floors = net.span.tolist(), net.floor.tolist()
    started = time.process_time()
    for _ in range(iterations):
        factor = rng.triangular(0.9, 1.0, 1.3, size=net.n).tolist()
        start = [0.0] * net.n
        finish = [0.0] * net.n
        for t in order:
            span = spans[t] * factor[t]
            best = floors[t]
            for p, from_start, offset, to_finish in links_by_succ.get(t, ()):
                bound = (start[p] if from_start else finish[p]) + offset - (span if to_finish else 0.0)
                if bound > best:
                    best = bound
            start[t] = best
            finish[t] = best + span
        max(finish)
    return (time.process_time() - started) / iterations


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="1000,5000,20000")
    parser.add_argument("--iterations", default="1000,10000")
    parser.add_argument("--baseline-iterations", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.tasks.split(",")]
    counts = [int(s) for s in args.iterations.split(",")]
    rows = []
    baselines = {}
    for n in sizes:
        data = generate_network(n, seed=args.seed)
        baselines[n] = python_baseline(data, args.baseline_iterations, args.seed)
        for iterations in counts:
            options = RiskOptions(iterations=iterations, seed=args.seed)
            wall, cpu, analysis = timed(lambda: analyse_risk(data, options))
            rate = n * iterations / wall
            rows.append((n, len(analysis.network.link_predecessor), iterations, wall, cpu, rate,
                         analysis.chunk_iterations, n / baselines[n]))
            print(f"{n:>7} tasks × {iterations:>6} iterations: {wall:6.2f} s ({cpu:6.2f} s CPU), "
                  f"{rate / 1e6:5.2f} M task-iterations/s, chunk {analysis.chunk_iterations}", flush=True)
    write_report(rows, args)
    return 0


def write_report(rows, args) -> None:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    lines = [
        "# Monte Carlo schedule risk analysis: speed",
        "",
        f"Produced by `python benchmarks/bench_risk.py --tasks {args.tasks} --iterations {args.iterations} "
        f"--baseline-iterations {args.baseline_iterations}` (seed {args.seed}) on {platform.machine()} / "
        f"Python {platform.python_version()}, {datetime.now():%Y-%m-%d %H:%M}.",
        "Plans from `generate_network` (phases × parallel streams, ~1.5 links per task, FS/SS/FF/SF ≈ 85/8/5/2 %, "
        "lags ±, SNET/FNLT constraints); default phase bands, triangular distributions.  Each time is the whole "
        "`analyse_risk` call: deterministic schedule, anchored network, draws, forward and backward passes, "
        "statistics (percentiles, criticality, tornado, merge bias, cost).",
        "",
        f"Peer figure: {PEER_TASKS:,} tasks × {PEER_ITERATIONS:,} iterations in about {PEER_SECONDS:.0f} s = "
        f"{PEER_RATE:,.0f} task-iterations/s (the fastest published figure we know).  Same-process baseline: the "
        "same forward pass one iteration at a time in plain Python on the same network.",
        "",
        "| tasks | links | iterations | wall (s) | CPU (s) | task-iterations/s (wall) | task-iterations/s (CPU) | "
        "÷ peer figure (wall) | ÷ plain-Python baseline (CPU) | iterations per chunk |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, links, iterations, wall, cpu, rate, chunk, baseline_rate in rows:
        cpu_rate = n * iterations / cpu
        lines.append(f"| {n:,} | {links:,} | {iterations:,} | {wall:.2f} | {cpu:.2f} | {rate / 1e6:.2f} M | "
                     f"{cpu_rate / 1e6:.2f} M | {rate / PEER_RATE:.0f}× | {cpu_rate / baseline_rate:.0f}× | {chunk:,} |")
    lines += ["", f"Load average when the run ended: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
              "(the machine's 2 cores are shared; wall times grow with the load, CPU times much less: the "
              "analysis runs on one core, so on an idle machine wall ≈ CPU).  The plain-Python baseline is "
              "timed in CPU seconds too.", ""]
    lines += growth_lines(rows)
    goal = [r for r in rows if r[0] == 5000 and r[2] == 10000]
    if goal:
        wall, cpu, rate = goal[0][3], goal[0][4], goal[0][5]
        cpu_rate = 5000 * 10000 / cpu

        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        lines.append(f"Acceptance, 5,000 tasks × 10,000 iterations: {wall:.2f} s wall, {cpu:.2f} s CPU (goal < "
                     f"{GOAL_SECONDS_5000_10000:.0f} s: wall {verdict(wall < GOAL_SECONDS_5000_10000)}, CPU "
                     f"{verdict(cpu < GOAL_SECONDS_5000_10000)}); {rate / 1e6:.2f} M task-iterations per wall second, "
                     f"{cpu_rate / 1e6:.2f} M per CPU second (goal ≥ 5 M: wall {verdict(rate >= GOAL_RATE)}, CPU "
                     f"{verdict(cpu_rate >= GOAL_RATE)}); {rate / PEER_RATE:.0f}× the peer figure on wall time, "
                     f"{cpu_rate / PEER_RATE:.0f}× on CPU time.")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")


def growth_lines(rows) -> list[str]:
    """Sentences on how the rate changes with tasks (at the largest iteration count) and with iterations."""
    lines = []
    by_iterations: dict[int, list] = {}
    for row in rows:
        by_iterations.setdefault(row[2], []).append(row)
    iterations = max(by_iterations)
    series = sorted(by_iterations[iterations])
    if len(series) > 1:
        first, last = series[0], series[-1]
        lines.append(f"Growth with tasks ({iterations:,} iterations): {first[5] / 1e6:.2f} M task-iterations/s at "
                     f"{first[0]:,} tasks, {last[5] / 1e6:.2f} M at {last[0]:,} tasks: time grows "
                     f"{last[3] / first[3]:.1f}× for {last[0] / first[0]:.0f}× more tasks.")
    by_tasks: dict[int, list] = {}
    for row in rows:
        by_tasks.setdefault(row[0], []).append(row)
    for n, series in sorted(by_tasks.items()):
        series.sort(key=lambda r: r[2])
        if len(series) > 1:
            first, last = series[0], series[-1]
            lines.append(f"Growth with iterations ({n:,} tasks): {first[3]:.2f} s for {first[2]:,}, {last[3]:.2f} s "
                         f"for {last[2]:,}: {last[3] / first[3]:.1f}× the time for {last[2] / first[2]:.0f}× the "
                         "iterations.")
    lines.append("")
    return lines


if __name__ == "__main__":
    sys.exit(main())
