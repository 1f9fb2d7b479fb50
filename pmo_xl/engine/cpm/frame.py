"""The ``result.tasks`` frame: one row per task with its scheduled, early and late dates, floats, critical
flag, progress, driving predecessors and calendar name."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.engine.cpm.floats import Floats, day_scale
from pmo_xl.engine.cpm.network import Network, all_missing, datetime_column
from pmo_xl.engine.cpm.progress import PROGRESS_NAMES
from pmo_xl.engine.cpm.state import PassState
from pmo_xl.engine.plan_table import object_column

_SECONDS_SAFE_MINUTES = np.iinfo(np.int64).max // 60


def task_frame(s: PassState, floats: Floats, start_abs: np.ndarray, finish_abs: np.ndarray,
               driving: np.ndarray) -> pd.DataFrame:
    """The frame of the schedule (see the package docstring for its columns).

    The columns are taken as they are (one block each, no copy into shared blocks); those the plan table
    keeps are copied so that the frame and the table never share memory.
    """
    net, n, cols = s.net, s.n, s.net.columns
    scale = day_scale(s)
    is_leaf, elapsed = s.is_leaf, s.timing.elapsed
    codes = (object_column(n, net.project_codes[0]) if len(net.projects) == 1
             else np.array(net.project_codes, dtype=object)[net.project_of_array])
    duration = np.nan_to_num(cols["duration_days"].astype(np.float64))
    duration_days = np.where(is_leaf, duration, (s.ef_w - s.es_w) / scale) if n else []
    return pd.DataFrame({
        "project": _text(codes),
        "id": _text(net.table.id),
        "name": cols["name"].copy(),
        "wbs": cols["wbs"].copy(),
        "outline_level": net.level.copy(),
        "summary": ~is_leaf,
        "milestone": cols["milestone"].astype(bool),
        "duration_days": duration_days,
        "start": _datetimes(start_abs),
        "finish": _datetimes(finish_abs),
        "early_start": _datetimes(s.es_abs),
        "early_finish": _datetimes(s.ef_abs),
        "late_start": _datetimes(s.ls_abs),
        "late_finish": _datetimes(s.lf_abs),
        "total_float_days": floats.total / scale if n else [],
        "free_float_days": floats.free / scale if n else [],
        "critical": floats.critical,
        "percent_complete": s.progress.percent,
        "baseline_start": datetime_column(cols["baseline_start"]),
        "baseline_finish": datetime_column(cols["baseline_finish"]),
        "driving_predecessors": driving,
        "calendar": _text(calendar_names(net)),
        "duration_elapsed": elapsed,
        "total_float_minutes": floats.total,
        "free_float_minutes": floats.free,
        "progress": (pd.Categorical.from_codes(s.progress.state.astype(np.int64), PROGRESS_NAMES) if n else []),
    }, copy=False)


def calendar_names(net: Network) -> np.ndarray:
    """Per task, the name of its calendar: its own, else its project's; one look-up per distinct
    (project, name)."""
    n, project_of = net.n, net.project_of_array
    if not all_missing(net.columns["calendar"]):
        name_codes, names = net.calendar_codes()
    else:
        name_codes, names = np.full(n, -1, np.int64), []
    project_calendars = [p.project.calendar for p in net.projects]
    width = len(names) + 1
    by_pair = np.array([project_calendars[k // width] if k % width == 0 or not names[k % width - 1]
                        else names[k % width - 1] for k in range(len(project_calendars) * width)], dtype=object)
    pairs = project_of * width + (name_codes + 1)
    if n and bool((pairs == pairs[0]).all()):
        return object_column(n, by_pair[pairs[0]])
    return by_pair[pairs]


def _datetimes(minutes: np.ndarray) -> pd.Series:
    return pd.Series(minutes_to_seconds_datetime(minutes), copy=False)


def minutes_to_seconds_datetime(minutes: np.ndarray) -> np.ndarray:
    """Absolute minutes (int64) as ``datetime64[s]``; the same values as ``astype("datetime64[m]")`` then
    ``astype("datetime64[s]")``, in one multiplication when every value is a date (no missing marker)."""
    if minutes.size and -_SECONDS_SAFE_MINUTES < int(minutes.min()) and int(minutes.max()) < _SECONDS_SAFE_MINUTES:
        return (minutes * 60).view("datetime64[s]")
    return minutes.astype("datetime64[m]").astype("datetime64[s]")


def _text(values: np.ndarray):
    """A column of texts (``None`` for none) as pandas' string array: a copy, without inferring the type."""
    return pd.array(values, dtype="str") if len(values) else values.copy()
