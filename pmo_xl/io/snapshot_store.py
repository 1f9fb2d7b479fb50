"""Stored snapshots: one folder of Parquet tables per consolidated reporting period.

Next to the master workbook, ``instantanes/<period>/`` holds one Parquet file
per table of the :class:`~pmo_xl.model.portfolio.PortfolioSnapshot` (see
:data:`STORED_TABLES`) and ``manifest.json``: the period, the status date,
the reporting currency, the source workbooks with their SHA-256, the
version of pmo-xl that made it and the storage format version.  Every table
starts with the columns ``period`` and ``status_date``, so the tables of
several periods, or of several subsidiaries' folders, concatenate into one
(see :mod:`pmo_xl.io.snapshot_query`).

A snapshot is written into a hidden staging folder first
(:func:`stage_snapshot`) and only moved into place by
:meth:`StagedSnapshot.commit`, after the master workbook was written: a
consolidation that fails leaves the previous snapshot as it was.

Reading (:func:`read_stored_snapshot`) never rebuilds anything: a missing
folder or file, an unreadable Parquet file or a snapshot written by a newer
storage format raises :class:`SnapshotError` naming the file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pmo_xl.errors import InputError, Location
from pmo_xl.model.period import ReportingPeriod, parse_period
from pmo_xl.model.portfolio import (
    TABLES,
    TABLES_BY_KEY,
    KpiDefinition,
    PortfolioSnapshot,
    SourceFile,
    TableSpec,
    conform,
)

#: The folder of stored snapshots, beside the master workbook.
SNAPSHOTS_FOLDER = "instantanes"
MANIFEST_NAME = "manifest.json"
#: Version of the storage layout; a reader refuses a snapshot of a higher version.
FORMAT_VERSION = 1
#: The managed tables stored as they are; the KPI history is stored as this period's ``kpi_values`` only.
STORED_TABLES: tuple[str, ...] = tuple(spec.key for spec in TABLES if spec.key != "kpi_history")
KPI_VALUES_TABLE = "kpi_values"
PORTFOLIO_TABLE = "portfolio"
SOURCES_TABLE = "sources"
KPI_CATALOGUE_TABLE = "kpi_catalogue"
KEY_COLUMNS = ("period", "status_date")


class SnapshotError(InputError):
    """A stored snapshot is missing, unreadable or from a newer storage format."""


@dataclass(frozen=True)
class StoredSnapshotInfo:
    """What the manifest of one stored snapshot says."""

    folder: Path
    period: ReportingPeriod
    reporting_currency: str
    critical_risk_score: int
    tool_version: str | None
    format_version: int
    created_at: str | None
    sources: tuple[SourceFile, ...]


def snapshots_folder(master_folder: str | os.PathLike) -> Path:
    """The folder of stored snapshots beside a master workbook in ``master_folder``."""
    return Path(master_folder) / SNAPSHOTS_FOLDER


def period_folder(root: Path, period_code: str) -> Path:
    """The folder of the snapshot of ``period_code`` under ``root``."""
    return Path(root) / period_code


# --------------------------------------------------------------------------- writing

def _storable(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with Parquet-friendly column types (text as strings, booleans nullable)."""
    out = conform(spec, frame)
    columns: dict[str, object] = {}
    for column in spec.columns:
        values = out[column.key]
        if column.kind == "bool":
            columns[column.key] = values.astype("boolean")
        elif column.kind not in ("date", "datetime", "int", "number", "money", "percent", "ratio"):
            columns[column.key] = pd.array([None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                                            for v in values.to_numpy(dtype=object)], dtype="string")
        else:
            columns[column.key] = values.copy()
    return pd.DataFrame(columns, index=out.index)


def _keyed(frame: pd.DataFrame, period: ReportingPeriod) -> pd.DataFrame:
    """``frame`` with ``period`` and ``status_date`` as its first columns."""
    body = frame.drop(columns=[c for c in KEY_COLUMNS if c in frame.columns])
    keys = pd.DataFrame({"period": pd.Series([period.code] * len(body), dtype="string"),
                         "status_date": pd.Series([pd.Timestamp(period.status_date)] * len(body),
                                                  dtype="datetime64[ns]")})
    return pd.concat([keys, body.reset_index(drop=True)], axis=1)


def portfolio_frame(snapshot: PortfolioSnapshot) -> pd.DataFrame:
    """The one-row portfolio table: the period, its dates and every summary indicator as a column."""
    period = snapshot.period
    row = {"period_kind": period.kind.value, "period_start": pd.Timestamp(period.start),
           "period_end": pd.Timestamp(period.end), "reporting_currency": snapshot.reporting_currency,
           "tool_version": snapshot.tool_version}
    for record in snapshot.summary.to_dict("records"):
        indicator = record["indicator"]
        if indicator in ("status_date", "reporting_currency"):
            continue
        value = record["value"]
        row[indicator] = float(value) if value is not None and not pd.isna(value) else None
    return _keyed(pd.DataFrame([row]), period)


def sources_frame(snapshot: PortfolioSnapshot) -> pd.DataFrame:
    rows = [{"file": s.path, "sha256": s.sha256, "modified": s.modified, "project_code": s.project_code,
             "declared_status_date": s.declared_status_date, "status": s.status} for s in snapshot.sources]
    frame = pd.DataFrame(rows, columns=["file", "sha256", "modified", "project_code", "declared_status_date",
                                        "status"])
    for column in ("file", "sha256", "project_code", "status"):
        frame[column] = frame[column].astype("string")
    for column in ("modified", "declared_status_date"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce")
    return _keyed(frame, snapshot.period)


def kpi_catalogue_frame(snapshot: PortfolioSnapshot) -> pd.DataFrame:
    """The KPI catalogue the snapshot was rated with, one row per KPI."""
    rows = [{"code": k.code, "label_fr": k.label, "label_en": k.label_en, "formula": k.formula, "unit": k.unit,
             "direction": k.direction, "green_bound": k.target, "amber_bound": k.amber, "scope": k.scope,
             "active": k.active} for k in snapshot.kpi_catalogue]
    columns = ["code", "label_fr", "label_en", "formula", "unit", "direction", "green_bound", "amber_bound",
               "scope", "active"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("code", "label_fr", "label_en", "formula", "unit", "direction", "scope"):
        frame[column] = frame[column].astype("string")
    for column in ("green_bound", "amber_bound"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["active"] = frame["active"].astype("boolean")
    return _keyed(frame, snapshot.period)


def _manifest(snapshot: PortfolioSnapshot) -> dict:
    period = snapshot.period
    return {
        "format_version": FORMAT_VERSION,
        "tool_version": snapshot.tool_version,
        "created_at": datetime.now().replace(microsecond=0).isoformat(),
        "period": {"code": period.code, "kind": period.kind.value, "start": period.start.isoformat(),
                   "end": period.end.isoformat()},
        "status_date": period.status_date.isoformat(),
        "reporting_currency": snapshot.reporting_currency,
        "critical_risk_score": snapshot.critical_risk_score,
        "sources": [{"file": s.path, "sha256": s.sha256,
                     "modified": s.modified.isoformat() if s.modified else None,
                     "project_code": s.project_code,
                     "declared_status_date": s.declared_status_date.isoformat() if s.declared_status_date else None,
                     "status": s.status} for s in snapshot.sources],
        "tables": sorted([*STORED_TABLES, KPI_VALUES_TABLE, PORTFOLIO_TABLE, SOURCES_TABLE, KPI_CATALOGUE_TABLE]),
    }


@dataclass
class StagedSnapshot:
    """A snapshot written to a staging folder, not yet in place."""

    staging: Path
    target: Path

    def commit(self) -> Path:
        """Move the staged snapshot into place, replacing the period's previous one; returns its folder."""
        previous = None
        if self.target.exists():
            previous = self.target.with_name(f".remplace-{self.target.name}-{os.getpid()}")
            if previous.exists():
                shutil.rmtree(previous)
            os.replace(self.target, previous)
        try:
            os.replace(self.staging, self.target)
        except OSError:
            if previous is not None:
                os.replace(previous, self.target)
            raise
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
        return self.target

    def discard(self) -> None:
        """Remove the staged snapshot; the stored ones stay as they were."""
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_snapshot(snapshot: PortfolioSnapshot, current_kpis: pd.DataFrame, root: Path) -> StagedSnapshot:
    """Write ``snapshot`` (with this period's KPI rows ``current_kpis``) to a staging folder under ``root``."""
    period = snapshot.period
    if period is None or period.status_date is None:
        raise ValueError("a stored snapshot needs a settled reporting period")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".en-cours-{period.code}-", dir=str(root)))
    try:
        for key in STORED_TABLES:
            spec = TABLES_BY_KEY[key]
            _keyed(_storable(spec, snapshot.table(key)), period).to_parquet(staging / f"{key}.parquet", index=False)
        kpis = _storable(TABLES_BY_KEY["kpi_history"], current_kpis)
        _keyed(kpis, period).to_parquet(staging / f"{KPI_VALUES_TABLE}.parquet", index=False)
        portfolio_frame(snapshot).to_parquet(staging / f"{PORTFOLIO_TABLE}.parquet", index=False)
        sources_frame(snapshot).to_parquet(staging / f"{SOURCES_TABLE}.parquet", index=False)
        kpi_catalogue_frame(snapshot).to_parquet(staging / f"{KPI_CATALOGUE_TABLE}.parquet", index=False)
        (staging / MANIFEST_NAME).write_text(json.dumps(_manifest(snapshot), ensure_ascii=False, indent=2),
                                             encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return StagedSnapshot(staging, period_folder(root, period.code))


# --------------------------------------------------------------------------- reading

def _error(message: str, path: Path, expected: str | None = None) -> SnapshotError:
    from pmo_xl.errors import Problem

    location = Location(file=str(path))
    return SnapshotError(message, location, [Problem(message, location, code="snapshot_unreadable",
                                                     expected=expected)])


def _day(text) -> date | None:
    return date.fromisoformat(text) if text else None


def read_manifest(folder: str | os.PathLike) -> StoredSnapshotInfo:
    """The manifest of the snapshot stored in ``folder``; :class:`SnapshotError` when unusable."""
    folder = Path(folder)
    path = folder / MANIFEST_NAME
    if not folder.is_dir():
        raise _error("snapshot folder not found", folder, "a folder written by pmo-xl consolidate")
    if not path.is_file():
        raise _error("snapshot manifest not found", path, "manifest.json written by pmo-xl consolidate")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = int(data["format_version"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _error(f"snapshot manifest unreadable: {exc}", path) from exc
    if version > FORMAT_VERSION:
        raise _error(f"snapshot written by a newer pmo-xl (storage format {version}, this version reads "
                     f"up to {FORMAT_VERSION}); upgrade pmo-xl", path, f"format_version <= {FORMAT_VERSION}")
    try:
        base = parse_period(data["period"]["code"], Location(file=str(path)))
        period = ReportingPeriod.of(base, date.fromisoformat(data["status_date"]))
        sources = tuple(SourceFile(s["file"], s.get("sha256"),
                                   datetime.fromisoformat(s["modified"]) if s.get("modified") else None,
                                   s.get("project_code"), _day(s.get("declared_status_date")), s["status"])
                        for s in data.get("sources", []))
        return StoredSnapshotInfo(folder, period, data.get("reporting_currency", "MAD"),
                                  int(data.get("critical_risk_score", 15)), data.get("tool_version"), version,
                                  data.get("created_at"), sources)
    except (KeyError, TypeError, ValueError) as exc:
        raise _error(f"snapshot manifest unreadable: {exc}", path) from exc


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """One stored table of the snapshot in ``folder``, as written; :class:`SnapshotError` naming the file."""
    path = Path(folder) / f"{name}.parquet"
    if not path.is_file():
        raise _error("snapshot table not found", path, f"{name}.parquet written by pmo-xl consolidate")
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several kinds for a damaged file
        raise _error(f"snapshot table unreadable: {exc}", path) from exc


def read_stored_snapshot(folder: str | os.PathLike) -> PortfolioSnapshot:
    """The snapshot stored in ``folder``, every table as consolidated (its KPI history: this period's rows)."""
    info = read_manifest(folder)
    frames = {}
    for key in STORED_TABLES:
        stored = read_table(info.folder, key)
        frames[key] = conform(TABLES_BY_KEY[key], _unstored(stored))
    kpis = read_table(info.folder, KPI_VALUES_TABLE)
    frames["kpi_history"] = conform(TABLES_BY_KEY["kpi_history"], _unstored(kpis, keep_keys=True))
    return PortfolioSnapshot(status_date=info.period.status_date, reporting_currency=info.reporting_currency,
                             critical_risk_score=info.critical_risk_score, period=info.period,
                             sources=info.sources, tool_version=info.tool_version,
                             kpi_catalogue=read_kpi_catalogue(info.folder), **frames)


def read_kpi_catalogue(folder: Path) -> tuple[KpiDefinition, ...]:
    """The KPI catalogue stored with a snapshot (the one its KPIs were rated and shown with)."""
    def number(value) -> float | None:
        return None if value is None or pd.isna(value) else float(value)

    def text(value) -> str | None:
        return None if value is None or pd.isna(value) else str(value)

    frame = read_table(Path(folder), KPI_CATALOGUE_TABLE)
    return tuple(KpiDefinition(str(r["code"]), text(r["label_fr"]) or str(r["code"]), number(r["green_bound"]),
                               text(r["direction"]) or "min", text(r["unit"]), text(r["label_en"]),
                               text(r["formula"]), number(r["amber_bound"]), text(r["scope"]) or "projet",
                               bool(r["active"]) if not pd.isna(r["active"]) else True)
                 for r in frame.to_dict("records"))


def _unstored(frame: pd.DataFrame, keep_keys: bool = False) -> pd.DataFrame:
    """A stored table back as plain objects (strings and booleans as Python values, keys dropped)."""
    out = frame if keep_keys else frame.drop(columns=[c for c in KEY_COLUMNS if c in frame.columns])
    out = out.copy()
    for column in out.columns:
        dtype = str(out[column].dtype)
        if dtype in ("string", "boolean"):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def stored_periods(root: str | os.PathLike) -> list[StoredSnapshotInfo]:
    """The snapshots stored under ``root``, by period code (staging folders ignored); [] when none yet."""
    root = Path(root)
    if not root.is_dir():
        return []
    return [read_manifest(folder) for folder in sorted(root.iterdir())
            if folder.is_dir() and not folder.name.startswith(".")]


def previous_stored_snapshot(root: str | os.PathLike, period: ReportingPeriod) -> PortfolioSnapshot | None:
    """The stored snapshot of the same kind of period just before ``period`` (the last committee's); None if none.

    The weekly flash and the trend arrows compare with it.
    """
    earlier = [info for info in stored_periods(root)
               if info.period.kind == period.kind and info.period.end < period.start]
    if not earlier:
        return None
    latest = max(earlier, key=lambda info: info.period.end)
    return read_stored_snapshot(latest.folder)
