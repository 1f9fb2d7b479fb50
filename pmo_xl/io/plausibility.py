"""Bounds of the values a project workbook may hold, beyond which a value is a mistake, not data.

A duration of ten million days, a lag of 99,999,999 days, a cost of 1e308
or a date in 1850 are typing or export accidents; read as they are, they
overflow the calendar code or distort every total.  A cell beyond these
bounds is an error on that cell.  A date far in the future such as
31/12/9999, which people type for "no deadline", is read as no date, with a
warning.
"""

from __future__ import annotations

from datetime import date, datetime

#: Longest duration in hours of an activity of a P6 plan (real plans hold level-of-effort activities of
#: several million hours; 1e15 hours is an accident).
MAX_ACTIVITY_HOURS = 1e7
#: Longest duration, work or float, in days, of any "…_days" column: the longest P6 activity at 8 hours a
#: day, so that a plan imported from P6 stays readable in its workbook (ten million days is an accident).
MAX_DAYS = MAX_ACTIVITY_HOURS / 8
#: Longest lag of a link, in days, either way (ten years).
MAX_LAG_DAYS = 3_650.0
#: Largest amount of money, in the project's currency.
MAX_MONEY = 1e13
#: Largest other number (counts, weights, hours).
MAX_NUMBER = 1e9

#: The plausible dates of a project: from the first day of this year …
EARLIEST_YEAR = 1990
#: … to the last day of this one.
LATEST_YEAR = 2100
#: Dates from this year on are "no date" placeholders (31/12/9999, 01/01/9000 …).
PLACEHOLDER_FROM_YEAR = 9000

EARLIEST_DATE = date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = date(LATEST_YEAR, 12, 31)


def number_bound(field_name: str, is_money: bool) -> float:
    """The largest magnitude a number of ``field_name`` may have."""
    if field_name.endswith("_days"):
        return MAX_DAYS
    return MAX_MONEY if is_money else MAX_NUMBER


def is_placeholder_date(value: date | datetime) -> bool:
    """Whether ``value`` is a far-future stand-in for "no date"."""
    return value.year >= PLACEHOLDER_FROM_YEAR


def is_plausible_date(value: date | datetime) -> bool:
    """Whether ``value`` lies in the window of plausible project dates."""
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def window_text() -> str:
    return f"a date between 01/01/{EARLIEST_YEAR} and 31/12/{LATEST_YEAR}"


#: Longest text kept from a cell; a longer one is cut, with a warning.
MAX_TEXT_LENGTH = 5_000
#: Longest project code; a longer one is cut, with a warning.
MAX_CODE_LENGTH = 32
#: Characters a project code may not hold: it names files and folders of the packs.
CODE_FORBIDDEN = frozenset('/\\:*?"<>|')


def without_invisible_controls(text: str) -> str:
    """``text`` without control and format characters (right-to-left overrides, zero-width marks …),
    line breaks and tabs kept."""
    import unicodedata

    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))


def code_problem_text(code: str) -> str | None:
    """Why ``code`` cannot be a project code (a path separator or another forbidden character, a
    leading dot), or ``None``."""
    if any(ch in CODE_FORBIDDEN for ch in code) or ".." in code or code.startswith("."):
        return "a code without / \\ : * ? \" < > | or leading dot"
    return None
