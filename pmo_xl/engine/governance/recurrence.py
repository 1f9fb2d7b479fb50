"""Committee recurrences: "2nd Tuesday of the month, 10:00–12:00" as data, and its meeting dates.

A :class:`Recurrence` is parsed from the text the PMO types in the Config
sheet, in French or English:

================================================  =========================================
text                                              meaning
================================================  =========================================
``2e mardi du mois`` · ``2nd Tuesday of the month``  the n-th weekday of each month (1 to 4)
``dernier vendredi du mois`` · ``last Friday``       the last weekday of each month
``chaque jeudi`` · ``every Thursday``                every week
``un jeudi sur deux`` · ``every other Thursday``     every two weeks from the first date
================================================  =========================================

followed, optionally, by a time range ``10:00-12:00`` (or ``10h-12h``);
without one the meeting runs :data:`DEFAULT_START`–:data:`DEFAULT_END`.

A meeting that falls on a day that is not worked (a Moroccan public holiday
of the calendar, a weekend) moves to the next working day.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import Enum
from typing import Callable, Iterator

DEFAULT_START = time(10, 0)
DEFAULT_END = time(12, 0)
MAX_SHIFT_DAYS = 14  # a meeting never moves further than this to find a working day


class RecurrenceError(ValueError):
    """The recurrence text is not understood."""


class Frequency(str, Enum):
    MONTHLY_NTH = "monthly_nth"
    MONTHLY_LAST = "monthly_last"
    WEEKLY = "weekly"


WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
ORDINALS = {
    "1er": 1, "1re": 1, "1e": 1, "premier": 1, "1st": 1, "first": 1,
    "2e": 2, "2eme": 2, "deuxieme": 2, "second": 2, "2nd": 2,
    "3e": 3, "3eme": 3, "troisieme": 3, "3rd": 3, "third": 3,
    "4e": 4, "4eme": 4, "quatrieme": 4, "4th": 4, "fourth": 4,
}
LAST_WORDS = ("dernier", "last")
EVERY_OTHER = ("sur deux", "every other", "toutes les deux semaines", "every two weeks",
               "toutes les 2 semaines", "every 2 weeks", "tous les quinze jours", "fortnightly")
EVERY = ("chaque", "tous les", "every", "weekly", "hebdomadaire")
_TIME_RANGE = re.compile(r"(\d{1,2})\s*[:h]\s*(\d{2})?\s*[-–à]+\s*(\d{1,2})\s*[:h]\s*(\d{2})?")


@dataclass(frozen=True)
class Recurrence:
    """When a committee meets: frequency, weekday, rank in the month or week interval, hours."""

    frequency: Frequency
    weekday: int  # Monday = 0
    rank: int | None = None  # 1..4 for MONTHLY_NTH
    interval_weeks: int = 1  # WEEKLY: 1 every week, 2 every other week
    start: time = DEFAULT_START
    end: time = DEFAULT_END


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("ème", "eme")


def _hours(folded: str) -> tuple[time, time]:
    found = _TIME_RANGE.search(folded)
    if not found:
        return DEFAULT_START, DEFAULT_END
    h1, m1, h2, m2 = found.groups()
    try:
        start, end = time(int(h1), int(m1 or 0)), time(int(h2), int(m2 or 0))
    except ValueError as exc:
        raise RecurrenceError(f"hours out of range: {found.group(0)}") from exc
    if end <= start:
        raise RecurrenceError(f"meeting ends before it starts: {found.group(0)}")
    return start, end


def parse_recurrence(text: str) -> Recurrence:
    """The :class:`Recurrence` of a Config text; :class:`RecurrenceError` when it is not understood."""
    folded = _fold(str(text or ""))
    words = re.findall(r"[a-z0-9]+", _TIME_RANGE.sub(" ", folded))
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if weekday is None:
        raise RecurrenceError(f"no weekday in {text!r}")
    start, end = _hours(folded)
    if any(phrase in folded for phrase in EVERY_OTHER):
        return Recurrence(Frequency.WEEKLY, weekday, interval_weeks=2, start=start, end=end)
    if any(w in LAST_WORDS for w in words):
        return Recurrence(Frequency.MONTHLY_LAST, weekday, start=start, end=end)
    rank = next((ORDINALS[w] for w in words if w in ORDINALS), None)
    if rank is not None:
        return Recurrence(Frequency.MONTHLY_NTH, weekday, rank=rank, start=start, end=end)
    if any(phrase in folded for phrase in EVERY):
        return Recurrence(Frequency.WEEKLY, weekday, start=start, end=end)
    raise RecurrenceError(f"no rank (2e, last…) or frequency (every…) in {text!r}")


def _nth_weekday(year: int, month: int, weekday: int, rank: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (rank - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def nominal_days(recurrence: Recurrence, start: date, end: date, anchor: date | None = None) -> Iterator[date]:
    """The days the recurrence names between ``start`` and ``end`` inclusive, before any holiday shift.

    ``anchor`` is the first meeting of an every-other-week committee (its
    parity); without it, ``start``.
    """
    if recurrence.frequency is Frequency.WEEKLY:
        origin = anchor or start
        first = origin + timedelta(days=(recurrence.weekday - origin.weekday()) % 7)
        step = timedelta(weeks=recurrence.interval_weeks)
        if first < start:
            first += step * -(-(start - first).days // step.days)
        day = first
        while day <= end:
            yield day
            day += step
        return
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        if recurrence.frequency is Frequency.MONTHLY_NTH:
            day = _nth_weekday(year, month, recurrence.weekday, recurrence.rank or 1)
        else:
            day = _last_weekday(year, month, recurrence.weekday)
        if start <= day <= end:
            yield day
        year, month = year + (month == 12), month % 12 + 1


def shift_to_working_day(day: date, is_working_day: Callable[[date], bool]) -> date:
    """``day``, or the next working day when it is not worked (holiday, weekend)."""
    for offset in range(MAX_SHIFT_DAYS + 1):
        candidate = day + timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    return day


def meeting_days(recurrence: Recurrence, start: date, end: date, is_working_day: Callable[[date], bool],
                 anchor: date | None = None) -> list[date]:
    """The meeting days between ``start`` and ``end``, each moved off holidays and weekends."""
    days = []
    for nominal in nominal_days(recurrence, start - timedelta(days=MAX_SHIFT_DAYS), end, anchor):
        actual = shift_to_working_day(nominal, is_working_day)
        if start <= actual <= end and actual not in days:
            days.append(actual)
    return days


def next_meeting_day(recurrence: Recurrence, after: date, is_working_day: Callable[[date], bool],
                     anchor: date | None = None, until: date | None = None) -> date | None:
    """The first meeting day on or after ``after`` (None when past ``until`` or a year away)."""
    horizon = until or after + timedelta(days=400)
    days = meeting_days(recurrence, after, horizon, is_working_day, anchor)
    return days[0] if days else None
