"""The portfolio's schedule quality and schedule risk as consolidation stored them in the master workbook.

:func:`portfolio_quality` reads the ``schedule_quality`` and
``schedule_quality_map`` tables of a consolidated master,
:func:`portfolio_risk` its ``schedule_risk`` table: nothing is scheduled,
assessed or simulated again, the figures are those of the snapshot.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from pmo_xl.errors import ConfigError, Location
from pmo_xl.io.snapshot_tables import read_snapshot_tables


@dataclass(frozen=True)
class PortfolioQuality:
    """The heat map (one row per project) and the detail (one row per project and check) of a master."""

    master: Path
    status_date: date | None
    projects: pd.DataFrame  # the schedule_quality_map table
    checks: pd.DataFrame  # the schedule_quality table

    def project_checks(self, code: str) -> pd.DataFrame:
        """The fourteen checks of project ``code``, in DCMA order."""
        rows = self.checks[self.checks["project_code"].astype(str) == code]
        return rows.sort_values("number", kind="stable")

    def to_dict(self) -> dict:
        """The JSON form: the status date and, per project, its figure and its fourteen checks."""
        return {"master": str(self.master),
                "status_date": self.status_date.isoformat() if self.status_date else None,
                "projects": [self._project_dict(row) for row in self.projects.to_dict("records")]}

    def _project_dict(self, row: dict) -> dict:
        code = str(row["project_code"])
        checks = [{"number": int(c["number"]), "code": c["check_code"], "count": _number(c["count"]),
                   "denominator": _number(c["denominator"]), "ratio": _number(c["ratio"]),
                   "threshold": _number(c["threshold"]), "passed": c["passed"],
                   "task_ids": listed_task_ids(c["task_ids"])}
                  for c in self.project_checks(code).to_dict("records")]
        return {"project": code, "name": row["project_name"], "quality": _number(row["schedule_quality"]),
                "passed": int(row["checks_passed"]), "applicable": int(row["checks_applicable"]), "checks": checks}


def listed_task_ids(cell) -> list[str]:
    """The task ids of a ``task_ids`` cell, without the count of those not listed ("(+12)")."""
    text = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else re.sub(r"\s*\(\+\d+\)$", "", str(cell))
    return [t.strip() for t in text.split(",") if t.strip()]


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def portfolio_quality(master_path: str | os.PathLike) -> PortfolioQuality:
    """The schedule quality stored in the master at ``master_path`` by its last consolidation."""
    path = Path(master_path)
    if not path.is_file():
        raise ConfigError("master workbook not found", Location(file=str(path)))
    snapshot = read_snapshot_tables(path, ("schedule_quality", "schedule_quality_map"))
    projects = snapshot.schedule_quality_map.sort_values("project_code", kind="stable").reset_index(drop=True)
    return PortfolioQuality(path, snapshot.status_date, projects, snapshot.schedule_quality)


@dataclass(frozen=True)
class PortfolioRisk:
    """The schedule-risk rows of a master, one per project, least likely to meet the baseline finish first."""

    master: Path
    status_date: date | None
    projects: pd.DataFrame  # the schedule_risk table

    def to_dict(self) -> dict:
        """The JSON form: the status date and each project's row (dates ISO, probability 0–1)."""
        def iso(value):
            return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat(timespec="minutes")

        rows = [{"project": str(r["project_code"]), "name": r["project_name"], "iterations": None if pd.isna(r["iterations"]) else int(r["iterations"]),
                 "baseline_finish": iso(r["baseline_finish"]), "deterministic_finish": iso(r["deterministic_finish"]),
                 **{f"p{p}": iso(r[f"finish_p{p}"]) for p in (10, 50, 80, 90)},
                 "probability_on_baseline": _number(r["probability_on_baseline"]), "currency": r["currency"],
                 "cost_p50": _number(r["cost_p50"]), "cost_p80": _number(r["cost_p80"])}
                for r in self.projects.to_dict("records")]
        return {"master": str(self.master), "status_date": self.status_date.isoformat() if self.status_date else None,
                "projects": rows}


def portfolio_risk(master_path: str | os.PathLike) -> PortfolioRisk:
    """The schedule risk stored in the master at ``master_path`` by its last consolidation."""
    path = Path(master_path)
    if not path.is_file():
        raise ConfigError("master workbook not found", Location(file=str(path)))
    snapshot = read_snapshot_tables(path, ("schedule_risk",))
    rows = snapshot.schedule_risk.assign(_order=snapshot.schedule_risk["probability_on_baseline"].fillna(2.0))
    rows = rows.sort_values(["_order", "project_code"], kind="stable").drop(columns="_order").reset_index(drop=True)
    return PortfolioRisk(path, snapshot.status_date, rows)
