"""Reading MSPDI: calendars, links, units, and located errors on bad files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pmo_xl.engine.calendar import WorkingCalendar
from pmo_xl.errors import InputError
from pmo_xl.io.mspdi import read_mspdi, read_mspdi_with_results
from pmo_xl.model.enums import ConstraintType, LinkType

DAY = ("<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
       "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>")


MORNING = "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes>"


def week(working_days=(2, 3, 4, 5, 6)) -> str:
    out = []
    for day_type in range(1, 8):
        if day_type in working_days:
            out.append(f"<WeekDay><DayType>{day_type}</DayType><DayWorking>1</DayWorking>{DAY}</WeekDay>")
        else:
            out.append(f"<WeekDay><DayType>{day_type}</DayType><DayWorking>0</DayWorking></WeekDay>")
    return "<WeekDays>" + "".join(out) + "</WeekDays>"


def project_xml(tasks: str, calendars: str | None = None) -> str:
    calendars = calendars if calendars is not None else (
        f"<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<BaseCalendarUID>-1</BaseCalendarUID>{week()}</Calendar>")
    return ("<?xml version='1.0' encoding='UTF-8'?>"
            "<Project xmlns='http://schemas.microsoft.com/project'><Name>t.xml</Name>"
            "<StartDate>2026-11-02T08:00:00</StartDate><MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>"
            f"<Calendars>{calendars}</Calendars><Tasks>{tasks}</Tasks></Project>")


def task(uid: int, duration="PT8H0M0S", extra="", fmt=7) -> str:
    return (f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T{uid}</Name><OutlineLevel>1</OutlineLevel>"
            f"<Duration>{duration}</Duration><DurationFormat>{fmt}</DurationFormat><Summary>0</Summary>{extra}</Task>")


def link(pred: int, type_code: int = 1, lag: int = 0, fmt: int = 7) -> str:
    return (f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>{type_code}</Type>"
            f"<LinkLag>{lag}</LinkLag><LagFormat>{fmt}</LagFormat></PredecessorLink>")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_links_units_constraints_and_progress(tmp_path):
    tasks = (
        task(0, "PT16H0M0S")
        + task(1, "PT16H0M0S", "<ConstraintType>4</ConstraintType><ConstraintDate>2026-11-04T08:00:00</ConstraintDate>")
        + task(2, "PT4H0M0S", link(1, 3, 4800) + link(3, 0, -2400), fmt=5)
        + task(3, "PT48H0M0S", link(1, 1, -50, 19), fmt=8)
        + task(4, "PT8H0M0S", link(3, 2, 14400, 8) + "<ActualStart>2026-11-02T08:00:00</ActualStart>"
               "<PercentComplete>40</PercentComplete>"
               "<Baseline><Number>0</Number><Start>2026-11-02T08:00:00</Start><Finish>2026-11-02T17:00:00</Finish>"
               "<Duration>PT8H0M0S</Duration></Baseline>")
    )
    data = read_mspdi(write(tmp_path, project_xml(tasks)))
    assert [t.id for t in data.tasks] == ["1", "2", "3", "4"]  # UID 0 left out
    t1, t2, t3, t4 = data.tasks
    assert t1.duration_days == 2 and t1.constraint_type is ConstraintType.SNET
    assert t1.constraint_date == datetime(2026, 11, 4, 8)
    # SS + 4800 tenths of a minute = 1 day; FF - 2400 = -0.5 day
    assert [(l.type, l.lag_days) for l in t2.predecessors] == [(LinkType.SS, 1.0), (LinkType.FF, -0.5)]
    assert t2.duration_days == 0.5
    # FS -50 %; 48 h elapsed = 2 elapsed days
    assert t3.predecessors[0].lag_percent == -50 and t3.duration_elapsed and t3.duration_days == 2
    # SF with 14400 tenths = 1440 minutes of elapsed lag = 1 elapsed day
    assert t4.predecessors[0].type is LinkType.SF and t4.predecessors[0].lag_elapsed
    assert t4.predecessors[0].lag_days == 1
    assert (t4.actual_start, t4.percent_complete) == (datetime(2026, 11, 2, 8), 40)
    assert (t4.baseline_start, t4.baseline_finish, t4.baseline_duration_days) == (
        datetime(2026, 11, 2, 8), datetime(2026, 11, 2, 17), 1)
    assert data.project.start == datetime(2026, 11, 2, 8)


def test_derived_calendar_with_exceptions(tmp_path):
    calendars = (
        f"<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<BaseCalendarUID>-1</BaseCalendarUID>{week()}"
        "<Exceptions><Exception><TimePeriod><FromDate>2026-11-18T00:00:00</FromDate>"
        "<ToDate>2026-11-18T23:59:00</ToDate></TimePeriod><DayWorking>0</DayWorking><Name>Fête</Name></Exception>"
        "</Exceptions></Calendar>"
        # derived: Saturday works 08-12, inherits the rest and the base's exception
        "<Calendar><UID>2</UID><Name>Equipe samedi</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>"
        "<WeekDays><WeekDay><DayType>7</DayType><DayWorking>1</DayWorking>" + MORNING + "</WeekDay></WeekDays>"
        "<Exceptions><Exception><TimePeriod><FromDate>2026-11-20T00:00:00</FromDate><ToDate>2026-11-20T23:59:00</ToDate>"
        "</TimePeriod><DayWorking>1</DayWorking>" + MORNING + "</Exception></Exceptions></Calendar>"
    )
    data = read_mspdi(write(tmp_path, project_xml(task(1, extra="<CalendarUID>2</CalendarUID>"), calendars)))
    assert data.tasks[0].calendar == "Equipe samedi"
    spec = data.calendars["Equipe samedi"]
    assert spec.base == "Standard" and spec.holiday_country is None
    cal = WorkingCalendar.from_spec(spec, library=data.calendars)
    # Wed 18 is the base calendar's exception, Fri 20 works only 08-12, Saturday 21 works 08-12
    assert not cal.is_working_day(date(2026, 11, 18))
    assert cal.working_minutes_between(datetime(2026, 11, 20), datetime(2026, 11, 22)) == 240 + 240
    # Thu 19 08:00 + 960 minutes: Thu 480, Fri 240 (08-12), Sat 240 (08-12) -> Sat 21 12:00
    assert cal.add_working_minutes(datetime(2026, 11, 19, 8), 960) == datetime(2026, 11, 21, 12)


def test_results_are_kept_for_comparison(tmp_path):
    extra = ("<EarlyStart>2026-11-02T08:00:00</EarlyStart><EarlyFinish>2026-11-02T17:00:00</EarlyFinish>"
             "<LateStart>2026-11-03T08:00:00</LateStart><LateFinish>2026-11-03T17:00:00</LateFinish>"
             "<TotalSlack>4800</TotalSlack><FreeSlack>2400</FreeSlack><Critical>0</Critical>")
    _, results = read_mspdi_with_results(write(tmp_path, project_xml(task(1, extra=extra))))
    row = results.set_index("uid").loc["1"]
    assert (row.total_slack_minutes, row.free_slack_minutes, bool(row.critical)) == (480, 240, False)
    assert row.late_finish == datetime(2026, 11, 3, 17)


@pytest.mark.parametrize("text, message, column", [
    ("<Project xmlns='http://schemas.microsoft.com/project'><Tasks>", "not well-formed XML", None),
    ("<Projet/>", "not an MS Project XML file", None),
    (project_xml(task(1, duration="8 heures")), "unreadable duration", "Task UID 1/Duration"),
    (project_xml(task(1, extra="<ConstraintType>9</ConstraintType>")), "unknown ConstraintType",
     "Task UID 1/ConstraintType"),
    (project_xml(task(1) + task(2, extra=link(1, 7))), "unknown link Type 7", "Task UID 2/PredecessorLink/Type"),
    (project_xml(task(1, extra="<Start>demain</Start>")), "Start is not a date", "Task UID 1/Start"),
    (project_xml(task(1, extra="<CalendarUID>42</CalendarUID>")), "CalendarUID 42 names no calendar",
     "Task UID 1/CalendarUID"),
])
def test_bad_files_raise_located_input_errors(tmp_path, text, message, column):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_mspdi(path)
    assert message in str(info.value)
    assert info.value.location.file == str(path)
    assert info.value.location.column == column


def test_entity_expansion_is_refused(tmp_path):
    bomb = ("<?xml version='1.0'?><!DOCTYPE p [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>"
            "<Project xmlns='http://schemas.microsoft.com/project'><Name>&b;</Name></Project>")
    with pytest.raises(InputError, match="unsafe XML refused"):
        read_mspdi(write(tmp_path, bomb))


def test_file_without_calendars_gets_ms_projects_standard_week_without_holidays(tmp_path):
    # no <Calendars> content: Mon-Fri 08-12 / 13-17 and no public holidays, so 2 days from
    # Wed 18 Nov 2026 (Independence Day in Morocco, worked here) end on Thu 19 17:00
    from pmo_xl.engine.cpm import schedule

    text = project_xml(task(1, "PT16H0M0S"), calendars="").replace("2026-11-02T08:00:00", "2026-11-18T08:00:00")
    data = read_mspdi(write(tmp_path, text))
    assert data.calendars["Standard"].holiday_country is None
    row = schedule(data).tasks.iloc[0]
    assert (row.early_start, row.early_finish) == (datetime(2026, 11, 18, 8), datetime(2026, 11, 19, 17))


def test_resources_and_assignments_give_tasks_their_resource_calendars(tmp_path):
    calendars = (
        f"<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<BaseCalendarUID>-1</BaseCalendarUID>{week()}</Calendar>"
        f"<Calendar><UID>7</UID><Name>Amina</Name><IsBaseCalendar>0</IsBaseCalendar>"
        f"<BaseCalendarUID>1</BaseCalendarUID>{week((2, 3, 4, 5))}</Calendar>")  # Mon-Thu
    resources = (
        "<Resources>"
        "<Resource><UID>0</UID><Type>1</Type><CalendarUID>99</CalendarUID></Resource>"  # placeholder: left out
        "<Resource><UID>1</UID><Name>Amina</Name><Type>1</Type><MaxUnits>0.5</MaxUnits><CalendarUID>7</CalendarUID></Resource>"
        "<Resource><UID>2</UID><Name>Ciment</Name><Type>0</Type></Resource>"  # material: left out
        "<Resource><UID>3</UID><Name>Omar</Name><Type>1</Type><CalendarUID>42</CalendarUID></Resource>"
        "</Resources>")
    assignments = (
        "<Assignments>"
        "<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units></Assignment>"
        "<Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID><Units>3</Units></Assignment>"
        "<Assignment><UID>3</UID><TaskUID>2</TaskUID><ResourceUID>-65535</ResourceUID><Units>1</Units></Assignment>"
        "<Assignment><UID>4</UID><TaskUID>2</TaskUID><ResourceUID>3</ResourceUID></Assignment>"
        "<Assignment><UID>5</UID><TaskUID>77</TaskUID><ResourceUID>1</ResourceUID></Assignment>"
        "<Assignment><UID>6</UID><TaskUID>3</TaskUID><ResourceUID>1</ResourceUID></Assignment>"
        "<Assignment><UID>7</UID><TaskUID>4</TaskUID><ResourceUID>1</ResourceUID></Assignment>"
        "</Assignments>")
    own_calendar = "<CalendarUID>1</CalendarUID>"
    tasks = (task(1, "PT40H0M0S") + task(2) + task(3, "PT40H0M0S", own_calendar)
             + task(4, "PT40H0M0S", own_calendar + "<IgnoreResourceCalendar>1</IgnoreResourceCalendar>"))
    text = project_xml(tasks, calendars).replace(
        "</Tasks>", "</Tasks>" + resources + assignments)
    data = read_mspdi(write(tmp_path, text))
    assert [(r.code, r.name, r.calendar, r.capacity_percent) for r in data.resources] == [
        ("1", "Amina", "Amina", 50.0), ("3", "Omar", None, 100.0)]
    assert [(a.resource_code, a.units) for a in data.task("1").resources] == [("1", 0.5)]
    assert [(a.resource_code, a.units) for a in data.task("2").resources] == [("3", 1.0)]
    from pmo_xl.engine.cpm import schedule

    result = schedule(data).tasks.set_index("id")
    # 5 days of Amina's Monday-Thursday week from Mon 2 Nov 2026: Mon 2 - Thu 5, Mon 9
    assert result.loc["1", "calendar"] == "Amina"
    assert result.loc["1", "early_finish"] == datetime(2026, 11, 9, 17, 0)
    assert result.loc["2", "calendar"] == "Standard"
    # task 3 has a calendar of its own: it works when both it and Amina's work; task 4 ignores Amina's
    assert data.task("4").ignore_resource_calendars and not data.task("3").ignore_resource_calendars
    assert result.loc["3", "calendar"] == "Standard ∩ Amina"
    assert result.loc["3", "early_finish"] == datetime(2026, 11, 9, 17, 0)
    assert result.loc["4", "calendar"] == "Standard"
    assert result.loc["4", "early_finish"] == datetime(2026, 11, 6, 17, 0)
