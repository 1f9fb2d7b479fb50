"""Time of ``pmo-xl minutes import`` on the demo master, and of the tables it reads.

Usage::

    python benchmarks/bench_minutes_import.py [--runs 3] [--demo DIR]

Without ``--demo`` the demo portfolio is written to a temporary folder first.
Printed, best of ``--runs``: the seconds to read the five managed tables the
import needs with python-calamine (:func:`pmo_xl.io.snapshot_tables.read_snapshot_tables`)
against the baseline, the whole snapshot read with openpyxl
(:func:`pmo_xl.model.portfolio.read_snapshot`), in the same process, as a
ratio; then a whole import with ``--dry-run`` (master inputs, minutes, tables, plan).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmo_xl.demo.run import run_demo  # noqa: E402
from pmo_xl.io.snapshot_tables import read_snapshot_tables  # noqa: E402
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.model.portfolio import read_snapshot  # noqa: E402
from pmo_xl.service.minutes_import import SNAPSHOT_TABLES, import_minutes  # noqa: E402


def best(function, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--demo", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-minutes-"))
    demo = args.demo or folder / "demo"
    if args.demo is None:
        run_demo(demo)
    master = folder / "portefeuille_maitre.xlsx"
    shutil.copy2(demo / "portefeuille_maitre.xlsx", master)
    minutes = demo / "packs" / "COPIL_monthly_2026-10_fr_compte-rendu.docx"
    ours = best(lambda: read_snapshot_tables(master, SNAPSHOT_TABLES), args.runs)
    baseline = best(lambda: read_snapshot(master), args.runs)
    dry = best(lambda: import_minutes(master, minutes, dry_run=True), args.runs)
    print(f"tables read with python-calamine ({', '.join(SNAPSHOT_TABLES)}): {ours:.2f} s")
    print(f"baseline read_snapshot (openpyxl, every managed table): {baseline:.2f} s")
    print(f"ratio baseline / ours: {baseline / ours:.1f}x")
    print(f"import --dry-run end to end: {dry:.2f} s")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
