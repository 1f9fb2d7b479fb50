"""Reporting periods: parsing, dates and FR/EN labels, checked against a calendar by hand."""

from datetime import date

import pytest

from pmo_xl.errors import InputError
from pmo_xl.model.period import PeriodKind, parse_period


def test_month_period_dates_and_labels():
    period = parse_period("2026-11")
    assert period.kind is PeriodKind.MONTH
    assert (period.start, period.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period.label("fr") == "novembre 2026"
    assert period.label("en") == "November 2026"


def test_february_of_leap_year_ends_on_29th():
    assert parse_period("2028-02").end == date(2028, 2, 29)
    assert parse_period("2026-02").end == date(2026, 2, 28)


def test_iso_week_47_of_2026_runs_monday_16_to_sunday_22_november():
    # 1 January 2026 is a Thursday, so week 1 starts Monday 29 December 2025;
    # week 47 starts 46 weeks later: 29/12/2025 + 322 days = 16/11/2026.
    period = parse_period("2026-W47")
    assert period.kind is PeriodKind.WEEK
    assert (period.start, period.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert period.label("fr") == "semaine 47"
    assert period.label("en") == "week 47"
    assert period.long_label("fr") == "semaine 47 2026 (16/11/2026 – 22/11/2026)"


def test_iso_week_1_may_start_in_previous_calendar_year():
    period = parse_period("2026-W01")
    assert period.start == date(2025, 12, 29)
    assert period.year == 2026


def test_week_53_exists_only_in_long_iso_years():
    assert parse_period("2026-W53").end == date(2027, 1, 3)  # 2026 starts on a Thursday
    with pytest.raises(InputError) as caught:
        parse_period("2025-W53")  # 2025 starts on a Wednesday, not leap: 52 weeks
    assert caught.value.problems[0].found == "2025-W53"


def test_quarter_period_and_french_abbreviation():
    period = parse_period("2026-Q4")
    assert (period.start, period.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period.label("fr") == "T4 2026"
    assert period.label("en") == "Q4 2026"
    assert parse_period("2026-T4") == period
    assert period.months() == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]


def test_previous_period_crosses_year_boundaries():
    assert parse_period("2026-01").previous().code == "2025-12"
    assert parse_period("2026-W01").previous().code == "2025-W52"
    assert parse_period("2026-Q1").previous().code == "2025-Q4"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "11-2026", "2026/11", "", "2026-Q5", "2026-W00"])
def test_invalid_periods_are_rejected_with_what_was_found_and_expected(text):
    with pytest.raises(InputError) as caught:
        parse_period(text)
    problem = caught.value.problems[0]
    assert problem.found == text
    assert "YYYY-MM" in problem.expected and "YYYY-Www" in problem.expected
