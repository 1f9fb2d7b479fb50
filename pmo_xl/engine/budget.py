"""Budget lines in the reporting currency: rates, money and monthly summaries.

Amounts of a :class:`~pmo_xl.model.BudgetLine` are in the line's own currency.
Nothing in this module adds two amounts of different currencies: a
:class:`Money` refuses to, and every aggregation takes a :class:`RatesTable`
and converts each amount to the reporting currency (at the rate of the line's
month when the table has one) before summing.

Reading rule for "up to the status date": a line of month *M* (first day of
the month) belongs to the past when ``M <= status_date``, so the month that
contains the status date counts its actuals; its forecast counts as spent, not
remaining.  The remaining forecast is the forecast of the months strictly after
the month of the status date.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

import pandas as pd

from pmo_xl.errors import InputError, Location, PmoError, Problem
from pmo_xl.model import BudgetLine

REPORTING_CURRENCY = "MAD"

# Demonstration rates (MAD per unit of foreign currency), rounded Bank Al-Maghrib
# reference levels of 2026.  The master workbook holds the real table.
DEFAULT_RATES_TO_MAD = {"EUR": 10.80, "USD": 9.95, "GBP": 12.60, "CHF": 11.40}


class CurrencyError(PmoError):
    """Amounts of different currencies met without a rate to convert them."""


def month_start(value: date | datetime) -> date:
    """The first day of the month of ``value``."""
    return date(value.year, value.month, 1)


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass
class RatesTable:
    """Exchange rates to the reporting currency.

    ``rates`` maps an ISO 4217 code to the number of reporting-currency units
    one unit of it is worth; ``monthly`` does the same per (code, first day of
    month) and wins over ``rates`` for that month.  The reporting currency
    itself always converts at 1.
    """

    reporting_currency: str = REPORTING_CURRENCY
    rates: dict[str, float] = field(default_factory=dict)
    monthly: dict[tuple[str, date], float] = field(default_factory=dict)

    @classmethod
    def default(cls, reporting_currency: str = REPORTING_CURRENCY) -> "RatesTable":
        """The documented demonstration table (EUR, USD, GBP, CHF to MAD).

        For another reporting currency the same table is re-based through MAD.
        """
        table = cls(REPORTING_CURRENCY, dict(DEFAULT_RATES_TO_MAD))
        return table.rebased(reporting_currency)

    def rebased(self, reporting_currency: str) -> "RatesTable":
        """The same rates expressed towards another reporting currency."""
        code = reporting_currency.upper()
        if code == self.reporting_currency:
            return self
        pivot = self.rate(code)
        rates = {c: r / pivot for c, r in self.rates.items() if c != code}
        rates[self.reporting_currency] = 1.0 / pivot
        monthly: dict[tuple[str, date], float] = {}
        months = {m for (_, m) in self.monthly}
        for month in months:
            pivot_m = self.rate(code, month)
            for (c, m), r in self.monthly.items():
                if m == month and c != code:
                    monthly[(c, m)] = r / pivot_m
            monthly[(self.reporting_currency, month)] = 1.0 / pivot_m
        return RatesTable(code, rates, monthly)

    def rate(self, currency: str, month: date | datetime | None = None) -> float:
        """Reporting-currency units per unit of ``currency`` (for ``month`` if given)."""
        code = (currency or "").upper()
        if code == self.reporting_currency:
            return 1.0
        if month is not None:
            monthly = self.monthly.get((code, month_start(month)))
            if monthly is not None:
                return monthly
        if code in self.rates:
            return self.rates[code]
        when = f" for {month_start(month):%Y-%m}" if month is not None else ""
        raise CurrencyError(
            f"no exchange rate from {code or '(empty currency)'} to "
            f"{self.reporting_currency}{when}; add it to the rates table"
        )

    def convert(self, amount: float, currency: str, month: date | datetime | None = None) -> float:
        """``amount`` of ``currency`` in the reporting currency."""
        return float(amount) * self.rate(currency, month)

    @classmethod
    def from_csv(cls, path: str | Path, reporting_currency: str = REPORTING_CURRENCY) -> "RatesTable":
        """Read a CSV with columns ``currency, rate`` and optionally ``month`` (YYYY-MM).

        A row without month sets the default rate of its currency.  Bad rows
        raise an :class:`InputError` listing every located problem.
        """
        path = Path(path)
        table = cls(reporting_currency.upper())
        problems: list[Problem] = []
        with path.open(newline="", encoding="utf-8-sig") as handle:
            sample = handle.read(2048)
            handle.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
            reader = csv.DictReader(handle, delimiter=delimiter)
            headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
            for needed in ("currency", "rate"):
                if needed not in headers:
                    raise InputError(
                        f"column '{needed}' missing from the rates table",
                        Location(file=str(path), row=1),
                        [Problem(f"column '{needed}' missing", Location(file=str(path), row=1),
                                 found=", ".join(headers) or "(no header)",
                                 expected="currency, rate[, month]")],
                    )
            for row_number, row in enumerate(reader, start=2):
                code = (row.get(headers["currency"]) or "").strip().upper()
                raw_rate = (row.get(headers["rate"]) or "").strip().replace(",", ".")
                raw_month = (row.get(headers["month"]) or "").strip() if "month" in headers else ""
                if not code and not raw_rate:
                    continue
                if len(code) != 3 or not code.isalpha():
                    problems.append(Problem("invalid currency code", Location(file=str(path), row=row_number, column="currency"),
                                            found=code, expected="ISO 4217 code such as EUR"))
                    continue
                try:
                    value = float(raw_rate)
                    if value <= 0:
                        raise ValueError
                except ValueError:
                    problems.append(Problem("invalid exchange rate", Location(file=str(path), row=row_number, column="rate"),
                                            found=raw_rate, expected="a positive number"))
                    continue
                if raw_month:
                    try:
                        month = datetime.strptime(raw_month[:7], "%Y-%m").date()
                    except ValueError:
                        problems.append(Problem("invalid month", Location(file=str(path), row=row_number, column="month"),
                                                found=raw_month, expected="YYYY-MM"))
                        continue
                    table.monthly[(code, month)] = value
                else:
                    table.rates[code] = value
        if problems:
            raise InputError(f"{len(problems)} invalid row(s) in the rates table", Location(file=str(path)), problems)
        return table


@dataclass(frozen=True)
class Money:
    """An amount in a named currency; adding two currencies is refused."""

    amount: float
    currency: str

    def __add__(self, other: "Money") -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency.upper() != self.currency.upper():
            raise CurrencyError(
                f"cannot add {other.currency} to {self.currency} without converting; "
                "use a RatesTable"
            )
        return Money(self.amount + other.amount, self.currency)

    def __radd__(self, other: object) -> "Money":
        if other == 0:  # lets sum() start from its default 0
            return self
        return NotImplemented

    def __sub__(self, other: "Money") -> "Money":
        return self + Money(-other.amount, other.currency)

    def to(self, rates: RatesTable, month: date | datetime | None = None) -> "Money":
        """This amount in the reporting currency of ``rates``."""
        return Money(rates.convert(self.amount, self.currency, month), rates.reporting_currency)


def sum_money(amounts: Iterable[Money], rates: RatesTable | None = None,
              month: date | datetime | None = None) -> Money:
    """The total of ``amounts``.

    Without ``rates`` every amount must share one currency (else
    :class:`CurrencyError`); with ``rates`` each is converted to the reporting
    currency first.  An empty input sums to zero in the reporting currency.
    """
    items = list(amounts)
    if rates is None:
        if not items:
            return Money(0.0, REPORTING_CURRENCY)
        total = items[0]
        for item in items[1:]:
            total = total + item
        return total
    total = Money(0.0, rates.reporting_currency)
    for item in items:
        total = total + item.to(rates, month)
    return total


BUDGET_COLUMNS = [
    "month", "category", "nature", "label", "currency", "rate",
    "planned", "actual", "forecast",
]


def budget_frame(lines: Iterable[BudgetLine], rates: RatesTable) -> pd.DataFrame:
    """One row per budget line, amounts converted to the reporting currency.

    ``rate`` is the rate used (month rate when the table has one); a missing
    rate raises :class:`CurrencyError` naming the currency and month.
    """
    rows = []
    for line in lines:
        rate = rates.rate(line.currency, line.month)
        rows.append({
            "month": month_start(line.month),
            "category": line.category.value,
            "nature": line.nature.value,
            "label": line.label,
            "currency": line.currency.upper(),
            "rate": rate,
            "planned": float(line.planned) * rate,
            "actual": float(line.actual) * rate,
            "forecast": float(line.forecast) * rate,
        })
    frame = pd.DataFrame(rows, columns=BUDGET_COLUMNS)
    return frame.astype({"planned": float, "actual": float, "forecast": float, "rate": float})


def budget_summary(lines: Iterable[BudgetLine], rates: RatesTable,
                   by: tuple[str, ...] = ("month", "category", "nature")) -> pd.DataFrame:
    """Planned, actual and forecast in the reporting currency grouped by ``by``.

    ``by`` takes any of ``month``, ``category``, ``nature``; an empty tuple
    gives one total row.
    """
    frame = budget_frame(lines, rates)
    amounts = ["planned", "actual", "forecast"]
    if not by:
        return frame[amounts].sum().to_frame().T
    return frame.groupby(list(by), as_index=False, sort=True)[amounts].sum()


@dataclass(frozen=True)
class BudgetPosition:
    """Where a budget stands at a status date, in the reporting currency.

    ``planned_to_date`` and ``actual_to_date`` cover the months up to and
    including the month of the status date; ``remaining_forecast`` the months
    after it; ``forecast_at_completion`` = actual to date + remaining forecast.
    """

    currency: str
    planned_total: float
    planned_to_date: float
    actual_to_date: float
    remaining_forecast: float
    forecast_at_completion: float

    @property
    def budget_variance_percent(self) -> float | None:
        """(actual to date − planned to date) / planned to date × 100; ``None`` when nothing was planned."""
        if self.planned_to_date == 0:
            return None
        return (self.actual_to_date - self.planned_to_date) / self.planned_to_date * 100.0

    @property
    def forecast_overrun_percent(self) -> float | None:
        """(forecast at completion − planned total) / planned total × 100; ``None`` without a plan."""
        if self.planned_total == 0:
            return None
        return (self.forecast_at_completion - self.planned_total) / self.planned_total * 100.0


def budget_position(lines: Iterable[BudgetLine], rates: RatesTable,
                    status_date: date | datetime) -> BudgetPosition:
    """The :class:`BudgetPosition` of ``lines`` at ``status_date``."""
    frame = budget_frame(lines, rates)
    current = month_start(_as_date(status_date))
    past = frame["month"] <= current
    planned_total = float(frame["planned"].sum())
    planned_to_date = float(frame.loc[past, "planned"].sum())
    actual_to_date = float(frame.loc[past, "actual"].sum())
    remaining = float(frame.loc[~past, "forecast"].sum())
    return BudgetPosition(
        currency=rates.reporting_currency,
        planned_total=planned_total,
        planned_to_date=planned_to_date,
        actual_to_date=actual_to_date,
        remaining_forecast=remaining,
        forecast_at_completion=actual_to_date + remaining,
    )


def forecast_overrun_lines(lines: Iterable[BudgetLine], rates: RatesTable,
                           status_date: date | datetime) -> pd.DataFrame:
    """Future lines whose forecast exceeds the plan, largest overrun first.

    Columns of :func:`budget_frame` plus ``overrun`` = forecast − planned in
    the reporting currency; only months after the month of the status date.
    """
    frame = budget_frame(lines, rates)
    current = month_start(_as_date(status_date))
    future = frame[frame["month"] > current].copy()
    future["overrun"] = future["forecast"] - future["planned"]
    future = future[future["overrun"] > 0]
    return future.sort_values(["overrun", "month"], ascending=[False, True]).reset_index(drop=True)


__all__ = [
    "BUDGET_COLUMNS", "BudgetPosition", "CurrencyError", "DEFAULT_RATES_TO_MAD", "Money",
    "REPORTING_CURRENCY", "RatesTable", "budget_frame", "budget_position", "budget_summary",
    "forecast_overrun_lines", "month_start", "sum_money",
]
