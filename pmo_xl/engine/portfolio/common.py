"""Small value conversions shared by the portfolio tables."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

from pmo_xl.model import ItemStatus, label

OPEN_STATUSES = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)
PORTFOLIO_CODE = "PORTEFEUILLE"


def as_date(value) -> date | None:
    """``value`` as a :class:`date` (datetimes and Timestamps truncated); None when missing."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(value).date()


def timestamp(value):
    """``value`` as a pandas Timestamp, NaT when missing."""
    if value is None:
        return pd.NaT
    try:
        return pd.Timestamp(value)
    except (TypeError, ValueError):
        return pd.NaT


def number(value) -> float:
    """``value`` as a float, NaN when missing or not finite."""
    if value is None:
        return math.nan
    try:
        result = float(value)
    except (TypeError, ValueError):
        return math.nan
    return result if math.isfinite(result) else math.nan


def days_between(start, end) -> float:
    """Calendar days from ``start`` to ``end`` (NaN when either is missing)."""
    a, b = as_date(start), as_date(end)
    if a is None or b is None:
        return math.nan
    return float((b - a).days)


def status_label(status) -> str | None:
    """The French label of a status enum member."""
    return None if status is None else label(status)


def is_open(status: ItemStatus) -> bool:
    return status in OPEN_STATUSES


def aging_bucket(age_days: float) -> str | None:
    """The aging bucket of an open item: 0-30, 31-60, 61-90 or >90 days."""
    if age_days is None or (isinstance(age_days, float) and math.isnan(age_days)):
        return None
    if age_days <= 30:
        return "0-30"
    if age_days <= 60:
        return "31-60"
    if age_days <= 90:
        return "61-90"
    return ">90"
