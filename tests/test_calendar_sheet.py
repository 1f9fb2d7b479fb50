"""The calendar sheet of the project workbook: working weeks, holiday countries, exceptions.

Calendars are written, read back (python-calamine) and checked cell by cell
with openpyxl; finishes scheduled on a calendar read back are worked out by
hand in the comments.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import holidays
import openpyxl
import pytest

from pmo_xl.engine.cpm import schedule
from pmo_xl.errors import Severity
from pmo_xl.i18n import problem_expected, problem_message
from pmo_xl.io.values import format_weekdays, parse_holiday_country, parse_hours, parse_weekdays
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import (
    DEFAULT_DAY,
    CalendarException,
    CalendarSpec,
    Project,
    ProjectData,
    Task,
    WorkingPeriod,
)
from pmo_xl.model.enums import ConstraintType
from pmo_xl.model.schemas import CALENDAR, NO_HOLIDAY_COUNTRY, CalendarEntryKind, CalendarRow, build_calendars

MORNING = [WorkingPeriod(8 * 60, 12 * 60)]
RAMADAN_HOURS = [WorkingPeriod(9 * 60, 15 * 60)]


def support_calendar() -> CalendarSpec:
    """A support team working Monday to Saturday, French holidays, a Ramadan schedule 09:00-15:00."""
    return CalendarSpec(
        name="Support",
        week={day: list(DEFAULT_DAY) for day in range(6)},
        holiday_country="FR",
        holiday_overrides={date(2027, 5, 8): False},
        # Ramadan hours on the team's working days only (a work week of the range)
        exceptions=[CalendarException(date(2027, 2, 8), date(2027, 3, 9), list(RAMADAN_HOURS), "Ramadan",
                                      weekdays=list(range(6)))],
        base="Standard",
    )


def calendars() -> dict[str, CalendarSpec]:
    return {
        "Support": support_calendar(),
        # no exception, no override: only its week and country describe it
        "Standard": CalendarSpec(name="Standard"),
        # a vendor in the Gulf: Sunday to Thursday, Saturday explicitly off, no public holidays
        "Fournisseur": CalendarSpec(name="Fournisseur", holiday_country=None,
                                    week={6: list(DEFAULT_DAY), 0: list(DEFAULT_DAY), 1: list(DEFAULT_DAY),
                                          2: list(DEFAULT_DAY), 3: list(MORNING), 5: []}),
    }


def project(calendar_specs: dict[str, CalendarSpec]) -> ProjectData:
    tasks = [
        Task("1", "Installation", duration_days=2),
        Task("2", "Bascule de fin d'année", duration_days=3, constraint_type=ConstraintType.SNET,
             constraint_date=datetime(2026, 12, 24)),
        Task("3", "Recette au siège", duration_days=2, calendar="Standard"),
    ]
    card = Project("SUP", "Support monétique", start=date(2026, 12, 4), calendar="Support")
    return ProjectData(card, tasks=tasks, calendars=calendar_specs)


def calendar_cells(path, sheet_name: str) -> list[list]:
    """The calendar table as openpyxl reads it, header included, without empty rows."""
    sheet = openpyxl.load_workbook(path)[sheet_name]
    return [list(row) for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


def rewrite_calendar(path, rows: list[list], lang: str = "fr") -> None:
    """Replace the calendar table of the workbook at ``path`` by ``rows`` (header first)."""
    book = openpyxl.load_workbook(path)
    sheet = book[CALENDAR.sheet(lang)]
    for name in list(sheet.tables):
        del sheet.tables[name]
    sheet.delete_rows(1, sheet.max_row)
    for row in rows:
        sheet.append(row)
    book.save(path)


# -- round trip ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_calendar_round_trips_exactly(tmp_path, lang):
    data = project(calendars())
    path = write_project_workbook(data, tmp_path / f"support_{lang}.xlsx", lang)
    result = read_project_workbook(path)
    assert [str(p) for p in result.problems] == []
    assert result.data.calendars == data.calendars
    assert result.data == dataclasses.replace(data, source=str(path))


def test_calendar_rows_as_a_second_reader_sees_them_in_french(tmp_path):
    path = write_project_workbook(project(calendars()), tmp_path / "support.xlsx", "fr")
    rows = calendar_cells(path, "Calendrier")
    assert rows[0] == ["Calendrier", "Type", "Jours", "Début", "Fin", "Horaires", "Pays des fériés",
                       "Calendrier de base", "Libellé"]
    assert rows[1:] == [
        ["Support", "semaine de travail", "lun-sam", None, None, "08:00-12:00; 13:00-17:00", None, None, None],
        ["Support", "jours fériés du pays", None, None, None, None, "FR", None, None],
        ["Support", "calendrier de base", None, None, None, None, None, "Standard", None],
        ["Support", "exception", "lun-sam", datetime(2027, 2, 8), datetime(2027, 3, 9), "09:00-15:00", None, None,
         "Ramadan"],
        ["Support", "férié travaillé", None, datetime(2027, 5, 8), datetime(2027, 5, 8), None, None, None, None],
        ["Standard", "semaine de travail", "lun-ven", None, None, "08:00-12:00; 13:00-17:00", None, None, None],
        ["Standard", "jours fériés du pays", None, None, None, None, "MA", None, None],
        # Sunday sorts last in the ISO week: Mon-Wed and Sun share their hours
        ["Fournisseur", "semaine de travail", "lun-mer; dim", None, None, "08:00-12:00; 13:00-17:00", None, None,
         None],
        ["Fournisseur", "semaine de travail", "jeu", None, None, "08:00-12:00", None, None, None],
        ["Fournisseur", "semaine de travail", "sam", None, None, None, None, None, None],
        ["Fournisseur", "jours fériés du pays", None, None, None, None, "aucun", None, None],
    ]


def test_calendar_rows_in_english(tmp_path):
    path = write_project_workbook(project(calendars()), tmp_path / "support.xlsx", "en")
    rows = calendar_cells(path, "Calendar")
    assert rows[0] == ["Calendar", "Kind", "Days", "Start", "Finish", "Hours", "Holiday country", "Base calendar",
                       "Label"]
    assert [row[:3] + row[5:7] for row in rows[1:3]] == [
        ["Support", "working week", "Mon-Sat", "08:00-12:00; 13:00-17:00", None],
        ["Support", "holiday country", None, None, "FR"]]
    assert rows[-1][:2] + rows[-1][6:7] == ["Fournisseur", "holiday country", "none"]


def test_a_calendar_without_exceptions_does_not_disappear(tmp_path):
    data = project({"Standard": CalendarSpec(name="Standard")})
    path = write_project_workbook(data, tmp_path / "standard.xlsx", "fr")
    read = read_project_workbook(path).data
    assert list(read.calendars) == ["Standard"]
    assert read.calendars["Standard"] == CalendarSpec(name="Standard")


def test_a_week_without_working_days_stays_without_working_time(tmp_path):
    data = project({"Support": support_calendar(), "Fermé": CalendarSpec(name="Fermé", week={})})
    path = write_project_workbook(data, tmp_path / "ferme.xlsx", "fr")
    assert ["Fermé", "semaine de travail", "lun-dim"] in [row[:3] for row in calendar_cells(path, "Calendrier")]
    closed = read_project_workbook(path).data.calendars["Fermé"]
    assert closed.week == {day: [] for day in range(7)}  # no working time, as written: not the default week


def test_week_rows_typed_by_hand_in_any_form(tmp_path):
    path = write_project_workbook(project({}), tmp_path / "p.xlsx", "fr")
    rewrite_calendar(path, [
        ["Calendrier", "Type", "Jours", "Horaires", "Pays des fériés"],
        ["Golfe", "Semaine de travail", "dimanche à jeudi", "08:00-12:00; 13:00-17:00", None],
        ["Golfe", "jours feries du pays", None, None, "ae"],
        ["Maintenance", "working week", "Mon, Wed; fri.", "9h00-15h00", None],
    ])
    result = read_project_workbook(path)
    # the sheet no longer defines "Standard", which task 3 names: a warning at that cell, nothing else
    assert [(p.code, p.location.sheet, p.location.column, p.found) for p in result.problems] == [
        ("unknown_reference", "Tâches", "Calendrier", "Standard")]
    assert result.data.calendars == {
        "Golfe": CalendarSpec(name="Golfe", week={day: list(DEFAULT_DAY) for day in (6, 0, 1, 2, 3)},
                              holiday_country="AE"),
        "Maintenance": CalendarSpec(name="Maintenance", week={day: list(RAMADAN_HOURS) for day in (0, 2, 4)}),
    }


def test_old_calendar_sheets_keep_their_meaning(tmp_path):
    # the sheet as it was before working weeks: no Days, country or base column, exception rows only
    path = write_project_workbook(project({}), tmp_path / "ancien.xlsx", "fr")
    rewrite_calendar(path, [
        ["Calendrier", "Type", "Début", "Fin", "Horaires", "Libellé"],
        ["Standard", "exception", datetime(2026, 8, 3), datetime(2026, 8, 14), None, "Fermeture estivale"],
        ["Standard", "férié ajouté", datetime(2026, 3, 21), None, None, None],
        ["Siège", "exception", datetime(2026, 7, 1), datetime(2026, 7, 31), "08:00-15:00", "Horaires d'été"],
    ])
    result = read_project_workbook(path)
    assert result.problems == []
    assert result.data.calendars == {
        "Standard": CalendarSpec(
            name="Standard",
            exceptions=[CalendarException(date(2026, 8, 3), date(2026, 8, 14), [], "Fermeture estivale")],
            holiday_overrides={date(2026, 3, 21): True}),
        "Siège": CalendarSpec(
            name="Siège",
            exceptions=[CalendarException(date(2026, 7, 1), date(2026, 7, 31), [WorkingPeriod(480, 900)],
                                          "Horaires d'été")]),
    }
    # the default week and Moroccan holidays, as before
    assert result.data.calendars["Siège"].week == {day: DEFAULT_DAY for day in range(5)}
    assert result.data.calendars["Siège"].holiday_country == "MA"


def test_build_calendars_gives_the_default_week_until_a_week_row_comes():
    rows = [CalendarRow("A", CalendarEntryKind.EXCEPTION, date(2026, 1, 2)),
            CalendarRow("A", CalendarEntryKind.WORKING_WEEK, weekdays=[5], periods=list(MORNING)),
            CalendarRow("A", CalendarEntryKind.WORKING_WEEK, weekdays=[0, 1], periods=list(DEFAULT_DAY)),
            CalendarRow("A", CalendarEntryKind.HOLIDAY_COUNTRY, country=NO_HOLIDAY_COUNTRY)]
    spec = build_calendars(rows)["A"]
    assert spec.week == {5: MORNING, 0: DEFAULT_DAY, 1: DEFAULT_DAY}
    assert spec.holiday_country is None
    assert spec.exceptions == [CalendarException(date(2026, 1, 2), date(2026, 1, 2))]


# -- values -------------------------------------------------------------------------
@pytest.mark.parametrize("text, days", [
    ("lun-ven", [0, 1, 2, 3, 4]), ("Mon-Sat", [0, 1, 2, 3, 4, 5]), ("dim-jeu", [0, 1, 2, 3, 6]),
    ("lundi au samedi", [0, 1, 2, 3, 4, 5]), ("Monday to Friday", [0, 1, 2, 3, 4]),
    ("sam", [5]), ("lun.; mer.; VEN", [0, 2, 4]), ("sam-lun", [0, 5, 6]), ("mardi", [1]),
    ("lundi, lundi", [0]), ("", []),
])
def test_weekdays_typed_in_french_or_english(text, days):
    assert parse_weekdays(text) == days


@pytest.mark.parametrize("days, french, english", [
    ([0, 1, 2, 3, 4, 5], "lun-sam", "Mon-Sat"), ([0, 1], "lun; mar", "Mon; Tue"),
    ([0, 1, 2, 4, 6], "lun-mer; ven; dim", "Mon-Wed; Fri; Sun"),
])
def test_weekdays_written_back(days, french, english):
    assert (format_weekdays(days, "fr"), format_weekdays(days, "en")) == (french, english)
    assert parse_weekdays(french) == parse_weekdays(english) == days


def test_holiday_countries_are_those_of_the_holidays_package():
    supported = holidays.list_supported_countries()
    assert "FR" in supported and "MA" in supported and "XX" not in supported
    assert parse_holiday_country(" fr ") == "FR"
    assert parse_holiday_country("Aucun") == parse_holiday_country("none") == NO_HOLIDAY_COUNTRY
    with pytest.raises(ValueError):
        parse_holiday_country("XX")


@pytest.mark.parametrize("text", ["17:00-08:00", "08:00-12:00; 11:00-14:00", "13:00-17:00; 08:00-12:00",
                                  "08:00-25:00", "08:70-12:00", "le matin"])
def test_bad_hours_are_refused(text):
    with pytest.raises(ValueError):
        parse_hours(text)


# -- located errors -----------------------------------------------------------------
def written(tmp_path, lang: str = "fr"):
    return write_project_workbook(project(calendars()), tmp_path / f"p_{lang}.xlsx", lang)


def edit(path, sheet_name: str, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    for cell, value in cells.items():
        book[sheet_name][cell] = value
    book.save(path)


def problems_of(path) -> list[tuple]:
    result = read_project_workbook(path)
    return [(p.location.sheet, p.location.cell, p.message, p.found, p.expected, p.severity)
            for p in result.problems]


def test_a_bad_weekday_is_located(tmp_path):
    path = written(tmp_path)
    edit(path, "Calendrier", {"C2": "lundi-vend"})
    assert problems_of(path) == [("Calendrier", "C2", "unknown weekday", "lundi-vend",
                                  "days of the week like lun-ven; sam (or Mon-Fri; Sat)", Severity.ERROR)]
    # the row is left out: the Support calendar falls back to the standard week, keeping its other rows
    support = read_project_workbook(path).data.calendars["Support"]
    assert support.week == {day: DEFAULT_DAY for day in range(5)} and support.holiday_country == "FR"


@pytest.mark.parametrize("hours, expected", [
    ("17:00-08:00", "hours like 08:00-12:00; 13:00-17:00"),
    ("08:00-12:00; 11:00-14:00", "hours in order and not overlapping, like 08:00-12:00; 13:00-17:00"),
])
def test_bad_hours_of_a_working_week_are_located(tmp_path, hours, expected):
    path = written(tmp_path)
    edit(path, "Calendrier", {"F2": hours})
    assert problems_of(path) == [("Calendrier", "F2", "hours not understood", hours, expected, Severity.ERROR)]


def test_an_unknown_country_code_is_located_in_english(tmp_path):
    path = written(tmp_path, "en")
    edit(path, "Calendar", {"G3": "XX"})
    result = read_project_workbook(path)
    [problem] = result.problems
    assert (problem.location.sheet, problem.location.cell, problem.location.column) == ("Calendar", "G3",
                                                                                          "Holiday country")
    assert (problem.message, problem.found, problem.code) == ("unknown country code", "XX", "unknown_country")
    assert problem.expected == "a country code of the holidays calendar (MA, FR…) or aucun (none)"
    assert result.data.calendars["Support"].holiday_country == "MA"  # its row left out: the default


def test_a_row_missing_what_its_kind_needs_is_located(tmp_path):
    path = written(tmp_path)
    edit(path, "Calendrier", {"C2": None, "G3": None, "D5": None, "E5": None, "H4": None})
    assert problems_of(path) == [
        ("Calendrier", "C2", "required value missing", None, "Jours (semaine de travail)", Severity.ERROR),
        ("Calendrier", "G3", "required value missing", None, "Pays des fériés (jours fériés du pays)",
         Severity.ERROR),
        ("Calendrier", "H4", "required value missing", None, "Calendrier de base (calendrier de base)",
         Severity.ERROR),
        ("Calendrier", "D5", "required value missing", None, "Début (exception)", Severity.ERROR),
    ]


def test_a_day_or_a_setting_given_twice_is_located(tmp_path):
    path = written(tmp_path)
    # Standard (rows 7-8): Saturday added, then Friday given again; Fournisseur's country given twice
    edit(path, "Calendrier", {
        "A13": "Standard", "B13": "semaine de travail", "C13": "ven-sam", "F13": "08:00-12:00",
        "A14": "Fournisseur", "B14": "jours fériés du pays", "G14": "FR",
        "A15": "Support", "B15": "calendrier de base", "H15": "Siège",
    })
    assert problems_of(path) == [
        ("Calendrier", "C13", "day already in the working week", "ven",
         "each day once per calendar (first given in C7)", Severity.ERROR),
        ("Calendrier", "G14", "calendar setting given twice", "FR",
         "one row per calendar (first given in G12)", Severity.ERROR),
        ("Calendrier", "H15", "calendar setting given twice", "Siège",
         "one row per calendar (first given in H4)", Severity.ERROR),
    ]


def test_a_value_the_kind_of_row_does_not_use_is_a_warning(tmp_path):
    path = written(tmp_path)
    # a date on the working-week row, hours on the holiday-country row
    edit(path, "Calendrier", {"D2": datetime(2026, 12, 1), "F3": "08:00-12:00"})
    assert problems_of(path) == [
        ("Calendrier", "D2", "value not used by this kind of row", "01/12/2026",
         "an empty cell on a row 'semaine de travail'", Severity.WARNING),
        ("Calendrier", "F3", "value not used by this kind of row", "08:00-12:00",
         "an empty cell on a row 'jours fériés du pays'", Severity.WARNING),
    ]
    # warnings only: the calendar is read as written
    assert read_project_workbook(path).data.calendars["Support"] == support_calendar()


def test_a_base_calendar_not_in_the_sheet_is_a_warning(tmp_path):
    path = written(tmp_path)
    edit(path, "Calendrier", {"H4": "Siège"})
    assert problems_of(path) == [("Calendrier", "H4", "unknown base calendar", "Siège",
                                  "another calendar of this sheet", Severity.WARNING)]


# -- the scheduler uses the calendars read back -------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_schedule_of_a_workbook_read_back_uses_its_working_week_and_country(tmp_path, lang):
    path = write_project_workbook(project(calendars()), tmp_path / f"support_{lang}.xlsx", lang)
    data = read_project_workbook(path).data
    tasks = schedule(data).tasks.set_index("id")
    # 1 (Support, Mon-Sat): 2 days from Friday 4/12 08:00 -> Friday, Saturday 5/12 -> Sat 5/12 17:00
    assert tasks.loc["1", "early_start"] == datetime(2026, 12, 4, 8)
    assert tasks.loc["1", "early_finish"] == datetime(2026, 12, 5, 17)
    # 2 (Support, French holidays): 3 days from Thursday 24/12: Thu 24; Fri 25 Christmas (a French, not a
    # Moroccan, holiday) off; Sat 26; Sun 27 off; Mon 28 -> Mon 28/12 17:00
    assert tasks.loc["2", "early_start"] == datetime(2026, 12, 24, 8)
    assert tasks.loc["2", "early_finish"] == datetime(2026, 12, 28, 17)
    # 3 (Standard, Mon-Fri): 2 days from Friday 4/12 -> Friday, Monday 7/12 -> Mon 7/12 17:00
    assert tasks.loc["3", "early_finish"] == datetime(2026, 12, 7, 17)


def test_ramadan_hours_read_back_shorten_the_working_day(tmp_path):
    data = project(calendars())
    data.project.start = date(2027, 2, 11)  # a Thursday of the Ramadan exception (09:00-15:00, 6 h a day)
    data.tasks = [Task("1", "Correctif", duration_days=2)]
    path = write_project_workbook(data, tmp_path / "ramadan.xlsx", "fr")
    tasks = schedule(read_project_workbook(path).data).tasks.set_index("id")
    # 2 days = 16 h at 6 h a day: Thu 11 (6), Fri 12 (12), Sat 13 09:00-13:00 (16) -> Sat 13/02 13:00
    assert tasks.loc["1", "early_start"] == datetime(2027, 2, 11, 9)
    assert tasks.loc["1", "early_finish"] == datetime(2027, 2, 13, 13)


def test_calendar_problems_have_french_texts(tmp_path):
    path = written(tmp_path)
    edit(path, "Calendrier", {"C2": "lundi-vend", "G3": "XX", "C8": "lun"})
    [weekday, country, ignored] = read_project_workbook(path).problems
    assert (problem_message(weekday), problem_expected(weekday)) == (
        "jour de la semaine inconnu", "des jours de la semaine comme lun-ven; sam")
    assert (problem_message(country), problem_expected(country)) == (
        "code pays inconnu", "un code pays du calendrier des jours fériés (MA, FR…) ou aucun")
    assert (problem_message(ignored), problem_expected(ignored)) == (
        "valeur inutilisée pour ce type de ligne", "une cellule vide sur une ligne « jours fériés du pays »")
