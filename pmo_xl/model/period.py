"""Reporting periods: a month, an ISO week or a quarter, with their dates and labels.

A period is written ``YYYY-MM`` (month), ``YYYY-Www`` (ISO 8601 week, Monday
to Sunday) or ``YYYY-Qn`` (calendar quarter).  :func:`parse_period` turns that
text into a :class:`Period` carrying its first and last day and its French and
English labels ("novembre 2026", "semaine 47", "T4 2026").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Iterable

from pmo_xl.errors import InputError, Location


class PeriodKind(str, Enum):
    """The length of a reporting period."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


MONTH_NAMES = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}

_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$", re.IGNORECASE)
_QUARTER_PATTERN = re.compile(r"^(\d{4})-(?:Q|T)([1-4])$", re.IGNORECASE)

EXPECTED_FORMS = "YYYY-MM (2026-11), YYYY-Www (2026-W47) or YYYY-Qn (2026-Q4)"


@dataclass(frozen=True)
class Period:
    """A reporting period: its canonical code, kind and first and last day (inclusive)."""

    code: str
    kind: PeriodKind
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.start.year if self.kind is not PeriodKind.WEEK else self.start.isocalendar()[0]

    @property
    def number(self) -> int:
        """The month (1-12), ISO week (1-53) or quarter (1-4) number within the year."""
        if self.kind is PeriodKind.MONTH:
            return self.start.month
        if self.kind is PeriodKind.WEEK:
            return self.start.isocalendar()[1]
        return (self.start.month - 1) // 3 + 1

    def label(self, lang: str = "fr") -> str:
        """The short user-facing name: "novembre 2026", "semaine 47", "T4 2026"."""
        if self.kind is PeriodKind.MONTH:
            return f"{MONTH_NAMES[_lang(lang)][self.start.month - 1]} {self.start.year}"
        if self.kind is PeriodKind.WEEK:
            return f"semaine {self.number}" if _lang(lang) == "fr" else f"week {self.number}"
        return f"T{self.number} {self.year}" if _lang(lang) == "fr" else f"Q{self.number} {self.year}"

    def long_label(self, lang: str = "fr") -> str:
        """The label with the dates: "semaine 47 (16/11/2026 – 22/11/2026)" for a week."""
        if self.kind is PeriodKind.MONTH:
            return self.label(lang)
        if _lang(lang) == "fr":
            span = f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
        else:
            span = f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"
        if self.kind is PeriodKind.WEEK:
            return f"{self.label(lang)} {self.year} ({span})"
        return f"{self.label(lang)} ({span})"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        return period_containing(self.start - timedelta(days=1), self.kind)

    def months(self) -> list[date]:
        """First day of every month the period touches, in order."""
        first = date(self.start.year, self.start.month, 1)
        result = []
        while first <= self.end:
            result.append(first)
            first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return result


def _lang(lang: str) -> str:
    return "en" if str(lang).lower().startswith("en") else "fr"


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(f"{year:04d}-{month:02d}", PeriodKind.MONTH, date(year, month, 1), date(year, month, last))


def week_period(iso_year: int, week: int) -> Period:
    monday = date.fromisocalendar(iso_year, week, 1)
    return Period(f"{iso_year:04d}-W{week:02d}", PeriodKind.WEEK, monday, monday + timedelta(days=6))


def quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    last = calendar.monthrange(year, last_month)[1]
    return Period(f"{year:04d}-Q{quarter}", PeriodKind.QUARTER, date(year, first_month, 1),
                  date(year, last_month, last))


def period_containing(day: date, kind: PeriodKind) -> Period:
    """The month, ISO week or quarter that contains ``day``."""
    if kind is PeriodKind.MONTH:
        return month_period(day.year, day.month)
    if kind is PeriodKind.WEEK:
        iso_year, week, _ = day.isocalendar()
        return week_period(iso_year, week)
    return quarter_period(day.year, (day.month - 1) // 3 + 1)


def parse_period(text: str, location: Location | None = None) -> Period:
    """The :class:`Period` written ``text``; raises :class:`InputError` when it is not one.

    Accepts ``2026-11``, ``2026-W47`` and ``2026-Q4`` (``2026-T4`` too, the
    French quarter abbreviation).
    """
    raw = "" if text is None else str(text).strip()
    match = _MONTH_PATTERN.match(raw)
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return month_period(year, month)
        raise _bad_period(raw, f"month {month} is not between 01 and 12", location)
    match = _WEEK_PATTERN.match(raw)
    if match:
        year, week = int(match[1]), int(match[2])
        weeks_in_year = date(year, 12, 28).isocalendar()[1]
        if 1 <= week <= weeks_in_year:
            return week_period(year, week)
        raise _bad_period(raw, f"ISO year {year} has weeks 01 to {weeks_in_year:02d}", location)
    match = _QUARTER_PATTERN.match(raw)
    if match:
        return quarter_period(int(match[1]), int(match[2]))
    raise _bad_period(raw, "not a reporting period", location)


def _bad_period(raw: str, why: str, location: Location | None) -> InputError:
    from pmo_xl.errors import Problem

    problem = Problem(f"invalid period: {why}", location or Location(), found=raw, expected=EXPECTED_FORMS)
    return InputError(f"invalid period {raw!r}: {why} (expected {EXPECTED_FORMS})", location, [problem])


@dataclass(frozen=True)
class ReportingPeriod(Period):
    """The period a consolidation reports on, with the portfolio's status date.

    Built once at the edge (command line, ribbon, demo) and passed down to
    every table builder.  ``status_date`` is None until it is settled from
    the project workbooks by :meth:`settled`: the period's last day, or the
    latest status date the workbooks declare when that is earlier.  It is
    never today's date.
    """

    status_date: date | None = None

    @classmethod
    def of(cls, period: Period, status_date: date | None = None) -> "ReportingPeriod":
        """``period`` with ``status_date`` (None: settled later from the workbooks)."""
        return cls(period.code, period.kind, period.start, period.end, status_date)

    @classmethod
    def parse(cls, text: str, status_date: date | None = None,
              location: Location | None = None) -> "ReportingPeriod":
        """The period written ``text`` (see :func:`parse_period`) with an optional status date."""
        return cls.of(parse_period(text, location), status_date)

    @property
    def is_settled(self) -> bool:
        return self.status_date is not None

    def settled(self, declared_status_dates: Iterable[date | None]) -> "ReportingPeriod":
        """This period with its status date settled (unchanged when it already has one).

        The period's last day, or the latest of ``declared_status_dates``
        (the project workbooks' own status dates) when that is earlier.
        """
        if self.status_date is not None:
            return self
        declared = [d for d in declared_status_dates if d is not None]
        latest = max(declared, default=None)
        day = self.end if latest is None or latest > self.end else latest
        return ReportingPeriod(self.code, self.kind, self.start, self.end, day)


def reporting_period_for(status_date: date, kind: PeriodKind = PeriodKind.MONTH) -> ReportingPeriod:
    """The ``kind`` period containing ``status_date``, with that status date."""
    return ReportingPeriod.of(period_containing(status_date, kind), status_date)
