"""What project managers really do to a workbook, and the reader still understands."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import openpyxl
import pytest

from conftest import sample_project_data
from pmo_xl.io.values import parse_date, parse_month, parse_number, parse_percent, parse_period
from pmo_xl.io.workbook_reader import read_project_workbook
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import Assignment
from pmo_xl.model.enums import ItemStatus, LinkType


def edited(tmp_path, change, lang="fr"):
    path = write_project_workbook(sample_project_data(), tmp_path / "projet.xlsx", lang)
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return read_project_workbook(path)


def test_reordered_and_extra_columns_blank_rows_and_loose_headers(tmp_path):
    def change(book):
        tasks = book["Tâches"]
        tasks.insert_cols(1)  # an extra column in front, with its own header
        tasks["A1"] = "Commentaire PMO"
        tasks["A3"] = "à revoir"
        tasks.move_range("E1:E20", cols=30)  # the task name column moved to the far right
        tasks["AI1"] = "  nom de la TACHE  "  # case, accents and spaces differ
        tasks["J1"] = "Predecessors"  # an English header in a French sheet
        tasks.insert_rows(5, amount=2)  # blank rows in the middle
    result = edited(tmp_path, change)
    assert result.problems == [] and result.ok
    expected = sample_project_data()
    assert result.data.tasks == expected.tasks


def test_header_row_below_a_title(tmp_path):
    def change(book):
        risks = book["Risques"]
        risks.insert_rows(1, amount=2)
        risks["A1"] = "Registre des risques — projet CBX"
    result = edited(tmp_path, change)
    assert result.ok and result.data.risks == sample_project_data().risks


def test_values_typed_as_text_in_french(tmp_path):
    def change(book):
        tasks = book["Tâches"]
        tasks["Q3"] = "05/01/2026"  # actual start, text date
        tasks["R3"] = "16-01-26"  # actual finish, two-digit year
        tasks["N2"] = "2026-01-05"  # baseline start, ISO
        tasks["O2"] = 46052  # baseline finish as an Excel serial number (30/01/2026)
        tasks["U3"] = "85 000,5"  # cost with a space and a decimal comma
        tasks["S5"] = "60 %"  # percent with a sign
        tasks["E5"] = "30,5"  # duration with a decimal comma
        tasks["G4"] = "OUI "  # milestone, upper case with a trailing space
        tasks["J5"] = " snet"  # constraint code in lower case
        tasks["A2"] = 1  # an id typed as a number
        tasks["I4"] = 2  # a predecessor typed as a number
        risks = book["Risques"]
        risks["F2"] = "Open"  # English label
        risks["F3"] = "IN_PROGRESS"  # code
        risks["C2"] = "4"  # probability as text
        ressources = book["Ressources"]
        ressources["G2"] = " mad"
        book["Budget"]["A2"] = "10/2026"  # month as mm/yyyy
        book["Budget"]["A3"] = "novembre 2026"
        book["Budget"]["A4"] = datetime(2026, 12, 15)  # any day of the month
        book["Dépendances"]["E3"] = "SS"  # English code in a French workbook
        book["Projet"]["B11"] = "20/11/2026"
    result = edited(tmp_path, change)
    assert [str(p) for p in result.problems] == []
    assert result.data == dataclasses.replace(sample_project_data(), source=result.data.source)


def test_english_labels_in_a_french_workbook_are_understood(tmp_path):
    def change(book):
        book["Tâches"]["T3"] = "PM1; BA1[50 %]"
        book["Actions"]["F2"] = "Steering committee"
        book["Décisions"]["E2"] = "approved"
        book["Calendrier"]["B4"] = "Exception"
    result = edited(tmp_path, change)
    assert result.ok
    assert result.data.task("2").resources == [Assignment("PM1"), Assignment("BA1", 0.5)]
    assert result.data == dataclasses.replace(sample_project_data(), source=result.data.source)


def test_english_sheet_names_in_any_case(tmp_path):
    def change(book):
        book["Risques"].title = "RISKS"
        book["Tâches"].title = "taches"
    result = edited(tmp_path, change)
    assert result.ok
    assert [r.status for r in result.data.risks] == [ItemStatus.OPEN, ItemStatus.IN_PROGRESS,
                                                     ItemStatus.CLOSED, ItemStatus.CANCELLED]
    assert result.data.task("4").predecessors[1].type is LinkType.SS


@pytest.mark.parametrize("text, expected", [
    ("25/11/2026", date(2026, 11, 25)), ("25-11-2026", date(2026, 11, 25)), ("25/11/26", date(2026, 11, 25)),
    ("25.11.2026", date(2026, 11, 25)), ("2026-11-25", date(2026, 11, 25)), (" 2026-11-25T14:30:00 ", date(2026, 11, 25)),
    (46351, date(2026, 11, 25)), ("46351", date(2026, 11, 25)), (datetime(2026, 11, 25, 9), date(2026, 11, 25)),
    ("1/2/2027", date(2027, 2, 1)),
])
def test_dates_as_people_type_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1 234,5", 1234.5), ("12,5", 12.5), ("50 %", 50.0), ("1.234,5", 1234.5), ("1,234.5", 1234.5),
    ("1\u202f234\u00a0567", 1234567.0), (" -3 ", -3.0), (7, 7.0), ("2e3", 2000.0),
])
def test_numbers_as_people_type_them(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("bad", ["abc", "12abc", "", "1,2,3.4.5", "--1", True])
def test_numbers_rejected(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


@pytest.mark.parametrize("text, expected", [
    ("11/2026", date(2026, 11, 1)), ("2026-11", date(2026, 11, 1)), ("nov. 2026", date(2026, 11, 1)),
    ("Février 2027", date(2027, 2, 1)), ("15/11/2026", date(2026, 11, 1)), ("août-26", date(2026, 8, 1)),
])
def test_months_as_people_type_them(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize("value, expected", [
    ("2026-11", "2026-11"), ("2026-w47", "2026-W47"), ("2026-Q4", "2026-Q4"), (datetime(2026, 11, 1), "2026-11"),
    ("11/2026", "2026-11"), ("nov. 2026", "2026-11"),
])
def test_periods_as_people_type_them(value, expected):
    assert parse_period(value) == expected


@pytest.mark.parametrize("bad", ["2026-13", "2026-W54", "bientôt", "2026"])
def test_periods_rejected(bad):
    with pytest.raises(ValueError):
        parse_period(bad)


def test_period_turned_into_a_date_by_excel_is_read_as_its_month(tmp_path):
    def change(book):
        book["Météo"]["A2"] = datetime(2026, 10, 1)
    result = edited(tmp_path, change)
    assert result.ok and result.data.status_reports[0].period == "2026-10"


@pytest.mark.parametrize("value, expected", [
    (0.5, 50.0), (1, 100.0), (0.125, 12.5), (0.6, 60.0), (0, 0.0),  # Excel percentages
    ("50 %", 50.0), ("12,5%", 12.5), ("60", 60.0), (" 100 % ", 100.0),  # text is in points
])
def test_percentages_as_excel_holds_them_and_as_people_type_them(value, expected):
    assert parse_percent(value) == expected


def test_percent_typed_with_its_sign_in_excel_is_read_in_points(tmp_path):
    def change(book):
        book["Tâches"]["S5"] = 0.75  # "75%" typed into the cell: Excel stores 0.75
        book["Ressources"]["H2"] = "80 %"
    result = edited(tmp_path, change)
    assert result.ok
    assert result.data.task("4").percent_complete == 75.0
    assert result.data.resources[0].capacity_percent == 80.0
