"""Earned value and earned schedule of a project at a status date, and roll-ups.

Rules
-----
*Time* — the status date counts as a whole day: values are measured at the end
of that day.  A baseline finish at midnight is the end of that working day.

*Value of the work (BAC)* — two modes, chosen per project:

``task_cost``
    when at least one leaf task (not a summary) carries a ``cost``.  BAC is the
    sum of leaf-task costs; summary-task costs are ignored so nothing is counted
    twice.  PV spreads each task's cost evenly over the working minutes between
    its baseline start and baseline finish on the task's own calendar (a
    milestone's cost is planned at its baseline finish).  A task without
    baseline dates falls back to its source-tool dates; without either it is
    left out of PV and a warning is recorded.
``budget_lines``
    when no task carries a cost.  BAC is the sum of the planned amounts of the
    budget lines; PV spreads each month's planned amount linearly over the
    calendar days of that month.  Leaf tasks share BAC in proportion to their
    baseline durations in working days (equally when all durations are zero).

*Earned value* — per ``Project.ev_method``: % complete (value × % complete),
0/100 (value when complete), 50/50 (half when started, all when complete),
weighted milestones (BAC × weight of achieved milestones / weight of all
milestones; a milestone without weight weighs 1 when no milestone has one, 0
otherwise).  A task is complete at 100 % or with an actual finish on or before
the status date, started above 0 % or with an actual start.

*Actual cost* — the sum of task ``actual_cost`` when any task has one, else the
``actual`` amounts of budget lines up to the month of the status date.

*Currency* — task costs and task actual costs are in the project currency and
convert at the rate of the status date's month; budget lines convert at the
rate of their own month.  All results are in the reporting currency.

*Undefined values* — a ratio whose denominator is zero is ``None``, never 0 or
infinity; so are the values computed from it.  TCPI is ``None`` when no work
remains (BAC = EV) or no budget remains (BAC ≤ AC for TCPI to BAC, EAC ≤ AC
for TCPI to EAC).

*Earned schedule* — on the project calendar, in working days of
``Project.minutes_per_day`` minutes from the baseline start: ES is the time at
which the PV curve first reaches EV (linear between the ends of working days),
AT the working time elapsed to the status date, SPI(t) = ES / AT, SV(t) = ES −
AT, and the forecast finish is the baseline start plus PD / SPI(t) working days
(PD = planned duration).

*Roll-ups* — amounts are converted to one reporting currency and summed; the
indices and formula-based EACs are recomputed from the sums, never averaged;
the bottom-up EAC is the sum of the projects' bottom-up EACs (``None`` when one
is missing).  Earned schedule is not rolled up.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable, Protocol

import numpy as np

from pmo_xl.engine.budget import BudgetPosition, Money, RatesTable, budget_position, month_start, sum_money
from pmo_xl.errors import Location, Problem, ProblemList, Severity
from pmo_xl.model import EvMethod, ProjectData, Task
from pmo_xl.model.schemas import TASKS

EAC_METHODS = ("cpi", "remaining_at_budget", "cpi_spi", "bottom_up")


class WorkingClock(Protocol):
    """The working-time arithmetic earned value needs from a calendar
    (:class:`~pmo_xl.engine.calendar.WorkingCalendar` provides it)."""

    def working_minutes_between(self, start: datetime, end: datetime) -> int: ...

    def working_minutes_between_array(self, starts, ends) -> np.ndarray: ...

    def add_working_minutes(self, dt: datetime, minutes: float) -> datetime: ...

    def add_working_minutes_array(self, values, minutes) -> np.ndarray: ...

    def next_working_time(self, dt: datetime) -> datetime: ...

    def previous_working_end(self, dt: datetime) -> datetime: ...


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or ``None`` when either is undefined or the denominator is zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


@dataclass
class EarnedValue:
    """Earned-value figures of a project, programme or portfolio, in ``currency``.

    Amounts: ``bac`` budget at completion, ``pv`` planned value, ``ev`` earned
    value, ``ac`` actual cost, ``sv``/``cv`` schedule/cost variance, ``etc``
    estimate to complete, ``vac`` variance at completion.  ``eac`` is the
    variant named by ``eac_method`` among ``eac_cpi`` (BAC/CPI),
    ``eac_remaining_at_budget`` (AC + BAC − EV), ``eac_cpi_spi``
    (AC + (BAC − EV)/(CPI × SPI)) and ``eac_bottom_up`` (AC + remaining
    forecast).  Earned schedule durations are in working days.
    """

    scope: str
    status_date: date
    currency: str
    bac: float
    pv: float
    ev: float
    ac: float
    sv: float
    cv: float
    spi: float | None
    cpi: float | None
    eac_method: str
    eac: float | None
    eac_cpi: float | None
    eac_remaining_at_budget: float | None
    eac_cpi_spi: float | None
    eac_bottom_up: float | None
    etc: float | None
    vac: float | None
    tcpi_bac: float | None
    tcpi_eac: float | None
    remaining_forecast: float | None = None
    level: str = "project"  # project, programme or portfolio
    programme: str | None = None
    mode: str | None = None  # task_cost or budget_lines (projects only)
    ev_method: str | None = None
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    pd_days: float | None = None
    at_days: float | None = None
    es_days: float | None = None
    spi_t: float | None = None
    sv_t_days: float | None = None
    forecast_duration_days: float | None = None
    forecast_finish: datetime | None = None
    projects: list[str] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)

    @property
    def tcpi(self) -> float | None:
        """TCPI to BAC, the efficiency needed to finish within budget."""
        return self.tcpi_bac

    def to_dict(self) -> dict:
        """JSON-ready figures; dates as ISO text, undefined values as ``None``."""
        data = asdict(self)
        data.pop("problems")
        for key, value in list(data.items()):
            if isinstance(value, (datetime, date)):
                data[key] = value.isoformat()
        data["tcpi"] = self.tcpi_bac
        data["es"] = self.es_days
        data["sv_t"] = self.sv_t_days
        data["problems"] = [str(p) for p in self.problems]
        return data


def earned_value_metrics(scope: str, status_date: date, currency: str, *, bac: float, pv: float,
                         ev: float, ac: float, remaining_forecast: float | None = None,
                         eac_method: str = "cpi") -> EarnedValue:
    """All earned-value figures derived from BAC, PV, EV, AC (and remaining forecast)."""
    if eac_method not in EAC_METHODS:
        raise ValueError(f"eac_method must be one of {EAC_METHODS}, not {eac_method!r}")
    spi = _ratio(ev, pv)
    cpi = _ratio(ev, ac)
    eac_cpi = _ratio(bac, cpi)
    eac_remaining_at_budget = ac + (bac - ev)
    efficiency = None if spi is None or cpi is None else cpi * spi
    remaining_at_efficiency = _ratio(bac - ev, efficiency)
    eac_cpi_spi = None if remaining_at_efficiency is None else ac + remaining_at_efficiency
    eac_bottom_up = None if remaining_forecast is None else ac + remaining_forecast
    eac = {
        "cpi": eac_cpi,
        "remaining_at_budget": eac_remaining_at_budget,
        "cpi_spi": eac_cpi_spi,
        "bottom_up": eac_bottom_up,
    }[eac_method]
    work_remaining = bac - ev
    tcpi_bac = None if work_remaining == 0 or bac - ac <= 0 else work_remaining / (bac - ac)
    tcpi_eac = None
    if eac is not None and work_remaining != 0 and eac - ac > 0:
        tcpi_eac = work_remaining / (eac - ac)
    return EarnedValue(
        scope=scope, status_date=status_date, currency=currency,
        bac=bac, pv=pv, ev=ev, ac=ac, sv=ev - pv, cv=ev - ac, spi=spi, cpi=cpi,
        eac_method=eac_method, eac=eac, eac_cpi=eac_cpi,
        eac_remaining_at_budget=eac_remaining_at_budget, eac_cpi_spi=eac_cpi_spi,
        eac_bottom_up=eac_bottom_up,
        etc=None if eac is None else eac - ac,
        vac=None if eac is None else bac - eac,
        tcpi_bac=tcpi_bac, tcpi_eac=tcpi_eac, remaining_forecast=remaining_forecast,
    )


# --------------------------------------------------------------------------- time

def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def end_of_day(value: date | datetime) -> datetime:
    """The instant a day ends: midnight of the next day."""
    return datetime.combine(_as_date(value) + timedelta(days=1), time(0))


def _start_instant(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time(0))


def _finish_instant(value: date | datetime) -> datetime:
    """A finish at midnight (a date without time) is the end of that day."""
    if not isinstance(value, datetime) or value.time() == time(0):
        return end_of_day(value)
    return value


#: Working clocks already laid out, by content: earned value only measures spans and offsets of
#: working time, which do not depend on where a clock's range of years starts, so the projects of a
#: portfolio that keep the same calendar share one clock instead of laying it out again each.
_SHARED_CLOCKS: dict[str, WorkingClock] = {}


def _default_clock_factory(data: ProjectData) -> Callable[[str | None], WorkingClock]:
    from pmo_xl.engine.calendar import DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR, WorkingCalendar, _calendar_key, _remember

    cache: dict[str, WorkingClock] = {}

    def clock(name: str | None) -> WorkingClock:
        spec = data.calendar_for(name)
        if spec.name not in cache:
            key = _calendar_key(spec, data.project.minutes_per_day, data.calendars, DEFAULT_FIRST_YEAR,
                                DEFAULT_LAST_YEAR)
            shared = _SHARED_CLOCKS.get(key)
            if shared is None:
                shared = WorkingCalendar.from_spec(spec, minutes_per_day=data.project.minutes_per_day,
                                                   library=data.calendars)
                _remember(_SHARED_CLOCKS, key, shared)
            cache[spec.name] = shared
        return cache[spec.name]

    return clock


def _minutes_array(instants) -> np.ndarray:
    return np.asarray(instants, dtype="datetime64[m]") if len(instants) else np.zeros(0, dtype="datetime64[m]")


def _offsets(clock: WorkingClock, origin: datetime, instants) -> np.ndarray:
    """Working minutes from ``origin`` to each instant (0 for instants before it)."""
    moments = _minutes_array(instants)
    if not moments.size:
        return np.zeros(0)
    origins = np.full(moments.shape, np.datetime64(origin, "m"))
    minutes = clock.working_minutes_between_array(origins, moments)
    return np.maximum(np.asarray(minutes, dtype=float), 0.0)


# --------------------------------------------------------------------------- task values

def _is_complete(task: Task, cutoff: datetime) -> bool:
    return task.percent_complete >= 100 or (
        task.actual_finish is not None and _finish_instant(task.actual_finish) <= cutoff)


def _is_started(task: Task, cutoff: datetime) -> bool:
    return task.percent_complete > 0 or (
        task.actual_start is not None and _start_instant(task.actual_start) < cutoff)


def _earned_fraction(task: Task, method: EvMethod, cutoff: datetime) -> float:
    if method is EvMethod.ZERO_HUNDRED:
        return 1.0 if _is_complete(task, cutoff) else 0.0
    if method is EvMethod.FIFTY_FIFTY:
        if _is_complete(task, cutoff):
            return 1.0
        return 0.5 if _is_started(task, cutoff) else 0.0
    return min(max(task.percent_complete, 0.0), 100.0) / 100.0


def _problem(data: ProjectData, message: str, column_field: str, code: str, found: str | None = None,
             expected: str | None = None) -> Problem:
    """A warning located on a column of the task sheet of ``data``'s workbook."""
    where = Location(file=data.source, sheet=TASKS.sheet_fr, column=TASKS.column(column_field).label_fr)
    return Problem(message, where, found=found, expected=expected, severity=Severity.WARNING, code=code)


@dataclass
class _Phasing:
    """Time-phased plan of a project, in the reporting currency."""

    mode: str
    bac: float
    start: datetime | None
    finish: datetime | None
    pv_at: Callable[[list[datetime]], np.ndarray]
    task_values: dict[str, float]


def _leaf_tasks(data: ProjectData) -> list[Task]:
    return [t for t in data.tasks if not t.summary]


def _task_phasing(data: ProjectData, leaves: list[Task], rate: float,
                  clock_for: Callable[[str | None], WorkingClock], problems: ProblemList) -> _Phasing:
    spans: list[tuple[Task, datetime, datetime, float]] = []
    values: dict[str, float] = {}
    for task in leaves:
        value = float(task.cost or 0.0) * rate
        values[task.id] = value
        start = task.baseline_start or task.source_start
        finish = task.baseline_finish or task.source_finish
        if start is None or finish is None:
            if value:
                problems.append(_problem(
                    data, f"task {task.id} has a cost but no baseline dates; left out of the planned value",
                    "baseline_start", "evm_no_baseline", found="(empty)", expected="baseline start and finish"))
            continue
        finish_instant = _finish_instant(finish)
        start_instant = finish_instant if task.milestone else _start_instant(start)
        spans.append((task, start_instant, finish_instant, value))
    bac = sum(values.values())
    if not spans:
        return _Phasing("task_cost", bac, None, None, lambda instants: np.zeros(len(instants)), values)
    origin = min(s for _, s, _, _ in spans)
    finish = max(f for _, _, f, _ in spans)
    by_calendar: dict[str | None, list[tuple[Task, datetime, datetime, float]]] = {}
    for span in spans:
        by_calendar.setdefault(span[0].calendar, []).append(span)

    def pv_at(instants: list[datetime]) -> np.ndarray:
        total = np.zeros(len(instants))
        instant_minutes = _minutes_array(instants)
        for calendar_name, group in by_calendar.items():
            clock = clock_for(calendar_name)
            moments = _offsets(clock, origin, instants)
            starts = _offsets(clock, origin, [s for _, s, _, _ in group])
            finishes = _offsets(clock, origin, [f for _, _, f, _ in group])
            finish_instants = np.array([f for _, _, f, _ in group], dtype="datetime64[m]")
            costs = np.array([v for _, _, _, v in group])
            lengths = finishes - starts
            spread = lengths > 0
            # share of each task's working time done at each instant (tasks × instants)
            done = np.clip((moments[None, :] - starts[spread, None]) / lengths[spread, None], 0.0, 1.0)
            total += costs[spread] @ done
            # milestones and zero-length tasks: all of their cost at their finish
            reached = instant_minutes[None, :] >= finish_instants[~spread, None]
            total += costs[~spread] @ reached.astype(float)
        return total

    return _Phasing("task_cost", bac, origin, finish, pv_at, values)


def _budget_phasing(data: ProjectData, leaves: list[Task], rates: RatesTable) -> _Phasing:
    months: list[tuple[datetime, datetime, float]] = []
    for line in data.budget:
        first = month_start(line.month)
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        amount = rates.convert(line.planned, line.currency, first)
        months.append((datetime.combine(first, time(0)), datetime.combine(following, time(0)), amount))
    bac = sum(amount for _, _, amount in months)
    weights = {t.id: float(t.baseline_duration_days if t.baseline_duration_days is not None
                           else t.duration_days) for t in leaves}
    total_weight = sum(weights.values())
    if total_weight <= 0:
        weights = {t.id: 1.0 for t in leaves}
        total_weight = float(len(leaves))
    values = {tid: bac * w / total_weight for tid, w in weights.items()} if total_weight else {}
    planned = [m for m in months if m[2] != 0]
    start = min((m[0] for m in planned), default=None)
    finish = max((m[1] for m in planned), default=None)

    def pv_at(instants: list[datetime]) -> np.ndarray:
        if not months:
            return np.zeros(len(instants))
        moments = np.array(instants, dtype="datetime64[s]").astype(np.int64)
        firsts = np.array([m[0] for m in months], dtype="datetime64[s]").astype(np.int64)
        followings = np.array([m[1] for m in months], dtype="datetime64[s]").astype(np.int64)
        amounts = np.array([m[2] for m in months])
        # share of each month elapsed at each instant (months × instants), linear in calendar time
        elapsed = np.clip((moments[None, :] - firsts[:, None]) / (followings - firsts)[:, None], 0.0, 1.0)
        return amounts @ elapsed

    return _Phasing("budget_lines", bac, start, finish, pv_at, values)


# --------------------------------------------------------------------------- project

def project_earned_value(data: ProjectData, status_date: date | datetime, rates: RatesTable | None = None,
                         *, eac_method: str = "cpi",
                         clock_for: Callable[[str | None], WorkingClock] | None = None,
                         budget: BudgetPosition | None = None) -> EarnedValue:
    """Earned value and earned schedule of one project at ``status_date``.

    ``rates`` converts to its reporting currency (the default demonstration
    table to MAD when omitted); ``clock_for`` maps a calendar name (``None`` =
    project calendar) to working-time arithmetic, by default the project's
    :class:`~pmo_xl.engine.calendar.WorkingCalendar`.  Warnings (a costed task
    without baseline, a weighted-milestone project without milestones) are in
    ``problems`` of the result.  ``budget`` is the budget position of
    ``data.budget`` at ``status_date`` with the same ``rates`` when the caller
    has already computed it (it is computed here otherwise).
    """
    rates = rates or RatesTable.default()
    clock_for = clock_for or _default_clock_factory(data)
    project = data.project
    status_day = _as_date(status_date)
    cutoff = end_of_day(status_day)
    problems = ProblemList()
    leaves = _leaf_tasks(data)

    def project_rate() -> float:  # asked only when project-currency amounts exist
        return rates.rate(project.currency, status_day)

    if any(t.cost for t in leaves):
        phasing = _task_phasing(data, leaves, project_rate(), clock_for, problems)
    else:
        phasing = _budget_phasing(data, leaves, rates)
    bac = phasing.bac
    pv = float(phasing.pv_at([cutoff])[0])

    method = project.ev_method
    if method is EvMethod.WEIGHTED_MILESTONES:
        milestones = [t for t in leaves if t.milestone]
        if not milestones:
            problems.append(_problem(
                data, "weighted-milestone earned value needs milestones; % complete used instead",
                "milestone", "evm_no_milestone", found="no milestone", expected="milestones with an EV weight"))
            method = EvMethod.PERCENT_COMPLETE
    if method is EvMethod.WEIGHTED_MILESTONES:
        any_weight = any(t.ev_weight is not None for t in milestones)
        weights = {t.id: float(t.ev_weight if t.ev_weight is not None else (0.0 if any_weight else 1.0))
                   for t in milestones}
        total_weight = sum(weights.values())
        achieved = sum(weights[t.id] for t in milestones if _is_complete(t, cutoff))
        ev = bac * achieved / total_weight if total_weight else 0.0
    else:
        ev = sum(phasing.task_values.get(t.id, 0.0) * _earned_fraction(t, method, cutoff) for t in leaves)

    position = budget if budget is not None else (
        budget_position(data.budget, rates, status_day) if data.budget else None)
    if any(t.actual_cost is not None for t in leaves):
        ac = sum(float(t.actual_cost or 0.0) for t in leaves) * project_rate()
    else:
        ac = position.actual_to_date if position else 0.0
    remaining_forecast = position.remaining_forecast if position else None

    result = earned_value_metrics(project.code, status_day, rates.reporting_currency, bac=bac, pv=pv,
                                  ev=ev, ac=ac, remaining_forecast=remaining_forecast,
                                  eac_method=eac_method)
    result = replace(result, level="project", programme=project.programme, mode=phasing.mode,
                     ev_method=project.ev_method.value, projects=[project.code], problems=problems)
    if phasing.start is not None and phasing.finish is not None:
        result = _with_earned_schedule(result, phasing, clock_for(None), project.minutes_per_day,
                                       _completion_instant(leaves, cutoff) or cutoff)
    return result


def _completion_instant(leaves: list[Task], cutoff: datetime) -> datetime | None:
    """When the work was finished, if every leaf task was finished by ``cutoff``; else ``None``.

    Earned schedule stops the clock there: actual time (AT) of a finished
    project is its actual duration, not the time elapsed up to the status date.
    """
    if not leaves or not all(_is_complete(t, cutoff) for t in leaves):
        return None
    finishes = [_finish_instant(t.actual_finish) for t in leaves if t.actual_finish is not None]
    if len(finishes) != len(leaves):
        return None
    return min(max(finishes), cutoff)


def _with_earned_schedule(result: EarnedValue, phasing: _Phasing, clock: WorkingClock,
                          minutes_per_day: int, cutoff: datetime) -> EarnedValue:
    start, finish = phasing.start, phasing.finish
    planned_minutes = float(clock.working_minutes_between(start, finish))
    pd_days = planned_minutes / minutes_per_day
    at_days = 0.0 if cutoff <= start else float(clock.working_minutes_between(start, cutoff)) / minutes_per_day
    day_marks = [float(k) for k in range(int(math.floor(pd_days)) + 1)]
    if not day_marks or day_marks[-1] < pd_days:
        day_marks.append(pd_days)
    marks = np.array(day_marks[:-1]) * minutes_per_day
    instants = np.concatenate([
        clock.add_working_minutes_array(np.full(marks.shape, np.datetime64(start, "m")), marks),
        [np.datetime64(finish, "m")],
    ]).astype("datetime64[m]")
    curve = phasing.pv_at(instants)
    curve = np.maximum.accumulate(curve)
    ev = result.ev
    reached = np.nonzero(curve >= ev - 1e-9)[0]
    if ev <= 0 or (len(reached) and reached[0] == 0):
        es_days = 0.0
    elif not len(reached):
        es_days = pd_days
    else:
        k = int(reached[0])
        es_days = day_marks[k - 1] + (ev - curve[k - 1]) / (curve[k] - curve[k - 1]) * (day_marks[k] - day_marks[k - 1])
    spi_t = _ratio(es_days, at_days)
    forecast_duration = _ratio(pd_days, spi_t)
    forecast_finish = None
    if forecast_duration is not None:
        forecast_finish = clock.add_working_minutes(start, forecast_duration * minutes_per_day)
    return replace(result, baseline_start=clock.next_working_time(start),
                   baseline_finish=clock.previous_working_end(finish), pd_days=pd_days, at_days=at_days,
                   es_days=es_days, spi_t=spi_t, sv_t_days=es_days - at_days,
                   forecast_duration_days=forecast_duration, forecast_finish=forecast_finish)


# --------------------------------------------------------------------------- roll-ups

NO_PROGRAMME = "(sans programme)"


def rollup(results: Iterable[EarnedValue], scope: str, rates: RatesTable | None = None,
           level: str = "portfolio") -> EarnedValue:
    """One :class:`EarnedValue` for several, recomputed from converted sums.

    Results in another currency than ``rates.reporting_currency`` are
    converted at the rate of their status month; without ``rates`` they must
    all share one currency (else :class:`~pmo_xl.engine.budget.CurrencyError`).
    """
    items = list(results)
    if not items:
        raise ValueError("nothing to roll up")
    currency = rates.reporting_currency if rates else items[0].currency

    def total(attribute: str) -> float:
        amounts = [Money(getattr(r, attribute), r.currency) for r in items]
        if rates is not None:
            amounts = [money.to(rates, r.status_date) for money, r in zip(amounts, items)]
        return sum_money(amounts).amount  # refuses currencies left unconverted

    bottom_up = None
    if all(r.remaining_forecast is not None for r in items):
        bottom_up = total("remaining_forecast")
    methods = {r.eac_method for r in items}
    result = earned_value_metrics(
        scope, max(r.status_date for r in items), currency,
        bac=total("bac"), pv=total("pv"), ev=total("ev"), ac=total("ac"),
        remaining_forecast=bottom_up, eac_method=methods.pop() if len(methods) == 1 else "cpi")
    problems = ProblemList(p for r in items for p in r.problems)
    return replace(result, level=level, projects=[code for r in items for code in r.projects],
                   programme=scope if level == "programme" else None, problems=problems)


def rollup_by_programme(results: Iterable[EarnedValue], rates: RatesTable | None = None) -> dict[str, EarnedValue]:
    """One roll-up per programme (projects without one under ``NO_PROGRAMME``)."""
    groups: dict[str, list[EarnedValue]] = {}
    for item in results:
        groups.setdefault(item.programme or NO_PROGRAMME, []).append(item)
    return {name: rollup(group, name, rates, level="programme") for name, group in sorted(groups.items())}


@dataclass
class PortfolioEarnedValue:
    """Earned value of every project, every programme and the whole portfolio."""

    projects: dict[str, EarnedValue]
    programmes: dict[str, EarnedValue]
    portfolio: EarnedValue


def portfolio_earned_value(projects: Iterable[ProjectData], status_date: date | datetime,
                           rates: RatesTable | None = None, *, eac_method: str = "cpi",
                           scope: str = "Portefeuille") -> PortfolioEarnedValue:
    """:func:`project_earned_value` of each project, rolled up by programme and overall."""
    rates = rates or RatesTable.default()
    results = {data.project.code: project_earned_value(data, status_date, rates, eac_method=eac_method)
               for data in projects}
    items = list(results.values())
    return PortfolioEarnedValue(results, rollup_by_programme(items, rates), rollup(items, scope, rates))


__all__ = [
    "EAC_METHODS", "EarnedValue", "NO_PROGRAMME", "PortfolioEarnedValue", "portfolio_earned_value", "WorkingClock", "earned_value_metrics",
    "end_of_day", "project_earned_value", "rollup", "rollup_by_programme",
]
