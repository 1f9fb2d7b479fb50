"""The portfolio's history: the snapshots stored beside a master and the KPI trends they hold.

Everything here reads stored snapshots only (see
:mod:`pmo_xl.io.snapshot_store`); nothing is recomputed or made up for a
period that was not consolidated.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from pmo_xl.engine.portfolio.common import PORTFOLIO_CODE
from pmo_xl.errors import Location
from pmo_xl.io.snapshot_query import kpi_trends, query_tables
from pmo_xl.io.snapshot_store import KPI_CATALOGUE_TABLE, SnapshotError, StoredSnapshotInfo, snapshots_folder, stored_periods


@dataclass
class PortfolioHistory:
    """The stored snapshots of one master, oldest first, and the portfolio's KPI values per period."""

    folder: Path
    snapshots: list[StoredSnapshotInfo] = field(default_factory=list)
    trends: dict[str, dict[str, float | None]] = field(default_factory=dict)  # kpi -> period code -> value
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # kpi -> {"fr": …, "en": …} (catalogue)

    def label(self, kpi: str, lang: str = "fr") -> str:
        """The catalogue's label of ``kpi`` in ``lang`` (the French one when no English one is given)."""
        names = self.labels.get(kpi, {})
        return names.get(lang) or names.get("fr") or kpi

    def to_dict(self) -> dict:
        """A plain document (for ``--json``): folder, snapshots with their sources, trends."""
        return {
            "folder": str(self.folder),
            "snapshots": [{
                "period": info.period.code,
                "kind": info.period.kind.value,
                "start": info.period.start.isoformat(),
                "end": info.period.end.isoformat(),
                "status_date": info.period.status_date.isoformat(),
                "reporting_currency": info.reporting_currency,
                "tool_version": info.tool_version,
                "format_version": info.format_version,
                "created_at": info.created_at,
                "folder": str(info.folder),
                "projects": sum(1 for s in info.sources if s.status == "consolidated"),
                "rejected_workbooks": sum(1 for s in info.sources if s.status != "consolidated"),
                "sources": [{"file": s.path, "sha256": s.sha256, "project_code": s.project_code,
                             "status": s.status} for s in info.sources],
            } for info in self.snapshots],
            "trends": self.trends,
            "labels": self.labels,
        }


def portfolio_history(master: str | os.PathLike, snapshot_root: str | os.PathLike | None = None) -> PortfolioHistory:
    """The history of the master at ``master``: its stored snapshots and the portfolio KPIs per period.

    Raises :class:`SnapshotError` naming the folder when no snapshot folder
    exists yet, or naming the file of a stored snapshot that cannot be read.
    """
    master = Path(master)
    root = Path(snapshot_root) if snapshot_root is not None else snapshots_folder(master.parent)
    if not root.is_dir():
        raise SnapshotError("no stored snapshot: consolidate the portfolio first", Location(file=str(root)))
    snapshots = stored_periods(root)
    trends: dict[str, dict[str, float | None]] = {}
    for row in kpi_trends([root], PORTFOLIO_CODE).itertuples():
        value = None if row.value is None or (isinstance(row.value, float) and math.isnan(row.value)) \
            else float(row.value)
        trends.setdefault(str(row.kpi), {})[str(row.period)] = value
    return PortfolioHistory(root, snapshots, trends, catalogue_labels(root, snapshots))


def catalogue_labels(root: Path, snapshots: list[StoredSnapshotInfo]) -> dict[str, dict[str, str]]:
    """The KPI labels of the latest stored snapshot's catalogue (older snapshots fill the gaps)."""
    labels: dict[str, dict[str, str]] = {}
    catalogue = query_tables([root], KPI_CATALOGUE_TABLE)
    if catalogue.empty:
        return labels
    for row in catalogue.sort_values("status_date").itertuples():
        french = str(row.label_fr)
        labels[str(row.code)] = {"fr": french, "en": row.label_en if isinstance(row.label_en, str) else french}
    return labels
