"""Number, amount, percentage and date writing in French and English packs."""

import math
from datetime import date, datetime

from pmo_xl.reports.formatting import (
    format_amount,
    format_date,
    format_percent,
    format_ratio,
    format_text,
)

NNBSP = "\u202f"


def test_amount_in_french_uses_narrow_no_break_spaces():
    assert format_amount(1234567.4, "MAD", "fr") == f"1{NNBSP}234{NNBSP}567{NNBSP}MAD"
    assert format_amount(1234567.5, "MAD", "fr") == f"1{NNBSP}234{NNBSP}568{NNBSP}MAD"  # half up


def test_amount_in_english_uses_commas():
    assert format_amount(1234567.4, "MAD", "en") == "1,234,567 MAD"
    assert format_amount(-2500, "EUR", "en") == "-2,500 EUR"


def test_ratio_decimal_separator_follows_language():
    assert format_ratio(0.925, "fr") == "0,93"
    assert format_ratio(0.925, "en") == "0.93"
    assert format_ratio(1.0, "fr") == "1,00"


def test_percent():
    assert format_percent(0.874, "fr") == f"87{NNBSP}%"
    assert format_percent(0.875, "en") == "88%"


def test_dates():
    assert format_date(date(2026, 11, 5), "fr") == "05/11/2026"
    assert format_date(datetime(2026, 11, 5, 17, 0), "en") == "2026-11-05"


def test_missing_values_are_dashes():
    for value in (None, math.nan, float("nan")):
        assert format_amount(value) == "–"
        assert format_ratio(value) == "–"
        assert format_date(value) == "–"
    assert format_text("  ") == "–"
