"""Committee recurrences, checked against days counted on the 2026 calendar by hand."""

from __future__ import annotations

from datetime import date, time

import pytest

from pmo_xl.engine.calendar import moroccan_calendar
from pmo_xl.engine.governance.recurrence import (
    Frequency,
    RecurrenceError,
    meeting_days,
    next_meeting_day,
    parse_recurrence,
)

CALENDAR = moroccan_calendar()


def test_french_and_english_texts_parse_to_the_same_rule():
    french = parse_recurrence("2e mardi du mois, 10h-12h")
    english = parse_recurrence("2nd Tuesday of the month, 10:00–12:00")
    assert french == english
    assert (french.frequency, french.weekday, french.rank) == (Frequency.MONTHLY_NTH, 1, 2)
    assert (french.start, french.end) == (time(10), time(12))
    assert parse_recurrence("dernier vendredi du mois 14:30-16:00").frequency is Frequency.MONTHLY_LAST
    assert parse_recurrence("un jeudi sur deux").interval_weeks == 2
    assert parse_recurrence("every Monday 09:00-10:00").interval_weeks == 1


@pytest.mark.parametrize("text", ["", "le mardi", "2e jour du mois", "2e mardi 12:00-10:00"])
def test_texts_not_understood_are_rejected(text):
    with pytest.raises(RecurrenceError):
        parse_recurrence(text)


def test_second_tuesdays_of_late_2026():
    # Tuesdays of Oct 2026: 6, 13; Nov: 3, 10; Dec: 1, 8 (none is a holiday)
    days = meeting_days(parse_recurrence("2e mardi du mois"), date(2026, 10, 1), date(2026, 12, 31),
                        CALENDAR.is_working_day)
    assert days == [date(2026, 10, 13), date(2026, 11, 10), date(2026, 12, 8)]


def test_a_meeting_on_a_holiday_moves_to_the_next_working_day():
    # 3rd Wednesday of Nov 2026 is 18 Nov, Independence Day: the committee meets on Thu 19 Nov
    assert next_meeting_day(parse_recurrence("3e mercredi du mois"), date(2026, 11, 1),
                            CALENDAR.is_working_day) == date(2026, 11, 19)
    # 1st Friday of Nov 2026 is 6 Nov, Green March: the next working day is Mon 9 Nov
    assert next_meeting_day(parse_recurrence("1st Friday of the month"), date(2026, 11, 1),
                            CALENDAR.is_working_day) == date(2026, 11, 9)


def test_every_other_week_keeps_the_parity_of_its_first_meeting():
    rule = parse_recurrence("every other Thursday")
    days = meeting_days(rule, date(2026, 11, 1), date(2026, 11, 30), CALENDAR.is_working_day,
                        anchor=date(2026, 10, 29))
    assert days == [date(2026, 11, 12), date(2026, 11, 26)]
