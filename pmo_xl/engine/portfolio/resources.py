"""Capacity against load of every resource, month by month, across projects.

Load of an assignment in a month = its units × the working days of the
portfolio calendar (Moroccan calendar with the Config holiday overrides)
between the task's scheduled start day and finish day (inclusive) that fall
in that month.  Capacity = the resource's capacity percentage × the working
days of the month.  A resource is over-allocated in a month when load >
capacity × the Config threshold.  Resources are matched across projects by
code; the first definition met gives the name, department and capacity.
Milestones and summary tasks carry no load.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .project_results import ProjectResult
from pmo_xl.model.portfolio import TABLES_BY_KEY, conform


def _month_starts(first: np.datetime64, last: np.datetime64) -> np.ndarray:
    first_month = first.astype("datetime64[M]")
    last_month = last.astype("datetime64[M]")
    return np.arange(first_month, last_month + 1).astype("datetime64[D]")


def resources_table(results: list[ProjectResult], calendar, over_allocation_threshold: float = 1.0) -> pd.DataFrame:
    """The resources DataFrame; ``calendar`` is a WorkingCalendar (working_days_between_array)."""
    info: dict[str, dict] = {}
    codes, starts, ends, units, projects = [], [], [], [], []
    for result in results:
        for resource in result.data.resources:
            info.setdefault(resource.code, {"name": resource.name, "department": resource.department,
                                            "capacity": float(resource.capacity_percent or 100.0) / 100.0})
        if result.tasks.empty:
            continue
        position = {task_id: i for i, task_id in enumerate(result.tasks["id"].tolist())}
        start_days = result.tasks["start"].to_numpy().astype("datetime64[D]")
        end_days = result.tasks["finish"].to_numpy().astype("datetime64[D]") + np.timedelta64(1, "D")
        for task in result.data.tasks:
            if task.summary or task.milestone or not task.resources:
                continue
            i = position.get(task.id)
            if i is None or np.isnat(start_days[i]) or np.isnat(end_days[i]):
                continue
            start_day, end_day = start_days[i], end_days[i]
            for assignment in task.resources:
                codes.append(assignment.resource_code)
                starts.append(start_day)
                ends.append(end_day)
                units.append(float(assignment.units if assignment.units is not None else 1.0))
                projects.append(result.code)
    if not codes:
        return conform(TABLES_BY_KEY["resources"], None)
    starts_arr = np.array(starts, dtype="datetime64[D]")
    ends_arr = np.array(ends, dtype="datetime64[D]")
    units_arr = np.array(units)
    codes_arr = np.array(codes, dtype=object)
    projects_arr = np.array(projects, dtype=object)
    months = _month_starts(starts_arr.min(), ends_arr.max() - np.timedelta64(1, "D"))
    frames = []
    for month in months:
        next_month = (month.astype("datetime64[M]") + 1).astype("datetime64[D]")
        lo = np.maximum(starts_arr, month)
        hi = np.minimum(ends_arr, next_month)
        active = hi > lo
        if not active.any():
            continue
        days = calendar.working_days_between_array(lo[active], hi[active])
        frames.append(pd.DataFrame({
            "resource_code": codes_arr[active],
            "month": month,
            "load_days": days * units_arr[active],
            "project": projects_arr[active],
        }))
    loads = pd.concat(frames, ignore_index=True)
    loads = loads[loads["load_days"] > 0]
    grouped = loads.groupby(["resource_code", "month"], as_index=False, sort=True).agg(
        load_days=("load_days", "sum"),
        projects=("project", lambda s: ", ".join(sorted(set(s)))),
    )
    month_days = {}
    for month in grouped["month"].unique():
        m = np.datetime64(month, "D")
        nxt = (m.astype("datetime64[M]") + 1).astype("datetime64[D]")
        month_days[month] = float(calendar.working_days_between_array(np.array([m]), np.array([nxt]))[0])
    grouped["capacity_days"] = [month_days[m] * info.get(c, {}).get("capacity", 1.0)
                                for c, m in zip(grouped["resource_code"], grouped["month"])]
    grouped["resource_name"] = [info.get(c, {}).get("name") for c in grouped["resource_code"]]
    grouped["department"] = [info.get(c, {}).get("department") for c in grouped["resource_code"]]
    capacity = grouped["capacity_days"].to_numpy()
    grouped["load_percent"] = np.where(capacity > 0, grouped["load_days"] / np.where(capacity > 0, capacity, 1),
                                       np.nan)
    grouped["over_allocated"] = (grouped["load_days"] > capacity * over_allocation_threshold + 1e-9).tolist()
    return conform(TABLES_BY_KEY["resources"], grouped)
