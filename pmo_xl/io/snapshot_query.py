"""Queries over stored snapshots with DuckDB, the embedded engine.

Each function reads the Parquet tables of one or more snapshot folders
(``instantanes/`` beside a master, see :mod:`pmo_xl.io.snapshot_store`) in
one DuckDB query.  Folders of several subsidiaries give a group roll-up: the
rows of every folder, each tagged with the folder it came from
(``portfolio_folder``) and its period.  Only snapshots whose manifest reads
are queried; a missing, corrupt or newer one raises
:class:`~pmo_xl.io.snapshot_store.SnapshotError` naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import duckdb
import pandas as pd

from .snapshot_store import KPI_VALUES_TABLE, SnapshotError, StoredSnapshotInfo, _error, stored_periods


def _files(roots: Iterable[str | os.PathLike], table: str,
           exclude_periods: Iterable[str] = ()) -> list[tuple[Path, StoredSnapshotInfo, Path]]:
    excluded = set(exclude_periods)
    found = []
    for root in roots:
        for info in stored_periods(root):
            if info.period.code in excluded:
                continue
            path = info.folder / f"{table}.parquet"
            if not path.is_file():
                raise _error("snapshot table not found", path, f"{table}.parquet written by pmo-xl consolidate")
            found.append((Path(root), info, path))
    return found


def query_tables(roots: Iterable[str | os.PathLike], table: str,
                 exclude_periods: Iterable[str] = ()) -> pd.DataFrame:
    """Every stored ``table`` under the snapshot folders ``roots``, as one DataFrame (one DuckDB query).

    Columns: ``portfolio_folder`` (the root the row came from), then the
    table's own columns (``period``, ``status_date``, …), matched by name.
    Empty (no columns) when nothing is stored yet.
    """
    files = _files(roots, table, exclude_periods)
    if not files:
        return pd.DataFrame()
    parts = []
    parameters: list[str] = []
    for root, _, path in files:
        parts.append("SELECT ? AS portfolio_folder, * FROM read_parquet(?)")
        parameters += [str(root), str(path)]
    sql = " UNION ALL BY NAME ".join(parts) + " ORDER BY period, portfolio_folder"
    try:
        with duckdb.connect() as connection:
            return connection.execute(sql, parameters).df()
    except duckdb.Error as exc:
        names = ", ".join(str(p) for _, _, p in files)
        raise SnapshotError(f"stored snapshots unreadable ({names}): {exc}") from exc


def stored_kpi_history(root: str | os.PathLike, exclude_period: str | None = None) -> pd.DataFrame:
    """The KPI rows of every snapshot stored under ``root`` (but ``exclude_period``), oldest first."""
    frame = query_tables([root], KPI_VALUES_TABLE, [exclude_period] if exclude_period else [])
    if frame.empty:
        return frame
    return frame.drop(columns=["portfolio_folder"])


def kpi_trends(roots: Iterable[str | os.PathLike], project_code: str) -> pd.DataFrame:
    """One row per stored period and KPI of ``project_code`` (``PORTEFEUILLE`` for the portfolio's)."""
    files = _files(roots, KPI_VALUES_TABLE)
    if not files:
        return pd.DataFrame(columns=["portfolio_folder", "period", "status_date", "kpi", "value", "target", "rag"])
    parts, parameters = [], []
    for root, _, path in files:
        parts.append("SELECT ? AS portfolio_folder, period, status_date, kpi, value, target, rag "
                     "FROM read_parquet(?) WHERE project_code = ?")
        parameters += [str(root), str(path), project_code]
    sql = " UNION ALL ".join(parts) + " ORDER BY portfolio_folder, status_date, kpi"
    with duckdb.connect() as connection:
        return connection.execute(sql, parameters).df()
