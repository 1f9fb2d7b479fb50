"""What committee packs need from the project workbooks beyond the figures: facts as tables.

* :func:`narrative_table`: each project's latest status report (the project
  manager's own words: achievements, next steps, points needing help);
* :func:`decision_request_table`: every decision still to take, with the
  context, options, recommendation and impacts the committee decides on, and
  which of them are missing (a request without options or without an impact
  is a data problem of its project);
* :func:`sprint_table`: the sprints of agile projects (velocity, burn-up).

Each returns a DataFrame with plain values (codes, numbers, dates); the
words shown to users are chosen by the packs.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pmo_xl.model import DecisionStatus, ProjectData

NARRATIVE_COLUMNS = ("project_code", "period", "status_date", "self_rag", "achievements", "next_steps",
                     "help_needed")
DECISION_REQUEST_COLUMNS = ("project_code", "decision_id", "title", "committee", "owner", "due_date",
                            "context", "options", "recommendation", "cost_impact", "schedule_impact_days",
                            "scope_impact", "missing_options", "missing_impact", "missing_recommendation")
SPRINT_COLUMNS = ("project_code", "sprint", "start", "finish", "committed_points", "completed_points", "goal")


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def _blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def narrative_table(projects: list[ProjectData], status_date: date) -> pd.DataFrame:
    """The latest status report of each project dated on or before ``status_date``."""
    rows = []
    for data in projects:
        reports = [r for r in data.status_reports if r.status_date is None or r.status_date <= status_date]
        if not reports:
            continue
        latest = max(reports, key=lambda r: (r.status_date or date.min, r.period))
        rows.append({"project_code": data.project.code, "period": latest.period, "status_date": latest.status_date,
                     "self_rag": latest.overall.value if latest.overall else None,
                     "achievements": latest.achievements, "next_steps": latest.next_steps,
                     "help_needed": latest.help_needed})
    return _frame(rows, NARRATIVE_COLUMNS)


def decision_request_table(projects: list[ProjectData]) -> pd.DataFrame:
    """Every proposed decision of every project, with its case and what is missing from it."""
    rows = []
    for data in projects:
        for decision in data.decisions:
            if decision.status is not DecisionStatus.PROPOSED:
                continue
            has_impact = (decision.cost_impact is not None or decision.schedule_impact_days is not None
                          or not _blank(decision.scope_impact) or not _blank(decision.impact))
            rows.append({
                "project_code": data.project.code, "decision_id": decision.id, "title": decision.title,
                "committee": decision.committee.value if decision.committee else None, "owner": decision.owner,
                "due_date": decision.due_date, "context": decision.context, "options": decision.options,
                "recommendation": decision.recommendation, "cost_impact": decision.cost_impact,
                "schedule_impact_days": decision.schedule_impact_days,
                "scope_impact": decision.scope_impact or decision.impact,
                "missing_options": _blank(decision.options), "missing_impact": not has_impact,
                "missing_recommendation": _blank(decision.recommendation),
            })
    return _frame(rows, DECISION_REQUEST_COLUMNS)


def sprint_table(projects: list[ProjectData]) -> pd.DataFrame:
    """The sprints of every project, in date order."""
    rows = [{"project_code": data.project.code, "sprint": sprint.name, "start": sprint.start,
             "finish": sprint.finish, "committed_points": sprint.committed_points,
             "completed_points": sprint.completed_points, "goal": sprint.goal}
            for data in projects for sprint in sorted(data.sprints, key=lambda s: s.start)]
    return _frame(rows, SPRINT_COLUMNS)


TEAM_LOAD_COLUMNS = ("department", "month", "capacity_days", "load_days", "load_percent", "over_allocated",
                     "over_allocated_resources", "projects")


def team_load_table(resources: pd.DataFrame, threshold: float = 1.0) -> pd.DataFrame:
    """Load against capacity per team (department) and month, from the resources table (one row per resource and month).

    ``load_percent`` = load / capacity; a team is over-allocated when it exceeds
    ``threshold``; ``over_allocated_resources`` names its over-allocated people
    and ``projects`` the projects they work on (comma-separated, sorted).
    """
    if resources.empty:
        return _frame([], TEAM_LOAD_COLUMNS)
    frame = resources.assign(department=resources["department"].fillna("").astype(str))
    rows = []
    for (department, month), group in frame.groupby(["department", "month"], sort=True):
        capacity, load = float(group["capacity_days"].sum()), float(group["load_days"].sum())
        over = group[group["over_allocated"].fillna(False).astype(bool)]
        projects = sorted({p.strip() for text in over["projects"].dropna().astype(str) for p in text.split(",") if p.strip()})
        rows.append({"department": department or None, "month": month, "capacity_days": capacity, "load_days": load,
                     "load_percent": load / capacity if capacity else None,
                     "over_allocated": bool(capacity and load / capacity > threshold),
                     "over_allocated_resources": ", ".join(sorted(over["resource_name"].dropna().astype(str))) or None,
                     "projects": ", ".join(projects) or None})
    return _frame(rows, TEAM_LOAD_COLUMNS)


def agile_progress(sprints: pd.DataFrame) -> pd.DataFrame:
    """Per sprint of each project: velocity (completed points, and the mean of the last three sprints),
    and the release burn-up (cumulative completed and committed points) and burn-down (remaining points)."""
    if sprints.empty:
        return sprints.assign(velocity_mean_3=pd.Series(dtype=float), cumulative_completed=pd.Series(dtype=float),
                              cumulative_committed=pd.Series(dtype=float), remaining_points=pd.Series(dtype=float))
    ordered = sprints.sort_values(["project_code", "start"], kind="stable").reset_index(drop=True)
    by_project = ordered.groupby("project_code", sort=False)
    completed = ordered["completed_points"].fillna(0.0)
    committed = ordered["committed_points"].fillna(0.0)
    ordered["velocity_mean_3"] = by_project["completed_points"].transform(lambda s: s.fillna(0).rolling(3, min_periods=1).mean())
    ordered["cumulative_completed"] = completed.groupby(ordered["project_code"]).cumsum()
    ordered["cumulative_committed"] = committed.groupby(ordered["project_code"]).cumsum()
    scope = committed.groupby(ordered["project_code"]).transform("sum")
    ordered["remaining_points"] = scope - ordered["cumulative_completed"]
    return ordered
