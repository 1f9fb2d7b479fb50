"""Milestones, critical paths and inter-project dependencies from the portfolio schedule.

All projects are scheduled together, so a slip of a supplier project's task
is already propagated along inter-project links to the dependent tasks.  The
dependencies table shows, per link, the supplier task's slip (forecast −
baseline finish), the dependent task's start slip (forecast − baseline start)
and the dependent project's finish slip, all in calendar days; ``impacted``
is true when the supplier slips and the dependent task's start slips too.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pmo_xl.model import LinkType

from .common import days_between
from .project_results import ProjectResult
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform


def milestones_table(results: list[ProjectResult]) -> pd.DataFrame:
    frames = []
    for result in results:
        tasks = result.leaf_tasks
        if tasks.empty:
            continue
        rows = tasks[tasks["milestone"].astype(bool)]
        if rows.empty:
            continue
        by_id = {t.id: t for t in result.data.tasks if t.milestone}
        models = [by_id.get(task_id) for task_id in rows["id"].tolist()]
        baseline_days = rows["baseline_finish"].to_numpy().astype("datetime64[D]")
        forecast_days = rows["finish"].to_numpy().astype("datetime64[D]")
        slips = np.array([result.milestone_slips.get(task_id, np.nan) for task_id in rows["id"].tolist()],
                         dtype=float)  # working days, as the schedule RAG
        slips[np.isnat(baseline_days) | np.isnat(forecast_days)] = np.nan
        complete = (rows["progress"].astype(str) == "complete").to_numpy()
        frames.append(pd.DataFrame({
            "project_code": result.code,
            "task_id": rows["id"].to_numpy(),
            "milestone_name": rows["name"].to_numpy(),
            "baseline_finish": rows["baseline_finish"].to_numpy(),
            "forecast_finish": rows["finish"].to_numpy(),
            "actual_finish": [m.actual_finish if m else None for m in models],
            "slip_days": slips,
            "achieved": [bool(done or (m is not None and m.percent_complete >= 100))
                         for done, m in zip(complete, models)],
            "late": np.nan_to_num(slips, nan=0.0) > 0,
        }))
    frame = pd.concat(frames, ignore_index=True) if frames else None
    return conform(TABLES_BY_KEY["milestones"], frame)


def critical_path_table(results: list[ProjectResult]) -> pd.DataFrame:
    frames = []
    for result in results:
        if not result.critical_path:
            continue
        position = {task_id: i for i, task_id in enumerate(result.tasks["id"].tolist())}
        picked = [(seq, position[t]) for seq, t in enumerate(result.critical_path, start=1) if t in position]
        if not picked:
            continue
        rows = result.tasks.iloc[[p for _, p in picked]]
        frames.append(pd.DataFrame({
            "project_code": result.code,
            "sequence": [seq for seq, _ in picked],
            "task_id": rows["id"].to_numpy(),
            "task_name": rows["name"].to_numpy(),
            "start": rows["start"].to_numpy(),
            "finish": rows["finish"].to_numpy(),
            "total_float_days": rows["total_float_days"].to_numpy(),
            "milestone": rows["milestone"].astype(bool).to_numpy(),
        }))
    frame = pd.concat(frames, ignore_index=True) if frames else None
    return conform(TABLES_BY_KEY["critical_path"], frame)


def dependencies_table(results: list[ProjectResult], project_slips: dict[str, float]) -> pd.DataFrame:
    """One row per inter-project dependency (Dependency records and cross-project links)."""
    by_code = {r.code: r for r in results}
    links = []
    for result in results:
        for dep in result.data.dependencies:
            links.append((dep.id, result.code, dep.task_id, dep.on_project, dep.on_task_id,
                          dep.type, dep.lag_days))
        for task in result.data.tasks:
            for link in task.predecessors:
                if link.predecessor_project and link.predecessor_project != result.code:
                    links.append((f"{task.id}←{link.predecessor_project}:{link.predecessor_id}", result.code,
                                  task.id, link.predecessor_project, link.predecessor_id, link.type,
                                  link.lag_days))
    wanted: dict[str, set[str]] = {}
    for _, code, task_id, on_project, on_task_id, _, _ in links:
        wanted.setdefault(code, set()).add(task_id)
        wanted.setdefault(on_project, set()).add(on_task_id)
    index = {}
    for code, ids in wanted.items():
        result = by_code.get(code)
        if result is None or result.tasks.empty:
            continue
        for rec in result.tasks[result.tasks["id"].isin(ids)].itertuples(index=False):
            index[(code, rec.id)] = rec
    rows = []
    seen = set()
    for dep_id, code, task_id, on_project, on_task_id, link_type, lag in links:
        key = (code, task_id, on_project, on_task_id)
        if key in seen:
            continue
        seen.add(key)
        dependent = index.get((code, task_id))
        supplier = index.get((on_project, on_task_id))
        supplier_slip = days_between(supplier.baseline_finish, supplier.finish) if supplier is not None else math.nan
        start_slip = days_between(dependent.baseline_start, dependent.start) if dependent is not None else math.nan
        rows.append({
            "dependency_id": dep_id,
            "project_code": code,
            "task_id": task_id,
            "task_name": dependent.name if dependent is not None else None,
            "on_project": on_project,
            "on_task_id": on_task_id,
            "on_task_name": supplier.name if supplier is not None else None,
            "type": link_type.value if isinstance(link_type, LinkType) else str(link_type),
            "lag_days": lag,
            "on_task_baseline_finish": supplier.baseline_finish if supplier is not None else pd.NaT,
            "on_task_forecast_finish": supplier.finish if supplier is not None else pd.NaT,
            "on_task_slip_days": supplier_slip,
            "task_baseline_start": dependent.baseline_start if dependent is not None else pd.NaT,
            "task_forecast_start": dependent.start if dependent is not None else pd.NaT,
            "task_start_slip_days": start_slip,
            "project_slip_days": project_slips.get(code, math.nan),
            "impacted": bool(on_project in by_code and not math.isnan(supplier_slip) and supplier_slip > 0
                             and not math.isnan(start_slip) and start_slip > 0),
        })
    return conform(TABLES_BY_KEY["dependencies"], pd.DataFrame(rows))
