"""A committee pack of one consolidated period, from the period's stored snapshot.

:func:`write_period_pack` is what ``pmo-xl pack`` calls.  The figures come
from the snapshot the consolidation of the period stored beside the master
(``instantanes/<period>/``), never from a new reading of the master: the pack
shows exactly what the consolidation computed.  When the period was never
consolidated, or its snapshot is damaged, nothing is written and the error
names the missing or unreadable file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pmo_xl.engine.portfolio.kpi_history import merge_history
from pmo_xl.errors import Location, Problem
from pmo_xl.io.master.reader import read_snapshot
from pmo_xl.io.snapshot_query import stored_kpi_history
from pmo_xl.io.snapshot_store import (
    SnapshotError,
    period_folder,
    previous_stored_snapshot,
    read_stored_snapshot,
    snapshots_folder,
    stored_periods,
)
from pmo_xl.model.progress import ProgressCallback
from pmo_xl.model.period import Period
from pmo_xl.model.portfolio import PortfolioSnapshot
from pmo_xl.reports.context import PackKind, PackRequest
from pmo_xl.reports.packs import FORMATS, PackResult, check_period_matches_kind, write_pack


def stored_period_snapshot(master: str | Path, period: Period) -> PortfolioSnapshot:
    """The snapshot stored for ``period`` beside ``master``, with the KPI history of every stored period.

    The history is the one the consolidation of the period had: the KPI rows
    of the other stored periods, and this period's own.
    """
    root = snapshots_folder(Path(master).parent)
    folder = period_folder(root, period.code)
    if not folder.is_dir():
        message = (f"no stored snapshot for period {period.code}: consolidate the period first "
                   f"(pmo-xl consolidate --master {Path(master).name} --period {period.code})")
        location = Location(file=str(folder))
        raise SnapshotError(message, location, [Problem(message, location, code="snapshot_missing",
                                                        expected="a snapshot folder written by pmo-xl consolidate")])
    snapshot = read_stored_snapshot(folder)
    earlier = stored_kpi_history(root, exclude_period=period.code)
    snapshot.kpi_history = merge_history(earlier, snapshot.kpi_history, snapshot.period)
    return snapshot


def _quarter_snapshots(master: Path, period: Period) -> list[PortfolioSnapshot]:
    """The stored snapshots whose status date falls in ``period`` (the points of the quarter's trends)."""
    root = snapshots_folder(master.parent)
    return [read_stored_snapshot(info.folder) for info in stored_periods(root)
            if info.period.status_date is not None and period.start <= info.period.status_date <= period.end]


def write_period_pack(master: str | Path, request: PackRequest, out_dir: str | Path, *, pdf: bool = False,
                      templates_dir: str | Path | None = None, formats: tuple[str, ...] = FORMATS,
                      previous_master: str | Path | None = None,
                      on_progress: ProgressCallback | None = None) -> PackResult:
    """Write the pack ``request`` of a consolidated period from its stored snapshot.

    ``previous_master`` (a master of the previous status, such as its backup)
    is what the weekly flash compares with; without it, the stored snapshot of
    the previous period of the same kind.  :class:`SnapshotError` names the
    missing or damaged snapshot file.
    """
    master = Path(master)
    check_period_matches_kind(request.period, request.kind)
    snapshot = stored_period_snapshot(master, request.period)
    request = replace(request, period=snapshot.period)
    if previous_master is not None:
        previous = read_snapshot(previous_master)
    else:
        previous = previous_stored_snapshot(snapshots_folder(master.parent), snapshot.period)
    quarter = _quarter_snapshots(master, snapshot.period) if request.kind is PackKind.QUARTERLY else None
    return write_pack(snapshot, request, out_dir, pdf=pdf, templates_dir=templates_dir, formats=formats,
                      previous=previous, quarter_snapshots=quarter, on_progress=on_progress)

