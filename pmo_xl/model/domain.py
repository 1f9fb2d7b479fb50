"""The neutral domain model: one vocabulary for every reader, engine and writer.

Conventions
-----------
* Durations and lags are in **working days** of the task's calendar
  (``Project.minutes_per_day`` working minutes make one day, 480 by default),
  unless ``*_elapsed`` says they are elapsed (calendar) days.
* Dates are :class:`datetime.datetime`.  A value at exactly midnight came from
  a date without time: the engine reads it as the start of that working day for
  start-type fields and the end of that working day for finish-type fields.
* Money is a plain ``float`` in the currency named next to it (ISO 4217 code).
* Task ids are strings as the source wrote them ("12", "A1030", an MSPDI UID).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from .enums import (
    BudgetCategory,
    Committee,
    ConstraintType,
    CostNature,
    DecisionStatus,
    EvMethod,
    ItemStatus,
    LagCalendar,
    LinkType,
    Methodology,
    Phase,
    Rag,
    ResourceType,
    SchedulingProfile,
)


@dataclass(slots=True)
class Link:
    """A dependency of a task on a predecessor.

    ``lag_days`` is in working days (negative = lead).  When
    ``lag_percent`` is set the lag is that percentage of the predecessor's
    duration instead (MS Project's "FS+50%").  ``predecessor_project`` names
    another project's code for an inter-project link.
    """

    predecessor_id: str
    type: LinkType = LinkType.FS
    lag_days: float = 0.0
    lag_percent: float | None = None
    lag_elapsed: bool = False
    predecessor_project: str | None = None


@dataclass
class Assignment:
    """A resource working on a task, ``units`` 1.0 = 100 %."""

    resource_code: str
    units: float = 1.0


@dataclass(slots=True)
class Task:
    """One line of the plan: a task, a milestone or a summary."""

    id: str
    name: str
    wbs: str | None = None
    outline_level: int = 1
    duration_days: float = 0.0
    duration_elapsed: bool = False
    milestone: bool = False
    summary: bool = False
    predecessors: list[Link] = field(default_factory=list)
    constraint_type: ConstraintType = ConstraintType.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    calendar: str | None = None  # name of a calendar of the project; None = project calendar
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    baseline_duration_days: float | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    percent_complete: float = 0.0
    resources: list[Assignment] = field(default_factory=list)
    cost: float | None = None  # planned cost of the task (budget at completion) in project currency
    actual_cost: float | None = None  # actual cost incurred to the status date, project currency
    ev_weight: float | None = None  # weight of a milestone for weighted-milestone earned value
    notes: str | None = None
    # Dates a source tool computed (MS Project, P6), kept for comparison only.
    source_start: datetime | None = None
    source_finish: datetime | None = None
    # MS Project's "scheduling ignores resource calendars": the task keeps its own calendar only
    ignore_resource_calendars: bool = False
    # where the remaining work of a started task resumes (a task on hold; MS Project's "Resume")
    resume: datetime | None = None
    # three-point estimate for the risk analysis: the most likely duration is duration_days
    duration_optimistic_days: float | None = None
    duration_pessimistic_days: float | None = None
    # corrective actions: the task may not be shortened (hypercare, a fixed-length pilot)
    crash_forbidden: bool = False
    # corrective actions: no link into the task may be overlapped (a sign-off, go-live or gate)
    overlap_forbidden: bool = False


@dataclass
class WorkingPeriod:
    """A span of working time within a day, in minutes after midnight."""

    start_minute: int
    end_minute: int

    @classmethod
    def of(cls, start: time, end: time) -> "WorkingPeriod":
        end_minute = 24 * 60 if end == time(0) else end.hour * 60 + end.minute
        return cls(start.hour * 60 + start.minute, end_minute)


DEFAULT_DAY = [WorkingPeriod(8 * 60, 12 * 60), WorkingPeriod(13 * 60, 17 * 60)]


@dataclass
class CalendarException:
    """A date range that is non-working (``periods`` empty) or works other hours.

    With ``weekdays`` (ISO weekdays, 0 = Monday) the exception is a *work week*
    of the range: only those days of the week get ``periods``, the other days
    keep the normal week, and public holidays stay non-working (Ramadan hours
    Monday to Friday, for example).  Without it, every day of the range gets
    ``periods``, holidays and weekends included.
    """

    start: date
    finish: date
    periods: list[WorkingPeriod] = field(default_factory=list)
    name: str | None = None
    weekdays: list[int] | None = None


@dataclass
class CalendarSpec:
    """A working calendar as data: working week, hours, holidays, exceptions.

    ``week`` maps ISO weekday (0 = Monday … 6 = Sunday) to the working periods
    of that day; a missing or empty entry is a non-working day.
    ``holiday_country`` names a country of the ``holidays`` package whose
    public holidays are non-working ("MA" for Morocco); ``holiday_overrides``
    adds (True) or removes (False) single dates, for example when an Islamic
    holiday is announced on another day than estimated.
    ``union`` names calendars of the same library whose working times this
    calendar joins (it works when any of them works): the calendar of a task
    done by resources that keep different hours, as MS Project schedules it.
    ``intersection`` names calendars it works only when all of them work: a
    task with a calendar of its own and resources on theirs.  With either,
    the other fields are ignored.
    """

    name: str = "Standard"
    week: dict[int, list[WorkingPeriod]] = field(
        default_factory=lambda: {d: list(DEFAULT_DAY) for d in range(5)}
    )
    holiday_country: str | None = "MA"
    holiday_overrides: dict[date, bool] = field(default_factory=dict)
    exceptions: list[CalendarException] = field(default_factory=list)
    base: str | None = None  # name of a calendar this one derives from
    union: tuple[str, ...] = ()  # names of calendars whose working times this one joins
    intersection: tuple[str, ...] = ()  # names of calendars whose common working times this one keeps


@dataclass
class Resource:
    """A person or role that can be assigned, shared across projects by ``code``."""

    code: str
    name: str
    role: str | None = None
    type: ResourceType = ResourceType.INTERNAL
    department: str | None = None
    daily_rate: float | None = None
    currency: str = "MAD"
    capacity_percent: float = 100.0
    calendar: str | None = None


@dataclass
class BudgetLine:
    """Planned, actual and forecast amounts of one month and category."""

    month: date  # first day of the month
    category: BudgetCategory
    planned: float = 0.0
    actual: float = 0.0
    forecast: float = 0.0
    currency: str = "MAD"
    nature: CostNature = CostNature.INTERNAL
    label: str | None = None


@dataclass
class Risk:
    id: str
    title: str
    probability: int  # 1..5
    impact: int  # 1..5
    owner: str | None = None
    status: ItemStatus = ItemStatus.OPEN
    category: str | None = None
    response: str | None = None
    due_date: date | None = None
    exposure: float | None = None  # money at stake, project currency
    # for the risk analysis: chance of occurring (0–100 %, else from the 1–5 scale), what it costs when it
    # does, and the tasks it lengthens ("T1; T2")
    likelihood_percent: float | None = None
    delay_days: float | None = None
    cost_impact: float | None = None
    task_ids: str | None = None

    @property
    def score(self) -> int:
        return self.probability * self.impact


@dataclass
class Issue:
    id: str
    title: str
    severity: int  # 1..5
    owner: str | None = None
    status: ItemStatus = ItemStatus.OPEN
    raised_on: date | None = None
    due_date: date | None = None
    resolution: str | None = None


@dataclass
class Action:
    id: str
    title: str
    owner: str | None = None
    due_date: date | None = None
    status: ItemStatus = ItemStatus.OPEN
    committee: Committee | None = None
    raised_on: date | None = None
    closed_on: date | None = None
    decision_id: str | None = None
    project: str | None = None  # project code of a committee's action (None: the whole portfolio)
    origin: str | None = None  # meeting that raised it (minutes import)


@dataclass
class Decision:
    id: str
    title: str
    committee: Committee | None = None
    decided_on: date | None = None
    status: DecisionStatus = DecisionStatus.PROPOSED
    owner: str | None = None
    due_date: date | None = None  # when it must be implemented
    impact: str | None = None
    project: str | None = None  # project code of a committee's decision (None: the whole portfolio)
    origin: str | None = None  # meeting that took it (minutes import)
    context: str | None = None  # why the decision is requested
    options: str | None = None  # the options considered, one per line
    recommendation: str | None = None
    cost_impact: float | None = None  # project currency
    schedule_impact_days: float | None = None
    scope_impact: str | None = None


@dataclass
class Dependency:
    """This project needs a milestone or task of another project."""

    id: str
    task_id: str  # task of this project that waits
    on_project: str  # code of the other project
    on_task_id: str  # task or milestone of the other project
    type: LinkType = LinkType.FS
    lag_days: float = 0.0
    description: str | None = None


@dataclass
class Sprint:
    name: str
    start: date
    finish: date
    committed_points: float = 0.0
    completed_points: float = 0.0
    goal: str | None = None


@dataclass
class StatusReport:
    """The project manager's statement for a period."""

    period: str  # e.g. "2026-11" or "2026-W47"
    status_date: date | None = None
    overall: Rag | None = None
    schedule: Rag | None = None
    cost: Rag | None = None
    scope: Rag | None = None
    risk: Rag | None = None
    achievements: str | None = None
    next_steps: str | None = None
    help_needed: str | None = None
    weather_comment: str | None = None  # the PM's comment on the overall weather
    escalation_needed: bool = False  # the PM asks the committee to arbitrate


@dataclass
class Project:
    """The project card: identity, governance and reference values."""

    code: str
    name: str
    programme: str | None = None
    sponsor: str | None = None
    project_manager: str | None = None
    business_line: str | None = None
    methodology: Methodology = Methodology.CLASSIC
    phase: Phase = Phase.INITIATION
    priority: int = 3  # 1 (highest) .. 5
    status_date: date | None = None
    currency: str = "MAD"
    approved_budget: float | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    start: date | None = None  # planned project start; first tasks start here
    calendar: str = "Standard"
    minutes_per_day: int = 480
    ev_method: EvMethod = EvMethod.PERCENT_COMPLETE
    description: str | None = None
    # how the plan is scheduled: the rules of the tool it came from (see engine ScheduleOptions)
    scheduling_profile: SchedulingProfile = SchedulingProfile.MS_PROJECT
    lag_calendar: LagCalendar = LagCalendar.SUCCESSOR
    critical_float_days: float = 0.0  # a task is critical when its total float is at most this


@dataclass
class ProjectData:
    """Everything known about one project: the card and all its tables."""

    project: Project
    tasks: list[Task] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    sprints: list[Sprint] = field(default_factory=list)
    status_reports: list[StatusReport] = field(default_factory=list)
    calendars: dict[str, CalendarSpec] = field(default_factory=dict)
    source: str | None = None  # file the data came from
    sheets: dict[str, str] = field(default_factory=dict, compare=False)  # table key -> the sheet it was read from

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(task_id)

    def calendar_for(self, name: str | None = None) -> CalendarSpec:
        """The named calendar, or the project calendar; a default one if none is defined."""
        key = name or self.project.calendar
        if key in self.calendars:
            return self.calendars[key]
        if self.project.calendar in self.calendars:
            return self.calendars[self.project.calendar]
        return CalendarSpec(name=key or "Standard")
