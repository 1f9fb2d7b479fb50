"""What changed in the portfolio between two consecutive snapshots (the weekly flash's facts).

:func:`snapshot_changes` compares the previous snapshot with the current one
and returns plain tables (codes, dates, numbers):

* ``rag_changes``: projects whose overall RAG moved (``before``, ``after``,
  ``new_red`` when it turned red);
* ``milestones_slipped``: milestones not achieved whose forecast date moved
  later (``days_later`` in calendar days);
* ``milestones_achieved``: milestones achieved since the previous snapshot;
* ``critical_risks_new`` / ``critical_risks_closed``: open risks whose P×I
  reached the critical score, or that left that state (closed or lowered);
* ``decisions_taken``: decisions that were proposed and are not any more.

A project or milestone present in only one snapshot is not a change of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

CLOSED_WORDS = ("closed", "clos", "fermé", "cancelled", "annulé")
PROPOSED_WORDS = ("proposed", "à décider")


@dataclass
class PortfolioChanges:
    """The tables of :func:`snapshot_changes`."""

    rag_changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    milestones_slipped: pd.DataFrame = field(default_factory=pd.DataFrame)
    milestones_achieved: pd.DataFrame = field(default_factory=pd.DataFrame)
    critical_risks_new: pd.DataFrame = field(default_factory=pd.DataFrame)
    critical_risks_closed: pd.DataFrame = field(default_factory=pd.DataFrame)
    decisions_taken: pd.DataFrame = field(default_factory=pd.DataFrame)


def _rag_changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    merged = current[["project_code", "project_name", "rag_overall"]].merge(
        previous[["project_code", "rag_overall"]], on="project_code", suffixes=("", "_before"))
    moved = merged[merged["rag_overall"].astype(str) != merged["rag_overall_before"].astype(str)]
    return pd.DataFrame({"project_code": moved["project_code"], "project_name": moved["project_name"],
                         "before": moved["rag_overall_before"], "after": moved["rag_overall"],
                         "new_red": (moved["rag_overall"] == "red").to_numpy()}).reset_index(drop=True)


def _milestone_changes(previous: pd.DataFrame, current: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    keys = ["project_code", "task_id"]
    merged = current.merge(previous[keys + ["forecast_finish", "actual_finish"]], on=keys, suffixes=("", "_before"))
    forecast, before = pd.to_datetime(merged["forecast_finish"]), pd.to_datetime(merged["forecast_finish_before"])
    open_now = merged["actual_finish"].isna()
    slipped = merged[open_now & forecast.notna() & before.notna() & (forecast > before)].copy()
    slipped["days_later"] = (pd.to_datetime(slipped["forecast_finish"])
                             - pd.to_datetime(slipped["forecast_finish_before"])).dt.days
    achieved = merged[merged["actual_finish"].notna() & merged["actual_finish_before"].isna()]
    columns = ["project_code", "task_id", "milestone_name", "baseline_finish", "forecast_finish_before", "forecast_finish"]
    return (slipped[columns + ["days_later"]].reset_index(drop=True),
            achieved[["project_code", "task_id", "milestone_name", "actual_finish"]].reset_index(drop=True))


def _critical(risks: pd.DataFrame, score: float) -> pd.DataFrame:
    if risks.empty:
        return risks
    open_risks = ~risks["status"].astype(str).str.strip().str.lower().isin(CLOSED_WORDS)
    return risks[open_risks & (risks["score"].fillna(0) >= score)]


def _risk_changes(previous: pd.DataFrame, current: pd.DataFrame, score: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    keys = ["project_code", "risk_id"]
    before, now = _critical(previous, score), _critical(current, score)
    before_keys = set(map(tuple, before[keys].astype(str).to_numpy())) if not before.empty else set()
    now_keys = set(map(tuple, now[keys].astype(str).to_numpy())) if not now.empty else set()
    columns = ["project_code", "risk_id", "title", "score", "owner"]
    new = now[[tuple(k) not in before_keys for k in now[keys].astype(str).to_numpy()]] if not now.empty else now
    closed = before[[tuple(k) not in now_keys for k in before[keys].astype(str).to_numpy()]] if not before.empty else before
    return (new.reindex(columns=columns).reset_index(drop=True), closed.reindex(columns=columns).reset_index(drop=True))


def _decisions_taken(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    keys = ["project_code", "decision_id"]
    merged = current.merge(previous[keys + ["status"]], on=keys, suffixes=("", "_before"))
    was_proposed = merged["status_before"].astype(str).str.strip().str.lower().isin(PROPOSED_WORDS)
    is_proposed = merged["status"].astype(str).str.strip().str.lower().isin(PROPOSED_WORDS)
    taken = merged[was_proposed & ~is_proposed]
    return taken[keys + ["title", "status", "decided_on"]].reset_index(drop=True)


def snapshot_changes(previous, current, critical_score: float | None = None) -> PortfolioChanges:
    """The changes from ``previous`` to ``current`` (two :class:`PortfolioSnapshot`)."""
    score = critical_score if critical_score is not None else current.critical_risk_score
    slipped, achieved = _milestone_changes(previous.milestones, current.milestones)
    new_risks, closed_risks = _risk_changes(previous.risks, current.risks, score)
    return PortfolioChanges(rag_changes=_rag_changes(previous.overview, current.overview),
                            milestones_slipped=slipped, milestones_achieved=achieved,
                            critical_risks_new=new_risks, critical_risks_closed=closed_risks,
                            decisions_taken=_decisions_taken(previous.decisions, current.decisions))


def milestone_trend_table(snapshots: list, key_milestones: int = 8) -> pd.DataFrame:
    """Milestone trend analysis: the forecast date of each key milestone as of each snapshot.

    ``snapshots`` are :class:`PortfolioSnapshot` in any order; one row per
    snapshot status date and milestone still open in the latest snapshot,
    keeping the ``key_milestones`` milestones that slipped most since the
    earliest snapshot (ties by project and task).
    """
    columns = ["status_date", "project_code", "task_id", "milestone_name", "forecast_finish"]
    ordered = sorted((s for s in snapshots if s.status_date is not None), key=lambda s: s.status_date)
    if not ordered:
        return pd.DataFrame(columns=columns)
    frames = [s.milestones.assign(status_date=pd.Timestamp(s.status_date))[columns] for s in ordered
              if not s.milestones.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    history = pd.concat(frames, ignore_index=True)
    latest = ordered[-1].milestones
    open_keys = set(map(tuple, latest.loc[latest["actual_finish"].isna(), ["project_code", "task_id"]].astype(str).to_numpy()))
    history = history[[k in open_keys for k in map(tuple, history[["project_code", "task_id"]].astype(str).to_numpy())]]
    span = history.groupby(["project_code", "task_id"])["forecast_finish"].agg(lambda s: (s.max() - s.min()).days)
    chosen = span.reset_index().sort_values(["forecast_finish", "project_code", "task_id"],
                                            ascending=[False, True, True]).head(key_milestones)
    keys = set(map(tuple, chosen[["project_code", "task_id"]].astype(str).to_numpy()))
    picked = history[[k in keys for k in map(tuple, history[["project_code", "task_id"]].astype(str).to_numpy())]]
    return picked.sort_values(["project_code", "task_id", "status_date"]).reset_index(drop=True)
