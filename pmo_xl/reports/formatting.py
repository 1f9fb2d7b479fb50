"""How numbers, amounts, percentages and dates are written in packs, by language.

French packs write ``1 234 567 MAD``, ``0,93`` and ``87 %`` (the thousands
separator and the space before ``%`` are narrow no-break spaces, U+202F, as
French typography and CLDR want); English packs write ``1,234,567 MAD``,
``0.93`` and ``87%``.  A missing value (``None``, NaN, NaT) is written as an
en dash.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"
MISSING = "–"


def is_missing(value: object) -> bool:
    """True for ``None``, NaN and pandas' NaT/NA."""
    if value is None:
        return True
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return True
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(value != value)  # numpy NaN and similar
    except (TypeError, ValueError):
        return False


def format_number(value: object, lang: str = "fr", decimals: int = 0) -> str:
    """``value`` rounded half-up to ``decimals`` with the language's separators."""
    if is_missing(value):
        return MISSING
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{decimals}f}"  # "1,234,567.89"
    if lang == "fr":
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def format_amount(value: object, currency: str | None = "MAD", lang: str = "fr", decimals: int = 0) -> str:
    """A money amount with its currency code: ``1 234 567 MAD`` / ``1,234,567 MAD``."""
    if is_missing(value):
        return MISSING
    number = format_number(value, lang, decimals)
    return f"{number}{NARROW_NBSP if lang == 'fr' else ' '}{currency}" if currency else number


def format_ratio(value: object, lang: str = "fr", decimals: int = 2) -> str:
    """An index such as SPI or CPI: ``0,93`` / ``0.93``."""
    return format_number(value, lang, decimals)


def format_percent(fraction: object, lang: str = "fr", decimals: int = 0) -> str:
    """A fraction (0.87) as a percentage: ``87 %`` / ``87%``."""
    if is_missing(fraction):
        return MISSING
    number = format_number(float(fraction) * 100.0, lang, decimals)
    return f"{number}{NARROW_NBSP}%" if lang == "fr" else f"{number}%"


def format_date(value: object, lang: str = "fr") -> str:
    """A date: ``25/11/2026`` in French, ``2026-11-25`` in English."""
    if is_missing(value):
        return MISSING
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    return f"{value:%d/%m/%Y}" if lang == "fr" else f"{value:%Y-%m-%d}"


def format_days(value: object, lang: str = "fr", decimals: int = 0) -> str:
    """A number of days with its unit: ``12 j`` / ``12 d``."""
    if is_missing(value):
        return MISSING
    return f"{format_number(value, lang, decimals)}{NARROW_NBSP}j" if lang == "fr" else f"{format_number(value, lang, decimals)} d"


def format_text(value: object) -> str:
    """Free text from a workbook, with a dash when empty."""
    if is_missing(value):
        return MISSING
    text = str(value).strip()
    return text if text else MISSING


def count_text(count: int, singular: str, plural: str, lang: str = "fr") -> str:
    """A count with its noun in the right number: ``1 projet``, ``0 projet``, ``3 projets``; ``0 projects`` in English.

    French takes the singular for 0 and 1, English only for 1.
    """
    count = int(count)
    singular_wanted = count in (0, 1) if lang == "fr" else count == 1
    return f"{format_number(count, lang)} {singular if singular_wanted else plural}"
