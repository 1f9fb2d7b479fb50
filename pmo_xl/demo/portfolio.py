"""The deterministic demo portfolio of the bank's IT subsidiary.

:func:`build_demo_portfolio` turns the catalogue (:mod:`pmo_xl.demo.catalogue`)
into some twenty-five complete :class:`~pmo_xl.model.ProjectData`: task
networks with every link type, baselines computed by the scheduling engine,
progress up to the status date (late projects really are late), monthly
budgets, shared resources, registers, sprints and a status report each.

The result depends only on ``seed`` and ``status_date``: every project draws
from its own ``random.Random`` seeded with the seed and the project code, and
nothing reads the clock.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from pmo_xl.engine.calendar import WorkingCalendar
from pmo_xl.engine.cpm import schedule
from pmo_xl.model import (
    Assignment,
    CalendarException,
    CalendarSpec,
    ConstraintType,
    CostNature,
    Dependency,
    EvMethod,
    ItemStatus,
    LinkType,
    Methodology,
    Phase,
    Project,
    ProjectData,
    Rag,
    Resource,
    ResourceType,
    Sprint,
    Task,
    WorkingPeriod,
)

from . import registers
from .budgets import CostPart, TaskSpending, actual_cost, budget_lines
from .catalogue import (
    DEPENDENCIES,
    MAD_PER_EUR,
    PROJECTS,
    ProjectSpec,
    resource_pool,
    role_key_of,
    shared_expert_codes,
    vendor_headcounts,
)
from .plans import PlanBuilder, build_plan

DEFAULT_SEED = 2026
DEFAULT_STATUS_DATE = date(2026, 10, 30)
PHASE_ORDER = list(Phase)
#: Calendar days after a task during which a person must also be free to be given it: room for slippage.
SLIP_MARGIN_DAYS = 10
#: Days of the day-by-day load calendar used to level assignments (from a year before the first start),
#: and the step by which it grows.
LOAD_CALENDAR_DAYS = 366 * 8

#: How many people of each role a project team has, by project size (small, large).
TEAM_SIZES = {"developer": (2, 5), "senior_developer": (1, 2), "analyst": (1, 3), "tester": (1, 3)}


@dataclass
class ProjectBuild:
    """One project while it is being generated: its data, plan and computed schedules."""

    spec: ProjectSpec
    data: ProjectData
    plan: PlanBuilder
    baseline: dict[str, tuple[datetime, datetime]]



#: The bank's Ramadan hours, 09:00-15:00 on working days (Islamic dates are estimates: the PMO
#: corrects them in the master workbook once announced).
RAMADAN_WORK_WEEKS = (
    CalendarException(date(2026, 2, 18), date(2026, 3, 19), [WorkingPeriod(9 * 60, 15 * 60)],
                      "Horaires de Ramadan 2026", weekdays=[0, 1, 2, 3, 4]),
    CalendarException(date(2027, 2, 8), date(2027, 3, 9), [WorkingPeriod(9 * 60, 15 * 60)],
                      "Horaires de Ramadan 2027", weekdays=[0, 1, 2, 3, 4]),
)

def convert(amount: float, from_currency: str, to_currency: str) -> float:
    """``amount`` converted between MAD and EUR at the demo's fixed rate."""
    if from_currency == to_currency:
        return amount
    if from_currency == "EUR" and to_currency == "MAD":
        return amount * MAD_PER_EUR
    if from_currency == "MAD" and to_currency == "EUR":
        return amount / MAD_PER_EUR
    raise ValueError(f"no conversion from {from_currency} to {to_currency}")


def scheduled_dates(data: ProjectData) -> dict[str, tuple[datetime, datetime]]:
    """Start and finish of every task of ``data`` as the engine schedules it, by task id."""
    frame = schedule([data]).tasks
    return {
        str(task_id): (start.to_pydatetime(), finish.to_pydatetime())
        for task_id, start, finish in zip(frame["id"], frame["start"], frame["finish"])
    }


def _dependency_order(specs: list[ProjectSpec]) -> list[ProjectSpec]:
    waits_for = {s.code: {d.on_project for d in DEPENDENCIES if d.project == s.code} for s in specs}
    ordered: list[ProjectSpec] = []
    placed: set[str] = set()
    while len(ordered) < len(specs):
        for spec in specs:
            if spec.code not in placed and waits_for[spec.code] <= placed:
                ordered.append(spec)
                placed.add(spec.code)
    return ordered


def _team(spec: ProjectSpec, plan: PlanBuilder, pool: list[Resource], rng: random.Random) -> dict[str, list[Resource]]:
    """The people of each role working on the project, drawn from the shared pool."""
    needed = sorted({role for roles in plan.roles.values() for role, _ in roles})
    large = spec.target_tasks >= 150
    internal_by_role: dict[str, list[Resource]] = {}
    shared_experts = shared_expert_codes()
    for resource in pool:
        if resource.type is ResourceType.INTERNAL and resource.code not in shared_experts:
            internal_by_role.setdefault(role_key_of(resource), []).append(resource)
    team: dict[str, list[Resource]] = {}
    for role in needed:
        candidates = internal_by_role[role]
        small_count, large_count = TEAM_SIZES.get(role, (1, 1))
        count = min(len(candidates), large_count if large else small_count)
        team[role] = rng.sample(candidates, count)
    by_code = {r.code: r for r in pool}
    for code in spec.contractors:
        contractor = by_code[code]
        team.setdefault(role_key_of(contractor), []).append(contractor)
    return team


class PortfolioLoad:
    """The units booked on every resource, day by day, across the projects generated so far.

    Days are calendar days counted from ``first_day``; capacity is the
    resource's ``capacity_percent`` / 100 on every day.
    """

    def __init__(self, pool: list[Resource], first_day: date, day_count: int) -> None:
        self.first_day = first_day
        self.day_count = day_count
        self.capacity = {r.code: (r.capacity_percent or 100.0) / 100.0 for r in pool}
        self.booked: dict[str, np.ndarray] = {}

    def day_span(self, start: datetime, finish: datetime, margin_days: int = 0) -> slice:
        """The days from ``start`` to ``finish`` included, and ``margin_days`` after, as a slice of the day arrays.

        The calendar grows to cover a span that ends after its last day.
        """
        first = (start.date() - self.first_day).days
        last = (finish.date() - self.first_day).days + margin_days
        if first < 0:
            raise ValueError(f"task starting {start:%Y-%m-%d} is before the load calendar ({self.first_day})")
        if last >= self.day_count:
            extra = max(last + 1 - self.day_count, LOAD_CALENDAR_DAYS)
            self.day_count += extra
            for code, days in self.booked.items():
                self.booked[code] = np.concatenate([days, np.zeros(extra)])
        return slice(first, last + 1)

    def _days_of(self, code: str) -> np.ndarray:
        if code not in self.booked:
            self.booked[code] = np.zeros(self.day_count)
        return self.booked[code]

    def peak_with(self, code: str, days: slice, units: float) -> float:
        """The highest daily load of ``code`` over ``days`` as a share of its capacity, once ``units`` are added."""
        return (float(self._days_of(code)[days].max()) + units) / self.capacity[code]

    def book(self, code: str, days: slice, units: float) -> None:
        self._days_of(code)[days] += units


def _assign(plan: PlanBuilder, team: dict[str, list[Resource]], pool: list[Resource],
            dates: dict[str, tuple[datetime, datetime]], load: PortfolioLoad) -> None:
    """Puts people on the tasks, levelling the load across the portfolio.

    ``dates`` gives each task the dates it is staffed on.  For each role a
    task needs, the candidates come in three tiers: the project's team for
    that role, then the other internal people of that role (shared experts
    included), then the vendor teams of that role.  The task goes to the least
    loaded candidate of the first tier that can take it without exceeding
    capacity on any day of the task and, for a person, of the
    :data:`SLIP_MARGIN_DAYS` after it (room for slippage); when nobody can, to
    the least loaded candidate overall (a hot spot the PMO sees in the
    over-allocation view).  A vendor team is booked at ``units / headcount``,
    so the cost stays one person-day per day of work.
    """
    headcounts = vendor_headcounts()
    vendor_teams_by_role: dict[str, list[Resource]] = {}
    internal_by_role: dict[str, list[Resource]] = {}
    for resource in pool:
        if resource.code in headcounts:
            vendor_teams_by_role.setdefault(role_key_of(resource), []).append(resource)
        elif resource.type is ResourceType.INTERNAL:
            internal_by_role.setdefault(role_key_of(resource), []).append(resource)
    for task in plan.tasks:
        if not plan.roles.get(task.id):
            continue
        days = load.day_span(*dates[task.id])
        days_with_margin = load.day_span(*dates[task.id], margin_days=SLIP_MARGIN_DAYS)
        for role, units in plan.roles[task.id]:
            members = team[role]
            tiers = [members, [r for r in internal_by_role.get(role, []) if r not in members],
                     vendor_teams_by_role.get(role, [])]
            taken = {a.resource_code for a in task.resources}
            options = [(tier_index, r, round(units / headcounts.get(r.code, 1), 6))
                       for tier_index, tier in enumerate(tiers) for r in tier if r.code not in taken]
            if not options:
                continue
            peaks = [(load.peak_with(r.code, days_with_margin if r.code not in headcounts else days, r_units),
                      tier_index, position)
                     for position, (tier_index, r, r_units) in enumerate(options)]
            fitting = [p for p in peaks if p[0] <= 1.0 + 1e-9]
            if fitting:
                position = min(fitting, key=lambda p: (p[1], p[0], p[2]))[2]
            else:
                position = min((load.peak_with(r.code, days, r_units), position)
                               for position, (_, r, r_units) in enumerate(options))[1]
            _, member, member_units = options[position]
            task.resources.append(Assignment(member.code, member_units))
            load.book(member.code, days, member_units)


def _cost_parts(task: Task, duration: float, plan: PlanBuilder, by_code: dict[str, Resource],
                currency: str) -> list[CostPart]:
    parts: dict[CostNature, float] = {}
    for assignment in task.resources:
        resource = by_code[assignment.resource_code]
        rate = convert(resource.daily_rate or 0.0, resource.currency, currency)
        nature = CostNature.EXTERNAL if resource.type is ResourceType.EXTERNAL else CostNature.INTERNAL
        parts[nature] = parts.get(nature, 0.0) + duration * assignment.units * rate
    result = [CostPart(nature, round(amount, 2)) for nature, amount in sorted(parts.items(), key=lambda p: p[0].value)]
    if task.id in plan.purchases:
        result.append(CostPart(CostNature.EXTERNAL, round(convert(plan.purchases[task.id], "MAD", currency), 2), True))
    return result


def _children_leaves(tasks: list[Task]) -> dict[str, list[Task]]:
    """The leaf tasks under each summary task, by summary id (WBS prefix)."""
    leaves = [t for t in tasks if not t.summary]
    return {
        s.id: [t for t in leaves if t.wbs.startswith(s.wbs + ".")]
        for s in tasks if s.summary
    }


def _link_dependencies(build_spec: ProjectSpec, plan: PlanBuilder, data: ProjectData,
                       built: dict[str, ProjectBuild]) -> None:
    """Records the project's waits on other projects and pins them with start-no-earlier-than constraints."""
    for spec in (d for d in DEPENDENCIES if d.project == build_spec.code):
        provider = built[spec.on_project]
        on_task_id = provider.plan.keys[spec.on_milestone]
        provider_finish = provider.data.task(on_task_id).baseline_finish
        waiting = data.task(plan.keys[f"phase:{spec.waiting_phase}"])
        waiting.constraint_type = ConstraintType.SNET
        waiting.constraint_date = datetime.combine(provider_finish.date() + timedelta(days=1), time())
        data.dependencies.append(Dependency(
            id=f"DEP-{len(data.dependencies) + 1:02d}", task_id=waiting.id, on_project=spec.on_project,
            on_task_id=on_task_id, type=LinkType.FS, lag_days=0.0, description=spec.description,
        ))


def _set_baseline(data: ProjectData, dates: dict[str, tuple[datetime, datetime]], calendar: WorkingCalendar) -> None:
    for task in data.tasks:
        task.baseline_start, task.baseline_finish = dates[task.id]
        if task.summary:
            task.duration_days = round(calendar.working_days_between(task.baseline_start, task.baseline_finish), 2)
        task.baseline_duration_days = task.duration_days
    starts = [t.baseline_start for t in data.tasks]
    finishes = [t.baseline_finish for t in data.tasks]
    data.project.baseline_start = min(starts).date()
    data.project.baseline_finish = max(finishes).date()


def _commit_milestones(data: ProjectData, plan: PlanBuilder) -> None:
    """The go-live date promised to the steering committee becomes the go-live milestone's deadline.

    On a weighted-milestone project every milestone also gets its share of
    the earned value: the acceptance and go-live milestones weigh double.
    """
    golive = data.task(plan.keys["golive"])
    golive.deadline = golive.baseline_finish
    if data.project.ev_method is EvMethod.WEIGHTED_MILESTONES:
        heavy = {plan.keys["gate_test"], plan.keys["golive"]}
        for task in data.tasks:
            if task.milestone:
                task.ev_weight = 20.0 if task.id in heavy else 10.0


def _stretch_factor(health_factor: float, rng: random.Random) -> float:
    if health_factor == 1.0:
        return rng.choice([1.0, 1.0, 1.0, 1.0, 0.9, 1.1])
    return max(1.0, rng.uniform(health_factor - 0.1, health_factor + 0.15))


def _simulate_progress(build: ProjectBuild, status_cutoff: datetime, calendar: WorkingCalendar,
                       rng: random.Random) -> dict[str, tuple[datetime, datetime]]:
    """Gives the project actual dates and % complete up to the status date; returns the schedule as run.

    Work that had started by the status date in the baseline takes longer on
    late projects; the run schedule comes from the engine on the stretched
    plan (and a late start), so tasks it puts before the status date are
    complete, those straddling it are in progress.
    """
    data, health = build.data, build.spec.health
    run = copy.deepcopy(data)
    if health.start_delay_days:
        delayed = calendar.add_working_days(build.spec.start, health.start_delay_days)
        run.project.start = delayed
    for task in run.tasks:
        if task.summary or task.milestone or task.baseline_start > status_cutoff:
            continue
        task.duration_days = float(max(1, round(task.duration_days * _stretch_factor(health.duration_factor, rng))))
    run_dates = scheduled_dates(run)
    for task, run_task in zip(data.tasks, run.tasks):
        if task.summary:
            continue
        task.duration_days = run_task.duration_days
        start, finish = run_dates[task.id]
        if finish <= status_cutoff:
            task.actual_start, task.actual_finish, task.percent_complete = start, finish, 100.0
        elif start <= status_cutoff:
            done = calendar.working_days_between(start, status_cutoff) / max(task.duration_days, 1.0)
            task.actual_start = start
            task.percent_complete = float(min(95, max(5, 5 * round(20 * done))))
    for summary_id, leaves in _children_leaves(data.tasks).items():
        summary = data.task(summary_id)
        started = [t.actual_start for t in leaves if t.actual_start is not None]
        if started:
            summary.actual_start = min(started)
        if leaves and all(t.actual_finish is not None for t in leaves):
            summary.actual_finish = max(t.actual_finish for t in leaves)
        weight = sum(t.duration_days for t in leaves)
        if weight:
            summary.percent_complete = round(sum(t.duration_days * t.percent_complete for t in leaves) / weight, 1)
        elif leaves:
            summary.percent_complete = 100.0 if summary.actual_finish else 0.0
    return run_dates


def _current_phase(data: ProjectData, plan: PlanBuilder) -> Phase:
    leaves = [t for t in data.tasks if not t.summary]
    open_leaves = [t for t in leaves if t.actual_finish is None]
    if not open_leaves:
        return Phase.CLOSURE
    in_progress = [t for t in open_leaves if t.actual_start is not None]
    if in_progress:
        return max((plan.phase_of[t.id] for t in in_progress), key=PHASE_ORDER.index)
    return min((plan.phase_of[t.id] for t in open_leaves), key=PHASE_ORDER.index)


def _sprints(data: ProjectData, plan: PlanBuilder, run_dates: dict, status_cutoff: datetime,
             health_rag: Rag, rng: random.Random) -> list[Sprint]:
    leaves_of = _children_leaves(data.tasks)
    sprints = []
    for summary_id in plan.sprint_summaries:
        summary = data.task(summary_id)
        committed = sum(plan.story_points.get(t.id, 0) for t in leaves_of[summary_id])
        start, finish = run_dates[summary_id]
        completed = 0.0
        if finish <= status_cutoff:
            mean = 0.92 if health_rag is Rag.GREEN else 0.78
            completed = float(max(0, min(committed, round(committed * rng.gauss(mean, 0.1)))))
        sprints.append(Sprint(
            name=summary.name, start=start.date(), finish=finish.date(), committed_points=float(committed),
            completed_points=completed, goal="Livrer : " + ", ".join(
                sorted({t.name.split(" – ", 1)[1].split(" : ")[0] for t in leaves_of[summary_id]
                        if t.id in plan.story_points})),
        ))
    return sprints


def _status_lines(data: ProjectData, run_dates: dict, status_cutoff: datetime) -> tuple[list[str], list[str]]:
    recent, upcoming = [], []
    for task in data.tasks:
        if task.summary:
            continue
        start, finish = run_dates[task.id]
        if task.actual_finish is not None and (status_cutoff - task.actual_finish).days < 30:
            recent.append((task.actual_finish, task.name))
        elif task.actual_start is None and 0 <= (start - status_cutoff).days < 30:
            upcoming.append((start, task.name))
    return [name for _, name in sorted(recent)[-4:]], [name for _, name in sorted(upcoming)[:4]]


def _price(build: ProjectBuild, team: dict[str, list[Resource]], by_code: dict[str, Resource],
           run_dates: dict[str, tuple[datetime, datetime]], status_cutoff: datetime, rng: random.Random) -> None:
    """Task costs (planned and actual), the monthly budget lines and the approved budget."""
    data, plan, spec = build.data, build.plan, build.spec
    green_noise = rng.uniform(0.96, 1.03)
    cost_factor = spec.health.cost_factor if spec.health.cost_factor != 1.0 else green_noise
    spendings = []
    for task in data.tasks:
        if task.summary or task.milestone:
            continue
        parts = _cost_parts(task, task.baseline_duration_days, plan, by_code, spec.currency)
        task.cost = round(sum(p.amount for p in parts), 2)
        labour = sum(p.amount for p in parts if not p.purchase)
        purchases = task.cost - labour
        run_labour = labour * task.duration_days / task.baseline_duration_days
        ratio = cost_factor * (run_labour + purchases) / task.cost if task.cost else cost_factor
        spending = TaskSpending(parts, plan.phase_of[task.id], build.baseline[task.id], run_dates[task.id], ratio)
        spent = actual_cost(spending, status_cutoff)
        task.actual_cost = spent if spent else None
        spendings.append(spending)
    data.budget = budget_lines(spendings, status_cutoff, spec.currency)
    planned_total = sum(line.planned for line in data.budget)
    data.project.approved_budget = float(round(planned_total * 1.05, -3))


def _fill_registers(build: ProjectBuild, team: dict[str, list[Resource]],
                    run_dates: dict[str, tuple[datetime, datetime]], status_cutoff: datetime,
                    rng: random.Random) -> None:
    """Risks, issues, decisions, actions, sprints and the status report of the project."""
    data, plan, spec = build.data, build.plan, build.spec
    status_date = data.project.status_date
    owners = sorted({r.name for members in team.values() for r in members if r.type is ResourceType.INTERNAL})
    rag = spec.health.rag
    planned_total = sum(line.planned for line in data.budget)
    data.risks = registers.risks(rng, rag, owners, planned_total, status_date)
    data.issues = registers.issues(rng, rag, owners, spec.start, status_date)
    data.decisions = registers.decisions(rng, owners, spec.start, status_date)
    data.actions = registers.actions(rng, owners, spec.start, status_date, data.decisions)
    if spec.methodology is not Methodology.CLASSIC:
        data.sprints = _sprints(data, plan, run_dates, status_cutoff, rag, rng)
    achievements, next_steps = _status_lines(data, run_dates, status_cutoff)
    top_risk = max((r.score for r in data.risks if r.status is not ItemStatus.CLOSED), default=0)
    risk_rag = Rag.RED if top_risk >= 16 else Rag.AMBER if top_risk >= 9 else Rag.GREEN
    data.status_reports = [registers.status_report(
        period=f"{status_date.year}-{status_date.month:02d}", status_date=status_date, rag=rag,
        self_assessed=spec.health.self_assessed or rag, late=spec.health.duration_factor > 1.1,
        over_budget=spec.health.cost_factor > 1.1, achievements=achievements, next_steps=next_steps,
        risk_rag=risk_rag, rng=rng,
    )]


def _build_project(spec: ProjectSpec, seed: int, status_date: date, pool: list[Resource],
                   built: dict[str, ProjectBuild], load: PortfolioLoad | None = None) -> ProjectBuild:
    """One project of the catalogue; ``load`` holds the bookings of the projects built before (none if omitted)."""
    rng = random.Random(f"{seed}:{spec.code}")
    scale = min(3.0, max(1.3, 1.5 * math.sqrt(spec.target_tasks / 100)))
    purchase = spec.target_tasks * rng.uniform(8_000, 20_000) * (4 if spec.target_tasks >= 300 else 1)
    plan = build_plan(spec.methodology, list(spec.modules), spec.target_tasks, rng, scale,
                      list(spec.specialists), round(purchase, -3))
    if load is None:
        load = PortfolioLoad(pool, spec.start - timedelta(days=366), LOAD_CALENDAR_DAYS)
    team = _team(spec, plan, pool, rng)
    project_manager = team["pm"][0]
    by_code = {r.code: r for r in pool}
    standard = CalendarSpec(name="Standard", exceptions=list(RAMADAN_WORK_WEEKS))
    data = ProjectData(
        project=Project(
            code=spec.code, name=spec.name, programme=spec.programme, sponsor=spec.sponsor,
            project_manager=project_manager.name, business_line=spec.business_line,
            methodology=spec.methodology, priority=spec.priority, status_date=status_date,
            currency=spec.currency, start=spec.start, calendar="Standard", ev_method=spec.ev_method,
            description=spec.description,
        ),
        tasks=plan.tasks,
        calendars={"Standard": standard},
    )
    calendar = WorkingCalendar.from_spec(standard)
    _link_dependencies(spec, plan, data, built)
    baseline = scheduled_dates(data)
    _set_baseline(data, baseline, calendar)
    _commit_milestones(data, plan)
    build = ProjectBuild(spec, data, plan, baseline)
    status_cutoff = datetime.combine(status_date, time(23, 59))
    run_dates = _simulate_progress(build, status_cutoff, calendar, rng)
    # Work started by the status date was staffed on the baseline plan (unless the project was
    # re-staffed after slipping); the rest is staffed on the dates as the project now runs.
    started = {t.id for t in data.tasks if t.actual_start is not None and not spec.health.restaffed}
    staffing_dates = {task_id: build.baseline[task_id] if task_id in started else dates
                      for task_id, dates in run_dates.items()}
    _assign(plan, team, pool, staffing_dates, load)
    used_codes = sorted({a.resource_code for t in plan.tasks for a in t.resources})
    data.resources = [copy.copy(by_code[code]) for code in used_codes]

    _price(build, team, by_code, run_dates, status_cutoff, rng)
    data.project.phase = _current_phase(data, plan)
    _fill_registers(build, team, run_dates, status_cutoff, rng)
    return build


def build_demo_portfolio(seed: int = DEFAULT_SEED, status_date: date = DEFAULT_STATUS_DATE) -> list[ProjectData]:
    """The demo portfolio: one :class:`ProjectData` per project of the catalogue, in catalogue order."""
    pool = resource_pool()
    first_day = min(spec.start for spec in PROJECTS) - timedelta(days=366)
    load = PortfolioLoad(pool, first_day, LOAD_CALENDAR_DAYS)
    built: dict[str, ProjectBuild] = {}
    for spec in _dependency_order(PROJECTS):
        built[spec.code] = _build_project(spec, seed, status_date, pool, built, load)
    return [built[spec.code].data for spec in PROJECTS]
