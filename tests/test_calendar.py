"""Working calendars, worked by hand on November 2026 (Mon 2 … Mon 30) and May 2026."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pytest

from pmo_xl.engine.calendar import WorkingCalendar, moroccan_calendar
from pmo_xl.errors import ScheduleError
from pmo_xl.model.domain import CalendarException, CalendarSpec, WorkingPeriod


@pytest.fixture(scope="module")
def maroc():
    return moroccan_calendar()


def test_independence_day_is_not_worked(maroc):
    # 2026-11-18 (Wednesday) is Independence Day; 11-06 Green March; 11-17 a plain Tuesday
    assert not maroc.is_working_day(date(2026, 11, 18))
    assert not maroc.is_working_day(date(2026, 11, 6))
    assert maroc.is_working_day(date(2026, 11, 17))
    assert not maroc.is_working_day(date(2026, 11, 21))  # Saturday


def test_three_days_across_independence_day(maroc):
    # 3 days = 1440 working minutes from Tue 17 08:00: Tue 17, (Wed 18 holiday), Thu 19, Fri 20 -> Fri 17:00
    assert maroc.add_working_minutes(datetime(2026, 11, 17, 8), 3 * 480) == datetime(2026, 11, 20, 17)
    assert maroc.add_working_days(datetime(2026, 11, 17, 8), 3) == datetime(2026, 11, 20, 17)
    # Tue 17 08:00 -> Thu 19 17:00 = 480 (Tue) + 0 (Wed) + 480 (Thu); signed the other way
    assert maroc.working_minutes_between(datetime(2026, 11, 17, 8), datetime(2026, 11, 19, 17)) == 960
    assert maroc.working_minutes_between(datetime(2026, 11, 19, 17), datetime(2026, 11, 17, 8)) == -960
    assert maroc.working_days_between(datetime(2026, 11, 17, 8), datetime(2026, 11, 19, 17)) == 2.0


def test_minutes_around_lunch(maroc):
    # morning 08-12 = 240 minutes: +240 ends at 12:00, +241 runs one minute after lunch: 13:01
    assert maroc.add_working_minutes(datetime(2026, 11, 17, 8), 240) == datetime(2026, 11, 17, 12)
    assert maroc.add_working_minutes(datetime(2026, 11, 17, 8), 241) == datetime(2026, 11, 17, 13, 1)
    # going back 240 minutes from 13:00 lands on 08:00; zero from 12:30 is where work resumes, 13:00
    assert maroc.add_working_minutes(datetime(2026, 11, 17, 13), -240) == datetime(2026, 11, 17, 8)
    assert maroc.next_working_time(datetime(2026, 11, 17, 12, 30)) == datetime(2026, 11, 17, 13)
    # Saturday 10:00: next work Monday 23 08:00, previous end Friday 20 17:00
    assert maroc.next_working_time(datetime(2026, 11, 21, 10)) == datetime(2026, 11, 23, 8)
    assert maroc.previous_working_end(datetime(2026, 11, 21, 10)) == datetime(2026, 11, 20, 17)
    # during a holiday: previous end is Tue 17 17:00, next start Thu 19 08:00
    assert maroc.previous_working_end(datetime(2026, 11, 18, 10)) == datetime(2026, 11, 17, 17)
    assert maroc.next_working_time(datetime(2026, 11, 18, 10)) == datetime(2026, 11, 19, 8)


def test_workday_and_networkdays_style_on_dates(maroc):
    # WORKDAY: Tue 17 + 1 -> Thu 19 (Wed is a holiday); Thu 19 - 1 -> Tue 17
    assert maroc.add_working_days(date(2026, 11, 17), 1) == date(2026, 11, 19)
    assert maroc.add_working_days(date(2026, 11, 19), -1) == date(2026, 11, 17)
    # from a Saturday: +1 -> Mon 23, -1 -> Fri 20; 0 returns the date itself
    assert maroc.add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)
    assert maroc.add_working_days(date(2026, 11, 21), -1) == date(2026, 11, 20)
    assert maroc.add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 21)
    # Mon 16 + 5 working days: 17, 19, 20, 23, 24 -> Tue 24
    assert maroc.add_working_days(date(2026, 11, 16), 5) == date(2026, 11, 24)
    # working days in [Mon 16, Mon 23): 16, 17, 19, 20 = 4
    assert maroc.working_days_between(date(2026, 11, 16), date(2026, 11, 23)) == 4.0
    assert maroc.working_days_between(date(2026, 11, 23), date(2026, 11, 16)) == -4.0


def test_override_moves_an_estimated_eid(maroc):
    # holidays estimates Eid al-Adha on Wed 27 and Thu 28 May 2026; suppose it is announced for 28-29
    assert not maroc.is_working_day(date(2026, 5, 27)) and not maroc.is_working_day(date(2026, 5, 28))
    moved = moroccan_calendar({date(2026, 5, 27): False, date(2026, 5, 29): True})
    assert moved.is_working_day(date(2026, 5, 27))
    assert not moved.is_working_day(date(2026, 5, 28))
    assert not moved.is_working_day(date(2026, 5, 29))
    # 2 days from Tue 26 May 08:00: estimated -> Tue 26, Fri 29 (27, 28 off) -> Fri 29 17:00
    assert maroc.add_working_days(datetime(2026, 5, 26, 8), 2) == datetime(2026, 5, 29, 17)
    # announced -> Tue 26, Wed 27 -> Wed 27 17:00
    assert moved.add_working_days(datetime(2026, 5, 26, 8), 2) == datetime(2026, 5, 27, 17)


def test_exceptions_half_day_and_closure():
    spec = CalendarSpec(holiday_country="MA", exceptions=[
        CalendarException(date(2026, 12, 24), date(2026, 12, 24), [WorkingPeriod(8 * 60, 12 * 60)], "demi-journée"),
        CalendarException(date(2026, 12, 28), date(2026, 12, 31), [], "fermeture"),
    ])
    cal = WorkingCalendar.from_spec(spec)
    # 1 day from Thu 24 Dec 08:00: 4 h on the 24th, then Fri 25 08:00-12:00 -> Fri 25 12:00
    assert cal.add_working_days(datetime(2026, 12, 24, 8), 1) == datetime(2026, 12, 25, 12)
    # 2 days from Fri 25 08:00: Fri 25, then 28-31 closed, Jan 1 is New Year -> Fri 1? no: Jan 1 holiday
    # -> Fri 25 (8 h), Mon 28 .. Thu 31 closed, Fri 1 Jan holiday, Mon 4 Jan (8 h) -> Mon 4 Jan 17:00
    assert cal.add_working_days(datetime(2026, 12, 25, 8), 2) == datetime(2027, 1, 4, 17)
    assert not cal.is_working_day(date(2026, 12, 30))


def test_custom_week_and_hours():
    # a Sunday-Thursday week, 09:00-13:00 and 14:00-18:00
    hours = [WorkingPeriod.of(time(9), time(13)), WorkingPeriod.of(time(14), time(18))]
    cal = WorkingCalendar.from_spec(CalendarSpec(name="Golfe", week={d: hours for d in (6, 0, 1, 2, 3)},
                                                 holiday_country=None))
    assert not cal.is_working_day(date(2026, 11, 20))  # Friday
    assert cal.is_working_day(date(2026, 11, 22))  # Sunday
    # Thu 19 14:00 + 300 minutes: 4 h that afternoon (to 18:00), then Sun 22 09:00 + 60 -> Sun 22 10:00
    assert cal.add_working_minutes(datetime(2026, 11, 19, 14), 300) == datetime(2026, 11, 22, 10)


def test_vectorised_variants_agree_with_hand_values(maroc):
    starts = np.array(["2026-11-17T08:00", "2026-11-21T10:00", "2026-05-26T08:00"], dtype="datetime64[m]")
    got = maroc.add_working_minutes_array(starts, [1440, 480, 960])
    expected = np.array(["2026-11-20T17:00", "2026-11-23T17:00", "2026-05-29T17:00"], dtype="datetime64[m]")
    assert (got == expected).all()
    ends = np.array(["2026-11-19T17:00", "2026-11-23T12:00", "2026-05-29T08:00"], dtype="datetime64[m]")
    # 960 (see above); Sat 10:00 -> Mon 12:00 = 240; Tue 26 08:00 -> Fri 29 08:00 = 480 (Tue only)
    assert maroc.working_minutes_between_array(starts, ends).tolist() == [960, 240, 480]
    days = np.array(["2026-11-17", "2026-11-18", "2026-11-21", "2026-11-23"], dtype="datetime64[D]")
    assert maroc.is_working_day_array(days).tolist() == [True, False, False, True]
    assert maroc.add_working_days_array(days, 1).astype(str).tolist() == [
        "2026-11-19", "2026-11-19", "2026-11-23", "2026-11-24"]
    # [Tue 17, Sat 21): 17, 19, 20 = 3; [Wed 18, Mon 23): 19, 20 = 2
    assert maroc.working_days_between_array(days[:2], days[2:]).tolist() == [3.0, 2.0]


def test_range_grows_for_distant_dates(maroc):
    # Mon 2075-11-18 is Independence Day too (fixed date), outside the default range 2000-2060:
    # and Eid al-Adha is estimated on 18-19 that year: from Sun 17, one working day on is Thu 20
    assert not maroc.is_working_day(date(2075, 11, 18))
    assert not maroc.is_working_day(date(2075, 11, 19))
    assert maroc.add_working_days(date(2075, 11, 17), 1) == date(2075, 11, 20)


def test_calendar_without_working_time_is_refused():
    with pytest.raises(ScheduleError, match="no working time"):
        WorkingCalendar.from_spec(CalendarSpec(name="Vide", week={}, holiday_country=None))


def test_vectorised_variants_take_pandas_and_python_values(maroc):
    import pandas as pd

    starts = pd.Series(pd.to_datetime(["2026-11-17 08:00", "2026-11-21 10:00"]))
    # Tue 17 08:00 + 480 -> Tue 17 17:00; Sat 21 10:00 + 480 -> Mon 23 17:00
    expected = np.array(["2026-11-17T17:00", "2026-11-23T17:00"], dtype="datetime64[m]")
    assert (maroc.add_working_minutes_array(starts, 480) == expected).all()
    assert (maroc.add_working_minutes_array([datetime(2026, 11, 17, 8), datetime(2026, 11, 21, 10)], 480)
            == expected).all()
    # two calendar days later: Tue 17 08:00 -> Thu 19 08:00 = 480 (Wed 18 off); Sat 10:00 -> Mon 10:00 = 120
    assert maroc.working_minutes_between_array(starts, starts + pd.Timedelta(days=2)).tolist() == [480, 120]
    assert maroc.is_working_day_array([date(2026, 11, 17), date(2026, 11, 18)]).tolist() == [True, False]


def test_sparse_calendar_reaches_far_dates():
    # one working hour a week (Monday 08:00-09:00): 52 * 60 minutes later is 52 weeks on,
    # beyond what the nominal 480 minutes a day would suggest; from Mon 2 Nov 2026 08:00 the
    # 3120th minute ends on Monday 25 Oct 2027 09:00 (Mon 2 Nov 2026 + 51 weeks)
    cal = WorkingCalendar.from_spec(CalendarSpec(name="Rare", week={0: [WorkingPeriod(480, 540)]}, holiday_country=None),
                                    first_year=2026, last_year=2026)
    assert cal.add_working_minutes(datetime(2026, 11, 2, 8), 52 * 60) == datetime(2027, 10, 25, 9)
    # 520 weeks of that calendar: Mon 2 Nov 2026 + 519 weeks (3633 days) = Mon 13 Oct 2036
    assert cal.add_working_minutes(datetime(2026, 11, 2, 8), 520 * 60) == datetime(2036, 10, 13, 9)


def test_missing_instants_stay_missing(maroc):
    # NaT in, NaT out: None, NaN, numpy NaT and pandas NaT are missing instants
    import pandas as pd

    from pmo_xl.engine.calendar import MISSING_MINUTES, absolute_minutes_array

    # Thu 2026-11-19 is 56 * 365 + 14 leap days + 304 (Jan-Oct 2026) + 18 = 20,776 days after 1970-01-01;
    # 08:30 that day is 20,776 * 1440 + 510 = 29,917,950 minutes
    assert (date(2026, 11, 19) - date(1970, 1, 1)).days == 20776
    values = [datetime(2026, 11, 19, 8, 30), None, float("nan"), pd.NaT, np.datetime64("NaT")]
    minutes = absolute_minutes_array(values)
    assert minutes.tolist() == [29_917_950] + [MISSING_MINUTES] * 4
    assert np.isnat(minutes.astype("datetime64[m]")).tolist() == [False, True, True, True, True]
    series = pd.Series([pd.Timestamp("2026-11-19 08:30"), pd.NaT])
    assert absolute_minutes_array(series.to_numpy()).tolist() == [29_917_950, MISSING_MINUTES]
    # missing values flow through the calendar untouched; the others are computed as usual:
    # Thu 19 08:30 + 8 working hours = Fri 20 08:30 (08:30-12:00, 13:00-17:00 = 7.5 h, then 0.5 h on Friday)
    moved = maroc.add_working_minutes_array(np.array(["2026-11-19T08:30", "NaT"], dtype="datetime64[m]"), 480)
    assert moved[0] == np.datetime64("2026-11-20T08:30") and np.isnat(moved[1])
    working = maroc.to_working(minutes)
    assert working[1:].tolist() == [MISSING_MINUTES] * 4
    assert maroc.start_from_working(working)[0] == minutes[0] and maroc.start_from_working(working)[1] == MISSING_MINUTES
    # between: float with NaN where an end is missing; 8 working hours = 480 minutes otherwise
    between = maroc.working_minutes_between_array(np.array(["2026-11-19T08:30", "2026-11-19T08:30"], dtype="datetime64[m]"),
                                                  np.array(["2026-11-20T08:30", "NaT"], dtype="datetime64[m]"))
    assert between[0] == 480 and np.isnan(between[1])


def test_ramadan_work_week_applies_to_weekdays_only_and_keeps_holidays():
    # Ramadan hours 09:00-15:00 (360 working minutes) from Mon 2027-02-08 to Tue 2027-03-09,
    # Monday to Friday only: weekends stay off.  A 2-day task (960 minutes) from Thu 11 Feb 09:00:
    # Thu 360 + Fri 360 = 720, Sat and Sun off, Mon 09:00 + 240 = 13:00.
    from pmo_xl.model import CalendarException, CalendarSpec, WorkingPeriod

    ramadan = CalendarException(date(2027, 2, 8), date(2027, 3, 9), [WorkingPeriod(9 * 60, 15 * 60)],
                                "Ramadan", weekdays=[0, 1, 2, 3, 4])
    spec = CalendarSpec(name="Ramadan", holiday_country=None, exceptions=[ramadan])
    cal = WorkingCalendar.from_spec(spec)
    assert cal.add_working_minutes(datetime(2027, 2, 11, 9, 0), 960) == datetime(2027, 2, 15, 13, 0)
    assert not cal.is_working_day(date(2027, 2, 13))  # Saturday stays off
    # the same range without weekdays works every day, Saturday included: Thu 360 + Fri 360 + Sat 240
    every_day = CalendarSpec(name="R2", holiday_country=None,
                             exceptions=[CalendarException(ramadan.start, ramadan.finish, ramadan.periods)])
    assert WorkingCalendar.from_spec(every_day).add_working_minutes(
        datetime(2027, 2, 11, 9, 0), 960) == datetime(2027, 2, 13, 13, 0)
    # a holiday inside the work week stays a holiday: Friday 12 Feb off -> Thu 360, Mon 360, Tue 09:00 + 240
    with_holiday = CalendarSpec(name="R3", holiday_country=None, exceptions=[ramadan],
                                holiday_overrides={date(2027, 2, 12): True})
    assert WorkingCalendar.from_spec(with_holiday).add_working_minutes(
        datetime(2027, 2, 11, 9, 0), 960) == datetime(2027, 2, 16, 13, 0)
    # outside the range the normal week (08:00-12:00, 13:00-17:00) is back: Wed 10 Mar is 480 minutes
    assert cal.working_minutes_between(datetime(2027, 3, 10, 0, 0), datetime(2027, 3, 11, 0, 0)) == 480


@pytest.mark.parametrize("max_buckets", [1 << 20, 7])
def test_period_lookup_is_the_binary_search(max_buckets):
    # the bucket table must give searchsorted(starts, v, "right") - 1 for every value of its range,
    # with exact buckets and with buckets widened past the smallest gap (repeated comparisons)
    from pmo_xl.engine.calendar import _PeriodLookup

    rng = np.random.default_rng(3)
    starts = np.cumsum(rng.integers(1, 50, size=400)) + 5  # the first start after 0: -1 before it
    span = int(starts[-1]) + 100
    values = np.concatenate([np.arange(span + 1), rng.integers(0, span + 1, size=5000)])
    lookup = _PeriodLookup(starts, span, max_buckets=max_buckets)
    assert lookup.exact == (max_buckets > 7)
    np.testing.assert_array_equal(lookup(values), np.searchsorted(starts, values, side="right") - 1)


def test_conversions_on_a_calendar_with_short_periods():
    # 08:00-08:01 and 08:01-12:00, 13:00-17:00: a one-minute period forces one-minute buckets
    spec = CalendarSpec(name="short", holiday_country=None, week={
        d: ([WorkingPeriod(480, 481), WorkingPeriod(481, 720), WorkingPeriod(780, 1020)] if d < 5 else [])
        for d in range(7)})
    cal = WorkingCalendar.from_spec(spec, first_year=2026, last_year=2026)
    monday = datetime(2026, 11, 2)
    assert cal.add_working_minutes(monday, 240) == datetime(2026, 11, 2, 12, 0)
    assert cal.add_working_minutes(monday, 241) == datetime(2026, 11, 2, 13, 1)
    assert cal.add_working_minutes(monday, 480 + 1) == datetime(2026, 11, 3, 8, 1)
    assert cal.working_minutes_between(datetime(2026, 11, 2, 8, 0, 30), datetime(2026, 11, 3, 13, 0)) == 480 + 240


def test_a_joined_calendar_works_when_any_of_its_calendars_works():
    # office: Mon-Fri 08-12 / 13-17, off on Wed 4 Nov 2026; evening: Mon-Fri 17-21 and Sat 08-12
    office = CalendarSpec(name="Office", holiday_country=None,
                          exceptions=[CalendarException(date(2026, 11, 4), date(2026, 11, 4))])
    evening = CalendarSpec(name="Evening", holiday_country=None, week={
        **{d: [WorkingPeriod(17 * 60, 21 * 60)] for d in range(5)}, 5: [WorkingPeriod(8 * 60, 12 * 60)]})
    both = CalendarSpec(name="Office + Evening", union=("Office", "Evening"))
    library = {"Office": office, "Evening": evening, "Office + Evening": both}
    cal = WorkingCalendar.from_spec(both, library=library, first_year=2026, last_year=2026)
    monday = datetime(2026, 11, 2, 8, 0)
    # Monday: 8 office hours then 4 evening hours, back to back at 17:00
    assert cal.working_minutes_between(monday, datetime(2026, 11, 2, 21, 0)) == 720
    assert cal.add_working_minutes(monday, 720) == datetime(2026, 11, 2, 21, 0)
    assert cal.add_working_minutes(monday, 480) == datetime(2026, 11, 2, 17, 0)
    # Wednesday the office is closed, the evening still works: Tue 08:00 + 720 + 240 min = Wed 21:00
    assert cal.add_working_minutes(datetime(2026, 11, 3, 8, 0), 960) == datetime(2026, 11, 4, 21, 0)
    # Saturday morning comes from the evening calendar only
    assert cal.working_minutes_between(datetime(2026, 11, 7, 0, 0), datetime(2026, 11, 8, 0, 0)) == 240
    # an overlapping calendar adds nothing twice: the office joined with itself is the office
    twice = WorkingCalendar.from_spec(CalendarSpec(name="Twice", union=("Office", "Office")), library=library,
                                      first_year=2026, last_year=2026)
    assert twice.working_minutes_between(monday, datetime(2026, 11, 9, 8, 0)) == 4 * 480
    with pytest.raises(ScheduleError, match="not defined"):
        WorkingCalendar.from_spec(CalendarSpec(name="X", union=("Office", "Night")), library=library)
    loop = {"A": CalendarSpec(name="A", union=("B",)), "B": CalendarSpec(name="B", union=("A",))}
    with pytest.raises(ScheduleError, match="joins itself"):
        WorkingCalendar.from_spec(loop["A"], library=loop)


def test_an_intersected_calendar_works_when_all_its_calendars_work():
    # office: Mon-Fri 08-12 / 13-17, off on Wed 4 Nov 2026; mornings: Mon-Sat 08:30-12:30
    office = CalendarSpec(name="Office", holiday_country=None,
                          exceptions=[CalendarException(date(2026, 11, 4), date(2026, 11, 4))])
    mornings = CalendarSpec(name="Mornings", holiday_country=None,
                            week={d: [WorkingPeriod(8 * 60 + 30, 12 * 60 + 30)] for d in range(6)})
    both = CalendarSpec(name="Office ∩ Mornings", intersection=("Office", "Mornings"))
    library = {"Office": office, "Mornings": mornings}
    cal = WorkingCalendar.from_spec(both, library=library, first_year=2026, last_year=2026)
    # common time: 08:30-12:00 Monday to Friday but Wednesday 4; never on Saturday
    assert cal.working_minutes_between(datetime(2026, 11, 2), datetime(2026, 11, 3)) == 210
    assert cal.working_minutes_between(datetime(2026, 11, 4), datetime(2026, 11, 5)) == 0
    assert cal.working_minutes_between(datetime(2026, 11, 7), datetime(2026, 11, 8)) == 0
    assert cal.add_working_minutes(datetime(2026, 11, 2, 8, 0), 210) == datetime(2026, 11, 2, 12, 0)
    assert cal.add_working_minutes(datetime(2026, 11, 3, 8, 0), 211) == datetime(2026, 11, 5, 8, 31)
    # joined then intersected: (Office + Mornings) ∩ Mornings is the mornings
    library["Any"] = CalendarSpec(name="Any", union=("Office", "Mornings"))
    nested = WorkingCalendar.from_spec(CalendarSpec(name="N", intersection=("Any", "Mornings")), library=library,
                                       first_year=2026, last_year=2026)
    assert nested.working_minutes_between(datetime(2026, 11, 2), datetime(2026, 11, 9)) == 6 * 240
    with pytest.raises(ScheduleError, match="one or the other"):
        WorkingCalendar.from_spec(CalendarSpec(name="X", union=("Office",), intersection=("Mornings",)),
                                  library=library)
