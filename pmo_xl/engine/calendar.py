"""Working calendars: working week, hours, Moroccan public holidays and exceptions.

A :class:`WorkingCalendar` is the computable form of a
:class:`pmo_xl.model.CalendarSpec`.  It lays the calendar out on an integer
**working-minute axis**: for every day of its range it stores the working
periods and the cumulative number of working minutes before that day, so that
every conversion is a handful of numpy operations over whole arrays, never a
Python loop per day.  Finding the working period of an instant is a look-up in
a table of fixed-width buckets (:class:`_PeriodLookup`) rather than a binary
search per value.

Two time scales are used throughout the engine:

* *absolute minutes*: integer minutes since 1970-01-01 00:00 (what
  ``numpy.datetime64[m]`` holds);
* *working minutes*: the number of working minutes of this calendar between
  the calendar's origin and an instant.  Converting an absolute instant to
  working minutes is unambiguous; converting back is not (12:00 and 13:00 are
  the same working minute on a 08–12 / 13–17 day), so there are two inverse
  functions: :meth:`WorkingCalendar.start_from_working` (the next working
  instant: where work resumes) and :meth:`WorkingCalendar.finish_from_working`
  (the instant work stops: end of the previous working period).

Public API (stable; backs the Excel UDFs ``PMO_WORKDAY`` / ``PMO_WORKDAYS``)::

    cal = WorkingCalendar.from_spec(spec)            # or moroccan_calendar()
    cal.add_working_minutes(dt, minutes) -> datetime
    cal.working_minutes_between(start, end) -> int   # signed
    cal.add_working_days(dt_or_date, days) -> datetime | date
    cal.working_days_between(start, end) -> float    # signed
    cal.is_working_day(day) -> bool
    cal.next_working_time(dt) / cal.previous_working_end(dt) -> datetime
    cal.add_working_minutes_array(values, minutes) -> numpy datetime64[m] array
    cal.working_minutes_between_array(starts, ends) -> int64 array
    cal.add_working_days_array(days, n) -> datetime64[D] array
    cal.working_days_between_array(starts, ends) -> float array
    cal.is_working_day_array(days) -> bool array

Holidays: the public holidays of ``spec.holiday_country`` (the ``holidays``
package; Islamic holidays of Morocco are estimates there) are non-working;
``spec.holiday_overrides`` then adds (``True``) or removes (``False``)
single dates; ``spec.exceptions`` (project or resource exceptions) come last
and win: an exception without periods is a non-working range, one with
periods works those hours.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Iterable, Mapping

import numpy as np

from pmo_xl.errors import ScheduleError
from pmo_xl.model.domain import CalendarException, CalendarSpec, WorkingPeriod

MINUTES_PER_CALENDAR_DAY = 24 * 60
_EPOCH_DAY = np.datetime64("1970-01-01", "D")
DEFAULT_FIRST_YEAR = 2000
DEFAULT_LAST_YEAR = 2060


def to_absolute_minutes(value) -> int:
    """Minutes since 1970-01-01 00:00 of a ``datetime`` or ``date``."""
    if isinstance(value, datetime):
        return int(np.datetime64(value.replace(tzinfo=None), "m").astype(np.int64))
    if isinstance(value, date):
        return int(np.datetime64(value, "D").astype(np.int64)) * MINUTES_PER_CALENDAR_DAY
    return int(np.datetime64(value, "m").astype(np.int64))


def from_absolute_minutes(minutes: int) -> datetime:
    """The ``datetime`` of an absolute minute count."""
    return datetime(1970, 1, 1) + timedelta(minutes=int(minutes))


MISSING_MINUTES = int(np.iinfo(np.int64).min)
"""Absolute or working minutes of a missing instant: the int64 that ``numpy.datetime64("NaT")`` holds."""


def _minute_or_nat(value) -> np.datetime64:
    """``value`` (datetime, date, Timestamp, datetime64, ISO text) as datetime64[m]; NaT when it is missing."""
    if value is None or value != value:  # None, NaN, NaT
        return np.datetime64("NaT", "m")
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return np.datetime64(value, "m")


def absolute_minutes_array(values) -> np.ndarray:
    """Absolute minutes (int64) of an array-like of datetimes or dates.

    Missing values (None, NaN, ``NaT``, ``pandas.NaT``) give :data:`MISSING_MINUTES`, which reads back as
    ``NaT`` with ``.astype("datetime64[m]")``: NaT in, NaT out.
    """
    arr = np.asarray(values)
    if arr.dtype == object:
        flat = np.fromiter(map(_minute_or_nat, arr.ravel().tolist()), dtype="datetime64[m]", count=arr.size)
        arr = flat.reshape(arr.shape)
    return arr.astype("datetime64[m]").astype(np.int64)


def _missing_apart(function, values: np.ndarray) -> np.ndarray:
    """``function`` applied to the values that are not :data:`MISSING_MINUTES`; missing ones stay missing."""
    missing = values == MISSING_MINUTES
    if not missing.any():
        return function(values)
    out = np.full(values.shape, MISSING_MINUTES, dtype=np.int64)
    out[~missing] = function(values[~missing])
    return out


@lru_cache(maxsize=64)
def _country_holidays(country: str, first_year: int, last_year: int) -> tuple[date, ...]:
    import holidays

    return tuple(sorted(holidays.country_holidays(country, years=range(first_year, last_year + 1)).keys()))


def public_holidays(country: str, first_year: int, last_year: int) -> list[date]:
    """Public holidays of ``country`` (``holidays`` package code) between two years, inclusive."""
    return list(_country_holidays(country, first_year, last_year))


def _periods_minutes(periods: Iterable[WorkingPeriod]) -> list[tuple[int, int]]:
    spans = sorted((int(p.start_minute), int(p.end_minute)) for p in periods)
    return [(s, e) for s, e in spans if e > s]


def _sorted_periods(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The periods of each day (rows) sorted by start, empty ones moved to the end of the day."""
    empty = ends <= starts
    starts = np.where(empty, MINUTES_PER_CALENDAR_DAY, starts)
    ends = np.where(empty, MINUTES_PER_CALENDAR_DAY, ends)
    order = np.argsort(starts, axis=1, kind="stable")
    return np.take_along_axis(starts, order, axis=1), np.take_along_axis(ends, order, axis=1)


def _join_periods(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The union of the periods of each day, as sorted periods that do not overlap.

    Sorted by start, each period then starts no earlier than the latest end before it; a period
    swallowed by an earlier one becomes empty (and drops out of the layout).
    """
    starts, ends = _sorted_periods(starts, ends)
    latest_end = np.maximum.accumulate(ends, axis=1)
    starts[:, 1:] = np.maximum(starts[:, 1:], latest_end[:, :-1])
    return starts, np.maximum(ends, starts)


def _intersect_periods(starts_a, ends_a, starts_b, ends_b) -> tuple[np.ndarray, np.ndarray]:
    """The periods of each day common to two calendars: every pair of periods overlapped, sorted.

    Within one calendar the periods of a day do not overlap, so neither do the pairwise overlaps.
    """
    days = starts_a.shape[0]
    starts = np.maximum(starts_a[:, :, None], starts_b[:, None, :]).reshape(days, -1)
    ends = np.minimum(ends_a[:, :, None], ends_b[:, None, :]).reshape(days, -1)
    return _sorted_periods(starts, ends)


class _PeriodLookup:
    """Which of a sorted set of starts comes last at or before each value: ``searchsorted(starts, v, "right") - 1``.

    ``starts`` are strictly increasing integers and the values lie in ``[0, span]``.  The range is cut into
    buckets no wider than the smallest gap between two starts, so that a bucket holds at most one start;
    a table gives the answer at the left edge of every bucket, and one comparison with the next start
    finishes the job.  When that would need more than ``max_buckets`` buckets, they are widened and the
    comparison is repeated until no value moves (a binary search is then no longer avoided everywhere,
    but the answer is the same).
    """

    def __init__(self, starts: np.ndarray, span: int, max_buckets: int = 1 << 20):
        starts = np.asarray(starts, dtype=np.int64)
        gap = int(np.diff(starts).min()) if starts.size > 1 else max(int(span), 1)
        gap = max(gap, 1)
        self.step = max(gap, -(-(int(span) + 1) // max_buckets))
        self.exact = self.step <= gap
        grid = np.arange(0, int(span) + self.step + 1, self.step, dtype=np.int64)
        self.table = np.searchsorted(starts, grid, side="right") - 1
        self.next_start = np.append(starts, np.iinfo(np.int64).max)  # index p + 1 for p in -1 .. len - 1

    def __call__(self, values: np.ndarray) -> np.ndarray:
        position = self.table[values // self.step]
        position += self.next_start[position + 1] <= values
        if not self.exact:
            while True:
                moving = self.next_start[position + 1] <= values
                if not moving.any():
                    break
                position += moving
        return position


#: Calendars over a fixed range already laid out, by content (see :func:`_calendar_key`): one never
#: changes once built, so every schedule of plans with the same calendars and years shares it.
_FIXED_RANGE_CALENDARS: dict[str, "WorkingCalendar"] = {}
CALENDAR_CACHE_SIZE = 64


def _calendar_key(spec: CalendarSpec, minutes_per_day: int, library: Mapping[str, CalendarSpec] | None,
                  first_year: int, last_year: int) -> str:
    """What a calendar is laid out from: the spec, the library it may refer to, the minutes a day, the years."""
    shelf = sorted((name, repr(other)) for name, other in (library or {}).items())
    return repr((spec, int(minutes_per_day), shelf, first_year, last_year))


def _remember(cache: dict, key, value) -> None:
    """Keep ``value`` under ``key``, forgetting the oldest entry beyond :data:`CALENDAR_CACHE_SIZE`."""
    if len(cache) >= CALENDAR_CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value


class WorkingCalendar:
    """A calendar laid out on an integer working-minute axis over a range of years.

    Build it with :meth:`from_spec`.  ``minutes_per_day`` is the number of
    working minutes that make one "day" when durations are expressed in days
    (MS Project's MinutesPerDay; 480 by default).  The range of years grows
    automatically when a query falls outside it.
    """

    def __init__(self, spec: CalendarSpec, minutes_per_day: int = 480,
                 first_year: int = DEFAULT_FIRST_YEAR, last_year: int = DEFAULT_LAST_YEAR,
                 base_exceptions: list[CalendarException] | None = None, fixed_range: bool = False,
                 components: list["WorkingCalendar"] | None = None):
        self.spec = spec
        self._components = list(components or [])
        self.name = spec.name
        self.minutes_per_day = int(minutes_per_day)
        # a fixed range never moves its origin, so working-minute values stay comparable;
        # a query outside it raises ScheduleError instead of growing the range
        self.fixed_range = fixed_range
        self._base_exceptions = list(base_exceptions or [])
        self._build(first_year, last_year)

    # ----------------------------------------------------------------- building
    @classmethod
    def from_spec(cls, spec: CalendarSpec, minutes_per_day: int = 480,
                  library: Mapping[str, CalendarSpec] | None = None,
                  first_year: int = DEFAULT_FIRST_YEAR, last_year: int = DEFAULT_LAST_YEAR,
                  fixed_range: bool = False, _joining: frozenset[str] = frozenset()) -> "WorkingCalendar":
        """The calendar of ``spec``; ``library`` resolves ``spec.base`` whose exceptions apply first, and the
        calendars a ``spec.union`` joins or a ``spec.intersection`` intersects.

        With ``fixed_range`` the calendar covers exactly ``first_year``..``last_year`` and
        refuses (ScheduleError) instants outside it rather than rebuilding itself; such a calendar
        never changes, and the same one is returned for specs with the same content.
        """
        if fixed_range and not _joining:
            key = _calendar_key(spec, minutes_per_day, library, first_year, last_year)
            built = _FIXED_RANGE_CALENDARS.get(key)
            if built is None:
                built = cls._from_spec(spec, minutes_per_day, library, first_year, last_year, True, _joining)
                _remember(_FIXED_RANGE_CALENDARS, key, built)
            return built
        return cls._from_spec(spec, minutes_per_day, library, first_year, last_year, fixed_range, _joining)

    @classmethod
    def _from_spec(cls, spec: CalendarSpec, minutes_per_day: int, library: Mapping[str, CalendarSpec] | None,
                   first_year: int, last_year: int, fixed_range: bool, _joining: frozenset[str]) -> "WorkingCalendar":
        names = spec.union or spec.intersection
        if names:
            kind = "joins" if spec.union else "intersects"
            if spec.union and spec.intersection:
                raise ScheduleError(f"calendar '{spec.name}' both joins and intersects calendars: one or the other")
            missing = [name for name in names if library is None or name not in library]
            if missing:
                raise ScheduleError(f"calendar '{spec.name}' {kind} calendars that are not defined: "
                                    + ", ".join(missing))
            joining = _joining | {spec.name}
            if joining & set(names):
                raise ScheduleError(f"calendar '{spec.name}' {kind} itself (through {', '.join(sorted(joining))})")
            components = [cls.from_spec(library[name], minutes_per_day, library, first_year, last_year, fixed_range,
                                        joining) for name in dict.fromkeys(names)]
            return cls(spec, minutes_per_day, first_year, last_year, fixed_range=fixed_range, components=components)
        base_exceptions: list[CalendarException] = []
        seen = {spec.name}
        base_name = spec.base
        while library is not None and base_name and base_name in library and base_name not in seen:
            seen.add(base_name)
            base_exceptions = list(library[base_name].exceptions) + base_exceptions
            base_name = library[base_name].base
        return cls(spec, minutes_per_day, first_year, last_year, base_exceptions, fixed_range)

    def _build(self, first_year: int, last_year: int) -> None:
        spec = self.spec
        self.first_year, self.last_year = first_year, last_year
        self.origin = date(first_year, 1, 1)
        self.origin_day = int((np.datetime64(self.origin, "D") - _EPOCH_DAY).astype(np.int64))
        n_days = (date(last_year + 1, 1, 1) - self.origin).days
        self.n_days = n_days
        if self._components:
            starts, ends = self._joined_periods(first_year, last_year)
            self._lay_out(spec, first_year, last_year, n_days, starts, ends)
            return

        week = {d: _periods_minutes(spec.week.get(d, []) or []) for d in range(7)}
        day_overrides: dict[int, list[tuple[int, int]]] = {}
        if spec.holiday_country:
            for h in _country_holidays(spec.holiday_country, first_year, last_year):
                day_overrides[(h - self.origin).days] = []
        for d, is_holiday in spec.holiday_overrides.items():
            idx = (d - self.origin).days
            if 0 <= idx < n_days:
                if is_holiday:
                    day_overrides[idx] = []
                else:
                    day_overrides.pop(idx, None)
        range_overrides: list[tuple[int, int, list[tuple[int, int]]]] = []
        work_weeks: list[tuple[int, int, frozenset[int], list[tuple[int, int]]]] = []
        for exc in self._base_exceptions + list(spec.exceptions):
            lo = max((exc.start - self.origin).days, 0)
            hi = min((exc.finish - self.origin).days, n_days - 1)
            if hi >= lo:
                if exc.weekdays is not None:
                    work_weeks.append((lo, hi, frozenset(exc.weekdays), _periods_minutes(exc.periods)))
                else:
                    range_overrides.append((lo, hi, _periods_minutes(exc.periods)))

        widths = [len(p) for p in week.values()] + [len(p) for p in day_overrides.values()]
        widths += [len(p) for _, _, p in range_overrides] + [len(p) for *_, p in work_weeks]
        k = max(max(widths, default=1), 1)
        week_start = np.zeros((7, k), dtype=np.int64)
        week_end = np.zeros((7, k), dtype=np.int64)
        for d, spans in week.items():
            for j, (s, e) in enumerate(spans):
                week_start[d, j], week_end[d, j] = s, e
        weekday = (np.arange(n_days) + self.origin.weekday()) % 7
        starts = week_start[weekday]
        ends = week_end[weekday]

        def put(idx, spans):
            row_s = np.zeros(k, dtype=np.int64)
            row_e = np.zeros(k, dtype=np.int64)
            for j, (s, e) in enumerate(spans):
                row_s[j], row_e[j] = s, e
            starts[idx] = row_s
            ends[idx] = row_e

        # work weeks of a range first: the holidays below still apply on them
        for lo, hi, days, spans in work_weeks:
            span_days = np.arange(lo, hi + 1)
            put(span_days[np.isin(weekday[lo:hi + 1], list(days))], spans)
        if day_overrides:
            idx = np.fromiter(day_overrides.keys(), dtype=np.int64)
            idx = idx[(idx >= 0) & (idx < n_days)]
            starts[idx] = 0
            ends[idx] = 0
        for lo, hi, spans in range_overrides:
            put(slice(lo, hi + 1), spans)

        self._lay_out(spec, first_year, last_year, n_days, starts, ends)

    def _joined_periods(self, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
        """The working periods of each day (arrays: days × periods) when any component calendar works
        (``spec.union``) or when all of them work (``spec.intersection``)."""
        for component in self._components:
            if (component.first_year, component.last_year) != (first_year, last_year):
                component._build(first_year, last_year)
        if self.spec.intersection:
            starts, ends = self._components[0]._start, self._components[0]._end
            for component in self._components[1:]:
                starts, ends = _intersect_periods(starts, ends, component._start, component._end)
            return starts, ends
        return _join_periods(np.concatenate([c._start for c in self._components], axis=1),
                             np.concatenate([c._end for c in self._components], axis=1))

    def _lay_out(self, spec: CalendarSpec, first_year: int, last_year: int, n_days: int,
                 starts: np.ndarray, ends: np.ndarray) -> None:
        """Cumulative working minutes and the period look-ups, from the periods of every day."""
        k = starts.shape[1]
        lengths = ends - starts
        self._k = k
        self._start = starts
        self._end = ends
        self._length = lengths
        self._period_cum = np.concatenate([np.zeros((n_days, 1), dtype=np.int64), np.cumsum(lengths, axis=1)[:, :-1]], axis=1)
        day_minutes = lengths.sum(axis=1)
        self._day_minutes = day_minutes
        self._cum = np.concatenate([[0], np.cumsum(day_minutes)]).astype(np.int64)
        if self._cum[-1] == 0:
            raise ScheduleError(f"calendar '{spec.name}' has no working time between {first_year} and {last_year}")
        # every working period of the range in time order: where it starts (absolute minute), how long it
        # lasts and how many working minutes come before it; conversions are one binary search on these
        worked = lengths > 0
        day_of_period = np.nonzero(worked)[0]
        self._period_abs_start = (self.origin_day + day_of_period) * MINUTES_PER_CALENDAR_DAY + starts[worked]
        self._period_length = lengths[worked]
        self._period_working_start = np.concatenate([[0], np.cumsum(self._period_length)[:-1]]).astype(np.int64)
        self._total_working = int(self._cum[-1])
        self._by_working = _PeriodLookup(self._period_working_start, self._total_working)
        self._by_absolute = _PeriodLookup(self._period_abs_start - self.origin_minutes,
                                          n_days * MINUTES_PER_CALENDAR_DAY)

    def _cover(self, abs_min: int, abs_max: int) -> None:
        """Grow the year range so that both absolute minutes fall inside it (with a year of margin)."""
        if self.fixed_range:
            if abs_min < self.origin_minutes or abs_max >= self.origin_minutes + self.n_days * MINUTES_PER_CALENDAR_DAY:
                raise ScheduleError(f"date outside the range of calendar '{self.name}' "
                                    f"({self.first_year}-{self.last_year})")
            return
        try:
            lo_year = (datetime(1970, 1, 1) + timedelta(minutes=int(abs_min))).year - 1
            hi_year = (datetime(1970, 1, 1) + timedelta(minutes=int(abs_max))).year + 1
        except (OverflowError, ValueError):
            raise ScheduleError(f"date outside the years a calendar can cover (found minute {abs_min}..{abs_max})") from None
        if lo_year < self.first_year or hi_year > self.last_year:
            self._build(min(lo_year, self.first_year), max(hi_year, self.last_year))

    # ------------------------------------------------------- working-minute axis
    @property
    def origin_minutes(self) -> int:
        """Absolute minute of the calendar's origin (first day of its range, 00:00)."""
        return self.origin_day * MINUTES_PER_CALENDAR_DAY

    def to_working(self, absolute_minutes) -> np.ndarray:
        """Working minutes between the origin and each absolute instant (int64, vectorised).

        A missing instant (:data:`MISSING_MINUTES`) stays missing.
        """
        a = np.asarray(absolute_minutes, dtype=np.int64)
        if a.size and int(a.min()) == MISSING_MINUTES:
            return _missing_apart(self.to_working, a)
        if a.size:
            lo, hi = int(a.min()), int(a.max())
            if lo < self.origin_minutes or hi >= self.origin_minutes + self.n_days * MINUTES_PER_CALENDAR_DAY:
                self._cover(lo, hi)
        # the last period starting at or before the instant: its worked part counts, up to its length
        period = self._by_absolute(a - self.origin_minutes)
        np.maximum(period, 0, out=period)
        within = a - self._period_abs_start[period]
        np.clip(within, 0, self._period_length[period], out=within)
        within += self._period_working_start[period]
        return within

    def start_from_working(self, working_minutes) -> np.ndarray:
        """Absolute minute where work resumes at each working-minute value (next working instant)."""
        w = np.asarray(working_minutes, dtype=np.int64)
        if w.size and int(w.min()) == MISSING_MINUTES:  # a missing value stays missing
            return _missing_apart(self.start_from_working, w)
        if w.size and (int(w.min()) < 0 or int(w.max()) >= self._total_working):
            raise ScheduleError(f"date outside the range of calendar '{self.name}' ({self.first_year}-{self.last_year})")
        # the period holding the working minute, a period's end being the next one's start
        period = self._by_working(w)
        return self._period_abs_start[period] + (w - self._period_working_start[period])

    def finish_from_working(self, working_minutes) -> np.ndarray:
        """Absolute minute where work stops at each working-minute value (end of the period worked)."""
        w = np.asarray(working_minutes, dtype=np.int64)
        if w.size and int(w.min()) == MISSING_MINUTES:  # a missing value stays missing
            return _missing_apart(self.finish_from_working, w)
        if w.size and (int(w.min()) <= 0 or int(w.max()) > self._total_working):
            raise ScheduleError(f"date outside the range of calendar '{self.name}' ({self.first_year}-{self.last_year})")
        # the period whose worked minutes end at or after the value, a period's start belonging to the previous one
        period = self._by_working(w - 1)
        return self._period_abs_start[period] + (w - self._period_working_start[period])

    def cover_datetimes(self, *absolute_minutes: int) -> None:
        """Make sure the calendar's range holds these instants and a generous margin after them."""
        vals = [int(a) for a in absolute_minutes]
        self._cover(min(vals), max(vals))

    # ------------------------------------------------------------- scalar API
    def working_minutes_at(self, dt: datetime) -> int:
        """Working minutes between the calendar's origin and ``dt``."""
        return int(self.to_working(np.array([to_absolute_minutes(dt)]))[0])

    def add_working_minutes(self, dt: datetime, minutes: float) -> datetime:
        """The instant ``minutes`` working minutes after ``dt`` (before it when negative).

        A positive amount ends where work stops (12:00 rather than 13:00); zero
        or a negative amount gives the instant where work resumes.
        """
        return from_absolute_minutes(self.add_working_minutes_array(np.array([to_absolute_minutes(dt)]), minutes)[0])

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Signed working minutes from ``start`` to ``end``."""
        a = self.to_working(np.array([to_absolute_minutes(start), to_absolute_minutes(end)]))
        return int(a[1] - a[0])

    def next_working_time(self, dt: datetime) -> datetime:
        """``dt`` if work is going on or starts then, else the next instant work starts."""
        return self.add_working_minutes(dt, 0)

    def previous_working_end(self, dt: datetime) -> datetime:
        """``dt`` if work is going on or just stopped then, else the end of the previous working period."""
        abs_min = to_absolute_minutes(dt)
        self._cover(abs_min, abs_min)
        w = self.to_working(np.array([abs_min]))
        return from_absolute_minutes(self.finish_from_working(w)[0])

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` has working time."""
        return bool(self.is_working_day_array(np.array([np.datetime64(day, "D")]))[0])

    def add_working_days(self, start, days: float):
        """``days`` working days after ``start`` (before when negative).

        With a ``date`` it behaves like Excel's WORKDAY: whole days, the result
        is a working day (``days`` = 0 returns ``start``).  With a ``datetime``
        it adds ``days × minutes_per_day`` working minutes.
        """
        if isinstance(start, datetime):
            return self.add_working_minutes(start, round(days * self.minutes_per_day))
        return self.add_working_days_array(np.array([np.datetime64(start, "D")]), int(days))[0].astype(date)

    def working_days_between(self, start, end) -> float:
        """Signed working days from ``start`` to ``end``.

        With dates: the number of working days in ``[start, end)`` (numpy
        ``busday_count`` convention; negative when ``end`` is before
        ``start``).  With datetimes: working minutes / ``minutes_per_day``.
        """
        if isinstance(start, datetime) or isinstance(end, datetime):
            s = start if isinstance(start, datetime) else datetime.combine(start, time())
            e = end if isinstance(end, datetime) else datetime.combine(end, time())
            return self.working_minutes_between(s, e) / self.minutes_per_day
        return float(self.working_days_between_array(np.array([np.datetime64(start, "D")]),
                                                      np.array([np.datetime64(end, "D")]))[0])

    # --------------------------------------------------------- vectorised API
    def add_working_minutes_array(self, values, minutes) -> np.ndarray:
        """Vectorised :meth:`add_working_minutes`: absolute minutes (int64) or datetime64 in, same kind out."""
        arr = np.asarray(values)
        is_dt = np.issubdtype(arr.dtype, np.datetime64) or arr.dtype == object
        a = absolute_minutes_array(arr) if is_dt else arr.astype(np.int64)
        mins = np.broadcast_to(np.rint(np.asarray(minutes, dtype=float)).astype(np.int64), a.shape)
        missing = a == MISSING_MINUTES
        if missing.any():  # NaT in, NaT out
            out = np.full(a.shape, MISSING_MINUTES, dtype=np.int64)
            out[~missing] = self.add_working_minutes_array(a[~missing], mins[~missing])
            return out.astype("datetime64[m]") if is_dt else out
        if a.size:
            spread = int(np.abs(mins).max()) // self.minutes_per_day * 3 * MINUTES_PER_CALENDAR_DAY if mins.size else 0
            self._cover(int(a.min()) - spread, int(a.max()) + spread)
        while True:
            w = self.to_working(a) + mins
            try:
                out = np.where(mins > 0, self.finish_from_working(w), self.start_from_working(w))
                break
            except ScheduleError:
                if self.fixed_range:
                    raise
                span = self.last_year - self.first_year + 1  # sparse working time: widen and try again
                self._build(self.first_year - span, self.last_year + span)
        return out.astype("datetime64[m]") if is_dt else out

    def working_minutes_between_array(self, starts, ends) -> np.ndarray:
        """Vectorised signed working minutes from each start to each end.

        int64; float64 with NaN where a start or an end is missing (NaT), when one is.
        """
        s = absolute_minutes_array(starts)
        e = absolute_minutes_array(ends)
        missing = (s == MISSING_MINUTES) | (e == MISSING_MINUTES)
        if missing.any():
            out = np.full(np.broadcast(s, e).shape, np.nan)
            s, e = np.broadcast_arrays(s, e)
            out[~missing] = self.to_working(e[~missing]) - self.to_working(s[~missing])
            return out
        return self.to_working(e) - self.to_working(s)

    def _day_index(self, days) -> np.ndarray:
        d = np.asarray(days).astype("datetime64[D]")
        idx = (d - _EPOCH_DAY).astype(np.int64) - self.origin_day
        if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= self.n_days):
            self._cover(int((idx.min() + self.origin_day)) * MINUTES_PER_CALENDAR_DAY,
                        int((idx.max() + self.origin_day)) * MINUTES_PER_CALENDAR_DAY)
            idx = (d - _EPOCH_DAY).astype(np.int64) - self.origin_day
        return idx

    def is_working_day_array(self, days) -> np.ndarray:
        """Vectorised :meth:`is_working_day` over dates (datetime64[D] or date objects)."""
        idx = self._day_index(days)
        return self._day_minutes[idx] > 0

    def working_day_numbers(self, days) -> np.ndarray:
        """Number of working days before each day since the origin (the day-level axis)."""
        idx = self._day_index(days)
        cum = np.concatenate([[0], np.cumsum((self._day_minutes > 0).astype(np.int64))])
        return cum[idx]

    def add_working_days_array(self, days, n) -> np.ndarray:
        """Vectorised WORKDAY: the working day ``n`` working days after each day (datetime64[D])."""
        idx = self._day_index(days)
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), idx.shape)
        if idx.size:
            margin = int(np.abs(n).max()) * 3 + 30
            self._cover((int(idx.min()) + self.origin_day - margin) * MINUTES_PER_CALENDAR_DAY,
                        (int(idx.max()) + self.origin_day + margin) * MINUTES_PER_CALENDAR_DAY)
            idx = self._day_index(days)
        working = self._day_minutes > 0
        cum = np.concatenate([[0], np.cumsum(working.astype(np.int64))])
        # number of working days strictly before idx, then move n working days
        before = cum[idx]
        # working day number j (0-based) sits at index searchsorted(cum, j + 1) - 1
        fwd = np.where(working[idx], before + n, before + n - 1)
        back = before + n
        target = np.where(n > 0, fwd, np.where(n < 0, back, -1))
        positions = np.searchsorted(cum, target + 1, side="left") - 1
        result_idx = np.where(n == 0, idx, positions)
        return (_EPOCH_DAY + (result_idx + self.origin_day).astype("timedelta64[D]")).astype("datetime64[D]")

    def working_days_between_array(self, starts, ends) -> np.ndarray:
        """Vectorised count of working days in ``[start, end)``, signed."""
        s_idx = self._day_index(starts)
        e_idx = self._day_index(ends)
        cum = np.concatenate([[0], np.cumsum(self._day_minutes > 0).astype(np.int64)])
        return (cum[e_idx] - cum[s_idx]).astype(float)


def moroccan_calendar(overrides: Mapping[date, bool] | None = None,
                      exceptions: list[CalendarException] | None = None,
                      minutes_per_day: int = 480) -> WorkingCalendar:
    """The bank's standard calendar: Mon–Fri 08:00–12:00 / 13:00–17:00 and Moroccan public holidays.

    ``overrides`` moves estimated Islamic holidays: ``{date: True}`` makes a
    date a holiday, ``{date: False}`` makes an estimated one a working day.
    """
    spec = CalendarSpec(name="Maroc", holiday_country="MA", holiday_overrides=dict(overrides or {}),
                        exceptions=list(exceptions or []))
    return WorkingCalendar.from_spec(spec, minutes_per_day=minutes_per_day)
