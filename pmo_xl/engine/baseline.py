"""Baseline variance and milestone trend.

``baseline_variance(result)`` compares the scheduled start and finish of each
task of a :class:`pmo_xl.engine.cpm.ScheduleResult` with its baseline, in
working days of the task's calendar (positive = late)::

    project, id, name, milestone, summary, baseline_start, start, start_slip_days,
    baseline_finish, finish, finish_slip_days

``milestone_trend(snapshots, calendar=None)`` reads a sequence of
``(status_date, forecast)`` snapshots of one or several milestones (what a
milestone trend analysis chart plots) and returns, per snapshot, the slip
against the first forecast and against the previous one, plus the average
slip rate (days of slip per day of reporting).  Slips are in working days when
a calendar is given, calendar days otherwise.
"""

from __future__ import annotations

from datetime import date, datetime, time
import numpy as np
import pandas as pd

from pmo_xl.engine.calendar import WorkingCalendar

VARIANCE_COLUMNS = [
    "project", "id", "name", "milestone", "summary", "baseline_start", "start", "start_slip_days",
    "baseline_finish", "finish", "finish_slip_days",
]
TREND_COLUMNS = ["milestone", "status_date", "forecast", "slip_days", "change_days", "slip_rate"]


def _as_finish(values: pd.Series) -> pd.Series:
    """Finish-type dates: a bare date (midnight) means the end of that day."""
    at_midnight = values.notna() & (values == values.dt.normalize())
    return values.where(~at_midnight, values + pd.Timedelta(days=1))


def baseline_variance(result) -> pd.DataFrame:
    """Start and finish slip of each task against its baseline, in working days (DataFrame, see module doc)."""
    tasks = result.tasks
    out = tasks[["project", "id", "name", "milestone", "summary", "baseline_start", "start",
                 "baseline_finish", "finish"]].copy()
    start_slip = np.full(len(tasks), np.nan)
    finish_slip = np.full(len(tasks), np.nan)
    baseline_finish = _as_finish(tasks["baseline_finish"].astype("datetime64[s]"))
    finish = tasks["finish"].astype("datetime64[s]")
    elapsed = tasks["duration_elapsed"].to_numpy() if "duration_elapsed" in tasks else np.zeros(len(tasks), bool)
    for (project, cal_name), idx in tasks.groupby(["project", "calendar"], dropna=False).indices.items():
        calendar = result.calendar(project, None if pd.isna(cal_name) else cal_name)
        per_day = float(calendar.minutes_per_day)
        for target, base, current in ((start_slip, tasks["baseline_start"].astype("datetime64[s]"), tasks["start"]),
                                      (finish_slip, baseline_finish, finish)):
            b = base.iloc[idx]
            c = current.iloc[idx].astype("datetime64[s]")
            ok = b.notna().to_numpy() & c.notna().to_numpy()
            if not ok.any():
                continue
            rows = idx[ok]
            b_vals = b.to_numpy()[ok].astype("datetime64[m]")
            c_vals = c.to_numpy()[ok].astype("datetime64[m]")
            minutes = calendar.working_minutes_between_array(b_vals, c_vals).astype(float)
            wall = (c_vals - b_vals).astype(np.int64).astype(float)
            target[rows] = np.where(elapsed[rows], wall / 1440.0, minutes / per_day)
    out["start_slip_days"] = start_slip
    out["finish_slip_days"] = finish_slip
    return out[VARIANCE_COLUMNS].reset_index(drop=True)


def _to_timestamp(value) -> pd.Timestamp:
    if isinstance(value, datetime):
        return pd.Timestamp(value)
    if isinstance(value, date):
        return pd.Timestamp(datetime.combine(value, time()))
    return pd.Timestamp(value)


def milestone_trend(snapshots, calendar: WorkingCalendar | None = None) -> pd.DataFrame:
    """Slip of milestone forecasts over successive status dates (DataFrame, see module doc).

    ``snapshots`` is either an iterable of ``(status_date, forecast)`` pairs
    for one milestone, of ``(milestone, status_date, forecast)`` triples, or a
    DataFrame with columns ``milestone`` (optional), ``status_date`` and
    ``forecast``.
    """
    if isinstance(snapshots, pd.DataFrame):
        frame = snapshots.copy()
        if "milestone" not in frame:
            frame["milestone"] = ""
    else:
        records = []
        for item in snapshots:
            item = tuple(item)
            if len(item) == 2:
                records.append(("", item[0], item[1]))
            elif len(item) == 3:
                records.append(item)
            else:
                raise ValueError("a snapshot is (status_date, forecast) or (milestone, status_date, forecast)")
        frame = pd.DataFrame(records, columns=["milestone", "status_date", "forecast"])
    if frame.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    frame["status_date"] = [_to_timestamp(v) for v in frame["status_date"]]
    frame["forecast"] = [_to_timestamp(v) for v in frame["forecast"]]
    frame = frame.sort_values(["milestone", "status_date"], kind="stable").reset_index(drop=True)
    if calendar is not None:
        forecast_dates = frame["forecast"].to_numpy().astype("datetime64[D]")
        number = calendar.working_day_numbers(forecast_dates).astype(float)
    else:
        number = (frame["forecast"].to_numpy().astype("datetime64[D]").astype(np.int64)).astype(float)
    frame["_n"] = number
    first = frame.groupby("milestone")["_n"].transform("first")
    frame["slip_days"] = frame["_n"] - first
    frame["change_days"] = frame.groupby("milestone")["_n"].diff().fillna(0.0)
    elapsed = (frame["status_date"] - frame.groupby("milestone")["status_date"].transform("first")).dt.days
    frame["slip_rate"] = np.where(elapsed > 0, frame["slip_days"] / elapsed.where(elapsed > 0, 1), 0.0)
    return frame[TREND_COLUMNS]
