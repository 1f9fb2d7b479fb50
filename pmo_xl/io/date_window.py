"""The dates a project may plausibly hold: a window of some years around the project's own dates.

A date of 2062 in a plan of 2026 is a typing slip (2062 for 2026), yet it lies
inside the absolute bounds of :mod:`pmo_xl.io.plausibility`.  The project's
span is taken from the dates of its workbook (project card, tasks, budget,
registers; not the calendar, whose holidays serve plans of many years): from the earliest to the latest of them, leaving out the
dates more than ``years`` years from their median, so that a few mistyped dates
neither stretch the span nor hide each other.  A date more than ``years``
years before that span or after it is an error on its cell.
"""

from __future__ import annotations

from datetime import date, datetime
from statistics import median_low
from typing import Iterable

#: Years a date may lie before the project's first date or after its last one (Config ``date_window_years``).
DEFAULT_WINDOW_YEARS = 10


def as_day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years`` years (29 February to 28 February), within the years Python dates hold."""
    year = day.year + years
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February of a year that has none
        return day.replace(year=year, day=28)


def project_span(dates: Iterable[date | datetime], years: int) -> tuple[date, date] | None:
    """The first and last day of the bulk of ``dates`` (those within ``years`` years of their median),
    or ``None`` when there is no date."""
    days = [as_day(value) for value in dates]
    if not days:
        return None
    middle = median_low(days)
    low, high = add_years(middle, -years), add_years(middle, years)
    bulk = [day for day in days if low <= day <= high]
    return min(bulk), max(bulk)


def plausible_window(span: tuple[date, date], years: int) -> tuple[date, date]:
    """The first and last plausible day of a project whose dates span ``span``."""
    return add_years(span[0], -years), add_years(span[1], years)


def window_expected_text(span: tuple[date, date], years: int) -> str:
    """What a date outside the window should have been, for the problem's "expected"."""
    first, last = plausible_window(span, years)
    return (f"a date between {first:%d/%m/%Y} and {last:%d/%m/%Y} ({years} years around the project's dates, "
            f"{span[0]:%d/%m/%Y} to {span[1]:%d/%m/%Y})")
