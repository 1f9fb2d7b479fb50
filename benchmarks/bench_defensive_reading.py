"""Benchmark: what the defensive reading costs on the 200-workbook consolidation portfolio.

Same portfolio as ``bench_consolidation.py`` (the demo catalogue's 25
projects of about 300 tasks, 8 copies, standard project workbooks).  Measured
in one process, each pair back to back:

* the reader alone, one process: with the defensive checks (regular file,
  archive limits, scan of every sheet for far cells, error values and
  uncalculated formulas) against the baseline "undefended" reader, the same
  reader with the checks replaced by a plain open of the file as before;
* the read phase of consolidation (read + earned value + corrective
  actions, two workers): each workbook in an isolated worker
  (:func:`pmo_xl.io.isolation.run_isolated`, one file at a time, memory cap,
  timeout) against the baseline ``concurrent.futures.ProcessPoolExecutor``
  with chunks, as consolidation read before;
* end to end ``consolidate()`` with everything on, for scale.

The costs are printed as the ratio defended / baseline and written to
``benchmarks/results/defensive_reading.md``.

Usage: ``python benchmarks/bench_defensive_reading.py [--copies 8] [--tasks 300] [--workdir DIR [--reuse]]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import python_calamine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_consolidation import STATUS_DATE, write_portfolio  # noqa: E402
from pmo_xl.io import workbook_reader  # noqa: E402
from pmo_xl.io.safe_read import WorkbookScan  # noqa: E402
from pmo_xl.portfolio import consolidate as consolidation  # noqa: E402
from pmo_xl.io.master.config import read_master_inputs  # noqa: E402
from pmo_xl.io.master.template import write_master_template  # noqa: E402


def undefended_open(path: Path, problems, limits=None):
    """The reader's open as it was before the defensive checks: is it a zip, then calamine on the file."""
    if not path.exists() or not zipfile.is_zipfile(path):
        return None, None
    return python_calamine.CalamineWorkbook.from_path(str(path)), WorkbookScan({})


def serial_read(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        workbook_reader.read_project_workbook(path)
    return time.perf_counter() - started


def undefended_serial_read(files: list[Path]) -> float:
    defended = workbook_reader._open_workbook
    workbook_reader._open_workbook = undefended_open
    try:
        return serial_read(files)
    finally:
        workbook_reader._open_workbook = defended


def isolated_read_phase(files: list[Path], config) -> float:
    started = time.perf_counter()
    outcomes = consolidation.read_all(files, 2, STATUS_DATE, config.rates, config.holiday_overrides,
                                      config.rag_thresholds)
    assert all(o.data is not None for o in outcomes)
    return time.perf_counter() - started


def pooled_read_phase(files: list[Path], config) -> float:
    """The baseline: the read phase in a ProcessPoolExecutor with chunks, as consolidation read before."""
    task = partial(consolidation.read_one, status_date=STATUS_DATE, rates=config.rates,
                   holiday_overrides=config.holiday_overrides, thresholds=config.rag_thresholds)
    started = time.perf_counter()
    with consolidation.cyclic_collection_paused():
        consolidation._warm_up(STATUS_DATE, config.holiday_overrides)
        with ProcessPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(task, files, chunksize=max(1, len(files) // 8)))
    assert all(o.data is not None for o in outcomes)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "defensive_reading.md")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-defensive-"))
    projects = workdir / "projets"
    if not (args.reuse and projects.is_dir() and any(projects.glob("*.xlsx"))):
        write_portfolio(projects, args.copies, args.tasks)
    files = consolidation.project_files(projects)
    master = write_master_template(workdir / "portefeuille_maitre.xlsx")
    config = read_master_inputs(master).config
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(files)} workbooks; 1-minute load average {load:.1f}")

    serial_read(files[:10])  # warm the caches of both readers
    rows = []
    for attempt in (1, 2):
        baseline = undefended_serial_read(files)
        defended = serial_read(files)
        rows.append(("reader alone, one process", attempt, baseline, defended))
        print(f"reader: undefended {baseline:.2f} s, defended {defended:.2f} s, ratio {defended / baseline:.3f}")
    for attempt in (1, 2):
        baseline = pooled_read_phase(files, config)
        defended = isolated_read_phase(files, config)
        rows.append(("read phase, 2 workers", attempt, baseline, defended))
        print(f"read phase: pool {baseline:.2f} s, isolated {defended:.2f} s, ratio {defended / baseline:.3f}")
    started = time.perf_counter()
    result = consolidation.consolidate(master, projects, STATUS_DATE, workers=2)
    end_to_end = time.perf_counter() - started
    print(f"end to end {end_to_end:.2f} s, {len(result.consolidated)} projects")
    write_results(args.out, files, load, rows, end_to_end, result)
    return 0


def write_results(out: Path, files: list[Path], load: float, rows, end_to_end: float, result) -> None:
    lines = [
        "# Defensive reading benchmark",
        "",
        f"Run on {platform.machine()}, {os.cpu_count()} cores (shared with other work: 1-minute load average "
        f"{load:.1f} when the run started), Python {platform.python_version()}.",
        "",
        f"Portfolio: {len(files)} project workbooks of the consolidation benchmark (demo catalogue × 8, about 300 "
        f"tasks each), status date {STATUS_DATE:%Y-%m-%d}. Each pair measured back to back in one process.",
        "",
        "| measure | run | baseline (s) | defended (s) | ratio defended / baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, attempt, baseline, defended in rows:
        lines.append(f"| {name} | {attempt} | {baseline:.2f} | {defended:.2f} | {defended / baseline:.3f} |")
    lines += [
        "",
        "Baselines: *reader alone*: the same reader with the defensive open replaced by a plain open of the file "
        "(`is_zipfile`, then python-calamine on the path), no archive limits and no sheet scan; the value bounds "
        "(plausible numbers and dates) stay on in both, they are part of the converters. *Read phase*: "
        "`ProcessPoolExecutor(max_workers=2).map` with chunks, as consolidation read before, against the isolated "
        "workers (one file at a time per worker, memory ceiling, timeout, workers dying with their parent).",
        "",
        f"End to end `consolidate()` with everything on: {end_to_end:.2f} s for {len(result.consolidated)} projects "
        f"({len(result.failed)} failed).",
        "",
        "Target: the defensive reading costs less than 10 % (ratio below 1.10).",
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
