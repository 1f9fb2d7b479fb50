"""Cell values as project managers type them, turned into model values.

Each ``parse_*`` function takes a raw cell value (as python-calamine or
openpyxl returns it: ``str``, ``int``, ``float``, ``bool``, ``date``,
``datetime``) and returns the model value, or raises :class:`ValueError`
whose message says what was expected.  Matching ``format_*`` functions give
the text written back to Excel.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from pmo_xl.model.domain import Assignment, WorkingPeriod
from pmo_xl.model.schemas import (
    BOOL_LABELS,
    NO_HOLIDAY_COUNTRY,
    NO_HOLIDAY_COUNTRY_LABELS,
    WEEKDAY_NAMES,
    fold_label,
)

#: Active ISO 4217 currency codes accepted in every currency column.
ISO_4217_CURRENCIES: frozenset[str] = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES
KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF
XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG
""".split())

#: Currencies offered first in dropdowns (the bank's usual ones).
COMMON_CURRENCIES: tuple[str, ...] = ("MAD", "EUR", "USD", "GBP", "CHF", "XOF", "XAF", "TND", "DZD", "AED", "SAR", "CAD")

EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_EXCEL_SERIAL = 2958465  # 31/12/9999

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_DAY_FIRST = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_MONTH_NUMERIC = re.compile(r"^(?:(\d{1,2})[/.\-](\d{4})|(\d{4})[/.\-](\d{1,2}))$")
_MONTH_NAMES = {
    "jan": 1, "janv": 1, "janvier": 1, "january": 1, "feb": 2, "fev": 2, "fevr": 2, "fevrier": 2,
    "february": 2, "mar": 3, "mars": 3, "march": 3, "apr": 4, "avr": 4, "avril": 4, "april": 4,
    "may": 5, "mai": 5, "jun": 6, "juin": 6, "june": 6, "jul": 7, "juil": 7, "juillet": 7, "july": 7,
    "aug": 8, "aou": 8, "aout": 8, "august": 8, "sep": 9, "sept": 9, "septembre": 9, "september": 9,
    "oct": 10, "octobre": 10, "october": 10, "nov": 11, "novembre": 11, "november": 11,
    "dec": 12, "decembre": 12, "december": 12,
}
_MONTH_TEXT = re.compile(r"^([a-z]+)\.?[\s\-/]+(\d{2}|\d{4})$")


def is_blank(value: object) -> bool:
    """True for an empty cell: ``None`` or text made only of spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: object) -> str | None:
    """Cell content as trimmed text; whole numbers lose their ``.0`` ("12.0" → "12")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    text = str(value).strip()
    return text or None


def parse_number(value: object) -> float:
    """A number from a cell: ``12.5``, ``"12,5"``, ``"1 234,5"``, ``"1,234.5"``, ``"50 %"`` (→ 50)."""
    if isinstance(value, bool):
        raise ValueError("a number")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError("a finite number")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("a number")
    text = _SPACES.sub("", value.strip()).rstrip("%")
    if not text:
        raise ValueError("a number")
    if "," in text and "." in text:
        # the last separator is the decimal one: "1.234,5" or "1,234.5"
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", text, re.IGNORECASE):
        raise ValueError("a number")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("a finite number")
    return number


def parse_int(value: object) -> int:
    """A whole number from a cell (``3``, ``3.0``, ``"3"``)."""
    number = parse_number(value)
    if not number.is_integer():
        raise ValueError("a whole number")
    return int(number)


def parse_percent(value: object) -> float:
    """Percentage points (0..100) from a cell.

    A number is an Excel percentage, as a cell formatted ``0%`` holds it
    (0.5 shown "50 %" → 50); text is read as points, with or without the
    sign (``"50 %"``, ``"12,5%"``, ``"60"`` → 50, 12.5, 60).
    """
    if isinstance(value, str):
        return parse_number(value)
    return round(parse_number(value) * 100, 9)


def _serial_to_datetime(serial: float) -> datetime:
    if not 1 <= serial <= MAX_EXCEL_SERIAL:
        raise ValueError("a date")
    return EXCEL_EPOCH + timedelta(days=serial)


def parse_datetime(value: object) -> datetime:
    """A date (with time if given) from a cell.

    Accepts Excel dates, Excel serial numbers, and text ``25/11/2026``,
    ``25-11-2026``, ``25.11.2026``, ``25/11/26``, ``2026-11-25``, with an
    optional time ``14:30`` or ``14h30``.  Day comes first in text dates, as
    in France and Morocco.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError("a date (dd/mm/yyyy)")
    if isinstance(value, (int, float)):
        return _serial_to_datetime(float(value))
    if not isinstance(value, str):
        raise ValueError("a date (dd/mm/yyyy)")
    text = value.strip()
    try:
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year, hour, minute, second = match.groups()
            year_number = int(year)
            if len(year) == 2:
                year_number += 2000
            return datetime(year_number, int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        match = _ISO.match(text)
        if match:
            year, month, day, hour, minute, second = match.groups()
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
            return _serial_to_datetime(float(text.replace(",", ".")))
    except ValueError:
        pass
    raise ValueError("a date (dd/mm/yyyy)")


def parse_date(value: object) -> date:
    """A calendar date from a cell (see :func:`parse_datetime` for accepted forms)."""
    return parse_datetime(value).date()


def _month_from_text(text: str) -> date | None:
    """The month written as ``11/2026``, ``2026-11``, ``nov. 2026`` or ``novembre 26``, else ``None``."""
    text = text.strip()
    match = _MONTH_NUMERIC.match(text)
    if match:
        month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        return date(int(year), int(month), 1) if 1 <= int(month) <= 12 else None
    match = _MONTH_TEXT.match(fold_label(text))
    if match and match.group(1) in _MONTH_NAMES:
        year = int(match.group(2))
        return date(year + 2000 if year < 100 else year, _MONTH_NAMES[match.group(1)], 1)
    return None


def parse_month(value: object) -> date:
    """The first day of a month: a date, ``11/2026``, ``2026-11``, ``nov. 2026``, ``novembre 2026``."""
    if isinstance(value, str):
        month = _month_from_text(value)
        if month is not None:
            return month
    try:
        day = parse_date(value)
    except ValueError:
        raise ValueError("a month (a date or mm/yyyy)") from None
    return day.replace(day=1)


_PERIOD_TEXT = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|W(0[1-9]|[1-4]\d|5[0-3])|Q([1-4]))$", re.IGNORECASE)


def parse_period(value: object) -> str:
    """A reporting period: ``2026-11`` (month), ``2026-W47`` (ISO week) or ``2026-Q4``.

    A date, as Excel makes of "2026-11" typed in a cell, gives its month;
    ``11/2026`` and ``nov. 2026`` are accepted too.
    """
    if isinstance(value, (date, datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip().upper()
    if _PERIOD_TEXT.match(text):
        return text
    month = _month_from_text(str(value))
    if month is None:
        raise ValueError("a period like 2026-11, 2026-W47 or 2026-Q4")
    return f"{month.year:04d}-{month.month:02d}"


_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "x", "1"}
_FALSE = {"non", "n", "no", "faux", "false", "0"}


def parse_bool(value: object) -> bool:
    """``oui``/``non``, ``yes``/``no``, ``vrai``/``faux``, ``x``, 1/0 or an Excel boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold_label(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError("oui/non (yes/no)")


def format_bool(value: bool, lang: str = "fr") -> str:
    pair = BOOL_LABELS[bool(value)]
    return pair[0] if lang == "fr" else pair[1]


def parse_currency(value: object) -> str:
    """An ISO 4217 currency code (``"mad "`` → ``"MAD"``)."""
    code = str(value).strip().upper()
    if code in ISO_4217_CURRENCIES:
        return code
    raise ValueError("an ISO 4217 currency code (MAD, EUR, USD…)")


def format_number(value: float, lang: str = "fr") -> str:
    """A number as short text: ``2`` not ``2.0``; decimal comma in French."""
    text = f"{value:.6f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))
    return text.replace(".", ",") if lang == "fr" else text


_PERIOD = re.compile(r"^(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$")


def parse_hours(value: object) -> list[WorkingPeriod]:
    """Working periods of a day from ``"08:00-12:00; 13:00-17:00"`` (empty = none)."""
    if is_blank(value):
        return []
    periods: list[WorkingPeriod] = []
    for part in re.split(r"[;,]", str(value)):
        part = part.strip()
        if not part:
            continue
        match = _PERIOD.match(part)
        if not match:
            raise ValueError("hours like 08:00-12:00; 13:00-17:00")
        start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
        start, end = start_h * 60 + start_m, end_h * 60 + end_m
        if start_m > 59 or end_m > 59 or not 0 <= start < end <= 24 * 60:
            raise ValueError("hours like 08:00-12:00; 13:00-17:00")
        if periods and start < periods[-1].end_minute:
            raise ValueError("hours in order and not overlapping, like 08:00-12:00; 13:00-17:00")
        periods.append(WorkingPeriod(start, end))
    return periods


def format_hours(periods: list[WorkingPeriod]) -> str:
    return "; ".join(
        f"{p.start_minute // 60:02d}:{p.start_minute % 60:02d}-{p.end_minute // 60:02d}:{p.end_minute % 60:02d}"
        for p in periods)


_ASSIGNMENT = re.compile(r"^([^\[\]]+?)\s*(?:\[\s*([0-9]+(?:[.,][0-9]+)?)\s*%?\s*\])?$")


def parse_assignments(value: object) -> list[Assignment]:
    """Assignments in MS Project's syntax: ``"DEV1[50%]; PM"`` (100 % when no units)."""
    if is_blank(value):
        return []
    assignments: list[Assignment] = []
    for part in str(value).split(";"):
        part = part.strip()
        if not part:
            continue
        match = _ASSIGNMENT.match(part)
        if not match:
            raise ValueError("resource codes like DEV1[50%]; PM")
        units = float(match.group(2).replace(",", ".")) / 100 if match.group(2) else 1.0
        assignments.append(Assignment(match.group(1).strip(), units))
    return assignments


def format_assignments(assignments: list[Assignment], lang: str = "fr") -> str:
    parts = []
    for assignment in assignments:
        if assignment.units == 1.0:
            parts.append(assignment.resource_code)
        else:
            parts.append(f"{assignment.resource_code}[{format_number(assignment.units * 100, lang)}%]")
    return "; ".join(parts)


_WEEKDAY_OF: dict[str, int] = {fold_label(name): day for day, names in WEEKDAY_NAMES.items() for name in names}
_WEEKDAY_RANGE = re.compile(r"^(.+?)\s*(?:-|–|\bau\b|\ba\b|\bto\b)\s*(.+)$")


def _weekday(text: str) -> int:
    day = _WEEKDAY_OF.get(fold_label(text).rstrip("."))
    if day is None:
        raise ValueError("days of the week like lun-ven; sam (or Mon-Fri; Sat)")
    return day


def parse_weekdays(value: object) -> list[int]:
    """ISO weekdays (0 = Monday) from ``"lun-ven; sam"``, ``"lundi, mercredi"``, ``"Mon to Sat"``.

    Days are French or English names or three-letter abbreviations; a range
    runs forward through the week, so ``"dim-jeu"`` is Sunday to Thursday.
    The days come back in the order of the week, each once.
    """
    if is_blank(value):
        return []
    days: set[int] = set()
    for part in re.split(r"[;,/+]|\bet\b|\band\b", fold_label(str(value))):
        part = part.strip()
        if not part:
            continue
        match = _WEEKDAY_RANGE.match(part)
        if match and fold_label(part).rstrip(".") not in _WEEKDAY_OF:
            first, last = _weekday(match.group(1)), _weekday(match.group(2))
            days.update((first + offset) % 7 for offset in range((last - first) % 7 + 1))
        else:
            days.add(_weekday(part))
    return sorted(days)


def format_weekdays(days: list[int], lang: str = "fr") -> str:
    """Weekdays as short text: runs of three days or more as ranges (``"lun-sam"``), others listed."""
    abbreviation = 1 if lang == "fr" else 3
    name = {day: WEEKDAY_NAMES[day][abbreviation] for day in WEEKDAY_NAMES}
    if lang == "en":
        name = {day: text.capitalize() for day, text in name.items()}
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{name[run[0]]}-{name[run[-1]]}")
        else:
            parts.extend(name[day] for day in run)
    return "; ".join(parts)


@lru_cache(maxsize=1)
def supported_holiday_countries() -> frozenset[str]:
    """Country codes the ``holidays`` package knows (ISO 3166 codes)."""
    import holidays

    return frozenset(code.upper() for code in holidays.list_supported_countries())


_NO_COUNTRY_TEXTS = {fold_label(text) for text in (*NO_HOLIDAY_COUNTRY_LABELS, NO_HOLIDAY_COUNTRY, "néant", "-")}


def parse_holiday_country(value: object) -> str:
    """A country code of the ``holidays`` package (``"fr"`` → ``"FR"``), or
    :data:`NO_HOLIDAY_COUNTRY` for ``aucun`` / ``none``."""
    text = str(value).strip()
    if fold_label(text) in _NO_COUNTRY_TEXTS:
        return NO_HOLIDAY_COUNTRY
    code = text.upper()
    if code in supported_holiday_countries():
        return code
    raise ValueError("a country code of the holidays calendar (MA, FR…) or aucun (none)")


def format_holiday_country(code: str, lang: str = "fr") -> str:
    """The cell text of a holiday country: the code, or ``aucun`` / ``none``."""
    if code == NO_HOLIDAY_COUNTRY:
        return NO_HOLIDAY_COUNTRY_LABELS[0 if lang == "fr" else 1]
    return code
