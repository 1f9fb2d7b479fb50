"""The reporting period: its status date settled from the period and the workbooks, never today."""

from datetime import date

import pytest
import typer

from pmo_xl.cli import parse_period_options
from pmo_xl.model.period import PeriodKind, ReportingPeriod, reporting_period_for


def test_status_date_is_the_period_end_or_the_latest_declared_date_when_earlier():
    quarter = ReportingPeriod.parse("2026-Q4")
    assert not quarter.is_settled
    # the workbooks were last updated on 30 October: that is the status date, not 31 December
    settled = quarter.settled([date(2026, 10, 2), None, date(2026, 10, 30)])
    assert settled.status_date == date(2026, 10, 30)
    assert (settled.code, settled.start, settled.end) == ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    # workbooks declaring a later date than the period's end: the period's end
    assert ReportingPeriod.parse("2026-10").settled([date(2026, 11, 6)]).status_date == date(2026, 10, 31)
    # no declared date at all: the period's end
    assert ReportingPeriod.parse("2026-W44").settled([]).status_date == date(2026, 11, 1)


def test_a_given_status_date_is_kept():
    period = ReportingPeriod.parse("2026-11", date(2026, 11, 25))
    assert period.settled([date(2026, 11, 30)]) is period


def test_a_week_stays_a_week():
    week = ReportingPeriod.parse("2026-W44").settled([date(2026, 10, 29)])
    assert week.kind is PeriodKind.WEEK and week.code == "2026-W44"
    assert (week.start, week.end, week.status_date) == (date(2026, 10, 26), date(2026, 11, 1), date(2026, 10, 29))


def test_command_line_options_build_the_period_once():
    assert parse_period_options(None, None) is None
    month = parse_period_options(None, "2026-10-30")
    assert (month.code, month.status_date) == ("2026-10", date(2026, 10, 30))
    assert reporting_period_for(date(2026, 10, 30)) == month
    quarter = parse_period_options("2026-Q4", None)
    assert (quarter.code, quarter.status_date) == ("2026-Q4", None)
    with pytest.raises(typer.BadParameter):
        parse_period_options("2026-13", None)
