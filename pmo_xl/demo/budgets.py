"""Monthly budget lines of a demo project, from its task costs and two schedules.

Planned amounts follow the baseline schedule; actual amounts follow the
schedule as it really ran, up to the status date, multiplied by the project's
cost overrun; the forecast of a month is what it is now expected to cost in
total: its actual amount plus the work still to be done in it.  The sum of the
forecasts of a project is therefore its estimate at completion.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from pmo_xl.model import BudgetCategory, BudgetLine, CostNature, Phase

LABOUR_LABELS = {CostNature.INTERNAL: "Charges internes", CostNature.EXTERNAL: "Prestations externes"}
PURCHASE_LABEL = "Licences et matériel"

#: Phases whose work is capitalised; the rest (framing, closure) is expensed.
CAPEX_PHASES = {Phase.DESIGN, Phase.BUILD, Phase.TEST, Phase.DEPLOYMENT}


@dataclass(frozen=True)
class CostPart:
    """A slice of a task's cost: labour of one nature or a purchase."""

    nature: CostNature
    amount: float
    purchase: bool = False

    @property
    def label(self) -> str:
        return PURCHASE_LABEL if self.purchase else LABOUR_LABELS[self.nature]


def month_of(day: date | datetime) -> date:
    return date(day.year, day.month, 1)


def spread_by_month(amount: float, start: datetime, finish: datetime) -> dict[date, float]:
    """``amount`` shared between the months of [start, finish] in proportion to elapsed time."""
    if finish <= start:
        return {month_of(start): amount}
    total = (finish - start).total_seconds()
    shares: dict[date, float] = {}
    cursor = start
    while cursor < finish:
        month = month_of(cursor)
        next_month = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1)
        end = min(next_month, finish)
        shares[month] = shares.get(month, 0.0) + amount * (end - cursor).total_seconds() / total
        cursor = end
    return shares


@dataclass
class TaskSpending:
    """What one task costs: its cost parts, phase and the two schedules it follows."""

    parts: list[CostPart]
    phase: Phase
    baseline: tuple[datetime, datetime]
    current: tuple[datetime, datetime]
    current_cost_ratio: float  # current cost / planned cost (longer work, overrun)


def category_of(phase: Phase, label: str) -> BudgetCategory:
    if label == PURCHASE_LABEL:
        return BudgetCategory.CAPEX
    return BudgetCategory.CAPEX if phase in CAPEX_PHASES else BudgetCategory.OPEX


def spent_until(spending: TaskSpending, status_cutoff: datetime) -> datetime | None:
    """The instant up to which the task has consumed money by the status date; ``None`` if not started."""
    start, finish = spending.current
    if finish <= status_cutoff:
        return finish
    if start <= status_cutoff:
        return status_cutoff
    return None


def spent_fraction(spending: TaskSpending, status_cutoff: datetime) -> float:
    """The share of the task's current cost spent by the status date (elapsed-time proportion)."""
    start, finish = spending.current
    until = spent_until(spending, status_cutoff)
    if until is None:
        return 0.0
    if finish <= start:
        return 1.0
    return (until - start).total_seconds() / (finish - start).total_seconds()


def actual_cost(spending: TaskSpending, status_cutoff: datetime) -> float:
    """What the task has cost by the status date, in the project currency."""
    total = sum(part.amount for part in spending.parts) * spending.current_cost_ratio
    return round(total * spent_fraction(spending, status_cutoff), 2)


def budget_lines(spendings: list[TaskSpending], status_cutoff: datetime, currency: str) -> list[BudgetLine]:
    """The monthly CAPEX/OPEX lines (planned, actual, forecast) of a project.

    Work still to do that falls in the month of the status date after the
    status date is forecast in the next month, so that the forecast of every
    month up to the status date's equals its actual amount.
    """
    status_month = month_of(status_cutoff)
    first_open_month = date(status_month.year + (status_month.month == 12), status_month.month % 12 + 1, 1)
    planned: dict[tuple, float] = defaultdict(float)
    actual: dict[tuple, float] = defaultdict(float)
    remaining: dict[tuple, float] = defaultdict(float)
    for spending in spendings:
        start, finish = spending.current
        until = spent_until(spending, status_cutoff)
        fraction = spent_fraction(spending, status_cutoff)
        for part in spending.parts:
            category = category_of(spending.phase, part.label)
            key_base = (category, part.nature, part.label)
            for month, value in spread_by_month(part.amount, *spending.baseline).items():
                planned[(month,) + key_base] += value
            current_amount = part.amount * spending.current_cost_ratio
            spent = current_amount * fraction
            if spent:
                for month, value in spread_by_month(spent, start, until).items():
                    actual[(month,) + key_base] += value
            if current_amount - spent > 1e-9:
                rest_start = until if until is not None and finish > start else start
                for month, value in spread_by_month(current_amount - spent, rest_start, finish).items():
                    remaining[(max(month, first_open_month),) + key_base] += value
    keys = sorted(set(planned) | set(actual) | set(remaining),
                  key=lambda k: (k[0], k[1].value, k[2].value, k[3]))
    lines = []
    for key in keys:
        month, category, nature, label = key
        line = BudgetLine(
            month=month, category=category, nature=nature, label=label, currency=currency,
            planned=round(planned.get(key, 0.0), 2),
            actual=round(actual.get(key, 0.0), 2),
            forecast=round(actual.get(key, 0.0) + remaining.get(key, 0.0), 2),
        )
        if line.planned or line.actual or line.forecast:
            lines.append(line)
    return lines
