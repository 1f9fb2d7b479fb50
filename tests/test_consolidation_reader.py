"""The project-workbook reader's per-column fast conversion gives what the full conversion gives.

Consolidation reads hundreds of workbooks, so the reader converts the usual
cells (floats, dates, known texts, plain predecessor links) through a
converter chosen once per column and leaves every other cell — every bad one
included — to :meth:`TableReader.convert`.  These tests hold the two paths
to the same answers: cell by cell over every column of every table, link by
link against the predecessor parser, and workbook by workbook on damaged
workbooks read with and without the fast path (same data, same located
problems).
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import sample_project_data
from pmo_xl.errors import Location, ProblemList
from pmo_xl.io import workbook_reader
from pmo_xl.io.predecessors import parse_predecessors_collect
from pmo_xl.io.workbook_reader import (
    _FULL_CONVERSION,
    TableReader,
    _fast_converter,
    _plain_links,
    read_project_workbook,
)
from pmo_xl.io.workbook_writer import write_project_workbook
from pmo_xl.model.domain import Assignment, Link
from pmo_xl.model.enums import ConstraintType, LinkType
from pmo_xl.model.schemas import ALL_TABLES, PROJECT_CARD, TASKS, ValueKind, enum_choices

#: Raw cell values as python-calamine gives them (stripped, non-blank), good and bad.
RAW_VALUES: list[object] = [
    0.0, 1.0, 2.0, 3.0, -1.0, 0.5, 0.25, 1.5, 12.5, 100.0, 101.0, 150.0, -0.0, 1e300, float("inf"),
    float("-inf"), float("nan"), 7, True, False,
    date(2026, 11, 25), date(2026, 2, 1),
    datetime(2026, 11, 25), datetime(2026, 11, 25, 8, 0), datetime(2026, 11, 25, 17, 30, 59),
    datetime(2026, 11, 25, 17, 30, 59, 600_000), datetime(2026, 11, 25, 8, 0, 0, 1),
    "12", "12,5", "50 %", "abc", "25/11/2026", "2026-11", "11/2026", "nov. 2026", "2026-W47",
    "oui", "non", "Oui", "yes", "x", "peut-être", "MAD", "mad", "EUR", "XYZ",
    "3", "3DD+5j", "3; 4", "12FS+2d; 14SS", "CBM:45FS", "7SS+50%", "12FS-1.5d", "3FS+2ed", "12 FS", "12XX",
    "3,5", "12fs", "1.5", "RES-008[30%]; RES-017[50%]", "DEV1", "DEV1[50", "08:00-12:00; 13:00-17:00",
    "ASAP", "asap", "Dès que possible", "cycle en V", "réalisation", "% achevé", "FS", "DD",
]


def _all_columns():
    for table in (PROJECT_CARD, *ALL_TABLES):
        for column in table.columns:
            yield table, column


def _raws_for(column) -> list[object]:
    raws = list(RAW_VALUES)
    if column.kind is ValueKind.ENUM:
        raws += enum_choices(column.enum, "fr") + enum_choices(column.enum, "en")
        raws += [member.value for member in column.enum if isinstance(member.value, str)]
    return raws


@pytest.mark.parametrize("table,column", list(_all_columns()),
                         ids=lambda item: getattr(item, "key", None) or getattr(item, "field", None))
def test_fast_conversion_agrees_with_full_conversion(table, column):
    fast = _fast_converter(column)
    if fast is None:
        return
    for raw in _raws_for(column):
        for attempt in range(2):  # the second time from the converter's remembered texts
            value = fast(raw)
            if value is _FULL_CONVERSION:
                continue
            problems = ProblemList()
            reader = TableReader("f.xlsx", table.sheet_fr, table, "fr", problems)
            ok, expected = reader.convert(column, raw, Location(file="f.xlsx"))
            assert ok and not problems, (column.field, raw, [str(p) for p in problems])
            assert value == expected and type(value) is type(expected), (column.field, raw, attempt)


def _kind_column(kind: ValueKind, **limits):
    return next(c for _, c in _all_columns() if c.kind is kind
                and all(getattr(c, name) == value for name, value in limits.items()))


def test_fast_conversion_values_worked_out_by_hand():
    percent = _kind_column(ValueKind.PERCENT, minimum=0, maximum=100)
    assert _fast_converter(percent)(0.5) == 50.0  # a 0 % cell holding 0.5 shows "50 %"
    assert _fast_converter(percent)(1.01) is _FULL_CONVERSION  # 101 %: reported by the full conversion
    integer = _kind_column(ValueKind.INT)
    assert _fast_converter(integer)(2.0) == 2 and type(_fast_converter(integer)(2.0)) is int
    assert _fast_converter(integer)(2.5) is _FULL_CONVERSION
    day = _kind_column(ValueKind.DATE)
    assert _fast_converter(day)(datetime(2026, 3, 5, 17, 0)) == date(2026, 3, 5)
    moment = _kind_column(ValueKind.DATETIME)
    assert _fast_converter(moment)(date(2026, 3, 5)) == datetime(2026, 3, 5, 0, 0)
    month = _kind_column(ValueKind.MONTH)
    assert _fast_converter(month)(date(2026, 3, 17)) == date(2026, 3, 1)
    constraint = TASKS.column("constraint_type")
    assert _fast_converter(constraint)("ASAP") is ConstraintType.ASAP
    assert _fast_converter(constraint)("bientôt") is _FULL_CONVERSION
    links = _fast_converter(TASKS.column("predecessors"))("3DD+5j; CBM:45FS; 7SS-50%")
    assert links == [Link("3", LinkType.SS, lag_days=5.0), Link("45", LinkType.FS, predecessor_project="CBM"),
                     Link("7", LinkType.SS, lag_percent=-50.0)]
    assert _fast_converter(TASKS.column("resources"))("RES-008[30%]; PM") == [
        Assignment("RES-008", 0.3), Assignment("PM", 1.0)]


def _link_texts() -> list[str]:
    projects = ["", "CBM:", "P-CORE.01:", "cbm_2:"]
    ids = ["1", "12", "045", "A1", "1.2"]
    types = ["", "FS", "SS", "FF", "SF", "FD", "DD", "DF", "fs", "Dd"]
    lags = ["", "+2", "-3", "+2j", "-1d", "+2.5d", "-0j", "+50%", "+2ed", "+2,5j", "+2 j", "+3jours", "+", "+d"]
    texts = ["".join(parts) for parts in itertools.product(projects, ids, types, lags)]
    texts += ["3; 4", "3;4;", " 3 ; 4 ", "3;;4", ";", "3, 4", "3 FS", "12XX", "FS", "12FS2d", "3DD+5j; 9FF-1j",
              "1;2;3;4;5;6;7;8;9;10;11", "12FS+2d\n14SS", "CBM:45FS; 46", "CBM::45", ":45", "45:"]
    return texts


def test_plain_links_are_the_links_the_predecessor_parser_gives():
    plain = 0
    for text in _link_texts():
        links = _plain_links(text)
        if links is None:
            continue
        plain += 1
        expected, problems = parse_predecessors_collect(text)
        assert not problems and links == expected, text
    assert plain >= 4 * 3 * 8 * 8  # prefixes × numeric ids × upper-case types or none × plain lags


def test_plain_links_leave_other_forms_to_the_parser():
    for text in ("3, 4", "3 FS", "12fs", "1.2", "A1", "+2,5j", "3+2ed", "3FS+2 j", "3+3jours", "12XX"):
        assert _plain_links(text) is None, text


# -- whole workbooks, with and without the fast path ------------------------------------------------
DAMAGE_VALUES: list[object] = [
    None, "", "   ", "abc", "12", "12,5", "-3", 0, 1, -1, 2.5, 0.5, 1.2, 150, 1e9, True, False,
    datetime(2026, 11, 25), datetime(2026, 11, 25, 9, 30), datetime(2030, 1, 1), datetime(2001, 1, 1),
    "25/11/2026", "32/13/2026", "oui", "non", "MAD", "XYZ", "3DD+5j", "3; 999", "1", "12XX",
    "RES-001[50%]", "RES-999", "bad[", "ASAP", "FNLT", "inconnu", "ouvert", "clos", "=1+1",
]


def _damaged_workbook(path: Path, seed: int, cells: int) -> Path:
    """The sample workbook with ``cells`` random cells of its table sheets overwritten."""
    write_project_workbook(sample_project_data(), path)
    rng = random.Random(seed)
    book = openpyxl.load_workbook(path)
    sheets = [table.sheet_fr for table in ALL_TABLES if table.sheet_fr in book.sheetnames]
    for _ in range(cells):
        sheet = book[rng.choice(sheets)]
        row = rng.randint(2, max(sheet.max_row, 2) + 1)
        column = rng.randint(1, max(sheet.max_column, 1))
        sheet.cell(row=row, column=column).value = rng.choice(DAMAGE_VALUES)
    book.save(path)
    return path


def _read_without_fast_path(path: Path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(workbook_reader, "_fast_converter", lambda column: None)
        return read_project_workbook(path)


@pytest.mark.parametrize("seed", range(6))
def test_damaged_workbook_reads_the_same_with_and_without_fast_path(tmp_path, monkeypatch, seed):
    path = _damaged_workbook(tmp_path / f"projet-{seed}.xlsx", seed, cells=60)
    fast = read_project_workbook(path)
    full = _read_without_fast_path(path, monkeypatch)
    assert [str(p) for p in fast.problems] == [str(p) for p in full.problems]
    assert fast.problems == full.problems
    assert fast.data == full.data
    assert len(full.problems) >= 5  # the damage is seen, so the comparison covers rejected cells


def test_good_workbook_reads_the_same_with_and_without_fast_path(tmp_path, monkeypatch):
    path = write_project_workbook(sample_project_data(), tmp_path / "projet.xlsx")
    fast = read_project_workbook(path)
    full = _read_without_fast_path(path, monkeypatch)
    assert fast.data == full.data and fast.problems == full.problems
    assert fast.data == read_project_workbook(path).data  # the remembered texts change nothing
    sample = sample_project_data()
    assert [t.id for t in fast.data.tasks] == [t.id for t in sample.tasks]
    assert [t.predecessors for t in fast.data.tasks] == [t.predecessors for t in sample.tasks]
